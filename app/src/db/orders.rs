//! Orders: placing one (stock reserved atomically, totals from the database, snapshots, an
//! outbox email, all in one short transaction), payment events applied exactly once, status
//! transitions with history, and the sweeper that releases expired reservations.
//!
//! Stock: `variants.stock_reserved` holds the units of unpaid orders. Reserving is a conditional
//! update that cannot take more than `stock_on_hand - stock_reserved` (and a CHECK constraint
//! refuses it even if the code were wrong); lines are reserved in SKU order so concurrent
//! checkouts lock rows in the same order and never deadlock. Payment turns the reservation into
//! a sale (`stock_on_hand` and `stock_reserved` both drop, once: `orders.stock_state` moves from
//! `held` to `committed` under the order's row lock); cancellation or expiry gives it back.

use sqlx::types::Json;
use sqlx::{PgConnection, PgPool, Postgres, Row, Transaction};

use crate::domain::address::AddressFields;
use crate::domain::cart::CartLine;
use crate::domain::mail::EmailContent;
use crate::domain::money::{Currency, Money};
use crate::domain::order::{
    self, InvalidTransition, OrderStatus, ShippingMethod, ShippingRates, TaxRate, Totals,
    Transition,
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
    Empty,
    TooLarge,
    Db(sqlx::Error),
}

impl From<sqlx::Error> for PlaceError {
    fn from(e: sqlx::Error) -> Self {
        PlaceError::Db(e)
    }
}

/// An order's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    pub user_id: Option<i64>,
    pub email: String,
    pub status: OrderStatus,
    pub stock_state: String,
    pub currency: Currency,
    pub subtotal: i64,
    pub shipping: i64,
    pub tax: i64,
    pub total: i64,
    pub tax_rate_bp: i32,
    pub shipping_method: String,
    pub address: AddressFields,
    pub payment_provider: String,
    pub payment_reference: Option<String>,
    pub payment_url: Option<String>,
    pub payment_id: Option<String>,
    pub refunded: i64,
    /// Unix seconds.
    pub reserved_until: i64,
    /// Unix seconds.
    pub created_at: i64,
}

impl OrderRow {
    pub fn money(&self, minor: i64) -> Money {
        Money::new(minor, self.currency)
    }
}

/// One snapshotted line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderLineRow {
    pub sku: String,
    pub product_name: String,
    pub options: String,
    pub unit_price: i64,
    pub quantity: i32,
    pub line_total: i64,
}

/// A history entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryRow {
    pub from: Option<String>,
    pub to: String,
    pub actor: String,
    pub note: String,
    /// Unix seconds.
    pub at: i64,
}

const ORDER_COLUMNS: &str = "id, number, user_id, email, status, stock_state, currency,
    subtotal_minor, shipping_minor, tax_minor, total_minor, tax_rate_bp, shipping_method,
    ship_name, ship_line1, ship_line2, ship_city, ship_region, ship_postal_code, ship_country,
    ship_phone, payment_provider, payment_reference, payment_url, payment_id, refunded_minor,
    extract(epoch FROM reserved_until)::bigint AS reserved_until,
    extract(epoch FROM created_at)::bigint AS created_at";

