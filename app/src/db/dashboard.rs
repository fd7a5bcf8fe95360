//! Queries of the dashboard.

use sqlx::{PgPool, Row};

use crate::domain::account::Role;
use crate::domain::dashboard::{AccountRow, DashboardSummary};

pub async fn summary(pool: &PgPool) -> Result<DashboardSummary, sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT count(*) FROM products WHERE active) AS active_products,
                (SELECT count(*) FROM variants) AS variants,
                (SELECT count(*) FROM variants WHERE stock_on_hand - stock_reserved <= low_stock_threshold) AS low_stock,
                (SELECT count(*) FROM users WHERE role = 'customer') AS customers,
                (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL) AS pending,
                (SELECT count(*) FROM outbox WHERE failed_at IS NOT NULL) AS failed",
    )
    .fetch_one(pool)
    .await?;
    Ok(DashboardSummary {
        active_products: row.try_get("active_products")?,
        variants: row.try_get("variants")?,
        low_stock_variants: row.try_get("low_stock")?,
        customers: row.try_get("customers")?,
        emails_pending: row.try_get("pending")?,
        emails_failed: row.try_get("failed")?,
    })
}

/// The newest accounts, at most `limit`.
pub async fn accounts(pool: &PgPool, limit: i64) -> Result<Vec<AccountRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT email, name, role, email_verified_at IS NOT NULL AS verified,
                to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS created_on
         FROM users ORDER BY created_at DESC, id DESC LIMIT $1",
    )
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
