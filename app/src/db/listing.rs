//! Listing search: full-text matching with typo correction, filters, facet counts, sorting and
//! pagination, for category pages and search results.

use sqlx::types::Json;
use sqlx::{PgPool, Row};

use super::catalog::{CardRow, CARD_JOIN};
use crate::domain::catalog::{
    natural_cmp, price_band, FacetCount, Facets, PriceBand, ProductCard, SpecFacet,
    PRICE_BAND_EDGES,
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

/// Rebuilds the search vocabulary after the catalog changed. Concurrently (the view has a unique
/// index), so searches keep reading the old vocabulary meanwhile instead of waiting.
pub async fn refresh_search_words(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query("REFRESH MATERIALIZED VIEW CONCURRENTLY search_words")
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
    /// The specifications to count values of (the category's spec facets), in order.
    pub spec_facets: &'a [String],
    pub query: &'a CatalogQuery,
}

/// Products matching the text and the active product/variant rules, with one flag per filter
/// so that each facet can count with every filter but its own. Parameters: $1 words joined by
/// spaces (NULL for none), $2 category ids, $3 brands, $4/$5 min/max price, $6 in stock only;
/// the specification filters' names and values follow the page's parameters when there are
/// any (see [`spec_ok`]).
const BASE: &str = "SELECT p.id, p.slug, p.name, p.brand, p.category_id, p.created_at, v.*,
        CASE WHEN $1::text IS NULL THEN 0
             ELSE ts_rank_cd(p.search, plainto_tsquery('simple', $1)) END AS rank,
        ($2::bigint[] IS NULL OR p.category_id = ANY($2)) AS cat_ok,
        (cardinality($3::text[]) = 0 OR p.brand = ANY($3)) AS brand_ok,
        (($4::bigint IS NULL OR v.min_price >= $4) AND ($5::bigint IS NULL OR v.min_price <= $5)) AS price_ok,
        (NOT $6::boolean OR v.stock > 0) AS stock_ok";

/// The placeholders of the specification filters' names and values (text arrays, in pairs)
/// in a listing query; None when the request filters by no specification.
#[derive(Clone, Copy)]
struct SpecParams {
    names: u8,
    values: u8,
}

/// True when the product's `specs` (a column or expression) meet every specification filter
/// except those named `except` (an SQL expression; `NULL` for none): for each filtered name, the
/// product has that spec with one of its values. Names compare ignoring case, values after
/// trimming. Without specification filters it is plain `true`: no subquery runs for each row.
fn spec_ok(specs: &str, except: &str, params: Option<SpecParams>) -> String {
    let Some(SpecParams { names, values }) = params else {
        return "true".to_string();
    };
    format!(
        "NOT EXISTS (
            SELECT 1 FROM unnest(${names}::text[]) AS want(name)
            WHERE lower(want.name) IS DISTINCT FROM lower({except})
              AND NOT EXISTS (
                  SELECT 1 FROM jsonb_array_elements({specs}) s
                  JOIN unnest(${names}::text[], ${values}::text[]) AS f(name, value)
                    ON jsonb_typeof(s) = 'array' AND lower(s->>0) = lower(f.name) AND btrim(s->>1) = f.value
                  WHERE f.name = want.name))"
    )
}

/// The matching products; their `specs` are carried along only when spec facets are counted.
fn base_sql(spec_params: Option<SpecParams>, with_specs: bool) -> String {
    format!(
        "{BASE}{specs}, {spec_ok} AS spec_ok FROM products p {CARD_JOIN}
         WHERE p.active AND ($1::text IS NULL OR p.search @@ plainto_tsquery('simple', $1))",
        specs = if with_specs { ", p.specs" } else { "" },
        spec_ok = spec_ok("p.specs", "NULL", spec_params),
    )
}

