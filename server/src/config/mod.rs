//! `Settings`: every knob of the server, read once from the environment at startup (and from
//! `.env` in development). Each variable is documented in `.env.example`. Invalid values stop
//! the server with the variable's name.

mod payments;
#[cfg(test)]
mod tests;

use std::fmt;

use anyhow::{anyhow, Context};
use app::domain::money::Currency;

use payments::payment_providers;
pub use payments::{PayPalSettings, PaymentProviderChoice, StripeSettings};

/// A value that must never be printed (connection strings carry passwords).
#[derive(Clone, PartialEq, Eq)]
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
    /// Load the demo catalog and accounts at startup when the store has no products.
    Auto,
    /// Load them at every start (idempotent: what exists is left alone).
    Always,
    Never,
}

#[derive(Clone, Debug)]
pub enum MailSettings {
    /// Send through this SMTP server (`smtp://`, `smtp://...?tls=required`, `smtps://`).
    Smtp(Secret),
    /// Write each message into this folder (an `.eml` file and a `.json` copy).
    Mailbox(std::path::PathBuf),
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub database_url: Secret,
    pub database_max_connections: u32,
    /// Longest a single SQL statement may run, in milliseconds (Postgres's statement_timeout).
    pub database_statement_timeout_ms: u64,
    pub redis_url: Secret,
    /// Public origin of the store, used for canonical URLs and the sitemap.
    pub site_url: String,
    pub store_name: String,
    /// The logo emails show (`OXCART_STORE_LOGO_URL`: an https address or a path on the site);
    /// None: the store's name.
    pub store_logo: Option<String>,
    /// Where shoppers write with questions (`OXCART_SUPPORT_EMAIL`; by default the address
    /// emails are sent from, unless it is a no-reply one: then emails point to the site).
    pub support_email: Option<String>,
    pub currency: Currency,
    /// Countries the store ships to (ISO codes): the address forms, the checkout quote and
    /// placing all use this one list.
    pub ship_to: Vec<String>,
    pub log_format: LogFormat,
    /// Development mode: the site URL is loopback and the server listens on loopback only (or
    /// `OXCART_DEV=true` says a loopback site is reached through a wider bind, as in a dev
    /// container). Only then may demo data, the test payment provider and the dev mailbox run.
    pub development: bool,
    /// Default: `auto` in development, `never` otherwise.
    pub demo_data: DemoData,
    /// `/metrics` on the main address needs `Authorization: Bearer <this>` (absent: 404).
    pub metrics_token: Option<String>,
    /// A private address serving `/metrics` without a token (e.g. 127.0.0.1:9100).
    pub metrics_addr: Option<std::net::SocketAddr>,
    /// The rendered-page cache's budget in bytes (`OXCART_PAGE_CACHE_MB`, 64; 0 turns it off).
    pub page_cache_bytes: usize,
    /// Seconds a shared cache (a CDN) may serve a catalog page, and as long again stale while it
    /// revalidates (`OXCART_CDN_SECONDS`, 1; 0 keeps catalog pages out of shared caches).
    pub cdn_seconds: u32,
    /// Serve `/__bench/static` (a same-size static page for benchmark baselines).
    pub bench_routes: bool,
    /// Days a session may go unused before it expires.
    pub session_idle_days: i64,
    /// Days after which a session expires however active.
    pub session_max_days: i64,
    /// Mark the session cookie Secure (default: when OXCART_SITE_URL is https).
    pub cookie_secure: bool,
    /// Sign-in attempts per client IP, per email, and sign-ups per IP, each per window below.
    pub limit_sign_in_per_ip: u64,
    pub limit_sign_in_per_email: u64,
    /// Sign-in attempts per email from all clients together, per window.
    pub limit_sign_in_per_email_global: u64,
    pub limit_sign_up_per_ip: u64,
    /// Sign-up requests per email address (each one sends a message there), per window.
    pub limit_sign_up_per_email: u64,
    /// Back-in-stock alert requests per client IP and per email address (each sends one
    /// message there), per window.
    pub limit_stock_alerts_per_ip: u64,
    pub limit_stock_alerts_per_email: u64,
    /// Password-reset requests per IP and per email, verification resends per account.
    pub limit_reset_per_ip: u64,
    pub limit_reset_per_email: u64,
    pub limit_resend_per_account: u64,
    /// Emailed-link uses that set a password (reset, finishing a sign-up) per IP, and
    /// current-password checks per account, per window.
    pub limit_reset_confirm_per_ip: u64,
    pub limit_password_check_per_account: u64,
    pub limit_window_secs: u64,
    /// The general ceiling: server-function calls per client IP per minute.
    pub limit_api_per_minute: u64,
    /// Server-rendered pages per client IP per minute.
    pub limit_pages_per_minute: u64,
    /// Checkout calls (quote and place) per client per window.
    pub limit_checkout_per_ip: u64,
    /// Unpaid orders one email, one client and one browser may hold at once, and the units one
    /// order may hold.
    pub holds: app::domain::order::HoldLimits,
    pub trust_forwarded_for: bool,
    /// Largest quantity of one cart line, most distinct lines, and days an unused signed-in
    /// cart is kept.
    pub cart_max_quantity: u32,
    pub cart_max_lines: usize,
    pub cart_idle_days: u64,
    /// Where email goes: an SMTP server, or files in a local mailbox folder (development).
    pub mail: MailSettings,
    /// The From header of every email.
    pub mail_from: String,
    /// How often the outbox worker looks for due messages, in milliseconds.
    pub outbox_poll_ms: u64,
    /// Prefix of every Redis key (several stores, or test runs, can share one Redis).
    pub redis_prefix: String,
    /// The payment providers checkout offers, the default first.
    pub payment_providers: Vec<PaymentProviderChoice>,
    /// The test provider's signing secret (random per process unless set).
    pub test_payments_secret: Secret,
    /// Domain events: how often the relay looks for new ones (ms), whether a commit that
    /// recorded some wakes it at once, how long published ones are kept in the database
    /// (seconds), and the Redis stream's cap (entries).
    pub events_poll_ms: u64,
    pub events_wake: bool,
    pub events_retention_secs: i64,
    pub events_stream_max: usize,
    /// Seconds an unpaid order holds its stock, and how often expired holds are released.
    pub reservation_secs: i64,
    pub reservation_sweep_ms: u64,
    /// Flat shipping rates and the free-standard-shipping threshold, in minor units.
    pub shipping: app::domain::order::ShippingRates,
    /// Where uploaded product images are stored (served at /media/uploads/), and the largest
    /// image file accepted, in bytes.
    pub media_dir: std::path::PathBuf,
    pub image_max_bytes: usize,
    pub leptos: leptos::config::LeptosOptions,
}

