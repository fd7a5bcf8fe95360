//! Refunds, written before the provider is asked (see the `refunds` migration): reserved under
//! the order's row lock, sent with the row's idempotency key, then settled (succeeded, retried
//! with backoff, or failed). Locks: the order row first, then the refund row, then variants by
//! id, as everywhere else.

use sqlx::{PgPool, Row};

use super::settle::{move_status, settle_stock};
use super::*;
use crate::domain::dashboard::OpenRefund;
use crate::domain::mail::retry_delay_secs;
use crate::domain::order::{refundable, Transition};

/// How much a refund asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefundAmount {
    /// Exactly this many minor units (staff refunds).
    Exactly(i64),
    /// Whatever is left of the payment (automatic refunds of cancelled orders).
    Remainder,
}

/// A refund row, with what is needed to send it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refund {
    pub id: i64,
    pub order_id: i64,
    pub order_number: String,
    pub amount: Money,
    pub automatic: bool,
    pub attempts: i32,
    pub payment_id: String,
    pub provider: String,
}

impl Refund {
    /// The idempotency key the provider sees: the same for every attempt of this refund, so a
    /// retry after a timeout can never pay out twice.
    pub fn idempotency_key(&self) -> String {
        format!("oxcart-refund-{}", self.id)
    }
}

/// The outcome of asking for a refund.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reserved {
    /// Written as pending: send it.
    Refund(Refund),
    /// Nothing is left to refund (a remainder of 0).
    Nothing,
    /// More than what can still be refunded (`left`, in minor units) was asked.
    TooMuch { left: i64 },
    /// The order has no payment.
    Unpaid,
}

/// Reserves a refund under the order's row lock: the amount is checked against what was paid,
/// less what was refunded and what pending refunds will take.
pub async fn reserve_refund(
    pool: &PgPool,
    order_id: i64,
    amount: RefundAmount,
    automatic: bool,
    actor: &str,
    reason: &str,
) -> Result<Reserved, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some(order) = lock(&mut tx, order_id).await? else {
        return Err(sqlx::Error::RowNotFound);
    };
    let Some(payment_id) = order.payment_id.clone() else {
        return Ok(Reserved::Unpaid);
    };
    let in_flight: i64 = sqlx::query_scalar(
        "SELECT coalesce(sum(amount_minor), 0)::bigint FROM refunds
         WHERE order_id = $1 AND status = 'pending'",
    )
    .bind(order_id)
    .fetch_one(&mut *tx)
    .await?;
    let left = refundable(order.total, order.refunded, in_flight);
    let minor = match amount {
        RefundAmount::Exactly(minor) if minor > left => return Ok(Reserved::TooMuch { left }),
        RefundAmount::Exactly(minor) => minor,
        RefundAmount::Remainder if left == 0 => return Ok(Reserved::Nothing),
        RefundAmount::Remainder => left,
    };
    // The caller sends it now; the sweeper takes it over only if that send never settles it
    // (the same lease `claim_due_refunds` takes), so one refund is never sent twice at once.
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO refunds (order_id, amount_minor, automatic, actor, reason, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, now() + interval '2 minutes') RETURNING id",
    )
    .bind(order_id)
    .bind(minor)
    .bind(automatic)
    .bind(actor)
    .bind(reason)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Reserved::Refund(Refund {
        id,
        order_id,
        order_number: order.number.clone(),
        amount: Money::new(minor, order.currency),
        automatic,
        attempts: 0,
        payment_id,
        provider: order.payment_provider.clone(),
    }))
}