/// Counts of each spec facet's values (`facets` is the placeholder of their names), with every
/// filter but the facet's own specification.
fn spec_counts_sql(facets: u8, spec_params: Option<SpecParams>) -> String {
    format!(
        "(SELECT coalesce(json_agg(x ORDER BY x.position), '[]') FROM (
            SELECT f.name, f.position, btrim(s->>1) AS value, count(DISTINCT p.id) AS n
            FROM base p
            CROSS JOIN unnest(${facets}::text[]) WITH ORDINALITY AS f(name, position)
            CROSS JOIN LATERAL jsonb_array_elements(p.specs) s
            WHERE p.cat_ok AND p.brand_ok AND p.price_ok AND p.stock_ok
              AND jsonb_typeof(s) = 'array' AND lower(s->>0) = lower(f.name) AND btrim(s->>1) <> ''
              AND {spec_ok_except}
            GROUP BY f.name, f.position, btrim(s->>1)) x)",
        spec_ok_except = spec_ok("p.specs", "f.name", spec_params),
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
        // The default order puts what can be bought first.
        Sort::Relevance if has_text => "(p.stock > 0) DESC, p.rank DESC, p.id",
        Sort::Relevance => "(p.stock > 0) DESC, p.created_at DESC, p.id DESC",
        Sort::Newest => "p.created_at DESC, p.id DESC",
        Sort::PriceAsc => "p.min_price ASC, p.id",
        Sort::PriceDesc => "p.min_price DESC, p.id",
        Sort::Name => "lower(p.name), p.id",
    }
}

/// One page of a listing with its total and facet counts.
#[derive(Debug, Clone)]
pub struct SearchResult {
    pub total: i64,
    pub products: Vec<ProductCard>,
    pub facets: Facets,
}

#[derive(serde::Deserialize)]
struct CountRow {
    value: String,
    label: String,
    n: i64,
}

#[derive(serde::Deserialize)]
struct SpecRow {
    name: String,
    value: String,
    n: i64,
}

#[derive(serde::Deserialize)]
struct BandRow {
    band: i32,
    n: i64,
}

