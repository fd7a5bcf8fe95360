//! The dashboard's order queries: the filtered list and shipping details.

use sqlx::Row;

use super::*;

/// What the order list is filtered by (dates already checked, `YYYY-MM-DD`, inclusive).
#[derive(Clone, Debug, Default)]
pub struct OrderFilter {
    /// Any of these statuses (empty: every status).
    pub statuses: Vec<OrderStatus>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Part of an order number or email.
    pub text: String,
}

/// Orders matching `filter`, newest first, with their item counts.
///
/// Only the filters given are in the statement: one statement with every filter optional
/// (`$1 IS NULL OR …`) gets a generic plan once prepared that cannot use `orders_created_idx`.
/// The order is the table's `orders.created_at` (see `ORDER_COLUMNS`); both together take the
/// newest page from a scan and sort of every order (170 ms for 150,762) to 0.2 ms. "To ship"
/// reads the partial `orders_to_ship` index and text the trigram indexes (migration
/// `order_list_indexes`).
pub async fn search(
    pool: &PgPool,
    filter: &OrderFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<(OrderRow, i64)>, sqlx::Error> {
    let mut query = sqlx::QueryBuilder::<sqlx::Postgres>::new(format!(
        "SELECT {ORDER_COLUMNS},
                (SELECT coalesce(sum(quantity), 0)::bigint FROM order_lines l WHERE l.order_id = orders.id) AS items
         FROM orders WHERE true"
    ));
    if !filter.statuses.is_empty() {
        // Written into the statement, not bound: the statuses are the enum's fixed names, and
        // Postgres can only pick the partial `orders_to_ship` index when it sees them.
        let statuses: Vec<String> = filter
            .statuses
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        query.push(format!(" AND status IN ({})", statuses.join(", ")));
    }
    if let Some(from) = &filter.from {
        query
            .push(" AND created_at >= (")
            .push_bind(from.as_str())
            .push("::date)::timestamp AT TIME ZONE 'UTC'");
    }
    if let Some(to) = &filter.to {
        query
            .push(" AND created_at < (")
            .push_bind(to.as_str())
            .push("::date + 1)::timestamp AT TIME ZONE 'UTC'");
    }
    let text = filter.text.trim();
    if !text.is_empty() {
        let pattern = format!(
            "%{}%",
            text.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        // Each searched column is a trigram index to read: text that cannot be part of a
        // number is looked for in emails only.
        if crate::domain::order::may_be_in_order_number(text) {
            query
                .push(" AND (number ILIKE ")
                .push_bind(pattern.clone())
                .push(" OR email ILIKE ")
                .push_bind(pattern)
                .push(")");
        } else {
            query.push(" AND email ILIKE ").push_bind(pattern);
        }
    }
    query
        .push(" ORDER BY orders.created_at DESC, orders.id DESC LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    // A text filter is planned with its pattern each time (an unnamed statement): a rare email
    // reads the trigram indexes, a pattern in most orders walks `orders_created_idx`, and one
    // cached plan would be slow for one of them.
    let rows = query
        .build()
        .persistent(text.is_empty())
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| Ok((order_from_row(r)?, r.try_get("items")?)))
        .collect()
}

/// Adds an internal note to an order's history (its status unchanged; never shown to the
/// customer).
pub async fn add_note(
    pool: &PgPool,
    order_id: i64,
    actor: &str,
    note: &str,
) -> Result<bool, sqlx::Error> {
    let added = sqlx::query(
        "INSERT INTO order_history (order_id, from_status, to_status, actor, note, internal)
         SELECT id, status, status, $2, $3, true FROM orders WHERE id = $1",
    )
    .bind(order_id)
    .bind(actor)
    .bind(note)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(added == 1)
}

/// The lines of `seller`'s products in orders that were paid, newest first.
pub async fn seller_lines(
    pool: &PgPool,
    seller: i64,
    limit: i64,
) -> Result<Vec<crate::domain::order::SellerLine>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT o.number, extract(epoch FROM o.created_at)::bigint AS at, o.status, o.currency,
                l.sku, l.product_name, l.quantity, l.line_total_minor
         FROM order_lines l JOIN orders o ON o.id = l.order_id
         JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id
         WHERE p.seller_id = $1 AND o.payment_id IS NOT NULL
         ORDER BY o.created_at DESC, o.id DESC, l.position LIMIT $2",
    )
    .bind(seller)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let status: String = r.try_get("status")?;
            let code: String = r.try_get("currency")?;
            let currency = Currency::parse(&code).unwrap_or(Currency::Usd);
            Ok(crate::domain::order::SellerLine {
                number: r.try_get("number")?,
                placed_at: crate::domain::order::format_utc(r.try_get("at")?),
                status: OrderStatus::parse(&status).unwrap_or(OrderStatus::Paid),
                sku: r.try_get("sku")?,
                product: r.try_get("product_name")?,
                quantity: r.try_get("quantity")?,
                line_total: Money::new(r.try_get("line_total_minor")?, currency),
            })
        })
        .collect()
}
