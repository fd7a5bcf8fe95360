//! Back-in-stock alerts (`stock_alerts`): asked for on a sold-out variant, confirmed by an
//! emailed link (or at once for a verified account), stopped by a link, and turned into one
//! email each when the variant is available again (`notify_available`, driven by the event
//! consumer). Each email is queued in the transaction that changes the alert row.

use sqlx::types::Json;
use sqlx::{PgPool, Postgres, Row, Transaction};

use crate::db::orders::options_text;
use crate::domain::mail::EmailContent;
use crate::domain::stock_alerts::{
    may_add, variant_link, AlertView, Refused, Subscribed, UNCONFIRMED_TTL_HOURS,
};

/// A request for an alert.
pub struct NewAlert<'a> {
    pub sku: &'a str,
    /// Normalised (`domain::account::Email`).
    pub email: &'a str,
    pub user_id: Option<i64>,
    /// A verified account's own address: no confirmation needed.
    pub confirmed: bool,
    /// SHA-256 of the token the emailed link carries.
    pub token_hash: &'a [u8],
}

const VIEW_COLUMNS: &str = "p.name, p.slug, v.sku, v.options,
    (v.active AND p.active) AS for_sale,
    greatest(v.stock_on_hand - v.stock_reserved, 0) AS available";

fn view_of(r: &sqlx::postgres::PgRow, email: &str) -> Result<AlertView, sqlx::Error> {
    let Json(options): Json<Vec<(String, String)>> = r.try_get("options")?;
    let slug: String = r.try_get("slug")?;
    let sku: String = r.try_get("sku")?;
    Ok(AlertView {
        product: r.try_get("name")?,
        options: options_text(&options),
        link: variant_link(&slug, &sku),
        email: email.to_string(),
    })
}

/// Records an alert (or finds the address's open one for that variant) and queues the email
/// it needs: the confirmation link for an unconfirmed address, "you're on the list" (with the
/// stop link) for one confirmed at once. `compose` writes that email from the alert's title.
/// Returns what happened and the alert (its product page link).
pub async fn subscribe(
    pool: &PgPool,
    alert: &NewAlert<'_>,
    compose: impl FnOnce(&AlertView, Subscribed) -> EmailContent,
) -> Result<Result<(Subscribed, AlertView), Refused>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let sql = format!(
        "SELECT v.id, {VIEW_COLUMNS} FROM variants v JOIN products p ON p.id = v.product_id
         WHERE v.sku = $1"
    );
    let Some(row) = sqlx::query(&sql)
        .bind(alert.sku)
        .fetch_optional(&mut *tx)
        .await?
    else {
        return Ok(Err(Refused::Unknown));
    };
    if !row.try_get::<bool, _>("for_sale")? {
        return Ok(Err(Refused::Unknown));
    }
    if row.try_get::<i32, _>("available")? > 0 {
        return Ok(Err(Refused::InStock));
    }
    let variant_id: i64 = row.try_get("id")?;
    let view = view_of(&row, alert.email)?;
    // One address's requests one at a time, so its cap holds under concurrent requests.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('stock_alerts:' || $1))")
        .bind(alert.email)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "DELETE FROM stock_alerts WHERE email = $1 AND notified_at IS NULL
           AND confirmed_at IS NULL AND created_at < now() - make_interval(hours => $2)",
    )
    .bind(alert.email)
    .bind(UNCONFIRMED_TTL_HOURS as i32)
    .execute(&mut *tx)
    .await?;
    let existing = sqlx::query(
        "SELECT id, confirmed_at IS NOT NULL AS confirmed FROM stock_alerts
         WHERE variant_id = $1 AND email = $2 AND notified_at IS NULL",
    )
    .bind(variant_id)
    .bind(alert.email)
    .fetch_optional(&mut *tx)
    .await?;
    let outcome = if alert.confirmed {
        Subscribed::Confirmed
    } else {
        Subscribed::ConfirmationSent
    };
    match existing {
        Some(row) if row.try_get::<bool, _>("confirmed")? => {
            return Ok(Ok((Subscribed::AlreadyWaiting, view)));
        }
        // Asked again before confirming: a fresh link (the old one stops working).
        Some(row) => {
            sqlx::query(
                "UPDATE stock_alerts SET token_hash = $2, created_at = now(),
                     user_id = coalesce($3, user_id),
                     confirmed_at = CASE WHEN $4 THEN now() END
                 WHERE id = $1",
            )
            .bind(row.try_get::<i64, _>("id")?)
            .bind(alert.token_hash)
            .bind(alert.user_id)
            .bind(alert.confirmed)
            .execute(&mut *tx)
            .await?;
        }
        None => {
            let open: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM stock_alerts WHERE email = $1 AND notified_at IS NULL",
            )
            .bind(alert.email)
            .fetch_one(&mut *tx)
            .await?;
            if !may_add(open) {
                return Ok(Err(Refused::TooMany));
            }
            sqlx::query(
                "INSERT INTO stock_alerts (variant_id, email, user_id, token_hash, confirmed_at)
                 VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END)",
            )
            .bind(variant_id)
            .bind(alert.email)
            .bind(alert.user_id)
            .bind(alert.token_hash)
            .bind(alert.confirmed)
            .execute(&mut *tx)
            .await?;
        }
    }
    crate::db::outbox::enqueue(&mut *tx, alert.email, &compose(&view, outcome)).await?;
    tx.commit().await?;
    Ok(Ok((outcome, view)))
}

