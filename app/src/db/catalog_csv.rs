//! Catalog export and import. An import runs in one transaction: every row's references
//! (category, SKU ownership) are checked first, and if any is wrong nothing is written.
//! Products are matched by slug and variants by SKU; what is not in the file is left alone.
//! Stock never changes through an import (it moves only through the inventory ledger).

use std::collections::HashMap;

use serde_json::json;
use sqlx::types::Json;
use sqlx::{PgPool, Row};

use crate::domain::catalog_csv::{ExportRow, ImportReport, ImportRow, RowError};
use crate::domain::money::Currency;
use crate::domain::product_edit::{specs_text, ProductForm};

/// Every variant row, products by slug and variants in their order; `seller` limits it to
/// that seller's products.
pub async fn export_rows(
    pool: &PgPool,
    seller: Option<i64>,
) -> Result<Vec<ExportRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT p.slug, p.name, p.brand, c.slug AS category, p.description, p.specs,
                p.active AS product_active, v.sku, v.options, v.price_minor, v.currency,
                v.compare_at_minor, v.low_stock_threshold, v.active AS variant_active
         FROM products p
         JOIN categories c ON c.id = p.category_id
         JOIN variants v ON v.product_id = p.id
         WHERE ($1::bigint IS NULL OR p.seller_id = $1)
         ORDER BY p.slug, v.position, v.id",
    )
    .bind(seller)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let Json(specs): Json<Vec<(String, String)>> = r.try_get("specs")?;
            Ok(ExportRow {
                product: ProductForm {
                    name: r.try_get("name")?,
                    slug: r.try_get("slug")?,
                    brand: r.try_get("brand")?,
                    category: r.try_get("category")?,
                    description: r.try_get("description")?,
                    specs: specs_text(&specs),
                    active: r.try_get("product_active")?,
                },
                variant: crate::db::products::variant_form(r)?,
                variant_active: r.try_get("variant_active")?,
            })
        })
        .collect()
}

/// Applies checked rows, all or nothing: `Err` lists the rows whose references are wrong
/// (unknown category, a SKU of another product) and nothing is written.
pub async fn import(
    pool: &PgPool,
    rows: &[ImportRow],
    currency: Currency,
    actor_id: i64,
) -> Result<Result<ImportReport, Vec<RowError>>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // One import at a time: two overlapping files could otherwise both create a product.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('oxcart.catalog-import'))")
        .execute(&mut *tx)
        .await?;
    let category_slugs: Vec<&str> = rows.iter().map(|r| r.product.category.as_str()).collect();
    let categories: HashMap<String, i64> =
        sqlx::query_as("SELECT slug, id FROM categories WHERE slug = ANY($1)")
            .bind(&category_slugs)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
    let slugs: Vec<&str> = rows.iter().map(|r| r.product.slug.as_str()).collect();
    let products: HashMap<String, i64> =
        sqlx::query_as("SELECT slug, id FROM products WHERE slug = ANY($1) FOR UPDATE")
            .bind(&slugs)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
    let skus: Vec<&str> = rows.iter().map(|r| r.variant.sku.as_str()).collect();
    let owners: HashMap<String, String> = sqlx::query_as(
        "SELECT v.sku, p.slug FROM variants v JOIN products p ON p.id = v.product_id
         WHERE v.sku = ANY($1)",
    )
    .bind(&skus)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();

    let mut errors = Vec::new();
    for row in rows {
        if !categories.contains_key(&row.product.category) {
            errors.push(RowError::new(
                row.line,
                "category",
                format!("No category has the address \"{}\".", row.product.category),
            ));
        }
        match owners.get(&row.variant.sku) {
            Some(owner) if *owner != row.product.slug => errors.push(RowError::new(
                row.line,
                "sku",
                format!("{} belongs to another product ({owner}).", row.variant.sku),
            )),
            _ => {}
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }

    let mut report = ImportReport {
        rows: rows.len(),
        ..ImportReport::default()
    };
    // Products in file order, each once.
    let mut by_slug: HashMap<&str, i64> = HashMap::new();
    for row in rows {
        let p = &row.product;
        if by_slug.contains_key(p.slug.as_str()) {
            continue;
        }
        let category = categories[&p.category];
        let id = match products.get(&p.slug) {
            Some(&id) => {
                let changed = sqlx::query(
                    "UPDATE products SET category_id = $2, name = $3, brand = $4, description = $5,
                            specs = $6, active = $7, version = version + 1, updated_at = now()
                     WHERE id = $1
                       AND (category_id, name, brand, description, specs, active)
                           IS DISTINCT FROM ($2, $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(category)
                .bind(&p.name)
                .bind(&p.brand)
                .bind(&p.description)
                .bind(Json(&p.specs))
                .bind(p.active)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                report.products_updated += changed as usize;
                id
            }
            None => {
                report.products_created += 1;
                sqlx::query_scalar(
                    "INSERT INTO products (category_id, slug, name, brand, description, specs, active)
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(category)
                .bind(&p.slug)
                .bind(&p.name)
                .bind(&p.brand)
                .bind(&p.description)
                .bind(Json(&p.specs))
                .bind(p.active)
                .fetch_one(&mut *tx)
                .await?
            }
        };
        by_slug.insert(&p.slug, id);
    }
    let mut touched: Vec<i64> = Vec::new();
    for row in rows {
        let product = by_slug[row.product.slug.as_str()];
        let v = &row.variant;
        let changed = if owners.contains_key(&v.sku) {
            let n = sqlx::query(
                "UPDATE variants SET options = $2, price_minor = $3, compare_at_minor = $4,
                        low_stock_threshold = $5, active = $6
                 WHERE sku = $1
                   AND (options, price_minor, compare_at_minor, low_stock_threshold, active)
                       IS DISTINCT FROM ($2, $3, $4, $5, $6)",
            )
            .bind(&v.sku)
            .bind(Json(&v.options))
            .bind(v.price_minor)
            .bind(v.compare_at_minor)
            .bind(v.threshold)
            .bind(row.variant_active)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            report.variants_updated += n as usize;
            n > 0
        } else {
            sqlx::query(
                "INSERT INTO variants (product_id, sku, options, price_minor, currency,
                                       compare_at_minor, low_stock_threshold, active, position)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
                         (SELECT coalesce(max(position), -1) + 1 FROM variants WHERE product_id = $1))",
            )
            .bind(product)
            .bind(&v.sku)
            .bind(Json(&v.options))
            .bind(v.price_minor)
            .bind(currency.code())
            .bind(v.compare_at_minor)
            .bind(v.threshold)
            .bind(row.variant_active)
            .execute(&mut *tx)
            .await?;
            report.variants_created += 1;
            true
        };
        if changed {
            touched.push(product);
        }
    }
    // An editor opened before the import sees that the product changed under it.
    sqlx::query("UPDATE products SET version = version + 1, updated_at = now() WHERE id = ANY($1)")
        .bind(&touched)
        .execute(&mut *tx)
        .await?;
    report.applied = true;
    crate::db::audit::record(
        &mut *tx,
        actor_id,
        "catalog.import",
        "catalog",
        None,
        Some(json!({
            "rows": report.rows,
            "products_created": report.products_created,
            "products_updated": report.products_updated,
            "variants_created": report.variants_created,
            "variants_updated": report.variants_updated,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(report))
}