fn order_from_row(r: &sqlx::postgres::PgRow) -> Result<OrderRow, sqlx::Error> {
    let status: String = r.try_get("status")?;
    let currency: String = r.try_get("currency")?;
    Ok(OrderRow {
        id: r.try_get("id")?,
        number: r.try_get("number")?,
        user_id: r.try_get("user_id")?,
        email: r.try_get("email")?,
        status: OrderStatus::parse(&status).ok_or_else(|| {
            sqlx::Error::Decode(format!("unknown order status {status:?}").into())
        })?,
        stock_state: r.try_get("stock_state")?,
        currency: Currency::parse(&currency).unwrap_or(Currency::Usd),
        subtotal: r.try_get("subtotal_minor")?,
        shipping: r.try_get("shipping_minor")?,
        tax: r.try_get("tax_minor")?,
        total: r.try_get("total_minor")?,
        tax_rate_bp: r.try_get("tax_rate_bp")?,
        shipping_method: r.try_get("shipping_method")?,
        address: AddressFields {
            full_name: r.try_get("ship_name")?,
            line1: r.try_get("ship_line1")?,
            line2: r.try_get("ship_line2")?,
            city: r.try_get("ship_city")?,
            region: r.try_get("ship_region")?,
            postal_code: r.try_get("ship_postal_code")?,
            country: r.try_get("ship_country")?,
            phone: r.try_get("ship_phone")?,
        },
        payment_provider: r.try_get("payment_provider")?,
        payment_reference: r.try_get("payment_reference")?,
        payment_url: r.try_get("payment_url")?,
        payment_id: r.try_get("payment_id")?,
        refunded: r.try_get("refunded_minor")?,
        reserved_until: r.try_get("reserved_until")?,
        created_at: r.try_get("created_at")?,
    })
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

fn options_text(options: &[(String, String)]) -> String {
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

/// An order by its number.
pub async fn by_number(pool: &PgPool, number: &str) -> Result<Option<OrderRow>, sqlx::Error> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE number = $1");
    let row = sqlx::query(&sql).bind(number).fetch_optional(pool).await?;
    row.as_ref().map(order_from_row).transpose()
}

/// An order by its provider's checkout reference.
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

/// A customer's orders, newest first.
pub async fn for_user(
    pool: &PgPool,
    user_id: i64,
    limit: i64,
) -> Result<Vec<OrderRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
    );
    let rows = sqlx::query(&sql)
        .bind(user_id)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(order_from_row).collect()
}

/// An order's lines, in their order.
pub async fn lines(pool: &PgPool, order_id: i64) -> Result<Vec<OrderLineRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT sku, product_name, options, unit_price_minor, quantity, line_total_minor
         FROM order_lines WHERE order_id = $1 ORDER BY position",
    )
    .bind(order_id)
    .fetch_all(pool)
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

/// An order's history, oldest first.
pub async fn history(pool: &PgPool, order_id: i64) -> Result<Vec<HistoryRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT from_status, to_status, actor, note, extract(epoch FROM created_at)::bigint AS created_at
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
                at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// A reserved line, as the database priced it.
struct Reserved {
    variant_id: i64,
    sku: String,
    name: String,
    options: String,
    unit_price: i64,
    quantity: u32,
}

/// Reserves one line, or says what is available.
async fn reserve_line(
    conn: &mut PgConnection,
    line: &CartLine,
    currency: Currency,
) -> Result<Reserved, PlaceError> {
    let quantity = i32::try_from(line.quantity).map_err(|_| PlaceError::TooLarge)?;
    let row = sqlx::query(
        "UPDATE variants v SET stock_reserved = v.stock_reserved + $2
         FROM products p
         WHERE v.sku = $1 AND p.id = v.product_id AND v.active AND p.active AND v.currency = $3
           AND v.stock_on_hand - v.stock_reserved >= $2
         RETURNING v.id, v.price_minor, v.options, p.name",
    )
    .bind(&line.sku)
    .bind(quantity)
    .bind(currency.code())
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(r) => {
            let Json(options): Json<Vec<(String, String)>> = r.try_get("options")?;
            Ok(Reserved {
                variant_id: r.try_get("id")?,
                sku: line.sku.clone(),
                name: r.try_get("name")?,
                options: options_text(&options),
                unit_price: r.try_get("price_minor")?,
                quantity: line.quantity,
            })
        }
        None => {
            let facts = sqlx::query(
                "SELECT p.name,
                        CASE WHEN v.active AND p.active THEN v.stock_on_hand - v.stock_reserved ELSE 0 END
                          AS available
                 FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = $1",
            )
            .bind(&line.sku)
            .fetch_optional(&mut *conn)
            .await?;
            let (name, available) = match facts {
                Some(r) => (
                    r.try_get("name")?,
                    i64::from(r.try_get::<i32, _>("available")?),
                ),
                None => (line.sku.clone(), 0),
            };
            Err(PlaceError::OutOfStock {
                sku: line.sku.clone(),
                name,
                available: available.max(0),
            })
        }
    }
}