/// Searches in one round trip: the matching set is computed once (a materialized CTE) and the
/// total, the requested page and every facet are aggregated from it. Facets count with every
/// filter but their own: categories (all filters), brands (all but brand), price bands (all
/// but price), in-stock (all but in-stock), each spec facet (all but its own specification).
/// `page` is the requested page; callers clamp it. The specification parts of the query (a
/// subquery per product, the specs carried through the matching set) are left out when the
/// request has no specification filter or facet, as on the whole store's listing: its query
/// took about a third less time without them (README, Performance).
pub async fn search(
    pool: &PgPool,
    filter: &ListingFilter<'_>,
) -> Result<SearchResult, sqlx::Error> {
    let order = order_by(filter.query.sort, filter.query.text.is_some());
    let (spec_names, spec_values): (Vec<&str>, Vec<&str>) = filter
        .query
        .specs
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .unzip();
    // $1..$9 are always bound; the specification filters and facets only when there are some.
    let spec_params = (!spec_names.is_empty()).then_some(SpecParams {
        names: 10,
        values: 11,
    });
    let facets_param =
        (!filter.spec_facets.is_empty()).then_some(if spec_params.is_some() { 12 } else { 10 });
    let sql = format!(
        "WITH base AS MATERIALIZED ({base}),
         hits AS (SELECT * FROM base p WHERE cat_ok AND brand_ok AND price_ok AND stock_ok AND spec_ok)
         SELECT
           (SELECT count(*) FROM hits) AS total,
           (SELECT coalesce(json_agg(x ORDER BY x.rn), '[]') FROM (
               SELECT p.rn, p.slug, p.name, p.brand, p.min_price, p.max_price, p.currency, p.compare_at, p.stock, p.low_threshold,
                      {first_image} AS image
               -- The page's rows first, then their pictures (not those of the rows skipped).
               FROM (SELECT row_number() OVER (ORDER BY {order}) AS rn, p.id, p.slug, p.name, p.brand, p.min_price,
                            p.max_price, p.currency, p.compare_at, p.stock, p.low_threshold
                     FROM hits p ORDER BY {order} LIMIT $7 OFFSET $8) p) x) AS products,
           (SELECT coalesce(json_agg(x ORDER BY x.n DESC, x.label), '[]') FROM (
               SELECT c.slug AS value, c.name AS label, count(*) AS n FROM hits h JOIN categories c ON c.id = h.category_id
               GROUP BY c.id ORDER BY n DESC, c.name LIMIT 40) x) AS categories,
           (SELECT coalesce(json_agg(x ORDER BY x.n DESC, x.label), '[]') FROM (
               SELECT brand AS value, brand AS label, count(*) AS n FROM base
               WHERE cat_ok AND price_ok AND stock_ok AND spec_ok GROUP BY brand ORDER BY n DESC, brand LIMIT 40) x) AS brands,
           (SELECT coalesce(json_agg(x ORDER BY x.band), '[]') FROM (
               SELECT width_bucket(min_price, $9::bigint[]) AS band, count(*) AS n FROM base
               WHERE cat_ok AND brand_ok AND stock_ok AND spec_ok GROUP BY band ORDER BY band) x) AS bands,
           (SELECT count(*) FROM base WHERE cat_ok AND brand_ok AND price_ok AND spec_ok AND stock > 0) AS in_stock,
           {spec_counts} AS specs",
        base = base_sql(spec_params, facets_param.is_some()),
        spec_counts = facets_param.map_or("'[]'::json".to_string(), |facets| spec_counts_sql(facets, spec_params)),
        first_image = super::catalog::FIRST_IMAGE,
    );
    let mut query = bind_filter(&sql, filter)
        .bind(i64::from(PAGE_SIZE))
        .bind(filter.query.offset())
        .bind(PRICE_BAND_EDGES.as_slice());
    if spec_params.is_some() {
        query = query.bind(spec_names).bind(spec_values);
    }
    if facets_param.is_some() {
        query = query.bind(filter.spec_facets);
    }
    let row = query.fetch_one(pool).await?;
    let Json(cards): Json<Vec<CardRow>> = row.try_get("products")?;
    let Json(categories): Json<Vec<CountRow>> = row.try_get("categories")?;
    let Json(brands): Json<Vec<CountRow>> = row.try_get("brands")?;
    let Json(bands): Json<Vec<BandRow>> = row.try_get("bands")?;
    let Json(spec_rows): Json<Vec<SpecRow>> = row.try_get("specs")?;
    let counts = |rows: Vec<CountRow>| {
        rows.into_iter()
            .map(|r| FacetCount {
                value: r.value,
                label: r.label,
                count: r.n,
            })
            .collect()
    };
    Ok(SearchResult {
        total: row.try_get("total")?,
        products: cards.into_iter().map(ProductCard::from).collect(),
        facets: Facets {
            categories: counts(categories),
            brands: counts(brands),
            price_bands: bands
                .into_iter()
                .map(|b| {
                    let (min, max) = price_band(usize::try_from(b.band).unwrap_or(0));
                    PriceBand {
                        min,
                        max,
                        count: b.n,
                    }
                })
                .collect(),
            in_stock: row.try_get("in_stock")?,
            specs: spec_facets(filter.spec_facets, spec_rows),
        },
    })
}

/// Groups counted spec values under their facets, in the category's order, values in natural
/// order, at most [`MAX_SPEC_VALUES`] each; a facet with no value is left out.
fn spec_facets(names: &[String], rows: Vec<SpecRow>) -> Vec<SpecFacet> {
    let mut facets: Vec<SpecFacet> = names
        .iter()
        .map(|name| SpecFacet {
            name: name.clone(),
            values: Vec::new(),
        })
        .collect();
    for row in rows {
        if let Some(facet) = facets.iter_mut().find(|f| f.name == row.name) {
            facet.values.push(FacetCount {
                label: row.value.clone(),
                value: row.value,
                count: row.n,
            });
        }
    }
    facets.retain(|f| !f.values.is_empty());
    for facet in &mut facets {
        facet.values.sort_by(|a, b| natural_cmp(&a.value, &b.value));
        facet.values.truncate(MAX_SPEC_VALUES);
    }
    facets
}

/// At most this many values of one spec facet are listed.
const MAX_SPEC_VALUES: usize = 40;