/// The product page of a variant (`/p/{slug}?variant={sku}`), if it exists.
pub async fn link_of(pool: &PgPool, sku: &str) -> Result<Option<String>, sqlx::Error> {
    let slug: Option<String> = sqlx::query_scalar(
        "SELECT p.slug FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = $1",
    )
    .bind(sku)
    .fetch_optional(pool)
    .await?;
    Ok(slug.map(|slug| variant_link(&slug, sku)))
}

/// The open alert a link's token belongs to, as (view, confirmed, available now).
async fn by_token(
    tx: &mut Transaction<'_, Postgres>,
    token_hash: &[u8],
) -> Result<Option<(i64, AlertView, bool)>, sqlx::Error> {
    let sql = format!(
        "SELECT a.id, a.email, a.confirmed_at IS NOT NULL AS confirmed, {VIEW_COLUMNS}
         FROM stock_alerts a JOIN variants v ON v.id = a.variant_id
         JOIN products p ON p.id = v.product_id
         WHERE a.token_hash = $1 AND a.notified_at IS NULL FOR UPDATE OF a"
    );
    let Some(row) = sqlx::query(&sql)
        .bind(token_hash)
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Ok(None);
    };
    let email: String = row.try_get("email")?;
    let available: i32 = row.try_get("available")?;
    Ok(Some((
        row.try_get("id")?,
        view_of(&row, &email)?,
        available > 0,
    )))
}

/// Confirms the alert of an emailed link. None: no open alert has that link (stopped,
/// already sent, or forgotten unconfirmed). The bool: the variant can be bought right now.
pub async fn confirm(
    pool: &PgPool,
    token_hash: &[u8],
) -> Result<Option<(AlertView, bool)>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some((id, view, available)) = by_token(&mut tx, token_hash).await? else {
        return Ok(None);
    };
    sqlx::query(
        "UPDATE stock_alerts SET confirmed_at = coalesce(confirmed_at, now()) WHERE id = $1",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some((view, available)))
}

/// Stops (deletes) the alert of an emailed link. None: no open alert has that link.
pub async fn stop(pool: &PgPool, token_hash: &[u8]) -> Result<Option<AlertView>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some((id, view, _)) = by_token(&mut tx, token_hash).await? else {
        return Ok(None);
    };
    sqlx::query("DELETE FROM stock_alerts WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(view))
}

/// When the variant can be bought: queues one email per confirmed open alert and ends them,
/// in batches, each in one transaction (alerts claimed with SKIP LOCKED, so two consumers
/// handling the same event never email anyone twice). Returns how many were emailed.
pub async fn notify_available(
    pool: &PgPool,
    variant_id: i64,
    compose: impl Fn(&AlertView) -> EmailContent,
) -> Result<usize, sqlx::Error> {
    const BATCH: i64 = 200;
    let mut sent = 0;
    loop {
        let mut tx = pool.begin().await?;
        let sql = format!(
            "SELECT {VIEW_COLUMNS} FROM variants v JOIN products p ON p.id = v.product_id
             WHERE v.id = $1"
        );
        let Some(variant) = sqlx::query(&sql)
            .bind(variant_id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(sent);
        };
        let available: i32 = variant.try_get("available")?;
        if !variant.try_get::<bool, _>("for_sale")? || available == 0 {
            return Ok(sent);
        }
        let waiting = sqlx::query(
            "SELECT id, email FROM stock_alerts
             WHERE variant_id = $1 AND notified_at IS NULL AND confirmed_at IS NOT NULL
             ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED",
        )
        .bind(variant_id)
        .bind(BATCH)
        .fetch_all(&mut *tx)
        .await?;
        let mut ids = Vec::with_capacity(waiting.len());
        for row in &waiting {
            let email: String = row.try_get("email")?;
            let mail = compose(&view_of(&variant, &email)?);
            crate::db::outbox::enqueue(&mut *tx, &email, &mail).await?;
            ids.push(row.try_get::<i64, _>("id")?);
        }
        sqlx::query("UPDATE stock_alerts SET notified_at = now() WHERE id = ANY($1)")
            .bind(&ids)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        sent += ids.len();
        if (ids.len() as i64) < BATCH {
            return Ok(sent);
        }
    }
}