/// Places an order in one transaction. With a checkout token already used, returns that order
/// (`false`: not new) and changes nothing.
pub async fn place(
    pool: &PgPool,
    new: &NewOrder,
    number_bits: impl Fn() -> u64,
    placed_email: impl Fn(&OrderRow, &[OrderLineRow]) -> EmailContent,
) -> Result<(OrderRow, bool), PlaceError> {
    if let Some(existing) = by_checkout_token(pool, &new.checkout_token).await? {
        return Ok((existing, false));
    }
    if new.lines.is_empty() {
        return Err(PlaceError::Empty);
    }
    let rates = tax_rates(pool).await?;
    let tax_rate = order::tax_rate_for(&rates, &new.address.country, &new.address.region);

    let mut lines = new.lines.clone();
    lines.sort_by(|a, b| a.sku.cmp(&b.sku));
    let mut tx = pool.begin().await?;
    let mut reserved = Vec::with_capacity(lines.len());
    for line in &lines {
        reserved.push(reserve_line(&mut tx, line, new.currency).await?);
    }
    // Back in the shopper's order for the snapshot.
    reserved.sort_by_key(|r| new.lines.iter().position(|l| l.sku == r.sku));
    let priced: Vec<(i64, u32)> = reserved
        .iter()
        .map(|r| (r.unit_price, r.quantity))
        .collect();
    let totals = order::totals(&priced, new.currency, new.method, &new.rates, tax_rate)
        .map_err(|_| PlaceError::TooLarge)?;
    if new.expected_total.is_some_and(|t| t != totals.total.minor) {
        return Err(PlaceError::TotalChanged { now: totals });
    }

    let a = &new.address;
    let insert = format!(
        "INSERT INTO orders (number, user_id, email, checkout_token, access_hash, currency,
             subtotal_minor, shipping_minor, tax_minor, total_minor, tax_rate_bp, shipping_method,
             ship_name, ship_line1, ship_line2, ship_city, ship_region, ship_postal_code,
             ship_country, ship_phone, reserved_until, payment_provider)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 $19, $20, now() + make_interval(secs => $21), $22)
         ON CONFLICT DO NOTHING
         RETURNING {ORDER_COLUMNS}"
    );
    let mut row = None;
    for _ in 0..8 {
        let number = order::order_number(number_bits());
        row = sqlx::query(&insert)
            .bind(&number)
            .bind(new.user_id)
            .bind(&new.email)
            .bind(&new.checkout_token)
            .bind(&new.access_hash)
            .bind(new.currency.code())
            .bind(totals.subtotal.minor)
            .bind(totals.shipping.minor)
            .bind(totals.tax.minor)
            .bind(totals.total.minor)
            .bind(i32::try_from(tax_rate).unwrap_or(0))
            .bind(new.method.as_str())
            .bind(&a.full_name)
            .bind(&a.line1)
            .bind(&a.line2)
            .bind(&a.city)
            .bind(&a.region)
            .bind(&a.postal_code)
            .bind(&a.country)
            .bind(&a.phone)
            .bind(new.reserve_secs as f64)
            .bind(&new.provider)
            .fetch_optional(&mut *tx)
            .await?;
        if row.is_some() {
            break;
        }
        // A concurrent placement with the same token won: that is the order.
        if let Some(existing) = by_checkout_token(pool, &new.checkout_token).await? {
            tx.rollback().await?;
            return Ok((existing, false));
        }
        // Otherwise the number clashed: draw another.
    }
    let order = order_from_row(&row.ok_or(PlaceError::Db(sqlx::Error::RowNotFound))?)?;

    let snapshot: Vec<OrderLineRow> = reserved
        .iter()
        .map(|r| OrderLineRow {
            sku: r.sku.clone(),
            product_name: r.name.clone(),
            options: r.options.clone(),
            unit_price: r.unit_price,
            quantity: r.quantity as i32,
            line_total: r.unit_price * i64::from(r.quantity),
        })
        .collect();
    sqlx::query(
        "INSERT INTO order_lines (order_id, position, variant_id, sku, product_name, options,
             unit_price_minor, quantity, line_total_minor)
         SELECT $1, t.position, t.variant_id, t.sku, t.name, t.options, t.price, t.quantity, t.total
         FROM unnest($2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[],
                     $8::int[], $9::bigint[])
           AS t(position, variant_id, sku, name, options, price, quantity, total)",
    )
    .bind(order.id)
    .bind((0..reserved.len() as i32).collect::<Vec<_>>())
    .bind(reserved.iter().map(|r| r.variant_id).collect::<Vec<_>>())
    .bind(snapshot.iter().map(|l| l.sku.clone()).collect::<Vec<_>>())
    .bind(
        snapshot
            .iter()
            .map(|l| l.product_name.clone())
            .collect::<Vec<_>>(),
    )
    .bind(
        snapshot
            .iter()
            .map(|l| l.options.clone())
            .collect::<Vec<_>>(),
    )
    .bind(snapshot.iter().map(|l| l.unit_price).collect::<Vec<_>>())
    .bind(snapshot.iter().map(|l| l.quantity).collect::<Vec<_>>())
    .bind(snapshot.iter().map(|l| l.line_total).collect::<Vec<_>>())
    .execute(&mut *tx)
    .await?;
    record_history(&mut tx, order.id, None, OrderStatus::Pending, "shopper", "").await?;
    super::outbox::enqueue(&mut *tx, &order.email, &placed_email(&order, &snapshot)).await?;
    tx.commit().await?;
    Ok((order, true))
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

