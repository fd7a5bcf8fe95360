//! Order management for admins over HTTP: the filtered list, one order, the valid next steps
//! only (shipping needs a carrier and a tracking number, the customer is emailed and sees it),
//! internal notes the customer never sees, partial and full refunds through the provider, bulk
//! moves with a per-order outcome, the audit trail, and who may do any of it.

mod common;

use common::shop::{assert_ledger_balanced, choose, form, order, parse, place, sku_with_stock};
use common::{call, fetch, sign_in, spawn_app_with, TestApp};

async fn app() -> TestApp {
    let app = spawn_app_with(|s| {
        s.test_payments_secret = server::config::Secret::new("whsec_admin_orders");
    })
    .await;
    app::auth::accounts::load_demo_accounts(&app.db)
        .await
        .unwrap();
    app
}

/// A paid guest order: (number, private key).
async fn paid_order(app: &TestApp, sku: &str, token: &str, email: &str) -> (String, String) {
    let mut body = form(sku, 1, token);
    body["form"]["email"] = serde_json::json!(email);
    let (number, key, pay) = place(app, body).await;
    assert_eq!(choose(app, &pay, "pay").await.0, 303);
    (number, key)
}

async fn admin(app: &TestApp) -> String {
    sign_in(app, "admin@oxcart.test", "oxcart-admin-demo").await
}

#[tokio::test]
async fn admins_find_orders_by_status_text_and_date() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 10, 0).await;
    let (a, _) = paid_order(&app, &sku, "tok-admin-list-00001", "ann@example.com").await;
    let (b, _) = paid_order(&app, &sku, "tok-admin-list-00002", "bob@example.com").await;
    let (pending, _, _) = place(&app, form(&sku, 1, "tok-admin-list-00003")).await;
    let cookie = admin(&app).await;
    let list = |query: String| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            let a = fetch(app, &format!("admin/orders?{query}"), Some(&cookie)).await;
            (a.status, a.body)
        }
    };
    let numbers = |body: &str| -> Vec<String> {
        parse(body)["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["summary"]["number"].as_str().unwrap().to_string())
            .collect()
    };
    let (status, body) = list("status=&from=&to=&q=&page=1".into()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        numbers(&body),
        [pending.clone(), b.clone(), a.clone()],
        "newest first"
    );
    let (_, body) = list("status=paid&from=&to=&q=&page=1".into()).await;
    assert_eq!(numbers(&body), [b.clone(), a.clone()]);
    // "To ship" (paid or being prepared) reads its own partial index, with the text filter too.
    let (_, body) = list("status=to_ship&from=&to=&q=&page=1".into()).await;
    assert_eq!(numbers(&body), [b.clone(), a.clone()]);
    let (_, body) = list("status=to_ship&from=&to=&q=bob&page=1".into()).await;
    assert_eq!(numbers(&body), vec![b.clone()]);
    let (_, body) = list("status=pending&from=&to=&q=&page=1".into()).await;
    assert_eq!(numbers(&body), vec![pending.clone()]);
    // Text of any length is a part of the number or email, wildcards included literally.
    for text in ["%40example.com", "%40"] {
        let (_, body) = list(format!("status=&from=&to=&q={text}&page=1")).await;
        assert_eq!(
            numbers(&body),
            [pending.clone(), b.clone(), a.clone()],
            "{text}"
        );
    }
    let (_, body) = list("status=&from=&to=&q=%25&page=1".into()).await;
    assert!(numbers(&body).is_empty(), "{body}");
    let (_, body) = list("status=&from=&to=&q=ANN%40EXAMPLE&page=1".into()).await;
    assert_eq!(numbers(&body), vec![a.clone()]);
    let (_, body) = list(format!("status=&from=&to=&q={}&page=1", &b[3..])).await;
    assert_eq!(numbers(&body), vec![b.clone()]);
    let today = app::domain::order::format_utc(app::payments::now_secs())[..10].to_string();
    let (_, body) = list(format!("status=&from={today}&to={today}&q=&page=1")).await;
    assert_eq!(numbers(&body).len(), 3);
    let (_, body) = list("status=&from=2999-01-01&to=&q=&page=1".into()).await;
    assert!(numbers(&body).is_empty());
    let (status, body) = list("status=&from=2026-02-30&to=&q=&page=1".into()).await;
    assert_eq!(status, 422);
    assert!(body.contains("from"), "{body}");
    let (status, _) = list("status=lost&from=&to=&q=&page=1".into()).await;
    assert_eq!(status, 422);

    // Customers and sellers may not manage orders.
    for (email, password) in [
        ("customer@oxcart.test", "oxcart-customer-demo"),
        ("seller@oxcart.test", "oxcart-seller-demo"),
    ] {
        let cookie = sign_in(&app, email, password).await;
        let a = fetch(
            &app,
            "admin/orders?status=&from=&to=&q=&page=1",
            Some(&cookie),
        )
        .await;
        assert_eq!(a.status, 403, "{email}");
        let a = call(
            &app,
            "admin/orders/note",
            &[("number", &b), ("note", "x")],
            Some(&cookie),
        )
        .await;
        assert_eq!(a.status, 403, "{email}");
    }
    let a = fetch(&app, "admin/orders?status=&from=&to=&q=&page=1", None).await;
    assert_eq!(a.status, 401);
}

