//! The ways to pay a checkout offers (`OXCART_PAYMENT_PROVIDERS`) and each provider's
//! credentials: Oxcart's test checkout, Stripe and PayPal.

use super::Secret;

/// Payment providers this build has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentProviderChoice {
    /// Oxcart's own hosted test checkout (development and tests only).
    Test,
    /// Stripe's hosted Checkout.
    Stripe(StripeSettings),
    /// PayPal Checkout (Orders v2).
    PayPal(PayPalSettings),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StripeSettings {
    /// `sk_live_...` or `sk_test_...` (or a restricted key allowed to write Checkout Sessions
    /// and Refunds).
    pub secret_key: Secret,
    /// The endpoint's signing secret, `whsec_...` (from the dashboard or `stripe listen`).
    pub webhook_secret: Secret,
    /// None for api.stripe.com; a local fake's address in tests and development.
    pub api_base: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayPalSettings {
    /// The REST app's client id and secret (developer.paypal.com, Apps & Credentials).
    pub client_id: String,
    pub client_secret: Secret,
    /// The id PayPal gave the webhook pointing at `/webhooks/paypal`.
    pub webhook_id: String,
    /// PayPal's sandbox or live API, or a local fake's address.
    pub api_base: String,
}

const PROVIDER_NAMES: &str = "test, stripe or paypal";

fn stripe_settings(var: &impl Fn(&str) -> Option<String>) -> anyhow::Result<StripeSettings> {
    let Some(secret_key) = var("OXCART_STRIPE_SECRET_KEY") else {
        anyhow::bail!("Stripe needs OXCART_STRIPE_SECRET_KEY and OXCART_STRIPE_WEBHOOK_SECRET");
    };
    if !secret_key.chars().all(|c| c.is_ascii_graphic()) {
        anyhow::bail!("OXCART_STRIPE_SECRET_KEY has spaces or other characters a key never has");
    }
    let Some(webhook_secret) = var("OXCART_STRIPE_WEBHOOK_SECRET") else {
        anyhow::bail!(
            "OXCART_STRIPE_WEBHOOK_SECRET is required with Stripe (the endpoint's signing secret, whsec_...; `stripe listen` prints one)"
        );
    };
    Ok(StripeSettings {
        secret_key: Secret::new(secret_key),
        webhook_secret: Secret::new(webhook_secret),
        api_base: var("OXCART_STRIPE_API_BASE"),
    })
}

fn paypal_settings(var: &impl Fn(&str) -> Option<String>) -> anyhow::Result<PayPalSettings> {
    let (Some(client_id), Some(client_secret)) = (
        var("OXCART_PAYPAL_CLIENT_ID"),
        var("OXCART_PAYPAL_CLIENT_SECRET"),
    ) else {
        anyhow::bail!(
            "PayPal needs OXCART_PAYPAL_CLIENT_ID, OXCART_PAYPAL_CLIENT_SECRET and OXCART_PAYPAL_WEBHOOK_ID"
        );
    };
    let Some(webhook_id) = var("OXCART_PAYPAL_WEBHOOK_ID") else {
        anyhow::bail!(
            "OXCART_PAYPAL_WEBHOOK_ID is required with PayPal (the id PayPal shows for the webhook you added for https://<your site>/webhooks/paypal)"
        );
    };
    let mode_base = match var("OXCART_PAYPAL_MODE").as_deref() {
        None | Some("sandbox") => app::payments::paypal::SANDBOX_API,
        Some("live") => app::payments::paypal::LIVE_API,
        Some(other) => {
            anyhow::bail!("invalid value for OXCART_PAYPAL_MODE: {other:?} (sandbox or live)")
        }
    };
    Ok(PayPalSettings {
        client_id,
        client_secret: Secret::new(client_secret),
        webhook_id,
        api_base: var("OXCART_PAYPAL_API_BASE").unwrap_or_else(|| mode_base.to_string()),
    })
}

/// `OXCART_PAYMENT_PROVIDERS`: the ways to pay checkout offers, in order, the first chosen by
/// default (`stripe,paypal`); `OXCART_PAYMENT_PROVIDER` names one. Unset: every provider with
/// credentials (Stripe, then PayPal), or the test provider when none has.
pub(super) fn payment_providers(
    var: &impl Fn(&str) -> Option<String>,
) -> anyhow::Result<Vec<PaymentProviderChoice>> {
    let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    let asked = var("OXCART_PAYMENT_PROVIDERS").or_else(|| var("OXCART_PAYMENT_PROVIDER"));
    let names: Vec<String> = match asked {
        Some(list) => list
            .split(',')
            .map(|n| n.trim().to_ascii_lowercase())
            .filter(|n| !n.is_empty())
            .collect(),
        None => {
            let mut names = Vec::new();
            if var("OXCART_STRIPE_SECRET_KEY").is_some() {
                names.push("stripe".to_string());
            }
            if var("OXCART_PAYPAL_CLIENT_ID").is_some() {
                names.push("paypal".to_string());
            }
            if names.is_empty() {
                names.push("test".to_string());
            }
            names
        }
    };
    let mut providers = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            anyhow::bail!("OXCART_PAYMENT_PROVIDERS names {name} twice");
        }
        providers.push(match name.as_str() {
            "test" => PaymentProviderChoice::Test,
            "stripe" => PaymentProviderChoice::Stripe(stripe_settings(&var)?),
            "paypal" => PaymentProviderChoice::PayPal(paypal_settings(&var)?),
            other => anyhow::bail!(
                "invalid payment provider in OXCART_PAYMENT_PROVIDERS: {other:?} ({PROVIDER_NAMES})"
            ),
        });
    }
    if providers.is_empty() {
        anyhow::bail!("OXCART_PAYMENT_PROVIDERS is empty: name at least one of {PROVIDER_NAMES}");
    }
    Ok(providers)
}
