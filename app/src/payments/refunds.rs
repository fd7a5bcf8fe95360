//! Sending refunds: a refund row is reserved first (`db::orders::reserve_refund`, under the
//! order's lock), then the provider is asked with the row's idempotency key, then the row is
//! settled. A provider that does not answer leaves the refund pending; the sweeper retries it
//! with backoff (`retry_due_refunds`) until it succeeds, and the dashboard lists it meanwhile.

use crate::db::orders::{self, Refund, RefundAmount, Reserved};
use crate::domain::order::OrderStatus;
use crate::state::AppState;

use super::ProviderError;

/// What became of a refund that was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sent {
    /// The provider refunded it; the order now has this status.
    Refunded(OrderStatus),
    /// The provider did not answer: the refund is pending and will be tried again (same key).
    Pending(String),
    /// The provider refused it: nothing was refunded; the row is marked failed.
    Refused(String),
}

/// Asks the provider for a reserved refund and settles the row with the answer.
pub async fn send_refund(state: &AppState, refund: &Refund) -> Result<Sent, sqlx::Error> {
    let Some(provider) = state.payments.get(&refund.provider).cloned() else {
        let error = format!(
            "paid through {}, which this store no longer uses: refund it there",
            refund.provider
        );
        orders::refund_not_sent(&state.db, refund.id, &error, false).await?;
        return Ok(Sent::Refused(error));
    };
    let answer = provider
        .refund(&refund.payment_id, refund.amount, &refund.idempotency_key())
        .await;
    match answer {
        Ok(()) => {
            let actor = format!("provider:{}", refund.provider);
            let status = orders::refund_succeeded(&state.db, refund, &actor).await?;
            tracing::info!(order = %refund.order_number, refund = refund.id, amount = %refund.amount, "refunded");
            Ok(Sent::Refunded(status))
        }
        Err(ProviderError::Unavailable(error)) => {
            tracing::warn!(%error, order = %refund.order_number, refund = refund.id, "refund pending: the provider did not answer");
            orders::refund_not_sent(&state.db, refund.id, &error, true).await?;
            Ok(Sent::Pending(error))
        }
        Err(ProviderError::Refused(error)) => {
            tracing::error!(%error, order = %refund.order_number, refund = refund.id, "refund refused by the provider; staff must act");
            orders::refund_not_sent(&state.db, refund.id, &error, false).await?;
            Ok(Sent::Refused(error))
        }
    }
}

/// Refunds whatever is left of an order's payment (a paid order cancelled, money for an order
/// that cannot be fulfilled). Never fails the caller over the provider: a refund that cannot
/// be sent now stays pending and is retried.
pub async fn refund_whole(state: &AppState, order_id: i64) -> Result<(), sqlx::Error> {
    let provider = orders::by_id(&state.db, order_id)
        .await?
        .map(|o| o.payment_provider)
        .unwrap_or_default();
    let actor = format!("provider:{provider}");
    let reserved = orders::reserve_refund(
        &state.db,
        order_id,
        RefundAmount::Remainder,
        true,
        &actor,
        "order cancelled",
    )
    .await?;
    if let Reserved::Refund(refund) = reserved {
        send_refund(state, &refund).await?;
    }
    Ok(())
}

/// Sends pending refunds whose next attempt is due (called by the sweeper in every instance).
pub async fn retry_due_refunds(state: &AppState, limit: i64) -> Result<usize, sqlx::Error> {
    let due = orders::claim_due_refunds(&state.db, limit).await?;
    for refund in &due {
        send_refund(state, refund).await?;
    }
    Ok(due.len())
}

/// A refund the provider reported: one of Oxcart's, confirmed (booked once, whichever of the
/// API answer and the event comes first), or one made in the provider's dashboard, recorded
/// and booked like any other (the order becomes Refunded when nothing is left).
pub async fn record_reported(
    state: &AppState,
    provider: &super::ProviderRef,
    n: &super::Notification,
    reported: &orders::ReportedRefund,
) -> Result<(), sqlx::Error> {
    let report = orders::record_reported_refund(
        &state.db,
        provider.name(),
        &n.event_id,
        &n.event_type,
        reported,
    )
    .await?;
    tracing::info!(event = %n.event_id, refund = %reported.refund_id, ?report, "refund reported by the provider");
    if let orders::RefundReport::Ours(refund) | orders::RefundReport::External(refund) = report {
        let actor = format!("provider:{}", provider.name());
        orders::refund_succeeded(&state.db, &refund, &actor).await?;
    }
    Ok(())
}
