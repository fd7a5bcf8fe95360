//! Money going back, attacked: concurrent refunds of one order never ask the provider for more
//! than was paid (review finding 5), a provider that does not answer leaves the refund pending,
//! visible and retried until it succeeds, with the shopper told "pending" until then (finding
//! 6), distinct payment events of one order arriving together never deadlock (finding 13), and
//! a payment of another amount or currency never marks an order paid (finding 12).

mod common;

use common::shop::{assert_ledger_balanced, choose, form, order, parse, place, sku_with_stock};
use common::{call, fetch, redis, sign_in, spawn_app_with, TestApp};
use redis::AsyncCommands;
use serde_json::json;

const SECRET: &str = "whsec_refunds";

async fn app() -> TestApp {
    let app = spawn_app_with(|s| {
        s.test_payments_secret = server::config::Secret::new(SECRET);
        s.reservation_sweep_ms = 100;
    })
    .await;
    app::auth::accounts::load_demo_accounts(&app.db)
        .await
        .unwrap();
    app
}

/// A paid guest order: (number, key, total in minor units).
async fn paid_order(app: &TestApp, sku: &str, token: &str) -> (String, String, i64) {
    let (number, key, pay) = place(app, form(sku, 1, token)).await;
    assert_eq!(choose(app, &pay, "pay").await.0, 303);
    let (_, view) = order(app, &number, &key, None).await;
    assert_eq!(view["status"], "Paid");
    (number, key, view["total"]["minor"].as_i64().unwrap())
}

/// What the test provider really refunded, in minor units (it refunds once per key).
async fn refunded_by_provider(app: &TestApp) -> i64 {
    let mut r = redis().await;
    let made: Option<i64> = r
        .get(format!("{}:test-provider:refunds-made", app.redis_prefix))
        .await
        .unwrap();
    made.unwrap_or(0)
}

async fn provider_down(app: &TestApp, down: bool) {
    let mut r = redis().await;
    let key = format!("{}:test-provider:refunds-down", app.redis_prefix);
    if down {
        let _: () = r.set(key, 1).await.unwrap();
    } else {
        let _: () = r.del(key).await.unwrap();
    }
}

fn major(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

async fn refund(app: &TestApp, cookie: &str, number: &str, minor: i64) -> (u16, String) {
    let amount = major(minor);
    let a = call(
        app,
        "admin/orders/refund",
        &[("number", number), ("amount", &amount), ("reason", "race")],
        Some(cookie),
    )
    .await;
    (a.status, a.body)
}

async fn refunded_minor(app: &TestApp, number: &str) -> i64 {
    sqlx::query_scalar("SELECT refunded_minor FROM orders WHERE number = $1")
        .bind(number)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn concurrent_refunds_never_pay_out_more_than_was_paid() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 20, 0).await;
    let cookie = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;

    // Five full refunds of one order at once: one goes through.
    let (number, _, total) = paid_order(&app, &sku, "tok-refund-race-0001").await;
    let tasks: Vec<_> = (0..5)
        .map(|_| {
            let (app, cookie, number) = (&app, cookie.clone(), number.clone());
            async move { refund(app, &cookie, &number, total).await }
        })
        .collect();
    let answers = futures_join(tasks).await;
    let ok = answers.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(ok, 1, "{answers:?}");
    assert!(
        answers.iter().all(|(s, _)| *s == 200 || *s == 422),
        "{answers:?}"
    );
    assert_eq!(refunded_by_provider(&app).await, total);
    assert_eq!(refunded_minor(&app, &number).await, total);

    // Two 60 % refunds at once: the second finds only 40 % left.
    let before = refunded_by_provider(&app).await;
    let (number, _, total) = paid_order(&app, &sku, "tok-refund-race-0002").await;
    let sixty = total * 6 / 10;
    let tasks: Vec<_> = (0..2)
        .map(|_| {
            let (app, cookie, number) = (&app, cookie.clone(), number.clone());
            async move { refund(app, &cookie, &number, sixty).await }
        })
        .collect();
    let answers = futures_join(tasks).await;
    assert_eq!(
        answers.iter().filter(|(s, _)| *s == 200).count(),
        1,
        "{answers:?}"
    );
    let refused = answers
        .iter()
        .find(|(s, _)| *s == 422)
        .expect("one refused");
    assert!(refused.1.contains("can still be refunded"), "{}", refused.1);
    assert_eq!(refunded_by_provider(&app).await - before, sixty);

    // A shopper's cancel racing a staff refund of the whole order: paid out once.
    let before = refunded_by_provider(&app).await;
    let (number, key, total) = paid_order(&app, &sku, "tok-refund-race-0003").await;
    let cancel = {
        let (app, number, key) = (&app, number.clone(), key.clone());
        async move {
            let a = call(
                app,
                "orders/cancel",
                &[("number", &number), ("key", &key)],
                None,
            )
            .await;
            (a.status, a.body)
        }
    };
    let staff = refund(&app, &cookie, &number, total);
    let (cancelled, refunded) = tokio::join!(cancel, staff);
    assert!(
        cancelled.0 == 200 || refunded.0 == 200,
        "{cancelled:?} {refunded:?}"
    );
    assert_eq!(refunded_by_provider(&app).await - before, total);
    assert_eq!(refunded_minor(&app, &number).await, total);

    // The books: every order's refunds add up to its refunded amount, never past its total.
    let off: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM orders o WHERE o.refunded_minor <> coalesce((SELECT sum(amount_minor)
           FROM refunds r WHERE r.order_id = o.id AND r.status = 'succeeded'), 0)
           OR o.refunded_minor > o.total_minor",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(off, 0);
    assert_ledger_balanced(&app).await;
}

