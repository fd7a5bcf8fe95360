//! The shared state every request and worker reads: payment providers, limits, store settings.

use std::sync::Arc;

use app::auth::rate_limit::{Limit, Limits};
use app::domain::account::SessionPolicy;
use app::domain::cart::CartLimits;
use app::payments::paypal::{PayPalConfig, PayPalProvider};
use app::payments::stripe::StripeProvider;
use app::payments::test_provider::TestProvider;
use app::payments::{PaymentProvider, Payments};
use app::state::{AppState, AuthConfig, CartConfig, CheckoutConfig, SharedState, StoreConfig};
use redis::aio::ConnectionManager;
use sqlx::PgPool;

use crate::config::{PayPalSettings, PaymentProviderChoice, Settings, StripeSettings};

fn paypal_provider(paypal: &PayPalSettings, store_name: &str) -> PayPalProvider {
    PayPalProvider::new(PayPalConfig {
        client_id: paypal.client_id.clone(),
        client_secret: paypal.client_secret.expose().to_string(),
        webhook_id: paypal.webhook_id.clone(),
        api_base: paypal.api_base.clone(),
        brand: store_name.to_string(),
    })
    // Building the HTTP client only fails when TLS cannot be set up at all.
    .expect("an HTTP client for PayPal")
}

fn stripe_provider(stripe: &StripeSettings) -> StripeProvider {
    StripeProvider::new(
        stripe.secret_key.expose(),
        stripe.webhook_secret.expose(),
        stripe.api_base.as_deref(),
    )
    // Building the client only fails on a key that is not a valid header value, which the
    // settings refuse.
    .expect("a Stripe key the settings accepted")
}

/// Shared state from settings and already-open connections.
pub fn build_state(settings: &Settings, db: PgPool, redis: ConnectionManager) -> AppState {
    let redis_prefix: &'static str = Box::leak(settings.redis_prefix.clone().into_boxed_str());
    let mut test_payments = None;
    let providers: Vec<Arc<dyn PaymentProvider>> = settings
        .payment_providers
        .iter()
        .map(|choice| -> Arc<dyn PaymentProvider> {
            match choice {
                PaymentProviderChoice::Test => {
                    let provider = Arc::new(TestProvider {
                        secret: settings.test_payments_secret.expose().to_string(),
                        site_url: settings.site_url.clone(),
                        redis: redis.clone(),
                        prefix: redis_prefix,
                    });
                    test_payments = Some(provider.clone());
                    provider
                }
                PaymentProviderChoice::Stripe(stripe) => Arc::new(stripe_provider(stripe)),
                PaymentProviderChoice::PayPal(paypal) => {
                    Arc::new(paypal_provider(paypal, &settings.store_name))
                }
            }
        })
        .collect();
    let payments = Payments::new(providers);
    let limit = |name, max| Limit {
        name,
        max,
        window_secs: settings.limit_window_secs,
    };
    AppState::new(SharedState {
        leptos_options: settings.leptos.clone(),
        db,
        redis,
        store: StoreConfig {
            site_url: settings.site_url.clone(),
            name: settings.store_name.clone(),
            currency: settings.currency,
            ship_to: settings.ship_to.clone(),
            logo: settings.store_logo.clone(),
            support_email: settings.support_email.clone(),
        },
        auth: AuthConfig {
            sessions: SessionPolicy {
                idle_secs: settings.session_idle_days * 86_400,
                absolute_secs: settings.session_max_days * 86_400,
            },
            secure_cookies: settings.cookie_secure,
            limits: Limits {
                sign_in_per_ip: limit("sign-in-ip", settings.limit_sign_in_per_ip),
                sign_in_per_email: limit("sign-in-email-ip", settings.limit_sign_in_per_email),
                sign_in_per_email_global: limit(
                    "sign-in-email",
                    settings.limit_sign_in_per_email_global,
                ),
                sign_up_per_ip: limit("sign-up-ip", settings.limit_sign_up_per_ip),
                sign_up_per_email: limit("sign-up-email", settings.limit_sign_up_per_email),
                stock_alerts_per_ip: limit("stock-alerts-ip", settings.limit_stock_alerts_per_ip),
                stock_alerts_per_email: limit(
                    "stock-alerts-email",
                    settings.limit_stock_alerts_per_email,
                ),
                reset_per_ip: limit("reset-ip", settings.limit_reset_per_ip),
                reset_per_email: limit("reset-email", settings.limit_reset_per_email),
                resend_per_account: limit("resend-account", settings.limit_resend_per_account),
                reset_confirm_per_ip: limit(
                    "reset-confirm-ip",
                    settings.limit_reset_confirm_per_ip,
                ),
                password_check_per_account: limit(
                    "password-check-account",
                    settings.limit_password_check_per_account,
                ),
                checkout_per_ip: limit("checkout-ip", settings.limit_checkout_per_ip),
                api_per_ip: Limit {
                    name: "api-ip",
                    max: settings.limit_api_per_minute,
                    window_secs: 60,
                },
                pages_per_ip: Limit {
                    name: "pages-ip",
                    max: settings.limit_pages_per_minute,
                    window_secs: 60,
                },
            },
            trust_forwarded_for: settings.trust_forwarded_for,
            // Leaked once per state built (once per process, or per test app): a few bytes.
            redis_prefix,
        },
        cart: CartConfig {
            limits: CartLimits {
                max_quantity: settings.cart_max_quantity,
                max_lines: settings.cart_max_lines,
            },
            idle_secs: settings.cart_idle_days * 86_400,
        },
        checkout: CheckoutConfig {
            shipping: settings.shipping,
            reserve_secs: settings.reservation_secs,
            holds: settings.holds,
        },
        payments,
        test_payments,
        media: app::state::MediaConfig {
            dir: settings.media_dir.clone(),
            max_bytes: settings.image_max_bytes,
        },
        settings: Arc::default(),
    })
}

/// Reads the store's settings (announcement, returns, delivery times) before the first page.
/// When the database cannot be read the store starts with the defaults (readiness says the
/// database is down) and `follow_store_settings` tries again every few seconds.
pub async fn load_store_settings(state: &AppState) {
    if let Err(error) = state.settings.reload(&state.db).await {
        tracing::warn!(%error, "could not read the store's settings; using the defaults until it can");
    }
}
