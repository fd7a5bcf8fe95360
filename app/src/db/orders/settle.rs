//! After placing: payment events applied exactly once, status transitions with their history
//! (their emails follow from the events they record), refunds recorded, and the sweeper releasing expired holds. Stock moves once, under
//! the order's row lock (`stock_state` held -> committed or released; committed -> released when
//! a paid order is cancelled before it ships).

use sqlx::{PgPool, Postgres, Row, Transaction};

use super::*;
use crate::db::inventory;
use crate::domain::order::{self, InvalidTransition, OrderStatus, Transition};

/// Moves the order's units: `commit` takes them out of stock (a sale), otherwise they return
/// (a released hold, or a cancelled sale put back on the shelf). Each move happens once.
pub(super) async fn settle_stock(
    tx: &mut Transaction<'_, Postgres>,
    order: &OrderRow,
    commit: bool,
    actor: &str,
) -> Result<(), sqlx::Error> {
    // A paid order cancelled before it shipped: its sold units go back on the shelf.
    let restock = !commit && order.stock_state == "committed";
    if order.stock_state != "held" && !restock {
        return Ok(());
    }
    // What the stock ledger records for the change (only sales and returns change stock on
    // hand; a released hold changes what is reserved).
    let kind = if restock { "return" } else { "sale" };
    inventory::context(&mut **tx, kind, actor, "", Some(order.id)).await?;
    let sql = if restock {
        "UPDATE variants v SET stock_on_hand = v.stock_on_hand + l.quantity
         FROM (SELECT variant_id, sum(quantity)::int AS quantity FROM order_lines
               WHERE order_id = $1 AND variant_id IS NOT NULL GROUP BY variant_id) l
         WHERE v.id = l.variant_id"
    } else if commit {
        "UPDATE variants v SET stock_on_hand = v.stock_on_hand - l.quantity,
                               stock_reserved = v.stock_reserved - l.quantity
         FROM (SELECT variant_id, sum(quantity)::int AS quantity FROM order_lines
               WHERE order_id = $1 AND variant_id IS NOT NULL GROUP BY variant_id) l
         WHERE v.id = l.variant_id"
    } else {
        "UPDATE variants v SET stock_reserved = v.stock_reserved - l.quantity
         FROM (SELECT variant_id, sum(quantity)::int AS quantity FROM order_lines
               WHERE order_id = $1 AND variant_id IS NOT NULL GROUP BY variant_id) l
         WHERE v.id = l.variant_id"
    };
    // Lock the variants in id order first (deadlock-free against other settlements).
    sqlx::query(
        "SELECT v.id FROM variants v JOIN order_lines l ON l.variant_id = v.id
         WHERE l.order_id = $1 ORDER BY v.id FOR UPDATE OF v",
    )
    .bind(order.id)
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query(sql).bind(order.id).execute(&mut **tx).await?;
    sqlx::query("UPDATE orders SET stock_state = $2 WHERE id = $1")
        .bind(order.id)
        .bind(if commit { "committed" } else { "released" })
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Takes a released order's units out of stock again (a payment arrived after the reservation
/// ended), if they are all still available. False, changing nothing, otherwise.
async fn retake_stock(
    tx: &mut Transaction<'_, Postgres>,
    order: &OrderRow,
    actor: &str,
) -> Result<bool, sqlx::Error> {
    inventory::context(
        &mut **tx,
        "sale",
        actor,
        "paid after its hold ended",
        Some(order.id),
    )
    .await?;
    let lines = sqlx::query(
        "SELECT variant_id, sum(quantity)::int AS quantity FROM order_lines
         WHERE order_id = $1 AND variant_id IS NOT NULL GROUP BY variant_id ORDER BY variant_id",
    )
    .bind(order.id)
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query("SAVEPOINT retake").execute(&mut **tx).await?;
    for l in &lines {
        let taken = sqlx::query(
            "UPDATE variants SET stock_on_hand = stock_on_hand - $2
             WHERE id = $1 AND stock_on_hand - stock_reserved >= $2",
        )
        .bind(l.try_get::<i64, _>("variant_id")?)
        .bind(l.try_get::<i32, _>("quantity")?)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if taken == 0 {
            sqlx::query("ROLLBACK TO SAVEPOINT retake")
                .execute(&mut **tx)
                .await?;
            return Ok(false);
        }
    }
    sqlx::query("UPDATE orders SET stock_state = 'committed' WHERE id = $1")
        .bind(order.id)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// What a payment notification said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentOutcome {
    /// The payment succeeded (with the provider's payment id, for refunds).
    Paid { payment_id: String },
    /// The payment failed or was declined: the order is cancelled, its stock released.
    Failed,
    /// The hosted checkout expired unpaid.
    Expired,
}

/// The result of applying a payment notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    /// This event was applied before: nothing changed.
    Duplicate,
    /// No order has this reference (recorded, nothing else changed).
    UnknownOrder,
    /// The order moved.
    Moved { order_id: i64, to: OrderStatus },
    /// The order's state makes this event moot (a late expiry of a paid order, say).
    Ignored { order_id: i64, status: OrderStatus },
    /// Money arrived for an order that can no longer be fulfilled (cancelled, or its stock was
    /// sold meanwhile): the caller refunds it.
    RefundNeeded { order_id: i64, payment_id: String },
}