async fn open_refunds(app: &TestApp, cookie: &str) -> serde_json::Value {
    let a = fetch(app, "admin/refunds/open", Some(cookie)).await;
    assert_eq!(a.status, 200, "{}", a.body);
    parse(&a.body)
}

async fn wait_until_refunded(app: &TestApp, number: &str, minor: i64) {
    for _ in 0..200 {
        if refunded_minor(app, number).await == minor {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{number} was not refunded {minor} within 10 s");
}

#[tokio::test]
async fn a_refund_the_provider_does_not_confirm_stays_pending_and_is_retried() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 20, 1).await;
    let cookie = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let (number, _, total) = paid_order(&app, &sku, "tok-refund-down-0001").await;

    // The provider does not answer: the admin is told the truth, nothing is booked yet.
    provider_down(&app, true).await;
    let (status, body) = refund(&app, &cookie, &number, 500).await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body.contains("did not answer") && body.contains("pending"),
        "{body}"
    );
    assert_eq!(refunded_minor(&app, &number).await, 0);
    let open = open_refunds(&app, &cookie).await;
    assert_eq!(open[0]["order_number"], number.as_str());
    assert_eq!(open[0]["status"], "pending");
    // What is pending counts: the rest of the order is all that can still be asked for.
    let (status, body) = refund(&app, &cookie, &number, total).await;
    assert_eq!(status, 422, "{body}");
    // Only admins see the list.
    assert_eq!(fetch(&app, "admin/refunds/open", None).await.status, 401);

    // Back up: the sweeper retries with the same key; paid out once, booked once.
    provider_down(&app, false).await;
    sqlx::query("UPDATE refunds SET next_attempt_at = now()")
        .execute(&app.db)
        .await
        .unwrap();
    wait_until_refunded(&app, &number, 500).await;
    assert_eq!(refunded_by_provider(&app).await, 500);
    assert!(open_refunds(&app, &cookie)
        .await
        .as_array()
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn a_cancelled_paid_order_is_refunded_even_when_the_provider_is_down_at_first() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 20, 2).await;
    let cookie = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let (number, key, total) = paid_order(&app, &sku, "tok-refund-cancel-01").await;
    provider_down(&app, true).await;
    let a = call(
        &app,
        "orders/cancel",
        &[("number", &number), ("key", &key)],
        None,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    // The shopper is told the refund is pending, not that it was made.
    let cancelled = app.wait_for_mail("grace@example.com", 3).await;
    assert!(
        cancelled.text.contains("refund is pending"),
        "{}",
        cancelled.text
    );
    assert!(
        !cancelled.text.contains("is refunded"),
        "{}",
        cancelled.text
    );
    assert_eq!(open_refunds(&app, &cookie).await[0]["status"], "pending");

    provider_down(&app, false).await;
    sqlx::query("UPDATE refunds SET next_attempt_at = now()")
        .execute(&app.db)
        .await
        .unwrap();
    wait_until_refunded(&app, &number, total).await;
    assert_eq!(
        order(&app, &number, &key, None).await.1["status"],
        "Refunded"
    );
    let issued = app.wait_for_mail("grace@example.com", 4).await;
    assert!(
        issued.text.contains("refund has been issued"),
        "{}",
        issued.text
    );
    assert_eq!(refunded_by_provider(&app).await, total);
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn a_full_refund_before_shipping_puts_the_units_back() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 5, 3).await;
    let cookie = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let (number, _, total) = paid_order(&app, &sku, "tok-refund-restock-1").await;
    assert_eq!(common::shop::stock(&app, &sku).await, (4, 0));
    let (status, body) = refund(&app, &cookie, &number, total).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(parse(&body)["order"]["status"], "Refunded");
    assert_eq!(common::shop::stock(&app, &sku).await, (5, 0));
    assert_ledger_balanced(&app).await;
}

