//! Checkout over HTTP: quote, place (idempotent, out of stock, changed totals, bad input), the
//! test provider's hosted page (pay, decline, abandon), the webhook (signatures, staleness,
//! duplicates, unknown types and orders), order pages and who may see them, and the sweeper.

mod common;

use common::shop::{
    assert_ledger_balanced, choose, form, order, parse, place, sku_with_stock, stock,
};
use common::{call, call_json, fetch, pair, sign_up, spawn_app_with, TestApp, ORIGIN};
use serde_json::json;

const SECRET: &str = "whsec_test_checkout_secret";

async fn app() -> TestApp {
    spawn_app_with(|s| {
        s.test_payments_secret = server::config::Secret::new(SECRET);
        s.reservation_sweep_ms = 100;
    })
    .await
}

#[tokio::test]
async fn an_order_event_delivered_twice_is_emailed_once() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 5, 0).await;
    let (number, _, pay_path) = place(&app, form(&sku, 1, "tok-twice-000001")).await;
    app.wait_for_mail("grace@example.com", 1).await;
    app.wait_for_receipts("order-mail", 1).await;
    // The relay publishes order.placed again (it crashed before marking it published); then
    // the order is paid.
    app.replay_event("order.placed").await;
    assert_eq!(choose(&app, &pay_path, "pay").await.0, 303);
    let paid = app.wait_for_mail("grace@example.com", 2).await;
    assert!(paid.subject.ends_with("paid"), "{}", paid.subject);
    app.wait_for_receipts("order-mail", 2).await;
    let mails = app.mails_to("grace@example.com");
    assert_eq!(mails.len(), 2, "one email per event");
    assert!(mails[0].subject.contains(&number));
    let queued: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE recipient = $1")
        .bind("grace@example.com")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(queued, 2);
}

#[tokio::test]
async fn a_guests_orders_join_the_account_made_with_their_address() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 5, 0).await;
    let (number, key, _) = place(&app, form(&sku, 1, "tok-joins-000001")).await;
    // Another guest's order stays theirs.
    let mut other = form(&sku, 1, "tok-joins-000002");
    other["form"]["email"] = json!("someone@example.com");
    let (theirs, _, _) = place(&app, other).await;
    let (_, view) = order(&app, &number, &key, None).await;
    assert_eq!(view["guest"], true, "the page offers an account");
    // Both confirmations are out (they follow the orders' events).
    app.wait_for_mail("grace@example.com", 1).await;
    app.wait_for_mail("someone@example.com", 1).await;

    // The shopper makes an account with the order's address (the emailed link proves it).
    let cookie = pair(&sign_up(&app, "Grace@Example.com").await.cookie.unwrap());
    let mine = parse(&fetch(&app, "orders/mine", Some(&cookie)).await.body);
    let numbers: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["summary"]["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, [number.as_str()]);
    assert_eq!(mine[0]["lines"][0]["quantity"], 1, "{mine}");
    assert!(mine[0]["lines"][0]["name"].is_string(), "{mine}");
    let (status, view) = order(&app, &number, "", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert_eq!(view["guest"], false);
    // The emailed private link still opens it; the other guest's order is not theirs.
    assert_eq!(order(&app, &number, &key, None).await.0, 200);
    assert_eq!(order(&app, &theirs, "", Some(&cookie)).await.0, 404);

    // An account that moves to the other guest's address gets their order once it confirms
    // the address from the emailed link (not before).
    let a = call(
        &app,
        "account/email",
        &[
            ("email", "someone@example.com"),
            ("password", "violet otter lamp"),
        ],
        Some(&cookie),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(order(&app, &theirs, "", Some(&cookie)).await.0, 404);
    let verify = app.wait_for_mail("someone@example.com", 2).await;
    assert_eq!(verify.kind, "verify-email");
    let token = common::link_token(&verify.text, "verify");
    let a = call(&app, "account/verify-email", &[("token", &token)], None).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(order(&app, &theirs, "", Some(&cookie)).await.0, 200);
}

#[tokio::test]
async fn an_account_buys_one_of_its_orders_again() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 5, 0).await;
    let (number, _, _) = place(&app, form(&sku, 2, "tok-again-000001")).await;
    let mut other = form(&sku, 1, "tok-again-000002");
    other["form"]["email"] = json!("someone@example.com");
    let (theirs, _, _) = place(&app, other).await;
    app.wait_for_mail("grace@example.com", 1).await;
    let cookie = pair(&sign_up(&app, "grace@example.com").await.cookie.unwrap());

    // Only the signed-in owner can put an order back in their cart.
    let again = |number: String, cookie: Option<String>| {
        let app = &app;
        async move {
            call(
                app,
                "cart/buy-again",
                &[("number", &number)],
                cookie.as_deref(),
            )
            .await
        }
    };
    assert_eq!(again(number.clone(), None).await.status, 401);
    assert_eq!(
        again(theirs.clone(), Some(cookie.clone())).await.status,
        404
    );
    let a = again(number.clone(), Some(cookie.clone())).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let cart = parse(&a.body);
    assert_eq!(
        cart["lines"],
        json!([{ "sku": sku, "quantity": 2 }]),
        "{cart}"
    );
    assert_eq!(cart["view"]["item_count"], 2);

    // Without JavaScript the browser is sent to the cart.
    let req = app
        .client
        .post(format!("{}/api/cart/buy-again", app.address))
        .form(&[("number", number.as_str())]);
    let reply = common::send(req, Some(&cookie), "text/html,application/xhtml+xml").await;
    assert_eq!(reply.status, 302);
    assert_eq!(reply.location(), "/cart");

    // A line the store no longer has is named, not added.
    sqlx::query("UPDATE variants SET stock_on_hand = stock_reserved WHERE sku = $1")
        .bind(&sku)
        .execute(&app.db)
        .await
        .unwrap();
    let a = again(number, Some(cookie)).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let cart = parse(&a.body);
    let notices = cart["view"]["notices"].to_string();
    assert!(notices.contains("out of stock"), "{cart}");
}

