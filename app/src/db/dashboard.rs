//! Queries of the dashboard.

use sqlx::{PgPool, Row};

use crate::domain::account::Role;
use crate::domain::dashboard::{AccountRow, DashboardSummary};

/// The dashboard's numbers: of `seller`'s products when given (a seller sees nothing
/// store-wide), else of the whole store with the customer, email and refund counts.
pub async fn summary(pool: &PgPool, seller: Option<i64>) -> Result<DashboardSummary, sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT count(*) FROM products p WHERE p.active
                   AND ($1::bigint IS NULL OR p.seller_id = $1)) AS active_products,
                (SELECT count(*) FROM variants v JOIN products p ON p.id = v.product_id
                   WHERE $1::bigint IS NULL OR p.seller_id = $1) AS variants,
                (SELECT count(*) FROM variants v JOIN products p ON p.id = v.product_id
                   WHERE v.stock_on_hand - v.stock_reserved <= v.low_stock_threshold
                     AND ($1::bigint IS NULL OR p.seller_id = $1)) AS low_stock,
                (SELECT count(*) FROM users WHERE role = 'customer') AS customers,
                (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL) AS pending,
                (SELECT count(*) FROM outbox WHERE failed_at IS NOT NULL) AS failed,
                (SELECT count(*) FROM refunds WHERE status <> 'succeeded') AS refunds_open,
                (SELECT count(*) FROM domain_events WHERE published_at IS NULL) AS events_waiting,
                (SELECT coalesce(extract(epoch FROM now() - min(occurred_at))::bigint, 0)
                   FROM domain_events WHERE published_at IS NULL) AS events_lag",
    )
    .bind(seller)
    .fetch_one(pool)
    .await?;
    let store_wide = |name: &str| -> Result<Option<i64>, sqlx::Error> {
        Ok(if seller.is_none() {
            Some(row.try_get(name)?)
        } else {
            None
        })
    };
    Ok(DashboardSummary {
        active_products: row.try_get("active_products")?,
        variants: row.try_get("variants")?,
        low_stock_variants: row.try_get("low_stock")?,
        customers: store_wide("customers")?,
        emails_pending: store_wide("pending")?,
        emails_failed: store_wide("failed")?,
        refunds_open: store_wide("refunds_open")?,
        events_waiting: store_wide("events_waiting")?,
        events_lag_secs: store_wide("events_lag")?,
        events_unhandled: None,
        sales: None,
    })
}

/// Orders waiting to ship: paid, or being prepared.
pub async fn to_ship(pool: &PgPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM orders WHERE status IN ('paid', 'processing')")
        .fetch_one(pool)
        .await
}

/// Accounts, newest first, whose email or name contains `search` (all for ""): `limit` from
/// `offset`.
pub async fn accounts(
    pool: &PgPool,
    search: &str,
    offset: i64,
    limit: i64,
) -> Result<Vec<AccountRow>, sqlx::Error> {
    // The search is a substring of the email or the name, wildcards taken literally.
    let pattern = super::contains_pattern(search);
    let rows = sqlx::query(
        "SELECT email, name, role, email_verified_at IS NOT NULL AS verified,
                to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS created_on
         FROM users WHERE email ILIKE $1 OR name ILIKE $1
         ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT $3",
    )
    .bind(pattern)
    .bind(offset)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Ok(AccountRow {
                email: r.try_get("email")?,
                name: r.try_get("name")?,
                role: Role::parse(&role).unwrap_or(Role::Customer),
                email_verified: r.try_get("verified")?,
                created_on: r.try_get("created_on")?,
            })
        })
        .collect()
}

/// The store-wide figures `/metrics` reports, read at scrape time so every instance reports the
/// same numbers: the email outbox, refunds not yet confirmed, and orders by status.
pub async fn operations(
    pool: &PgPool,
) -> Result<crate::domain::dashboard::OpsFigures, sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL) AS pending,
                (SELECT count(*) FROM outbox WHERE failed_at IS NOT NULL) AS failed,
                (SELECT count(*) FROM refunds WHERE status <> 'succeeded') AS refunds_open,
                (SELECT count(*) FROM orders) AS placed,
                (SELECT count(DISTINCT order_id) FROM order_history WHERE to_status = 'paid') AS paid",
    )
    .fetch_one(pool)
    .await?;
    let by_status = sqlx::query_as::<_, (String, i64)>(
        "SELECT status, count(*) FROM orders GROUP BY status ORDER BY status",
    )
    .fetch_all(pool)
    .await?;
    Ok(crate::domain::dashboard::OpsFigures {
        emails_pending: row.try_get("pending")?,
        emails_failed: row.try_get("failed")?,
        refunds_open: row.try_get("refunds_open")?,
        orders_placed: row.try_get("placed")?,
        orders_paid: row.try_get("paid")?,
        orders_by_status: by_status,
    })
}
