//! Plain axum routes beside the Leptos app, and the cache-header middleware.

pub mod api;
pub mod bench;
pub mod csrf;
pub mod dev_mailbox;
pub mod health;
pub mod media;
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

#[cfg(test)]
mod tests {
    use super::cache_control_for;

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
