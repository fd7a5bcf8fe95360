//! `Settings`: every knob of the server, read once from the environment at startup (and from
//! `.env` in development). Each variable is documented in `.env.example`. Invalid values stop
//! the server with the variable's name.

use std::fmt;

use anyhow::{anyhow, Context};
use app::domain::money::Currency;

/// A value that must never be printed (connection strings carry passwords).
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoData {
    /// Load the demo catalog at startup when the store has no products.
    Auto,
    Never,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub database_url: Secret,
    pub database_max_connections: u32,
    pub redis_url: Secret,
    /// Public origin of the store, used for canonical URLs and the sitemap.
    pub site_url: String,
    pub store_name: String,
    pub currency: Currency,
    pub log_format: LogFormat,
    pub demo_data: DemoData,
    /// Serve `/__bench/static` (a same-size static page for benchmark baselines).
    pub bench_routes: bool,
    pub leptos: leptos::config::LeptosOptions,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parse<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T>
where
    T::Err: fmt::Display,
{
    match var(name) {
        Some(raw) => raw
            .trim()
            .parse()
            .map_err(|e| anyhow!("invalid value for {name}: {raw:?} ({e})")),
        None => Ok(default),
    }
}

impl Settings {
    /// Reads the environment; a missing variable takes its development default.
    pub fn from_env() -> anyhow::Result<Settings> {
        let site_url = var("OXCART_SITE_URL").unwrap_or_else(|| "http://127.0.0.1:3000".into());
        if !(site_url.starts_with("http://") || site_url.starts_with("https://")) {
            anyhow::bail!("invalid value for OXCART_SITE_URL: {site_url:?} (must start with http:// or https://)");
        }
        let currency_code = var("OXCART_CURRENCY").unwrap_or_else(|| "USD".into());
        let currency = Currency::parse(&currency_code).ok_or_else(|| {
            anyhow!("invalid value for OXCART_CURRENCY: {currency_code:?} (USD, EUR or GBP)")
        })?;
        let log_format = match var("OXCART_LOG_FORMAT").as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => {
                anyhow::bail!("invalid value for OXCART_LOG_FORMAT: {other:?} (pretty or json)")
            }
        };
        let demo_data = match var("OXCART_DEMO_DATA").as_deref() {
            None | Some("auto") => DemoData::Auto,
            Some("never") => DemoData::Never,
            Some(other) => {
                anyhow::bail!("invalid value for OXCART_DEMO_DATA: {other:?} (auto or never)")
            }
        };
        let leptos = leptos::config::get_configuration(None)
            .context("reading the LEPTOS_* variables")?
            .leptos_options;
        Ok(Settings {
            database_url: Secret::new(
                var("DATABASE_URL")
                    .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/oxcart".into()),
            ),
            database_max_connections: parse("OXCART_DB_MAX_CONNECTIONS", 10)?,
            redis_url: Secret::new(
                var("REDIS_URL").unwrap_or_else(|| "redis://127.0.0.1:6379".into()),
            ),
            site_url: site_url.trim_end_matches('/').to_string(),
            store_name: var("OXCART_STORE_NAME").unwrap_or_else(|| "Oxcart".into()),
            currency,
            log_format,
            demo_data,
            bench_routes: parse("OXCART_BENCH_ROUTES", false)?,
            leptos,
        })
    }
}
