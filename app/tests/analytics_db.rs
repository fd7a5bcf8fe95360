//! Analytics against hand-computed fixtures: a few orders placed on known UTC days with known
//! statuses, refunds and lines; every figure checked by hand. Also the synthetic generator.

use app::db::analytics::{figures, generate_orders};
use app::db::seed::load_demo_catalog;
use app::domain::money::Currency;
use app::domain::order::OrderStatus;
use sqlx::PgPool;

/// An order placed at `at` (UTC) with one line: (status, paid?, total, refunded, units, product).
#[allow(clippy::too_many_arguments)]
async fn order(
    pool: &PgPool,
    n: i32,
    at: &str,
    status: &str,
    paid: bool,
    total: i64,
    refunded: i64,
    units: i32,
    product: &str,
) {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (number, email, checkout_token, access_hash, status, currency,
             subtotal_minor, shipping_minor, tax_minor, total_minor, tax_rate_bp, shipping_method,
             ship_name, ship_line1, ship_city, ship_postal_code, ship_country, stock_state,
             reserved_until, payment_provider, payment_id, refunded_minor, created_at)
         VALUES ($1, 'a@example.com', $1, '\\x00', $2, 'USD', $3, 0, 0, $3, 0, 'standard',
                 'A', 'B', 'C', 'D', 'US', 'committed', now(), 'test', $4, $5,
                 ($6::timestamp AT TIME ZONE 'UTC'))
         RETURNING id",
    )
    .bind(format!("OX-FIX-{n:04}"))
    .bind(status)
    .bind(total)
    .bind(paid.then(|| format!("pi_{n}")))
    .bind(refunded)
    .bind(at)
    .fetch_one(pool)
    .await
    .unwrap();
    let unit = total / i64::from(units);
    sqlx::query(
        "INSERT INTO order_lines (order_id, position, sku, product_name, unit_price_minor, quantity, line_total_minor)
         VALUES ($1, 1, 'FIX-1', $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(product)
    .bind(unit)
    .bind(units)
    .bind(unit * i64::from(units))
    .execute(pool)
    .await
    .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn figures_match_hand_computed_fixtures(pool: PgPool) {
    // 2026-03-01: two delivered (10.00 and 30.00, the second with 5.00 refunded), one pending.
    order(
        &pool,
        1,
        "2026-03-01 00:00:00",
        "delivered",
        true,
        1000,
        0,
        2,
        "Mouse",
    )
    .await;
    order(
        &pool,
        2,
        "2026-03-01 23:59:59",
        "delivered",
        true,
        3000,
        500,
        3,
        "Keyboard",
    )
    .await;
    order(
        &pool,
        3,
        "2026-03-01 12:00:00",
        "pending",
        false,
        9900,
        0,
        1,
        "Monitor",
    )
    .await;
    // 2026-03-02: nothing. 2026-03-03: a refunded order (paid, then fully refunded) and a paid one.
    order(
        &pool,
        4,
        "2026-03-03 08:00:00",
        "refunded",
        true,
        2000,
        2000,
        1,
        "Keyboard",
    )
    .await;
    order(
        &pool,
        5,
        "2026-03-03 09:00:00",
        "paid",
        true,
        4000,
        0,
        4,
        "Mouse",
    )
    .await;
    // Outside the range on both sides.
    order(
        &pool,
        6,
        "2026-02-28 23:59:59",
        "delivered",
        true,
        7700,
        0,
        1,
        "Mouse",
    )
    .await;
    order(
        &pool,
        7,
        "2026-03-04 00:00:00",
        "delivered",
        true,
        8800,
        0,
        1,
        "Mouse",
    )
    .await;
    // A customer who joined in the range, one before, and a seller (not a customer).
    for (email, role, at) in [
        ("new@example.com", "customer", "2026-03-02 10:00:00"),
        ("old@example.com", "customer", "2026-01-01 10:00:00"),
        ("seller@example.com", "seller", "2026-03-02 10:00:00"),
    ] {
        sqlx::query("INSERT INTO users (email, password_hash, role, created_at) VALUES ($1, 'x', $2, ($3::timestamp AT TIME ZONE 'UTC'))")
            .bind(email)
            .bind(role)
            .bind(at)
            .execute(&pool)
            .await
            .unwrap();
    }

    let a = figures(&pool, "2026-03-01", "2026-03-03", Currency::Usd)
        .await
        .unwrap();
    // Revenue: 1000 + (3000 - 500) + (2000 - 2000) + 4000 = 7500 over 4 paid orders.
    assert_eq!(a.revenue.minor, 7500);
    assert_eq!(a.orders, 4);
    assert_eq!(a.average_order.minor, 1875);
    // Units: 2 + 3 + 4 (the refunded order's unit does not count, nor the pending one's).
    assert_eq!(a.units, 9);
    assert_eq!(a.new_customers, 1);
    let days: Vec<(&str, i64, i64)> = a
        .days
        .iter()
        .map(|d| (d.day.as_str(), d.revenue_minor, d.orders))
        .collect();
    assert_eq!(
        days,
        [
            ("2026-03-01", 3500, 2),
            ("2026-03-02", 0, 0),
            ("2026-03-03", 4000, 2)
        ]
    );
    let top: Vec<(&str, i64, i64)> = a
        .top_products
        .iter()
        .map(|p| (p.name.as_str(), p.units, p.revenue.minor))
        .collect();
    // Lines at their full value (refunds are per order, not per line): Mouse 1000 + 4000, Keyboard 3000.
    assert_eq!(top, [("Mouse", 6, 5000), ("Keyboard", 3, 3000)]);
    let status = |s: OrderStatus| a.by_status.iter().find(|(x, _)| *x == s).unwrap().1;
    assert_eq!(
        (
            status(OrderStatus::Delivered),
            status(OrderStatus::Pending),
            status(OrderStatus::Refunded),
            status(OrderStatus::Paid),
            status(OrderStatus::Shipped)
        ),
        (2, 1, 1, 1, 0)
    );

    // One day, and an empty range.
    let one = figures(&pool, "2026-03-04", "2026-03-04", Currency::Usd)
        .await
        .unwrap();
    assert_eq!(
        (one.revenue.minor, one.orders, one.days.len()),
        (8800, 1, 1)
    );
    let none = figures(&pool, "2025-01-01", "2025-01-05", Currency::Usd)
        .await
        .unwrap();
    assert_eq!(
        (
            none.revenue.minor,
            none.orders,
            none.average_order.minor,
            none.days.len()
        ),
        (0, 0, 0, 5)
    );
    assert!(none.top_products.is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn the_generator_makes_consistent_orders(pool: PgPool) {
    load_demo_catalog(&pool, &app::demo::catalog())
        .await
        .unwrap();
    assert_eq!(
        generate_orders(&pool, 2_500, 30, Currency::Usd)
            .await
            .unwrap(),
        2_500
    );
    let (orders, lines_ok): (i64, bool) = sqlx::query_as(
        "SELECT count(*), bool_and(o.subtotal_minor = (SELECT sum(line_total_minor) FROM order_lines l WHERE l.order_id = o.id))
         FROM orders o WHERE number LIKE 'OX-SYN%'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((orders, lines_ok), (2_500, true));
    // Running it again adds more, with new numbers; stock is untouched.
    assert_eq!(
        generate_orders(&pool, 10, 30, Currency::Usd).await.unwrap(),
        10
    );
    assert!(app::db::inventory::ledger_mismatches(&pool)
        .await
        .unwrap()
        .is_empty());
    let today = app::domain::order::format_utc(app::payments::now_secs())[..10].to_string();
    let a = figures(&pool, "2000-01-01", &today, Currency::Usd).await;
    assert!(a.is_ok());
}