#[tokio::test]
async fn shipping_notes_and_refunds_follow_the_rules() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 10, 1).await;
    let (number, key) = paid_order(&app, &sku, "tok-admin-ship-00001", "cat@example.com").await;
    let cookie = admin(&app).await;
    let mv = |transition: &'static str, carrier: &'static str, tracking: &'static str| {
        let (app, cookie, number) = (&app, cookie.clone(), number.clone());
        async move {
            call(
                app,
                "admin/orders/move",
                &[
                    ("number", &number),
                    ("transition", transition),
                    ("carrier", carrier),
                    ("tracking", tracking),
                    ("note", ""),
                ],
                Some(&cookie),
            )
            .await
        }
    };
    let detail = parse(
        &fetch(
            &app,
            &format!("admin/orders/detail?number={number}"),
            Some(&cookie),
        )
        .await
        .body,
    );
    assert_eq!(detail["order"]["status"], "Paid");
    assert!(detail["payment_reference"]
        .as_str()
        .unwrap()
        .starts_with("cs_test_oxcart_"));
    let actions: Vec<&str> = detail["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a[0].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["process", "cancel"]);
    assert_eq!(detail["refundable"], true);

    // The overview leads with it: today's and the week's sales, one order to ship, and its
    // product among the best sellers; the "to ship" list has it (paid, then being prepared).
    let lead = |cookie: String| {
        let app = &app;
        async move { parse(&fetch(app, "admin/summary", Some(&cookie)).await.body)["sales"].clone() }
    };
    let sales = lead(cookie.clone()).await;
    let total = detail["order"]["total"]["minor"].as_i64().unwrap();
    assert_eq!(sales["to_ship"], 1, "{sales}");
    assert_eq!(sales["today_orders"], 1, "{sales}");
    assert_eq!(sales["today_revenue"]["minor"], total, "{sales}");
    assert_eq!(sales["week_revenue"]["minor"], total, "{sales}");
    assert_eq!(sales["top"][0]["units"], 1, "{sales}");
    let to_ship = |cookie: String| {
        let app = &app;
        async move {
            let list = fetch(
                app,
                "admin/orders?status=to_ship&from=&to=&q=&page=1",
                Some(&cookie),
            )
            .await;
            parse(&list.body)["rows"].as_array().unwrap().len()
        }
    };
    assert_eq!(to_ship(cookie.clone()).await, 1);
    let seller = common::sign_in(&app, "seller@oxcart.test", "oxcart-seller-demo").await;
    assert!(
        lead(seller).await.is_null(),
        "a seller sees no store-wide sales"
    );

    // Only valid steps: a paid order cannot ship before processing.
    assert_eq!(mv("ship", "UPS", "1Z999").await.status, 409);
    assert_eq!(mv("process", "", "").await.status, 200);
    let a = mv("ship", "UPS", "").await;
    assert_eq!(a.status, 422);
    assert!(a.body.contains("tracking"), "{}", a.body);
    let a = mv("ship", "", "1Z999").await;
    assert!(a.status == 422 && a.body.contains("carrier"), "{}", a.body);
    assert_eq!(
        to_ship(cookie.clone()).await,
        1,
        "being prepared still waits to ship"
    );
    let a = mv("ship", "UPS", "1Z999AA10123456784").await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(to_ship(cookie.clone()).await, 0);
    assert_eq!(lead(cookie.clone()).await["to_ship"], 0);
    let shipped = parse(&a.body);
    assert_eq!(shipped["order"]["status"], "Shipped");
    let shipment = &shipped["order"]["shipment"];
    assert_eq!(
        (shipment["carrier"].as_str(), shipment["tracking"].as_str()),
        (Some("UPS"), Some("1Z999AA10123456784"))
    );
    assert_eq!(
        shipment["url"],
        "https://www.ups.com/track?tracknum=1Z999AA10123456784"
    );

    // The customer is emailed and sees it, with the tracking number, but not internal notes.
    let mail = app.wait_for_mail("cat@example.com", 3).await;
    assert!(mail.subject.contains("shipped"), "{}", mail.subject);
    assert!(mail
        .text
        .contains("Shipped with UPS, tracking number 1Z999AA10123456784"));
    assert!(mail
        .html
        .contains("href=\"https://www.ups.com/track?tracknum=1Z999AA10123456784\""));
    let a = call(
        &app,
        "admin/orders/note",
        &[
            ("number", &number),
            ("note", "customer called: leave at door"),
        ],
        Some(&cookie),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(
        a.body.contains("Internal note: customer called"),
        "{}",
        a.body
    );
    assert_eq!(
        call(
            &app,
            "admin/orders/note",
            &[("number", &number), ("note", "  ")],
            Some(&cookie)
        )
        .await
        .status,
        422
    );
    let (_, seen) = order(&app, &number, &key, None).await;
    assert_eq!(seen["status"], "Shipped");
    let history = seen["history"].to_string();
    assert!(history.contains("1Z999AA10123456784"), "{history}");
    assert!(
        !history.contains("leave at door"),
        "internal notes stay internal: {history}"
    );

    // Partial refund, a refund too large, then the rest: Refunded.
    let total = shipped["order"]["total"]["minor"].as_i64().unwrap();
    let refund = |amount: String, reason: &'static str| {
        let (app, cookie, number) = (&app, cookie.clone(), number.clone());
        async move {
            call(
                app,
                "admin/orders/refund",
                &[("number", &number), ("amount", &amount), ("reason", reason)],
                Some(&cookie),
            )
            .await
        }
    };
    let a = refund("1.00".into(), "scratched box").await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(parse(&a.body)["order"]["refunded"]["minor"], 100);
    let a = refund(format!("{}.00", total / 100 + 1), "too much").await;
    assert!(a.status == 422 && a.body.contains("amount"), "{}", a.body);
    assert_eq!(refund("abc".into(), "x").await.status, 422);
    assert!(refund("2.00".into(), "").await.body.contains("reason"));
    let rest = total - 100;
    let a = refund(
        format!("{}.{:02}", rest / 100, rest % 100),
        "lost in transit",
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let done = parse(&a.body);
    assert_eq!(done["order"]["status"], "Refunded");
    assert_eq!(done["refundable"], false);
    assert!(done["actions"].as_array().unwrap().is_empty());

    // Every action is audited.
    let audit = parse(
        &fetch(
            &app,
            &format!("admin/audit?subject=order:{number}"),
            Some(&cookie),
        )
        .await
        .body,
    );
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "order.refund",
            "order.refund",
            "order.note",
            "order.ship",
            "order.process"
        ]
    );
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn bulk_moves_report_each_order() {
    let app = app().await;
    let (sku, _) = sku_with_stock(&app, 10, 2).await;
    let (a, _) = paid_order(&app, &sku, "tok-admin-bulk-00001", "dee@example.com").await;
    let (b, _) = paid_order(&app, &sku, "tok-admin-bulk-00002", "eve@example.com").await;
    let (pending, _, _) = place(&app, form(&sku, 1, "tok-admin-bulk-00003")).await;
    let cookie = admin(&app).await;
    let bulk = |numbers: Vec<String>, transition: &'static str, carrier: &'static str| {
        let (app, cookie) = (&app, cookie.clone());
        async move {
            let mut form: Vec<(String, String)> = numbers
                .iter()
                .enumerate()
                .map(|(i, n)| (format!("numbers[{i}]"), n.clone()))
                .collect();
            form.push(("transition".into(), transition.into()));
            form.push(("carrier".into(), carrier.into()));
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            call(app, "admin/orders/bulk", &form, Some(&cookie)).await
        }
    };
    let a1 = bulk(vec![a.clone(), b.clone(), pending.clone()], "process", "").await;
    assert_eq!(a1.status, 200, "{}", a1.body);
    let outcomes = parse(&a1.body);
    assert!(
        outcomes[0]["error"].is_null() && outcomes[1]["error"].is_null(),
        "{outcomes}"
    );
    assert!(
        outcomes[2]["error"]
            .as_str()
            .unwrap()
            .contains("awaiting payment"),
        "{outcomes}"
    );
    let a2 = bulk(vec![a.clone(), b.clone()], "ship", "").await;
    assert!(
        a2.status == 422 && a2.body.contains("carrier"),
        "{}",
        a2.body
    );
    let a3 = bulk(vec![a.clone(), b.clone()], "ship", "DHL").await;
    assert_eq!(a3.status, 200, "{}", a3.body);
    let (_, view) = order(&app, &a, "", Some(&cookie)).await;
    assert_eq!(view["status"], "Shipped");
    assert_eq!(bulk(vec![], "process", "").await.status, 422);
    assert_eq!(bulk(vec![a.clone()], "deliver", "").await.status, 422);
}
