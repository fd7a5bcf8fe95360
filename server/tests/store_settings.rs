//! The store's settings and footer pages over HTTP: only admins edit them, every mistake is
//! reported at once and changes nothing, a change reaches every instance's pages (announcement
//! bar, product promises, checkout's estimates) within a second, and page text is shown as
//! text, never markup.

mod common;

use std::time::{Duration, Instant};

use common::{call, fetch, sign_in, spawn_instance, TestApp};

const MB64: usize = 64 * 1024 * 1024;

async fn instance(db: sqlx::PgPool, prefix: Option<String>) -> TestApp {
    spawn_instance(db, |s| {
        s.page_cache_bytes = MB64;
        if let Some(prefix) = prefix {
            s.redis_prefix = prefix;
        }
    })
    .await
}

async fn page(app: &TestApp, path: &str) -> String {
    app.client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Waits until `path` on `app` contains `text`; how long it took since `since`.
async fn until_shown(app: &TestApp, path: &str, text: &str, since: Instant) -> Duration {
    for _ in 0..100 {
        if page(app, path).await.contains(text) {
            return since.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{path} never showed {text:?}");
}

/// The settings form as the dashboard posts it.
fn settings(overrides: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("show_announcement", "true"),
        ("announcement", ""),
        ("returns_days", "30"),
        ("warranty_months", "24"),
        ("handling_days", "0"),
        ("cutoff", "14:00"),
        ("time_zone", "America/New_York"),
        ("standard_min_days", "3"),
        ("standard_max_days", "5"),
        ("express_min_days", "1"),
        ("express_max_days", "2"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (key, value) in overrides {
        match form.iter_mut().find(|(k, _)| k == key) {
            Some(field) => field.1 = value.to_string(),
            None => form.push((key.to_string(), value.to_string())),
        }
    }
    form.retain(|(_, v)| v != "(absent)");
    form.into_iter()
        .map(|(k, v)| (format!("settings[{k}]"), v))
        .collect()
}

async fn save_settings(
    app: &TestApp,
    cookie: Option<&str>,
    form: &[(String, String)],
) -> common::Answer {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    call(app, "admin/store/settings", &pairs, cookie).await
}

#[tokio::test]
async fn only_admins_change_the_settings_and_every_mistake_is_reported() {
    let db = common::fresh_database().await;
    let app = instance(db.clone(), None).await;
    app::auth::accounts::load_demo_accounts(&app.db)
        .await
        .unwrap();

    // Guests, customers and sellers can neither read nor change them.
    let form = settings(&[("announcement", "Hacked")]);
    assert_eq!(fetch(&app, "admin/store", None).await.status, 401);
    assert_eq!(save_settings(&app, None, &form).await.status, 401);
    for (email, password) in [
        ("customer@oxcart.test", "oxcart-customer-demo"),
        ("seller@oxcart.test", "oxcart-seller-demo"),
    ] {
        let cookie = sign_in(&app, email, password).await;
        assert_eq!(fetch(&app, "admin/store", Some(&cookie)).await.status, 403);
        assert_eq!(save_settings(&app, Some(&cookie), &form).await.status, 403);
        let page = call(
            &app,
            "admin/store/page",
            &[("slug", "returns"), ("title", "Returns"), ("body", "None.")],
            Some(&cookie),
        )
        .await;
        assert_eq!(page.status, 403);
    }
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let store = fetch(&app, "admin/store", Some(&admin)).await;
    assert_eq!(store.status, 200, "{}", store.body);
    let store: serde_json::Value = serde_json::from_str(&store.body).unwrap();
    assert_eq!(store["form"]["cutoff"], "14:00");
    assert_eq!(
        store["announcement"],
        "Free shipping over $100 · 30-day returns · 2-year warranty"
    );
    assert_eq!(store["pages"].as_array().unwrap().len(), 6);

    // Every mistake at once, and nothing saved.
    let wrong = save_settings(
        &app,
        Some(&admin),
        &settings(&[
            ("returns_days", "a month"),
            ("cutoff", "25:00"),
            ("standard_min_days", "6"),
            ("announcement", "Hacked"),
        ]),
    )
    .await;
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    for field in ["returns_days", "cutoff", "standard_max_days"] {
        assert!(wrong.body.contains(field), "{field} in {}", wrong.body);
    }
    // A zone with the right shape that does not exist.
    let wrong = save_settings(
        &app,
        Some(&admin),
        &settings(&[("time_zone", "Mars/Olympus_Mons")]),
    )
    .await;
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(wrong.body.contains("time_zone"), "{}", wrong.body);
    let unchanged: String = sqlx::query_scalar("SELECT announcement FROM store_settings")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(unchanged, "");

    // A valid change is saved, audited, and answered with the new bar.
    let saved = save_settings(
        &app,
        Some(&admin),
        &settings(&[
            ("announcement", "Winter sale: <b>20%</b> off"),
            ("time_zone", "Europe/Paris"),
        ]),
    )
    .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let saved: serde_json::Value = serde_json::from_str(&saved.body).unwrap();
    assert_eq!(saved["announcement"], "Winter sale: <b>20%</b> off");
    assert_eq!(saved["form"]["time_zone"], "Europe/Paris");
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'store.settings'
           AND after->>'announcement' = 'Winter sale: <b>20%</b> off'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(audited, 1);
    // Shown as text on the page, never as markup.
    let home = until_shown(
        &app,
        "/",
        "Winter sale: &lt;b&gt;20%&lt;/b&gt; off",
        Instant::now(),
    )
    .await;
    assert!(home < Duration::from_secs(2));
    assert!(!page(&app, "/").await.contains(">Winter sale: <b>"));

    // Unchecking the box turns the bar off (an unchecked box sends nothing).
    let off = save_settings(
        &app,
        Some(&admin),
        &settings(&[("show_announcement", "(absent)")]),
    )
    .await;
    assert_eq!(off.status, 200, "{}", off.body);
    let off: serde_json::Value = serde_json::from_str(&off.body).unwrap();
    assert!(off["announcement"].is_null(), "{off}");
    for _ in 0..100 {
        if !page(&app, "/")
            .await
            .contains("data-testid=\"announcement\"")
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the announcement bar stayed after it was turned off");
}

#[tokio::test]
async fn a_change_reaches_every_instance_within_a_second() {
    let db = common::fresh_database().await;
    let a = instance(db.clone(), None).await;
    let b = instance(db.clone(), Some(a.redis_prefix.clone())).await;
    app::auth::accounts::load_demo_accounts(&a.db)
        .await
        .unwrap();
    const PRODUCT: &str = "/p/samsung-990-pro-nvme-ssd";
    // Both instances have the pages cached with the defaults.
    for app in [&a, &b] {
        until_shown(app, "/", "Free shipping over $100", Instant::now()).await;
        until_shown(app, PRODUCT, "30-day returns", Instant::now()).await;
        page(app, PRODUCT).await;
    }
    let admin = sign_in(&a, "admin@oxcart.test", "oxcart-admin-demo").await;
    let changed = Instant::now();
    let saved = save_settings(
        &a,
        Some(&admin),
        &settings(&[
            ("returns_days", "60"),
            ("warranty_months", "36"),
            ("handling_days", "3"),
            ("cutoff", "0:00"),
        ]),
    )
    .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    for app in [&a, &b] {
        let took = until_shown(
            app,
            "/",
            "Free shipping over $100 · 60-day returns · 3-year warranty",
            changed,
        )
        .await;
        assert!(took < Duration::from_secs(1), "the new bar took {took:?}");
        // The product page's promises: returns, warranty, and no same-day dispatch (the
        // cut-off is midnight and handling takes three business days).
        let product = page(app, PRODUCT).await;
        assert!(product.contains("60-day returns") && product.contains("3-year warranty"));
        assert!(product.contains("Ships "), "{product}");
        assert!(!product.contains("ships today"));
        // The help pages follow the settings through their placeholders.
        until_shown(app, "/help/returns", "within 60 days of delivery", changed).await;
        let shipping = page(app, "/help/shipping").await;
        assert!(
            shipping.contains("before 12:00 am (store time)"),
            "{shipping}"
        );
        assert!(shipping.contains("3 business days later"));
        assert!(page(app, "/help/warranty")
            .await
            .contains("a 3-year warranty"));
    }
}

#[tokio::test]
async fn footer_pages_are_edited_by_admins_and_shown_as_text() {
    let db = common::fresh_database().await;
    let app = instance(db.clone(), None).await;
    app::auth::accounts::load_demo_accounts(&app.db)
        .await
        .unwrap();

    // Every footer page exists from the start, linked from every page.
    let home = page(&app, "/").await;
    for slug in [
        "shipping", "returns", "warranty", "contact", "privacy", "terms",
    ] {
        assert!(home.contains(&format!("href=\"/help/{slug}\"")), "{slug}");
        let answer = fetch(&app, &format!("catalog/page?slug={slug}"), None).await;
        assert_eq!(answer.status, 200, "{slug}: {}", answer.body);
    }
    let missing = app
        .client
        .get(format!("{}/help/about-us", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);

    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let body = "Send it back within 60 days.\n\n## How\n- Write to us\n- <script>alert(1)</script>";
    // Mistakes are reported, with nothing saved.
    let wrong = call(
        &app,
        "admin/store/page",
        &[("slug", "returns"), ("title", " "), ("body", "")],
        Some(&admin),
    )
    .await;
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(
        wrong.body.contains("title") && wrong.body.contains("body"),
        "{}",
        wrong.body
    );
    let unknown = call(
        &app,
        "admin/store/page",
        &[("slug", "about"), ("title", "About"), ("body", "Us.")],
        Some(&admin),
    )
    .await;
    assert_eq!(unknown.status, 422, "{}", unknown.body);

    let saved = call(
        &app,
        "admin/store/page",
        &[
            ("slug", "returns"),
            ("title", "Returns and exchanges"),
            ("body", body),
        ],
        Some(&admin),
    )
    .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let since = Instant::now();
    until_shown(&app, "/help/returns", "Returns and exchanges", since).await;
    let html = page(&app, "/help/returns").await;
    assert!(
        html.contains("<h2 class=\"pt-2 text-lg font-bold\">How<"),
        "{html}"
    );
    assert!(html.contains("<li>Write to us<"));
    assert!(html.contains("<li>&lt;script&gt;alert(1)&lt;/script&gt;<"));
    assert!(!html.contains("<script>alert(1)</script>"));
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'store.page' AND subject = 'page:returns'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(audited, 1);
}
