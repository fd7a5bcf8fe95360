//! Categories, product pages, home-page shelves and the sitemap.

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

/// The category with this slug, its ancestors, children and subtree; None when unknown.
pub async fn category_by_slug(
    pool: &PgPool,
    slug: &str,
) -> Result<Option<CategoryPlace>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT id, slug, name, description, spec_facets FROM categories WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    // The trail ends with the category itself; its ancestors are everything before it.
    let mut ancestors = category_trail(pool, id).await?;
    ancestors.pop();
    let children = sqlx::query(
        "SELECT slug, name FROM categories WHERE parent_id = $1 ORDER BY position, name",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let subtree_ids: Vec<i64> = sqlx::query_scalar(
        "WITH RECURSIVE down AS (
             SELECT id FROM categories WHERE id = $1
             UNION -- not ALL: a cycle (which writes refuse) still ends
             SELECT c.id FROM categories c JOIN down ON c.parent_id = down.id
         ) SELECT id FROM down",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some(CategoryPlace {
        id,
        link: link_from_row(&row)?,
        description: row.try_get("description")?,
        spec_facets: row.try_get("spec_facets")?,
        ancestors,
        children: children
            .iter()
            .map(link_from_row)
            .collect::<Result<_, _>>()?,
        subtree_ids,
    }))
}

/// An active product with its variants and images, as stored.
#[derive(Debug, Clone)]
pub struct ProductRecord {
    pub id: i64,
    pub category_id: i64,
    pub facts: ProductFacts,
}

/// The active product with this slug and its active variants; None when unknown or inactive.
pub async fn product_by_slug(
    pool: &PgPool,
    slug: &str,
) -> Result<Option<ProductRecord>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT id, category_id, slug, name, brand, description, specs
         FROM products WHERE slug = $1 AND active",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    let images =
        // Images without alt text are described by the product's name.
        sqlx::query(
            "SELECT i.url, i.width, i.height, i.renditions,
                    CASE WHEN i.alt = '' THEN p.name ELSE i.alt END AS alt
             FROM product_images i JOIN products p ON p.id = i.product_id
             WHERE i.product_id = $1 ORDER BY i.position",
        )
        .bind(id)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| {
                let alt: String = r.try_get("alt")?;
                Ok(ImageRow {
                    url: r.try_get("url")?,
                    width: r.try_get("width")?,
                    height: r.try_get("height")?,
                    renditions: r.try_get("renditions")?,
                }
                .picture(&alt))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let variants = sqlx::query(
        "SELECT sku, options, price_minor, currency, compare_at_minor,
                (stock_on_hand - stock_reserved) AS available, low_stock_threshold
         FROM variants WHERE product_id = $1 AND active ORDER BY position, id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        let currency = currency_of(r.try_get::<String, _>("currency")?.as_str());
        let Json(options): Json<Vec<(String, String)>> = r.try_get("options")?;
        Ok(VariantView {
            sku: r.try_get("sku")?,
            options,
            price: Money::new(r.try_get("price_minor")?, currency),
            compare_at: r
                .try_get::<Option<i64>, _>("compare_at_minor")?
                .map(|m| Money::new(m, currency)),
            stock: StockStatus::from_level(
                i64::from(r.try_get::<i32, _>("available")?),
                i64::from(r.try_get::<i32, _>("low_stock_threshold")?),
            ),
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let Json(specs): Json<Vec<(String, String)>> = row.try_get("specs")?;
    Ok(Some(ProductRecord {
        id,
        category_id: row.try_get("category_id")?,
        facts: ProductFacts {
            slug: row.try_get("slug")?,
            name: row.try_get("name")?,
            brand: row.try_get("brand")?,
            description: row.try_get("description")?,
            specs,
            images,
            variants,
        },
    }))
}

/// The category and its ancestors, from the root down.
pub async fn category_trail(
    pool: &PgPool,
    category_id: i64,
) -> Result<Vec<CategoryLink>, sqlx::Error> {
    let rows = sqlx::query(
        "WITH RECURSIVE up AS (
             SELECT id, parent_id, 0 AS depth FROM categories WHERE id = $1
             UNION ALL
             SELECT c.id, c.parent_id, up.depth + 1 FROM categories c JOIN up ON c.id = up.parent_id
             WHERE up.depth < 32 -- a cycle (which writes refuse) still ends
         )
         SELECT c.slug, c.name FROM up JOIN categories c ON c.id = up.id ORDER BY up.depth DESC",
    )
    .bind(category_id)
    .fetch_all(pool)
    .await?;
    rows.iter().map(link_from_row).collect()
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