/// Signs and posts an event about `reference` to the test provider's webhook.
async fn post_event(app: &TestApp, id: &str, kind: &str, object: &serde_json::Value) -> u16 {
    let event = app::payments::events::build_event(id, kind, object, 0);
    let body = serde_json::to_vec(&event).unwrap();
    let signature = app::payments::signature::sign(SECRET, app::payments::now_secs(), &body);
    app.client
        .post(format!("{}/webhooks/test", app.address))
        .header("stripe-signature", signature)
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn session(reference: &str, number: &str, total: i64, currency: &str) -> serde_json::Value {
    app::payments::events::build_session(&app::payments::events::SessionFacts {
        id: reference,
        order_id: 1,
        order_number: number,
        currency,
        amount_subtotal: total,
        amount_total: total,
        email: "grace@example.com",
        success_url: "x",
        cancel_url: "x",
        url: "x",
        expires_at: 0,
        created: 0,
    })
}

#[tokio::test]
async fn distinct_events_of_one_order_arriving_together_never_fail() {
    let app = app().await;
    for round in 0..3 {
        let (sku, _) = sku_with_stock(&app, 10, 4 + round).await;
        let (number, key, pay) =
            place(&app, form(&sku, 1, &format!("tok-event-race-{round:04}"))).await;
        let reference = pay.rsplit('/').next().unwrap().to_string();
        let total = order(&app, &number, &key, None).await.1["total"]["minor"]
            .as_i64()
            .unwrap();
        let open = session(&reference, &number, total, "USD");
        let mut paid = open.clone();
        app::payments::events::merge(
            &mut paid,
            json!({"status": "complete", "payment_status": "paid", "payment_intent": format!("pi_race_{round}")}),
        );
        let mut expired = open.clone();
        app::payments::events::merge(&mut expired, json!({"status": "expired"}));
        let events = [
            ("checkout.session.completed", paid.clone()),
            ("checkout.session.expired", expired.clone()),
            ("checkout.session.async_payment_succeeded", paid.clone()),
            ("checkout.session.async_payment_failed", open.clone()),
            ("checkout.session.completed", paid.clone()),
        ];
        let tasks: Vec<_> = events
            .iter()
            .enumerate()
            .map(|(i, (kind, object))| {
                let app = &app;
                let id = format!("evt_race_{round}_{i}");
                async move { post_event(app, &id, kind, object).await }
            })
            .collect();
        let statuses = futures_join(tasks).await;
        assert_eq!(statuses, vec![200; 5], "round {round}");
        // Whatever order they were applied in, the order is consistent: paid, or cancelled
        // with its money refunded.
        let (_, view) = order(&app, &number, &key, None).await;
        let status = view["status"].as_str().unwrap().to_string();
        let refunded = refunded_minor(&app, &number).await;
        assert!(
            status == "Paid"
                || (status == "Refunded" && refunded == total)
                || status == "Cancelled",
            "round {round}: {status}, refunded {refunded}"
        );
        if status == "Cancelled" {
            // Cancelled before the money arrived and not refunded would be money kept.
            let paid: Option<String> =
                sqlx::query_scalar("SELECT payment_id FROM orders WHERE number = $1")
                    .bind(&number)
                    .fetch_one(&app.db)
                    .await
                    .unwrap();
            assert!(
                paid.is_none(),
                "round {round}: cancelled with a payment, unrefunded"
            );
        }
    }
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn a_payment_of_another_amount_or_currency_never_marks_an_order_paid() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 10, 8).await;
    let (number, key, pay) = place(&app, form(&sku, 1, "tok-amount-check-01")).await;
    let reference = pay.rsplit('/').next().unwrap().to_string();
    let total = order(&app, &number, &key, None).await.1["total"]["minor"]
        .as_i64()
        .unwrap();
    for (i, (amount, currency)) in [(1, "EUR"), (total, "EUR"), (1, "USD")].iter().enumerate() {
        let mut paid = session(&reference, &number, *amount, currency);
        app::payments::events::merge(
            &mut paid,
            json!({"status": "complete", "payment_status": "paid", "payment_intent": "pi_forged"}),
        );
        let id = format!("evt_amount_{i}");
        assert_eq!(
            post_event(&app, &id, "checkout.session.completed", &paid).await,
            200
        );
        assert_eq!(
            order(&app, &number, &key, None).await.1["status"],
            "Pending"
        );
    }
    // One internal note per refused event, even when an event is delivered again.
    let mut resent = session(&reference, &number, 1, "EUR");
    app::payments::events::merge(
        &mut resent,
        json!({"status": "complete", "payment_status": "paid", "payment_intent": "pi_forged"}),
    );
    assert_eq!(
        post_event(&app, "evt_amount_0", "checkout.session.completed", &resent).await,
        200
    );
    let notes: Vec<String> = sqlx::query_scalar(
        "SELECT h.note FROM order_history h JOIN orders o ON o.id = h.order_id WHERE o.number = $1 AND h.internal AND h.note LIKE '%not applied%' ORDER BY h.id",
    )
    .bind(&number)
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(
        notes[0].contains("evt_amount_0") && notes[0].contains("charged 1 eur"),
        "{notes:?}"
    );
    // A live-mode event for the test provider's (test) key is refused outright.
    let mut live = session(&reference, &number, total, "USD");
    app::payments::events::merge(
        &mut live,
        json!({"status": "complete", "payment_status": "paid"}),
    );
    let mut event =
        app::payments::events::build_event("evt_live", "checkout.session.completed", &live, 0);
    event["livemode"] = json!(true);
    let body = serde_json::to_vec(&event).unwrap();
    let signature = app::payments::signature::sign(SECRET, app::payments::now_secs(), &body);
    let status = app
        .client
        .post(format!("{}/webhooks/test", app.address))
        .header("stripe-signature", signature)
        .body(body)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 400);
    // The right amount, at last, is applied.
    let mut paid = session(&reference, &number, total, "USD");
    app::payments::events::merge(
        &mut paid,
        json!({"status": "complete", "payment_status": "paid", "payment_intent": "pi_real"}),
    );
    assert_eq!(
        post_event(&app, "evt_amount_ok", "checkout.session.completed", &paid).await,
        200
    );
    assert_eq!(order(&app, &number, &key, None).await.1["status"], "Paid");
}