/// Records where the shopper pays (after the order committed). Only the first call writes.
pub async fn set_payment_session(
    pool: &PgPool,
    order_id: i64,
    reference: &str,
    url: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE orders SET payment_reference = $2, payment_url = $3, updated_at = now()
         WHERE id = $1 AND payment_reference IS NULL",
    )
    .bind(order_id)
    .bind(reference)
    .bind(url)
    .execute(pool)
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

/// Moves the order's units: `commit` takes them out of stock (a sale), otherwise they return.
/// Only from `held`, so it happens once.
async fn settle_stock(
    tx: &mut Transaction<'_, Postgres>,
    order: &OrderRow,
    commit: bool,
) -> Result<(), sqlx::Error> {
    if order.stock_state != "held" {
        return Ok(());
    }
    let sql = if commit {
        "UPDATE variants v SET stock_on_hand = v.stock_on_hand - l.quantity,
                               stock_reserved = v.stock_reserved - l.quantity
         FROM (SELECT variant_id, sum(quantity)::int AS quantity FROM order_lines
               WHERE order_id = $1 AND variant_id IS NOT NULL GROUP BY variant_id) l
         WHERE v.id = l.variant_id"
    } else {
        "UPDATE variants v SET stock_reserved = v.stock_reserved - l.quantity
         FROM (SELECT variant_id, sum(quantity)::int AS quantity FROM order_lines
               WHERE order_id = $1 AND variant_id IS NOT NULL GROUP BY variant_id) l
         WHERE v.id = l.variant_id"
    };
    // Lock the variants in id order first (deadlock-free against other settlements).
    sqlx::query(
        "SELECT v.id FROM variants v JOIN order_lines l ON l.variant_id = v.id
         WHERE l.order_id = $1 ORDER BY v.id FOR UPDATE OF v",
    )
    .bind(order.id)
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query(sql).bind(order.id).execute(&mut **tx).await?;
    sqlx::query("UPDATE orders SET stock_state = $2 WHERE id = $1")
        .bind(order.id)
        .bind(if commit { "committed" } else { "released" })
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Takes a released order's units out of stock again (a payment arrived after the reservation
/// ended), if they are all still available. False, changing nothing, otherwise.
async fn retake_stock(
    tx: &mut Transaction<'_, Postgres>,
    order: &OrderRow,
) -> Result<bool, sqlx::Error> {
    let lines = sqlx::query(
        "SELECT variant_id, sum(quantity)::int AS quantity FROM order_lines
         WHERE order_id = $1 AND variant_id IS NOT NULL GROUP BY variant_id ORDER BY variant_id",
    )
    .bind(order.id)
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query("SAVEPOINT retake").execute(&mut **tx).await?;
    for l in &lines {
        let taken = sqlx::query(
            "UPDATE variants SET stock_on_hand = stock_on_hand - $2
             WHERE id = $1 AND stock_on_hand - stock_reserved >= $2",
        )
        .bind(l.try_get::<i64, _>("variant_id")?)
        .bind(l.try_get::<i32, _>("quantity")?)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if taken == 0 {
            sqlx::query("ROLLBACK TO SAVEPOINT retake")
                .execute(&mut **tx)
                .await?;
            return Ok(false);
        }
    }
    sqlx::query("UPDATE orders SET stock_state = 'committed' WHERE id = $1")
        .bind(order.id)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// What a payment notification said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentOutcome {
    /// The payment succeeded (with the provider's payment id, for refunds).
    Paid { payment_id: String },
    /// The payment failed or was declined: the order is cancelled, its stock released.
    Failed,
    /// The hosted checkout expired unpaid.
    Expired,
}

/// The result of applying a payment notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    /// This event was applied before: nothing changed.
    Duplicate,
    /// No order has this reference (recorded, nothing else changed).
    UnknownOrder,
    /// The order moved.
    Moved { order_id: i64, to: OrderStatus },
    /// The order's state makes this event moot (a late expiry of a paid order, say).
    Ignored { order_id: i64, status: OrderStatus },
    /// Money arrived for an order that can no longer be fulfilled (cancelled, or its stock was
    /// sold meanwhile): the caller refunds it.
    RefundNeeded { order_id: i64, payment_id: String },
}

