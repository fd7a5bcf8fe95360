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
