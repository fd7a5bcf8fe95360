//! The account pages' server functions over HTTP: profile, password, sessions, addresses, the
//! authorization matrix of every protected function, and the general per-client ceiling.

mod common;

use common::{call, fetch, pair, sign_in, sign_up, spawn_app, spawn_app_with, viewer};

const PASSWORD: &str = "violet otter lamp";

#[tokio::test]
async fn changing_the_password_signs_out_other_browsers_and_rotates_this_one() {
    let app = spawn_app().await;
    let laptop = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    let phone = sign_in(&app, "ada@example.com", PASSWORD).await;
    let wrong = call(
        &app,
        "account/password",
        &[
            ("current_password", "wrong password"),
            ("new_password", "a brand new secret"),
        ],
        Some(&laptop),
    )
    .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("current_password"));
    let weak = call(
        &app,
        "account/password",
        &[("current_password", PASSWORD), ("new_password", "short")],
        Some(&laptop),
    )
    .await;
    assert!(weak.status == 422 && weak.body.contains("new_password"));

    let ok = call(
        &app,
        "account/password",
        &[
            ("current_password", PASSWORD),
            ("new_password", "a brand new secret"),
        ],
        Some(&laptop),
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let rotated = pair(&ok.cookie.expect("a new session"));
    assert!(
        viewer(&app, &laptop).await.is_null(),
        "the old session id is retired"
    );
    assert!(
        viewer(&app, &phone).await.is_null(),
        "other browsers are signed out"
    );
    assert_eq!(viewer(&app, &rotated).await["email"], "ada@example.com");
    sign_in(&app, "ada@example.com", "a brand new secret").await;
}

#[tokio::test]
async fn sessions_are_listed_and_can_be_revoked_one_by_one_or_all_at_once() {
    let app = spawn_app().await;
    let laptop = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    let phone = sign_in(&app, "ada@example.com", PASSWORD).await;
    let tablet = sign_in(&app, "ada@example.com", PASSWORD).await;
    let other = pair(&sign_up(&app, "bob@example.com").await.cookie.unwrap());

    let listed = fetch(&app, "account/sessions", Some(&laptop)).await;
    assert_eq!(listed.status, 200);
    let sessions: Vec<serde_json::Value> = serde_json::from_str(&listed.body).unwrap();
    assert_eq!(sessions.len(), 3, "only Ada's own sessions");
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    let phone_id = sessions
        .iter()
        .find(|s| s["current"] == false)
        .map(|s| s["id"].as_i64().unwrap())
        .unwrap();
    // Bob cannot end Ada's sessions.
    let id = phone_id.to_string();
    assert_eq!(
        call(
            &app,
            "account/sessions/revoke",
            &[("id", &id)],
            Some(&other)
        )
        .await
        .status,
        404
    );
    assert_eq!(
        call(
            &app,
            "account/sessions/revoke",
            &[("id", &id)],
            Some(&laptop)
        )
        .await
        .status,
        200
    );
    let revoked = [&phone, &tablet]
        .into_iter()
        .filter(|c| c.as_str() != laptop.as_str());
    let mut signed_out = 0;
    for cookie in revoked {
        if viewer(&app, cookie).await.is_null() {
            signed_out += 1;
        }
    }
    assert_eq!(signed_out, 1, "exactly the revoked browser is signed out");
    let remaining: Vec<serde_json::Value> =
        serde_json::from_str(&fetch(&app, "account/sessions", Some(&laptop)).await.body).unwrap();
    assert_eq!(remaining.len(), 2);
    assert!(remaining.iter().all(|s| s["id"].as_i64() != Some(phone_id)));
    assert_eq!(
        call(
            &app,
            "account/sessions/revoke",
            &[("id", "not a number")],
            Some(&laptop)
        )
        .await
        .status,
        422
    );

    let all = call(&app, "account/sessions/revoke-all", &[], Some(&laptop)).await;
    assert_eq!(all.status, 200);
    assert!(all.cookie.unwrap().contains("Max-Age=0"));
    for cookie in [&laptop, &phone, &tablet] {
        assert!(viewer(&app, cookie).await.is_null());
    }
    assert_eq!(
        viewer(&app, &other).await["email"],
        "bob@example.com",
        "Bob stays signed in"
    );
}

