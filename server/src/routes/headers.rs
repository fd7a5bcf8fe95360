//! Browser hardening headers on every response.
//!
//! - Leptos pages get a Content-Security-Policy built around the per-response nonce Leptos puts
//!   on its hydration scripts ([`page_csp`], called while the page renders): scripts only from
//!   this origin or with the nonce, WebAssembly allowed, nothing framing the page.
//! - Every other response without a policy of its own gets `frame-ancestors 'none'` (no
//!   clickjacking of the test-payment page, the mailbox or anything else).
//! - All responses: `X-Content-Type-Options: nosniff`, `Referrer-Policy:
//!   strict-origin-when-cross-origin` (order keys in URLs never leave in a Referer),
//!   `X-Frame-Options: DENY` for older browsers, and HSTS when the store is served over https.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The policy of every response that sets none of its own.
pub const DEFAULT_CSP: &str = "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

/// The policy of a rendered page whose inline scripts carry `nonce`. In development the live
/// reload's websocket (another port) is allowed too.
pub fn page_policy(nonce: &str, development: bool) -> String {
    let connect = if development {
        "'self' ws: wss:"
    } else {
        "'self'"
    };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; \
         connect-src {connect}; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
    )
}

/// Called in the context of a page render: sets the page's policy from the render's nonce.
/// Server-function calls have no nonce and get the default policy.
pub fn page_csp(development: bool) {
    use leptos::prelude::use_context;
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&page_policy(&nonce, development)) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Whether the store is served over https (then browsers are told to insist on it).
#[derive(Clone, Copy)]
pub struct Https(pub bool);

pub async fn security_headers(
    State(Https(https)): State<Https>,
    req: Request,
    next: Next,
) -> Response {
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(DEFAULT_CSP));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    res
}
