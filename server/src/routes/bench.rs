//! `GET /__bench/static?bytes=N`: a static HTML page of N bytes, served by the same binary and
//! middleware as the store. Benchmarks compare real pages against it. Enabled only with
//! `OXCART_BENCH_ROUTES=true`.

use app::state::AppState;
use axum::extract::Query;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/__bench/static", get(static_page))
}

#[derive(Deserialize)]
struct Size {
    bytes: Option<usize>,
}

async fn static_page(Query(size): Query<Size>) -> impl IntoResponse {
    let bytes = size.bytes.unwrap_or(30_000).clamp(64, 2_000_000);
    let head = "<!DOCTYPE html><html lang=\"en\"><head><title>baseline</title></head><body><p>";
    let tail = "</p></body></html>";
    let filler = "Oxcart baseline page. ".repeat(bytes / 22 + 1);
    let body_len = bytes.saturating_sub(head.len() + tail.len());
    let body = format!("{head}{}{tail}", &filler[..body_len]);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body)
}
