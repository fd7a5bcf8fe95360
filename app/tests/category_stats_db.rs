//! The home tiles' read model (`category_stats`) against real Postgres: it follows every kind
//! of product and picture write at commit, and two transactions changing one category at once
//! neither deadlock nor lose a change.

use std::time::Duration;

use app::db::seed::load_demo_catalog;
use sqlx::PgPool;

async fn seeded(pool: &PgPool) {
    load_demo_catalog(pool, &app::demo::catalog())
        .await
        .expect("demo catalog loads");
}

/// Categories whose row differs from their products counted now, and categories without a row.
async fn stale_categories(pool: &PgPool) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT c.id FROM categories c
         LEFT JOIN category_stats s ON s.category_id = c.id
         LEFT JOIN LATERAL (
             SELECT count(*) AS products,
                    min(p.id) FILTER (WHERE EXISTS (SELECT 1 FROM product_images i
                                                     WHERE i.product_id = p.id AND i.position = 0))
                        AS pictured
             FROM products p WHERE p.category_id = c.id AND p.active) n ON true
         WHERE s.category_id IS NULL OR (s.products, s.pictured) IS DISTINCT FROM (n.products, n.pictured)
         ORDER BY c.id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn run(pool: &PgPool, sql: &str) {
    sqlx::query(sql).execute(pool).await.unwrap();
}

async fn scalar(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

/// Each kind of write, then the rows compared with a fresh count (and the tiles that read
/// them, checked against the same facts in `catalog_db.rs`). Products with stock history are
/// never deleted (`stock_movements` is append-only): they are deactivated, which is tested.
#[sqlx::test(migrations = "../migrations")]
async fn category_stats_follow_every_kind_of_write(pool: PgPool) {
    seeded(&pool).await;
    assert_eq!(stale_categories(&pool).await, Vec::<i64>::new());
    // The first pictured product of some category, and another category.
    let (first, home) = sqlx::query_as::<_, (i64, i64)>(
        "SELECT pictured, category_id FROM category_stats WHERE pictured IS NOT NULL
         ORDER BY category_id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let other = scalar(
        &pool,
        &format!("SELECT min(category_id) FROM category_stats WHERE category_id <> {home} AND products > 0"),
    )
    .await;
    let writes = [
        format!("UPDATE products SET active = false WHERE id = {first}"),
        format!("UPDATE products SET active = true WHERE id = {first}"),
        format!("UPDATE products SET category_id = {other} WHERE id = {first}"),
        format!("UPDATE products SET category_id = {home} WHERE id = {first}"),
        // Pictures: the first one moved behind the second, then gone, then one added back.
        format!(
            "UPDATE product_images SET position = position + 100 WHERE product_id = {first} AND position = 0"
        ),
        format!("DELETE FROM product_images WHERE product_id = {first}"),
        format!(
            "INSERT INTO product_images (product_id, position, url) VALUES ({first}, 0, '/media/a.webp')"
        ),
        // A picture moved from one product to another (which had none).
        format!(
            "DELETE FROM product_images
              WHERE product_id = (SELECT max(id) FROM products WHERE category_id = {other})"
        ),
        format!(
            "UPDATE product_images SET product_id = (SELECT max(id) FROM products WHERE category_id = {other})
              WHERE product_id = {first}"
        ),
    ];
    for write in &writes {
        run(&pool, write).await;
        assert_eq!(
            stale_categories(&pool).await,
            Vec::<i64>::new(),
            "after {write}"
        );
    }

    // A new category and a product in it, in one transaction (the product needs a variant).
    let mut tx = pool.begin().await.unwrap();
    let shelf: i64 = sqlx::query_scalar(
        "INSERT INTO categories (slug, name, parent_id) VALUES ('new-shelf', 'New shelf', $1) RETURNING id",
    )
    .bind(home)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    let product: i64 = sqlx::query_scalar(
        "INSERT INTO products (category_id, slug, name, brand) VALUES ($1, 'new-thing', 'New thing', 'Acme')
         RETURNING id",
    )
    .bind(shelf)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    sqlx::query("INSERT INTO variants (product_id, sku, price_minor, stock_on_hand) VALUES ($1, 'NEW-1', 1000, 3)")
        .bind(product)
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO product_images (product_id, position, url) VALUES ($1, 0, '/media/n.webp')",
    )
    .bind(product)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(stale_categories(&pool).await, Vec::<i64>::new());
    let row: (i64, Option<i64>) =
        sqlx::query_as("SELECT products, pictured FROM category_stats WHERE category_id = $1")
            .bind(shelf)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(row, (1, Some(product)));
}

/// Two transactions take products out of the same category while a third holds its row: when
/// it lets go, both commit and both changes are counted (each recompute reads after the other's
/// commit).
#[sqlx::test(migrations = "../migrations")]
async fn concurrent_writers_of_one_category_lose_no_change(pool: PgPool) {
    seeded(&pool).await;
    let (category, before) = sqlx::query_as::<_, (i64, i64)>(
        "SELECT category_id, products FROM category_stats WHERE products >= 3 ORDER BY category_id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM products WHERE category_id = $1 AND active ORDER BY id LIMIT 2",
    )
    .bind(category)
    .fetch_all(&pool)
    .await
    .unwrap();

    let mut holder = pool.begin().await.unwrap();
    sqlx::query("SELECT 1 FROM category_stats WHERE category_id = $1 FOR UPDATE")
        .bind(category)
        .execute(&mut *holder)
        .await
        .unwrap();
    let mut writers = Vec::new();
    for id in &ids {
        let mut tx = pool.begin().await.unwrap();
        sqlx::query("UPDATE products SET active = false WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .unwrap();
        writers.push(tokio::spawn(tx.commit()));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        writers.iter().all(|w| !w.is_finished()),
        "both wait for the held row"
    );
    holder.commit().await.unwrap();
    for writer in writers {
        writer.await.unwrap().expect("the writer commits");
    }
    let after = scalar(
        &pool,
        &format!("SELECT products FROM category_stats WHERE category_id = {category}"),
    )
    .await;
    assert_eq!(after, before - 2);
    assert_eq!(stale_categories(&pool).await, Vec::<i64>::new());
}