fn random_secret() -> String {
    format!(
        "whsec_test_{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

fn parse<T: std::str::FromStr>(
    var: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: T,
) -> anyhow::Result<T>
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
    /// Reads the environment; a missing or empty variable takes its development default.
    pub fn from_env() -> anyhow::Result<Settings> {
        let leptos = leptos::config::get_configuration(None)
            .context("reading the LEPTOS_* variables")?
            .leptos_options;
        Settings::from_lookup(
            |name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()),
            leptos,
        )
    }

    /// Builds settings from a variable lookup, failing with the name of the first bad variable.
    pub fn from_lookup(
        var: impl Fn(&str) -> Option<String>,
        leptos: leptos::config::LeptosOptions,
    ) -> anyhow::Result<Settings> {
        let site_url = var("OXCART_SITE_URL").unwrap_or_else(|| "http://127.0.0.1:3000".into());
        if !(site_url.starts_with("http://") || site_url.starts_with("https://")) {
            anyhow::bail!("invalid value for OXCART_SITE_URL: {site_url:?} (must start with http:// or https://)");
        }
        let currency_code = var("OXCART_CURRENCY").unwrap_or_else(|| "USD".into());
        let currency = Currency::parse(&currency_code).ok_or_else(|| {
            anyhow!("invalid value for OXCART_CURRENCY: {currency_code:?} (USD, EUR or GBP)")
        })?;
        let ship_to = ship_to(var("OXCART_SHIP_TO"))?;
        let log_format = match var("OXCART_LOG_FORMAT").as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => {
                anyhow::bail!("invalid value for OXCART_LOG_FORMAT: {other:?} (pretty or json)")
            }
        };
        let dev_flag: bool = parse(&var, "OXCART_DEV", false)?;
        let development =
            is_local_site(&site_url) && (leptos.site_addr.ip().is_loopback() || dev_flag);
        let demo_data = match var("OXCART_DEMO_DATA").as_deref() {
            None if development => DemoData::Auto,
            None => DemoData::Never,
            Some("auto") => DemoData::Auto,
            Some("always") => DemoData::Always,
            Some("never") => DemoData::Never,
            Some(other) => {
                anyhow::bail!(
                    "invalid value for OXCART_DEMO_DATA: {other:?} (auto, always or never)"
                )
            }
        };
        let bench_routes = parse(&var, "OXCART_BENCH_ROUTES", false)?;
        if bench_routes && !cfg!(feature = "dev-tools") {
            anyhow::bail!(
                "OXCART_BENCH_ROUTES=true needs a build with the dev-tools feature (scripts/bench builds one)"
            );
        }
        Ok(Settings {
            database_url: Secret::new(
                var("DATABASE_URL")
                    .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/oxcart".into()),
            ),
            database_max_connections: parse(&var, "OXCART_DB_MAX_CONNECTIONS", 10)?,
            database_statement_timeout_ms: parse(
                &var,
                "OXCART_DB_STATEMENT_TIMEOUT_MS",
                15_000_u64,
            )?
            .max(100),
            redis_url: Secret::new(
                var("REDIS_URL").unwrap_or_else(|| "redis://127.0.0.1:6379".into()),
            ),
            site_url: site_url.trim_end_matches('/').to_string(),
            store_name: var("OXCART_STORE_NAME").unwrap_or_else(|| "Oxcart".into()),
            store_logo: match var("OXCART_STORE_LOGO_URL") {
                Some(logo)
                    if logo.starts_with("https://")
                        || logo.starts_with("http://")
                        || logo.starts_with('/') =>
                {
                    Some(logo)
                }
                Some(logo) => anyhow::bail!(
                    "OXCART_STORE_LOGO_URL must be an http(s) address or a path starting with /, not {logo:?}"
                ),
                None => None,
            },
            support_email: match var("OXCART_SUPPORT_EMAIL") {
                Some(raw) => Some(
                    raw.parse::<lettre::Address>()
                        .map_err(|e| anyhow::anyhow!("invalid OXCART_SUPPORT_EMAIL {raw:?}: {e}"))?
                        .to_string(),
                ),
                None => var("OXCART_MAIL_FROM")
                    .and_then(|from| crate::mail::parse_from(&from).ok())
                    .map(|from| from.email)
                    .filter(|address| {
                        let user = address.user().to_ascii_lowercase().replace(['-', '_', '.'], "");
                        !matches!(user.as_str(), "noreply" | "donotreply")
                    })
                    .map(|address| address.to_string()),
            },
            currency,
            ship_to,
            log_format,
            development,
            demo_data,
            bench_routes,
            metrics_token: match var("OXCART_METRICS_TOKEN") {
                Some(token) if token.len() < 16 => anyhow::bail!(
                    "invalid value for OXCART_METRICS_TOKEN: use at least 16 characters"
                ),
                token => token,
            },
            metrics_addr: match var("OXCART_METRICS_ADDR") {
                None => None,
                Some(addr) => Some(addr.parse().map_err(|_| {
                    anyhow!("invalid value for OXCART_METRICS_ADDR: {addr:?} (host:port, e.g. 127.0.0.1:9100)")
                })?),
            },
            page_cache_bytes: parse(&var, "OXCART_PAGE_CACHE_MB", 64_usize)?.min(16 * 1024)
                * 1024
                * 1024,
            cdn_seconds: parse(&var, "OXCART_CDN_SECONDS", 1_u32)?.min(86_400),
            session_idle_days: parse(&var, "OXCART_SESSION_IDLE_DAYS", 14_i64)?.clamp(1, 365),
            session_max_days: parse(&var, "OXCART_SESSION_MAX_DAYS", 30_i64)?.clamp(1, 365),
            limit_sign_in_per_ip: parse(&var, "OXCART_LIMIT_SIGN_IN_PER_IP", 30)?,
            limit_sign_in_per_email: parse(&var, "OXCART_LIMIT_SIGN_IN_PER_EMAIL", 5)?,
            limit_sign_in_per_email_global: parse(
                &var,
                "OXCART_LIMIT_SIGN_IN_PER_EMAIL_GLOBAL",
                100,
            )?,
            limit_sign_up_per_ip: parse(&var, "OXCART_LIMIT_SIGN_UP_PER_IP", 10)?,
            limit_sign_up_per_email: parse(&var, "OXCART_LIMIT_SIGN_UP_PER_EMAIL", 3)?,
            limit_stock_alerts_per_ip: parse(&var, "OXCART_LIMIT_STOCK_ALERTS_PER_IP", 30)?,
            limit_stock_alerts_per_email: parse(&var, "OXCART_LIMIT_STOCK_ALERTS_PER_EMAIL", 10)?,
            limit_reset_per_ip: parse(&var, "OXCART_LIMIT_RESET_PER_IP", 10)?,
            limit_reset_per_email: parse(&var, "OXCART_LIMIT_RESET_PER_EMAIL", 3)?,
            limit_resend_per_account: parse(&var, "OXCART_LIMIT_RESEND_PER_ACCOUNT", 3)?,
            limit_reset_confirm_per_ip: parse(&var, "OXCART_LIMIT_RESET_CONFIRM_PER_IP", 10)?,
            limit_password_check_per_account: parse(
                &var,
                "OXCART_LIMIT_PASSWORD_CHECK_PER_ACCOUNT",
                10,
            )?,
            limit_window_secs: parse(&var, "OXCART_LIMIT_WINDOW_SECS", 900)?,
            limit_api_per_minute: parse(&var, "OXCART_LIMIT_API_PER_MINUTE", 600)?,
            limit_pages_per_minute: parse(&var, "OXCART_LIMIT_PAGES_PER_MINUTE", 300)?,
            limit_checkout_per_ip: parse(&var, "OXCART_LIMIT_CHECKOUT_PER_IP", 60)?,
            holds: app::domain::order::HoldLimits {
                per_email: parse(&var, "OXCART_HOLDS_PER_EMAIL", 3_i64)?.max(1),
                per_client: parse(&var, "OXCART_HOLDS_PER_CLIENT", 5_i64)?.max(1),
                per_browser: parse(&var, "OXCART_HOLDS_PER_BROWSER", 3_i64)?.max(1),
                units_per_order: parse(&var, "OXCART_MAX_UNITS_PER_ORDER", 50_u32)?.max(1),
            },
            cart_max_quantity: parse(&var, "OXCART_CART_MAX_QUANTITY", 10_u32)?.clamp(1, 999),
            cart_max_lines: parse(&var, "OXCART_CART_MAX_LINES", 100_usize)?.clamp(1, 1000),
            cart_idle_days: parse(&var, "OXCART_CART_IDLE_DAYS", 90_u64)?.clamp(1, 3650),
            mail: match var("OXCART_SMTP_URL") {
                Some(url) if url.starts_with("smtp://") || url.starts_with("smtps://") => {
                    MailSettings::Smtp(Secret::new(url))
                }
                Some(_) => anyhow::bail!(
                    "invalid value for OXCART_SMTP_URL (must start with smtp:// or smtps://)"
                ),
                None => MailSettings::Mailbox(
                    var("OXCART_MAILBOX_DIR")
                        .unwrap_or_else(|| "target/mailbox".into())
                        .into(),
                ),
            },
            mail_from: var("OXCART_MAIL_FROM")
                .unwrap_or_else(|| "Oxcart <no-reply@oxcart.localhost>".into()),
            outbox_poll_ms: parse(&var, "OXCART_OUTBOX_POLL_MS", 1000_u64)?.max(50),
            trust_forwarded_for: parse(&var, "OXCART_TRUST_FORWARDED_FOR", false)?,
            redis_prefix: var("OXCART_REDIS_PREFIX").unwrap_or_else(|| "oxcart".into()),
            cookie_secure: parse(
                &var,
                "OXCART_COOKIE_SECURE",
                site_url.starts_with("https://"),
            )?,
            payment_providers: payment_providers(&var)?,
            test_payments_secret: Secret::new(
                var("OXCART_TEST_PAYMENTS_SECRET").unwrap_or_else(random_secret),
            ),
            events_poll_ms: parse(&var, "OXCART_EVENTS_POLL_MS", 100_u64)?.clamp(10, 60_000),
            events_wake: parse(&var, "OXCART_EVENTS_WAKE", true)?,
            events_retention_secs: parse(&var, "OXCART_EVENTS_RETENTION_HOURS", 168_i64)?
                .clamp(1, 24 * 365)
                * 3600,
            events_stream_max: parse(&var, "OXCART_EVENTS_STREAM_MAX", 100_000_usize)?
                .clamp(100, 10_000_000),
            reservation_secs: parse(&var, "OXCART_RESERVATION_SECS", 1800_i64)?.clamp(5, 86_400),
            reservation_sweep_ms: parse(&var, "OXCART_RESERVATION_SWEEP_MS", 15_000_u64)?.max(100),
            shipping: app::domain::order::ShippingRates {
                standard: parse(&var, "OXCART_SHIPPING_STANDARD_MINOR", 599_i64)?.max(0),
                express: parse(&var, "OXCART_SHIPPING_EXPRESS_MINOR", 1999_i64)?.max(0),
                free_from: match parse(&var, "OXCART_FREE_SHIPPING_FROM_MINOR", 10_000_i64)? {
                    n if n <= 0 => None,
                    n => Some(n),
                },
            },
            media_dir: var("OXCART_MEDIA_DIR")
                .unwrap_or_else(|| "media".into())
                .into(),
            image_max_bytes: parse(&var, "OXCART_IMAGE_MAX_BYTES", 5_usize << 20)?
                .clamp(1024, 100 << 20),
            leptos,
        })
    }

    /// Refuses configurations that must never run outside development: the test payment
    /// provider (anyone could "pay" with its button) and demo data (its accounts have
    /// passwords published in the README).
    pub fn check_production_safety(&self) -> anyhow::Result<()> {
        if self.development {
            return Ok(());
        }
        let why = format!(
            "OXCART_SITE_URL ({}) is not a loopback address, or the server listens beyond loopback ({}) without OXCART_DEV=true",
            self.site_url, self.leptos.site_addr
        );
        if self
            .payment_providers
            .contains(&PaymentProviderChoice::Test)
        {
            anyhow::bail!(
                "the test payment provider is for development only, and {why}: configure a real provider"
            );
        }
        if self.demo_data != DemoData::Never {
            anyhow::bail!(
                "OXCART_DEMO_DATA={} would create demo accounts whose passwords are published, and {why}: unset it (or set never) and create your admin with `server create-admin`",
                match self.demo_data {
                    DemoData::Auto => "auto",
                    _ => "always",
                }
            );
        }
        Ok(())
    }
}