/// Runs the futures concurrently on this task (they borrow the app).
async fn futures_join<T>(tasks: Vec<impl std::future::Future<Output = T>>) -> Vec<T> {
    let mut pinned: Vec<_> = tasks.into_iter().map(Box::pin).collect();
    let mut out: Vec<Option<T>> = (0..pinned.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if out[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => out[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().map(|v| v.unwrap()).collect()
}

#[tokio::test]
async fn a_refund_being_sent_is_not_sent_again_by_the_sweeper() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 20, 1).await;
    let (number, _, _) = paid_order(&app, &sku, "tok-refund-lease-0001").await;
    let order_id: i64 = sqlx::query_scalar("SELECT id FROM orders WHERE number = $1")
        .bind(&number)
        .fetch_one(&app.db)
        .await
        .unwrap();
    // Reserved by a caller that is about to ask the provider: not due for the sweeper.
    let reserved = app::db::orders::reserve_refund(
        &app.db,
        order_id,
        app::db::orders::RefundAmount::Exactly(300),
        false,
        "test",
        "lease",
    )
    .await
    .unwrap();
    assert!(matches!(reserved, app::db::orders::Reserved::Refund(_)));
    assert!(app::db::orders::claim_due_refunds(&app.db, 10)
        .await
        .unwrap()
        .is_empty());
    // A caller that died before settling it: once the lease ends, the sweeper sends it.
    sqlx::query("UPDATE refunds SET next_attempt_at = now()")
        .execute(&app.db)
        .await
        .unwrap();
    wait_until_refunded(&app, &number, 300).await;
    assert_eq!(refunded_by_provider(&app).await, 300);
}
