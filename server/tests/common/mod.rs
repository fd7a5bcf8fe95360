//! `spawn_app()`: the real router on a random port, with its own freshly migrated and seeded
//! Postgres database and real Redis.

#![allow(dead_code)]

use std::sync::Once;

use server::config::Settings;
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres};

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: PgPool,
}

pub struct Page {
    pub status: u16,
    pub body: String,
    pub headers: reqwest::header::HeaderMap,
}

impl TestApp {
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
    ENV.call_once(|| server::telemetry::init(server::config::LogFormat::Pretty));
    let mut settings = Settings::from_env().expect("settings");
    settings.site_url = "https://shop.test".into();
    settings.cookie_secure = true;
    // Each test app has its own Redis keys, so rate limits never leak between tests.
    settings.redis_prefix = format!("oxcart-test-{}", uuid::Uuid::new_v4().simple());
    // Test binaries have no cargo-leptos hash file beside them.
    settings.leptos.hash_files = false;
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

fn redis_url() -> String {
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
    let state = server::startup::build_state(&settings, db.clone(), redis);
    let router = server::startup::build_router(state, true);
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
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_with(fresh_database().await, &redis_url(), false).await
}
