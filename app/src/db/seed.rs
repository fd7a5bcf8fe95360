//! Loading the demo catalog. Idempotent: rows that already exist (by slug or SKU) are left as
//! they are, so an edited store is never overwritten and a second load adds nothing.

use sqlx::types::Json;
use sqlx::PgPool;

use crate::demo::DemoCatalog;

/// How many rows a load inserted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    pub categories: u64,
    pub products: u64,
    pub variants: u64,
    pub images: u64,
}

/// True when the store has no products at all.
pub async fn store_is_empty(pool: &PgPool) -> Result<bool, sqlx::Error> {
    let any: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM products)")
        .fetch_one(pool)
        .await?;
    Ok(!any)
}

/// Inserts the demo catalog in one transaction, skipping rows that already exist, then
/// rebuilds the search vocabulary.
pub async fn load_demo_catalog(
    pool: &PgPool,
    catalog: &DemoCatalog,
) -> Result<SeedReport, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // A store's first catalog is no domain event (see the domain_events migration).
    sqlx::query("SET LOCAL oxcart.events = 'off'")
        .execute(&mut *tx)
        .await?;
    let mut report = SeedReport::default();
    // Parents first: top-level categories have no parent and are listed first.
    for category in &catalog.categories {
        report.categories += sqlx::query(
            "INSERT INTO categories (parent_id, slug, name, description, position, spec_facets)
             VALUES ((SELECT id FROM categories WHERE slug = $1), $2, $3, $4, $5, $6)
             ON CONFLICT (slug) DO NOTHING",
        )
        .bind(&category.parent)
        .bind(&category.slug)
        .bind(&category.name)
        .bind(&category.description)
        .bind(category.position)
        .bind(&category.spec_facets)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }

    let p = &catalog.products;
    let col = |f: fn(&crate::demo::DemoProduct) -> String| p.iter().map(f).collect::<Vec<String>>();
    report.products = sqlx::query(
        "INSERT INTO products (category_id, slug, name, brand, description, specs, created_at, updated_at)
         SELECT c.id, x.slug, x.name, x.brand, x.description, x.specs,
                timestamptz '2025-06-01 09:00:00+00' + make_interval(days => x.day),
                timestamptz '2025-06-01 09:00:00+00' + make_interval(days => x.day)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::int[])
              AS x(category, slug, name, brand, description, specs, day)
         JOIN categories c ON c.slug = x.category
         ON CONFLICT (slug) DO NOTHING",
    )
    .bind(col(|p| p.category.clone()))
    .bind(col(|p| p.slug.clone()))
    .bind(col(|p| p.name.clone()))
    .bind(col(|p| p.brand.clone()))
    .bind(col(|p| p.description.clone()))
    .bind(p.iter().map(|p| Json(p.specs.clone())).collect::<Vec<_>>())
    .bind(p.iter().map(|p| p.added_day).collect::<Vec<i32>>())
    .execute(&mut *tx)
    .await?
    .rows_affected();

    let variants: Vec<(&str, usize, &crate::demo::DemoVariant)> = p
        .iter()
        .flat_map(|p| {
            p.variants
                .iter()
                .enumerate()
                .map(move |(i, v)| (p.slug.as_str(), i, v))
        })
        .collect();
    report.variants = sqlx::query(
        "INSERT INTO variants (product_id, sku, options, price_minor, currency, compare_at_minor,
                               stock_on_hand, low_stock_threshold, position)
         SELECT pr.id, x.sku, x.options, x.price, 'USD', x.compare_at, x.stock, x.threshold, x.position
         FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::bigint[], $5::bigint[], $6::int[], $7::int[], $8::int[])
              AS x(product, sku, options, price, compare_at, stock, threshold, position)
         JOIN products pr ON pr.slug = x.product
         ON CONFLICT (sku) DO NOTHING",
    )
    .bind(variants.iter().map(|(s, _, _)| s.to_string()).collect::<Vec<_>>())
    .bind(variants.iter().map(|(_, _, v)| v.sku.clone()).collect::<Vec<_>>())
    .bind(variants.iter().map(|(_, _, v)| Json(v.options.clone())).collect::<Vec<_>>())
    .bind(variants.iter().map(|(_, _, v)| v.price_minor).collect::<Vec<_>>())
    .bind(variants.iter().map(|(_, _, v)| v.compare_at_minor).collect::<Vec<_>>())
    .bind(variants.iter().map(|(_, _, v)| v.stock).collect::<Vec<_>>())
    .bind(variants.iter().map(|(_, _, v)| v.low_stock_threshold).collect::<Vec<_>>())
    .bind(variants.iter().map(|(_, i, _)| *i as i32).collect::<Vec<_>>())
    .execute(&mut *tx)
    .await?
    .rows_affected();

    let images: Vec<(String, i32, String)> = p
        .iter()
        .flat_map(|p| {
            (0..p.image_count).map(move |i| {
                (
                    p.slug.clone(),
                    i,
                    format!("{} – view {} of {}", p.name, i + 1, p.image_count),
                )
            })
        })
        .collect();
    report.images = sqlx::query(
        "INSERT INTO product_images (product_id, position, url, alt)
         SELECT pr.id, x.position, '/media/demo/' || x.product || '/' || (x.position + 1) || '.svg', x.alt
         FROM unnest($1::text[], $2::int[], $3::text[]) AS x(product, position, alt)
         JOIN products pr ON pr.slug = x.product
         ON CONFLICT (product_id, position) DO NOTHING",
    )
    .bind(images.iter().map(|(s, _, _)| s.clone()).collect::<Vec<_>>())
    .bind(images.iter().map(|(_, i, _)| *i).collect::<Vec<_>>())
    .bind(images.iter().map(|(_, _, a)| a.clone()).collect::<Vec<_>>())
    .execute(&mut *tx)
    .await?
    .rows_affected();

    tx.commit().await?;
    super::listing::refresh_search_words(pool).await?;
    Ok(report)
}
