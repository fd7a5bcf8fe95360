//! Cross-site request forgery protection: every state-changing request (anything but GET, HEAD
//! and OPTIONS: server functions, form posts) must come from the store's own origin, as told by
//! the Origin header or, when a browser sends none, the Referer. Anything else is refused with
//! 403 before it reaches a handler. Session cookies are also SameSite=Lax.

use app::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// `scheme://host[:port]` of a URL.
pub fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

/// Whether a request with these Origin / Referer values comes from `site_origin`.
pub fn is_same_origin(origin: Option<&str>, referer: Option<&str>, site_origin: &str) -> bool {
    match (origin, referer) {
        (Some(origin), _) => origin == site_origin,
        (None, Some(referer)) => origin_of(referer) == site_origin,
        (None, None) => false,
    }
}

/// Owned copies of the Origin and Referer headers (no borrow of the request may live across an
/// await: the request body is not `Sync`).
fn claimed_origin(req: &Request) -> (Option<String>, Option<String>) {
    let text = |name| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    (text(header::ORIGIN), text(header::REFERER))
}

pub async fn same_origin_only(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Payment providers' webhooks carry no Origin: they are authenticated by their signature.
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || req.uri().path().starts_with("/webhooks/")
    {
        return next.run(req).await;
    }
    let (origin, referer) = claimed_origin(&req);
    let path = req.uri().path().to_owned();
    if is_same_origin(
        origin.as_deref(),
        referer.as_deref(),
        origin_of(&state.store.site_url),
    ) {
        return next.run(req).await;
    }
    tracing::warn!(?origin, ?referer, %path, "cross-site request refused");
    (
        StatusCode::FORBIDDEN,
        "Cross-site request refused: this form must be sent from the store's own pages.",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port() {
        assert_eq!(origin_of("https://shop.test/c/x?y=1"), "https://shop.test");
        assert_eq!(origin_of("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
    }

    #[test]
    fn only_the_sites_own_origin_passes() {
        let site = "https://shop.test";
        assert!(is_same_origin(Some("https://shop.test"), None, site));
        assert!(!is_same_origin(
            Some("https://evil.test"),
            Some("https://shop.test/"),
            site
        ));
        assert!(is_same_origin(
            None,
            Some("https://shop.test/account/sign-in"),
            site
        ));
        assert!(!is_same_origin(
            None,
            Some("https://shop.test.evil.test/"),
            site
        ));
        assert!(!is_same_origin(None, None, site));
        assert!(!is_same_origin(Some("null"), None, site));
    }
}