/// Applies a payment notification exactly once: the event id is recorded in the same
/// transaction as its effect, so duplicate and concurrent deliveries are no-ops. The order's
/// state is checked, never assumed, so events in any order are safe.
#[allow(clippy::too_many_arguments)]
pub async fn apply_payment_event(
    pool: &PgPool,
    provider: &str,
    event_id: &str,
    event_type: &str,
    reference: &str,
    outcome: &PaymentOutcome,
    email: impl Fn(&OrderRow, OrderStatus) -> Option<EmailContent>,
) -> Result<Applied, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let order_id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM orders WHERE payment_provider = $1 AND payment_reference = $2",
    )
    .bind(provider)
    .bind(reference)
    .fetch_optional(&mut *tx)
    .await?;
    let fresh = sqlx::query(
        "INSERT INTO payment_events (provider, event_id, event_type, order_id)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(provider)
    .bind(event_id)
    .bind(event_type)
    .bind(order_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if fresh == 0 {
        tx.rollback().await?;
        return Ok(Applied::Duplicate);
    }
    let Some(order) = (match order_id {
        Some(id) => lock(&mut tx, id).await?,
        None => None,
    }) else {
        tx.commit().await?;
        return Ok(Applied::UnknownOrder);
    };
    let actor = format!("provider:{provider}");
    let applied = match (outcome, order.status) {
        (PaymentOutcome::Paid { payment_id }, OrderStatus::Pending) => {
            sqlx::query("UPDATE orders SET payment_id = $2 WHERE id = $1")
                .bind(order.id)
                .bind(payment_id)
                .execute(&mut *tx)
                .await?;
            let have_stock = if order.stock_state == "held" {
                settle_stock(&mut tx, &order, true).await?;
                true
            } else {
                retake_stock(&mut tx, &order).await?
            };
            if have_stock {
                // Valid from Pending, which the match established under the row lock.
                move_status(&mut tx, &order, Transition::Pay, &actor, "", &email)
                    .await?
                    .ok();
                Applied::Moved {
                    order_id: order.id,
                    to: OrderStatus::Paid,
                }
            } else {
                move_status(
                    &mut tx,
                    &order,
                    Transition::Cancel,
                    &actor,
                    "paid after the reservation ended and the stock was sold; refunding",
                    &email,
                )
                .await?
                .ok();
                Applied::RefundNeeded {
                    order_id: order.id,
                    payment_id: payment_id.clone(),
                }
            }
        }
        (PaymentOutcome::Paid { payment_id }, OrderStatus::Cancelled) => {
            sqlx::query("UPDATE orders SET payment_id = $2 WHERE id = $1")
                .bind(order.id)
                .bind(payment_id)
                .execute(&mut *tx)
                .await?;
            record_history(
                &mut tx,
                order.id,
                Some(order.status),
                order.status,
                &actor,
                "payment received for a cancelled order; refunding",
            )
            .await?;
            Applied::RefundNeeded {
                order_id: order.id,
                payment_id: payment_id.clone(),
            }
        }
        (PaymentOutcome::Failed | PaymentOutcome::Expired, OrderStatus::Pending) => {
            settle_stock(&mut tx, &order, false).await?;
            let note = if *outcome == PaymentOutcome::Failed {
                "payment failed"
            } else {
                "checkout expired unpaid"
            };
            move_status(&mut tx, &order, Transition::Cancel, &actor, note, &email)
                .await?
                .ok();
            Applied::Moved {
                order_id: order.id,
                to: OrderStatus::Cancelled,
            }
        }
        (_, status) => Applied::Ignored {
            order_id: order.id,
            status,
        },
    };
    tx.commit().await?;
    Ok(applied)
}

/// Moves an order along one transition, with history and its email.
async fn move_status(
    tx: &mut Transaction<'_, Postgres>,
    order: &OrderRow,
    transition: Transition,
    actor: &str,
    note: &str,
    email: &impl Fn(&OrderRow, OrderStatus) -> Option<EmailContent>,
) -> Result<Result<OrderStatus, InvalidTransition>, sqlx::Error> {
    let to = match order::apply(order.status, transition) {
        Ok(to) => to,
        Err(e) => return Ok(Err(e)),
    };
    sqlx::query("UPDATE orders SET status = $2, updated_at = now() WHERE id = $1")
        .bind(order.id)
        .bind(to.as_str())
        .execute(&mut **tx)
        .await?;
    record_history(tx, order.id, Some(order.status), to, actor, note).await?;
    if let Some(mail) = email(order, to) {
        super::outbox::enqueue(&mut **tx, &order.email, &mail).await?;
    }
    Ok(Ok(to))
}

/// A transition asked for by a shopper or staff: the order is locked, the move checked by the
/// status machine; cancelling releases held stock. Returns the order as it was before.
pub async fn transition(
    pool: &PgPool,
    order_id: i64,
    transition: Transition,
    actor: &str,
    note: &str,
    email: impl Fn(&OrderRow, OrderStatus) -> Option<EmailContent>,
) -> Result<Result<(OrderRow, OrderStatus), InvalidTransition>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some(order) = lock(&mut tx, order_id).await? else {
        return Err(sqlx::Error::RowNotFound);
    };
    let moved = move_status(&mut tx, &order, transition, actor, note, &email).await?;
    let to = match moved {
        Ok(to) => to,
        Err(e) => {
            tx.rollback().await?;
            return Ok(Err(e));
        }
    };
    if to == OrderStatus::Cancelled {
        settle_stock(&mut tx, &order, false).await?;
    }
    tx.commit().await?;
    Ok(Ok((order, to)))
}

