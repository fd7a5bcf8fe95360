//! Sales figures for a date range (definitions in `domain::analytics`), read from the daily
//! rollup of the orders, and a generator of synthetic order history for measuring the dashboard
//! on a large store.

use sqlx::{PgPool, Row};

use crate::domain::analytics::{average, Analytics, DayPoint, TopProduct};
use crate::domain::money::{Currency, Money};
use crate::domain::order::OrderStatus;

/// `from`/`to` are checked `YYYY-MM-DD` dates (UTC days, both included). Read from the daily
/// rollup (`sales_daily`, `sales_daily_products`), which triggers on `orders` keep current in
/// the transaction of every change (migration 20261204000013): a year is a few thousand rows.
pub async fn figures(
    pool: &PgPool,
    from: &str,
    to: &str,
    currency: Currency,
) -> Result<Analytics, sqlx::Error> {
    // The sold orders per day (every day of the range, zeros included) and the orders by status.
    let rows = sqlx::query(
        "WITH r AS MATERIALIZED (
             SELECT day, status, sold, orders, net_minor FROM sales_daily
             WHERE day BETWEEN $1::date AND $2::date),
         per_day AS (
             SELECT to_char(d.day, 'YYYY-MM-DD') AS key,
                    coalesce(sum(r.net_minor) FILTER (WHERE r.sold), 0)::bigint AS revenue,
                    coalesce(sum(r.orders) FILTER (WHERE r.sold), 0)::bigint AS orders
             FROM generate_series($1::date, $2::date, interval '1 day') AS d(day)
             LEFT JOIN r ON r.day = d.day::date
             GROUP BY d.day),
         per_status AS (
             SELECT status AS key, 0::bigint AS revenue, sum(orders)::bigint AS orders
             FROM r GROUP BY status)
         SELECT 'day' AS kind, key, revenue, orders FROM per_day
         UNION ALL SELECT 'status', key, revenue, orders FROM per_status
         ORDER BY kind, key",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    let mut days = Vec::new();
    let mut counted: Vec<(String, i64)> = Vec::new();
    for r in &rows {
        let kind: String = r.try_get("kind")?;
        let key: String = r.try_get("key")?;
        let orders: i64 = r.try_get("orders")?;
        if kind == "day" {
            days.push(DayPoint {
                day: key,
                revenue_minor: r.try_get("revenue")?,
                orders,
            });
        } else {
            counted.push((key, orders));
        }
    }
    let revenue: i64 = days.iter().map(|d| d.revenue_minor).sum();
    let orders: i64 = days.iter().map(|d| d.orders).sum();

    // Top products and, over all products, the units sold.
    let lines = sqlx::query(
        "SELECT product_name, sum(units)::bigint AS units, sum(revenue_minor)::bigint AS revenue,
                (sum(sum(units)) OVER ())::bigint AS all_units
         FROM sales_daily_products WHERE day BETWEEN $1::date AND $2::date
         GROUP BY product_name HAVING sum(units) > 0
         ORDER BY revenue DESC, units DESC, product_name LIMIT 5",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    let units: i64 = match lines.first() {
        Some(r) => r.try_get("all_units")?,
        None => 0,
    };
    let top = lines
        .iter()
        .map(|r| {
            Ok(TopProduct {
                name: r.try_get("product_name")?,
                units: r.try_get("units")?,
                revenue: Money::new(r.try_get("revenue")?, currency),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;

    let by_status = OrderStatus::ALL
        .into_iter()
        .map(|s| {
            let n = counted
                .iter()
                .find(|(name, _)| name == s.as_str())
                .map_or(0, |(_, n)| *n);
            (s, n)
        })
        .collect();

    let new_customers: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM users
         WHERE role = 'customer' AND created_at >= ($1::date)::timestamp AT TIME ZONE 'UTC'
           AND created_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'",
    )
    .bind(from)
    .bind(to)
    .fetch_one(pool)
    .await?;

    Ok(Analytics {
        from: from.to_string(),
        to: to.to_string(),
        revenue: Money::new(revenue, currency),
        orders,
        average_order: Money::new(average(revenue, orders), currency),
        units,
        new_customers,
        days,
        top_products: top,
        by_status,
    })
}

/// Inserts `count` synthetic orders spread over the last `days` days (1 to 3 lines of existing
/// variants each, statuses mixed like a real store's, some partly refunded). They never touch
/// stock. Numbers start with "OX-SYN" so they are easy to spot. Returns how many were made.
pub async fn generate_orders(
    pool: &PgPool,
    count: i64,
    days: i64,
    currency: Currency,
) -> Result<i64, sqlx::Error> {
    let mut made = 0;
    // In batches, so one statement never holds too much.
    while made < count {
        let batch = (count - made).min(10_000);
        let offset: i64 =
            sqlx::query_scalar("SELECT count(*) FROM orders WHERE number LIKE 'OX-SYN%'")
                .fetch_one(pool)
                .await?;
        sqlx::query(
            "WITH v AS (SELECT array_agg(id ORDER BY id) AS ids FROM variants WHERE active),
             picked AS (
                 SELECT g AS n, now() - random() * ($2::bigint * interval '1 day') AS at,
                        (ARRAY['delivered','delivered','delivered','shipped','processing','paid',
                               'cancelled','refunded','pending','delivered'])[1 + floor(random() * 10)::int] AS status,
                        1 + floor(random() * 3)::int AS lines
                 FROM generate_series($3::bigint + 1, $3::bigint + $1::bigint) AS g),
             lines AS (
                 SELECT p.n, l AS position, v.id AS variant_id, 1 + floor(random() * 3)::int AS qty
                 FROM picked p CROSS JOIN LATERAL generate_series(1, p.lines) AS l
                 CROSS JOIN LATERAL (SELECT (SELECT ids FROM v)[1 + floor(random() * array_length((SELECT ids FROM v), 1))::int + (l * 0)] AS id) v),
             priced AS (
                 SELECT l.*, va.sku, pr.name, va.price_minor FROM lines l
                 JOIN variants va ON va.id = l.variant_id JOIN products pr ON pr.id = va.product_id),
             totals AS (
                 SELECT n, sum(price_minor * qty)::bigint AS subtotal FROM priced GROUP BY n),
             made AS (
                 INSERT INTO orders (number, email, checkout_token, access_hash, status, currency,
                     subtotal_minor, shipping_minor, tax_minor, total_minor, tax_rate_bp, shipping_method,
                     ship_name, ship_line1, ship_city, ship_region, ship_postal_code, ship_country,
                     stock_state, reserved_until, payment_provider, payment_reference, payment_id,
                     refunded_minor, created_at, updated_at)
                 SELECT 'OX-SYN' || lpad(p.n::text, 7, '0'), 'shopper' || (p.n % 5000) || '@example.com',
                        'synthetic-' || p.n, '\\x00'::bytea, p.status, $4,
                        t.subtotal, 599, (t.subtotal + 599) * 725 / 10000,
                        t.subtotal + 599 + (t.subtotal + 599) * 725 / 10000, 725, 'standard',
                        'Synthetic Shopper', '1 Test Street', 'Sacramento', 'CA', '95814', 'US',
                        CASE WHEN p.status IN ('pending') THEN 'released'
                             WHEN p.status = 'cancelled' AND p.n % 2 = 0 THEN 'released'
                             ELSE 'committed' END,
                        p.at + interval '30 minutes', 'test', 'cs_syn_' || p.n,
                        CASE WHEN p.status = 'pending' OR (p.status = 'cancelled' AND p.n % 2 = 0)
                             THEN NULL ELSE 'pi_syn_' || p.n END,
                        CASE WHEN p.status = 'refunded' OR (p.status = 'cancelled' AND p.n % 2 = 1)
                             THEN t.subtotal + 599 + (t.subtotal + 599) * 725 / 10000
                             WHEN p.n % 17 = 0 AND p.status = 'delivered' THEN 500
                             ELSE 0 END,
                        p.at, p.at
                 FROM picked p JOIN totals t ON t.n = p.n
                 RETURNING id, number)
             INSERT INTO order_lines (order_id, position, variant_id, sku, product_name, options,
                                      unit_price_minor, quantity, line_total_minor)
             SELECT m.id, pr.position, pr.variant_id, pr.sku, pr.name, '', pr.price_minor, pr.qty,
                    pr.price_minor * pr.qty
             FROM priced pr JOIN made m ON m.number = 'OX-SYN' || lpad(pr.n::text, 7, '0')",
        )
        .bind(batch)
        .bind(days.max(1))
        .bind(offset)
        .bind(currency.code())
        .execute(pool)
        .await?;
        made += batch;
    }
    Ok(made)
}

/// Days from `from` to `to` (both checked dates): 0 for the same day, negative when reversed.
pub async fn range_days(pool: &PgPool, from: &str, to: &str) -> Result<i64, sqlx::Error> {
    let days: i32 = sqlx::query_scalar("SELECT $2::date - $1::date")
        .bind(from)
        .bind(to)
        .fetch_one(pool)
        .await?;
    Ok(i64::from(days))
}
