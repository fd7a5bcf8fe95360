//! Placing an order: one short transaction that locks the lines' variants (id order, like
//! every other writer of stock), reserves every line, prices and snapshots it from the
//! database, and queues its confirmation email.

use sqlx::types::Json;
use sqlx::{PgConnection, PgPool, Row};

use super::*;
use crate::domain::order::{self, OrderStatus};

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
) -> Result<(OrderRow, bool), PlaceError> {
    if let Some(existing) = by_checkout_token(pool, &new.checkout_token).await? {
        return Ok((existing, false));
    }
    if new.lines.is_empty() {
        return Err(PlaceError::Empty);
    }
    let rates = tax_rates(pool).await?;
    let tax_rate = order::tax_rate_for(&rates, &new.address.country, &new.address.region)
        .map_err(PlaceError::Tax)?;

    let mut lines = new.lines.clone();
    lines.sort_by(|a, b| a.sku.cmp(&b.sku));
    let units: u64 = lines.iter().map(|l| u64::from(l.quantity)).sum();
    if units > u64::from(new.holds.units_per_order) {
        return Err(PlaceError::TooManyUnits {
            max: new.holds.units_per_order,
        });
    }
    let mut tx = pool.begin().await?;
    // One placement per email at a time, so concurrent checkouts cannot all pass the count.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('oxcart:checkout:' || $1))")
        .bind(&new.email)
        .execute(&mut *tx)
        .await?;
    // Each count stops at its limit (all the rule needs to know), so a busy shared address (a
    // campus, an office behind one NAT) costs a bounded read per placement.
    let (email, client, browser): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM (SELECT 1 FROM orders WHERE email = $1
                   AND status = 'pending' AND stock_state = 'held' LIMIT $4) e),
                (SELECT count(*) FROM (SELECT 1 FROM orders WHERE client_key = $2
                   AND status = 'pending' AND stock_state = 'held' LIMIT $5) c),
                (SELECT count(*) FROM (SELECT 1 FROM orders WHERE browser_key = $3
                   AND status = 'pending' AND stock_state = 'held' LIMIT $6) b)",
    )
    .bind(&new.email)
    .bind(&new.client_key)
    .bind(&new.browser_key)
    .bind(new.holds.per_email.max(0))
    .bind(new.holds.per_client.max(0))
    .bind(new.holds.per_browser.max(0))
    .fetch_one(&mut *tx)
    .await?;
    if let Some(refusal) = order::hold_refusal(&new.holds, email, client, browser) {
        return Err(PlaceError::TooManyHeld(refusal));
    }
    // Lock the variants in id order, as settling and restocking do: one lock order everywhere,
    // so a checkout and a settlement sharing variants never deadlock.
    let skus: Vec<&str> = lines.iter().map(|l| l.sku.as_str()).collect();
    sqlx::query("SELECT id FROM variants WHERE sku = ANY($1) ORDER BY id FOR UPDATE")
        .bind(&skus)
        .fetch_all(&mut *tx)
        .await?;
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
             ship_country, ship_phone, reserved_until, payment_provider, client_key, browser_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 $19, $20, now() + make_interval(secs => $21), $22, $23, $24)
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
            .bind(&new.client_key)
            .bind(&new.browser_key)
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
    tx.commit().await?;
    Ok((order, true))
}

/// Records where the shopper pays (after the order committed). Only the first call writes.
pub async fn set_payment_session(
    pool: &PgPool,
    order_id: i64,
    reference: &str,
    url: &str,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    // A hold still in force lasts as long as the hosted checkout (never shortened).
    sqlx::query(
        "UPDATE orders SET payment_reference = $2, payment_url = $3, updated_at = now(),
                reserved_until = CASE WHEN stock_state = 'held'
                    THEN GREATEST(reserved_until, to_timestamp($4)) ELSE reserved_until END
         WHERE id = $1 AND payment_reference IS NULL",
    )
    .bind(order_id)
    .bind(reference)
    .bind(url)
    .bind(expires_at as f64)
    .execute(pool)
    .await?;
    Ok(())
}

/// Moves a Pending order to another payment provider: its current checkout (if any) is kept in
/// `payment_sessions`, so a payment still arriving through it is this order's, and the order
/// gets no checkout until one is opened with `to`. Only when the order is still Pending with
/// exactly that provider and checkout (a concurrent payment or switch wins). Returns whether it
/// switched.
pub async fn switch_payment(
    pool: &PgPool,
    order: &OrderRow,
    to: &str,
    note: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some(current) = lock(&mut tx, order.id).await? else {
        return Ok(false);
    };
    if current.status != OrderStatus::Pending
        || current.payment_provider != order.payment_provider
        || current.payment_reference != order.payment_reference
    {
        return Ok(false);
    }
    if let Some(reference) = &current.payment_reference {
        sqlx::query(
            "INSERT INTO payment_sessions (provider, reference, order_id, url)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(&current.payment_provider)
        .bind(reference)
        .bind(current.id)
        .bind(&current.payment_url)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "UPDATE orders SET payment_provider = $2, payment_reference = NULL, payment_url = NULL,
                updated_at = now() WHERE id = $1",
    )
    .bind(current.id)
    .bind(to)
    .execute(&mut *tx)
    .await?;
    record_history(
        &mut tx,
        current.id,
        Some(current.status),
        current.status,
        "shopper",
        note,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Undoes `switch_payment` when the old checkout could not be closed (its provider did not
/// answer): the order goes back to it, unless a new checkout was opened meanwhile.
pub async fn restore_payment(pool: &PgPool, order: &OrderRow) -> Result<(), sqlx::Error> {
    let Some(reference) = &order.payment_reference else {
        return Ok(());
    };
    let mut tx = pool.begin().await?;
    let restored = sqlx::query(
        "UPDATE orders SET payment_provider = $2, payment_reference = $3, payment_url = $4,
                updated_at = now()
         WHERE id = $1 AND status = 'pending' AND payment_reference IS NULL",
    )
    .bind(order.id)
    .bind(&order.payment_provider)
    .bind(reference)
    .bind(&order.payment_url)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if restored == 1 {
        sqlx::query("DELETE FROM payment_sessions WHERE provider = $1 AND reference = $2")
            .bind(&order.payment_provider)
            .bind(reference)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
