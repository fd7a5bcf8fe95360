//! Listing search: full-text matching with typo correction, filters, facet counts, sorting and
//! pagination, for category pages and search results.

use sqlx::{PgPool, Row};

use super::catalog::{card_from_row, CARD_COLUMNS, CARD_JOIN};
use crate::domain::catalog::{
    price_band, FacetCount, Facets, PriceBand, ProductCard, PRICE_BAND_EDGES,
};
use crate::domain::query::{CatalogQuery, Sort, PAGE_SIZE};

/// Replaces each search word that is not in the catalog's vocabulary by the most similar word
/// that is (trigram similarity at or above pg_trgm's threshold, 0.3); words with no close
/// match are kept as typed. The order of words is kept.
pub async fn correct_words(pool: &PgPool, words: &[String]) -> Result<Vec<String>, sqlx::Error> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_scalar(
        "SELECT COALESCE(
                    (SELECT s.word FROM search_words s WHERE s.word = w.word),
                    (SELECT s.word FROM search_words s WHERE s.word % w.word
                      ORDER BY similarity(s.word, w.word) DESC, s.ndoc DESC, s.word LIMIT 1),
                    w.word)
         FROM unnest($1::text[]) WITH ORDINALITY AS w(word, n) ORDER BY w.n",
    )
    .bind(words)
    .fetch_all(pool)
    .await
}

/// Rebuilds the search vocabulary after the catalog changed.
pub async fn refresh_search_words(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query("REFRESH MATERIALIZED VIEW search_words")
        .execute(pool)
        .await?;
    Ok(())
}

/// A listing request in database terms.
#[derive(Debug, Clone)]
pub struct ListingFilter<'a> {
    /// Words to match (already corrected); used only when the query has search text.
    pub words: &'a [String],
    /// Category ids to stay within (a category and its subtree); None means the whole store.
    pub category_ids: Option<&'a [i64]>,
    pub query: &'a CatalogQuery,
}

/// Products matching the text and the active product/variant rules, with one flag per filter
/// so that each facet can count with every filter but its own. Parameters: $1 words joined by
/// spaces (NULL for none), $2 category ids, $3 brands, $4/$5 min/max price, $6 in stock only.
const BASE: &str = "SELECT p.id, p.slug, p.name, p.brand, p.category_id, p.created_at, v.*,
        CASE WHEN $1::text IS NULL THEN 0
             ELSE ts_rank_cd(p.search, plainto_tsquery('simple', $1)) END AS rank,
        ($2::bigint[] IS NULL OR p.category_id = ANY($2)) AS cat_ok,
        (cardinality($3::text[]) = 0 OR p.brand = ANY($3)) AS brand_ok,
        (($4::bigint IS NULL OR v.min_price >= $4) AND ($5::bigint IS NULL OR v.min_price <= $5)) AS price_ok,
        (NOT $6::boolean OR v.stock > 0) AS stock_ok
    FROM products p ";

fn base_sql() -> String {
    format!(
        "{BASE} {CARD_JOIN} WHERE p.active AND ($1::text IS NULL OR p.search @@ plainto_tsquery('simple', $1))"
    )
}

fn bind_filter<'q>(
    sql: &'q str,
    filter: &ListingFilter<'q>,
) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    // Search text without a single searchable word matches nothing (an empty tsquery).
    let text = filter.query.text.as_ref().map(|_| filter.words.join(" "));
    sqlx::query(sql)
        .bind(text)
        .bind(filter.category_ids)
        .bind(&filter.query.brands)
        .bind(filter.query.min_price)
        .bind(filter.query.max_price)
        .bind(filter.query.in_stock)
}

/// The ORDER BY of a sort; ties are broken by id so pages never overlap.
fn order_by(sort: Sort, has_text: bool) -> &'static str {
    match sort {
        Sort::Relevance if has_text => "p.rank DESC, p.id",
        Sort::Relevance | Sort::Newest => "p.created_at DESC, p.id DESC",
        Sort::PriceAsc => "p.min_price ASC, p.id",
        Sort::PriceDesc => "p.min_price DESC, p.id",
        Sort::Name => "lower(p.name), p.id",
    }
}

