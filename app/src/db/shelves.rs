//! Product shelves: related products, new arrivals, deals and featured categories.

use sqlx::{PgPool, Row};

use super::catalog::{card_from_row, ProductRecord, CARD_COLUMNS, CARD_JOIN};
use crate::domain::catalog::{CategoryTile, ProductCard};

/// Other active products of the same category, closest in price first.
pub async fn related_products(
    pool: &PgPool,
    product: &ProductRecord,
    limit: i64,
) -> Result<Vec<ProductCard>, sqlx::Error> {
    let price = product
        .facts
        .variants
        .iter()
        .map(|v| v.price.minor)
        .min()
        .unwrap_or(0);
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM products p {CARD_JOIN}
         WHERE p.active AND p.category_id = $1 AND p.id <> $2
         ORDER BY abs(v.min_price - $3), p.id LIMIT $4"
    );
    let rows = sqlx::query(&sql)
        .bind(product.category_id)
        .bind(product.id)
        .bind(price)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(card_from_row).collect()
}

/// The newest active products.
pub async fn new_arrivals(pool: &PgPool, limit: i64) -> Result<Vec<ProductCard>, sqlx::Error> {
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM products p {CARD_JOIN}
         WHERE p.active ORDER BY p.created_at DESC, p.id DESC LIMIT $1"
    );
    let rows = sqlx::query(&sql).bind(limit).fetch_all(pool).await?;
    rows.iter().map(card_from_row).collect()
}

/// Active, in-stock products whose cheapest variant is discounted, biggest saving first.
pub async fn deals(pool: &PgPool, limit: i64) -> Result<Vec<ProductCard>, sqlx::Error> {
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM products p {CARD_JOIN}
         WHERE p.active AND v.compare_at IS NOT NULL AND v.stock > 0
         ORDER BY (v.compare_at - v.min_price)::float8 / v.compare_at DESC, p.id LIMIT $1"
    );
    let rows = sqlx::query(&sql).bind(limit).fetch_all(pool).await?;
    rows.iter().map(card_from_row).collect()
}

/// The active, in-stock products that sold the most units over the last 30 days (orders paid and
/// neither cancelled nor refunded), most first; fewer than `limit` when few have sold.
pub async fn best_sellers(pool: &PgPool, limit: i64) -> Result<Vec<ProductCard>, sqlx::Error> {
    let sql = format!(
        "WITH sold AS (
             SELECT x.product_id, sum(l.quantity) AS units
             FROM orders o
             JOIN order_lines l ON l.order_id = o.id
             JOIN variants x ON x.id = l.variant_id
             WHERE o.created_at >= now() - interval '30 days' AND sales_counts_units(o)
             GROUP BY x.product_id ORDER BY units DESC, x.product_id LIMIT $1 * 4
         )
         SELECT {CARD_COLUMNS} FROM sold s JOIN products p ON p.id = s.product_id {CARD_JOIN}
         WHERE p.active AND v.stock > 0
         ORDER BY s.units DESC, p.id LIMIT $1"
    );
    let rows = sqlx::query(&sql).bind(limit).fetch_all(pool).await?;
    rows.iter().map(card_from_row).collect()
}

/// Top-level categories with the number of active products below them and one picture (that
/// of the first active product below, by id, which has one). One pass over the products: the
/// picture used to be looked up by a subquery per category that scanned the tree again.
pub async fn featured_categories(pool: &PgPool) -> Result<Vec<CategoryTile>, sqlx::Error> {
    let rows = sqlx::query(
        "WITH RECURSIVE tree AS (
             SELECT id, id AS root FROM categories WHERE parent_id IS NULL
             UNION
             SELECT c.id, tree.root FROM categories c JOIN tree ON c.parent_id = tree.id
         ),
         roots AS (
             SELECT t.root, count(*) AS n, min(p.id) FILTER (WHERE i.product_id IS NOT NULL) AS pictured
             FROM products p
             JOIN tree t ON t.id = p.category_id
             LEFT JOIN product_images i ON i.product_id = p.id AND i.position = 0
             WHERE p.active
             GROUP BY t.root
         )
         SELECT r.slug, r.name, coalesce(f.n, 0) AS product_count,
                (SELECT i.url FROM product_images i WHERE i.product_id = f.pictured AND i.position = 0) AS image_url
         FROM categories r
         LEFT JOIN roots f ON f.root = r.id
         WHERE r.parent_id IS NULL
         ORDER BY r.position, r.name",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CategoryTile {
                slug: r.try_get("slug")?,
                name: r.try_get("name")?,
                product_count: r.try_get("product_count")?,
                image_url: r.try_get("image_url")?,
            })
        })
        .collect()
}
