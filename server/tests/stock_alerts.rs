//! Back-in-stock alerts through the real router, relay, event consumer and mailbox: a guest
//! confirms by the emailed link and gets exactly one email when the variant is back (however
//! often the event is delivered); a verified account is on the list at once; a stopped alert
//! sends nothing; refusals are clear; the inventory page counts who waits.

mod common;

use std::time::Duration;

use common::shop::{adjust, parse, sku_with_stock};
use common::{call, fetch, send, sign_in, spawn_app_with, TestApp};

async fn app() -> TestApp {
    let app = spawn_app_with(|s| {
        s.limit_stock_alerts_per_email = 100;
        s.limit_stock_alerts_per_ip = 1000;
    })
    .await;
    app::auth::accounts::load_demo_accounts(&app.db)
        .await
        .unwrap();
    app
}

/// The token of the first `/alerts/<page>?token=` link in a message.
fn token(text: &str, page: &str) -> String {
    let marker = format!("/alerts/{page}?token=");
    let start = text.find(&marker).expect("a link in the message") + marker.len();
    text[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

async fn subscribe(app: &TestApp, sku: &str, email: &str, cookie: Option<&str>) -> (u16, String) {
    let a = call(
        app,
        "alerts/subscribe",
        &[("sku", sku), ("email", email)],
        cookie,
    )
    .await;
    (a.status, a.body)
}

async fn waiting(app: &TestApp, admin: &str, sku: &str) -> i64 {
    let a = fetch(
        app,
        &format!("admin/inventory/stock?sku={sku}"),
        Some(admin),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    parse(&a.body)["stock"]["waiting"].as_i64().unwrap()
}

/// Messages queued for `to` (sent or not): the truth, where the mailbox may lag behind.
async fn queued(app: &TestApp, to: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM outbox WHERE recipient = $1")
        .bind(to)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// Waits until the consumer group has acknowledged everything published so far.
async fn consumed(app: &TestApp) {
    let stream = format!("{}:events", app.redis_prefix);
    let mut r = common::redis().await;
    for _ in 0..200 {
        let unpublished: i64 =
            sqlx::query_scalar("SELECT count(*) FROM domain_events WHERE published_at IS NULL")
                .fetch_one(&app.db)
                .await
                .unwrap();
        let groups: Vec<std::collections::HashMap<String, redis::Value>> = redis::cmd("XINFO")
            .arg("GROUPS")
            .arg(&stream)
            .query_async(&mut r)
            .await
            .unwrap();
        let zero = |g: &std::collections::HashMap<String, redis::Value>, k: &str| {
            matches!(g.get(k), Some(redis::Value::Int(0)))
        };
        let idle =
            !groups.is_empty() && groups.iter().all(|g| zero(g, "pending") && zero(g, "lag"));
        if unpublished == 0 && idle {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the event consumer did not catch up within 10 s");
}

#[tokio::test]
async fn a_guest_confirms_and_gets_one_email_when_it_is_back() {
    let app = app().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let (sku, _) = sku_with_stock(&app, 0, 3).await;
    let guest = "shopper@example.com";

    let (status, body) = subscribe(&app, &sku, " Shopper@Example.COM ", None).await;
    assert_eq!(status, 200, "{body}");
    let answer = parse(&body);
    assert_eq!(answer["outcome"], "ConfirmationSent");
    assert_eq!(answer["email"], guest);
    let confirm = app.wait_for_mail(guest, 1).await;
    assert_eq!(confirm.kind, "stock-alert-confirm");
    // Unconfirmed: nobody waits yet.
    assert_eq!(waiting(&app, &admin, &sku).await, 0);

    let link = token(&confirm.text, "confirm");
    let a = call(&app, "alerts/confirm", &[("token", &link)], None).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let confirmed = parse(&a.body);
    assert_eq!(confirmed["available_now"], false);
    assert!(confirmed["alert"]["link"]
        .as_str()
        .unwrap()
        .ends_with(&format!("?variant={sku}")));
    assert_eq!(waiting(&app, &admin, &sku).await, 1);
    // Asking again changes nothing and sends nothing; whoever asks is not told that the
    // address already waits (only its signed-in owner is).
    let (status, body) = subscribe(&app, &sku, guest, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(parse(&body)["outcome"], "ConfirmationSent");
    assert_eq!(queued(&app, guest).await, 1, "no second email");

    // Back in stock: one email, with the product's link; the alert ends.
    adjust(&app, &admin, &sku, "receipt", "3").await;
    let back = app.wait_for_mail(guest, 2).await;
    assert_eq!(back.kind, "back-in-stock");
    assert!(
        back.subject.starts_with("Back in stock: "),
        "{}",
        back.subject
    );
    assert!(
        back.text.contains(&format!("?variant={sku}")),
        "{}",
        back.text
    );
    assert_eq!(waiting(&app, &admin, &sku).await, 0);

    // The same event delivered again, and a later restock: no second email.
    consumed(&app).await;
    app.replay_event("stock.changed").await;
    adjust(&app, &admin, &sku, "damage", "3").await;
    adjust(&app, &admin, &sku, "receipt", "2").await;
    consumed(&app).await;
    assert_eq!(queued(&app, guest).await, 2);
    // The dashboard shows the relay and the consumers caught up.
    let summary = parse(&fetch(&app, "admin/summary", Some(&admin)).await.body);
    assert_eq!(summary["events_waiting"], 0, "{summary}");
    assert_eq!(summary["events_lag_secs"], 0, "{summary}");
    assert_eq!(summary["events_unhandled"], 0, "{summary}");
    // The link has done its work.
    let a = call(&app, "alerts/confirm", &[("token", &link)], None).await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert!(a.body.contains("This alert has ended"), "{}", a.body);
}

#[tokio::test]
async fn a_verified_account_is_on_the_list_at_once_and_a_stopped_alert_sends_nothing() {
    let app = app().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let customer = sign_in(&app, "customer@oxcart.test", "oxcart-customer-demo").await;
    let (sku, _) = sku_with_stock(&app, 0, 4).await;

    // The account's own verified address: no confirmation, a "stop" link instead.
    let (status, body) = subscribe(&app, &sku, "customer@oxcart.test", Some(&customer)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(parse(&body)["outcome"], "Confirmed");
    let listed = app.wait_for_mail("customer@oxcart.test", 1).await;
    assert_eq!(listed.kind, "stock-alert-listed");
    // Its owner asking again is told the truth; a guest giving that address is not.
    let (_, body) = subscribe(&app, &sku, "customer@oxcart.test", Some(&customer)).await;
    assert_eq!(parse(&body)["outcome"], "AlreadyWaiting");
    let (_, body) = subscribe(&app, &sku, "customer@oxcart.test", None).await;
    assert_eq!(parse(&body)["outcome"], "ConfirmationSent");
    // Another address typed by the same account still needs its confirmation.
    let (_, body) = subscribe(&app, &sku, "other@example.com", Some(&customer)).await;
    assert_eq!(parse(&body)["outcome"], "ConfirmationSent");

    // A guest confirms, then stops the alert from the link.
    let guest = "leaving@example.com";
    subscribe(&app, &sku, guest, None).await;
    let confirm = app.wait_for_mail(guest, 1).await;
    let link = token(&confirm.text, "confirm");
    assert_eq!(
        call(&app, "alerts/confirm", &[("token", &link)], None)
            .await
            .status,
        200
    );
    assert_eq!(waiting(&app, &admin, &sku).await, 2);
    let a = call(&app, "alerts/stop", &[("token", &link)], None).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(parse(&a.body)["email"], guest);
    assert_eq!(waiting(&app, &admin, &sku).await, 1);
    let a = call(&app, "alerts/stop", &[("token", &link)], None).await;
    assert_eq!(a.status, 422, "{}", a.body);
    // A malformed link is a clear error, not a 500.
    let a = call(&app, "alerts/stop", &[("token", "nope")], None).await;
    assert_eq!(a.status, 422, "{}", a.body);

    // Back in stock: the account hears, the stopped guest and the unconfirmed address do not.
    adjust(&app, &admin, &sku, "receipt", "1").await;
    let back = app.wait_for_mail("customer@oxcart.test", 2).await;
    assert_eq!(back.kind, "back-in-stock");
    consumed(&app).await;
    assert_eq!(queued(&app, guest).await, 1);
    assert_eq!(queued(&app, "other@example.com").await, 1);
    assert_eq!(queued(&app, "customer@oxcart.test").await, 2);

    // The stop link of the account's alert no longer applies (the alert ended when sent).
    let stop = token(&listed.text, "stop");
    let a = call(&app, "alerts/stop", &[("token", &stop)], None).await;
    assert_eq!(a.status, 422, "{}", a.body);
}

#[tokio::test]
async fn requests_that_cannot_be_kept_are_refused_clearly() {
    let app = app().await;
    let (in_stock, _) = sku_with_stock(&app, 5, 5).await;
    let (status, body) = subscribe(&app, &in_stock, "a@example.com", None).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("in stock now"), "{body}");
    let (status, body) = subscribe(&app, "NO-SUCH-SKU", "a@example.com", None).await;
    assert_eq!(status, 409, "{body}");
    let (sold_out, _) = sku_with_stock(&app, 0, 6).await;
    let (status, body) = subscribe(&app, &sold_out, "not-an-address", None).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("\"field\":\"email\""), "{body}");

    // At most 20 open alerts per address.
    let skus: Vec<String> = sqlx::query_scalar(
        "UPDATE variants SET stock_on_hand = 0, stock_reserved = 0
         WHERE id IN (SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id
                      WHERE v.active AND p.active ORDER BY v.sku LIMIT 21 OFFSET 10)
         RETURNING sku",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(skus.len(), 21);
    for sku in &skus[..20] {
        let (status, body) = subscribe(&app, sku, "many@example.com", None).await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body) = subscribe(&app, &skus[20], "many@example.com", None).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("20 products"), "{body}");

    // Without JavaScript the form comes back to the product page, which says what happened.
    let (sku, _) = sku_with_stock(&app, 0, 40).await;
    let req = app
        .client
        .post(format!("{}/api/alerts/subscribe", app.address))
        .form(&[("sku", sku.as_str()), ("email", "plain@example.com")]);
    let reply = send(req, None, "text/html").await;
    assert_eq!(reply.status, 302, "{}", reply.body);
    assert!(reply.location().starts_with("/p/"), "{}", reply.location());
    assert!(
        reply
            .location()
            .ends_with(&format!("?variant={sku}&alert=sent")),
        "{}",
        reply.location()
    );
    let page = app.get(reply.location()).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Almost done: open the link"),
        "{}",
        page.body.len()
    );
    // A mistake, without JavaScript: back to the product page, which says what was wrong.
    let req = app
        .client
        .post(format!("{}/api/alerts/subscribe", app.address))
        .form(&[("sku", sku.as_str()), ("email", "plain@localhost")]);
    let reply = send(req, None, "text/html").await;
    assert_eq!(reply.status, 302, "{}", reply.body);
    assert!(
        reply
            .location()
            .ends_with(&format!("?variant={sku}&alert=invalid-email")),
        "{}",
        reply.location()
    );
    let page = app.get(reply.location()).await;
    assert!(page.body.contains("look like an email address"), "no note");
}

#[tokio::test]
async fn the_per_address_rate_limit_holds() {
    let app = spawn_app_with(|s| s.limit_stock_alerts_per_email = 2).await;
    let (sku, _) = sku_with_stock(&app, 0, 3).await;
    for _ in 0..2 {
        assert_eq!(subscribe(&app, &sku, "busy@example.com", None).await.0, 200);
    }
    let (status, body) = subscribe(&app, &sku, "busy@example.com", None).await;
    assert_eq!(status, 429, "{body}");
    // Two requests, two confirmation links (the second replaced the first), nothing more.
    assert_eq!(queued(&app, "busy@example.com").await, 2);
}
