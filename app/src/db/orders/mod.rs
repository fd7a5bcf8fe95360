//! Orders: placing one (stock reserved atomically, totals from the database, snapshots, all in
//! one short transaction), payment events applied exactly once, status transitions with
//! history, the sweeper that releases expired reservations, and the emails that follow the
//! orders' events (`mail`).
//!
//! Stock: `variants.stock_reserved` holds the units of unpaid orders. Reserving is a conditional
//! update that cannot take more than `stock_on_hand - stock_reserved` (and a CHECK constraint
//! refuses it even if the code were wrong). Locks are always taken in one order: the order row
//! first, then its refunds, then variants by id (placing an order locks its variants by id
//! before reserving), so checkouts, payment events, refunds and the sweeper never deadlock. Payment turns the reservation into
//! a sale (`stock_on_hand` and `stock_reserved` both drop, once: `orders.stock_state` moves from
//! `held` to `committed` under the order's row lock); cancellation or expiry gives it back.

use sqlx::{PgConnection, PgPool, Postgres, Row, Transaction};

use crate::domain::address::AddressFields;
use crate::domain::cart::CartLine;
use crate::domain::mail::EmailContent;
use crate::domain::money::{Currency, Money};
use crate::domain::order::{OrderStatus, ShippingMethod, ShippingRates, TaxRate, Totals};

pub mod admin;
mod mail;
mod place;
mod refunds;
mod rows;
mod settle;

pub use mail::{queue_event_email, MailFacts};
pub use place::{place, restore_payment, set_payment_session, switch_payment};
pub use refunds::{
    claim_due_refunds, open_refunds, record_reported_refund, refund_not_sent, refund_succeeded,
    reserve_refund, Refund, RefundAmount, RefundReport, ReportedRefund, Reserved,
};
use rows::{order_from_row, ORDER_COLUMNS};
pub use rows::{HistoryRow, OrderLineRow, OrderRow};
pub use settle::{
    apply_payment_event, release_expired, transition, transition_shipping, Applied, PaymentOutcome,
};

/// Everything needed to place an order. Prices are not here: they come from the database.
#[derive(Clone, Debug)]
pub struct NewOrder {
    pub checkout_token: String,
    pub user_id: Option<i64>,
    pub email: String,
    pub lines: Vec<CartLine>,
    pub address: AddressFields,
    pub method: ShippingMethod,
    pub rates: ShippingRates,
    pub currency: Currency,
    /// The total the shopper confirmed; a different total now refuses the order.
    pub expected_total: Option<i64>,
    pub provider: String,
    pub reserve_secs: i64,
    /// SHA-256 of the secret in the order's private link.
    pub access_hash: Vec<u8>,
    /// Who is placing it (rate-limit identity of the client, hash of the browser cookie), and
    /// how many unpaid orders each may hold.
    pub client_key: String,
    pub browser_key: Option<String>,
    pub holds: crate::domain::order::HoldLimits,
}

/// Why an order was not placed (nothing was reserved or written).
#[derive(Debug)]
pub enum PlaceError {
    /// A line cannot be met: what is available now (0 when sold out or no longer sold).
    OutOfStock {
        sku: String,
        name: String,
        available: i64,
    },
    /// The totals differ from what the shopper confirmed.
    TotalChanged {
        now: Totals,
    },
    /// The email, client or browser already holds as many unpaid orders as allowed.
    TooManyHeld(crate::domain::order::HoldRefusal),
    /// More units than one order may hold.
    TooManyUnits {
        max: u32,
    },
    /// No tax rate can be given to the address (its region is missing or unknown).
    Tax(crate::domain::order::TaxRefusal),
    Empty,
    TooLarge,
    Db(sqlx::Error),
}

impl From<sqlx::Error> for PlaceError {
    fn from(e: sqlx::Error) -> Self {
        PlaceError::Db(e)
    }
}

/// Every tax rate (a short table).
pub async fn tax_rates(pool: &PgPool) -> Result<Vec<TaxRate>, sqlx::Error> {
    let rows = sqlx::query("SELECT country, region, rate_bp FROM tax_rates")
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            let region: String = r.try_get("region")?;
            Ok(TaxRate {
                country: r.try_get("country")?,
                region: (!region.is_empty()).then_some(region),
                rate_bp: u32::try_from(r.try_get::<i32, _>("rate_bp")?).unwrap_or(0),
            })
        })
        .collect()
}

