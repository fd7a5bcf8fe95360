//! An order's emails follow from its domain events (`order.placed`, `order.paid`, …): the event
//! consumer queues each one here, once per event.

use sqlx::PgPool;

use super::*;
use crate::domain::picture::Picture;

/// An order as its emails need it, now.
pub struct MailFacts<'a> {
    pub order: &'a OrderRow,
    pub lines: &'a [OrderLineRow],
    /// Each line's product picture, in line order.
    pub pictures: &'a [Option<Picture>],
    /// For a guest's order, a fresh key to its private link.
    pub key: Option<&'a str>,
}

/// Queues the email about order event `event_id` (order `number`), once: the receipt of
/// `consumer` for the event is written in the transaction that queues it, so an event delivered
/// twice is emailed once. `compose` gets the order as it is now, its lines and their pictures,
/// and for a guest's order a fresh key to its private link (only its hash is kept; a signed-in
/// customer signs in instead); None sends nothing. With `guest_cap`, a guest's address (unverified) gets at
/// most that many order emails an hour; those over it are not sent. Returns whether an email
/// was queued.
pub async fn queue_event_email(
    pool: &PgPool,
    consumer: &str,
    event_id: i64,
    number: &str,
    guest_cap: Option<i64>,
    compose: impl FnOnce(&MailFacts<'_>) -> Option<EmailContent>,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if !crate::db::events::first_receipt(&mut tx, consumer, event_id).await? {
        return Ok(false);
    }
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE number = $1");
    let Some(row) = sqlx::query(&sql)
        .bind(number)
        .fetch_optional(&mut *tx)
        .await?
    else {
        tx.commit().await?;
        return Ok(false);
    };
    let order = order_from_row(&row)?;
    let guest = order.user_id.is_none();
    if let (true, Some(cap)) = (guest, guest_cap) {
        // One count per address at a time, so concurrent deliveries cannot all pass it.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext('oxcart:order-mail:' || $1))")
            .bind(&order.email)
            .execute(&mut *tx)
            .await?;
        let recent: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM outbox WHERE recipient = $1 AND kind LIKE 'order-%'
               AND created_at > now() - interval '1 hour'",
        )
        .bind(&order.email)
        .fetch_one(&mut *tx)
        .await?;
        if recent >= cap {
            tracing::info!(order = %order.number, "order email not sent: too many order emails to this guest address this hour");
            tx.commit().await?;
            return Ok(false);
        }
    }
    let lines = lines(&mut *tx, order.id).await?;
    let pictures = line_pictures(&mut *tx, order.id).await?;
    let key = guest.then(crate::auth::session::new_token);
    let facts = MailFacts {
        order: &order,
        lines: &lines,
        pictures: &pictures,
        key: key.as_deref(),
    };
    let Some(mail) = compose(&facts) else {
        tx.commit().await?;
        return Ok(false);
    };
    if let Some(key) = &key {
        add_access_key(&mut tx, order.id, &crate::auth::session::hash_token(key)).await?;
    }
    crate::db::outbox::enqueue(&mut *tx, &order.email, &mail).await?;
    tx.commit().await?;
    Ok(true)
}
