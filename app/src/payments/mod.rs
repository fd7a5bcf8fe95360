//! Payments: one trait, several providers, any number of them enabled at once (`Payments`; the
//! shopper picks one at checkout and each order records its own). A provider creates a hosted
//! checkout for an order, turns its signed notifications into verified payment events, reports
//! a checkout's state when asked (for a success page whose webhook has not arrived), and
//! refunds.
//!
//! Notifications from every provider take the same path (`handle_notification`): verify the
//! notification (a signature over the raw body, or the provider's own verification call), apply
//! the event exactly once (`db::orders::apply_payment_event`), refund money that arrived for an
//! order that can no longer be fulfilled.

pub mod events;
pub mod paypal;
mod paypal_error;
pub mod paypal_events;
pub mod refunds;
pub mod signature;
pub mod stripe;
pub mod test_provider;

use std::sync::Arc;

use axum::http::HeaderMap;

use crate::db::orders::{self, Applied, OrderLineRow, OrderRow};
use crate::domain::money::Money;
use crate::domain::order::OrderStatus;
use crate::state::AppState;

pub use crate::domain::store::PaymentMethod;
pub use events::Notification;

/// What a hosted checkout needs to know.
#[derive(Clone, Debug)]
pub struct CheckoutRequest<'a> {
    pub order: &'a OrderRow,
    pub lines: &'a [OrderLineRow],
    /// Where the provider sends the shopper after paying / after giving up.
    pub success_url: String,
    pub cancel_url: String,
    /// Unix seconds; the checkout must not outlive the stock reservation.
    pub expires_at: i64,
}

/// A created hosted checkout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostedCheckout {
    /// The provider's id for it (a Checkout Session id).
    pub reference: String,
    /// Where to send the shopper.
    pub url: String,
    /// Unix seconds when it expires. A provider may not accept the reservation's end (Stripe's
    /// minimum is 30 minutes): the order's hold is then extended to match, so stock stays held
    /// for as long as the shopper can pay.
    pub expires_at: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// No definite answer (network, timeout, the provider's own failure): the call may or may
    /// not have taken effect; retry with the same idempotency key.
    #[error("payment provider unavailable: {0}")]
    Unavailable(String),
    /// The provider answered and refused (a bad request, a charge already refunded): retrying
    /// the same call will not help.
    #[error("payment provider refused: {0}")]
    Refused(String),
}

#[derive(Debug, thiserror::Error)]
pub enum NotificationError {
    #[error(transparent)]
    Signature(#[from] signature::SignatureError),
    /// The provider's verification call said the notification is not theirs.
    #[error("not verified by the provider: {0}")]
    NotVerified(String),
    #[error("unreadable event: {0}")]
    Unreadable(String),
    /// The provider's verification call could not be made: the sender should retry.
    #[error("could not verify now: {0}")]
    Unavailable(String),
}

#[async_trait::async_trait]
pub trait PaymentProvider: Send + Sync {
    /// The name stored on orders and used in the webhook path (`/webhooks/{name}`).
    fn name(&self) -> &'static str;

    /// How checkout names this way of paying ("Card", "PayPal").
    fn label(&self) -> &'static str;

    async fn create_checkout(
        &self,
        request: CheckoutRequest<'_>,
    ) -> Result<HostedCheckout, ProviderError>;

    /// Checks that a notification comes from the provider (its signature headers) and reads it.
    async fn verify_notification(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: i64,
    ) -> Result<Notification, NotificationError>;

    /// The state of a hosted checkout, as a notification (None while it is still open). Only
    /// called for the current checkout of a Pending order: a provider whose payments are
    /// completed by the store (PayPal's capture after the shopper's approval) completes it here.
    async fn checkout_state(&self, reference: &str) -> Result<Option<Notification>, ProviderError>;