#[tokio::test]
async fn a_guest_checks_out_and_pays_with_the_test_provider() {
    let app = app().await;
    let (sku, price) = sku_with_stock(&app, 5, 0).await;

    let q = call_json(
        &app,
        "checkout/quote",
        json!({"lines": [{"sku": sku, "quantity": 2}], "country": "US", "region": "CA", "method": "express"}),
        None,
    )
    .await;
    assert_eq!(q.status, 200, "{}", q.body);
    let quote = parse(&q.body);
    let subtotal = price * 2;
    let tax = app::domain::order::tax_on(subtotal + 1999, 725);
    assert_eq!(quote["totals"]["subtotal"]["minor"], subtotal);
    assert_eq!(quote["totals"]["shipping"]["minor"], 1999);
    assert_eq!(quote["totals"]["tax"]["minor"], tax);
    assert_eq!(quote["totals"]["total"]["minor"], subtotal + 1999 + tax);
    assert_eq!(quote["shipping_options"].as_array().unwrap().len(), 2);

    let mut body = form(&sku, 2, "tok-guest-checkout-0001");
    body["form"]["method"] = json!("express");
    body["form"]["expected_total"] = quote["totals"]["total"]["minor"].clone();
    let (number, key, pay_path) = place(&app, body.clone()).await;
    assert!(
        pay_path.starts_with("/pay/test/cs_test_oxcart_"),
        "{pay_path}"
    );
    assert_eq!(stock(&app, &sku).await, (5, 2));
    // A double submit is the same order.
    let (again, _, again_pay) = {
        let a = call_json(&app, "checkout/place", body, None).await;
        assert_eq!(a.status, 200, "{}", a.body);
        let p = parse(&a.body);
        (
            p["number"].as_str().unwrap().to_string(),
            (),
            p["pay_url"]
                .as_str()
                .unwrap()
                .trim_start_matches(ORIGIN)
                .to_string(),
        )
    };
    assert_eq!(
        (again.as_str(), again_pay.as_str()),
        (number.as_str(), pay_path.as_str())
    );
    assert_eq!(stock(&app, &sku).await, (5, 2));

    // The hosted page shows the order's real total.
    let page = app.get(&pay_path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&number));
    let total =
        app::domain::money::Money::new(subtotal + 1999 + tax, app::domain::money::Currency::Usd);
    assert!(page.body.contains(&total.to_string()), "{}", page.body);

    let (status, location) = choose(&app, &pay_path, "pay").await;
    assert_eq!(status, 303);
    assert!(
        location.contains(&format!(
            "/orders/{number}?key={key}&session=cs_test_oxcart_"
        )),
        "{location}"
    );
    let (status, view) = order(&app, &number, &key, None).await;
    assert_eq!(status, 200);
    assert_eq!(view["status"], "Paid");
    assert_eq!(view["email"], "grace@example.com");
    assert_eq!(view["total"]["minor"], subtotal + 1999 + tax);
    assert_eq!(stock(&app, &sku).await, (3, 0), "the sale left stock once");
    // The confirmation email (sent on the order.placed event) carries a private link, with a
    // key of its own (only hashes are kept) that opens the order; so does the "paid" email.
    let prefix = format!("/orders/{number}?key=");
    let key_in = |mail: &server::mail::MailboxEntry| -> String {
        let at = mail
            .text
            .find(&prefix)
            .expect("the email links to the order")
            + prefix.len();
        let found: String = mail.text[at..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect();
        assert_eq!(found.len(), 64, "{}", mail.text);
        assert!(mail.html.contains(&format!("{prefix}{found}")));
        found
    };
    let placed = app.wait_for_mail("grace@example.com", 1).await;
    assert!(placed.subject.contains(&number));
    // It says what was bought (with its picture) and where it ships, in the store's layout.
    assert!(
        placed
            .text
            .contains("Ships to:\nGrace Hopper\n1 Harbor Way"),
        "{}",
        placed.text
    );
    assert!(
        placed.html.contains("<img src=\"https://shop.test/media/"),
        "{}",
        placed.html
    );
    assert!(placed.text.contains("Questions? "));
    let placed_key = key_in(&placed);
    let paid = app.wait_for_mail("grace@example.com", 2).await;
    assert!(paid.subject.ends_with("paid"), "{}", paid.subject);
    let paid_key = key_in(&paid);
    assert_ne!(paid_key, key);
    assert_ne!(paid_key, placed_key);
    for emailed in [&placed_key, &paid_key] {
        let (status, view) = order(&app, &number, emailed, None).await;
        assert_eq!(status, 200);
        assert_eq!(view["number"], number.as_str());
    }

    // Without the key, the order does not exist for others; a wrong key neither.
    assert_eq!(order(&app, &number, "", None).await.0, 404);
    assert_eq!(order(&app, &number, "0000", None).await.0, 404);
    let stranger = pair(&sign_up(&app, "stranger@example.com").await.cookie.unwrap());
    assert_eq!(order(&app, &number, "", Some(&stranger)).await.0, 404);
    // Paying twice changes nothing.
    let (status, _) = choose(&app, &pay_path, "pay").await;
    assert_eq!(status, 303);
    assert_eq!(stock(&app, &sku).await, (3, 0));
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn declined_and_abandoned_payments_give_the_stock_back() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 3, 1).await;
    let (number, key, pay_path) = place(&app, form(&sku, 1, "tok-declined-000001")).await;
    let (status, _) = choose(&app, &pay_path, "decline").await;
    assert_eq!(status, 303);
    let (_, view) = order(&app, &number, &key, None).await;
    assert_eq!(view["status"], "Cancelled");
    assert_eq!(stock(&app, &sku).await, (3, 0));

    // Abandoned: pending until the reservation ends, then the sweeper releases it.
    let (number, key, pay_path) = place(&app, form(&sku, 2, "tok-abandoned-00001")).await;
    let (status, location) = choose(&app, &pay_path, "abandon").await;
    assert_eq!(status, 303);
    assert!(location.ends_with("cancelled=1"), "{location}");
    assert_eq!(
        order(&app, &number, &key, None).await.1["status"],
        "Pending"
    );
    assert_eq!(stock(&app, &sku).await, (3, 2));
    sqlx::query("UPDATE orders SET reserved_until = now() - interval '1 second' WHERE number = $1")
        .bind(&number)
        .execute(&app.db)
        .await
        .unwrap();
    for _ in 0..100 {
        if stock(&app, &sku).await == (3, 0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        stock(&app, &sku).await,
        (3, 0),
        "the sweeper released the stock"
    );
    assert_eq!(
        order(&app, &number, &key, None).await.1["status"],
        "Cancelled"
    );
    // Money that still arrives for the cancelled order (here the hosted page outlived the
    // reservation, which the test cut short) is refunded in full; no stock is taken.
    let (_, location) = choose(&app, &pay_path, "pay").await;
    assert!(location.contains(&number));
    let (_, view) = order(&app, &number, &key, None).await;
    assert_eq!(view["status"], "Refunded");
    assert_eq!(view["refunded"], view["total"]);
    assert_eq!(stock(&app, &sku).await, (3, 0));
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn bad_checkouts_get_clear_answers() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 1, 2).await;
    // More than is left: 409 naming what is available, nothing reserved.
    let a = call_json(
        &app,
        "checkout/place",
        form(&sku, 2, "tok-too-many-00001"),
        None,
    )
    .await;
    assert_eq!(a.status, 409, "{}", a.body);
    assert!(
        a.body.contains("OutOfStock") && a.body.contains("\"available\":1"),
        "{}",
        a.body
    );
    assert_eq!(stock(&app, &sku).await, (1, 0));
    // A total the shopper saw that is no longer true.
    let mut stale = form(&sku, 1, "tok-stale-total-01");
    stale["form"]["expected_total"] = json!(1);
    let a = call_json(&app, "checkout/place", stale, None).await;
    assert_eq!(a.status, 409);
    assert!(a.body.contains("the total is now"), "{}", a.body);
    // Field errors: 422 naming the field.
    let mut bad_email = form(&sku, 1, "tok-bad-email-0001");
    bad_email["form"]["email"] = json!("not an email");
    let a = call_json(&app, "checkout/place", bad_email, None).await;
    assert_eq!(a.status, 422);
    assert!(a.body.contains("\"field\":\"email\""), "{}", a.body);
    let mut no_city = form(&sku, 1, "tok-no-city-000001");
    no_city["form"]["address"]["city"] = json!("  ");
    let a = call_json(&app, "checkout/place", no_city, None).await;
    assert_eq!(a.status, 422);
    assert!(a.body.contains("\"field\":\"city\""), "{}", a.body);
    let mut method = form(&sku, 1, "tok-bad-method-001");
    method["form"]["method"] = json!("teleport");
    assert_eq!(
        call_json(&app, "checkout/place", method, None).await.status,
        422
    );
    let a = call_json(&app, "checkout/place", form(&sku, 1, "short"), None).await;
    assert_eq!(a.status, 422);
    let mut empty = form(&sku, 1, "tok-empty-cart-001");
    empty["form"]["lines"] = json!([]);
    assert_eq!(
        call_json(&app, "checkout/place", empty, None).await.status,
        409
    );
    let garbage = call_json(
        &app,
        "checkout/place",
        json!({"form": {"lines": "x"}}),
        None,
    )
    .await;
    assert_eq!(garbage.status, 422);
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn the_webhook_checks_signatures_and_applies_each_event_once() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 4, 3).await;
    let (number, key, pay_path) = place(&app, form(&sku, 1, "tok-webhook-00001")).await;
    let reference = pay_path.rsplit('/').next().unwrap().to_string();
    // A payment event is only applied for the order's own amount and currency.
    let total = order(&app, &number, &key, None).await.1["total"]["minor"]
        .as_i64()
        .unwrap();
    let session = app::payments::events::build_session(&app::payments::events::SessionFacts {
        id: &reference,
        order_id: 1,
        order_number: &number,
        currency: "USD",
        amount_subtotal: total,
        amount_total: total,
        email: "grace@example.com",
        success_url: "x",
        cancel_url: "x",
        url: "x",
        expires_at: 0,
        created: 0,
    });
    let mut paid = session.clone();
    app::payments::events::merge(
        &mut paid,
        json!({"status": "complete", "payment_status": "paid", "payment_intent": "pi_1"}),
    );
    let event =
        app::payments::events::build_event("evt_hook_1", "checkout.session.completed", &paid, 0);
    let body = serde_json::to_vec(&event).unwrap();
    let now = app::payments::now_secs();
    let send = |body: Vec<u8>, signature: String| {
        let client = app.client.clone();
        let url = format!("{}/webhooks/test", app.address);
        async move {
            client
                .post(url)
                .header("stripe-signature", signature)
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    use app::payments::signature::sign;
    // No Origin header is needed (providers send none), but the signature is.
    assert_eq!(
        send(body.clone(), sign("whsec_wrong", now, &body)).await,
        400
    );
    assert_eq!(
        send(body.clone(), sign(SECRET, now - 301, &body)).await,
        400,
        "stale"
    );
    assert_eq!(send(body.clone(), "t=1,v1=zz".into()).await, 400);
    let mut tampered = body.clone();
    tampered.extend_from_slice(b" ");
    assert_eq!(send(tampered, sign(SECRET, now, &body)).await, 400);
    assert_eq!(
        order(&app, &number, &key, None).await.1["status"],
        "Pending"
    );
    assert_eq!(stock(&app, &sku).await, (4, 1));

    // The same event five times at once: all answered 200, applied once.
    let signature = sign(SECRET, now, &body);
    let results = futures_join(
        (0..5)
            .map(|_| send(body.clone(), signature.clone()))
            .collect(),
    )
    .await;
    assert_eq!(results, vec![200; 5]);
    assert_eq!(stock(&app, &sku).await, (3, 0));
    let applied: i64 =
        sqlx::query_scalar("SELECT count(*) FROM payment_events WHERE event_id = 'evt_hook_1'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(applied, 1);
    let history: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM order_history h JOIN orders o ON o.id = h.order_id WHERE o.number = $1 AND h.to_status = 'paid'",
    )
    .bind(&number)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(history, 1);

    // A late expiry of a paid order changes nothing; unknown types and orders are answered 200.
    let mut expired = session.clone();
    app::payments::events::merge(&mut expired, json!({"status": "expired"}));
    for (id, kind, object) in [
        ("evt_hook_2", "checkout.session.expired", expired),
        (
            "evt_hook_3",
            "customer.created",
            json!({"object": "customer", "id": "cus_1"}),
        ),
        ("evt_hook_4", "checkout.session.completed", {
            let mut other = paid.clone();
            app::payments::events::merge(&mut other, json!({"id": "cs_unknown"}));
            other
        }),
    ] {
        let body =
            serde_json::to_vec(&app::payments::events::build_event(id, kind, &object, 0)).unwrap();
        assert_eq!(
            send(body.clone(), sign(SECRET, now, &body)).await,
            200,
            "{kind}"
        );
    }
    assert_eq!(order(&app, &number, &key, None).await.1["status"], "Paid");
    // Only the configured provider has a webhook.
    let a = app
        .client
        .post(format!("{}/webhooks/stripe", app.address))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(a.status(), 404);
    assert_ledger_balanced(&app).await;
}

async fn futures_join(
    tasks: Vec<impl std::future::Future<Output = u16> + Send + 'static>,
) -> Vec<u16> {
    let handles: Vec<_> = tasks.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn signed_in_shoppers_check_out_their_saved_cart_and_see_their_orders() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 6, 4).await;
    let cookie = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    let a = call(
        &app,
        "cart/add",
        &[("sku", &sku), ("quantity", "2")],
        Some(&cookie),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    // The browser's lines are ignored: the saved cart is what is ordered.
    let mut body = form("NO-SUCH-SKU", 9, "tok-signed-in-0001");
    body["form"]["email"] = json!("");
    let a = call_json(&app, "checkout/place", body, Some(&cookie)).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let placed = parse(&a.body);
    let number = placed["number"].as_str().unwrap();
    assert_eq!(stock(&app, &sku).await, (6, 2));
    // What was ordered left the saved cart.
    let cart = parse(&fetch(&app, "cart", Some(&cookie)).await.body);
    assert!(cart["lines"].as_array().unwrap().is_empty(), "{cart}");
    let (status, view) = order(&app, number, "", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert_eq!(view["email"], "ada@example.com");
    let mine = parse(&fetch(&app, "orders/mine", Some(&cookie)).await.body);
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["summary"]["items"], 2);
    assert_eq!(fetch(&app, "orders/mine", None).await.status, 401);

    // The shopper cancels while it awaits payment: stock comes back.
    let a = call(
        &app,
        "orders/cancel",
        &[("number", number), ("key", "")],
        Some(&cookie),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(parse(&a.body)["status"], "Cancelled");
    assert_eq!(stock(&app, &sku).await, (6, 0));
    let again = call(
        &app,
        "orders/cancel",
        &[("number", number), ("key", "")],
        Some(&cookie),
    )
    .await;
    assert_eq!(again.status, 409, "{}", again.body);

    // Staff transitions: customers (and sellers) may not; only admins move orders.
    let a = call(
        &app,
        "admin/orders/move",
        &[
            ("number", number),
            ("transition", "ship"),
            ("carrier", "UPS"),
            ("tracking", "1Z"),
            ("note", ""),
        ],
        Some(&cookie),
    )
    .await;
    assert_eq!(a.status, 403);
    let a = call(
        &app,
        "admin/orders/move",
        &[
            ("number", number),
            ("transition", "ship"),
            ("carrier", "UPS"),
            ("tracking", "1Z"),
            ("note", ""),
        ],
        None,
    )
    .await;
    assert_eq!(a.status, 401);
    assert_ledger_balanced(&app).await;
}
