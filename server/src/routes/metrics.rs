//! Prometheus metrics at `GET /metrics`, never public by default: on the main address only
//! with `Authorization: Bearer $OXCART_METRICS_TOKEN` (404 without a configured token, 401
//! with a wrong one), and without a token on the private listener `OXCART_METRICS_ADDR`.
//!
//! Per request (`track`): `oxcart_http_requests_total` and the
//! `oxcart_http_request_duration_seconds` histogram, by method, route (the matched route
//! pattern, `unmatched` for static files and 404s) and status. At scrape time: Postgres and
//! Redis health (`oxcart_up`), the pool's connections, the email outbox, refunds not yet
//! confirmed, and orders placed, paid and by status, read from the database so every instance
//! reports the same store-wide numbers.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use app::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

const DURATION: &str = "oxcart_http_request_duration_seconds";

/// How often the recorder folds the request durations recorded since into its histograms.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// The process's recorder (installed once, whatever the number of routers built).
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let buckets = [
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
        ];
        let handle = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(DURATION.into()), &buckets)
            .and_then(|b| b.install_recorder())
            .unwrap_or_else(|error| {
                tracing::warn!(%error, "metrics recorder not installed; /metrics will be empty");
                PrometheusBuilder::new().build_recorder().handle()
            });
        // The recorder keeps every recorded duration until it is folded into the histograms,
        // which only a scrape or an upkeep does: without a Prometheus scraping `/metrics` the
        // server's memory grew by about 16 bytes per request (README, Performance: Memory).
        // A plain thread, so it runs whatever tokio runtime (or test) built the router.
        let upkeep = handle.clone();
        let spawned = std::thread::Builder::new()
            .name("metrics-upkeep".into())
            .spawn(move || loop {
                std::thread::sleep(UPKEEP_EVERY);
                upkeep.run_upkeep();
            });
        if let Err(error) = spawned {
            tracing::warn!(%error, "metrics upkeep not started; only scrapes will fold samples");
        }
        handle
    })
}

/// The route pattern a request matched, carried out of the router on the response.
#[derive(Clone)]
pub(crate) struct Route(String);

/// Inside the router (`route_layer`): records which route pattern matched.
pub async fn mark_route(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let mut res = next.run(req).await;
    if let Some(route) = route {
        res.extensions_mut().insert(Route(route));
    }
    res
}

/// Outside the router: counts and times every request.
pub async fn track(req: Request, next: Next) -> Response {
    let _ = handle();
    let started = Instant::now();
    let method = req.method().as_str().to_owned();
    let res = next.run(req).await;
    let route = res
        .extensions()
        .get::<Route>()
        .map_or_else(|| "unmatched".to_owned(), |r| r.0.clone());
    let labels = [
        ("method", method),
        ("route", route),
        ("status", res.status().as_u16().to_string()),
    ];
    metrics::counter!("oxcart_http_requests_total", &labels).increment(1);
    metrics::histogram!(DURATION, &labels).record(started.elapsed().as_secs_f64());
    res
}

/// `/metrics` on the main router, behind the bearer token.
pub fn public_router(token: Option<String>) -> Router<AppState> {
    Router::new().route(
        "/metrics",
        get(move |State(state): State<AppState>, req: Request| {
            let token = token.clone();
            async move {
                let Some(token) = token else {
                    return StatusCode::NOT_FOUND.into_response();
                };
                let given = req
                    .headers()
                    .get(header::AUTHORIZATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.strip_prefix("Bearer "))
                    .unwrap_or("");
                if !constant_time_eq(given.as_bytes(), token.as_bytes()) {
                    return (StatusCode::UNAUTHORIZED, "a metrics token is required")
                        .into_response();
                }
                render(&state).await.into_response()
            }
        }),
    )
}

/// The private listener's router: `/metrics` without a token.
pub fn private_router(state: AppState) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(|State(state): State<AppState>| async move { render(&state).await }),
        )
        .with_state(state)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn render(state: &AppState) -> Response {
    let limit = Duration::from_secs(2);
    let postgres = matches!(
        tokio::time::timeout(limit, sqlx::query("SELECT 1").execute(&state.db)).await,
        Ok(Ok(_))
    );
    let mut redis = state.redis.clone();
    let redis_up = matches!(
        tokio::time::timeout(limit, redis::cmd("PING").query_async::<String>(&mut redis)).await,
        Ok(Ok(_))
    );
    metrics::gauge!("oxcart_up", "dependency" => "postgres").set(f64::from(u8::from(postgres)));
    metrics::gauge!("oxcart_up", "dependency" => "redis").set(f64::from(u8::from(redis_up)));
    let idle = state.db.num_idle() as f64;
    let size = f64::from(state.db.size());
    metrics::gauge!("oxcart_db_connections", "state" => "idle").set(idle);
    metrics::gauge!("oxcart_db_connections", "state" => "busy").set((size - idle).max(0.0));
    if postgres {
        match tokio::time::timeout(limit, app::db::dashboard::operations(&state.db)).await {
            Ok(Ok(ops)) => {
                metrics::gauge!("oxcart_outbox_pending").set(ops.emails_pending as f64);
                metrics::gauge!("oxcart_outbox_failed").set(ops.emails_failed as f64);
                metrics::gauge!("oxcart_refunds_open").set(ops.refunds_open as f64);
                metrics::gauge!("oxcart_orders_placed").set(ops.orders_placed as f64);
                metrics::gauge!("oxcart_orders_paid").set(ops.orders_paid as f64);
                for (status, count) in ops.orders_by_status {
                    metrics::gauge!("oxcart_orders", "status" => status).set(count as f64);
                }
            }
            Ok(Err(error)) => tracing::warn!(%error, "metrics: store figures unavailable"),
            Err(_) => tracing::warn!("metrics: store figures timed out"),
        }
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle().render(),
    )
        .into_response()
}
