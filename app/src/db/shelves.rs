//! Product shelves: new arrivals, deals, best sellers and featured categories (related
//! products come with their product page: `catalog::product_page`).

use std::sync::LazyLock;

use sqlx::types::Json;
use sqlx::{PgPool, Row};

use super::catalog::{card_from_row, cards_json, CardRow, CARD_COLUMNS, CARD_JOIN};
use crate::domain::catalog::{CategoryTile, ProductCard};

/// New arrivals: the newest active products.
const NEWEST: (&str, &str) = ("p.active", "p.created_at DESC, p.id DESC");

/// Deals: active, in-stock products whose cheapest variant is discounted, biggest saving first.
const DEALS: (&str, &str) = (
    "p.active AND v.compare_at IS NOT NULL AND v.stock > 0",
    "(v.compare_at - v.min_price)::float8 / v.compare_at DESC, p.id",
);

/// The home page's tiles as a JSON array ([`CategoryTile`]s), a scalar subquery: top-level
/// categories with the number of active products below them and one picture (that of the first
/// active product below, by id, which has one). Read from `category_stats`, kept per category
/// by the writes that change it (migration `category_stats`), added up here over each root's
/// subtree: a walk over the categories, not over the products.
const TILES_JSON: &str = "(WITH RECURSIVE tree AS (
         SELECT id, id AS root FROM categories WHERE parent_id IS NULL
         UNION
         SELECT c.id, tree.root FROM categories c JOIN tree ON c.parent_id = tree.id
     ),
     roots AS (
         SELECT t.root, sum(s.products) AS n, min(s.pictured) AS pictured
         FROM tree t JOIN category_stats s ON s.category_id = t.id
         GROUP BY t.root
     )
     SELECT coalesce(json_agg(json_build_object(
                'slug', r.slug, 'name', r.name, 'product_count', coalesce(f.n, 0),
                'image_url', (SELECT i.url FROM product_images i
                              WHERE i.product_id = f.pictured AND i.position = 0))
            ORDER BY r.position, r.name), '[]')
     FROM categories r
     LEFT JOIN roots f ON f.root = r.id
     WHERE r.parent_id IS NULL)";

/// What the home page shows, read in one statement (each statement is a round trip to
/// Postgres, which costs more than these reads: README, Performance).
pub struct HomeShelves {
    pub featured: Vec<CategoryTile>,
    pub new_arrivals: Vec<ProductCard>,
    pub deals: Vec<ProductCard>,
}

/// The featured categories, and `limit` new arrivals and deals.
pub async fn home_shelves(pool: &PgPool, limit: i64) -> Result<HomeShelves, sqlx::Error> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {TILES_JSON} AS featured, {new} AS new_arrivals, {deals} AS deals",
            new = cards_json(NEWEST.0, NEWEST.1, "$1"),
            deals = cards_json(DEALS.0, DEALS.1, "$1"),
        )
    });
    let row = sqlx::query(&SQL).bind(limit).fetch_one(pool).await?;
    let cards = |column: &str| -> Result<Vec<ProductCard>, sqlx::Error> {
        let Json(rows): Json<Vec<CardRow>> = row.try_get(column)?;
        Ok(rows.into_iter().map(ProductCard::from).collect())
    };
    let Json(featured): Json<Vec<CategoryTile>> = row.try_get("featured")?;
    Ok(HomeShelves {
        featured,
        new_arrivals: cards("new_arrivals")?,
        deals: cards("deals")?,
    })
}

/// The newest active products.
pub async fn new_arrivals(pool: &PgPool, limit: i64) -> Result<Vec<ProductCard>, sqlx::Error> {
    let (filter, order) = NEWEST;
    let sql =
        format!("SELECT {CARD_COLUMNS} FROM products p {CARD_JOIN} WHERE {filter} ORDER BY {order} LIMIT $1");
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

/// The home page's category tiles (see [`TILES_JSON`]).
pub async fn featured_categories(pool: &PgPool) -> Result<Vec<CategoryTile>, sqlx::Error> {
    let Json(tiles) =
        sqlx::query_scalar::<_, Json<Vec<CategoryTile>>>(&format!("SELECT {TILES_JSON}"))
            .fetch_one(pool)
            .await?;
    Ok(tiles)
}
