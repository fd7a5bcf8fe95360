//! Launch hardening, second part, replayed from outside: the countries the store ships to and
//! the regions US, Canadian and Australian addresses need (finding 4: never 0 % tax by leaving
//! the state out), every address mistake at once, what `cart/price` tells about unpublished
//! products and stock (finding 20), the page ceiling (finding 21), the bounded merge memory
//! (finding 22), `/readyz` and the private `/metrics`, and the store's name in the shell.

mod common;

use common::shop::{form, parse, sku_with_stock, stock};
use common::{call, call_json, metrics, redis, sign_up, spawn_app, spawn_app_with, TestApp};
use serde_json::{json, Value};

async fn quote(app: &TestApp, sku: &str, country: &str, region: &str) -> (u16, Value) {
    let a = call_json(
        app,
        "checkout/quote",
        json!({"lines": [{"sku": sku, "quantity": 1}], "country": country, "region": region, "method": "standard"}),
        None,
    )
    .await;
    (a.status, parse(&a.body))
}

async fn orders(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM orders")
        .fetch_one(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_us_order_needs_its_state_and_tax_never_falls_to_zero() {
    let app = spawn_app().await;
    let (sku, _) = sku_with_stock(&app, 5, 0).await;

    // No state yet: the quote says tax is still to come instead of charging 0 %.
    let (status, q) = quote(&app, &sku, "US", "").await;
    assert_eq!(status, 200, "{q}");
    assert_eq!(q["totals"]["tax"]["minor"], 0);
    assert!(q["tax_pending"].as_str().unwrap().contains("state"), "{q}");
    // A state by code or by name gets its rate.
    for region in ["CA", "california"] {
        let (status, q) = quote(&app, &sku, "us", region).await;
        assert_eq!(status, 200, "{q}");
        assert_eq!(q["totals"]["tax_rate_bp"], 725, "{region}");
        assert_eq!(q["tax_pending"], Value::Null);
    }
    // A misspelt state is a field error, not 0 %.
    let (status, q) = quote(&app, &sku, "US", "Calif.").await;
    assert_eq!(
        (status, q["Invalid"]["field"].as_str()),
        (422, Some("region"))
    );

    // Placing without the state, or with a made-up one, is refused and writes nothing.
    for region in ["", "Calif.", "XX"] {
        let mut body = form(&sku, 1, &format!("tok-no-state-{:0>12}", region.len()));
        body["form"]["address"]["region"] = json!(region);
        let a = call_json(&app, "checkout/place", body, None).await;
        assert_eq!(a.status, 422, "{region}: {}", a.body);
        assert_eq!(parse(&a.body)["Invalid"]["field"], "region", "{}", a.body);
    }
    assert_eq!(orders(&app).await, 0);
    assert_eq!(stock(&app, &sku).await, (5, 0));

    // A state named in full is stored as its code and taxed at its rate.
    let mut body = form(&sku, 1, "tok-state-by-name-0001");
    body["form"]["address"]["region"] = json!("California");
    let a = call_json(&app, "checkout/place", body, None).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let (region, rate): (String, i32) =
        sqlx::query_as("SELECT ship_region, tax_rate_bp FROM orders")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!((region.as_str(), rate), ("CA", 725));
}

#[tokio::test]
async fn every_address_mistake_is_reported_at_once() {
    let app = spawn_app().await;
    let (sku, _) = sku_with_stock(&app, 5, 0).await;
    let mut body = form(&sku, 1, "tok-many-mistakes-0001");
    body["form"]["address"] = json!({
        "full_name": "", "line1": "1 Harbor Way", "line2": "", "city": "",
        "region": "Nowhere", "postal_code": "", "country": "US", "phone": "call me"
    });
    let a = call_json(&app, "checkout/place", body, None).await;
    assert_eq!(a.status, 422, "{}", a.body);
    let fields: Vec<String> = parse(&a.body)["Fields"]
        .as_array()
        .expect("several field errors")
        .iter()
        .map(|pair| pair[0].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        fields,
        ["full_name", "city", "region", "postal_code", "phone"]
    );
    assert_eq!(orders(&app).await, 0);
}

#[tokio::test]
async fn only_the_countries_the_store_ships_to_are_quoted_placed_or_saved() {
    let app = spawn_app_with(|s| s.ship_to = vec!["US".into(), "CA".into()]).await;
    let (sku, _) = sku_with_stock(&app, 5, 0).await;
    // Before, the quote answered 0 % for any country while placing refused it.
    for country in ["GB", "XX", ""] {
        let (status, q) = quote(&app, &sku, country, "").await;
        assert_eq!(
            (status, q["Invalid"]["field"].as_str()),
            (422, Some("country")),
            "{country}"
        );
    }
    let mut body = form(&sku, 1, "tok-ship-to-gb-000001");
    body["form"]["address"]["country"] = json!("GB");
    body["form"]["address"]["region"] = json!("");
    let a = call_json(&app, "checkout/place", body, None).await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert_eq!(parse(&a.body)["Invalid"]["field"], "country");
    assert_eq!(orders(&app).await, 0);
    // Canada needs its province from the list.
    let (status, q) = quote(&app, &sku, "CA", "Quebec").await;
    assert_eq!(status, 200, "{q}");
    assert_eq!(q["totals"]["tax_rate_bp"], 500);

    // The address book follows the same list.
    let cookie = common::pair(&sign_up(&app, "ship@example.com").await.cookie.unwrap());
    let save = |country: &'static str, region: &'static str| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            call(
                app,
                "account/addresses/save",
                &[
                    ("address[full_name]", "Ada Lovelace"),
                    ("address[line1]", "12 Market Street"),
                    ("address[line2]", ""),
                    ("address[city]", "Town"),
                    ("address[region]", region),
                    ("address[postal_code]", "10001"),
                    ("address[country]", country),
                    ("address[phone]", ""),
                ],
                Some(&cookie),
            )
            .await
        }
    };
    let refused = save("GB", "").await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("country"), "{}", refused.body);
    let no_state = save("US", "").await;
    assert_eq!(no_state.status, 422, "{}", no_state.body);
    assert!(no_state.body.contains("region"), "{}", no_state.body);
    let saved = save("US", "new york").await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let region: String = sqlx::query_scalar("SELECT region FROM addresses")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(region, "NY");
}