/// `OXCART_SHIP_TO`: comma-separated ISO country codes (default: every country Oxcart knows).
fn ship_to(value: Option<String>) -> anyhow::Result<Vec<String>> {
    use app::domain::address::{country_name, COUNTRIES};
    let Some(value) = value else {
        return Ok(COUNTRIES.iter().map(|(c, _)| c.to_string()).collect());
    };
    let mut codes = Vec::new();
    for code in value.split(',').map(|c| c.trim().to_ascii_uppercase()) {
        if code.is_empty() {
            continue;
        }
        if country_name(&code).is_none() {
            let known: Vec<&str> = COUNTRIES.iter().map(|(c, _)| *c).collect();
            anyhow::bail!(
                "invalid value for OXCART_SHIP_TO: {code:?} is not a country Oxcart knows ({})",
                known.join(", ")
            );
        }
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    if codes.is_empty() {
        anyhow::bail!("invalid value for OXCART_SHIP_TO: name at least one country code");
    }
    Ok(codes)
}

/// Whether the site URL points at this machine (the store runs in development).
pub fn is_local_site(site_url: &str) -> bool {
    let host = crate::routes::csrf::origin_of(site_url)
        .split("://")
        .nth(1)
        .unwrap_or("");
    let host = host.rsplit_once(':').map_or(host, |(h, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            host
        }
    });
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}
