//! The dashboard's accounts and audit log pages over HTTP: a page at a time (newest first, a
//! "has more" flag), the accounts searchable by email or name with wildcards taken literally.

mod common;

use common::{call, fetch, sign_in, spawn_app};
use serde_json::Value;

#[tokio::test]
async fn accounts_and_the_audit_log_come_a_page_at_a_time() {
    let app = spawn_app().await;
    app::auth::accounts::load_demo_accounts(&app.db)
        .await
        .unwrap();
    // 30 customers, one a minute apart (newest last), and one whose name has a wildcard.
    sqlx::query(
        "INSERT INTO users (email, password_hash, name, created_at)
         SELECT 'shopper' || n || '@example.com', 'x', 'Shopper ' || n, now() + n * interval '1 minute'
         FROM generate_series(1, 30) n",
    )
    .execute(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO users (email, password_hash, name, created_at)
         VALUES ('percent@example.com', 'x', '100% real', now() - interval '1 day')",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let get = |path: String| {
        let (app, admin) = (&app, admin.clone());
        async move {
            let answer = fetch(app, &path, Some(&admin)).await;
            assert_eq!(answer.status, 200, "{path}: {}", answer.body);
            serde_json::from_str::<Value>(&answer.body).unwrap()
        }
    };
    let emails = |page: &Value| -> Vec<String> {
        page["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["email"].as_str().unwrap().to_string())
            .collect()
    };

    // No page asked: the first; 25 of 34 accounts (30 + the three demo ones + percent), newest first.
    let first = get("admin/accounts".into()).await;
    assert_eq!(first["page"], 1);
    assert_eq!(first["has_more"], true);
    let listed = emails(&first);
    assert_eq!(listed.len(), 25);
    assert_eq!(listed[0], "shopper30@example.com");
    let second = get("admin/accounts?page=2".into()).await;
    assert_eq!(second["has_more"], false);
    let rest = emails(&second);
    assert_eq!(rest.len(), 34 - 25);
    assert!(
        rest.iter().all(|e| !listed.contains(e)),
        "no account on two pages"
    );
    // A page past the end is empty, not an error; nonsense is the first page.
    assert_eq!(emails(&get("admin/accounts?page=9".into()).await).len(), 0);
    assert_eq!(get("admin/accounts?page=0".into()).await["page"], 1);

    // Search: a substring of the email or the name, any case; % is a character, not "anything".
    assert_eq!(
        emails(&get("admin/accounts?q=SHOPPER3".into()).await),
        ["shopper30@example.com", "shopper3@example.com"]
    );
    assert_eq!(
        emails(&get("admin/accounts?q=100%25".into()).await),
        ["percent@example.com"]
    );
    assert_eq!(
        emails(&get("admin/accounts?q=%25%25%25".into()).await).len(),
        0
    );

    // The audit log: 30 role changes, newest first, 25 then 5.
    for n in 1..=30 {
        let email = format!("shopper{n}@example.com");
        let role = if n % 2 == 0 { "Seller" } else { "Admin" };
        let answer = call(
            &app,
            "admin/accounts/role",
            &[("email", &email), ("role", role)],
            Some(&admin),
        )
        .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
    }
    let log = get("admin/audit/page".into()).await;
    let entries = log["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 25);
    assert_eq!(log["has_more"], true);
    assert_eq!(entries[0]["subject"], "user:shopper30@example.com");
    assert_eq!(entries[0]["actor"], "admin@oxcart.test");
    let older = get("admin/audit/page?page=2".into()).await;
    assert_eq!(older["entries"].as_array().unwrap().len(), 5);
    assert_eq!(older["has_more"], false);
    assert_eq!(older["entries"][4]["subject"], "user:shopper1@example.com");

    // Admins only.
    let customer = sign_in(&app, "customer@oxcart.test", "oxcart-customer-demo").await;
    assert_eq!(
        fetch(&app, "admin/audit/page", Some(&customer))
            .await
            .status,
        403
    );
    assert_eq!(fetch(&app, "admin/accounts", None).await.status, 401);
}
