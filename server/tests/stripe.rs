//! The Stripe provider against the local fake of Stripe's API (`server::fake_stripe`), which
//! answers with Stripe's object shapes and delivers signed webhooks like `stripe listen`: a
//! Checkout Session priced from the order snapshot, paying through the hosted page, a lost
//! webhook settled from the success page, expiry, refunds on cancel, and Stripe refusing calls.

#![cfg(feature = "dev-tools")]

mod common;

use std::sync::Arc;

use common::shop::{assert_ledger_balanced, form, order, place, sku_with_stock, stock};
use common::{call, call_json, spawn_app_with, TestApp};
use server::config::{PaymentProviderChoice, Secret, StripeSettings};
use server::fake_stripe::{FakeLine, FakeStripe, FakeStripeConfig};

const KEY: &str = "sk_test_oxcart_stripe_tests";
const WEBHOOK_SECRET: &str = "whsec_oxcart_stripe_tests";

/// The store configured for Stripe, and the fake it talks to (which forwards its events to the
/// store's `/webhooks/stripe`). `store_key` is the key the store presents.
async fn stripe_app(store_key: &str) -> (TestApp, Arc<FakeStripe>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let fake_url = format!("http://{}", listener.local_addr().unwrap());
    let api_base = fake_url.clone();
    let store_key = store_key.to_string();
    let app = spawn_app_with(move |s| {
        s.payment_providers = vec![PaymentProviderChoice::Stripe(StripeSettings {
            secret_key: Secret::new(store_key),
            webhook_secret: Secret::new(WEBHOOK_SECRET),
            api_base: Some(api_base),
        })];
        s.reservation_sweep_ms = 100;
    })
    .await;
    let fake = FakeStripe::new(FakeStripeConfig {
        api_key: KEY.into(),
        webhook_secret: WEBHOOK_SECRET.into(),
        forward_to: Some(format!("{}/webhooks/stripe", app.address)),
        public_url: fake_url,
    });
    let router = fake.router();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (app, fake)
}

fn session_id(pay_url: &str) -> String {
    pay_url.rsplit('/').next().unwrap().to_string()
}

/// What the hosted page's Pay button does; returns where the shopper is sent.
async fn pay(app: &TestApp, pay_url: &str) -> String {
    let res = app.client.post(pay_url).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 303);
    res.headers()["location"].to_str().unwrap().to_string()
}

