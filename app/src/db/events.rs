//! The domain events table (written by triggers, see the `domain_events` migration): batches
//! claimed by one relay at a time, marked published, trimmed after a retention period.

use sqlx::{PgPool, Postgres, Row, Transaction};

use crate::domain::events::DomainEvent;

/// The advisory lock a relay holds while it publishes a batch: one relay at a time, across
/// instances, so events go out in id order and never twice at once. Released with the
/// transaction (or when a crashed relay's connection closes).
const RELAY_LOCK: i64 = 0x6f78_6361_7274_0001;

/// Unpublished events claimed by this relay, in id order. Publish them, then `published`;
/// dropped without it (a crash, a failed publish), they stay unpublished and go out again.
pub struct Batch {
    tx: Transaction<'static, Postgres>,
    pub events: Vec<DomainEvent>,
}

/// Claims up to `limit` unpublished events, or None when another relay is publishing now.
pub async fn claim_batch(pool: &PgPool, limit: i64) -> Result<Option<Batch>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let leader: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1)")
        .bind(RELAY_LOCK)
        .fetch_one(&mut *tx)
        .await?;
    if !leader {
        tx.rollback().await?;
        return Ok(None);
    }
    let rows = sqlx::query(
        "SELECT id, type, version, subject, data,
                (extract(epoch FROM occurred_at) * 1000)::bigint AS at
         FROM domain_events WHERE published_at IS NULL ORDER BY id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    let events = rows
        .iter()
        .map(|r| {
            Ok(DomainEvent {
                id: r.try_get("id")?,
                kind: r.try_get("type")?,
                version: r.try_get("version")?,
                at: r.try_get("at")?,
                subject: r.try_get("subject")?,
                data: r.try_get("data")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Some(Batch { tx, events }))
}

impl Batch {
    /// Gives the batch back unpublished at once (its events go out again with the next one).
    pub async fn abandon(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }

    /// Marks the batch published and lets the next relay go.
    pub async fn published(mut self) -> Result<(), sqlx::Error> {
        let ids: Vec<i64> = self.events.iter().map(|e| e.id).collect();
        sqlx::query("UPDATE domain_events SET published_at = now() WHERE id = ANY($1)")
            .bind(&ids)
            .execute(&mut *self.tx)
            .await?;
        self.tx.commit().await
    }
}

/// Deletes events published more than `retention_secs` ago, and consumers' receipts as old;
/// returns how many events.
pub async fn trim_published(pool: &PgPool, retention_secs: i64) -> Result<u64, sqlx::Error> {
    let events = sqlx::query(
        "DELETE FROM domain_events
         WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => $1)",
    )
    .bind(retention_secs as f64)
    .execute(pool)
    .await?
    .rows_affected();
    sqlx::query("DELETE FROM event_receipts WHERE handled_at < now() - make_interval(secs => $1)")
        .bind(retention_secs as f64)
        .execute(pool)
        .await?;
    Ok(events)
}

/// Records that `consumer` handled event `event_id`, in the transaction of what it did: true
/// the first time, false when it was handled already (a redelivery: do nothing). Concurrent
/// handlers of one event wait for each other here, and only one sees true.
pub async fn first_receipt(
    tx: &mut Transaction<'_, Postgres>,
    consumer: &str,
    event_id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO event_receipts (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(consumer)
    .bind(event_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How far behind the relay is: events not yet published, and the age in milliseconds of the
/// oldest of them (0 when none wait).
pub async fn lag(pool: &PgPool) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "SELECT count(*) AS waiting,
                coalesce((extract(epoch FROM now() - min(occurred_at)) * 1000)::bigint, 0) AS oldest
         FROM domain_events WHERE published_at IS NULL",
    )
    .fetch_one(pool)
    .await?;
    Ok((row.try_get("waiting")?, row.try_get("oldest")?))
}