/// Records a completed refund (full: the order becomes Refunded).
pub async fn record_refund(
    pool: &PgPool,
    order_id: i64,
    amount: i64,
    actor: &str,
    email: impl Fn(&OrderRow, OrderStatus) -> Option<EmailContent>,
) -> Result<Result<OrderStatus, InvalidTransition>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some(order) = lock(&mut tx, order_id).await? else {
        return Err(sqlx::Error::RowNotFound);
    };
    let refunded = (order.refunded + amount).min(order.total);
    sqlx::query("UPDATE orders SET refunded_minor = $2 WHERE id = $1")
        .bind(order.id)
        .bind(refunded)
        .execute(&mut *tx)
        .await?;
    let result = if refunded >= order.total {
        move_status(
            &mut tx,
            &order,
            Transition::Refund,
            actor,
            "refund completed",
            &email,
        )
        .await?
    } else {
        record_history(
            &mut tx,
            order.id,
            Some(order.status),
            order.status,
            actor,
            &format!("partial refund of {}", Money::new(amount, order.currency)),
        )
        .await?;
        Ok(order.status)
    };
    tx.commit().await?;
    Ok(result)
}

/// Cancels unpaid orders whose reservation has ended and gives their stock back, at most
/// `limit` at a time. Safe with several app instances: rows are claimed with SKIP LOCKED.
pub async fn release_expired(
    pool: &PgPool,
    limit: i64,
    email: impl Fn(&OrderRow, OrderStatus) -> Option<EmailContent>,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM orders
         WHERE stock_state = 'held' AND status = 'pending' AND reserved_until < now()
         ORDER BY reserved_until LIMIT $1 FOR UPDATE SKIP LOCKED"
    );
    let rows = sqlx::query(&sql).bind(limit).fetch_all(&mut *tx).await?;
    let mut released = Vec::with_capacity(rows.len());
    for row in &rows {
        let order = order_from_row(row)?;
        settle_stock(&mut tx, &order, false).await?;
        move_status(
            &mut tx,
            &order,
            Transition::Cancel,
            "system",
            "reservation expired unpaid",
            &email,
        )
        .await?
        .ok();
        released.push(order.id);
    }
    tx.commit().await?;
    Ok(released)
}