/// Applies a payment notification exactly once: the event id is recorded in the same
/// transaction as its effect, so duplicate and concurrent deliveries are no-ops. The order's
/// state is checked, never assumed, so events in any order are safe. A payment whose `charged`
/// amount or currency is not the order's is not applied: it leaves one internal note (under the
/// order's lock, with the event recorded, so a redelivery adds nothing).
#[allow(clippy::too_many_arguments)]
pub async fn apply_payment_event(
    pool: &PgPool,
    provider: &str,
    event_id: &str,
    event_type: &str,
    reference: &str,
    outcome: &PaymentOutcome,
    charged: Option<(i64, &str)>,
) -> Result<Applied, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let mut order_id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM orders WHERE payment_provider = $1 AND payment_reference = $2",
    )
    .bind(provider)
    .bind(reference)
    .fetch_optional(&mut *tx)
    .await?;
    // Money through a checkout the order has left (the shopper switched to another way of
    // paying) is still this order's; that checkout's expiry or failure means nothing now.
    if order_id.is_none() && matches!(outcome, PaymentOutcome::Paid { .. }) {
        order_id = sqlx::query_scalar(
            "SELECT order_id FROM payment_sessions WHERE provider = $1 AND reference = $2",
        )
        .bind(provider)
        .bind(reference)
        .fetch_optional(&mut *tx)
        .await?;
    }
    // The order row is locked before the event is recorded: the event row's foreign key takes
    // a share lock on the order, and two events of one order each holding that share lock
    // while waiting for the row lock would deadlock.
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
        return Ok(Applied::Duplicate);
    }
    let Some(order) = order else {
        tx.commit().await?;
        return Ok(Applied::UnknownOrder);
    };
    if let (PaymentOutcome::Paid { .. }, Some((amount, currency))) = (outcome, charged) {
        if !order::charge_matches(order.total, order.currency, amount, currency) {
            tracing::error!(
                order = %order.number, event = %event_id, amount, %currency,
                expected_amount = order.total, expected = %order.currency.code(),
                "payment amount or currency differs from the order: not applied; staff must refund it"
            );
            let note = format!(
                "payment event {event_id} charged {amount} {currency}, not the order's {} {}: not applied, refund it from the provider's dashboard",
                order.total,
                order.currency.code().to_ascii_lowercase()
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
            return Ok(Applied::Ignored {
                order_id: order.id,
                status: order.status,
            });
        }
    }
    let actor = format!("provider:{provider}");
    let applied = match (outcome, order.status) {
        (PaymentOutcome::Paid { payment_id }, OrderStatus::Pending) => {
            sqlx::query("UPDATE orders SET payment_id = $2 WHERE id = $1")
                .bind(order.id)
                .bind(payment_id)
                .execute(&mut *tx)
                .await?;
            let have_stock = if order.stock_state == "held" {
                settle_stock(&mut tx, &order, true, &actor).await?;
                true
            } else {
                retake_stock(&mut tx, &order, &actor).await?
            };
            if have_stock {
                // Valid from Pending, which the match established under the row lock.
                move_status(&mut tx, &order, Transition::Pay, &actor, "")
                    .await?
                    .ok();
                Applied::Moved {
                    order_id: order.id,
                    to: OrderStatus::Paid,
                }
            } else {
                let paid = OrderRow {
                    payment_id: Some(payment_id.clone()),
                    ..order.clone()
                };
                move_status(
                    &mut tx,
                    &paid,
                    Transition::Cancel,
                    &actor,
                    "paid after the reservation ended and the stock was sold; refunding",
                )
                .await?
                .ok();
                Applied::RefundNeeded {
                    order_id: order.id,
                    payment_id: payment_id.clone(),
                }
            }
        }
        (PaymentOutcome::Paid { payment_id }, OrderStatus::Cancelled) => {
            sqlx::query("UPDATE orders SET payment_id = $2 WHERE id = $1")
                .bind(order.id)
                .bind(payment_id)
                .execute(&mut *tx)
                .await?;
            record_history(
                &mut tx,
                order.id,
                Some(order.status),
                order.status,
                &actor,
                "payment received for a cancelled order; refunding",
            )
            .await?;
            Applied::RefundNeeded {
                order_id: order.id,
                payment_id: payment_id.clone(),
            }
        }
        (PaymentOutcome::Failed | PaymentOutcome::Expired, OrderStatus::Pending) => {
            settle_stock(&mut tx, &order, false, &actor).await?;
            let note = if *outcome == PaymentOutcome::Failed {
                "payment failed"
            } else {
                "checkout expired unpaid"
            };
            move_status(&mut tx, &order, Transition::Cancel, &actor, note)
                .await?
                .ok();
            Applied::Moved {
                order_id: order.id,
                to: OrderStatus::Cancelled,
            }
        }
        (PaymentOutcome::Paid { payment_id }, status)
            if order.payment_id.as_deref() != Some(payment_id.as_str()) =>
        {
            // A second payment for an order already paid (through another checkout it had):
            // never silently kept. Staff see it on the order and refund it from the provider.
            tracing::error!(
                order = %order.number, event = %event_id, %payment_id, %provider,
                "a second payment arrived for an order already paid; staff must refund it"
            );
            let note = format!(
                "a second payment {payment_id} through {provider} arrived for this order: refund it from the provider's dashboard"
            );
            sqlx::query(
                "INSERT INTO order_history (order_id, from_status, to_status, actor, note, internal)
                 VALUES ($1, $2, $2, 'system', $3, true)",
            )
            .bind(order.id)
            .bind(status.as_str())
            .bind(&note)
            .execute(&mut *tx)
            .await?;
            Applied::Ignored {
                order_id: order.id,
                status,
            }
        }
        (_, status) => Applied::Ignored {
            order_id: order.id,
            status,
        },
    };
    tx.commit().await?;
    Ok(applied)
}

