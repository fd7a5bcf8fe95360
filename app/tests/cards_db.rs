//! The catalog's read model (`product_cards`) against real Postgres: it follows every kind of
//! variant write at commit, loses no update when two transactions change one product at once,
//! and lets writers that touch the same products in opposite orders commit without deadlock.

use std::time::Duration;

use app::db::seed::load_demo_catalog;
use sqlx::{PgPool, Postgres, Transaction};

async fn seeded(pool: &PgPool) {
    load_demo_catalog(pool, &app::demo::catalog())
        .await
        .expect("demo catalog loads");
}

/// Products whose card differs from their active variants aggregated now.
async fn stale_cards(pool: &PgPool) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT p.id FROM products p
         JOIN product_cards c ON c.product_id = p.id
         LEFT JOIN LATERAL (
             SELECT min(x.price_minor) AS min_price, max(x.price_minor) AS max_price,
                    min(x.currency)::text AS currency,
                    (array_agg(x.compare_at_minor ORDER BY x.price_minor, x.position))[1] AS compare_at,
                    coalesce(sum(x.stock_on_hand - x.stock_reserved), 0)::bigint AS stock,
                    coalesce(max(x.low_stock_threshold), 0)::bigint AS low_threshold
             FROM variants x WHERE x.product_id = p.id AND x.active) v ON true
         WHERE (c.min_price, c.max_price, c.currency, c.compare_at, c.stock, c.low_threshold)
               IS DISTINCT FROM (v.min_price, v.max_price, v.currency, v.compare_at, v.stock, v.low_threshold)
         ORDER BY p.id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn run(pool: &PgPool, sql: &str) {
    sqlx::query(sql).execute(pool).await.unwrap();
}

/// Two products with at least two variants each, and those variants' ids: (a, [a1, a2]), (b, ...).
async fn two_products_with_two_variants(pool: &PgPool) -> [(i64, [i64; 2]); 2] {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT product_id, min(id), max(id) FROM variants WHERE active AND stock_on_hand > 5
         GROUP BY product_id HAVING count(*) >= 2 ORDER BY product_id LIMIT 2",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(
        rows.len(),
        2,
        "the demo catalog has products with two variants"
    );
    [
        (rows[0].0, [rows[0].1, rows[0].2]),
        (rows[1].0, [rows[1].1, rows[1].2]),
    ]
}

