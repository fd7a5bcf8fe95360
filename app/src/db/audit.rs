//! The audit log: every admin and seller action with who, what, when, before and after.

use serde_json::Value;
use sqlx::{PgExecutor, PgPool, Row};

use crate::domain::dashboard::AuditEntry;
use crate::domain::order_view::format_utc;

/// Records an action (in the caller's transaction, so it stands or falls with the change).
pub async fn record(
    conn: impl PgExecutor<'_>,
    actor_id: i64,
    action: &str,
    subject: &str,
    before: Option<Value>,
    after: Option<Value>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, subject, before, after) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(actor_id)
    .bind(action)
    .bind(subject)
    .bind(before)
    .bind(after)
    .execute(conn)
    .await?;
    Ok(())
}

/// The newest entries, optionally about one subject.
pub async fn recent(
    pool: &PgPool,
    subject: Option<&str>,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    page(pool, subject, 0, limit).await
}

/// Entries newest first, optionally about one subject: `limit` from `offset`.
pub async fn page(
    pool: &PgPool,
    subject: Option<&str>,
    offset: i64,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.action, a.subject, a.before, a.after, u.email,
                extract(epoch FROM a.created_at)::bigint AS at
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
         WHERE ($1::text IS NULL OR a.subject = $1) ORDER BY a.id DESC OFFSET $3 LIMIT $2",
    )
    .bind(subject)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let text = |v: Option<Value>| v.map(|v| v.to_string()).unwrap_or_default();
            Ok(AuditEntry {
                action: r.try_get("action")?,
                subject: r.try_get("subject")?,
                actor: r
                    .try_get::<Option<String>, _>("email")?
                    .unwrap_or_else(|| "(removed account)".into()),
                before: text(r.try_get("before")?),
                after: text(r.try_get("after")?),
                at: format_utc(r.try_get("at")?),
            })
        })
        .collect()
}