#[tokio::test]
async fn the_profile_name_is_checked_and_saved() {
    let app = spawn_app().await;
    let cookie = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    let long = "x".repeat(101);
    let bad = call(&app, "account/profile", &[("name", &long)], Some(&cookie)).await;
    assert_eq!(bad.status, 422);
    let ok = call(
        &app,
        "account/profile",
        &[("name", "  Ada Lovelace ")],
        Some(&cookie),
    )
    .await;
    assert_eq!(ok.status, 200);
    assert_eq!(viewer(&app, &cookie).await["name"], "Ada Lovelace");
}

fn address_form<'a>(name: &'a str, city: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("address[full_name]", name),
        ("address[line1]", "12 Market Street"),
        ("address[line2]", ""),
        ("address[city]", city),
        ("address[region]", "CA"),
        ("address[postal_code]", "94103"),
        ("address[country]", "US"),
        ("address[phone]", ""),
    ]
}

async fn addresses(app: &common::TestApp, cookie: &str) -> Vec<serde_json::Value> {
    serde_json::from_str(&fetch(app, "account/addresses", Some(cookie)).await.body).unwrap()
}

#[tokio::test]
async fn addresses_are_created_edited_made_default_and_deleted() {
    let app = spawn_app().await;
    let ada = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    let bob = pair(&sign_up(&app, "bob@example.com").await.cookie.unwrap());

    let home = call(
        &app,
        "account/addresses/save",
        &address_form("Ada Lovelace", "San Francisco"),
        Some(&ada),
    )
    .await;
    assert_eq!(home.status, 200, "{}", home.body);
    let home_id = home.body.trim().to_string();
    let mut form = address_form("Ada at work", "Oakland");
    form.push(("make_default", "on"));
    let work = call(&app, "account/addresses/save", &form, Some(&ada)).await;
    let work_id = work.body.trim().to_string();
    let list = addresses(&app, &ada).await;
    assert_eq!(list.len(), 2);
    assert_eq!(
        list[0]["id"].to_string(),
        work_id,
        "the default comes first"
    );
    assert_eq!(list[0]["is_default"], true);
    assert_eq!(list[1]["is_default"], false);

    // Edit the home address in place.
    let mut edit = address_form("Ada Lovelace", "Berkeley");
    edit.push(("id", &home_id));
    assert_eq!(
        call(&app, "account/addresses/save", &edit, Some(&ada))
            .await
            .status,
        200
    );
    assert!(addresses(&app, &ada)
        .await
        .iter()
        .any(|a| a["fields"]["city"] == "Berkeley"));

    // Bob can neither see, edit, default nor delete Ada's addresses.
    assert!(addresses(&app, &bob).await.is_empty());
    assert_eq!(
        call(&app, "account/addresses/save", &edit, Some(&bob))
            .await
            .status,
        404
    );
    assert_eq!(
        call(
            &app,
            "account/addresses/default",
            &[("id", &home_id)],
            Some(&bob)
        )
        .await
        .status,
        404
    );
    assert_eq!(
        call(
            &app,
            "account/addresses/delete",
            &[("id", &home_id)],
            Some(&bob)
        )
        .await
        .status,
        404
    );

    assert_eq!(
        call(
            &app,
            "account/addresses/default",
            &[("id", &home_id)],
            Some(&ada)
        )
        .await
        .status,
        200
    );
    assert_eq!(addresses(&app, &ada).await[0]["id"].to_string(), home_id);
    // Deleting the default makes the remaining address the default.
    assert_eq!(
        call(
            &app,
            "account/addresses/delete",
            &[("id", &home_id)],
            Some(&ada)
        )
        .await
        .status,
        200
    );
    let left = addresses(&app, &ada).await;
    assert_eq!(left.len(), 1);
    assert_eq!(
        (left[0]["id"].to_string(), left[0]["is_default"].as_bool()),
        (work_id, Some(true))
    );
}

