//! Shopping helpers shared by the checkout and Stripe tests: stock set-up, checkout forms,
//! placing an order as a guest, reading an order.

use serde_json::{json, Value};

use super::{call, call_json, fetch, TestApp, ORIGIN};

pub fn parse(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

pub async fn sku_with_stock(app: &TestApp, units: i32, offset: i64) -> (String, i64) {
    let (sku, price): (String, i64) = sqlx::query_as(
        "SELECT v.sku, v.price_minor FROM variants v JOIN products p ON p.id = v.product_id
         WHERE v.active AND p.active ORDER BY v.sku LIMIT 1 OFFSET $1",
    )
    .bind(offset)
    .fetch_one(&app.db)
    .await
    .unwrap();
    sqlx::query("UPDATE variants SET stock_on_hand = $2, stock_reserved = 0 WHERE sku = $1")
        .bind(&sku)
        .bind(units)
        .execute(&app.db)
        .await
        .unwrap();
    (sku, price)
}

pub async fn stock(app: &TestApp, sku: &str) -> (i32, i32) {
    sqlx::query_as("SELECT stock_on_hand, stock_reserved FROM variants WHERE sku = $1")
        .bind(sku)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

pub fn address() -> Value {
    json!({
        "full_name": "Grace Hopper", "line1": "1 Harbor Way", "line2": "", "city": "Sacramento",
        "region": "CA", "postal_code": "95814", "country": "US", "phone": ""
    })
}

pub fn form(sku: &str, quantity: u32, token: &str) -> Value {
    json!({"form": {
        "email": "Grace@Example.com ",
        "address": address(),
        "method": "standard",
        "expected_total": null,
        "checkout_token": token,
        "lines": [{"sku": sku, "quantity": quantity}],
    }})
}

/// Places a guest order; returns (order number, key, where to pay: a path on the store for the
/// test provider, a full URL for a provider elsewhere).
pub async fn place(app: &TestApp, body: Value) -> (String, String, String) {
    let a = call_json(app, "checkout/place", body, None).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let placed = parse(&a.body);
    let number = placed["number"].as_str().unwrap().to_string();
    let order_url = placed["order_url"].as_str().unwrap();
    let key = order_url.split("key=").nth(1).unwrap().to_string();
    let pay_path = placed["pay_url"]
        .as_str()
        .unwrap()
        .trim_start_matches(ORIGIN)
        .to_string();
    (number, key, pay_path)
}

pub async fn order(app: &TestApp, number: &str, key: &str, cookie: Option<&str>) -> (u16, Value) {
    let a = fetch(
        app,
        &format!("orders/get?number={number}&key={key}"),
        cookie,
    )
    .await;
    let body = if a.status == 200 {
        parse(&a.body)
    } else {
        Value::Null
    };
    (a.status, body)
}

/// The stock ledger's invariant: every variant's stock on hand equals the sum of its movements.
pub async fn assert_ledger_balanced(app: &TestApp) {
    let off = app::db::inventory::ledger_mismatches(&app.db)
        .await
        .unwrap();
    assert!(off.is_empty(), "stock differs from the ledger for {off:?}");
}

/// Chooses on the test provider's hosted page; returns the status and where it redirects.
pub async fn choose(app: &TestApp, pay_path: &str, choice: &str) -> (u16, String) {
    let res = app
        .client
        .post(format!("{}{pay_path}", app.address))
        .header("origin", ORIGIN)
        .form(&[("choice", choice)])
        .send()
        .await
        .unwrap();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (res.status().as_u16(), location)
}

/// An admin's stock adjustment (`kind`: receipt, count, damage or return); must succeed.
pub async fn adjust(app: &TestApp, admin: &str, sku: &str, kind: &str, quantity: &str) {
    let a = call(
        app,
        "admin/inventory/adjust",
        &[
            ("sku", sku),
            ("kind", kind),
            ("quantity", quantity),
            ("reason", "test adjustment"),
        ],
        Some(admin),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
}