/// Moves an order along one transition, with its history. The `orders` trigger records the
/// `order.{status}` event; its email is queued by the event consumer (`consumers`).
pub(super) async fn move_status(
    tx: &mut Transaction<'_, Postgres>,
    order: &OrderRow,
    transition: Transition,
    actor: &str,
    note: &str,
) -> Result<Result<OrderStatus, InvalidTransition>, sqlx::Error> {
    let to = match order::apply(order.status, transition) {
        Ok(to) => to,
        Err(e) => return Ok(Err(e)),
    };
    sqlx::query("UPDATE orders SET status = $2, updated_at = now() WHERE id = $1")
        .bind(order.id)
        .bind(to.as_str())
        .execute(&mut **tx)
        .await?;
    record_history(tx, order.id, Some(order.status), to, actor, note).await?;
    Ok(Ok(to))
}

/// A transition asked for by a shopper or staff: the order is locked, the move checked by the
/// status machine; cancelling releases held stock. Returns the order as it was before.
pub async fn transition(
    pool: &PgPool,
    order_id: i64,
    transition: Transition,
    actor: &str,
    note: &str,
) -> Result<Result<(OrderRow, OrderStatus), InvalidTransition>, sqlx::Error> {
    transition_shipping(pool, order_id, transition, actor, note, None).await
}

/// `transition`, recording how the order travels (`shipment`: carrier and tracking number) in
/// the same transaction, before the move: its `order.shipped` event and email carry them.
pub async fn transition_shipping(
    pool: &PgPool,
    order_id: i64,
    transition: Transition,
    actor: &str,
    note: &str,
    shipment: Option<(&str, &str)>,
) -> Result<Result<(OrderRow, OrderStatus), InvalidTransition>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some(order) = lock(&mut tx, order_id).await? else {
        return Err(sqlx::Error::RowNotFound);
    };
    if let Some((carrier, tracking)) = shipment {
        sqlx::query("UPDATE orders SET carrier = $2, tracking_number = $3 WHERE id = $1")
            .bind(order.id)
            .bind(carrier)
            .bind(tracking)
            .execute(&mut *tx)
            .await?;
    }
    let moved = move_status(&mut tx, &order, transition, actor, note).await?;
    let to = match moved {
        Ok(to) => to,
        Err(e) => {
            tx.rollback().await?;
            return Ok(Err(e));
        }
    };
    if to == OrderStatus::Cancelled {
        settle_stock(&mut tx, &order, false, actor).await?;
    }
    tx.commit().await?;
    Ok(Ok((order, to)))
}

/// Cancels unpaid orders whose reservation has ended and gives their stock back, at most
/// `limit` at a time, one order per transaction (a transaction holding many orders' locks
/// would block checkouts and settlements of all of them). Safe with several app instances:
/// orders are claimed with SKIP LOCKED.
pub async fn release_expired(pool: &PgPool, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM orders
         WHERE stock_state = 'held' AND status = 'pending' AND reserved_until < now()
         ORDER BY orders.reserved_until LIMIT 1 FOR UPDATE SKIP LOCKED"
    );
    let mut released = Vec::new();
    while (released.len() as i64) < limit {
        let mut tx = pool.begin().await?;
        let Some(row) = sqlx::query(&sql).fetch_optional(&mut *tx).await? else {
            break;
        };
        let order = order_from_row(&row)?;
        settle_stock(&mut tx, &order, false, "system").await?;
        move_status(
            &mut tx,
            &order,
            Transition::Cancel,
            "system",
            "reservation expired unpaid",
        )
        .await?
        .ok();
        tx.commit().await?;
        released.push(order.id);
    }
    Ok(released)
}
