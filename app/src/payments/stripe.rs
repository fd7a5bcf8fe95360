//! The `stripe` provider: Stripe's hosted Checkout (async-stripe, Checkout Sessions in payment
//! mode). Card data never reaches Oxcart. Lines are priced from the order's snapshot (never from
//! the browser), tax is one line, shipping is the session's shipping option; the total Stripe
//! computes must equal the order's or the session is not used. The API base URL is a setting, so
//! tests and development point it at a local fake that speaks Stripe's protocol.

use std::collections::HashMap;

use stripe::{Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeError, StripeRequest};
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData,
    CreateCheckoutSessionShippingOptions, CreateCheckoutSessionShippingOptionsShippingRateData,
    CreateCheckoutSessionShippingOptionsShippingRateDataFixedAmount,
    CreateCheckoutSessionShippingOptionsShippingRateDataType, ProductData, RetrieveCheckoutSession,
};
use stripe_core::refund::CreateRefund;
use stripe_shared::{CheckoutSession, CheckoutSessionMode};

use super::events::outcome_of;
use super::{
    CheckoutRequest, HostedCheckout, Notification, NotificationError, PaymentProvider,
    ProviderError,
};
use crate::domain::money::Money;

/// Stripe accepts `expires_at` from 30 minutes to 24 hours after the session is created.
pub const MIN_EXPIRY_SECS: i64 = 30 * 60;
pub const MAX_EXPIRY_SECS: i64 = 24 * 60 * 60;
/// Room for the clocks of Oxcart and Stripe to disagree.
const CLOCK_MARGIN_SECS: i64 = 60;

pub struct StripeProvider {
    client: Client,
    webhook_secret: String,
    /// A live key (`sk_live_`/`rk_live_`): only live-mode events are accepted, and the reverse.
    live: bool,
}

impl StripeProvider {
    /// `api_base`: None for api.stripe.com; a URL for a local fake.
    pub fn new(
        secret_key: &str,
        webhook_secret: &str,
        api_base: Option<&str>,
    ) -> Result<StripeProvider, String> {
        let mut builder =
            ClientBuilder::new(secret_key).timeout(std::time::Duration::from_secs(20));
        if let Some(base) = api_base {
            // The client appends paths like `v1/checkout/sessions` to the base.
            let base = format!("{}/", base.trim_end_matches('/'));
            builder = builder.url(base);
        }
        let client = builder.build().map_err(|e| e.to_string())?;
        Ok(StripeProvider {
            client,
            webhook_secret: webhook_secret.to_string(),
            live: secret_key.starts_with("sk_live_") || secret_key.starts_with("rk_live_"),
        })
    }
}

/// When the session should expire: at the end of the stock reservation, moved into the window
/// Stripe accepts (the order's hold is then extended to match, see `HostedCheckout`).
pub fn session_expiry(reserved_until: i64, now: i64) -> i64 {
    reserved_until.clamp(
        now + MIN_EXPIRY_SECS + CLOCK_MARGIN_SECS,
        now + MAX_EXPIRY_SECS - CLOCK_MARGIN_SECS,
    )
}

fn line_name(product: &str, options: &str) -> String {
    if options.is_empty() {
        product.to_string()
    } else {
        format!("{product} ({options})")
    }
}

/// The Checkout Session for an order, from its snapshot.
pub fn session_request(request: &CheckoutRequest<'_>, expires_at: i64) -> CreateCheckoutSession {
    let order = request.order;
    let currency: stripe_types::Currency = order
        .currency
        .code()
        .to_ascii_lowercase()
        .parse()
        .unwrap_or(stripe_types::Currency::USD);
    let price = |name: String, unit_amount: i64, quantity: u64| {
        let mut data = CreateCheckoutSessionLineItemsPriceData::new(currency.clone());
        data.unit_amount = Some(unit_amount);
        data.product_data = Some(ProductData::new(name));
        let mut item = CreateCheckoutSessionLineItems::new();
        item.price_data = Some(data);
        item.quantity = Some(quantity);
        item
    };
    let mut items: Vec<CreateCheckoutSessionLineItems> = request
        .lines
        .iter()
        .map(|l| {
            price(
                line_name(&l.product_name, &l.options),
                l.unit_price,
                l.quantity.max(0) as u64,
            )
        })
        .collect();
    if order.tax > 0 {
        let percent = f64::from(order.tax_rate_bp) / 100.0;
        items.push(price(format!("Tax ({percent}%)"), order.tax, 1));
    }
    let mut rate = CreateCheckoutSessionShippingOptionsShippingRateData::new(format!(
        "{} shipping",
        capitalised(&order.shipping_method)
    ));
    rate.type_ = Some(CreateCheckoutSessionShippingOptionsShippingRateDataType::FixedAmount);
    rate.fixed_amount = Some(
        CreateCheckoutSessionShippingOptionsShippingRateDataFixedAmount::new(
            order.shipping,
            currency,
        ),
    );
    let mut shipping = CreateCheckoutSessionShippingOptions::new();
    shipping.shipping_rate_data = Some(rate);
    let metadata = HashMap::from([
        ("order_id".to_string(), order.id.to_string()),
        ("order_number".to_string(), order.number.clone()),
    ]);
    CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Payment)
        .line_items(items)
        .shipping_options(vec![shipping])
        .customer_email(order.email.clone())
        .client_reference_id(order.id.to_string())
        .metadata(metadata)
        .success_url(request.success_url.clone())
        .cancel_url(request.cancel_url.clone())
        .expires_at(expires_at)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn unavailable(error: StripeError) -> ProviderError {
    ProviderError::Unavailable(match error {
        StripeError::Stripe(api, status) => format!(
            "Stripe answered {status}: {}",
            api.message.as_deref().unwrap_or("(no message)")
        ),
        other => other.to_string(),
    })
}