#[tokio::test]
async fn a_bad_address_names_the_field() {
    let app = spawn_app().await;
    let ada = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    let mut form = address_form("Ada", "");
    let bad = call(&app, "account/addresses/save", &form, Some(&ada)).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("\"city\""), "{}", bad.body);
    form[3] = ("address[city]", "Paris");
    form[6] = ("address[country]", "ZZ");
    let bad = call(&app, "account/addresses/save", &form, Some(&ada)).await;
    assert!(bad.body.contains("\"country\""), "{}", bad.body);
    assert!(addresses(&app, &ada).await.is_empty());
}

/// Who may call what: every protected server function, called as a guest, a customer, a seller
/// and an admin. The least role each needs is named once, here, and checked against the answer.
#[tokio::test]
async fn authorization_matrix_of_every_protected_function() {
    #[derive(Clone, Copy, PartialEq, PartialOrd)]
    enum Needs {
        Customer,
        Seller,
        Admin,
    }
    // (GET or POST, path, form, least role, status when allowed)
    type Row<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>, Needs, u16);
    let matrix: Vec<Row> = vec![
        ("GET", "account/sessions", vec![], Needs::Customer, 200),
        ("GET", "account/addresses", vec![], Needs::Customer, 200),
        (
            "POST",
            "account/profile",
            vec![("name", "Someone")],
            Needs::Customer,
            200,
        ),
        (
            "POST",
            "account/addresses/save",
            address_form("Someone", "Paris"),
            Needs::Customer,
            200,
        ),
        (
            "POST",
            "account/addresses/default",
            vec![("id", "0")],
            Needs::Customer,
            404,
        ),
        (
            "POST",
            "account/addresses/delete",
            vec![("id", "0")],
            Needs::Customer,
            404,
        ),
        (
            "POST",
            "account/resend-verification",
            vec![],
            Needs::Customer,
            200,
        ),
        (
            "POST",
            "account/email",
            vec![("email", "new@example.com"), ("password", "not it at all")],
            Needs::Customer,
            422,
        ),
        (
            "POST",
            "account/password",
            vec![("current_password", "not it at all"), ("new_password", "x")],
            Needs::Customer,
            422,
        ),
        (
            "POST",
            "account/sessions/revoke",
            vec![("id", "0")],
            Needs::Customer,
            404,
        ),
        ("GET", "admin/summary", vec![], Needs::Seller, 200),
        ("GET", "admin/accounts", vec![], Needs::Admin, 200),
        (
            "POST",
            "admin/accounts/role",
            vec![("email", "nobody@example.com"), ("role", "Seller")],
            Needs::Admin,
            404,
        ),
        (
            "GET",
            "admin/inventory/search?q=ssd",
            vec![],
            Needs::Seller,
            200,
        ),
        ("GET", "admin/inventory/low", vec![], Needs::Seller, 200),
        (
            "GET",
            "admin/inventory/stock?sku=NO-SUCH-SKU",
            vec![],
            Needs::Seller,
            404,
        ),
        (
            "POST",
            "admin/inventory/adjust",
            vec![
                ("sku", "NO-SUCH-SKU"),
                ("kind", "receipt"),
                ("quantity", "1"),
                ("reason", ""),
            ],
            Needs::Seller,
            404,
        ),
        ("GET", "admin/alerts", vec![], Needs::Seller, 200),
        (
            "GET",
            "admin/analytics?from=&to=",
            vec![],
            Needs::Admin,
            200,
        ),
        (
            "GET",
            "admin/products?q=&sort=&page=1",
            vec![],
            Needs::Seller,
            200,
        ),
        (
            "GET",
            "admin/products/editor?id=0",
            vec![],
            Needs::Seller,
            200,
        ),
        (
            "GET",
            "admin/orders?status=&from=&to=&q=&page=1",
            vec![],
            Needs::Admin,
            200,
        ),
        (
            "GET",
            "admin/orders/detail?number=OX-0000-0000",
            vec![],
            Needs::Admin,
            404,
        ),
        (
            "POST",
            "admin/orders/note",
            vec![("number", "OX-0000-0000"), ("note", "x")],
            Needs::Admin,
            404,
        ),
        (
            "POST",
            "admin/alerts/dismiss",
            vec![("id", "0")],
            Needs::Admin,
            404,
        ),
        ("GET", "admin/audit?subject=", vec![], Needs::Admin, 200),
        ("GET", "admin/audit/page?page=2", vec![], Needs::Admin, 200),
        (
            "GET",
            "admin/accounts?q=ada&page=1",
            vec![],
            Needs::Admin,
            200,
        ),
        ("GET", "admin/store", vec![], Needs::Admin, 200),
        (
            "POST",
            "admin/store/page",
            vec![
                ("slug", "terms"),
                ("title", "Terms"),
                ("body", "Fair terms."),
            ],
            Needs::Admin,
            200,
        ),
        ("GET", "admin/import/report?key=", vec![], Needs::Admin, 200),
        (
            "POST",
            "admin/products/image/alt",
            vec![("product", "0"), ("image", "0"), ("alt", "x")],
            Needs::Seller,
            404,
        ),
        (
            "POST",
            "admin/products/image/move",
            vec![("product", "0"), ("image", "0"), ("direction", "up")],
            Needs::Seller,
            404,
        ),
        (
            "POST",
            "admin/products/image/delete",
            vec![("product", "0"), ("image", "0")],
            Needs::Seller,
            404,
        ),
        // Last: it ends the caller's sessions.
        (
            "POST",
            "account/sessions/revoke-all",
            vec![],
            Needs::Customer,
            200,
        ),
    ];
    let app = spawn_app().await;
    app::auth::accounts::load_demo_accounts(&app.db)
        .await
        .unwrap();
    let callers = [
        ("guest", None, None),
        (
            "customer",
            Some(Needs::Customer),
            Some(("customer@oxcart.test", "oxcart-customer-demo")),
        ),
        (
            "seller",
            Some(Needs::Seller),
            Some(("seller@oxcart.test", "oxcart-seller-demo")),
        ),
        (
            "admin",
            Some(Needs::Admin),
            Some(("admin@oxcart.test", "oxcart-admin-demo")),
        ),
    ];
    for (who, role, credentials) in callers {
        let cookie = match credentials {
            Some((email, password)) => Some(sign_in(&app, email, password).await),
            None => None,
        };
        for (method, path, form, needs, allowed) in &matrix {
            let answer = match *method {
                "GET" => fetch(&app, path, cookie.as_deref()).await,
                _ => call(&app, path, form, cookie.as_deref()).await,
            };
            let expected = match role {
                None => 401,
                Some(role) if role < *needs => 403,
                Some(_) => *allowed,
            };
            assert_eq!(
                answer.status, expected,
                "{who} {method} {path}: {}",
                answer.body
            );
        }
    }
}

