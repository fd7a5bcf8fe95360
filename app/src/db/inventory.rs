//! Stock: the ledger the database writes on every change of stock on hand (see the inventory
//! migration), adjustments by staff, per-variant history, the low-stock view and its alerts.

use sqlx::PgExecutor;

/// Says what the stock changes made next in this transaction are, for the ledger's trigger
/// (transaction-local settings; without them a change is recorded as a correction by 'system').
pub async fn context(
    conn: impl PgExecutor<'_>,
    kind: &str,
    actor: &str,
    reason: &str,
    order_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "SELECT set_config('oxcart.stock_kind', $1, true), set_config('oxcart.stock_actor', $2, true),
                set_config('oxcart.stock_reason', $3, true), set_config('oxcart.stock_order', $4, true)",
    )
    .bind(kind)
    .bind(actor)
    .bind(reason)
    .bind(order_id.map(|id| id.to_string()).unwrap_or_default())
    .execute(conn)
    .await?;
    Ok(())
}

use serde_json::json;
use sqlx::types::Json;
use sqlx::{PgPool, Row};

use crate::db::orders::options_text;
use crate::domain::inventory::{Adjustment, LowStockAlert, MovementKind, MovementView, StockRow};
use crate::domain::mail::EmailContent;
use crate::domain::order_view::format_utc;

const STOCK_COLUMNS: &str = "v.sku, p.name, p.slug, v.options, v.stock_on_hand, v.stock_reserved,
    v.low_stock_threshold, (v.active AND p.active) AS active,
    (SELECT count(*) FROM stock_alerts s
     WHERE s.variant_id = v.id AND s.notified_at IS NULL AND s.confirmed_at IS NOT NULL) AS waiting";

fn stock_row(r: &sqlx::postgres::PgRow) -> Result<StockRow, sqlx::Error> {
    let Json(options): Json<Vec<(String, String)>> = r.try_get("options")?;
    Ok(StockRow {
        sku: r.try_get("sku")?,
        product: r.try_get("name")?,
        product_slug: r.try_get("slug")?,
        options: options_text(&options),
        on_hand: r.try_get("stock_on_hand")?,
        reserved: r.try_get("stock_reserved")?,
        threshold: r.try_get("low_stock_threshold")?,
        active: r.try_get("active")?,
        waiting: r.try_get("waiting")?,
    })
}

/// One variant's stock. `seller`: only if that seller owns its product.
pub async fn stock(
    pool: &PgPool,
    sku: &str,
    seller: Option<i64>,
) -> Result<Option<StockRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {STOCK_COLUMNS} FROM variants v JOIN products p ON p.id = v.product_id
         WHERE v.sku = $1 AND ($2::bigint IS NULL OR p.seller_id = $2)"
    );
    let row = sqlx::query(&sql)
        .bind(sku)
        .bind(seller)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(stock_row).transpose()
}

/// Variants at or under their threshold (active ones), lowest first. `seller` scopes it.
pub async fn low_stock(
    pool: &PgPool,
    seller: Option<i64>,
    limit: i64,
) -> Result<Vec<StockRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {STOCK_COLUMNS} FROM variants v JOIN products p ON p.id = v.product_id
         WHERE v.active AND p.active AND v.stock_on_hand <= v.low_stock_threshold
           AND ($1::bigint IS NULL OR p.seller_id = $1)
         ORDER BY v.stock_on_hand - v.low_stock_threshold, v.sku LIMIT $2"
    );
    let rows = sqlx::query(&sql)
        .bind(seller)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(stock_row).collect()
}

