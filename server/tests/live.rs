//! Live updates over Server-Sent Events (`GET /events`): stock changes through an order and an
//! admin adjustment arrive in order; a change made through one instance reaches a subscriber of
//! another; an order's updates reach only its customer, its key holder and admins; a browser
//! that reconnects with `Last-Event-ID` gets what it missed; the caps hold.

mod common;

use std::time::Duration;

use common::shop::{adjust, choose, form, place, sku_with_stock};
use common::{quiet, sign_in, spawn_app_with, spawn_instance, TestApp};
use serde_json::Value;

/// One SSE connection, read event by event.
struct Events {
    res: reqwest::Response,
    buf: String,
}

/// (stream id, event type, data)
type Got = (String, String, Value);

async fn subscribe(
    app: &TestApp,
    query: &str,
    cookie: Option<&str>,
    last_id: Option<&str>,
) -> (u16, Option<Events>) {
    let mut req = app
        .client
        .get(format!("{}/events?{query}", app.address))
        .header("accept", "text/event-stream");
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    if let Some(id) = last_id {
        req = req.header("last-event-id", id);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    if status != 200 {
        return (status, None);
    }
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    (
        status,
        Some(Events {
            res,
            buf: String::new(),
        }),
    )
}

impl Events {
    /// The next event within `wait`, skipping heartbeats.
    async fn next(&mut self, wait: Duration) -> Option<Got> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let (mut id, mut kind, mut data) = (String::new(), String::new(), String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("event:") {
                        kind = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim());
                    }
                }
                if !kind.is_empty() {
                    return Some((id, kind, serde_json::from_str(&data).unwrap()));
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.res.chunk())
                .await
                .ok()?;
            match chunk.unwrap() {
                Some(bytes) => self.buf.push_str(&String::from_utf8_lossy(&bytes)),
                None => return None,
            }
        }
    }

    /// The next event of `kind`.
    async fn next_of(&mut self, kind: &str) -> Got {
        loop {
            let got = self
                .next(Duration::from_secs(10))
                .await
                .expect("an event in time");
            if got.1 == kind {
                return got;
            }
        }
    }
}

/// What a stock event says: `Low(n)` as n, `OutOfStock` as 0 (the test SKUs' threshold is high,
/// so every level shows).
fn level(data: &Value) -> i64 {
    let stock = &data["data"]["stock"];
    if stock == "OutOfStock" {
        0
    } else {
        stock["Low"].as_i64().unwrap_or_else(|| panic!("{data}"))
    }
}

/// A SKU with `units` on hand whose every level shows as "Only n left".
async fn watched_sku(app: &TestApp, units: i32, offset: i64) -> String {
    let (sku, _) = sku_with_stock(app, units, offset).await;
    sqlx::query("UPDATE variants SET low_stock_threshold = 1000 WHERE sku = $1")
        .bind(&sku)
        .execute(&app.db)
        .await
        .unwrap();
    sku
}

async fn shop() -> TestApp {
    let app = spawn_app_with(|_| {}).await;
    app::auth::accounts::load_demo_accounts(&app.db)
        .await
        .unwrap();
    app
}