pub(crate) fn options_text(options: &[(String, String)]) -> String {
    options
        .iter()
        .map(|(_, v)| v.as_str())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The order placed with this checkout token, if any.
pub async fn by_checkout_token(
    pool: &PgPool,
    token: &str,
) -> Result<Option<OrderRow>, sqlx::Error> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE checkout_token = $1");
    let row = sqlx::query(&sql).bind(token).fetch_optional(pool).await?;
    row.as_ref().map(order_from_row).transpose()
}

/// An order by id.
pub async fn by_id(pool: &PgPool, id: i64) -> Result<Option<OrderRow>, sqlx::Error> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(pool).await?;
    row.as_ref().map(order_from_row).transpose()
}

/// The order a provider's checkout reference belongs to.
pub async fn by_payment_reference(
    pool: &PgPool,
    provider: &str,
    reference: &str,
) -> Result<Option<OrderRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE payment_provider = $1 AND payment_reference = $2"
    );
    let row = sqlx::query(&sql)
        .bind(provider)
        .bind(reference)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(order_from_row).transpose()
}

/// Pending orders with a hosted checkout whose stock hold ends within `within_secs` (or has
/// ended and is about to be released), oldest hold first: asked about before they are given up.
pub async fn expiring_checkouts(
    pool: &PgPool,
    within_secs: i64,
    limit: i64,
) -> Result<Vec<OrderRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM orders
         WHERE status = 'pending' AND payment_reference IS NOT NULL
           AND reserved_until <= now() + make_interval(secs => $1)
         ORDER BY orders.reserved_until LIMIT $2"
    );
    let rows = sqlx::query(&sql)
        .bind(within_secs as f64)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(order_from_row).collect()
}

/// An order by its number.
pub async fn by_number(pool: &PgPool, number: &str) -> Result<Option<OrderRow>, sqlx::Error> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE number = $1");
    let row = sqlx::query(&sql).bind(number).fetch_optional(pool).await?;
    row.as_ref().map(order_from_row).transpose()
}

/// A customer's orders, newest first.
pub async fn for_user(
    pool: &PgPool,
    user_id: i64,
    limit: i64,
) -> Result<Vec<OrderRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE user_id = $1 ORDER BY orders.created_at DESC, orders.id DESC LIMIT $2"
    );
    let rows = sqlx::query(&sql)
        .bind(user_id)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(order_from_row).collect()
}

/// Gives an account the orders its address placed as a guest, once the address is proven (the
/// emailed sign-up link, or the link confirming a changed address); returns how many. Their private links keep working.
pub async fn adopt_guest_orders(
    conn: &mut PgConnection,
    user_id: i64,
    email: &str,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("UPDATE orders SET user_id = $1 WHERE user_id IS NULL AND email = $2")
            .bind(user_id)
            .bind(email)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

/// Whether `hash` is the SHA-256 of one of the keys of an order's private links: the one in
/// its confirmation email or one in a later status email.
pub async fn opens(pool: &PgPool, order_id: i64, hash: &[u8]) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM orders WHERE id = $1 AND access_hash = $2)
             OR EXISTS (SELECT 1 FROM order_access_keys WHERE order_id = $1 AND hash = $2)",
    )
    .bind(order_id)
    .bind(hash)
    .fetch_one(pool)
    .await
}

/// Keeps the hash of a new key to an order's private link (for an email about it).
pub async fn add_access_key(
    conn: &mut sqlx::PgConnection,
    order_id: i64,
    hash: &[u8],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO order_access_keys (order_id, hash) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(order_id)
    .bind(hash)
    .execute(conn)
    .await?;
    Ok(())
}