/// Variants whose SKU or product name matches `search` (all when empty). `seller` scopes it.
pub async fn search_stock(
    pool: &PgPool,
    search: &str,
    seller: Option<i64>,
    limit: i64,
) -> Result<Vec<StockRow>, sqlx::Error> {
    let pattern = super::contains_pattern(search);
    let sql = format!(
        "SELECT {STOCK_COLUMNS} FROM variants v JOIN products p ON p.id = v.product_id
         WHERE (v.sku ILIKE $1 OR p.name ILIKE $1) AND ($2::bigint IS NULL OR p.seller_id = $2)
         ORDER BY p.name, v.position, v.sku LIMIT $3"
    );
    let rows = sqlx::query(&sql)
        .bind(pattern)
        .bind(seller)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(stock_row).collect()
}

/// A variant's latest movements, newest first.
pub async fn history(
    pool: &PgPool,
    sku: &str,
    limit: i64,
) -> Result<Vec<MovementView>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.kind, m.delta, m.level, m.actor, u.email, m.reason, o.number,
                extract(epoch FROM m.created_at)::bigint AS at
         FROM stock_movements m
         JOIN variants v ON v.id = m.variant_id
         LEFT JOIN users u ON m.actor = 'staff:' || u.id
         LEFT JOIN orders o ON o.id = m.order_id
         WHERE v.sku = $1 ORDER BY m.id DESC LIMIT $2",
    )
    .bind(sku)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            let actor: String = r.try_get("actor")?;
            let email: Option<String> = r.try_get("email")?;
            Ok(MovementView {
                kind: MovementKind::parse(&kind).unwrap_or(MovementKind::Correction),
                delta: r.try_get("delta")?,
                level: r.try_get("level")?,
                actor: email.unwrap_or_else(|| actor_label(&actor)),
                reason: r.try_get("reason")?,
                order_number: r.try_get("number")?,
                at: format_utc(r.try_get("at")?),
            })
        })
        .collect()
}

fn actor_label(actor: &str) -> String {
    match actor {
        "shopper" => "the shopper".into(),
        "system" => "Oxcart".into(),
        other => match other.strip_prefix("provider:") {
            Some(provider) => format!("payment ({provider})"),
            None => other.to_string(),
        },
    }
}

/// What an adjustment did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Adjusted {
    /// Stock on hand is now `level` (unchanged when the count matched).
    Done { before: i32, level: i32 },
    /// No such variant (or not this seller's).
    NotFound,
    /// The change would break a rule (remove held units, exceed the maximum).
    Refused(String),
}

/// Applies a staff adjustment under the variant's row lock, with its ledger row and audit entry
/// in the same transaction.
pub async fn adjust(
    pool: &PgPool,
    sku: &str,
    adjustment: Adjustment,
    staff_id: i64,
    seller: Option<i64>,
    reason: &str,
) -> Result<Adjusted, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let row = sqlx::query(
        "SELECT v.id, v.stock_on_hand, v.stock_reserved FROM variants v
         JOIN products p ON p.id = v.product_id
         WHERE v.sku = $1 AND ($2::bigint IS NULL OR p.seller_id = $2) FOR UPDATE OF v",
    )
    .bind(sku)
    .bind(seller)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(Adjusted::NotFound);
    };
    let (id, on_hand, reserved): (i64, i32, i32) = (
        row.try_get("id")?,
        row.try_get("stock_on_hand")?,
        row.try_get("stock_reserved")?,
    );
    let delta = match adjustment.delta(on_hand, reserved) {
        Ok(Some(delta)) => delta,
        Ok(None) => {
            return Ok(Adjusted::Done {
                before: on_hand,
                level: on_hand,
            })
        }
        Err(message) => return Ok(Adjusted::Refused(message)),
    };
    let actor = format!("staff:{staff_id}");
    context(&mut *tx, adjustment.kind().as_str(), &actor, reason, None).await?;
    let level: i32 = sqlx::query_scalar(
        "UPDATE variants SET stock_on_hand = stock_on_hand + $2 WHERE id = $1
         RETURNING stock_on_hand",
    )
    .bind(id)
    .bind(delta)
    .fetch_one(&mut *tx)
    .await?;
    crate::db::audit::record(
        &mut *tx,
        staff_id,
        "stock.adjust",
        &format!("variant:{sku}"),
        Some(json!({"on_hand": on_hand})),
        Some(json!({"on_hand": level, "kind": adjustment.kind().as_str(), "reason": reason})),
    )
    .await?;
    tx.commit().await?;
    Ok(Adjusted::Done {
        before: on_hand,
        level,
    })
}

