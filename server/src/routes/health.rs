//! `GET /healthz`: the process is alive. `GET /readyz`: Postgres and Redis both answer (200
//! `{"status":"ready"}`, else 503 `{"status":"unavailable"}`). Which one is down is logged and
//! reported by the private `/metrics` (`oxcart_up`), never to the public.

use std::time::Duration;

use app::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> &'static str {
    "ok"
}

#[derive(Serialize)]
struct Readiness {
    status: &'static str,
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let limit = Duration::from_secs(2);
    let pg = tokio::time::timeout(limit, sqlx::query("SELECT 1").execute(&state.db));
    let mut redis = state.redis.clone();
    let ping = redis::cmd("PING");
    let rd = tokio::time::timeout(limit, ping.query_async::<String>(&mut redis));
    let (pg, rd) = tokio::join!(pg, rd);
    let postgres = match pg {
        Ok(Ok(_)) => "ok",
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: postgres is down");
            "down"
        }
        Err(_) => {
            tracing::warn!("readiness: postgres did not answer in time");
            "down"
        }
    };
    let redis = match rd {
        Ok(Ok(_)) => "ok",
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: redis is down");
            "down"
        }
        Err(_) => {
            tracing::warn!("readiness: redis did not answer in time");
            "down"
        }
    };
    let ready = postgres == "ok" && redis == "ok";
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(Readiness {
            status: if ready { "ready" } else { "unavailable" },
        }),
    )
}