/// Records that the provider refunded `refund`: the order's refunded amount grows by exactly
/// its amount (once: a settled row is left alone), a full refund moves the order to Refunded,
/// and units of an order that never shipped go back on the shelf. Returns the order's status.
pub async fn refund_succeeded(
    pool: &PgPool,
    refund: &Refund,
    actor: &str,
) -> Result<OrderStatus, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some(order) = lock(&mut tx, refund.order_id).await? else {
        return Err(sqlx::Error::RowNotFound);
    };
    let settled = sqlx::query(
        "UPDATE refunds SET status = 'succeeded', settled_at = now(), attempts = attempts + 1
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(refund.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if settled == 0 {
        tx.rollback().await?;
        return Ok(order.status);
    }
    // The orders_refund_within_total constraint backs the reservation's check.
    let refunded = order.refunded + refund.amount.minor;
    sqlx::query("UPDATE orders SET refunded_minor = $2 WHERE id = $1")
        .bind(order.id)
        .bind(refunded)
        .execute(&mut *tx)
        .await?;
    let status = if refunded >= order.total {
        // Refunded before it shipped: the sold units were never sent, so they are sellable.
        if matches!(order.status, OrderStatus::Paid | OrderStatus::Processing) {
            settle_stock(&mut tx, &order, false, actor).await?;
        }
        let note = "refund completed";
        match move_status(&mut tx, &order, Transition::Refund, actor, note).await? {
            Ok(to) => to,
            Err(_) => order.status,
        }
    } else {
        let note = format!("partial refund of {}", refund.amount);
        record_history(
            &mut tx,
            order.id,
            Some(order.status),
            order.status,
            actor,
            &note,
        )
        .await?;
        order.status
    };
    tx.commit().await?;
    Ok(status)
}

/// A provider call that did not settle the refund: with `retry` it stays pending and is tried
/// again after a backoff; otherwise it is marked failed (the provider refused: staff must act).
pub async fn refund_not_sent(
    pool: &PgPool,
    refund_id: i64,
    error: &str,
    retry: bool,
) -> Result<(), sqlx::Error> {
    let attempts: i32 = sqlx::query_scalar("SELECT attempts + 1 FROM refunds WHERE id = $1")
        .bind(refund_id)
        .fetch_one(pool)
        .await?;
    sqlx::query(
        "UPDATE refunds SET attempts = $2, last_error = $3,
                status = CASE WHEN $4 THEN status ELSE 'failed' END,
                next_attempt_at = now() + make_interval(secs => $5)
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(refund_id)
    .bind(attempts)
    .bind(error)
    .bind(retry)
    .bind(retry_delay_secs(attempts) as f64)
    .execute(pool)
    .await?;
    Ok(())
}

/// A refund row's amount, in its order's currency (`amount_minor`, `currency`).
fn amount_of(r: &sqlx::postgres::PgRow) -> Result<Money, sqlx::Error> {
    let currency: String = r.try_get("currency")?;
    Ok(Money::new(
        r.try_get("amount_minor")?,
        Currency::parse(&currency).unwrap_or(Currency::Usd),
    ))
}

/// Claims up to `limit` pending refunds whose next attempt is due, pushing their next attempt
/// out by a lease so another instance does not send them at the same time (a duplicate send
/// would be harmless anyway: same idempotency key).
pub async fn claim_due_refunds(pool: &PgPool, limit: i64) -> Result<Vec<Refund>, sqlx::Error> {
    let rows = sqlx::query(
        "WITH due AS (
             SELECT id FROM refunds WHERE status = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
         )
         UPDATE refunds r SET next_attempt_at = now() + interval '2 minutes'
         FROM due, orders o
         WHERE r.id = due.id AND o.id = r.order_id
         RETURNING r.id, r.order_id, o.number, r.amount_minor, o.currency, r.automatic,
                   r.attempts, coalesce(o.payment_id, '') AS payment_id, o.payment_provider",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Refund {
                id: r.try_get("id")?,
                order_id: r.try_get("order_id")?,
                order_number: r.try_get("number")?,
                amount: amount_of(r)?,
                automatic: r.try_get("automatic")?,
                attempts: r.try_get("attempts")?,
                payment_id: r.try_get("payment_id")?,
                provider: r.try_get("payment_provider")?,
            })
        })
        .collect()
}

/// Refunds not yet succeeded, failed first, then oldest first.
pub async fn open_refunds(pool: &PgPool, limit: i64) -> Result<Vec<OpenRefund>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT o.number, r.amount_minor, o.currency, r.status, r.attempts, r.last_error,
                to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"') AS created
         FROM refunds r JOIN orders o ON o.id = r.order_id
         WHERE r.status <> 'succeeded'
         ORDER BY r.status = 'failed' DESC, r.created_at LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OpenRefund {
                order_number: r.try_get("number")?,
                amount: amount_of(r)?,
                status: r.try_get("status")?,
                attempts: r.try_get("attempts")?,
                last_error: r.try_get("last_error")?,
                created_at: r.try_get("created")?,
            })
        })
        .collect()
}

/// A refund the payment provider reported (PayPal's `PAYMENT.CAPTURE.REFUNDED`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportedRefund {
    /// The provider's refund id.
    pub refund_id: String,
    /// The payment it refunds (the order's payment id).
    pub payment_id: String,
    pub amount: i64,
    /// Lower-case ISO code.
    pub currency: String,
    /// Oxcart's own idempotency key (`oxcart-refund-{id}`) when Oxcart asked for it.
    pub key: Option<String>,
}

