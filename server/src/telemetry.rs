//! Logging: human-readable lines in development, JSON lines when `OXCART_LOG_FORMAT=json`.
//! The filter comes from `RUST_LOG` (default: info, debug for this project's crates).

use tracing_subscriber::{fmt, EnvFilter};

use crate::config::LogFormat;

/// Installs the global subscriber; a second call (as in tests) is a no-op.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new("info,server=debug,app=debug,sqlx=warn,tower_http=info")
    });
    let builder = fmt().with_env_filter(filter).with_target(true);
    let _ = match format {
        LogFormat::Pretty => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init(),
    };
}

/// Query parameters whose values are bearer secrets (a guest order's private key, reset and
/// verification tokens): never written to logs.
const SECRET_PARAMS: [&str; 2] = ["key", "token"];

/// The request's path and query as logged: the values of secret parameters replaced by
/// `[redacted]`, everything else as sent.
pub fn redacted_uri(uri: &axum::http::Uri) -> String {
    let path = uri.path();
    let Some(query) = uri.query() else {
        return path.to_string();
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| {
            let name = pair.split('=').next().unwrap_or("");
            let decoded: String = form_urlencoded::parse(name.as_bytes())
                .map(|(k, _)| k.into_owned())
                .next()
                .unwrap_or_default();
            if SECRET_PARAMS.contains(&decoded.to_ascii_lowercase().as_str()) {
                format!("{name}=[redacted]")
            } else {
                pair.to_string()
            }
        })
        .collect();
    format!("{path}?{}", pairs.join("&"))
}

#[cfg(test)]
mod tests {
    use super::redacted_uri;

    #[test]
    fn secret_query_values_never_reach_the_log() {
        let uri = |s: &str| s.parse::<axum::http::Uri>().unwrap();
        assert_eq!(
            redacted_uri(&uri("/orders/OX-7K2?key=0123abcd&x=1")),
            "/orders/OX-7K2?key=[redacted]&x=1"
        );
        assert_eq!(
            redacted_uri(&uri("/account/reset?token=deadbeef")),
            "/account/reset?token=[redacted]"
        );
        assert_eq!(
            redacted_uri(&uri("/api/orders/get?number=OX-1&%6Bey=abc")),
            "/api/orders/get?number=OX-1&%6Bey=[redacted]"
        );
        assert_eq!(redacted_uri(&uri("/search?q=rtx")), "/search?q=rtx");
        assert_eq!(redacted_uri(&uri("/")), "/");
    }
}