async fn order_row(app: &TestApp, number: &str) -> (String, String, i64, i64, Option<String>) {
    sqlx::query_as(
        "SELECT status, payment_provider, extract(epoch FROM reserved_until)::bigint,
                refunded_minor, payment_id
         FROM orders WHERE number = $1",
    )
    .bind(number)
    .fetch_one(&app.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_guest_pays_through_stripe_checkout_priced_from_the_order() {
    let (app, fake) = stripe_app(KEY).await;
    let (sku, price) = sku_with_stock(&app, 5, 0).await;
    let before = app::payments::now_secs();
    let (number, key, pay_url) = place(&app, form(&sku, 2, "tok-stripe-guest-0001")).await;
    let (status, view) = order(&app, &number, &key, None).await;
    assert_eq!((status, view["status"].as_str()), (200, Some("Pending")));
    let total = view["total"]["minor"].as_i64().unwrap();
    let tax = view["tax"]["minor"].as_i64().unwrap();
    let shipping = view["shipping"]["minor"].as_i64().unwrap();
    assert!(tax > 0, "a California address is taxed: {view}");

    // The session: payment mode, the snapshot's lines plus tax, shipping as its option, the
    // order's id and number, and Stripe's total equal to the order's.
    let id = session_id(&pay_url);
    assert!(pay_url.starts_with(&fake.config.public_url), "{pay_url}");
    let session = fake.session(&id).expect("the session exists at Stripe");
    assert_eq!(session["mode"], "payment");
    assert_eq!(session["amount_total"].as_i64(), Some(total));
    assert_eq!(
        session["total_details"]["amount_shipping"].as_i64(),
        Some(shipping)
    );
    assert_eq!(session["currency"], "usd");
    assert_eq!(session["customer_email"], "grace@example.com");
    let (order_id,): (i64,) = sqlx::query_as("SELECT id FROM orders WHERE number = $1")
        .bind(&number)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(session["client_reference_id"], order_id.to_string());
    assert_eq!(session["metadata"]["order_number"], number.as_str());
    // The metadata has one entry, so a retried request is byte-identical (see session_request).
    assert_eq!(session["metadata"].as_object().unwrap().len(), 1);
    let lines = fake.lines(&id);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!((lines[0].unit_amount, lines[0].quantity), (price, 2));
    assert_eq!(
        lines[1],
        FakeLine {
            name: "Tax (7.25%)".into(),
            unit_amount: tax,
            quantity: 1
        }
    );
    let success = session["success_url"].as_str().unwrap();
    assert!(success.contains(&format!("/orders/{number}")), "{success}");
    assert!(
        success.contains("session={CHECKOUT_SESSION_ID}"),
        "{success}"
    );
    // Stripe needs at least 30 minutes: the session gets them and the hold follows it.
    let expires_at = session["expires_at"].as_i64().unwrap();
    assert!(expires_at >= before + 1800, "{expires_at}");
    let (_, provider, reserved_until, _, _) = order_row(&app, &number).await;
    assert_eq!((provider.as_str(), reserved_until), ("stripe", expires_at));

    // A retried place with the same token reuses the order and its session.
    let again = call_json(
        &app,
        "checkout/place",
        form(&sku, 2, "tok-stripe-guest-0001"),
        None,
    )
    .await;
    let again: serde_json::Value = serde_json::from_str(&again.body).unwrap();
    assert_eq!(again["number"], number.as_str());
    assert_eq!(again["pay_url"], pay_url.as_str());
    let creates = fake
        .requests()
        .iter()
        .filter(|r| *r == "POST /v1/checkout/sessions")
        .count();
    assert_eq!(creates, 1);

    // The hosted page shows Stripe's total; paying sends the signed webhook, then the shopper
    // lands on the order page with the session id.
    let page = app
        .client
        .get(&pay_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("${}.{:02}", total / 100, total % 100)),
        "{page}"
    );
    let location = pay(&app, &pay_url).await;
    assert!(location.ends_with(&format!("session={id}")), "{location}");
    let (status, payment_provider, _, _, payment_id) = order_row(&app, &number).await;
    assert_eq!(
        (status.as_str(), payment_provider.as_str()),
        ("paid", "stripe")
    );
    let paid_session = fake.session(&id).unwrap();
    assert_eq!(
        payment_id.as_deref(),
        paid_session["payment_intent"].as_str()
    );
    assert_eq!(stock(&app, &sku).await, (3, 0), "the sale left stock once");
    let (_, view) = order(&app, &number, &key, None).await;
    assert_eq!(view["status"], "Paid");
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn a_lost_webhook_is_settled_when_the_shopper_returns() {
    let (app, fake) = stripe_app(KEY).await;
    let (sku, _) = sku_with_stock(&app, 3, 1).await;
    let (number, key, pay_url) = place(&app, form(&sku, 1, "tok-stripe-lost-0001")).await;
    fake.hold_webhooks(true);
    pay(&app, &pay_url).await;
    assert_eq!(order_row(&app, &number).await.0, "pending");
    // The order page asks Stripe for the session and settles it.
    let (_, view) = order(&app, &number, &key, None).await;
    assert_eq!(view["status"], "Paid");
    assert!(fake
        .requests()
        .contains(&"GET /v1/checkout/sessions/{id}".to_string()));
    assert_eq!(stock(&app, &sku).await, (2, 0));

    // The webhook arrives late: a no-op.
    let event = fake.events().pop().unwrap();
    let body = serde_json::to_vec(&event).unwrap();
    let now = app::payments::now_secs();
    let res = app
        .client
        .post(format!("{}/webhooks/stripe", app.address))
        .header(
            "stripe-signature",
            app::payments::signature::sign(WEBHOOK_SECRET, now, &body),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(stock(&app, &sku).await, (2, 0));
    let (paid,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM order_history h JOIN orders o ON o.id = h.order_id
         WHERE o.number = $1 AND h.to_status = 'paid'",
    )
    .bind(&number)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(paid, 1);
    // A webhook signed with another secret changes nothing.
    let res = app
        .client
        .post(format!("{}/webhooks/stripe", app.address))
        .header(
            "stripe-signature",
            app::payments::signature::sign("whsec_other", now, b"{}"),
        )
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn an_expired_session_cancels_the_order_and_a_paid_cancel_is_refunded() {
    let (app, fake) = stripe_app(KEY).await;
    let (sku, _) = sku_with_stock(&app, 4, 2).await;

    // Stripe expires the session: the order is cancelled and its stock released.
    let (number, key, pay_url) = place(&app, form(&sku, 2, "tok-stripe-expire-01")).await;
    assert_eq!(stock(&app, &sku).await, (4, 2));
    fake.expire(&session_id(&pay_url)).await.ok().unwrap();
    let (_, view) = order(&app, &number, &key, None).await;
    assert_eq!(view["status"], "Cancelled");
    assert_eq!(stock(&app, &sku).await, (4, 0));
    // Its page can no longer be paid.
    pay(&app, &pay_url).await;
    assert_eq!(order_row(&app, &number).await.0, "cancelled");

    // A paid order cancelled by the shopper is refunded in full through Stripe.
    let (number, key, pay_url) = place(&app, form(&sku, 1, "tok-stripe-refund-01")).await;
    pay(&app, &pay_url).await;
    let a = call(
        &app,
        "orders/cancel",
        &[("number", &number), ("key", &key)],
        None,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let view: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    let total = view["total"]["minor"].as_i64().unwrap();
    let refunds = fake.refunds();
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(refunds[0]["amount"].as_i64(), Some(total));
    assert_eq!(refunds[0]["object"], "refund");
    let (status, _, _, refunded, payment_id) = order_row(&app, &number).await;
    assert_eq!(refunds[0]["payment_intent"].as_str(), payment_id.as_deref());
    assert_eq!(refunded, total);
    assert!(status == "cancelled" || status == "refunded", "{status}");
    assert_eq!(
        stock(&app, &sku).await,
        (4, 0),
        "the cancelled sale's unit is back"
    );
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn when_stripe_refuses_the_order_is_kept_and_the_shopper_told() {
    // The store presents a key Stripe does not know.
    let (app, fake) = stripe_app("sk_test_revoked").await;
    let (sku, _) = sku_with_stock(&app, 2, 3).await;
    let a = call_json(
        &app,
        "checkout/place",
        form(&sku, 1, "tok-stripe-refused-1"),
        None,
    )
    .await;
    assert_eq!(a.status, 502, "{}", a.body);
    assert!(a.body.contains("Your order is saved"), "{}", a.body);
    assert_eq!(
        fake.requests(),
        vec!["POST /v1/checkout/sessions".to_string()]
    );
    let (orders,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM orders WHERE payment_reference IS NULL")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(orders, 1);
    assert_ledger_balanced(&app).await;
}

/// Forgets the order's session, as when Stripe created it but its answer never arrived.
async fn lose_session(app: &TestApp, number: &str) {
    sqlx::query("UPDATE orders SET payment_reference = NULL, payment_url = NULL WHERE number = $1")
        .bind(number)
        .execute(&app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_lost_session_answer_never_leaves_the_order_unpayable() {
    let (app, fake) = stripe_app(KEY).await;
    let (sku, _) = sku_with_stock(&app, 5, 0).await;
    let body = form(&sku, 1, "tok-stripe-lost-answer-1");
    let (number, key, first_url) = place(&app, body.clone()).await;
    lose_session(&app, &number).await;

    // The shopper places again with the same checkout token: the retry differs from the first
    // call (no guest key in its return URL), which Stripe answered with "parameters mismatch"
    // for the old fixed idempotency key.
    let retry = call_json(&app, "checkout/place", body, None).await;
    assert_eq!(retry.status, 200, "{}", retry.body);
    let retried_url = common::shop::parse(&retry.body)["pay_url"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(session_id(&retried_url), session_id(&first_url));

    // "Pay now" on the order page opens a session for an order that has none.
    lose_session(&app, &number).await;
    let (_, view) = order(&app, &number, &key, None).await;
    assert_eq!(view["can_open_payment"], true, "{view}");
    let opened = call(
        &app,
        "orders/pay",
        &[("number", &number), ("key", &key)],
        None,
    )
    .await;
    assert_eq!(opened.status, 200, "{}", opened.body);
    let pay_url: String = serde_json::from_str(&opened.body).unwrap();
    let session = fake.session(&session_id(&pay_url)).unwrap();
    assert!(
        session["success_url"].as_str().unwrap().contains(&key),
        "the shopper comes back to their order: {session}"
    );
    // Only instant methods: a bank debit would settle after the hold ends.
    assert_eq!(
        session["payment_method_types"],
        serde_json::json!(["card", "link"]),
        "{session}"
    );
    // Someone without the key cannot open one.
    let stranger = call(
        &app,
        "orders/pay",
        &[("number", &number), ("key", "")],
        None,
    )
    .await;
    assert_eq!(stranger.status, 404);
    pay(&app, &pay_url).await;
    let (status, ..) = order_row(&app, &number).await;
    assert_eq!(status, "paid");
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn cancelling_an_unpaid_order_closes_its_stripe_session() {
    let (app, fake) = stripe_app(KEY).await;
    let (sku, _) = sku_with_stock(&app, 5, 0).await;
    let (number, key, pay_url) = place(&app, form(&sku, 1, "tok-stripe-cancel-close-1")).await;
    let cancelled = call(
        &app,
        "orders/cancel",
        &[("number", &number), ("key", &key)],
        None,
    )
    .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    let session = fake.session(&session_id(&pay_url)).unwrap();
    assert_eq!(session["status"], "expired", "{session}");
    assert_eq!(stock(&app, &sku).await, (5, 0));
}

#[tokio::test]
async fn reloading_a_pending_order_asks_stripe_at_most_once_per_interval() {
    let (app, fake) = stripe_app(KEY).await;
    let (sku, _) = sku_with_stock(&app, 5, 0).await;
    let (number, key, _) = place(&app, form(&sku, 1, "tok-stripe-reloads-0001")).await;
    for _ in 0..5 {
        let (status, view) = order(&app, &number, &key, None).await;
        assert_eq!((status, view["status"].as_str()), (200, Some("Pending")));
    }
    let asked = fake
        .requests()
        .iter()
        .filter(|r| *r == "GET /v1/checkout/sessions/{id}")
        .count();
    assert_eq!(asked, 1, "{:?}", fake.requests());
}
