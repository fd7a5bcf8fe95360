//! Middleware for server-function calls (`/api/...`).
//!
//! `per_client_ceiling`: the general per-client ceilings, kept in Redis so they hold across app
//! instances: one on server-function calls, one on pages (SSR, sitemap, exports). Over one:
//! 429 with Retry-After, as the `RateLimited` error the browser's server-function client
//! understands for calls and as a short HTML page for pages. The account and checkout
//! endpoints have their own, tighter limits on top. If Redis is unreachable the ceilings let
//! requests through rather than take the store down.

use app::auth::rate_limit;
use app::error::AppError;
use app::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Largest error body inspected by `error_status`.
const MAX_ERROR_BODY: usize = 16 * 1024;

/// server_fn answers every error it raises itself (an argument that does not parse, a missing
/// one, a JSON body of the wrong shape) with 500. This gives such answers the status their error
/// has (422 for bad input), so a malformed call is never reported as a server failure.
pub async fn error_status(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_ERROR_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response(),
    };
    let error = match serde_json::from_slice::<AppError>(&bytes) {
        // On the server, `Transport` only comes from server_fn failing to decode the request
        // (a JSON body of the wrong shape): the caller's mistake.
        // The decoder's message quotes the caller's input: logged, never echoed back.
        Ok(AppError::Transport(message)) => {
            tracing::debug!(%message, "server-function request could not be decoded");
            AppError::invalid(
                "request",
                "The request could not be read: a field is missing or has the wrong type.",
            )
        }
        Ok(AppError::Invalid { field, message }) if field == "request" => {
            AppError::invalid("request", message.replace(['<', '>'], ""))
        }
        Ok(error) => error,
        Err(_) => return Response::from_parts(parts, axum::body::Body::from(bytes)),
    };
    if let Ok(status) = StatusCode::from_u16(error.status_code()) {
        parts.status = status;
    }
    let body = serde_json::to_vec(&error).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body))
}

/// Which ceiling a request counts against: server-function calls, pages (every other route
/// that runs code: SSR pages, sitemap, exports), or none (static files, health checks, signed
/// webhooks, benchmarks).
fn ceiling_for(path: &str, limits: &rate_limit::Limits) -> Option<rate_limit::Limit> {
    const FREE: &[&str] = &[
        "/pkg/",
        "/media/",
        "/favicon",
        "/healthz",
        "/readyz",
        "/metrics",
        "/webhooks/",
        "/__bench/",
        "/robots.txt",
    ];
    if path.starts_with("/api/") {
        Some(limits.api_per_ip)
    } else if FREE.iter().any(|free| path.starts_with(free)) {
        None
    } else {
        Some(limits.pages_per_ip)
    }
}

pub async fn per_client_ceiling(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let Some(limit) = ceiling_for(req.uri().path(), &state.auth.limits) else {
        return next.run(req).await;
    };
    let is_api = req.uri().path().starts_with("/api/");
    let ip = rate_limit::client_ip_of(
        req.headers(),
        req.extensions(),
        state.auth.trust_forwarded_for,
    );
    let retry_after_secs =
        match rate_limit::hit(&state.redis, state.auth.redis_prefix, limit, &ip).await {
            Ok(()) => return next.run(req).await,
            // Redis unreachable: the store keeps serving (the error is logged by `hit`).
            Err(AppError::RateLimited { retry_after_secs }) => retry_after_secs,
            Err(_) => return next.run(req).await,
        };
    let error = AppError::RateLimited { retry_after_secs };
    let (content_type, body) = if is_api {
        (
            "application/json",
            serde_json::to_string(&error).unwrap_or_default(),
        )
    } else {
        (
            "text/html; charset=utf-8",
            format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Too many requests</title></head><body><h1>Too many requests</h1><p>You have opened a lot of pages in a short time. Please wait {retry_after_secs} seconds, then <a href=\"/\">go back to the shop</a>.</p></body></html>"
            ),
        )
    };
    let mut res = (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response();
    res.headers_mut()
        .insert(header::RETRY_AFTER, retry_after_secs.into());
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_calls_have_ceilings_and_static_files_none() {
        let limit = |name| rate_limit::Limit {
            name,
            max: 1,
            window_secs: 60,
        };
        let limits = rate_limit::Limits {
            api_per_ip: limit("api-ip"),
            pages_per_ip: limit("pages-ip"),
            ..rate_limit::Limits::for_tests(limit("other"))
        };
        let name = |path| ceiling_for(path, &limits).map(|l| l.name);
        assert_eq!(name("/api/cart/price"), Some("api-ip"));
        for page in [
            "/",
            "/search?q=x",
            "/p/a-thing",
            "/orders/OX-1",
            "/sitemap.xml",
            "/admin/export/products.csv",
        ] {
            assert_eq!(name(page), Some("pages-ip"), "{page}");
        }
        for free in [
            "/pkg/oxcart.wasm",
            "/media/uploads/1/a.jpg",
            "/favicon.svg",
            "/healthz",
            "/readyz",
            "/webhooks/stripe",
        ] {
            assert_eq!(name(free), None, "{free}");
        }
    }
}