/// A refund call's failure: Stripe's own 4xx answers are refusals (retrying will not help);
/// anything else (no answer, a timeout, Stripe's 5xx or 429) may have taken effect or may work
/// later, so the refund stays pending and is retried with the same idempotency key.
fn refund_error(error: StripeError) -> ProviderError {
    match &error {
        StripeError::Stripe(_, status) if (400..500).contains(status) && *status != 429 => {
            match unavailable(error) {
                ProviderError::Unavailable(m) | ProviderError::Refused(m) => {
                    ProviderError::Refused(m)
                }
            }
        }
        _ => unavailable(error),
    }
}

/// What a retrieved session means for its order.
pub fn session_state(session: &CheckoutSession) -> Option<crate::db::orders::PaymentOutcome> {
    let payment_intent = session
        .payment_intent
        .as_ref()
        .map(|pi| pi.id().to_string());
    outcome_of(
        session.status.as_ref().map(|s| s.as_str()),
        Some(session.payment_status.as_str()),
        payment_intent,
        session.id.as_str(),
    )
}

#[async_trait::async_trait]
impl PaymentProvider for StripeProvider {
    fn name(&self) -> &'static str {
        "stripe"
    }

    async fn create_checkout(
        &self,
        request: CheckoutRequest<'_>,
    ) -> Result<HostedCheckout, ProviderError> {
        let order = request.order;
        let expires_at = session_expiry(request.expires_at, super::now_secs());
        // One session per order: a retried or concurrent call gets the same session back.
        let key = IdempotencyKey::new(format!("oxcart-order-{}-{}", order.id, order.number))
            .map_err(|e| ProviderError::Unavailable(e.to_string()))?;
        let session = session_request(&request, expires_at)
            .customize()
            .request_strategy(RequestStrategy::Idempotent(key))
            .send(&self.client)
            .await
            .map_err(unavailable)?;
        if session.amount_total != Some(order.total) {
            return Err(ProviderError::Unavailable(format!(
                "Stripe computed a total of {:?} for order {} (expected {})",
                session.amount_total, order.number, order.total
            )));
        }
        let url = session
            .url
            .clone()
            .ok_or_else(|| ProviderError::Unavailable("Stripe returned no checkout URL".into()))?;
        Ok(HostedCheckout {
            reference: session.id.to_string(),
            url,
            expires_at: session.expires_at,
        })
    }

    fn verify_notification(
        &self,
        signature_header: Option<&str>,
        body: &[u8],
        now: i64,
    ) -> Result<Notification, NotificationError> {
        super::verify_signed_event(&self.webhook_secret, self.live, signature_header, body, now)
    }

    async fn checkout_state(&self, reference: &str) -> Result<Option<Notification>, ProviderError> {
        let session = RetrieveCheckoutSession::new(reference)
            .send(&self.client)
            .await
            .map_err(unavailable)?;
        Ok(session_state(&session).map(|outcome| super::state_notification(reference, outcome)))
    }

    async fn refund(
        &self,
        payment_id: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<(), ProviderError> {
        let key = IdempotencyKey::new(idempotency_key)
            .map_err(|e| ProviderError::Refused(e.to_string()))?;
        CreateRefund::new()
            .payment_intent(payment_id)
            .amount(amount.minor)
            .customize()
            .request_strategy(RequestStrategy::Idempotent(key))
            .send(&self.client)
            .await
            .map_err(refund_error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_expire_with_the_reservation_inside_stripes_window() {
        let now = 1_700_000_000;
        // A 45-minute hold: the session ends with it.
        assert_eq!(session_expiry(now + 2700, now), now + 2700);
        // Stripe's minimum is 30 minutes: a shorter hold is extended to it (plus a margin).
        assert_eq!(session_expiry(now + 20, now), now + 1860);
        assert_eq!(session_expiry(now + 1800, now), now + 1860);
        // And its maximum 24 hours.
        assert_eq!(session_expiry(now + 200_000, now), now + 86_340);
    }

    #[test]
    fn line_names_carry_the_chosen_options() {
        assert_eq!(line_name("Mug", ""), "Mug");
        assert_eq!(line_name("Tee", "Size: M"), "Tee (Size: M)");
        assert_eq!(capitalised("express"), "Express");
    }
}
