//! `/readyz` when a dependency is down: 503, without saying what failed; the private
//! `/metrics` says which (`oxcart_up`).

mod common;

use common::{fresh_database, metrics, spawn_with, TestApp};
use sqlx::postgres::PgPoolOptions;

async fn not_ready(app: &TestApp) {
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, 503);
    let json: serde_json::Value = serde_json::from_str(&ready.body).unwrap();
    assert_eq!(json, serde_json::json!({"status": "unavailable"}));
}

#[tokio::test]
async fn readiness_is_503_when_redis_is_down() {
    let app = spawn_with(fresh_database().await, "redis://127.0.0.1:1", true).await;
    not_ready(&app).await;
    let scraped = metrics(&app).await;
    assert!(
        scraped.contains("oxcart_up{dependency=\"redis\"} 0"),
        "{scraped}"
    );
    assert!(
        scraped.contains("oxcart_up{dependency=\"postgres\"} 1"),
        "{scraped}"
    );
    assert_eq!(
        app.get("/healthz").await.status,
        200,
        "the process itself is alive"
    );
}

#[tokio::test]
async fn readiness_is_503_when_postgres_is_down() {
    let dead = PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_millis(500))
        .connect_lazy("postgres://postgres@127.0.0.1:1/none")
        .unwrap();
    let app = spawn_with(dead, "redis://127.0.0.1:6379", false).await;
    not_ready(&app).await;
    let scraped = metrics(&app).await;
    assert!(
        scraped.contains("oxcart_up{dependency=\"postgres\"} 0"),
        "{scraped}"
    );
    assert!(
        scraped.contains("oxcart_up{dependency=\"redis\"} 1"),
        "{scraped}"
    );
}