#[tokio::test]
async fn cart_prices_never_reveal_unpublished_products_nor_exact_stock() {
    let app = spawn_app().await;
    let (hidden, _) = sku_with_stock(&app, 50, 0).await;
    let (shown, _) = sku_with_stock(&app, 500, 1).await;
    let name: String = sqlx::query_scalar(
        "UPDATE products p SET active = false FROM variants v
         WHERE v.product_id = p.id AND v.sku = $1 RETURNING p.name",
    )
    .bind(&hidden)
    .fetch_one(&app.db)
    .await
    .unwrap();
    let a = call_json(
        &app,
        "cart/price",
        json!({"lines": [{"sku": hidden, "quantity": 1}, {"sku": shown, "quantity": 1}]}),
        None,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(
        !a.body.contains(&name),
        "the unpublished name leaked: {}",
        a.body
    );
    let view = parse(&a.body);
    assert_eq!(view["lines"].as_array().unwrap().len(), 1);
    assert_eq!(view["lines"][0]["sku"], shown.as_str());
    // 500 on hand; the cart shows no more than one line may hold.
    assert_eq!(
        view["lines"][0]["available"],
        view["limits"]["max_quantity"]
    );
}

#[tokio::test]
async fn pages_have_their_own_ceiling_and_static_files_none() {
    let app = spawn_app_with(|s| s.limit_pages_per_minute = 5).await;
    for _ in 0..5 {
        assert_eq!(app.get("/search?q=ssd").await.status, 200);
    }
    let refused = app.get("/p/anything").await;
    assert_eq!(refused.status, 429);
    assert!(refused.headers.contains_key("retry-after"));
    assert!(
        refused.body.contains("Too many requests"),
        "{}",
        refused.body
    );
    // Health checks, static files and calls are not pages.
    assert_eq!(app.get("/healthz").await.status, 200);
    assert_eq!(app.get("/readyz").await.status, 200);
    for path in ["/favicon.svg", "/pkg/oxcart.wasm", "/media/uploads/1/a.jpg"] {
        assert_ne!(app.get(path).await.status, 429, "{path}");
    }
    let a = call_json(&app, "cart/price", json!({"lines": []}), None).await;
    assert_eq!(a.status, 200, "{}", a.body);
}

#[tokio::test]
async fn metrics_are_private_and_count_requests_by_route_and_status() {
    let app = spawn_app().await;
    assert_eq!(app.get("/p/no-such-product").await.status, 404);
    assert_eq!(app.get("/search").await.status, 200);
    let wrong = app
        .client
        .get(format!("{}/metrics", app.address))
        .bearer_auth("not-the-token-at-all")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    assert_eq!(app.get("/metrics").await.status, 401);
    let scraped = metrics(&app).await;
    for expected in [
        "oxcart_http_requests_total{",
        "route=\"/p/{slug}\"",
        "status=\"404\"",
        "route=\"/search\"",
        "oxcart_http_request_duration_seconds_bucket{",
        "oxcart_up{dependency=\"postgres\"} 1",
        "oxcart_up{dependency=\"redis\"} 1",
        "oxcart_outbox_pending ",
        "oxcart_orders_placed 0",
        "oxcart_db_connections{state=\"idle\"}",
    ] {
        assert!(
            scraped.contains(expected),
            "{expected} missing from:\n{scraped}"
        );
    }
    // Without a configured token the endpoint does not exist on the public address.
    let closed = spawn_app_with(|s| s.metrics_token = None).await;
    assert_eq!(closed.get("/metrics").await.status, 404);
}

#[tokio::test]
async fn the_shell_carries_the_stores_own_name_and_currency() {
    let app = spawn_app_with(|s| {
        s.store_name = "Acme Parts".into();
        s.currency = app::domain::money::Currency::Eur;
        s.ship_to = vec!["DE".into(), "FR".into()];
    })
    .await;
    let page = app.get("/search").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("| Acme Parts</title>"), "{}", page.body);
    assert!(page.body.contains("Prices in euros"));
    assert!(
        !page.body.contains("Oxcart"),
        "the demo name is hard-coded somewhere"
    );
    let facts = page
        .body
        .split("<meta name=\"oxcart-store\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the store facts in the head")
        .replace("&quot;", "\"");
    let facts: Value = serde_json::from_str(&facts).unwrap();
    assert_eq!(facts["name"], "Acme Parts");
    assert_eq!(facts["ship_to"], json!(["DE", "FR"]));
    // An unknown address gets the same shell: the store's name and its category navigation.
    let missing = app.get("/no/such/page").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Acme Parts"), "{}", missing.body);
    assert!(
        missing.body.contains("href=\"/c/graphics-cards\""),
        "{}",
        missing.body
    );
}

