//! The `stripe` provider: Stripe's hosted Checkout (async-stripe, Checkout Sessions in payment
//! mode). Card data never reaches Oxcart. Lines are priced from the order's snapshot (never from
//! the browser), tax is one line, shipping is the session's shipping option; the total Stripe
//! computes must equal the order's or the session is not used. The API base URL is a setting, so
//! tests and development point it at a local fake that speaks Stripe's protocol.

use std::collections::HashMap;

use stripe::{Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeError, StripeRequest};
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionAllowedPaymentMethodTypes,
    CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData,
    CreateCheckoutSessionShippingOptions, CreateCheckoutSessionShippingOptionsShippingRateData,
    CreateCheckoutSessionShippingOptionsShippingRateDataFixedAmount,
    CreateCheckoutSessionShippingOptionsShippingRateDataType, ExpireCheckoutSession, ProductData,
    RetrieveCheckoutSession,
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

/// Steps in which a session's expiry moves when the reservation ends too soon for Stripe.
const EXPIRY_STEP_SECS: i64 = 600;

/// When the session should expire: at the end of the stock reservation, moved into the window
/// Stripe accepts (the order's hold is then extended to match, see `HostedCheckout`). It
/// depends on the order (its reservation and creation time) and on `now` only in 10-minute
/// steps, so calls for one order within a few minutes send the same parameters.
pub fn session_expiry(reserved_until: i64, created_at: i64, now: i64) -> i64 {
    let earliest = now + MIN_EXPIRY_SECS + CLOCK_MARGIN_SECS;
    let latest = now + MAX_EXPIRY_SECS - CLOCK_MARGIN_SECS;
    if reserved_until >= earliest {
        return reserved_until.min(latest);
    }
    // The first step after the order's creation that Stripe accepts (with a minute to spare,
    // so every call in the first minute after placing sends the same expiry).
    let base = created_at + MIN_EXPIRY_SECS + 2 * CLOCK_MARGIN_SECS;
    let steps = ((earliest - base).max(0) + EXPIRY_STEP_SECS - 1) / EXPIRY_STEP_SECS;
    (base + steps * EXPIRY_STEP_SECS).min(latest)
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
    // One entry only: a map of several is written in a random order, and a retry must send
    // byte-identical parameters to get the same session back (the id is the client reference).
    let metadata = HashMap::from([("order_number".to_string(), order.number.clone())]);
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
        // Only methods whose result is known at once (cards, with Apple Pay and Google Pay,
        // and Link): stock is held for the session only, so a bank debit that settles days
        // later would find its order cancelled and be refunded.
        .allowed_payment_method_types(vec![
            CreateCheckoutSessionAllowedPaymentMethodTypes::Card,
            CreateCheckoutSessionAllowedPaymentMethodTypes::Link,
        ])
}

/// The idempotency key of a session request: the order, and a digest of every parameter that
/// may differ between two calls for it (the expiry, the return URLs). Identical calls (a
/// double click, a retry after a lost answer) get the same session back; a call with other
/// parameters (a retry later, from a page without the guest's key) gets a new session instead
/// of Stripe's "parameters mismatch" error, which would leave the order unpayable.
pub fn idempotency_key(request: &CheckoutRequest<'_>, expires_at: i64) -> String {
    use sha2::{Digest, Sha256};
    let order = request.order;
    let digest = Sha256::new()
        .chain_update(expires_at.to_be_bytes())
        .chain_update(request.success_url.as_bytes())
        .chain_update([0])
        .chain_update(request.cancel_url.as_bytes())
        .finalize();
    let short: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("oxcart-order-{}-{}-{short}", order.id, order.number)
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

    fn label(&self) -> &'static str {
        "Card"
    }

    async fn create_checkout(
        &self,
        request: CheckoutRequest<'_>,
    ) -> Result<HostedCheckout, ProviderError> {
        let order = request.order;
        let expires_at = session_expiry(request.expires_at, order.created_at, super::now_secs());
        let key = IdempotencyKey::new(idempotency_key(&request, expires_at))
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

    async fn expire_checkout(
        &self,
        reference: &str,
    ) -> Result<Option<Notification>, ProviderError> {
        match ExpireCheckoutSession::new(reference)
            .send(&self.client)
            .await
        {
            Ok(_) => Ok(None),
            // Stripe refuses to expire a session that is not open (paid, already expired):
            // whether it was paid is then read.
            Err(StripeError::Stripe(_, 400)) => {
                let state = self.checkout_state(reference).await?;
                Ok(state.filter(|n| {
                    matches!(
                        n.outcome,
                        Some(crate::db::orders::PaymentOutcome::Paid { .. })
                    )
                }))
            }
            Err(error) => Err(unavailable(error)),
        }
    }

    async fn verify_notification(
        &self,
        headers: &axum::http::HeaderMap,
        body: &[u8],
        now: i64,
    ) -> Result<Notification, NotificationError> {
        super::verify_signed_event(&self.webhook_secret, self.live, headers, body, now)
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
        assert_eq!(session_expiry(now + 2700, now, now), now + 2700);
        // Stripe's minimum is 30 minutes: a shorter hold is extended to it (plus margins).
        assert_eq!(session_expiry(now + 20, now, now), now + 1920);
        assert_eq!(session_expiry(now + 1800, now, now), now + 1920);
        // And its maximum 24 hours.
        assert_eq!(session_expiry(now + 200_000, now, now), now + 86_340);
    }

    #[test]
    fn retries_for_one_order_send_the_same_expiry_until_stripe_would_refuse_it() {
        let placed = 1_700_000_000;
        let hold = placed + 1800;
        let first = session_expiry(hold, placed, placed);
        for later in [1, 30, 59] {
            assert_eq!(
                session_expiry(hold, placed, placed + later),
                first,
                "{later}"
            );
        }
        // Later (a "Pay now" after a failed attempt), in 10-minute steps, always in Stripe's window.
        for later in [61, 300, 599, 660, 5000] {
            let expiry = session_expiry(hold, placed, placed + later);
            assert!(
                expiry >= placed + later + MIN_EXPIRY_SECS + CLOCK_MARGIN_SECS,
                "{later}"
            );
            assert_eq!((expiry - first) % 600, 0, "{later}");
        }
        assert_eq!(
            session_expiry(hold, placed, placed + 300),
            session_expiry(hold, placed, placed + 500)
        );
    }

    #[test]
    fn line_names_carry_the_chosen_options() {
        assert_eq!(line_name("Mug", ""), "Mug");
        assert_eq!(line_name("Tee", "Size: M"), "Tee (Size: M)");
        assert_eq!(capitalised("express"), "Express");
    }
}