#[tokio::test]
async fn an_admin_can_change_a_role_which_ends_that_accounts_sessions() {
    let app = spawn_app().await;
    app::auth::accounts::load_demo_accounts(&app.db)
        .await
        .unwrap();
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let ada = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    let promote = call(
        &app,
        "admin/accounts/role",
        &[("email", "ada@example.com"), ("role", "Seller")],
        Some(&admin),
    )
    .await;
    assert_eq!(promote.status, 200, "{}", promote.body);
    assert!(
        viewer(&app, &ada).await.is_null(),
        "a privilege change starts a new session"
    );
    let again = sign_in(&app, "ada@example.com", PASSWORD).await;
    assert_eq!(viewer(&app, &again).await["role"], "Seller");
    let own = call(
        &app,
        "admin/accounts/role",
        &[("email", "admin@oxcart.test"), ("role", "Customer")],
        Some(&admin),
    )
    .await;
    assert_eq!(own.status, 422, "admins cannot demote themselves");
    let listed = fetch(&app, "admin/accounts", Some(&admin)).await;
    assert!(listed.body.contains("ada@example.com"));
}

#[tokio::test]
async fn the_general_ceiling_limits_server_function_calls_per_client() {
    let app = spawn_app_with(|s| s.limit_api_per_minute = 5).await;
    for i in 1..=5 {
        assert_eq!(
            fetch(&app, "account/viewer", None).await.status,
            200,
            "call {i}"
        );
    }
    let res = app
        .client
        .get(format!("{}/api/account/viewer", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    assert!(res.text().await.unwrap().contains("RateLimited"));
    assert_eq!(
        app.get("/").await.status,
        200,
        "pages are not server-function calls"
    );
}