/// Variants whose stock on hand differs from the sum of their ledger (always none; tests and
/// the dashboard check it).
pub async fn ledger_mismatches(pool: &PgPool) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT v.sku FROM variants v
         LEFT JOIN (SELECT variant_id, sum(delta)::bigint AS total FROM stock_movements
                    GROUP BY variant_id) m ON m.variant_id = v.id
         WHERE v.stock_on_hand <> coalesce(m.total, 0) ORDER BY v.sku",
    )
    .fetch_all(pool)
    .await
}

/// Alerts not dismissed yet, newest first. `seller` scopes them.
pub async fn open_alerts(
    pool: &PgPool,
    seller: Option<i64>,
    limit: i64,
) -> Result<Vec<LowStockAlert>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.id, v.sku, p.name, a.level, a.threshold,
                extract(epoch FROM a.created_at)::bigint AS at
         FROM low_stock_alerts a JOIN variants v ON v.id = a.variant_id
         JOIN products p ON p.id = v.product_id
         WHERE a.dismissed_at IS NULL AND ($1::bigint IS NULL OR p.seller_id = $1)
         ORDER BY a.id DESC LIMIT $2",
    )
    .bind(seller)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(LowStockAlert {
                id: r.try_get("id")?,
                sku: r.try_get("sku")?,
                product: r.try_get("name")?,
                level: r.try_get("level")?,
                threshold: r.try_get("threshold")?,
                at: format_utc(r.try_get("at")?),
            })
        })
        .collect()
}

/// Dismisses an alert. False when it does not exist or was dismissed already.
pub async fn dismiss_alert(pool: &PgPool, id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE low_stock_alerts SET dismissed_at = now() WHERE id = $1 AND dismissed_at IS NULL",
    )
    .bind(id)
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
}

/// Turns new alerts into emails to every admin (one transaction per batch: the alerts are
/// claimed with SKIP LOCKED, their emails queued in the outbox and the alerts marked, so each
/// crossing is emailed once even with several app instances). Returns how many alerts.
pub async fn queue_alert_emails(
    pool: &PgPool,
    compose: impl Fn(&LowStockAlert) -> EmailContent,
) -> Result<usize, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let rows = sqlx::query(
        "SELECT a.id, v.sku, p.name, a.level, a.threshold,
                extract(epoch FROM a.created_at)::bigint AS at
         FROM low_stock_alerts a JOIN variants v ON v.id = a.variant_id
         JOIN products p ON p.id = v.product_id
         WHERE a.emailed_at IS NULL ORDER BY a.id LIMIT 50 FOR UPDATE OF a SKIP LOCKED",
    )
    .fetch_all(&mut *tx)
    .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let admins: Vec<String> =
        sqlx::query_scalar("SELECT email FROM users WHERE role = 'admin' ORDER BY id")
            .fetch_all(&mut *tx)
            .await?;
    let mut ids = Vec::with_capacity(rows.len());
    for r in &rows {
        let alert = LowStockAlert {
            id: r.try_get("id")?,
            sku: r.try_get("sku")?,
            product: r.try_get("name")?,
            level: r.try_get("level")?,
            threshold: r.try_get("threshold")?,
            at: format_utc(r.try_get("at")?),
        };
        let mail = compose(&alert);
        for admin in &admins {
            crate::db::outbox::enqueue(&mut *tx, admin, &mail).await?;
        }
        ids.push(alert.id);
    }
    sqlx::query("UPDATE low_stock_alerts SET emailed_at = now() WHERE id = ANY($1)")
        .bind(&ids)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(ids.len())
}
