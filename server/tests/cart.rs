//! Carts over HTTP with real Postgres and Redis: guest pricing, the signed-in Redis cart (atomic
//! changes under concurrency, clamping, expiry), the sign-in merge (idempotent), recovery from a
//! lost Redis cart, and who may touch which cart.

mod common;

use common::{call, call_json, fetch, pair, sign_up, spawn_app, spawn_app_with, TestApp};
use redis::AsyncCommands;
use serde_json::{json, Value};

async fn sku_where(app: &TestApp, condition: &str) -> (String, i64, i32) {
    sqlx::query_as(&format!(
        "SELECT v.sku, v.price_minor, v.stock_on_hand FROM variants v JOIN products p ON p.id = v.product_id
         WHERE v.active AND p.active AND {condition} ORDER BY v.sku LIMIT 1"
    ))
    .fetch_one(&app.db)
    .await
    .unwrap()
}

fn parse(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn quantity_of(cart: &Value, sku: &str) -> Option<u64> {
    cart["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["sku"] == sku)
        .map(|l| l["quantity"].as_u64().unwrap())
}

#[tokio::test]
async fn guest_lines_are_priced_from_the_database_and_repaired_with_notices() {
    let app = spawn_app().await;
    let (plenty, price, _) = sku_where(&app, "v.stock_on_hand >= 20").await;
    let (low, _, low_stock) = sku_where(&app, "v.stock_on_hand BETWEEN 1 AND 3").await;
    let (gone, _, _) = sku_where(&app, "v.stock_on_hand = 0").await;
    let body = json!({"lines": [
        {"sku": plenty, "quantity": 2, "price": 1},
        {"sku": low, "quantity": 9},
        {"sku": gone, "quantity": 1},
        {"sku": "NO-SUCH-SKU", "quantity": 1},
    ]});
    let a = call_json(&app, "cart/price", body, None).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let view = parse(&a.body);
    let lines = view["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["sku"], plenty.as_str());
    assert_eq!(
        lines[0]["unit_price"]["minor"], price,
        "the database price, not the browser's"
    );
    assert_eq!(lines[0]["line_total"]["minor"], price * 2);
    assert_eq!(lines[1]["quantity"], low_stock);
    let notices: Vec<&str> = view["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(notices.len(), 3, "{notices:?}");
    assert!(notices
        .iter()
        .any(|n| n.contains(&format!("reduced to {low_stock}: only {low_stock} left"))));
    assert!(notices.iter().any(|n| n.ends_with("removed: out of stock")));
    assert!(notices.contains(&"NO-SUCH-SKU removed: no longer in the store"));
    assert_eq!(view["item_count"], 2 + low_stock);

    // Tampered input: wrong types are refused with a clear status, never a 500.
    let bad = call_json(
        &app,
        "cart/price",
        json!({"lines": [{"sku": 1, "quantity": "x"}]}),
        None,
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    let many: Vec<Value> = (0..10_000)
        .map(|i| json!({"sku": format!("SKU-{i}"), "quantity": 1}))
        .collect();
    let huge = call_json(&app, "cart/price", json!({"lines": many}), None).await;
    assert_eq!(huge.status, 200);
    assert!(parse(&huge.body)["lines"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_signed_in_cart_adds_sets_clamps_and_removes() {
    let app = spawn_app().await;
    let cookie = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    let (sku, _, _) = sku_where(&app, "v.stock_on_hand >= 20").await;
    let (low, _, low_stock) = sku_where(&app, "v.stock_on_hand BETWEEN 1 AND 3").await;
    let (gone, _, _) = sku_where(&app, "v.stock_on_hand = 0").await;
    let add = |sku: String, q: &'static str| {
        let (app, cookie) = (&app, cookie.clone());
        async move {
            call(
                app,
                "cart/add",
                &[("sku", &sku), ("quantity", q)],
                Some(&cookie),
            )
            .await
        }
    };
    let a = add(sku.clone(), "2").await;
    assert_eq!(a.status, 200, "{}", a.body);
    let a = add(sku.clone(), "3").await;
    assert_eq!(quantity_of(&parse(&a.body), &sku), Some(5));
    // Over the line maximum (10): clamped, with a notice.
    let a = add(sku.clone(), "9").await;
    let cart = parse(&a.body);
    assert_eq!(quantity_of(&cart, &sku), Some(10));
    assert!(cart["view"]["notices"][0]
        .as_str()
        .unwrap()
        .contains("at most 10 per order"));
    // Over stock: clamped to stock.
    let a = add(low.clone(), "5").await;
    let cart = parse(&a.body);
    assert_eq!(quantity_of(&cart, &low), Some(low_stock as u64));
    assert!(cart["view"]["notices"][0]
        .as_str()
        .unwrap()
        .contains("left"));
    // Bad input.
    for q in ["0", "-1", "1.5", "eleven", "99999999999999999999", ""] {
        let a = add(sku.clone(), q).await;
        assert_eq!(a.status, 422, "{q}: {}", a.body);
        assert!(a.body.contains("whole number from 1 to 10"));
    }
    assert_eq!(add("NO-SUCH-SKU".into(), "1").await.status, 422);
    assert_eq!(add("<script>".into(), "1").await.status, 422);
    assert_eq!(add(gone, "1").await.status, 409);
    // Set and remove.
    let set = call(
        &app,
        "cart/set",
        &[("sku", &sku), ("quantity", "4")],
        Some(&cookie),
    )
    .await;
    assert_eq!(quantity_of(&parse(&set.body), &sku), Some(4));
    let removed = call(
        &app,
        "cart/set",
        &[("sku", &sku), ("quantity", "0")],
        Some(&cookie),
    )
    .await;
    assert_eq!(quantity_of(&parse(&removed.body), &sku), None);
    let cart = parse(&fetch(&app, "cart", Some(&cookie)).await.body);
    assert_eq!(cart["lines"].as_array().unwrap().len(), 1);
    assert_eq!(cart["existed"], true);
}

#[tokio::test]
async fn fifty_concurrent_adds_to_one_line_all_count() {
    let app = spawn_app_with(|s| s.cart_max_quantity = 500).await;
    let cookie = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    let (sku, _, _) = sku_where(&app, "v.stock_on_hand >= 60").await;
    let calls = (0..50).map(|_| {
        let (client, address, cookie, sku) = (
            app.client.clone(),
            app.address.clone(),
            cookie.clone(),
            sku.clone(),
        );
        tokio::spawn(async move {
            client
                .post(format!("{address}/api/cart/add"))
                .header("origin", common::ORIGIN)
                .header("cookie", cookie)
                .form(&[("sku", sku.as_str()), ("quantity", "1")])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    });
    for call in calls {
        assert_eq!(call.await.unwrap(), 200);
    }
    let cart = parse(&fetch(&app, "cart", Some(&cookie)).await.body);
    assert_eq!(quantity_of(&cart, &sku), Some(50));
}

#[tokio::test]
async fn carts_expire_after_the_idle_time_refreshed_on_use() {
    let app = spawn_app_with(|s| s.cart_idle_days = 3).await;
    let cookie = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    let (sku, _, _) = sku_where(&app, "v.stock_on_hand >= 20").await;
    call(
        &app,
        "cart/add",
        &[("sku", &sku), ("quantity", "1")],
        Some(&cookie),
    )
    .await;
    let user_id: i64 = sqlx::query_scalar("SELECT id FROM users")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let key = format!("{}:cart:{user_id}", app.redis_prefix);
    let mut redis = common::redis().await;
    let ttl: i64 = redis.ttl(&key).await.unwrap();
    assert!((3 * 86_400 - 60..=3 * 86_400).contains(&ttl), "{ttl}");
    // Time passes; a change refreshes the idle time.
    let _: () = redis.expire(&key, 100).await.unwrap();
    call(
        &app,
        "cart/add",
        &[("sku", &sku), ("quantity", "1")],
        Some(&cookie),
    )
    .await;
    let ttl: i64 = redis.ttl(&key).await.unwrap();
    assert!(ttl > 86_400, "{ttl}");
}

#[tokio::test]
async fn the_sign_in_merge_sums_clamps_drops_and_is_idempotent() {
    let app = spawn_app().await;
    let cookie = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    let (sku, _, _) = sku_where(&app, "v.stock_on_hand >= 20").await;
    let (low, _, low_stock) = sku_where(&app, "v.stock_on_hand BETWEEN 1 AND 3").await;
    let (gone, _, _) = sku_where(&app, "v.stock_on_hand = 0").await;
    call(
        &app,
        "cart/add",
        &[("sku", &sku), ("quantity", "2")],
        Some(&cookie),
    )
    .await;
    call(
        &app,
        "cart/add",
        &[("sku", &low), ("quantity", "1")],
        Some(&cookie),
    )
    .await;
    let guest = json!({"merge_id": "merge-1", "lines": [
        {"sku": sku, "quantity": 3},
        {"sku": low, "quantity": 3},
        {"sku": gone, "quantity": 1},
    ]});
    let first = call_json(&app, "cart/merge", guest.clone(), Some(&cookie)).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let merged = parse(&first.body);
    assert_eq!(quantity_of(&merged, &sku), Some(5));
    assert_eq!(quantity_of(&merged, &low), Some(low_stock as u64));
    assert_eq!(quantity_of(&merged, &gone), None);
    let notices = merged["view"]["notices"].as_array().unwrap();
    assert_eq!(notices.len(), 2, "{notices:?}");
    // A retried sign-in sends the same merge again: nothing doubles.
    let again = parse(
        &call_json(&app, "cart/merge", guest, Some(&cookie))
            .await
            .body,
    );
    assert_eq!(quantity_of(&again, &sku), Some(5));
    assert!(again["view"]["notices"].as_array().unwrap().is_empty());
    let bad = call_json(
        &app,
        "cart/merge",
        json!({"merge_id": "", "lines": []}),
        Some(&cookie),
    )
    .await;
    assert_eq!(bad.status, 422);
}

#[tokio::test]
async fn a_cart_lost_by_redis_is_restored_from_the_browsers_mirror() {
    let app = spawn_app().await;
    let cookie = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    let (sku, _, _) = sku_where(&app, "v.stock_on_hand >= 20").await;
    let added = parse(
        &call(
            &app,
            "cart/add",
            &[("sku", &sku), ("quantity", "3")],
            Some(&cookie),
        )
        .await
        .body,
    );
    let mirror = added["lines"].clone();
    // Redis loses everything of this app (a flush, or a restart without persistence).
    let mut redis = common::redis().await;
    let keys: Vec<String> = redis
        .keys(format!("{}:cart:*", app.redis_prefix))
        .await
        .unwrap();
    assert!(!keys.is_empty());
    let _: () = redis.del(keys).await.unwrap();
    let lost = parse(&fetch(&app, "cart", Some(&cookie)).await.body);
    assert_eq!(
        lost["existed"], false,
        "the browser is told the cart is gone"
    );
    let restored = call_json(
        &app,
        "cart/merge",
        json!({"merge_id": "restore-1", "lines": mirror}),
        Some(&cookie),
    )
    .await;
    assert_eq!(quantity_of(&parse(&restored.body), &sku), Some(3));
    assert_eq!(
        parse(&fetch(&app, "cart", Some(&cookie)).await.body)["existed"],
        true
    );
}

#[tokio::test]
async fn a_guest_has_no_server_cart_and_customers_only_see_their_own() {
    let app = spawn_app().await;
    assert_eq!(fetch(&app, "cart", None).await.status, 401);
    assert_eq!(
        call(&app, "cart/add", &[("sku", "X1"), ("quantity", "1")], None)
            .await
            .status,
        401
    );
    assert_eq!(
        call_json(
            &app,
            "cart/merge",
            json!({"merge_id": "m", "lines": []}),
            None
        )
        .await
        .status,
        401
    );
    let ada = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    let bob = pair(&sign_up(&app, "bob@example.com").await.cookie.unwrap());
    let (sku, _, _) = sku_where(&app, "v.stock_on_hand >= 20").await;
    call(
        &app,
        "cart/add",
        &[("sku", &sku), ("quantity", "2")],
        Some(&ada),
    )
    .await;
    let bobs = parse(&fetch(&app, "cart", Some(&bob)).await.body);
    assert!(bobs["lines"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn an_unreachable_redis_is_an_error_the_browser_can_report_not_a_hang() {
    let app = common::spawn_with(common::fresh_database().await, "redis://127.0.0.1:1", true).await;
    // Sessions live in Postgres: a signed-in customer is still recognised; the Redis cart is not
    // reachable. (Sign-up itself refuses while its rate limit cannot be checked.)
    let email = app::domain::account::Email::parse("ada@example.com").unwrap();
    let role = app::domain::account::Role::Customer;
    let user = app::db::accounts::create_user(&app.db, &email, "unused", "", role)
        .await
        .unwrap()
        .unwrap();
    let token = app::auth::session::new_token();
    let hash = app::auth::session::hash_token(&token);
    app::db::accounts::create_session(&app.db, user, &hash, "")
        .await
        .unwrap();
    let cookie = format!("oxcart_session={token}");
    let a = fetch(&app, "cart", Some(&cookie)).await;
    assert_eq!(a.status, 500);
    assert!(a.body.contains("Internal"), "{}", a.body);
}
