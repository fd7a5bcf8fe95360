//! Categories, product pages, home-page shelves and the sitemap.

use std::sync::LazyLock;

use sqlx::types::Json;
use sqlx::{PgPool, Row};

use crate::domain::catalog::{
    CategoryBranch, CategoryLink, ProductCard, ProductFacts, StockStatus, VariantView,
};
use crate::domain::money::{Currency, Money};
use crate::domain::picture::Picture;

/// The first picture of product `p` as a JSON object ([`ImageRow`]): a scalar subquery.
macro_rules! first_image {
    () => {
        "(SELECT to_jsonb(i) FROM (SELECT url, width, height, renditions FROM product_images \
          WHERE product_id = p.id ORDER BY position LIMIT 1) i)"
    };
}
pub(crate) const FIRST_IMAGE: &str = first_image!();

/// Columns of a product card, read from `products p` joined to the `CARD_JOIN` read model `v`.
pub(crate) const CARD_COLUMNS: &str = concat!(
    "p.slug, p.name, p.brand, v.min_price, v.max_price, v.currency, v.compare_at, v.stock, \
     v.low_threshold, ",
    first_image!(),
    " AS image"
);

/// Per-product price and stock summary over its active variants (the cheapest variant's price
/// and compare-at price, the highest price, the stock left to sell and the highest low-stock
/// threshold), read from the `product_cards` read model, which the database keeps current in
/// the transactions that write variants (migration `product_cards`). Products without an active
/// variant have no prices there and are left out.
pub(crate) const CARD_JOIN: &str =
    "JOIN product_cards v ON v.product_id = p.id AND v.min_price IS NOT NULL";

/// Cards as a JSON array ([`CardRow`]s), a scalar subquery: active products `p` joined to
/// their card `v`, the SQL `filter` and `order` over them, at most `limit` (an SQL expression).
pub(crate) fn cards_json(filter: &str, order: &str, limit: &str) -> String {
    format!(
        "(SELECT coalesce(json_agg(x ORDER BY x.rn), '[]') FROM (
              SELECT row_number() OVER (ORDER BY {order}) AS rn, {CARD_COLUMNS}
              FROM products p {CARD_JOIN}
              WHERE {filter} ORDER BY {order} LIMIT {limit}) x)"
    )
}

fn link_from_row(row: &sqlx::postgres::PgRow) -> Result<CategoryLink, sqlx::Error> {
    Ok(CategoryLink {
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
    })
}

fn currency_of(code: &str) -> Currency {
    Currency::parse(code).unwrap_or(Currency::Usd)
}

/// A stored picture's columns.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct ImageRow {
    url: String,
    width: Option<i32>,
    height: Option<i32>,
    #[serde(default)]
    renditions: bool,
}

impl ImageRow {
    pub(crate) fn picture(self, alt: &str) -> Picture {
        let size = |v: Option<i32>| v.and_then(|v| u32::try_from(v).ok());
        Picture {
            url: self.url,
            alt: alt.to_string(),
            width: size(self.width),
            height: size(self.height),
            renditions: self.renditions,
        }
    }
}

/// The columns of a product card, as selected with [`CARD_COLUMNS`] or aggregated as JSON by
/// the listing search.
#[derive(Debug, serde::Deserialize, sqlx::FromRow)]
pub(crate) struct CardRow {
    slug: String,
    name: String,
    brand: String,
    image: Option<Json<ImageRow>>,
    min_price: i64,
    max_price: i64,
    currency: String,
    compare_at: Option<i64>,
    stock: i64,
    low_threshold: i64,
}

impl From<CardRow> for ProductCard {
    fn from(r: CardRow) -> ProductCard {
        let currency = currency_of(&r.currency);
        ProductCard {
            image: r.image.map(|Json(i)| i.picture(&r.name)),
            slug: r.slug,
            name: r.name,
            brand: r.brand,
            price: Money::new(r.min_price, currency),
            compare_at: r.compare_at.map(|m| Money::new(m, currency)),
            price_varies: r.max_price != r.min_price,
            stock: StockStatus::from_level(r.stock, r.low_threshold),
        }
    }
}

/// Maps a row selected with [`CARD_COLUMNS`] to a card.
pub(crate) fn card_from_row(row: &sqlx::postgres::PgRow) -> Result<ProductCard, sqlx::Error> {
    use sqlx::FromRow;
    CardRow::from_row(row).map(ProductCard::from)
}

