//! The email outbox: rows written in the transaction that causes them, claimed by workers with
//! `FOR UPDATE SKIP LOCKED`, marked sent or rescheduled with backoff, failed after too many tries.

use sqlx::{PgExecutor, PgPool, Row};

use crate::domain::mail::{retry_delay_secs, EmailContent, MAX_SEND_ATTEMPTS};

/// Queues a message (call it inside the transaction of the change that causes it).
pub async fn enqueue(
    conn: impl PgExecutor<'_>,
    recipient: &str,
    mail: &EmailContent,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outbox (kind, recipient, subject, body_text, body_html)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(mail.kind)
    .bind(recipient)
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .fetch_one(conn)
    .await
}

/// A claimed message.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Attempts so far, this one included.
    pub attempts: i32,
}

/// Claims up to `limit` due messages for `lease_secs`: other workers skip them while the claim
/// is taken and see them again only if this worker has neither sent nor rescheduled them by the
/// end of the lease (it crashed). One statement, so the claim commits at once.
pub async fn claim_due(
    pool: &PgPool,
    limit: i64,
    lease_secs: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let rows = sqlx::query(
        "WITH due AS (
             SELECT id FROM outbox
             WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
             ORDER BY next_attempt_at, id
             LIMIT $1
             FOR UPDATE SKIP LOCKED
         )
         UPDATE outbox o
         SET attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
         FROM due WHERE o.id = due.id
         RETURNING o.id, o.kind, o.recipient, o.subject, o.body_text, o.body_html, o.attempts",
    )
    .bind(limit)
    .bind(lease_secs as f64)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Claimed {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                recipient: r.try_get("recipient")?,
                subject: r.try_get("subject")?,
                text: r.try_get("body_text")?,
                html: r.try_get("body_html")?,
                attempts: r.try_get("attempts")?,
            })
        })
        .collect()
}

/// Records a delivery and clears the bodies (they may hold live links).
pub async fn mark_sent(pool: &PgPool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET sent_at = now(), body_text = '', body_html = '', last_error = NULL
         WHERE id = $1",
    )
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Records a failed attempt: retried later with backoff, or failed for good after the last one.
pub async fn mark_attempt_failed(
    pool: &PgPool,
    id: i64,
    attempts: i32,
    error: &str,
) -> Result<(), sqlx::Error> {
    let give_up = attempts >= MAX_SEND_ATTEMPTS;
    sqlx::query(
        "UPDATE outbox SET last_error = $2,
                failed_at = CASE WHEN $3 THEN now() END,
                next_attempt_at = now() + make_interval(secs => $4)
         WHERE id = $1",
    )
    .bind(id)
    .bind(error.chars().take(1000).collect::<String>())
    .bind(give_up)
    .bind(retry_delay_secs(attempts) as f64)
    .execute(pool)
    .await?;
    Ok(())
}

/// Counts of messages by state, for health checks and tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

pub async fn counts(pool: &PgPool) -> Result<OutboxCounts, sqlx::Error> {
    let row = sqlx::query(
        "SELECT count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL) AS pending,
                count(*) FILTER (WHERE sent_at IS NOT NULL) AS sent,
                count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed
         FROM outbox",
    )
    .fetch_one(pool)
    .await?;
    Ok(OutboxCounts {
        pending: row.try_get("pending")?,
        sent: row.try_get("sent")?,
        failed: row.try_get("failed")?,
    })
}