/// What became of a reported refund.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefundReport {
    /// This event, or this refund, was recorded before.
    Duplicate,
    /// No order has this payment.
    UnknownPayment,
    /// One of Oxcart's refunds, confirmed (or already settled): this row.
    Ours(Refund),
    /// A refund made at the provider (its dashboard): recorded as this row, to settle.
    External(Refund),
    /// Not recorded (another currency, or more than is left): an internal note says so.
    Refused,
}

/// Records a refund the provider reported, once per event and once per provider refund id.
/// One of Oxcart's own (its key) is the row it names; any other was made at the provider and
/// gets a row of its own (the caller settles either with `refund_succeeded`, which books it
/// once). Runs under the order's row lock.
pub async fn record_reported_refund(
    pool: &PgPool,
    provider: &str,
    event_id: &str,
    event_type: &str,
    reported: &ReportedRefund,
) -> Result<RefundReport, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let order_id: Option<i64> = sqlx::query_scalar("SELECT id FROM orders WHERE payment_id = $1")
        .bind(&reported.payment_id)
        .fetch_optional(&mut *tx)
        .await?;
    let order = match order_id {
        Some(id) => lock(&mut tx, id).await?,
        None => None,
    };
    let fresh = record_payment_event(
        &mut tx,
        provider,
        event_id,
        event_type,
        order.as_ref().map(|o| o.id),
    )
    .await?;
    if !fresh {
        tx.rollback().await?;
        return Ok(RefundReport::Duplicate);
    }
    let Some(order) = order else {
        tx.commit().await?;
        return Ok(RefundReport::UnknownPayment);
    };
    let row = |id: i64, amount: i64| Refund {
        id,
        order_id: order.id,
        order_number: order.number.clone(),
        amount: Money::new(amount, order.currency),
        automatic: false,
        attempts: 0,
        payment_id: reported.payment_id.clone(),
        provider: provider.to_string(),
    };
    let ours = reported
        .key
        .as_deref()
        .and_then(|k| k.strip_prefix("oxcart-refund-"))
        .and_then(|id| id.parse::<i64>().ok());
    if let Some(id) = ours {
        let found = sqlx::query(
            "UPDATE refunds SET provider_refund_id = coalesce(provider_refund_id, $3),
                    status = CASE WHEN status = 'failed' THEN 'pending' ELSE status END
             WHERE id = $1 AND order_id = $2 RETURNING amount_minor, automatic",
        )
        .bind(id)
        .bind(order.id)
        .bind(&reported.refund_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(found) = found {
            tx.commit().await?;
            return Ok(RefundReport::Ours(Refund {
                automatic: found.try_get("automatic")?,
                ..row(id, found.try_get("amount_minor")?)
            }));
        }
    }
    let known: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM refunds WHERE provider_refund_id = $1)")
            .bind(&reported.refund_id)
            .fetch_one(&mut *tx)
            .await?;
    if known {
        tx.commit().await?;
        return Ok(RefundReport::Duplicate);
    }
    let left = order.total - order.refunded;
    if !reported
        .currency
        .eq_ignore_ascii_case(order.currency.code())
        || reported.amount <= 0
        || reported.amount > left
    {
        let note = format!(
            "{provider} reported refund {} of {} {}, which does not fit this order (left to refund: {left}): not recorded, check it in {provider}",
            reported.refund_id, reported.amount, reported.currency
        );
        sqlx::query(
            "INSERT INTO order_history (order_id, from_status, to_status, actor, note, internal)
             VALUES ($1, $2, $2, 'system', $3, true)",
        )
        .bind(order.id)
        .bind(order.status.as_str())
        .bind(&note)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::error!(order = %order.number, %note, "a reported refund was not recorded");
        return Ok(RefundReport::Refused);
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO refunds (order_id, amount_minor, automatic, actor, reason, provider_refund_id)
         VALUES ($1, $2, false, $3, $4, $5) RETURNING id",
    )
    .bind(order.id)
    .bind(reported.amount)
    .bind(format!("provider:{provider}"))
    .bind(format!("refunded in {provider}'s dashboard"))
    .bind(&reported.refund_id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(RefundReport::External(row(id, reported.amount)))
}