/// Top-level categories with their children, in navigation order.
pub async fn category_tree(pool: &PgPool) -> Result<Vec<CategoryBranch>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, c.parent_id, c.slug, c.name FROM categories c
         ORDER BY c.parent_id NULLS FIRST, c.position, c.name",
    )
    .fetch_all(pool)
    .await?;
    let mut branches: Vec<(i64, CategoryBranch)> = Vec::new();
    for row in rows {
        let link = link_from_row(&row)?;
        match row.try_get::<Option<i64>, _>("parent_id")? {
            None => branches.push((
                row.try_get("id")?,
                CategoryBranch {
                    slug: link.slug,
                    name: link.name,
                    children: Vec::new(),
                },
            )),
            Some(parent) => {
                if let Some((_, branch)) = branches.iter_mut().find(|(id, _)| *id == parent) {
                    branch.children.push(link);
                }
            }
        }
    }
    Ok(branches.into_iter().map(|(_, b)| b).collect())
}

/// A category found by slug, with what a listing page needs around it.
#[derive(Debug, Clone)]
pub struct CategoryPlace {
    pub id: i64,
    pub link: CategoryLink,
    pub description: String,
    /// The specifications its listing filters by.
    pub spec_facets: Vec<String>,
    /// From the root down to the parent.
    pub ancestors: Vec<CategoryLink>,
    pub children: Vec<CategoryLink>,
    /// This category and everything below it.
    pub subtree_ids: Vec<i64>,
}

/// The JSON array of a category and its ancestors (`[{slug, name}]`, from the root down),
/// starting at the category whose id is the SQL expression `start`: a scalar subquery.
fn trail_json(start: &str) -> String {
    format!(
        "(WITH RECURSIVE up AS (
              SELECT id, parent_id, 0 AS depth FROM categories WHERE id = {start}
              UNION ALL
              SELECT c.id, c.parent_id, up.depth + 1 FROM categories c JOIN up ON c.id = up.parent_id
              WHERE up.depth < 32 -- a cycle (which writes refuse) still ends
          )
          SELECT coalesce(json_agg(json_build_object('slug', c.slug, 'name', c.name) ORDER BY up.depth DESC), '[]')
          FROM up JOIN categories c ON c.id = up.id)"
    )
}

/// The category with this slug, its ancestors, children and subtree; None when unknown. One
/// statement (a round trip to Postgres costs more than these lookups: see [`product_page`]).
pub async fn category_by_slug(
    pool: &PgPool,
    slug: &str,
) -> Result<Option<CategoryPlace>, sqlx::Error> {
    // Built once per process (not on every call); sqlx finds its prepared statement by the text.
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT me.id, me.slug, me.name, me.description, me.spec_facets,
                {ancestors} AS ancestors,
                (SELECT coalesce(json_agg(json_build_object('slug', k.slug, 'name', k.name)
                                          ORDER BY k.position, k.name), '[]')
                 FROM categories k WHERE k.parent_id = me.id) AS children,
                ARRAY(WITH RECURSIVE down AS (
                          SELECT me.id AS id
                          UNION -- not ALL: a cycle (which writes refuse) still ends
                          SELECT k.id FROM categories k JOIN down ON k.parent_id = down.id
                      ) SELECT id FROM down) AS subtree_ids
         FROM categories me WHERE me.slug = $1",
            ancestors = trail_json("me.parent_id"),
        )
    });
    let Some(row) = sqlx::query(&SQL).bind(slug).fetch_optional(pool).await? else {
        return Ok(None);
    };
    let Json(ancestors): Json<Vec<CategoryLink>> = row.try_get("ancestors")?;
    let Json(children): Json<Vec<CategoryLink>> = row.try_get("children")?;
    Ok(Some(CategoryPlace {
        id: row.try_get("id")?,
        link: link_from_row(&row)?,
        description: row.try_get("description")?,
        spec_facets: row.try_get("spec_facets")?,
        ancestors,
        children,
        subtree_ids: row.try_get("subtree_ids")?,
    }))
}

/// What a product page shows: the product with its active variants and its pictures, its
/// category trail and related products.
#[derive(Debug, Clone)]
pub struct ProductPage {
    pub facts: ProductFacts,
    pub trail: Vec<CategoryLink>,
    pub related: Vec<ProductCard>,
}

/// A picture of the product page, with its alt text.
#[derive(serde::Deserialize)]
struct PictureRow {
    #[serde(flatten)]
    image: ImageRow,
    alt: String,
}

/// An active variant as the product page's query aggregates it.
#[derive(serde::Deserialize)]
struct VariantRow {
    sku: String,
    options: Vec<(String, String)>,
    price_minor: i64,
    currency: String,
    compare_at_minor: Option<i64>,
    available: i64,
    low_stock_threshold: i64,
}