    /// Closes an open hosted checkout so it can no longer be paid (its order was cancelled, or
    /// the shopper chose another way to pay). A checkout already completed or expired is left
    /// as it is; one that was paid before it could be closed is reported (to be settled).
    async fn expire_checkout(&self, reference: &str)
        -> Result<Option<Notification>, ProviderError>;

    /// Refunds `amount` of a payment. Every call with the same `idempotency_key` refunds at most
    /// once, however often it is retried.
    async fn refund(
        &self,
        payment_id: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<(), ProviderError>;
}

/// Checks a Stripe-scheme signature with `secret` and reads the event (every provider's
/// notifications take this shape).
/// `live` says whether the provider's key is a live one: an event from the other mode is
/// refused (a test-mode event must never settle a live order, nor the reverse).
pub fn verify_signed_event(
    secret: &str,
    live: bool,
    headers: &HeaderMap,
    body: &[u8],
    now: i64,
) -> Result<Notification, NotificationError> {
    let header = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .ok_or(signature::SignatureError::Malformed)?;
    signature::verify(secret, header, body, now)?;
    let notification = events::parse_event(body).map_err(NotificationError::Unreadable)?;
    if notification.livemode.is_some_and(|l| l != live) {
        return Err(NotificationError::Unreadable(format!(
            "a {} event for a {} key",
            if live { "test-mode" } else { "live-mode" },
            if live { "live" } else { "test" }
        )));
    }
    Ok(notification)
}

/// A hosted checkout's state, read from the provider, as a notification to settle. Its id
/// names the outcome: a checkout read as failed and later as paid are two events.
pub fn state_notification(
    reference: &str,
    outcome: crate::db::orders::PaymentOutcome,
) -> Notification {
    let kind = match &outcome {
        crate::db::orders::PaymentOutcome::Paid { .. } => "paid",
        crate::db::orders::PaymentOutcome::Failed => "failed",
        crate::db::orders::PaymentOutcome::Expired => "expired",
    };
    Notification {
        event_id: format!("sync_{reference}_{kind}"),
        event_type: "checkout.session.retrieved".into(),
        reference: Some(reference.to_string()),
        outcome: Some(outcome),
        charged: None,
        livemode: None,
        refresh: false,
        refunded: None,
    }
}

/// The providers this store has enabled, the first being the one chosen by default.
#[derive(Clone)]
pub struct Payments {
    providers: Vec<Arc<dyn PaymentProvider>>,
}

impl Payments {
    /// `providers` must not be empty; their names must differ.
    pub fn new(providers: Vec<Arc<dyn PaymentProvider>>) -> Payments {
        assert!(!providers.is_empty(), "a store needs a payment provider");
        Payments { providers }
    }

    /// The provider of this name, if it is enabled.
    pub fn get(&self, name: &str) -> Option<&Arc<dyn PaymentProvider>> {
        self.providers.iter().find(|p| p.name() == name)
    }

    /// The provider checkout selects first.
    pub fn default_provider(&self) -> &Arc<dyn PaymentProvider> {
        &self.providers[0]
    }

