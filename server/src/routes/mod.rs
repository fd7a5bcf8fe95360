//! Plain axum routes beside the Leptos app, and the cache-header middleware.

pub mod api;
#[cfg(feature = "dev-tools")]
pub mod bench;
pub mod boundary;
pub mod csrf;
#[cfg(feature = "dev-tools")]
pub mod dev_mailbox;
pub mod headers;
pub mod health;
pub mod live;
pub mod media;
pub mod metrics;
pub mod payments;
pub mod seo;
pub mod uploads;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// Long cache lifetimes for content-hashed files (`/pkg/oxcart.<hash>.wasm`), an hour for other
/// static files, nothing for pages.
pub fn cache_control_for(path: &str) -> Option<HeaderValue> {
    let file = path.rsplit('/').next().unwrap_or("");
    let hashed = path.starts_with("/pkg/") && file.split('.').count() >= 3;
    if hashed {
        Some(HeaderValue::from_static(
            "public, max-age=31536000, immutable",
        ))
    } else if path.starts_with("/pkg/") || file.ends_with(".svg") || file.ends_with(".ico") {
        Some(HeaderValue::from_static("public, max-age=3600"))
    } else {
        None
    }
}

/// Adds [`cache_control_for`] headers to successful responses that did not set their own.
pub async fn static_cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    if res.status().is_success() && !res.headers().contains_key(header::CACHE_CONTROL) {
        if let Some(value) = cache_control_for(&path) {
            res.headers_mut().insert(header::CACHE_CONTROL, value);
        }
    }
    res
}

/// The answer when a handler panicked (CatchPanicLayer): the panic is logged at ERROR and the
/// visitor gets a plain 500 page, not a dropped connection.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "a request handler panicked");
    let mut res = Response::new(axum::body::Body::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Something went wrong</title></head><body><h1>Something went wrong on our side</h1><p>Please try again. <a href=\"/\">Go to the shop</a></p></body></html>",
    ));
    *res.status_mut() = axum::http::StatusCode::INTERNAL_SERVER_ERROR;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::cache_control_for;

    #[tokio::test]
    async fn a_panicking_handler_answers_500_and_the_server_keeps_serving() {
        async fn boom() -> &'static str {
            panic!("boom")
        }
        let router = axum::Router::new()
            .route("/boom", axum::routing::get(boom))
            .route("/fine", axum::routing::get(|| async { "fine" }))
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(
                super::panic_response,
            ));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await });
        let client = reqwest::Client::new();
        let res = client
            .get(format!("http://{addr}/boom"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 500);
        assert!(res.text().await.unwrap().contains("Something went wrong"));
        let res = client
            .get(format!("http://{addr}/fine"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.text().await.unwrap(), "fine");
    }

    #[test]
    fn hashed_bundles_are_cached_for_a_year_and_pages_not_at_all() {
        let year = cache_control_for("/pkg/oxcart.a1b2c3.wasm").unwrap();
        assert!(year.to_str().unwrap().contains("immutable"));
        assert_eq!(
            cache_control_for("/pkg/oxcart.wasm").unwrap(),
            "public, max-age=3600"
        );
        assert_eq!(
            cache_control_for("/favicon.svg").unwrap(),
            "public, max-age=3600"
        );
        assert!(cache_control_for("/c/graphics-cards").is_none());
    }
}
