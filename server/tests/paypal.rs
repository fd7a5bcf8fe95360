//! The PayPal provider against the local fake of PayPal (`server::fake_paypal`), which answers
//! with PayPal's object shapes and error format and delivers webhooks with PayPal's transmission
//! headers: a PayPal order priced from the order snapshot, approval and capture, captures and
//! events repeated or out of order (one effect), forged webhooks refused, a lost return settled
//! by asking PayPal, a declined capture, refunds, the token cache, and the shopper's choice
//! between several providers.

#![cfg(feature = "dev-tools")]

mod common;

use std::sync::Arc;

use common::shop::{assert_ledger_balanced, form, order, place, sku_with_stock, stock};
use common::{call, call_json, sign_in, spawn_app_with, TestApp};
use serde_json::Value;
use server::config::{PayPalSettings, PaymentProviderChoice, Secret, StripeSettings};
use server::fake_paypal::{FakePayPal, FakePayPalConfig};
use server::fake_stripe::{FakeStripe, FakeStripeConfig};

const CLIENT_ID: &str = "oxcart-paypal-tests";
const CLIENT_SECRET: &str = "oxcart-paypal-tests-secret";
const WEBHOOK_ID: &str = "OXCARTTESTWEBHOOK1";

/// The store offering PayPal and the test provider (in that order), and the fake PayPal it
/// talks to, which forwards its events to the store's `/webhooks/paypal`. `store_webhook_id`
/// is the webhook id the store presents when verifying.
async fn paypal_app(store_webhook_id: &str) -> (TestApp, Arc<FakePayPal>) {
    paypal_app_holding(store_webhook_id, 1800).await
}

/// The same, with unpaid orders holding their stock `hold_secs`.
async fn paypal_app_holding(store_webhook_id: &str, hold_secs: i64) -> (TestApp, Arc<FakePayPal>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let fake_url = format!("http://{}", listener.local_addr().unwrap());
    let api_base = fake_url.clone();
    let webhook_id = store_webhook_id.to_string();
    let app = spawn_app_with(move |s| {
        s.payment_providers = vec![
            PaymentProviderChoice::PayPal(PayPalSettings {
                client_id: CLIENT_ID.into(),
                client_secret: Secret::new(CLIENT_SECRET),
                webhook_id,
                api_base,
            }),
            PaymentProviderChoice::Test,
        ];
        s.reservation_sweep_ms = 100;
        s.reservation_secs = hold_secs;
    })
    .await;
    let fake = FakePayPal::new(FakePayPalConfig {
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        webhook_id: WEBHOOK_ID.into(),
        forward_to: Some(format!("{}/webhooks/paypal", app.address)),
        public_url: fake_url,
        token_ttl: 32_400,
    });
    let router = fake.router();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (app, fake)
}

fn paypal_form(sku: &str, quantity: u32, token: &str) -> Value {
    let mut body = form(sku, quantity, token);
    body["form"]["payment_method"] = "paypal".into();
    body
}

fn paypal_id(pay_url: &str) -> String {
    pay_url.split("token=").nth(1).unwrap().to_string()
}

/// The approval page's "Pay with PayPal"; returns where the shopper is sent.
async fn approve(app: &TestApp, fake: &FakePayPal, id: &str) -> String {
    let url = format!("{}/checkoutnow/{id}/approve", fake.config.public_url);
    let res = app.client.post(url).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 303);
    res.headers()["location"].to_str().unwrap().to_string()
}

async fn order_row(app: &TestApp, number: &str) -> (String, String, i64, Option<String>) {
    sqlx::query_as(
        "SELECT status, payment_provider, refunded_minor, payment_id FROM orders WHERE number = $1",
    )
    .bind(number)
    .fetch_one(&app.db)
    .await
    .unwrap()
}

fn count(fake: &FakePayPal, request: &str) -> usize {
    fake.requests().iter().filter(|r| *r == request).count()
}

