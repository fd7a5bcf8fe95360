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
    /// Failed-or-not sign-in attempts for one email from one client: a stranger elsewhere can
    /// not lock the account's owner out with it.
    pub sign_in_per_email: Limit,
    /// A looser ceiling per email over every client (credential stuffing from many networks).
    pub sign_in_per_email_global: Limit,
    pub sign_up_per_ip: Limit,
    /// Sign-up requests (each sends an email) per address.
    pub sign_up_per_email: Limit,
    /// Back-in-stock alert requests per client and per address (each sends one email).
    pub stock_alerts_per_ip: Limit,
    pub stock_alerts_per_email: Limit,
    pub reset_per_ip: Limit,
    pub reset_per_email: Limit,
    pub resend_per_account: Limit,
    /// Emailed-link uses that set a password (a reset, finishing a sign-up) per client IP.
    pub reset_confirm_per_ip: Limit,
    /// Current-password checks (change password, change email) per account.
    pub password_check_per_account: Limit,
    /// Checkout calls (quote and place) per client.
    pub checkout_per_ip: Limit,
    /// The general ceiling on server-function calls per client IP.
    pub api_per_ip: Limit,
    /// The general ceiling on pages (server-rendered routes) per client IP.
    pub pages_per_ip: Limit,
}

impl Limits {
    /// Every limit the same (for tests that change one or two).
    pub fn for_tests(limit: Limit) -> Limits {
        Limits {
            sign_in_per_ip: limit,
            sign_in_per_email: limit,
            sign_in_per_email_global: limit,
            sign_up_per_ip: limit,
            sign_up_per_email: limit,
            stock_alerts_per_ip: limit,
            stock_alerts_per_email: limit,
            reset_per_ip: limit,
            reset_per_email: limit,
            resend_per_account: limit,
            reset_confirm_per_ip: limit,
            password_check_per_account: limit,
            checkout_per_ip: limit,
            api_per_ip: limit,
            pages_per_ip: limit,
        }
    }
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

/// The rate-limit identity of a client address: an IPv4 address as is, an IPv6 address by its
/// /64 network (one subscriber usually holds a whole /64, so its 2^64 addresses are one
/// client), and an IPv4-mapped IPv6 address as the IPv4 address it carries.
pub fn client_key(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let net = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{net}/64")
            }
        },
    }
}

/// The address the trusted proxy saw: the right-most entry of X-Forwarded-For, read across
/// every header line in order (a proxy that adds its own line leaves the client's lines, which
/// anyone can forge, in front). None when the right-most entry is not an address.
pub fn forwarded_client(headers: &axum::http::HeaderMap) -> Option<std::net::IpAddr> {
    let last = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .rfind(|entry| !entry.is_empty())?;
    last.parse().ok()
}

/// The client's rate-limit identity (`client_key`): the socket's peer, or with
/// `trust_forwarded` (behind a proxy you run) the address that proxy added last to
/// X-Forwarded-For.
pub fn client_ip_of(
    headers: &axum::http::HeaderMap,
    extensions: &axum::http::Extensions,
    trust_forwarded: bool,
) -> String {
    if trust_forwarded {
        if let Some(ip) = forwarded_client(headers) {
            return client_key(ip);
        }
    }
    extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| client_key(c.0.ip()))
        .unwrap_or_else(|| "unknown".into())
}

/// The IP address of the client of the request being handled (server functions and SSR).
pub fn client_ip(trust_forwarded: bool) -> String {
    match leptos::prelude::use_context::<axum::http::request::Parts>() {
        Some(parts) => client_ip_of(&parts.headers, &parts.extensions, trust_forwarded),
        None => "unknown".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue};

    fn key(ip: &str) -> String {
        client_key(ip.parse().unwrap())
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64_network() {
        assert_eq!(key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:ffff::1"), key("2001:db8:1:2::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(key("192.0.2.7"), "192.0.2.7");
    }

    #[test]
    fn the_right_most_forwarded_address_across_all_lines_is_the_client() {
        let mut headers = HeaderMap::new();
        // A client-forged line first, then the line the proxy appended.
        headers.append("x-forwarded-for", HeaderValue::from_static("6.6.6.6"));
        headers.append("x-forwarded-for", HeaderValue::from_static("203.0.113.9"));
        assert_eq!(
            forwarded_client(&headers),
            Some("203.0.113.9".parse().unwrap())
        );
        let mut one_line = HeaderMap::new();
        one_line.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 7.7.7.7 , 198.51.100.4"),
        );
        assert_eq!(
            forwarded_client(&one_line),
            Some("198.51.100.4".parse().unwrap())
        );
        let mut garbage = HeaderMap::new();
        garbage.insert(
            "x-forwarded-for",
            HeaderValue::from_static("1.2.3.4, nonsense"),
        );
        assert_eq!(forwarded_client(&garbage), None);
    }

    #[test]
    fn forwarded_headers_count_only_when_trusted() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static("2001:db8::7"));
        let mut extensions = axum::http::Extensions::new();
        extensions.insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            [10, 0, 0, 1],
            443,
        ))));
        assert_eq!(client_ip_of(&headers, &extensions, false), "10.0.0.1");
        assert_eq!(client_ip_of(&headers, &extensions, true), "2001:db8::/64");
    }
}
