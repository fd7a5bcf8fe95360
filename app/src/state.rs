//! Server state shared by routes and server functions: built once at startup, passed through
//! axum state and Leptos context, never a global.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use redis::aio::ConnectionManager;
use sqlx::PgPool;

use crate::domain::account::SessionPolicy;
use crate::domain::money::Currency;

/// What every request handler may need: a handle to one shared [`SharedState`], since axum's
/// middlewares and Leptos's context clone the state several times for every request (a deep copy
/// of the configuration was about a tenth of a product page's rendering instructions).
#[derive(Clone)]
pub struct AppState(std::sync::Arc<SharedState>);

impl AppState {
    pub fn new(shared: SharedState) -> Self {
        AppState(std::sync::Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = SharedState;

    fn deref(&self) -> &SharedState {
        &self.0
    }
}

/// The state itself, built once at startup.
pub struct SharedState {
    pub leptos_options: LeptosOptions,
    pub db: PgPool,
    pub redis: ConnectionManager,
    pub store: StoreConfig,
    pub auth: AuthConfig,
    pub cart: CartConfig,
    pub checkout: CheckoutConfig,
    /// The payment providers the store offers (the shopper chooses at checkout).
    pub payments: crate::payments::Payments,
    /// The built-in test provider, when it is one of them (its hosted page needs it).
    pub test_payments: Option<std::sync::Arc<crate::payments::test_provider::TestProvider>>,
    pub media: MediaConfig,
    /// The settings admins edit (announcement, returns, warranty, delivery times).
    pub settings: std::sync::Arc<SettingsCell>,
}

/// The store's settings as this instance last read them (`db::settings`): reloaded on
/// `store.changed` and every few minutes (the time zone's offset moves with daylight saving).
#[derive(Default)]
pub struct SettingsCell(std::sync::RwLock<std::sync::Arc<LoadedSettings>>);

/// The settings and the store's UTC offset when they were read.
#[derive(Default)]
pub struct LoadedSettings {
    pub settings: crate::domain::settings::StoreSettings,
    pub offset_secs: i32,
}

impl SettingsCell {
    pub fn get(&self) -> std::sync::Arc<LoadedSettings> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Reads them again from the database.
    pub async fn reload(&self, db: &PgPool) -> Result<(), sqlx::Error> {
        let (settings, offset_secs) = crate::db::settings::load(db).await?;
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = std::sync::Arc::new(LoadedSettings {
            settings,
            offset_secs,
        });
        Ok(())
    }

    /// The store's clock now.
    pub fn clock(&self) -> crate::domain::delivery::StoreClock {
        let unix = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        crate::domain::delivery::StoreClock {
            unix,
            offset_secs: self.get().offset_secs,
        }
    }

    /// When an order placed now would leave and arrive with `method`.
    pub fn promise(
        &self,
        method: crate::domain::order::ShippingMethod,
    ) -> crate::domain::delivery::DeliveryPromise {
        let loaded = self.get();
        let delivery = &loaded.settings.delivery;
        crate::domain::delivery::promise(self.clock(), delivery, delivery.days(method))
    }
}

/// Where uploaded images are stored and how large they may be.
#[derive(Clone, Debug)]
pub struct MediaConfig {
    /// The directory served at `/media/uploads/`.
    pub dir: std::path::PathBuf,
    /// The largest image file accepted, in bytes.
    pub max_bytes: usize,
}

/// Shipping rates and how long unpaid orders hold their stock.
#[derive(Clone, Copy, Debug)]
pub struct CheckoutConfig {
    pub shipping: crate::domain::order::ShippingRates,
    pub reserve_secs: i64,
    /// Caps on unpaid orders per email, client and browser, and on units per order.
    pub holds: crate::domain::order::HoldLimits,
}

/// Cart limits and lifetime.
#[derive(Clone, Copy, Debug)]
pub struct CartConfig {
    pub limits: crate::domain::cart::CartLimits,
    /// Seconds a signed-in customer's cart lives unused (refreshed on every change).
    pub idle_secs: u64,
}

/// How sessions and their cookie behave.
#[derive(Clone, Copy, Debug)]
pub struct AuthConfig {
    pub sessions: SessionPolicy,
    /// Mark the session cookie `Secure` (on whenever the site is served over https).
    pub secure_cookies: bool,
    pub limits: crate::auth::rate_limit::Limits,
    /// Use the last X-Forwarded-For address as the client IP (only behind your own proxy).
    pub trust_forwarded_for: bool,
    /// Prefix of every Redis key this instance writes.
    pub redis_prefix: &'static str,
}

/// Public facts about the store, used to build absolute URLs and prices.
#[derive(Clone, Debug)]
pub struct StoreConfig {
    /// The public origin without a trailing slash, e.g. `https://shop.example.com`.
    pub site_url: String,
    pub name: String,
    pub currency: Currency,
    /// The countries the store ships to (ISO codes from `domain::address::COUNTRIES`).
    pub ship_to: Vec<String>,
    /// The logo emails show (an absolute address or a path on the site); None: the name.
    pub logo: Option<String>,
    /// Where shoppers write with questions (every email's foot says so; None: the site).
    pub support_email: Option<String>,
}

impl StoreConfig {
    /// Who the emails are from.
    pub fn brand(&self) -> crate::domain::mail::Brand<'_> {
        crate::domain::mail::Brand {
            name: &self.name,
            site_url: &self.site_url,
            logo: self.logo.as_deref(),
            support_email: self.support_email.as_deref(),
        }
    }

    /// Whether the store ships to this (upper-case) country code.
    pub fn ships_to(&self, country: &str) -> bool {
        self.ship_to.iter().any(|c| c == country)
    }
}

impl AppState {
    /// What the browser needs to know of the store (sent once in the page's head).
    pub fn store_facts(&self) -> crate::domain::store::StoreFacts {
        crate::domain::store::StoreFacts {
            name: self.store.name.clone(),
            currency: self.store.currency,
            ship_to: self.store.ship_to.clone(),
            max_quantity: self.cart.limits.max_quantity,
            payment_methods: self.payments.methods(),
            trust: {
                let loaded = self.settings.get();
                let s = &loaded.settings;
                let free_from = self
                    .checkout
                    .shipping
                    .free_from
                    .map(|minor| crate::domain::money::Money::new(minor, self.store.currency));
                crate::domain::store::Trust {
                    announcement: s.announcement_text(free_from),
                    returns: s.returns_phrase(),
                    warranty: s.warranty_phrase(),
                }
            },
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state provided to the current request (server functions and SSR).
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        crate::error::AppError::Internal
    })
}
