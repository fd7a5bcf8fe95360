//! Middleware for server-function calls (`/api/...`).
//!
//! `per_client_ceiling`: the general per-client ceiling on calls, kept in Redis so it holds
//! across app instances. Over it: 429 with Retry-After and the `RateLimited` error the
//! browser's server-function client understands. The account endpoints have their own,
//! tighter limits on top. If Redis is unreachable the ceiling
//! lets calls through rather than take the store down.

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

pub async fn per_client_ceiling(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let ip = rate_limit::client_ip_of(
        req.headers(),
        req.extensions(),
        state.auth.trust_forwarded_for,
    );
    let limit = state.auth.limits.api_per_ip;
    match rate_limit::hit(&state.redis, state.auth.redis_prefix, limit, &ip).await {
        Ok(()) => next.run(req).await,
        // Redis unreachable: the store keeps serving (the error is logged by `hit`).
        Err(AppError::Internal) => next.run(req).await,
        Err(error) => {
            let retry_after = match &error {
                AppError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
                _ => None,
            };
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = serde_json::to_string(&error).unwrap_or_default();
            let mut res = (
                status,
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                )],
                body,
            )
                .into_response();
            if let Some(secs) = retry_after {
                res.headers_mut().insert(header::RETRY_AFTER, secs.into());
            }
            res
        }
    }
}