    /// What checkout offers, in order.
    pub fn methods(&self) -> Vec<PaymentMethod> {
        self.providers
            .iter()
            .map(|p| PaymentMethod {
                name: p.name().to_string(),
                label: p.label().to_string(),
            })
            .collect()
    }
}

/// One enabled provider.
pub type ProviderRef = Arc<dyn PaymentProvider>;

/// What the webhook answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// 200: applied, a duplicate, or an event we do not act on.
    Ok,
    /// 400: bad signature, stale timestamp, unreadable body. Nothing changed.
    Rejected,
    /// 500: try again later (the database was unreachable).
    Retry,
}

pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The path of every notification, from any provider (`provider` is the webhook path's name).
pub async fn handle_notification(
    state: &AppState,
    provider: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Answer {
    let Some(provider) = state.payments.get(provider).cloned() else {
        return Answer::Rejected;
    };
    let notification = match provider
        .verify_notification(headers, body, now_secs())
        .await
    {
        Ok(n) => n,
        Err(NotificationError::Unavailable(error)) => {
            tracing::warn!(%error, provider = provider.name(), "payment notification not verified yet");
            return Answer::Retry;
        }
        Err(error) => {
            tracing::warn!(%error, provider = provider.name(), "payment notification refused");
            return Answer::Rejected;
        }
    };
    let settled = if let Some(reported) = &notification.refunded {
        refunds::record_reported(state, &provider, &notification, reported).await
    } else if notification.refresh {
        refresh(state, &provider, &notification).await
    } else {
        settle(state, &provider, &notification).await.map(|_| ())
    };
    match settled {
        Ok(()) => Answer::Ok,
        Err(error) => {
            tracing::error!(%error, "payment notification not applied");
            Answer::Retry
        }
    }
}

/// A notification that says "ask me" (PayPal's approval): the provider is asked about the
/// checkout, if it is still the current one of a Pending order, and the answer settled.
async fn refresh(
    state: &AppState,
    provider: &Arc<dyn PaymentProvider>,
    n: &Notification,
) -> Result<(), sqlx::Error> {
    let Some(reference) = &n.reference else {
        return Ok(());
    };
    let Some(order) = orders::by_payment_reference(&state.db, provider.name(), reference).await?
    else {
        tracing::info!(event = %n.event_id, %reference, "payment event for no current checkout: ignored");
        return Ok(());
    };
    if order.status != OrderStatus::Pending {
        return Ok(());
    }
    match provider.checkout_state(reference).await {
        Ok(Some(state_now)) => settle(state, provider, &state_now).await.map(|_| ()),
        Ok(None) => Ok(()),
        // No answer: the notification is redelivered later, and the order page asks too.
        Err(error) => {
            tracing::warn!(%error, order = %order.number, "could not ask the provider about an approved checkout");
            Err(sqlx::Error::Protocol(format!(
                "provider unavailable: {error}"
            )))
        }
    }
}

/// Applies a verified notification (idempotent), refunding where money arrived for an order
/// that can no longer be fulfilled.
pub async fn settle(
    state: &AppState,
    provider: &Arc<dyn PaymentProvider>,
    n: &Notification,
) -> Result<Option<Applied>, sqlx::Error> {
    let (Some(outcome), Some(reference)) = (&n.outcome, &n.reference) else {
        tracing::info!(event = %n.event_id, kind = %n.event_type, "payment event ignored");
        return Ok(None);
    };
    let applied = orders::apply_payment_event(
        &state.db,
        provider.name(),
        &n.event_id,
        &n.event_type,
        reference,
        outcome,
        n.charged
            .as_ref()
            .map(|(amount, currency)| (*amount, currency.as_str())),
    )
    .await?;
    tracing::info!(event = %n.event_id, kind = %n.event_type, ?applied, "payment event");
    if let Applied::RefundNeeded { order_id, .. } = &applied {
        refunds::refund_whole(state, *order_id).await?;
    }
    if let Applied::Moved {
        order_id,
        to: OrderStatus::Paid,
    } = &applied
    {
        close_other_checkout(state, provider.name(), reference, *order_id).await?;
    }
    Ok(Some(applied))
}

/// An order paid through a checkout it had left (the shopper switched to another way of
/// paying, then paid the first one after all): its current checkout is closed, so it cannot be
/// paid twice.
async fn close_other_checkout(
    state: &AppState,
    paid_provider: &str,
    paid_reference: &str,
    order_id: i64,
) -> Result<(), sqlx::Error> {
    let Some(order) = orders::by_id(&state.db, order_id).await? else {
        return Ok(());
    };
    let Some(reference) = order.payment_reference.as_deref() else {
        return Ok(());
    };
    if order.payment_provider == paid_provider && reference == paid_reference {
        return Ok(());
    }
    let Some(current) = state.payments.get(&order.payment_provider).cloned() else {
        return Ok(());
    };
    match current.expire_checkout(reference).await {
        Ok(None) => Ok(()),
        // Paid too: recorded for staff to refund (never silently kept).
        Ok(Some(second)) => Box::pin(settle(state, &current, &second)).await.map(|_| ()),
        Err(error) => {
            tracing::error!(%error, order = %order.number, "could not close the other checkout of an order paid twice over");
            Ok(())
        }
    }
}

/// Closes the hosted checkout of an order that was just cancelled while unpaid, so the shopper
/// cannot pay it in a tab left open (the money would only be refunded, minus the provider's
/// fees). If the provider cannot be reached the checkout expires on its own at the end of the
/// hold, and a payment made meanwhile is refunded by `settle`.
pub async fn close_checkout(state: &AppState, order: &OrderRow) {
    let Some(provider) = state.payments.get(&order.payment_provider) else {
        return;
    };
    let Some(reference) = &order.payment_reference else {
        return;
    };
    match provider.expire_checkout(reference).await {
        Ok(None) => {}
        // Paid just before it closed: settled (and, the order being cancelled, refunded).
        Ok(Some(paid)) => {
            if let Err(error) = settle(state, provider, &paid).await {
                tracing::error!(%error, order = %order.number, "a payment found while closing a checkout was not applied");
            }
        }
        Err(error) => {
            tracing::warn!(%error, order = %order.number, "could not close the hosted checkout of a cancelled order")
        }
    }
}

/// Seconds between two questions to the provider about one order: reloading an order page
/// must not turn into a stream of provider API calls (they count against the merchant's rate
/// limit), and webhooks settle most orders anyway.
pub const RECONCILE_EVERY_SECS: u64 = 10;

/// Whether this instance may ask about `order_id` now (one question per order and interval,
/// across instances, through Redis). Redis down: ask anyway.
async fn reconcile_due(state: &AppState, order_id: i64) -> bool {
    let mut redis = state.redis.clone();
    let key = format!("{}:reconcile:{order_id}", state.auth.redis_prefix);
    let set: Result<Option<String>, _> = redis::cmd("SET")
        .arg(&key)
        .arg(1)
        .arg("NX")
        .arg("EX")
        .arg(RECONCILE_EVERY_SECS)
        .query_async(&mut redis)
        .await;
    !matches!(set, Ok(None))
}

/// Asks the providers about Pending orders whose hold is about to end (called by the sweeper in
/// every instance, before it releases expired holds): a payment whose webhook was lost, by a
/// shopper who never came back to the order page, is still found (and a PayPal approval
/// captured) instead of the order being cancelled. Each order is asked at most once per
/// `RECONCILE_EVERY_SECS` across instances.
pub async fn reconcile_expiring(state: &AppState, within_secs: i64) -> Result<usize, sqlx::Error> {
    let orders = orders::expiring_checkouts(&state.db, within_secs, 50).await?;
    for order in &orders {
        reconcile(state, order).await?;
    }
    Ok(orders.len())
}

/// Asks the provider about an order still Pending (its webhook may be late or lost) and
/// settles through the same idempotent path.
pub async fn reconcile(state: &AppState, order: &OrderRow) -> Result<(), sqlx::Error> {
    // Orders paid through a provider the store no longer has are left to their webhooks.
    let Some(provider) = state.payments.get(&order.payment_provider).cloned() else {
        return Ok(());
    };
    if order.status != OrderStatus::Pending {
        return Ok(());
    }
    let Some(reference) = &order.payment_reference else {
        return Ok(());
    };
    if !reconcile_due(state, order.id).await {
        return Ok(());
    }
    match provider.checkout_state(reference).await {
        Ok(Some(notification)) => {
            settle(state, &provider, &notification).await?;
        }
        Ok(None) => {}
        Err(error) => tracing::warn!(%error, "could not ask the provider about a checkout"),
    }
    Ok(())
}
