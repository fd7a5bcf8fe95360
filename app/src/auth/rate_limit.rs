//! Rate limits kept in Redis, so they hold across app instances: a fixed window per limit and
//! subject (an IP address or an email). Over the limit the caller gets `RateLimited` with the
//! seconds until the window ends (sent as HTTP 429 with Retry-After).

use redis::aio::ConnectionManager;

use crate::error::AppError;

/// At most `max` attempts per `window_secs` for each subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub name: &'static str,
    pub max: u64,
    pub window_secs: u64,
}

/// The limits of the account endpoints.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub sign_in_per_ip: Limit,
    pub sign_in_per_email: Limit,
    pub sign_up_per_ip: Limit,
    pub reset_per_ip: Limit,
    pub reset_per_email: Limit,
    pub resend_per_account: Limit,
    /// The general ceiling on server-function calls per client IP.
    pub api_per_ip: Limit,
}

/// Counts one attempt by `subject`; `RateLimited` once the window holds more than `max`.
/// INCR and the window's EXPIRE run in one MULTI, so concurrent attempts are all counted.
pub async fn hit(
    redis: &ConnectionManager,
    prefix: &str,
    limit: Limit,
    subject: &str,
) -> Result<(), AppError> {
    let key = format!("{prefix}:rl:{}:{}", limit.name, subject);
    let mut conn = redis.clone();
    let (count, ttl): (u64, i64) = redis::pipe()
        .atomic()
        .incr(&key, 1)
        .cmd("EXPIRE")
        .arg(&key)
        .arg(limit.window_secs)
        .arg("NX")
        .ignore()
        .ttl(&key)
        .query_async(&mut conn)
        .await?;
    if count > limit.max {
        tracing::warn!(limit = limit.name, subject, count, "rate limit reached");
        return Err(AppError::RateLimited {
            retry_after_secs: u64::try_from(ttl.max(1)).unwrap_or(1),
        });
    }
    Ok(())
}

/// The client's IP address: the socket's peer, or with `trust_forwarded` (behind a proxy you run)
/// the last address in X-Forwarded-For, which is the one that proxy saw.
pub fn client_ip_of(
    headers: &axum::http::HeaderMap,
    extensions: &axum::http::Extensions,
    trust_forwarded: bool,
) -> String {
    if trust_forwarded {
        if let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|ip| ip.parse::<std::net::IpAddr>().is_ok())
        {
            return ip.to_string();
        }
    }
    extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// The IP address of the client of the request being handled (server functions and SSR).
pub fn client_ip(trust_forwarded: bool) -> String {
    match leptos::prelude::use_context::<axum::http::request::Parts>() {
        Some(parts) => client_ip_of(&parts.headers, &parts.extensions, trust_forwarded),
        None => "unknown".into(),
    }
}