/// How many products match every filter.
pub async fn count_matches(pool: &PgPool, filter: &ListingFilter<'_>) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "WITH base AS ({}) SELECT count(*) FROM base WHERE cat_ok AND brand_ok AND price_ok AND stock_ok",
        base_sql()
    );
    let row = bind_filter(&sql, filter).fetch_one(pool).await?;
    row.try_get(0)
}

/// One page of matching products in the requested order.
pub async fn page_of_products(
    pool: &PgPool,
    filter: &ListingFilter<'_>,
) -> Result<Vec<ProductCard>, sqlx::Error> {
    let order = order_by(filter.query.sort, filter.query.text.is_some());
    let sql = format!(
        "WITH base AS ({}) SELECT {CARD_COLUMNS} FROM base p JOIN LATERAL (SELECT p.min_price, p.max_price,
                p.currency, p.compare_at, p.stock, p.low_threshold) v ON true
         WHERE cat_ok AND brand_ok AND price_ok AND stock_ok ORDER BY {order} LIMIT $7 OFFSET $8",
        base_sql()
    );
    let rows = bind_filter(&sql, filter)
        .bind(i64::from(PAGE_SIZE))
        .bind(filter.query.offset())
        .fetch_all(pool)
        .await?;
    rows.iter().map(card_from_row).collect()
}

/// Facet counts: categories (every filter applied), brands (all but brand), price bands (all
/// but price) and in-stock (all but in-stock).
pub async fn facets(pool: &PgPool, filter: &ListingFilter<'_>) -> Result<Facets, sqlx::Error> {
    let base = base_sql();
    let categories_sql = format!(
        "WITH base AS ({base}) SELECT c.slug, c.name, count(*) AS n FROM base b
         JOIN categories c ON c.id = b.category_id
         WHERE cat_ok AND brand_ok AND price_ok AND stock_ok GROUP BY c.id ORDER BY n DESC, c.name LIMIT 40"
    );
    let brands_sql = format!(
        "WITH base AS ({base}) SELECT brand, brand AS label, count(*) AS n FROM base
         WHERE cat_ok AND price_ok AND stock_ok GROUP BY brand ORDER BY n DESC, brand LIMIT 40"
    );
    let bands_sql = format!(
        "WITH base AS ({base}) SELECT width_bucket(min_price, $7::bigint[]) AS band, count(*) AS n FROM base
         WHERE cat_ok AND brand_ok AND stock_ok GROUP BY band ORDER BY band"
    );
    let stock_sql = format!(
        "WITH base AS ({base}) SELECT count(*) FROM base WHERE cat_ok AND brand_ok AND price_ok AND stock > 0"
    );
    let counts = |rows: Vec<sqlx::postgres::PgRow>| -> Result<Vec<FacetCount>, sqlx::Error> {
        rows.iter()
            .map(|r| {
                Ok(FacetCount {
                    value: r.try_get(0)?,
                    label: r.try_get(1)?,
                    count: r.try_get(2)?,
                })
            })
            .collect()
    };
    let categories = counts(bind_filter(&categories_sql, filter).fetch_all(pool).await?)?;
    let brands = counts(bind_filter(&brands_sql, filter).fetch_all(pool).await?)?;
    let price_bands = bind_filter(&bands_sql, filter)
        .bind(PRICE_BAND_EDGES.as_slice())
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            let band: i32 = r.try_get("band")?;
            let (min, max) = price_band(usize::try_from(band).unwrap_or(0));
            Ok(PriceBand {
                min,
                max,
                count: r.try_get("n")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let in_stock: i64 = bind_filter(&stock_sql, filter)
        .fetch_one(pool)
        .await?
        .try_get(0)?;
    Ok(Facets {
        categories,
        brands,
        price_bands,
        in_stock,
    })
}
