//! Session tokens and the session cookie. The cookie carries 256 random bits; the database
//! keeps only their SHA-256, so a copy of the table cannot sign anybody in.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use sha2::{Digest, Sha256};

/// The session cookie's name.
pub const COOKIE_NAME: &str = "oxcart_session";

/// A new random token (64 hex characters).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of a token, as stored.
pub fn hash_token(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// The session token in a request's Cookie headers, if well-formed.
pub fn token_from_headers(headers: &HeaderMap) -> Option<String> {
    token_cookie(headers, COOKIE_NAME)
}

/// The value of the cookie `name` in a request's Cookie headers when it is a token as
/// [`new_token`] makes them (64 hex digits): the session, the checkout's browser id.
pub fn token_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.to_string())
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The session token of the request being handled (server functions and SSR).
pub fn token_from_request() -> Option<String> {
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    token_from_headers(&parts.headers)
}

/// The Set-Cookie value for a session: HttpOnly, SameSite=Lax, Path=/, Secure when asked.
pub fn cookie_value(token: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE_NAME}={token}; Max-Age={max_age_secs}; Path=/; HttpOnly; SameSite=Lax{secure}")
}

/// Adds a Set-Cookie header to the response being built.
pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        response.append_header(SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex_and_hash_to_32_bytes() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(hash_token(&a), hash_token(&b));
    }

    #[test]
    fn the_session_cookie_is_found_among_others_and_malformed_ones_are_ignored() {
        let token = new_token();
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_str(&format!("theme=dark; {COOKIE_NAME}={token}")).unwrap(),
        );
        assert_eq!(token_from_headers(&headers), Some(token));
        headers.insert(
            COOKIE,
            HeaderValue::from_static("oxcart_session=' OR 1=1 --"),
        );
        assert_eq!(token_from_headers(&headers), None);
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_on_request() {
        let c = cookie_value("abc", 60, true);
        assert!(
            c.contains("HttpOnly")
                && c.contains("SameSite=Lax")
                && c.contains("Path=/")
                && c.ends_with("; Secure")
        );
        assert!(!cookie_value("abc", 60, false).contains("Secure"));
    }
}
