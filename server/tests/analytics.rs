//! The dashboard's analytics answer from a daily rollup kept current by triggers on the orders
//! (migration 20261204000013): these tests drive real orders through checkout, payment, refunds
//! and staff moves, and check the figures against numbers worked out by hand from the orders'
//! totals; then a large synthetic history against the definitions computed straight from the
//! orders.

mod common;

use common::shop::{choose, form, order, parse, place, sku_with_stock};
use common::{call, fetch, sign_in, spawn_app_with, TestApp};
use serde_json::Value;

const SECRET: &str = "whsec_analytics";

async fn app() -> TestApp {
    let app = spawn_app_with(|s| {
        s.test_payments_secret = server::config::Secret::new(SECRET);
    })
    .await;
    app::auth::accounts::load_demo_accounts(&app.db)
        .await
        .unwrap();
    app
}

/// Places a guest order of `quantity` × `sku`, paid or not: (number, total in minor units).
async fn placed(app: &TestApp, sku: &str, quantity: u32, token: &str, pay: bool) -> (String, i64) {
    let (number, key, pay_path) = place(app, form(sku, quantity, token)).await;
    if pay {
        assert_eq!(choose(app, &pay_path, "pay").await.0, 303);
    }
    let (_, view) = order(app, &number, &key, None).await;
    assert_eq!(view["status"], if pay { "Paid" } else { "Pending" });
    (number, view["total"]["minor"].as_i64().unwrap())
}

/// Moves an order to another moment (orders placed on other days; the rollup follows).
async fn placed_at(app: &TestApp, number: &str, at: &str) {
    sqlx::query("UPDATE orders SET created_at = $2::timestamptz WHERE number = $1")
        .bind(number)
        .bind(at)
        .execute(&app.db)
        .await
        .unwrap();
}

async fn product_name(app: &TestApp, sku: &str) -> String {
    sqlx::query_scalar(
        "SELECT p.name FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = $1",
    )
    .bind(sku)
    .fetch_one(&app.db)
    .await
    .unwrap()
}

async fn figures(app: &TestApp, cookie: &str, from: &str, to: &str) -> Value {
    let a = fetch(
        app,
        &format!("admin/analytics?from={from}&to={to}"),
        Some(cookie),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    parse(&a.body)
}

fn by_status(f: &Value, status: &str) -> i64 {
    f["by_status"]
        .as_array()
        .unwrap()
        .iter()
        .find(|pair| pair[0].as_str().unwrap().eq_ignore_ascii_case(status))
        .unwrap_or_else(|| panic!("no {status} in {}", f["by_status"]))[1]
        .as_i64()
        .unwrap()
}

fn top(f: &Value) -> Vec<(String, i64, i64)> {
    f["top_products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["units"].as_i64().unwrap(),
                p["revenue"]["minor"].as_i64().unwrap(),
            )
        })
        .collect()
}