impl From<VariantRow> for VariantView {
    fn from(r: VariantRow) -> VariantView {
        let currency = currency_of(&r.currency);
        VariantView {
            sku: r.sku,
            options: r.options,
            price: Money::new(r.price_minor, currency),
            compare_at: r.compare_at_minor.map(|m| Money::new(m, currency)),
            stock: StockStatus::from_level(r.available, r.low_stock_threshold),
        }
    }
}

/// The active product with this slug and what its page shows; None when unknown or inactive.
/// One statement: each query costs a round trip to Postgres, which on a product page weighed
/// more than running them (the six small queries a page made took 0.3 ms to run and about
/// 1 ms of Postgres CPU, `README`: Performance).
///
/// - Pictures in order; one without alt text is described by the product's name.
/// - Related: other active products of the same category, closest in price (to this
///   product's cheapest active variant) first.
pub async fn product_page(pool: &PgPool, slug: &str) -> Result<Option<ProductPage>, sqlx::Error> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
        "SELECT me.slug, me.name, me.brand, me.description, me.specs,
           (SELECT coalesce(json_agg(json_build_object(
                       'url', i.url, 'width', i.width, 'height', i.height, 'renditions', i.renditions,
                       'alt', CASE WHEN i.alt = '' THEN me.name ELSE i.alt END) ORDER BY i.position), '[]')
            FROM product_images i WHERE i.product_id = me.id) AS images,
           (SELECT coalesce(json_agg(json_build_object(
                       'sku', x.sku, 'options', x.options, 'price_minor', x.price_minor,
                       'currency', x.currency, 'compare_at_minor', x.compare_at_minor,
                       'available', x.stock_on_hand - x.stock_reserved,
                       'low_stock_threshold', x.low_stock_threshold) ORDER BY x.position, x.id), '[]')
            FROM variants x WHERE x.product_id = me.id AND x.active) AS variants,
           {trail} AS trail,
           {related} AS related
         FROM products me
         LEFT JOIN product_cards mine ON mine.product_id = me.id
         WHERE me.slug = $1 AND me.active",
        trail = trail_json("me.category_id"),
        related = cards_json(
            "p.active AND p.category_id = me.category_id AND p.id <> me.id",
            "abs(v.min_price - coalesce(mine.min_price, 0)), p.id",
            "4",
        ),
    )
    });
    let Some(row) = sqlx::query(&SQL).bind(slug).fetch_optional(pool).await? else {
        return Ok(None);
    };
    let Json(specs): Json<Vec<(String, String)>> = row.try_get("specs")?;
    let Json(images): Json<Vec<PictureRow>> = row.try_get("images")?;
    let Json(variants): Json<Vec<VariantRow>> = row.try_get("variants")?;
    let Json(trail): Json<Vec<CategoryLink>> = row.try_get("trail")?;
    let Json(related): Json<Vec<CardRow>> = row.try_get("related")?;
    Ok(Some(ProductPage {
        facts: ProductFacts {
            slug: row.try_get("slug")?,
            name: row.try_get("name")?,
            brand: row.try_get("brand")?,
            description: row.try_get("description")?,
            specs,
            images: images
                .into_iter()
                .map(|p| p.image.picture(&p.alt))
                .collect(),
            variants: variants.into_iter().map(VariantView::from).collect(),
        },
        trail,
        related: related.into_iter().map(ProductCard::from).collect(),
    }))
}

/// A page listed in the sitemap: its path and last modification date (YYYY-MM-DD).
#[derive(Debug, Clone)]
pub struct SitemapEntry {
    pub path: String,
    pub last_modified: Option<String>,
}

/// Every category and active product page.
pub async fn sitemap_entries(pool: &PgPool) -> Result<Vec<SitemapEntry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT '/c/' || slug AS path, NULL::text AS lastmod FROM categories
         UNION ALL
         SELECT '/p/' || slug, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM products WHERE active
         ORDER BY 1",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SitemapEntry {
                path: r.try_get("path")?,
                last_modified: r.try_get("lastmod")?,
            })
        })
        .collect()
}

/// What the artwork of a demo product picture is drawn from.
#[derive(Debug, Clone)]
pub struct ArtworkSubject {
    pub name: String,
    pub brand: String,
    pub category_slug: String,
}

/// The published product (and its category) a picture belongs to, by product slug: the
/// pictures of unpublished products reveal nothing.
pub async fn artwork_subject(
    pool: &PgPool,
    product_slug: &str,
) -> Result<Option<ArtworkSubject>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT p.name, p.brand, c.slug AS category_slug
         FROM products p JOIN categories c ON c.id = p.category_id
         WHERE p.slug = $1 AND p.active",
    )
    .bind(product_slug)
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(ArtworkSubject {
            name: r.try_get("name")?,
            brand: r.try_get("brand")?,
            category_slug: r.try_get("category_slug")?,
        })
    })
    .transpose()
}
