//! `/readyz` when a dependency is down: 503 and a body naming what failed.

mod common;

use common::{fresh_database, spawn_with};
use sqlx::postgres::PgPoolOptions;

#[tokio::test]
async fn readiness_is_503_when_redis_is_down() {
    let app = spawn_with(fresh_database().await, "redis://127.0.0.1:1", true).await;
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, 503);
    let json: serde_json::Value = serde_json::from_str(&ready.body).unwrap();
    assert_eq!(json["checks"]["redis"], "down");
    assert_eq!(json["checks"]["postgres"], "ok");
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
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, 503);
    let json: serde_json::Value = serde_json::from_str(&ready.body).unwrap();
    assert_eq!(json["checks"]["postgres"], "down");
    assert_eq!(json["checks"]["redis"], "ok");
}