/// The cards' stock of these products, in product order.
async fn card_stock(pool: &PgPool, products: [i64; 2]) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT stock FROM product_cards WHERE product_id = ANY($1) ORDER BY product_id",
    )
    .bind(products)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn reserve(tx: &mut Transaction<'_, Postgres>, variant: i64) {
    sqlx::query("UPDATE variants SET stock_reserved = stock_reserved + 1 WHERE id = $1")
        .bind(variant)
        .execute(&mut **tx)
        .await
        .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn cards_follow_every_kind_of_variant_write(pool: PgPool) {
    seeded(&pool).await;
    assert!(stale_cards(&pool).await.is_empty(), "cards after loading");
    let card_count: i64 = sqlx::query_scalar("SELECT count(*) FROM product_cards")
        .fetch_one(&pool)
        .await
        .unwrap();
    let products: i64 = sqlx::query_scalar("SELECT count(*) FROM products")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(card_count, products);
    for write in [
        "UPDATE variants SET price_minor = price_minor - 1 WHERE sku = 'GPU-0001'",
        "UPDATE variants SET compare_at_minor = price_minor + 5000 WHERE sku = 'GPU-0001'",
        "UPDATE variants SET stock_on_hand = stock_on_hand + 7 WHERE sku = 'GPU-0001'",
        "UPDATE variants SET stock_reserved = stock_reserved + 2 WHERE sku = 'GPU-0001'",
        "UPDATE variants SET low_stock_threshold = 40 WHERE sku = 'GPU-0001'",
        "UPDATE variants SET active = false WHERE sku = 'GPU-0001'",
        "UPDATE variants SET active = false WHERE product_id = (SELECT product_id FROM variants WHERE sku = 'GPU-0001')",
        "UPDATE variants SET active = true WHERE sku = 'GPU-0001'",
        "INSERT INTO variants (product_id, sku, price_minor, stock_on_hand)
         SELECT product_id, 'GPU-0001-CHEAP', 100, 0 FROM variants WHERE sku = 'GPU-0001'",
        // Moved to another product: both cards change.
        "UPDATE variants SET product_id = (SELECT min(id) FROM products) WHERE sku = 'GPU-0001-CHEAP'",
        "DELETE FROM variants WHERE sku = 'GPU-0001-CHEAP'",
    ] {
        run(&pool, write).await;
        assert!(stale_cards(&pool).await.is_empty(), "after {write}");
    }
    // Every variant of a product retired: its card has no price (the product is on no page).
    run(&pool, "UPDATE variants SET active = false WHERE product_id = (SELECT product_id FROM variants WHERE sku = 'GPU-0002')").await;
    let priceless: Vec<String> = sqlx::query_scalar(
        "SELECT v.sku FROM product_cards c JOIN variants v ON v.product_id = c.product_id
         WHERE c.min_price IS NULL",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(priceless.contains(&"GPU-0002".to_string()), "{priceless:?}");
    assert!(stale_cards(&pool).await.is_empty());
    run(
        &pool,
        "UPDATE variants SET active = true WHERE sku = 'GPU-0002'",
    )
    .await;
    // A transaction rolled back leaves the cards alone.
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("UPDATE variants SET price_minor = 1 WHERE sku = 'GPU-0002'")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert!(stale_cards(&pool).await.is_empty(), "after a rollback");
    // A new product's card exists from its insert and is filled in at commit.
    let mut tx = pool.begin().await.unwrap();
    sqlx::query(
        "WITH p AS (INSERT INTO products (category_id, slug, name, brand)
                    SELECT id, 'fresh-one', 'Fresh one', 'X' FROM categories LIMIT 1 RETURNING id)
         INSERT INTO variants (product_id, sku, price_minor, stock_on_hand) SELECT id, 'FRESH-1', 999, 4 FROM p",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let fresh: (Option<i64>, i64) = sqlx::query_as(
        "SELECT c.min_price, c.stock FROM product_cards c JOIN products p ON p.id = c.product_id
         WHERE p.slug = 'fresh-one'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(fresh, (Some(999), 4));
    assert!(stale_cards(&pool).await.is_empty(), "after a new product");
}

/// Two transactions reserve different variants of the same two products, in opposite product
/// orders, while a third holds the first product's card: when it lets go, both commit (no
/// deadlock: cards are locked at commit in product order) and both reservations are counted in
/// the cards (no lost update: each recompute reads after the other's commit).
#[sqlx::test(migrations = "../migrations")]
async fn concurrent_writers_of_the_same_products_neither_deadlock_nor_lose_a_change(pool: PgPool) {
    seeded(&pool).await;
    let [(a, [a1, a2]), (b, [b1, b2])] = two_products_with_two_variants(&pool).await;
    let before = card_stock(&pool, [a, b]).await;

    let mut holder = pool.begin().await.unwrap();
    sqlx::query("SELECT 1 FROM product_cards WHERE product_id = $1 FOR UPDATE")
        .bind(a)
        .execute(&mut *holder)
        .await
        .unwrap();
    let mut first = pool.begin().await.unwrap();
    reserve(&mut first, b1).await;
    reserve(&mut first, a1).await;
    let mut second = pool.begin().await.unwrap();
    reserve(&mut second, a2).await;
    reserve(&mut second, b2).await;
    let first = tokio::spawn(first.commit());
    let second = tokio::spawn(second.commit());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !first.is_finished() && !second.is_finished(),
        "both wait for the held card"
    );
    holder.commit().await.unwrap();
    first.await.unwrap().expect("the first writer commits");
    second.await.unwrap().expect("the second writer commits");

    let after = card_stock(&pool, [a, b]).await;
    assert_eq!(after, vec![before[0] - 2, before[1] - 2]);
    assert!(stale_cards(&pool).await.is_empty());
}

/// The database's `shown_stock` says what `StockStatus::from_level` says, for every level and
/// threshold around the edges (the page caches trust it to tell which stock changes a page shows).
#[sqlx::test(migrations = "../migrations")]
async fn the_database_shows_stock_by_the_same_rule_as_the_pages(pool: PgPool) {
    use app::domain::catalog::StockStatus;
    for threshold in [0_i64, 1, 5, 40] {
        for available in [-3_i64, 0, 1, 2, 4, 5, 6, 39, 40, 41, 1000] {
            let sql: String = sqlx::query_scalar("SELECT shown_stock($1, $2)")
                .bind(available)
                .bind(threshold)
                .fetch_one(&pool)
                .await
                .unwrap();
            let rust = match StockStatus::from_level(available, threshold) {
                StockStatus::InStock => "in".to_string(),
                StockStatus::Low(n) => format!("low:{n}"),
                StockStatus::OutOfStock => "out".to_string(),
            };
            assert_eq!(sql, rust, "{available} available, threshold {threshold}");
        }
    }
}

/// The events written since event `after`: (type, data).
async fn events_since(pool: &PgPool, after: i64) -> Vec<(String, serde_json::Value)> {
    sqlx::query_as("SELECT type, data FROM domain_events WHERE id > $1 ORDER BY id")
        .bind(after)
        .fetch_all(pool)
        .await
        .unwrap()
}

async fn last_event(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM domain_events")
        .fetch_one(pool)
        .await
        .unwrap()
}

/// What `write` makes the database say: whether its `stock.changed` is shown, and whether a
/// card's status changed (`product.changed` for stock).
async fn said(pool: &PgPool, write: &str) -> (Vec<bool>, bool) {
    let mark = last_event(pool).await;
    run(pool, write).await;
    let events = events_since(pool, mark).await;
    let shown = events
        .iter()
        .filter(|(kind, _)| kind == "stock.changed")
        .map(|(_, data)| data["shown"].as_bool().expect("every stock event says"))
        .collect();
    let card = events
        .iter()
        .any(|(kind, data)| kind == "product.changed" && data["what"] == "stock");
    (shown, card)
}

/// A stock change says whether a page shows it: the variant's status ("In stock", "Only N
/// left", "Out of stock") and, apart, its product card's status (a sum over its variants).
#[sqlx::test(migrations = "../migrations")]
async fn stock_events_say_whether_a_page_shows_the_change(pool: PgPool) {
    seeded(&pool).await;
    let [(product, [one, two]), _] = two_products_with_two_variants(&pool).await;
    let set = format!(
        "UPDATE variants SET stock_on_hand = 40, stock_reserved = 0, low_stock_threshold = 5 \
         WHERE product_id = {product}"
    );
    run(&pool, &set).await;
    run(
        &pool,
        &format!(
            "UPDATE variants SET active = (id IN ({one}, {two})) WHERE product_id = {product}"
        ),
    )
    .await;
    let reserve = |id: i64, n: i64| {
        format!("UPDATE variants SET stock_reserved = stock_reserved + {n} WHERE id = {id}")
    };
    // 40 -> 39 of 80: in stock before and after, for the variant and its card.
    assert_eq!(said(&pool, &reserve(one, 1)).await, (vec![false], false));
    // 39 -> 5: "Only 5 left" on the product page; the card (45 of 80) is still in stock.
    assert_eq!(said(&pool, &reserve(one, 34)).await, (vec![true], false));
    // 5 -> 4: the product page's count moves.
    assert_eq!(said(&pool, &reserve(one, 1)).await, (vec![true], false));
    // A variant's threshold raised to 50: the card (44 units) is now "Only 44 left", though
    // the other variant (40 units, threshold 5) still shows "In stock"...
    let raise = format!("UPDATE variants SET low_stock_threshold = 50 WHERE id = {one}");
    assert!(said(&pool, &raise).await.1);
    // ...so a change to that variant that its own status does not show, the card shows.
    assert_eq!(said(&pool, &reserve(two, 1)).await, (vec![false], true));
    // Inactive variants are on no page.
    let retired = format!("UPDATE variants SET active = false WHERE id = {two}");
    let (shown, _) = said(&pool, &retired).await;
    assert_eq!(shown, vec![true]);
    assert_eq!(said(&pool, &reserve(two, 1)).await, (vec![false], false));
    // Every stock event still carries the level (live stock, back-in-stock emails).
    let mark = last_event(&pool).await;
    run(&pool, &reserve(one, -1)).await;
    let events = events_since(&pool, mark).await;
    assert_eq!(events[0].1["available"], 5);
}