#[tokio::test]
async fn a_cart_remembers_a_bounded_number_of_merges() {
    let app = spawn_app().await;
    let (sku, _) = sku_with_stock(&app, 50, 0).await;
    let cookie = common::pair(&sign_up(&app, "merger@example.com").await.cookie.unwrap());
    for i in 0..60 {
        let body =
            json!({"merge_id": format!("merge-{i:03}"), "lines": [{"sku": sku, "quantity": 1}]});
        let a = call_json(&app, "cart/merge", body, Some(&cookie)).await;
        assert_eq!(a.status, 200, "{}", a.body);
    }
    let mut conn = redis().await;
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{}:cart:*:merges", app.redis_prefix))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(keys.len(), 1);
    let kept: usize = redis::cmd("ZCARD")
        .arg(&keys[0])
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(kept, app::db::carts::MERGES_KEPT);
    // A recent merge retried still does nothing.
    let before = call_json(
        &app,
        "cart/merge",
        json!({"merge_id": "merge-059", "lines": [{"sku": sku, "quantity": 1}]}),
        Some(&cookie),
    )
    .await;
    let again = call_json(
        &app,
        "cart/merge",
        json!({"merge_id": "merge-059", "lines": [{"sku": sku, "quantity": 1}]}),
        Some(&cookie),
    )
    .await;
    assert_eq!(
        parse(&before.body)["view"]["lines"],
        parse(&again.body)["view"]["lines"]
    );
}

#[tokio::test]
async fn guest_checkouts_mail_an_unverified_address_a_bounded_number_of_times() {
    let app = spawn_app().await;
    let (sku, _) = sku_with_stock(&app, 50, 0).await;
    let limit = app::domain::mail::MAX_GUEST_ORDER_MAILS_PER_HOUR;
    for i in 0..limit + 2 {
        let a = call_json(
            &app,
            "checkout/place",
            form(&sku, 1, &format!("tok-mail-cannon-{i:06}")),
            None,
        )
        .await;
        assert_eq!(a.status, 200, "order {i} is still placed: {}", a.body);
    }
    assert_eq!(orders(&app).await, limit + 2);
    // The emails follow from the orders' events.
    app.wait_for_receipts("order-mail", limit + 2).await;
    let mailed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox WHERE recipient = 'grace@example.com' AND kind = 'order-placed'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(mailed, limit);
}