/// The lines of several orders (the shopper's history), each order's in their order, with
/// their product's first picture.
pub async fn history_lines(
    pool: &PgPool,
    order_ids: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<crate::domain::order::HistoryLine>>, sqlx::Error> {
    let sql = format!(
        "SELECT l.order_id, l.product_name, l.quantity, {image} AS image
         FROM order_lines l
         LEFT JOIN variants v ON v.id = l.variant_id
         LEFT JOIN products p ON p.id = v.product_id
         WHERE l.order_id = ANY($1) ORDER BY l.order_id, l.position",
        image = crate::db::catalog::FIRST_IMAGE
    );
    let rows = sqlx::query(&sql).bind(order_ids).fetch_all(pool).await?;
    let mut by_order: std::collections::HashMap<i64, Vec<_>> = std::collections::HashMap::new();
    for r in &rows {
        let name: String = r.try_get("product_name")?;
        let image: Option<sqlx::types::Json<crate::db::catalog::ImageRow>> = r.try_get("image")?;
        let quantity: i32 = r.try_get("quantity")?;
        by_order.entry(r.try_get("order_id")?).or_default().push(
            crate::domain::order::HistoryLine {
                picture: image.map(|i| i.0.picture(&name)),
                name,
                quantity: u32::try_from(quantity).unwrap_or(0),
            },
        );
    }
    Ok(by_order)
}

/// The SKUs and quantities of a customer's order (None: no such order of theirs), for "Buy
/// again".
pub async fn lines_of_customer_order(
    pool: &PgPool,
    user_id: i64,
    number: &str,
) -> Result<Option<Vec<(String, String, u32)>>, sqlx::Error> {
    let order: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM orders WHERE number = $1 AND user_id = $2")
            .bind(number)
            .bind(user_id)
            .fetch_optional(pool)
            .await?;
    let Some((order_id,)) = order else {
        return Ok(None);
    };
    let rows: Vec<(String, String, i32)> = sqlx::query_as(
        "SELECT sku, product_name, quantity FROM order_lines WHERE order_id = $1 ORDER BY position",
    )
    .bind(order_id)
    .fetch_all(pool)
    .await?;
    Ok(Some(
        rows.into_iter()
            .map(|(sku, name, q)| (sku, name, u32::try_from(q).unwrap_or(0)))
            .collect(),
    ))
}

/// An order's lines, in their order.
pub async fn lines(
    db: impl sqlx::PgExecutor<'_>,
    order_id: i64,
) -> Result<Vec<OrderLineRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT sku, product_name, options, unit_price_minor, quantity, line_total_minor
         FROM order_lines WHERE order_id = $1 ORDER BY position",
    )
    .bind(order_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OrderLineRow {
                sku: r.try_get("sku")?,
                product_name: r.try_get("product_name")?,
                options: r.try_get("options")?,
                unit_price: r.try_get("unit_price_minor")?,
                quantity: r.try_get("quantity")?,
                line_total: r.try_get("line_total_minor")?,
            })
        })
        .collect()
}

/// The first picture of each line's product, in line order (None: the product has none, or
/// is gone).
pub async fn line_pictures(
    db: impl sqlx::PgExecutor<'_>,
    order_id: i64,
) -> Result<Vec<Option<crate::domain::picture::Picture>>, sqlx::Error> {
    let sql = format!(
        "SELECT l.product_name, {image} AS image
         FROM order_lines l
         LEFT JOIN variants v ON v.id = l.variant_id
         LEFT JOIN products p ON p.id = v.product_id
         WHERE l.order_id = $1 ORDER BY l.position",
        image = crate::db::catalog::FIRST_IMAGE
    );
    let rows = sqlx::query(&sql).bind(order_id).fetch_all(db).await?;
    rows.iter()
        .map(|r| {
            let image: Option<sqlx::types::Json<crate::db::catalog::ImageRow>> =
                r.try_get("image")?;
            let name: String = r.try_get("product_name")?;
            Ok(image.map(|i| i.0.picture(&name)))
        })
        .collect()
}

/// An order's history, oldest first.
pub async fn history(pool: &PgPool, order_id: i64) -> Result<Vec<HistoryRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT from_status, to_status, actor, note, internal,
                extract(epoch FROM created_at)::bigint AS created_at
         FROM order_history
         WHERE order_id = $1 ORDER BY id",
    )
    .bind(order_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(HistoryRow {
                from: r.try_get("from_status")?,
                to: r.try_get("to_status")?,
                actor: r.try_get("actor")?,
                note: r.try_get("note")?,
                internal: r.try_get("internal")?,
                at: r.try_get("created_at")?,
            })
        })
        .collect()
}

async fn record_history(
    conn: &mut PgConnection,
    order_id: i64,
    from: Option<OrderStatus>,
    to: OrderStatus,
    actor: &str,
    note: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO order_history (order_id, from_status, to_status, actor, note)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(order_id)
    .bind(from.map(OrderStatus::as_str))
    .bind(to.as_str())
    .bind(actor)
    .bind(note)
    .execute(conn)
    .await?;
    Ok(())
}

/// Locks an order for a change.
async fn lock(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
) -> Result<Option<OrderRow>, sqlx::Error> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = $1 FOR UPDATE");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut **tx).await?;
    row.as_ref().map(order_from_row).transpose()
}

/// Records a provider's event, under the order it concerns (locked first; None for a payment
/// this store does not know). False when it was recorded before: a repeated delivery, which
/// must change nothing.
async fn record_payment_event(
    tx: &mut Transaction<'_, Postgres>,
    provider: &str,
    event_id: &str,
    event_type: &str,
    order_id: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO payment_events (provider, event_id, event_type, order_id)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(provider)
    .bind(event_id)
    .bind(event_type)
    .bind(order_id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}
