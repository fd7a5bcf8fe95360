//! `spawn_app()`: the real router on a random port, with its own freshly migrated and seeded
//! Postgres database, real Redis, and the outbox worker writing to its own mailbox folder (or,
//! when configured, sending to the in-test SMTP server in `smtp.rs`).

#![allow(dead_code)]

pub mod shop;
pub mod smtp;

use std::path::PathBuf;
use std::sync::Once;

use server::config::{MailSettings, Settings};
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres};

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: PgPool,
    /// The folder the mailbox transport writes to (unless the app was given SMTP).
    pub mailbox: PathBuf,
    /// The prefix of this app's Redis keys.
    pub redis_prefix: String,
    /// Where this app stores uploaded images.
    pub media_dir: PathBuf,
}

pub struct Page {
    pub status: u16,
    pub body: String,
    pub headers: reqwest::header::HeaderMap,
}

impl TestApp {
    /// The messages delivered to `to` so far (mailbox transport), oldest first.
    pub fn mails_to(&self, to: &str) -> Vec<server::mail::MailboxEntry> {
        let mut mails: Vec<_> = server::mail::read_mailbox(&self.mailbox)
            .into_iter()
            .filter(|m| m.to == to)
            .collect();
        mails.reverse();
        mails
    }

    /// Waits (up to 10 s) for the `n`th message to `to` and returns it.
    pub async fn wait_for_mail(&self, to: &str, n: usize) -> server::mail::MailboxEntry {
        for _ in 0..200 {
            let mails = self.mails_to(to);
            if mails.len() >= n {
                return mails[n - 1].clone();
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no message #{n} to {to} within 10 s");
    }

    /// Waits (up to 10 s) until the store's event consumer `consumer` has handled `n` events
    /// (its receipts), e.g. `order-mail` for the order emails.
    pub async fn wait_for_receipts(&self, consumer: &str, n: i64) {
        for _ in 0..200 {
            let done: i64 =
                sqlx::query_scalar("SELECT count(*) FROM event_receipts WHERE consumer = $1")
                    .bind(consumer)
                    .fetch_one(&self.db)
                    .await
                    .unwrap();
            if done >= n {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("{consumer} did not handle {n} events within 10 s");
    }

    /// Publishes the newest event of type `kind` to the store's stream once more, as a relay
    /// that crashed before marking it published would (a duplicate delivery).
    pub async fn replay_event(&self, kind: &str) {
        let event: String = sqlx::query_scalar(
            "SELECT json_build_object('id', id, 'type', type, 'version', version,
                    'at', (extract(epoch FROM occurred_at) * 1000)::bigint,
                    'subject', subject, 'data', data)::text
             FROM domain_events WHERE type = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(kind)
        .fetch_one(&self.db)
        .await
        .unwrap();
        let mut r = redis().await;
        let _: String = redis::cmd("XADD")
            .arg(format!("{}:events", self.redis_prefix))
            .arg("*")
            .arg("event")
            .arg(event)
            .query_async(&mut r)
            .await
            .unwrap();
    }

    pub async fn get(&self, path: &str) -> Page {
        let res = self
            .client
            .get(format!("{}{}", self.address, path))
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        Page {
            status,
            headers,
            body: res.text().await.expect("body"),
        }
    }
}

fn server_root() -> String {
    std::env::var("OXCART_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

fn settings() -> Settings {
    static ENV: Once = Once::new();
    ENV.call_once(|| {
        // Warnings and errors only, unless RUST_LOG asks for more: an access line per request
        // would bury a failing test's own output.
        if std::env::var_os("RUST_LOG").is_none() {
            std::env::set_var("RUST_LOG", "warn");
        }
        server::telemetry::init(server::config::LogFormat::Pretty)
    });
    let mut settings = Settings::from_env().expect("settings");
    settings.site_url = "https://shop.test".into();
    settings.cookie_secure = true;
    // Each test app has its own Redis keys, so rate limits never leak between tests.
    settings.redis_prefix = format!("oxcart-test-{}", uuid::Uuid::new_v4().simple());
    // Test binaries have no cargo-leptos hash file beside them.
    settings.leptos.hash_files = false;
    settings.bench_routes = true;
    settings.mail = MailSettings::Mailbox(
        std::env::temp_dir().join(format!("oxcart-mail-{}", uuid::Uuid::new_v4().simple())),
    );
    settings.outbox_poll_ms = 50;
    // Tests place many orders from one address and email; `hardening.rs` drives these caps.
    settings.holds = app::domain::order::HoldLimits {
        per_email: 10_000,
        per_client: 10_000,
        per_browser: 10_000,
        units_per_order: 10_000,
    };
    settings.limit_checkout_per_ip = 100_000;
    // The page ceiling is driven by `hardening.rs`; other suites open many pages.
    settings.limit_pages_per_minute = 100_000;
    settings.metrics_token = Some(METRICS_TOKEN.into());
    // Suites change the catalog with SQL and read pages right after; the page cache's own
    // suite (`page_cache.rs`) turns it on and bounds how soon changes show.
    settings.page_cache_bytes = 0;
    settings.media_dir =
        std::env::temp_dir().join(format!("oxcart-media-{}", uuid::Uuid::new_v4().simple()));
    settings
}

/// A fresh database, migrated and loaded with the demo catalog.
pub async fn fresh_database() -> PgPool {
    let url = format!(
        "{}/oxcart_it_{}",
        server_root(),
        uuid::Uuid::new_v4().simple()
    );
    Postgres::create_database(&url)
        .await
        .expect("create test database");
    let pool = PgPoolOptions::new()
        .max_connections(5)
        .acquire_timeout(std::time::Duration::from_secs(5))
        .connect(&url)
        .await
        .expect("connect");
    app::db::migrate(&pool).await.expect("migrate");
    app::db::seed::load_demo_catalog(&pool, &app::demo::catalog())
        .await
        .expect("seed");
    pool
}

/// Starts the app with the given pool and Redis URL; `lazy_redis` lets it start without Redis.
pub async fn spawn_with(db: PgPool, redis_url: &str, lazy_redis: bool) -> TestApp {
    spawn_configured(db, redis_url, lazy_redis, settings()).await
}

/// Starts the app with settings changed by `configure` (limits, lifetimes, ...).
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let mut settings = settings();
    configure(&mut settings);
    spawn_configured(fresh_database().await, &redis_url(), false, settings).await
}

/// Starts another instance on an existing database (as behind a load balancer).
pub async fn spawn_instance(db: PgPool, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let mut settings = settings();
    configure(&mut settings);
    spawn_configured(db, &redis_url(), false, settings).await
}

pub fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

async fn spawn_configured(
    db: PgPool,
    redis_url: &str,
    lazy_redis: bool,
    settings: Settings,
) -> TestApp {
    let redis = server::startup::connect_redis(redis_url, lazy_redis)
        .await
        .expect("redis");
    let redis_prefix = settings.redis_prefix.clone();
    let media_dir = settings.media_dir.clone();
    let state = server::startup::build_state(&settings, db.clone(), redis);
    server::startup::load_store_settings(&state).await;
    server::startup::spawn_reservation_sweeper(&settings, state.clone());
    server::startup::spawn_event_relay(&settings, state.clone());
    server::startup::spawn_event_consumer(&settings, state.clone());
    let router = server::startup::build_router(state, &settings);
    server::startup::spawn_outbox_worker(&settings, db.clone()).expect("outbox worker");
    let mailbox = match &settings.mail {
        MailSettings::Mailbox(dir) => dir.clone(),
        MailSettings::Smtp(_) => PathBuf::new(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .expect("serve")
    });
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        // A hung request fails the test instead of hanging the suite.
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap();
    TestApp {
        address,
        client,
        db,
        mailbox,
        redis_prefix,
        media_dir,
    }
}

/// The `/metrics` token of test apps.
pub const METRICS_TOKEN: &str = "test-metrics-token-0123456789";

/// What `/metrics` reports, read with the test apps' token.
pub async fn metrics(app: &TestApp) -> String {
    let res = app
        .client
        .get(format!("{}/metrics", app.address))
        .bearer_auth(METRICS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

pub async fn spawn_app() -> TestApp {
    spawn_with(fresh_database().await, &redis_url(), false).await
}

/// The token of the first `.../account/<page>?token=...` link in a message.
pub fn link_token(text: &str, page: &str) -> String {
    let marker = format!("/account/{page}?token=");
    let start = text.find(&marker).expect("a link in the message") + marker.len();
    text[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

// --- Calling server functions as a browser would -------------------------------------------

pub const ORIGIN: &str = "https://shop.test";

pub struct Answer {
    pub status: u16,
    pub body: String,
    /// The session Set-Cookie header, if the answer set one.
    pub cookie: Option<String>,
}

/// POSTs a form to a server function, from the store's own origin unless `origin` says otherwise.
pub async fn post(
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
    origin: Option<&str>,
) -> Answer {
    let mut req = app
        .client
        .post(format!("{}{}", app.address, path))
        .form(form);
    if let Some(origin) = origin {
        req = req.header("origin", origin);
    }
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    let res = req.send().await.unwrap();
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("oxcart_session="))
        .map(str::to_string);
    Answer {
        status: res.status().as_u16(),
        cookie,
        body: res.text().await.unwrap(),
    }
}

/// The `name=value` part of a Set-Cookie header.
pub fn pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}

pub async fn viewer(app: &TestApp, cookie: &str) -> serde_json::Value {
    let res = app
        .client
        .get(format!("{}/api/account/viewer", app.address))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    serde_json::from_str(&res.text().await.unwrap()).unwrap()
}

/// Asks for a sign-up link for `email` (the form's first step).
pub async fn request_sign_up(app: &TestApp, email: &str) -> Answer {
    call(app, "account/sign-up", &[("email", email)], None).await
}

/// Finishes a sign-up with the token of its emailed link.
pub async fn finish_sign_up(app: &TestApp, token: &str, password: &str) -> Answer {
    call(
        app,
        "account/finish-sign-up",
        &[("token", token), ("name", "Ada"), ("password", password)],
        None,
    )
    .await
}

/// Creates a customer account as a shopper does: asks for the link, follows the newest one
/// emailed (mailbox transport) and chooses the password "violet otter lamp". The answer is the
/// last step's, with the new session's cookie.
pub async fn sign_up(app: &TestApp, email: &str) -> Answer {
    let to = email.trim().to_lowercase();
    let before = app.mails_to(&to).len();
    let asked = request_sign_up(app, email).await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    let mail = app.wait_for_mail(&to, before + 1).await;
    assert_eq!(mail.kind, "finish-sign-up", "{}", mail.text);
    let token = link_token(&mail.text, "finish-sign-up");
    finish_sign_up(app, &token, "violet otter lamp").await
}

/// POSTs a form from the store's own origin, with the session cookie if given.
pub async fn call(
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
) -> Answer {
    post(app, &format!("/api/{path}"), form, cookie, Some(ORIGIN)).await
}

/// GETs a server function with the session cookie if given.
pub async fn fetch(app: &TestApp, path: &str, cookie: Option<&str>) -> Answer {
    let mut req = app.client.get(format!("{}/api/{path}", app.address));
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    let res = req.send().await.unwrap();
    Answer {
        status: res.status().as_u16(),
        cookie: None,
        body: res.text().await.unwrap(),
    }
}

/// Signs in and returns the `oxcart_session=...` cookie pair.
pub async fn sign_in(app: &TestApp, email: &str, password: &str) -> String {
    let a = call(
        app,
        "account/sign-in",
        &[("email", email), ("password", password)],
        None,
    )
    .await;
    assert_eq!(a.status, 200, "sign in as {email}: {}", a.body);
    pair(&a.cookie.expect("a session cookie"))
}

/// A plain Redis connection, for looking at what the app stored.
pub async fn redis() -> redis::aio::MultiplexedConnection {
    redis::Client::open(redis_url())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap()
}

/// POSTs JSON to a server function (the cart functions take JSON), from the store's origin.
pub async fn call_json(
    app: &TestApp,
    path: &str,
    body: serde_json::Value,
    cookie: Option<&str>,
) -> Answer {
    let mut req = app
        .client
        .post(format!("{}/api/{path}", app.address))
        .header("origin", ORIGIN)
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    let res = req.send().await.unwrap();
    Answer {
        status: res.status().as_u16(),
        cookie: None,
        body: res.text().await.unwrap(),
    }
}

/// One part of a multipart form: name, `Some((filename, type))` for a file, bytes.
pub type Part<'a> = (&'a str, Option<(&'a str, &'a str)>, &'a [u8]);

/// A multipart form body as a browser builds it. Returns the Content-Type header and the body.
pub fn multipart(fields: &[Part<'_>]) -> (String, Vec<u8>) {
    let boundary = "----oxcart-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, file, bytes) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes(),
        );
        if let Some((filename, kind)) = file {
            body.extend_from_slice(
                format!("; filename=\"{filename}\"\r\nContent-Type: {kind}").as_bytes(),
            );
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// What a plain (non server-function) route answered.
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Reply {
    /// The Location header, or "" when there is none.
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

/// Sends a request from the store's own origin, with the session cookie if given.
pub async fn send(req: reqwest::RequestBuilder, cookie: Option<&str>, accept: &str) -> Reply {
    let mut req = req.header("origin", ORIGIN).header("accept", accept);
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    let res = req.send().await.unwrap();
    Reply {
        status: res.status().as_u16(),
        headers: res.headers().clone(),
        body: res.text().await.unwrap(),
    }
}

/// POSTs a multipart form to a plain route as a browser would.
pub async fn post_multipart(
    app: &TestApp,
    path: &str,
    parts: &[Part<'_>],
    cookie: Option<&str>,
    accept: &str,
) -> Reply {
    let (content_type, body) = multipart(parts);
    let req = app
        .client
        .post(format!("{}{path}", app.address))
        .header("content-type", content_type)
        .body(body);
    send(req, cookie, accept).await
}

/// Waits until every event written so far is published and has reached the instances' live
/// readers (the live connections and the page caches): a new subscriber then sees only what
/// happens next.
pub async fn quiet(app: &TestApp) {
    for _ in 0..100 {
        if app::db::events::lag(&app.db).await.unwrap().0 == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
}