#[tokio::test]
async fn stock_changes_reach_a_subscriber_in_order() {
    let app = shop().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let sku = watched_sku(&app, 3, 0).await;
    quiet(&app).await;
    let (status, events) = subscribe(&app, &format!("subjects=variant:{sku}"), None, None).await;
    assert_eq!(status, 200);
    let mut events = events.unwrap();

    // A guest's order holds 2, the admin receives 4, another order takes the last 5.
    place(&app, form(&sku, 2, "tok-live-stock-0001")).await;
    adjust(&app, &admin, &sku, "receipt", "4").await;
    place(&app, form(&sku, 5, "tok-live-stock-0002")).await;
    let mut seen = Vec::new();
    let mut ids = Vec::new();
    while seen.len() < 3 {
        let (id, _, data) = events.next_of("stock.changed").await;
        assert_eq!(data["subject"], format!("variant:{sku}"));
        // Shoppers see what the product page says, never what is on hand or held.
        assert!(data["data"].get("reserved").is_none(), "{data}");
        assert!(data["data"].get("available").is_none(), "{data}");
        seen.push(level(&data));
        ids.push(id);
    }
    assert_eq!(seen, [1, 5, 0]);
    let parsed: Vec<_> = ids
        .iter()
        .map(|i| app::domain::events::stream_id_parts(i).unwrap())
        .collect();
    assert!(parsed.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
}

#[tokio::test]
async fn a_change_through_one_instance_reaches_a_subscriber_of_another() {
    let a = shop().await;
    let prefix = a.redis_prefix.clone();
    let b = spawn_instance(a.db.clone(), move |s| s.redis_prefix = prefix).await;
    let sku = watched_sku(&a, 4, 1).await;
    quiet(&a).await;
    let (_, events) = subscribe(&b, &format!("subjects=variant:{sku}"), None, None).await;
    let mut events = events.unwrap();
    place(&a, form(&sku, 1, "tok-live-across-001")).await;
    let (_, _, data) = events.next_of("stock.changed").await;
    assert_eq!(level(&data), 3);
}

#[tokio::test]
async fn an_orders_updates_reach_only_those_allowed_to_see_it() {
    let app = shop().await;
    let (sku, _) = sku_with_stock(&app, 5, 2).await;
    let (number, key, pay) = place(&app, form(&sku, 1, "tok-live-order-0001")).await;
    let subject = format!("subjects=order:{number}");

    // A stranger, a wrong key, another customer: refused, the same way as an unknown order.
    assert_eq!(subscribe(&app, &subject, None, None).await.0, 403);
    assert_eq!(
        subscribe(&app, &format!("{subject}&key=not-the-key"), None, None)
            .await
            .0,
        403
    );
    assert_eq!(
        subscribe(&app, "subjects=order:OX-NONE-NONE", None, None)
            .await
            .0,
        403
    );
    let customer = sign_in(&app, "customer@oxcart.test", "oxcart-customer-demo").await;
    assert_eq!(
        subscribe(&app, &subject, Some(&customer), None).await.0,
        403
    );
    // A seller is staff but sees only their own lines, never whole orders.
    let seller = sign_in(&app, "seller@oxcart.test", "oxcart-seller-demo").await;
    assert_eq!(subscribe(&app, &subject, Some(&seller), None).await.0, 403);

    // The key holder, an admin, and (once it is theirs) the customer.
    let (_, guest) = subscribe(&app, &format!("{subject}&key={key}"), None, None).await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let (_, staff) = subscribe(&app, &subject, Some(&admin), None).await;
    sqlx::query("UPDATE orders SET user_id = (SELECT id FROM users WHERE email = 'customer@oxcart.test') WHERE number = $1")
        .bind(&number)
        .execute(&app.db)
        .await
        .unwrap();
    let (status, owner) = subscribe(&app, &subject, Some(&customer), None).await;
    assert_eq!(status, 200);
    let (status, _) = choose(&app, &pay, "pay").await;
    assert_eq!(status, 303);
    for mut events in [guest.unwrap(), staff.unwrap(), owner.unwrap()] {
        let (_, _, data) = events.next_of("order.paid").await;
        assert_eq!(data["data"]["status"], "paid");
        assert_eq!(data["data"]["number"], number.as_str());
        assert!(data["data"].get("user_id").is_none(), "{data}");
    }
}

#[tokio::test]
async fn a_browser_that_reconnects_gets_what_it_missed() {
    let app = shop().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let sku = watched_sku(&app, 10, 3).await;
    quiet(&app).await;
    let query = format!("subjects=variant:{sku}");
    let (_, events) = subscribe(&app, &query, None, None).await;
    let mut events = events.unwrap();
    adjust(&app, &admin, &sku, "receipt", "1").await;
    let (first, _, data) = events.next_of("stock.changed").await;
    assert_eq!(level(&data), 11);
    drop(events);
    // Offline while two more changes happen.
    adjust(&app, &admin, &sku, "receipt", "2").await;
    adjust(&app, &admin, &sku, "receipt", "3").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let (_, events) = subscribe(&app, &query, None, Some(&first)).await;
    let mut events = events.unwrap();
    let (_, _, a) = events.next_of("stock.changed").await;
    let (_, _, b) = events.next_of("stock.changed").await;
    assert_eq!((level(&a), level(&b)), (13, 16));
    // And then live ones, none twice.
    adjust(&app, &admin, &sku, "receipt", "4").await;
    let (_, _, c) = events.next_of("stock.changed").await;
    assert_eq!(level(&c), 20);
}

#[tokio::test]
async fn subscriptions_are_bounded() {
    let app = shop().await;
    let many: Vec<String> = (0..=app::domain::events::MAX_SUBJECTS)
        .map(|i| format!("variant:SKU-{i}"))
        .collect();
    assert_eq!(
        subscribe(&app, &format!("subjects={}", many.join(",")), None, None)
            .await
            .0,
        400
    );
    assert_eq!(subscribe(&app, "subjects=", None, None).await.0, 400);
    assert_eq!(subscribe(&app, "subjects=users:1", None, None).await.0, 400);
    let mut open = Vec::new();
    for _ in 0..server::live::MAX_CONNECTIONS_PER_CLIENT {
        let (status, events) = subscribe(&app, "subjects=variant:ABC-1", None, None).await;
        assert_eq!(status, 200);
        open.push(events.unwrap());
    }
    assert_eq!(
        subscribe(&app, "subjects=variant:ABC-1", None, None)
            .await
            .0,
        429
    );
    // A closed connection gives its place back.
    drop(open.pop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        subscribe(&app, "subjects=variant:ABC-1", None, None)
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn admins_follow_new_orders_payments_and_low_stock_of_the_whole_store() {
    let app = shop().await;
    let (sku, _) = sku_with_stock(&app, 6, 3).await;
    sqlx::query("UPDATE variants SET low_stock_threshold = 5 WHERE sku = $1")
        .bind(&sku)
        .execute(&app.db)
        .await
        .unwrap();
    quiet(&app).await;
    // Guests, customers and sellers are refused.
    assert_eq!(subscribe(&app, "subjects=staff", None, None).await.0, 403);
    let customer = sign_in(&app, "customer@oxcart.test", "oxcart-customer-demo").await;
    assert_eq!(
        subscribe(&app, "subjects=staff", Some(&customer), None)
            .await
            .0,
        403
    );
    let seller = sign_in(&app, "seller@oxcart.test", "oxcart-seller-demo").await;
    assert_eq!(
        subscribe(&app, "subjects=staff", Some(&seller), None)
            .await
            .0,
        403
    );
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let (status, events) = subscribe(&app, "subjects=staff", Some(&admin), None).await;
    assert_eq!(status, 200);
    let mut events = events.unwrap();

    // An order of 2 is placed, then paid: the payment takes its units off the shelf, 4 left,
    // under the threshold of 5.
    let (number, _, pay) = place(&app, form(&sku, 2, "tok-live-staff-0001")).await;
    let (_, kind, data) = events.next(Duration::from_secs(10)).await.unwrap();
    assert_eq!(kind, "order.placed");
    assert_eq!(data["data"]["number"], number.as_str());
    assert!(data["data"]["total_minor"].as_i64().unwrap() > 0, "{data}");
    choose(&app, &pay, "pay").await;
    let mut got = std::collections::BTreeMap::new();
    while got.len() < 2 {
        let (_, kind, data) = events.next(Duration::from_secs(10)).await.unwrap();
        got.insert(kind, data);
    }
    assert_eq!(got["order.paid"]["data"]["number"], number.as_str());
    let alert = &got["low_stock.crossed"]["data"];
    assert_eq!(alert["sku"], sku.as_str());
    assert_eq!(alert["level"], 4);
    assert_eq!(alert["threshold"], 5);
    adjust(&app, &admin, &sku, "receipt", "1").await;
    // Stock changes are not part of the staff feed.
    assert!(events.next(Duration::from_millis(500)).await.is_none());
}