async fn history_count(app: &TestApp, number: &str, to: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM order_history h JOIN orders o ON o.id = h.order_id
         WHERE o.number = $1 AND h.to_status = $2 AND h.from_status IS DISTINCT FROM h.to_status",
    )
    .bind(number)
    .bind(to)
    .fetch_one(&app.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_guest_pays_with_paypal_priced_from_the_order() {
    let (app, fake) = paypal_app(WEBHOOK_ID).await;
    let (sku, price) = sku_with_stock(&app, 5, 0).await;
    let (number, key, pay_url) = place(&app, paypal_form(&sku, 2, "tok-paypal-guest-0001")).await;
    let (status, view) = order(&app, &number, &key, None).await;
    assert_eq!((status, view["status"].as_str()), (200, Some("Pending")));
    let total = view["total"]["minor"].as_i64().unwrap();
    let tax = view["tax"]["minor"].as_i64().unwrap();
    let shipping = view["shipping"]["minor"].as_i64().unwrap();
    assert!(tax > 0, "a California address is taxed: {view}");

    // The PayPal order: intent CAPTURE, one unit tied to the order, items from the snapshot,
    // a breakdown adding up to the order's total.
    assert!(
        pay_url.starts_with(&format!("{}/checkoutnow?token=", fake.config.public_url)),
        "{pay_url}"
    );
    let id = paypal_id(&pay_url);
    let created = fake.order(&id).expect("the order exists at PayPal");
    assert_eq!(created["intent"], "CAPTURE");
    assert_eq!(created["status"], "PAYER_ACTION_REQUIRED");
    let unit = &created["purchase_units"][0];
    let (order_id,): (i64,) = sqlx::query_as("SELECT id FROM orders WHERE number = $1")
        .bind(&number)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(unit["custom_id"], order_id.to_string());
    assert_eq!(unit["invoice_id"], number.as_str());
    let value =
        |v: &Value| app::payments::paypal_events::parse_amount(v.as_str().unwrap()).unwrap();
    assert_eq!(value(&unit["amount"]["value"]), total);
    assert_eq!(unit["amount"]["currency_code"], "USD");
    assert_eq!(
        value(&unit["amount"]["breakdown"]["tax_total"]["value"]),
        tax
    );
    assert_eq!(
        value(&unit["amount"]["breakdown"]["shipping"]["value"]),
        shipping
    );
    assert_eq!(value(&unit["items"][0]["unit_amount"]["value"]), price);
    assert_eq!(unit["items"][0]["quantity"], "2");
    assert_eq!(unit["shipping"]["address"]["country_code"], "US");
    let context = &created["payment_source"]["paypal"]["experience_context"];
    let back = context["return_url"].as_str().unwrap();
    assert!(back.contains(&format!("/orders/{number}?key=")), "{back}");

    // A retried place with the same token reuses the order and its PayPal order.
    let again = call_json(
        &app,
        "checkout/place",
        paypal_form(&sku, 2, "tok-paypal-guest-0001"),
        None,
    )
    .await;
    let again: Value = serde_json::from_str(&again.body).unwrap();
    assert_eq!(again["number"], number.as_str());
    assert_eq!(again["pay_url"], pay_url.as_str());
    assert_eq!(count(&fake, "POST /v2/checkout/orders"), 1);

    // The approval page shows PayPal's total; approving sends the shopper back to the order
    // page with PayPal's token, and the webhook's capture makes the order Paid.
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
        page.contains(&app::payments::paypal_events::amount(total)),
        "{page}"
    );
    let location = approve(&app, &fake, &id).await;
    assert!(
        location.starts_with(back) && location.contains(&format!("token={id}")),
        "{location}"
    );
    let (status, provider, _, payment_id) = order_row(&app, &number).await;
    assert_eq!((status.as_str(), provider.as_str()), ("paid", "paypal"));
    let captured = fake.order(&id).unwrap();
    assert_eq!(captured["status"], "COMPLETED");
    let capture = &captured["purchase_units"][0]["payments"]["captures"][0];
    assert_eq!(payment_id.as_deref(), capture["id"].as_str());
    assert_eq!(stock(&app, &sku).await, (3, 0), "the sale left stock once");
    let (_, view) = order(&app, &number, &key, None).await;
    assert_eq!(view["status"], "Paid");
    assert_eq!(history_count(&app, &number, "paid").await, 1);
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn a_lost_return_and_lost_webhooks_are_settled_by_asking_paypal() {
    let (app, fake) = paypal_app(WEBHOOK_ID).await;
    let (sku, _) = sku_with_stock(&app, 3, 1).await;
    let (number, key, pay_url) = place(&app, paypal_form(&sku, 1, "tok-paypal-lost-00001")).await;
    fake.hold_webhooks(true);
    approve(&app, &fake, &paypal_id(&pay_url)).await;
    assert_eq!(order_row(&app, &number).await.0, "pending");
    // The order page asks PayPal: approved, so Oxcart captures and settles.
    let (_, view) = order(&app, &number, &key, None).await;
    assert_eq!(view["status"], "Paid");
    assert_eq!(stock(&app, &sku).await, (2, 0));

    // The held events arrive late, twice each, in reverse order: nothing more happens.
    let events = fake.events();
    assert_eq!(
        events
            .iter()
            .map(|e| e["event_type"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["CHECKOUT.ORDER.APPROVED", "PAYMENT.CAPTURE.COMPLETED"]
    );
    fake.hold_webhooks(false);
    for event in events.iter().rev().chain(events.iter()) {
        assert_eq!(fake.deliver(event).await, Some(200));
    }
    let captures = fake.orders()[0]["purchase_units"][0]["payments"]["captures"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(captures, 1);
    assert_eq!(history_count(&app, &number, "paid").await, 1);
    assert_eq!(stock(&app, &sku).await, (2, 0));
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn capturing_twice_takes_the_money_once() {
    let (app, fake) = paypal_app(WEBHOOK_ID).await;
    let (sku, _) = sku_with_stock(&app, 3, 2).await;
    let (number, _, pay_url) = place(&app, paypal_form(&sku, 1, "tok-paypal-twice-0001")).await;
    let id = paypal_id(&pay_url);
    fake.hold_webhooks(true);
    approve(&app, &fake, &id).await;
    // Two instances asking at once (the order page and the approval webhook).
    let provider =
        app::payments::paypal::PayPalProvider::new(app::payments::paypal::PayPalConfig {
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
            webhook_id: WEBHOOK_ID.into(),
            api_base: fake.config.public_url.clone(),
            brand: "Oxcart".into(),
        })
        .unwrap();
    use app::payments::PaymentProvider;
    let (a, b) = tokio::join!(provider.checkout_state(&id), provider.checkout_state(&id));
    let (a, b) = (a.unwrap().unwrap(), b.unwrap().unwrap());
    assert_eq!(a.outcome, b.outcome);
    assert!(matches!(
        a.outcome,
        Some(app::db::orders::PaymentOutcome::Paid { .. })
    ));
    // Asked again later: read, not captured again.
    let c = provider.checkout_state(&id).await.unwrap().unwrap();
    assert_eq!(c.outcome, a.outcome);
    let captures = fake.order(&id).unwrap()["purchase_units"][0]["payments"]["captures"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(captures, 1);
    // The events, duplicated: the order is paid once.
    fake.hold_webhooks(false);
    for event in fake.events().iter().chain(fake.events().iter()) {
        fake.deliver(event).await;
    }
    assert_eq!(order_row(&app, &number).await.0, "paid");
    assert_eq!(history_count(&app, &number, "paid").await, 1);
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn forged_webhooks_change_nothing() {
    // The store presents another webhook id than the one PayPal signed for: every event fails
    // verification, as a forged one would.
    let (app, fake) = paypal_app("SOMEOTHERWEBHOOK").await;
    let (sku, _) = sku_with_stock(&app, 3, 3).await;
    let (number, _, pay_url) = place(&app, paypal_form(&sku, 1, "tok-paypal-forge-0001")).await;
    fake.hold_webhooks(true);
    approve(&app, &fake, &paypal_id(&pay_url)).await;
    let approved = fake.events().pop().unwrap();
    fake.hold_webhooks(false);
    assert_eq!(fake.deliver(&approved).await, Some(400));
    assert_eq!(order_row(&app, &number).await.0, "pending");

    // Without PayPal's headers, or with a body that is not the one signed.
    let (app, fake) = paypal_app(WEBHOOK_ID).await;
    let (sku, _) = sku_with_stock(&app, 3, 3).await;
    let (number, _, pay_url) = place(&app, paypal_form(&sku, 1, "tok-paypal-forge-0002")).await;
    let id = paypal_id(&pay_url);
    let forged = serde_json::json!({
        "id": "WH-FORGED", "event_type": "PAYMENT.CAPTURE.COMPLETED", "resource_type": "capture",
        "resource": {"id": "FORGEDCAPTURE", "status": "COMPLETED",
            "amount": {"currency_code": "USD", "value": "0.01"},
            "supplementary_data": {"related_ids": {"order_id": id}}}
    });
    let url = format!("{}/webhooks/paypal", app.address);
    let res = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body(forged.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let res = app
        .client
        .post(&url)
        .header(
            "paypal-transmission-id",
            "a6f1b2c0-0000-0000-0000-000000000000",
        )
        .header("paypal-transmission-time", "2026-12-04T10:00:00Z")
        .header("paypal-transmission-sig", "c2lnbmF0dXJl")
        .header(
            "paypal-cert-url",
            format!(
                "{}/v1/notifications/certs/CERT-fake",
                fake.config.public_url
            ),
        )
        .header("paypal-auth-algo", "SHA256withRSA")
        .header("content-type", "application/json")
        .body(forged.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    assert_eq!(order_row(&app, &number).await.0, "pending");
    // Unknown providers have no webhook.
    let res = app
        .client
        .post(format!("{}/webhooks/stripe", app.address))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 404);
}

#[tokio::test]
async fn a_declined_capture_cancels_the_order_and_releases_its_stock() {
    let (app, fake) = paypal_app(WEBHOOK_ID).await;
    let (sku, _) = sku_with_stock(&app, 3, 4).await;
    let (number, key, pay_url) = place(&app, paypal_form(&sku, 2, "tok-paypal-denied-001")).await;
    assert_eq!(stock(&app, &sku).await.1, 2, "held while paying");
    fake.decline_next_capture();
    approve(&app, &fake, &paypal_id(&pay_url)).await;
    let (_, view) = order(&app, &number, &key, None).await;
    assert_eq!(view["status"], "Cancelled");
    assert_eq!(stock(&app, &sku).await, (3, 0));
    assert!(fake
        .events()
        .iter()
        .any(|e| e["event_type"] == "PAYMENT.CAPTURE.DENIED"));
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn paypal_payments_are_refunded_in_part_and_in_full() {
    let (app, fake) = paypal_app(WEBHOOK_ID).await;
    let (sku, _) = sku_with_stock(&app, 5, 5).await;
    let (number, key, pay_url) = place(&app, paypal_form(&sku, 1, "tok-paypal-refund-001")).await;
    approve(&app, &fake, &paypal_id(&pay_url)).await;
    let (_, view) = order(&app, &number, &key, None).await;
    assert_eq!(view["status"], "Paid");
    let total = view["total"]["minor"].as_i64().unwrap();
    let capture_id = order_row(&app, &number).await.3.unwrap();

    // Staff refund 10.00 from the admin order page.
    app::auth::accounts::load_demo_accounts(&app.db)
        .await
        .unwrap();
    let cookie = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let a = call(
        &app,
        "admin/orders/refund",
        &[
            ("number", number.as_str()),
            ("amount", "10.00"),
            ("reason", "scratched"),
        ],
        Some(&cookie),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(order_row(&app, &number).await.2, 1000);
    // Then the shopper cancels: the rest goes back.
    let a = call(
        &app,
        "orders/cancel",
        &[("number", &number), ("key", &key)],
        None,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let (status, _, refunded, _) = order_row(&app, &number).await;
    assert_eq!(refunded, total);
    assert!(status == "cancelled" || status == "refunded", "{status}");
    let refunds: Vec<Value> = fake
        .events()
        .into_iter()
        .filter(|e| e["event_type"] == "PAYMENT.CAPTURE.REFUNDED")
        .map(|e| e["resource"].clone())
        .collect();
    assert_eq!(refunds.len(), 2, "{refunds:?}");
    assert_eq!(refunds[0]["amount"]["value"], "10.00");
    assert_eq!(
        refunds[1]["amount"]["value"],
        app::payments::paypal_events::amount(total - 1000)
    );
    for refund in &refunds {
        assert!(refund["custom_id"]
            .as_str()
            .unwrap()
            .starts_with("oxcart-refund-"));
        let up = refund["links"][1]["href"].as_str().unwrap();
        assert!(up.ends_with(&capture_id), "{up}");
    }
    // PayPal says the capture is fully refunded; asking again changes nothing.
    let a = call(
        &app,
        "admin/orders/refund",
        &[
            ("number", number.as_str()),
            ("amount", "1.00"),
            ("reason", "again"),
        ],
        Some(&cookie),
    )
    .await;
    assert_ne!(a.status, 200, "{}", a.body);
    assert_eq!(order_row(&app, &number).await.2, total);
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn one_token_serves_concurrent_calls_and_a_revoked_one_is_renewed() {
    let (app, fake) = paypal_app(WEBHOOK_ID).await;
    let (sku, _) = sku_with_stock(&app, 20, 6).await;
    let place_one = |i: u32| {
        let (app, sku) = (&app, sku.clone());
        async move {
            place(
                app,
                paypal_form(&sku, 1, &format!("tok-paypal-token-{i:04}")),
            )
            .await
        }
    };
    tokio::join!(place_one(0), place_one(1), place_one(2), place_one(3));
    assert_eq!(count(&fake, "POST /v2/checkout/orders"), 4);
    assert_eq!(fake.token_requests(), 1, "{:?}", fake.requests());
    // PayPal revokes the token: the next call is refused once, renewed, and goes through.
    fake.revoke_tokens();
    let (number, key, _) = place(&app, paypal_form(&sku, 1, "tok-paypal-token-0009")).await;
    assert_eq!(fake.token_requests(), 2);
    let (status, _) = order(&app, &number, &key, None).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_shopper_chooses_how_to_pay_among_the_stores_providers() {
    let (app, fake) = paypal_app(WEBHOOK_ID).await;
    let (sku, _) = sku_with_stock(&app, 5, 7).await;
    // The store offers PayPal first, then the test provider; the page carries both.
    let page = app.get("/checkout").await;
    assert!(
        page.body.contains("&quot;name&quot;:&quot;paypal&quot;")
            || page.body.contains(r#""name":"paypal""#),
        "{}",
        page.body
    );
    // The test provider chosen: its own hosted page, nothing at PayPal.
    let mut body = form(&sku, 1, "tok-paypal-choice-0001");
    body["form"]["payment_method"] = "test".into();
    let (number, _, pay_url) = place(&app, body).await;
    assert!(pay_url.starts_with("/pay/test/"), "{pay_url}");
    assert_eq!(order_row(&app, &number).await.1, "test");
    assert_eq!(count(&fake, "POST /v2/checkout/orders"), 0);
    // Nothing chosen: the first provider.
    let (number, _, pay_url) = place(&app, form(&sku, 1, "tok-paypal-choice-0002")).await;
    assert!(pay_url.contains("/checkoutnow?token="), "{pay_url}");
    assert_eq!(order_row(&app, &number).await.1, "paypal");
    // A provider the store does not offer: a clear mistake, no order.
    let mut body = form(&sku, 1, "tok-paypal-choice-0003");
    body["form"]["payment_method"] = "stripe".into();
    let a = call_json(&app, "checkout/place", body, None).await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert!(
        a.body.contains("\"field\":\"payment_method\""),
        "{}",
        a.body
    );
}

/// The store offering card (Stripe) first and PayPal second, with both fakes.
async fn card_and_paypal_app() -> (TestApp, Arc<FakeStripe>, Arc<FakePayPal>) {
    let stripe_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let stripe_url = format!("http://{}", stripe_listener.local_addr().unwrap());
    let paypal_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let paypal_url = format!("http://{}", paypal_listener.local_addr().unwrap());
    let (stripe_base, paypal_base) = (stripe_url.clone(), paypal_url.clone());
    let app = spawn_app_with(move |s| {
        s.payment_providers = vec![
            PaymentProviderChoice::Stripe(StripeSettings {
                secret_key: Secret::new("sk_test_oxcart_switch"),
                webhook_secret: Secret::new("whsec_oxcart_switch"),
                api_base: Some(stripe_base),
            }),
            PaymentProviderChoice::PayPal(PayPalSettings {
                client_id: CLIENT_ID.into(),
                client_secret: Secret::new(CLIENT_SECRET),
                webhook_id: WEBHOOK_ID.into(),
                api_base: paypal_base,
            }),
        ];
    })
    .await;
    let stripe = FakeStripe::new(FakeStripeConfig {
        api_key: "sk_test_oxcart_switch".into(),
        webhook_secret: "whsec_oxcart_switch".into(),
        forward_to: Some(format!("{}/webhooks/stripe", app.address)),
        public_url: stripe_url,
    });
    let paypal = FakePayPal::new(FakePayPalConfig {
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        webhook_id: WEBHOOK_ID.into(),
        forward_to: Some(format!("{}/webhooks/paypal", app.address)),
        public_url: paypal_url,
        token_ttl: 32_400,
    });
    let (stripe_router, paypal_router) = (stripe.router(), paypal.router());
    tokio::spawn(async move { axum::serve(stripe_listener, stripe_router).await.unwrap() });
    tokio::spawn(async move { axum::serve(paypal_listener, paypal_router).await.unwrap() });
    (app, stripe, paypal)
}

async fn pay_with(app: &TestApp, number: &str, key: &str, method: &str) -> common::Answer {
    call(
        app,
        "orders/pay",
        &[("number", number), ("key", key), ("method", method)],
        None,
    )
    .await
}

#[tokio::test]
async fn switching_from_card_to_paypal_leaves_one_payable_checkout() {
    let (app, stripe, paypal) = card_and_paypal_app().await;
    let (sku, _) = sku_with_stock(&app, 3, 8).await;
    let (number, key, stripe_url) = place(&app, form(&sku, 1, "tok-switch-0000001")).await;
    let session = stripe_url.rsplit('/').next().unwrap().to_string();
    assert_eq!(order_row(&app, &number).await.1, "stripe");
    let (_, view) = order(&app, &number, &key, None).await;
    assert_eq!(view["payment_method"], "Card");
    assert_eq!(view["other_methods"][0]["name"], "paypal");

    // "Pay with PayPal instead": the Stripe session is closed, a PayPal order opened.
    let a = pay_with(&app, &number, &key, "paypal").await;
    assert_eq!(a.status, 200, "{}", a.body);
    let paypal_url: String = serde_json::from_str(&a.body).unwrap();
    assert!(paypal_url.contains("/checkoutnow?token="), "{paypal_url}");
    assert_eq!(stripe.session(&session).unwrap()["status"], "expired");
    let (status, provider, _, _) = order_row(&app, &number).await;
    assert_eq!((status.as_str(), provider.as_str()), ("pending", "paypal"));
    // The expired session's webhook does not cancel the order: it is no longer its checkout.
    assert!(stripe
        .events()
        .iter()
        .any(|e| e["type"] == "checkout.session.expired"));
    let (_, view) = order(&app, &number, &key, None).await;
    assert_eq!(view["status"], "Pending");
    assert_eq!(view["payment_method"], "PayPal");
    assert_eq!(view["pay_url"], paypal_url.as_str());
    // Asking again returns the same PayPal checkout; the old Stripe page cannot be paid.
    let again = pay_with(&app, &number, &key, "paypal").await;
    assert_eq!(
        serde_json::from_str::<String>(&again.body).unwrap(),
        paypal_url
    );
    assert_eq!(count(&paypal, "POST /v2/checkout/orders"), 1);
    app.client.post(&stripe_url).send().await.unwrap();
    assert!(!stripe
        .events()
        .iter()
        .any(|e| e["type"] == "checkout.session.completed"));

    // Paid through PayPal, once.
    approve(&app, &paypal, &paypal_id(&paypal_url)).await;
    let (status, provider, _, _) = order_row(&app, &number).await;
    assert_eq!((status.as_str(), provider.as_str()), ("paid", "paypal"));
    assert_eq!(stock(&app, &sku).await, (2, 0));
    // A method the store does not offer is a clear mistake.
    let (number, key, _) = place(&app, form(&sku, 1, "tok-switch-0000002")).await;
    let a = pay_with(&app, &number, &key, "bitcoin").await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn a_card_payment_made_before_the_switch_wins_and_nothing_else_opens() {
    let (app, stripe, paypal) = card_and_paypal_app().await;
    let (sku, _) = sku_with_stock(&app, 3, 9).await;
    let (number, key, stripe_url) = place(&app, form(&sku, 1, "tok-switch-0000003")).await;
    // Paid on Stripe's page, its webhook not yet arrived, the shopper asks for PayPal.
    stripe.hold_webhooks(true);
    app.client.post(&stripe_url).send().await.unwrap();
    assert_eq!(order_row(&app, &number).await.0, "pending");
    let a = pay_with(&app, &number, &key, "paypal").await;
    assert_eq!(a.status, 409, "{}", a.body);
    let (status, provider, _, payment_id) = order_row(&app, &number).await;
    assert_eq!(status, "paid");
    assert_eq!(
        provider, "paypal",
        "switched, then paid through the card checkout it had"
    );
    assert!(payment_id.unwrap().starts_with("pi_"));
    assert_eq!(count(&paypal, "POST /v2/checkout/orders"), 0);
    // The late Stripe webhook changes nothing.
    stripe.hold_webhooks(false);
    let event = stripe
        .events()
        .into_iter()
        .find(|e| e["type"] == "checkout.session.completed")
        .unwrap();
    let body = serde_json::to_vec(&event).unwrap();
    let signature =
        app::payments::signature::sign("whsec_oxcart_switch", app::payments::now_secs(), &body);
    let res = app
        .client
        .post(format!("{}/webhooks/stripe", app.address))
        .header("stripe-signature", signature)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(history_count(&app, &number, "paid").await, 1);
    assert_eq!(stock(&app, &sku).await, (2, 0));
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn a_refund_made_in_paypals_dashboard_is_recorded_once() {
    let (app, fake) = paypal_app(WEBHOOK_ID).await;
    let (sku, _) = sku_with_stock(&app, 3, 10).await;
    let (number, key, pay_url) = place(&app, paypal_form(&sku, 1, "tok-paypal-dash-00001")).await;
    approve(&app, &fake, &paypal_id(&pay_url)).await;
    let (_, view) = order(&app, &number, &key, None).await;
    assert_eq!(view["status"], "Paid");
    let total = view["total"]["minor"].as_i64().unwrap();
    let capture = order_row(&app, &number).await.3.unwrap();

    // The merchant refunds 5.00 in PayPal: the event records it, once however often it comes.
    fake.refund_from_dashboard(&capture, Some(500))
        .await
        .unwrap();
    assert_eq!(order_row(&app, &number).await.2, 500);
    let event = fake.events().pop().unwrap();
    assert_eq!(event["event_type"], "PAYMENT.CAPTURE.REFUNDED");
    assert_eq!(fake.deliver(&event).await, Some(200));
    // The same refund under another event id (PayPal resends with new ids sometimes).
    let mut resent = event.clone();
    resent["id"] = "WH-RESENT-0000000000000".into();
    assert_eq!(fake.deliver(&resent).await, Some(200));
    assert_eq!(order_row(&app, &number).await.2, 500);
    let (reason,): (String,) = sqlx::query_as(
        "SELECT r.reason FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.number = $1",
    )
    .bind(&number)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(reason.contains("paypal"), "{reason}");

    // Then the rest: the order is Refunded and its unit back on the shelf (never shipped).
    fake.refund_from_dashboard(&capture, None).await.unwrap();
    let (status, _, refunded, _) = order_row(&app, &number).await;
    assert_eq!((status.as_str(), refunded), ("refunded", total));
    assert_eq!(stock(&app, &sku).await, (3, 0));
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn an_approval_whose_webhooks_and_return_were_lost_is_captured_before_the_hold_ends() {
    // The shopper approves and closes the tab; every webhook is lost. Before the hold ends the
    // sweeper asks PayPal, captures, and the sale is kept instead of cancelled.
    let (app, fake) = paypal_app_holding(WEBHOOK_ID, 12).await;
    let (sku, _) = sku_with_stock(&app, 3, 11).await;
    let (number, _, pay_url) = place(&app, paypal_form(&sku, 1, "tok-paypal-sweep-0001")).await;
    fake.hold_webhooks(true);
    approve(&app, &fake, &paypal_id(&pay_url)).await;
    let mut status = String::new();
    for _ in 0..200 {
        status = order_row(&app, &number).await.0;
        if status != "pending" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, "paid");
    assert_eq!(stock(&app, &sku).await, (2, 0));
    assert_ledger_balanced(&app).await;
}