async fn refund(app: &TestApp, cookie: &str, number: &str, minor: i64) {
    let amount = format!("{}.{:02}", minor / 100, minor % 100);
    let a = call(
        app,
        "admin/orders/refund",
        &[("number", number), ("amount", &amount), ("reason", "test")],
        Some(cookie),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
}

async fn move_to(app: &TestApp, cookie: &str, number: &str, transition: &str) {
    let a = call(
        app,
        "admin/orders/move",
        &[
            ("number", number),
            ("transition", transition),
            ("carrier", ""),
            ("tracking", ""),
            ("note", ""),
        ],
        Some(cookie),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
}

#[tokio::test]
async fn the_figures_follow_every_change_of_an_order() {
    let app = app().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let (sku_a, price_a) = sku_with_stock(&app, 50, 0).await;
    let (sku_b, price_b) = sku_with_stock(&app, 50, 1).await;
    let (name_a, name_b) = (
        product_name(&app, &sku_a).await,
        product_name(&app, &sku_b).await,
    );
    assert_ne!(name_a, name_b);

    // On 2 March 2020 (UTC): A paid (2 × a), B paid then refunded 5.00 (1 × b), C never paid,
    // D paid then refunded in full (3 × b). On 1 March, late in the UTC day: E paid (1 × a).
    let (a, total_a) = placed(&app, &sku_a, 2, "tok-analytics-0000a", true).await;
    let (b, total_b) = placed(&app, &sku_b, 1, "tok-analytics-0000b", true).await;
    let (c, _) = placed(&app, &sku_a, 1, "tok-analytics-0000c", false).await;
    let (d, total_d) = placed(&app, &sku_b, 3, "tok-analytics-0000d", true).await;
    let (e, total_e) = placed(&app, &sku_a, 1, "tok-analytics-0000e", true).await;
    refund(&app, &admin, &b, 500).await;
    refund(&app, &admin, &d, total_d).await;
    for n in [&a, &b, &c, &d] {
        placed_at(&app, n, "2020-03-02 00:00:00+00").await;
    }
    // 23:30 UTC is 2 March in Paris: the day is the UTC day.
    placed_at(&app, &e, "2020-03-01 23:30:00+00").await;

    let day2 = figures(&app, &admin, "2020-03-02", "2020-03-02").await;
    assert_eq!(day2["orders"], 3, "A, B and D sold: {day2}");
    assert_eq!(day2["revenue"]["minor"], total_a + total_b - 500);
    assert_eq!(
        day2["average_order"]["minor"],
        (total_a + total_b - 500) / 3
    );
    assert_eq!(day2["units"], 3, "D's lines no longer count once refunded");
    // Top products by revenue, then units, then name.
    let mut expected = vec![
        (name_a.clone(), 2, 2 * price_a),
        (name_b.clone(), 1, price_b),
    ];
    expected.sort_by(|x, y| y.2.cmp(&x.2).then(y.1.cmp(&x.1)).then(x.0.cmp(&y.0)));
    assert_eq!(top(&day2), expected);
    assert_eq!(by_status(&day2, "paid"), 2);
    assert_eq!(by_status(&day2, "pending"), 1);
    assert_eq!(by_status(&day2, "refunded"), 1);
    assert_eq!(by_status(&day2, "cancelled"), 0);
    assert_eq!(day2["days"].as_array().unwrap().len(), 1);

    let both = figures(&app, &admin, "2020-02-29", "2020-03-02").await;
    assert_eq!(both["orders"], 4);
    assert_eq!(both["revenue"]["minor"], total_a + total_b - 500 + total_e);
    assert_eq!(both["units"], 4);
    let days: Vec<(String, i64, i64)> = both["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["day"].as_str().unwrap().to_string(),
                d["revenue_minor"].as_i64().unwrap(),
                d["orders"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        days,
        vec![
            ("2020-02-29".to_string(), 0, 0),
            ("2020-03-01".to_string(), total_e, 1),
            ("2020-03-02".to_string(), total_a + total_b - 500, 3),
        ]
    );

    // Staff start on A and cancel E (paid: its money goes back): E leaves units and revenue
    // but still counts as sold; A's figures do not move.
    move_to(&app, &admin, &a, "process").await;
    move_to(&app, &admin, &e, "cancel").await;
    // The refund of a cancelled order may finish after the move: wait for it.
    for _ in 0..100 {
        let status: String = sqlx::query_scalar("SELECT status FROM orders WHERE number = $1")
            .bind(&e)
            .fetch_one(&app.db)
            .await
            .unwrap();
        if status == "refunded" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let after = figures(&app, &admin, "2020-03-01", "2020-03-02").await;
    assert_eq!(after["orders"], 4, "E sold, then was cancelled");
    assert_eq!(
        after["revenue"]["minor"],
        total_a + total_b - 500,
        "E paid back"
    );
    assert_eq!(after["units"], 3, "E's unit left");
    assert_eq!(by_status(&after, "processing"), 1);
    assert_eq!(by_status(&after, "paid"), 1);
    assert_eq!(by_status(&after, "refunded"), 2, "D and E");
    assert_eq!(by_status(&after, "cancelled"), 0);

    // An order rolled back never counts.
    let mut tx = app.db.begin().await.unwrap();
    sqlx::query("UPDATE orders SET created_at = '2020-03-02 01:00:00+00' WHERE number = $1")
        .bind(&c)
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE orders SET payment_id = 'pi_rolled_back', status = 'paid' WHERE number = $1",
    )
    .bind(&c)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(
        figures(&app, &admin, "2020-03-01", "2020-03-02").await,
        after
    );

    // Customers only, and admins only.
    let a = fetch(&app, "admin/analytics?from=&to=", None).await;
    assert!(a.status == 401 || a.status == 403, "{}", a.status);
}

/// What the definitions give computed straight from the orders (the query the dashboard ran
/// before the rollup), for a range of UTC days.
async fn from_orders(app: &TestApp, from: &str, to: &str) -> (i64, i64, i64, Vec<(String, i64)>) {
    const RANGE: &str = "o.created_at >= ($1::date)::timestamp AT TIME ZONE 'UTC'
                         AND o.created_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'";
    let (revenue, orders): (i64, i64) = sqlx::query_as(&format!(
        "SELECT coalesce(sum(total_minor - refunded_minor), 0)::bigint, count(*)
         FROM orders o WHERE {RANGE} AND payment_id IS NOT NULL"
    ))
    .bind(from)
    .bind(to)
    .fetch_one(&app.db)
    .await
    .unwrap();
    let units: i64 = sqlx::query_scalar(&format!(
        "SELECT coalesce(sum(l.quantity), 0)::bigint FROM orders o JOIN order_lines l ON l.order_id = o.id
         WHERE {RANGE} AND o.payment_id IS NOT NULL AND o.status NOT IN ('cancelled', 'refunded')"
    ))
    .bind(from)
    .bind(to)
    .fetch_one(&app.db)
    .await
    .unwrap();
    let statuses: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT status, count(*) FROM orders o WHERE {RANGE} GROUP BY status ORDER BY status"
    ))
    .bind(from)
    .bind(to)
    .fetch_all(&app.db)
    .await
    .unwrap();
    (revenue, orders, units, statuses)
}

#[tokio::test]
async fn a_long_synthetic_history_adds_up_to_the_orders() {
    let app = app().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let currency = app::domain::money::Currency::Usd;
    // Made in batches by one statement each (the rollup's triggers run per order at commit).
    app::db::analytics::generate_orders(&app.db, 3000, 120, currency)
        .await
        .unwrap();
    // Then staff work through some of them: refunds, cancellations, shipments.
    sqlx::query(
        "UPDATE orders SET refunded_minor = total_minor, status = 'refunded'
         WHERE number LIKE 'OX-SYN%' AND status = 'delivered' AND id % 7 = 0",
    )
    .execute(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE orders SET status = 'shipped' WHERE number LIKE 'OX-SYN%' AND status = 'paid'",
    )
    .execute(&app.db)
    .await
    .unwrap();

    let today = utc_today(&app).await;
    let from: String = sqlx::query_scalar("SELECT to_char($1::date - 119, 'YYYY-MM-DD')")
        .bind(&today)
        .fetch_one(&app.db)
        .await
        .unwrap();
    for (from, to) in [
        (from.as_str(), today.as_str()),
        (from.as_str(), from.as_str()),
    ] {
        let f = figures(&app, &admin, from, to).await;
        let (revenue, orders, units, statuses) = from_orders(&app, from, to).await;
        assert_eq!(f["revenue"]["minor"], revenue, "{from}..{to}");
        assert_eq!(f["orders"], orders, "{from}..{to}");
        assert_eq!(f["units"], units, "{from}..{to}");
        for (status, n) in statuses {
            assert_eq!(by_status(&f, &status), n, "{status} {from}..{to}");
        }
    }
    assert!(
        figures(&app, &admin, &from, &today).await["orders"]
            .as_i64()
            .unwrap()
            > 2000
    );
}

async fn utc_today(app: &TestApp) -> String {
    sqlx::query_scalar("SELECT to_char((now() AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD')")
        .fetch_one(&app.db)
        .await
        .unwrap()
}
