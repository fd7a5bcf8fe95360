//! The dashboard's catalog writes and reads: the product list, the editor's data, creating and
//! updating products (refusing a save made against an older version), adding, editing and
//! retiring variants. Each change writes its audit entry in the same transaction. `seller`
//! scopes everything to one seller's products.

use serde_json::json;
use sqlx::types::Json;
use sqlx::{PgPool, Row};

use crate::domain::money::{Currency, Money};
use crate::domain::order_view::format_utc;
use crate::domain::product_edit::{
    options_text, specs_text, AdminProductRow, ProductForm, ValidProduct, ValidVariant,
    VariantForm, VariantRow,
};

/// Sort orders of the product list.
pub fn sort_sql(sort: &str) -> &'static str {
    match sort {
        "name" => "p.name, p.id",
        "stock" => "stock, p.name",
        "updated" => "p.updated_at DESC, p.id DESC",
        _ => "p.created_at DESC, p.id DESC",
    }
}

fn like(text: &str) -> Option<String> {
    (!text.trim().is_empty()).then(|| super::contains_pattern(text))
}

/// Products matching `q` (name, brand, slug or a SKU), sorted, with the total count.
pub async fn list(
    pool: &PgPool,
    q: &str,
    sort: &str,
    seller: Option<i64>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AdminProductRow>, i64), sqlx::Error> {
    let filter = "($1::text IS NULL OR p.name ILIKE $1 OR p.brand ILIKE $1 OR p.slug ILIKE $1
                   OR EXISTS (SELECT 1 FROM variants w WHERE w.product_id = p.id AND w.sku ILIKE $1))
                  AND ($2::bigint IS NULL OR p.seller_id = $2)";
    let pattern = like(q);
    let total: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM products p WHERE {filter}"))
        .bind(&pattern)
        .bind(seller)
        .fetch_one(pool)
        .await?;
    let sql = format!(
        "SELECT p.id, p.name, p.slug, p.brand, c.name AS category, p.active, u.email AS seller,
                extract(epoch FROM p.updated_at)::bigint AS updated,
                (SELECT count(*) FROM variants v WHERE v.product_id = p.id) AS variants,
                (SELECT coalesce(sum(v.stock_on_hand), 0)::bigint FROM variants v
                 WHERE v.product_id = p.id AND v.active) AS stock,
                pr.min_price, pr.max_price, pr.currency, {image} AS image
         FROM products p JOIN categories c ON c.id = p.category_id
         LEFT JOIN LATERAL (
             SELECT min(v.price_minor) AS min_price, max(v.price_minor) AS max_price,
                    min(v.currency) AS currency
             FROM variants v WHERE v.product_id = p.id AND v.active
         ) pr ON true
         LEFT JOIN users u ON u.id = p.seller_id
         WHERE {filter} ORDER BY {} LIMIT $3 OFFSET $4",
        sort_sql(sort),
        image = crate::db::catalog::FIRST_IMAGE,
    );
    let rows = sqlx::query(&sql)
        .bind(&pattern)
        .bind(seller)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await?;
    let rows = rows
        .iter()
        .map(|r| {
            Ok(AdminProductRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                slug: r.try_get("slug")?,
                brand: r.try_get("brand")?,
                category: r.try_get("category")?,
                variants: r.try_get("variants")?,
                stock: r.try_get("stock")?,
                active: r.try_get("active")?,
                seller: r.try_get("seller")?,
                updated: format_utc(r.try_get("updated")?),
                prices: {
                    let currency: Option<String> = r.try_get("currency")?;
                    let currency = currency.as_deref().and_then(Currency::parse);
                    let (min, max): (Option<i64>, Option<i64>) =
                        (r.try_get("min_price")?, r.try_get("max_price")?);
                    match (min, max, currency) {
                        (Some(min), Some(max), Some(c)) => {
                            Some((Money::new(min, c), Money::new(max, c)))
                        }
                        _ => None,
                    }
                },
                image: r
                    .try_get::<Option<sqlx::types::Json<crate::db::catalog::ImageRow>>, _>("image")?
                    .map(|i| i.0.picture("")),
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok((rows, total))
}

/// A product as the editor loads it: (version, form, seller id, variants).
pub type Loaded = (i32, ProductForm, Option<i64>, Vec<VariantRow>);

pub async fn load(
    pool: &PgPool,
    id: i64,
    seller: Option<i64>,
) -> Result<Option<Loaded>, sqlx::Error> {
    let Some(r) = sqlx::query(
        "SELECT p.version, p.name, p.slug, p.brand, c.slug AS category, p.description, p.specs,
                p.active, p.seller_id
         FROM products p JOIN categories c ON c.id = p.category_id
         WHERE p.id = $1 AND ($2::bigint IS NULL OR p.seller_id = $2)",
    )
    .bind(id)
    .bind(seller)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let Json(specs): Json<Vec<(String, String)>> = r.try_get("specs")?;
    let form = ProductForm {
        name: r.try_get("name")?,
        slug: r.try_get("slug")?,
        brand: r.try_get("brand")?,
        category: r.try_get("category")?,
        description: r.try_get("description")?,
        specs: specs_text(&specs),
        active: r.try_get("active")?,
    };
    let variants = sqlx::query(
        "SELECT sku, options, price_minor, currency, compare_at_minor, low_stock_threshold,
                stock_on_hand, active
         FROM variants WHERE product_id = $1 ORDER BY position, id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|v| {
        Ok(VariantRow {
            form: variant_form(v)?,
            stock_on_hand: v.try_get("stock_on_hand")?,
            active: v.try_get("active")?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    Ok(Some((
        r.try_get("version")?,
        form,
        r.try_get("seller_id")?,
        variants,
    )))
}

/// A variant row as the editor's form shows it (columns `sku`, `options`, `price_minor`,
/// `currency`, `compare_at_minor`, `low_stock_threshold`): prices as decimal text.
pub(crate) fn variant_form(v: &sqlx::postgres::PgRow) -> Result<VariantForm, sqlx::Error> {
    let Json(options): Json<Vec<(String, String)>> = v.try_get("options")?;
    let code: String = v.try_get("currency")?;
    let currency = Currency::parse(&code).unwrap_or(Currency::Usd);
    let major = |minor: i64| Money::new(minor, currency).decimal_string();
    Ok(VariantForm {
        sku: v.try_get("sku")?,
        options: options_text(&options),
        price: major(v.try_get("price_minor")?),
        compare_at: v
            .try_get::<Option<i64>, _>("compare_at_minor")?
            .map(major)
            .unwrap_or_default(),
        threshold: v.try_get::<i32, _>("low_stock_threshold")?.to_string(),
    })
}

/// Categories to choose from: (slug, "Parent › Child"), in navigation order.
pub async fn category_choices(pool: &PgPool) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.slug, CASE WHEN p.id IS NULL THEN c.name ELSE p.name || ' › ' || c.name END
         FROM categories c LEFT JOIN categories p ON p.id = c.parent_id
         ORDER BY coalesce(p.position, c.position), coalesce(p.id, c.id), p.id IS NOT NULL, c.position, c.name",
    )
    .fetch_all(pool)
    .await
}

/// Seller accounts: (id, email).
pub async fn sellers(pool: &PgPool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, email FROM users WHERE role = 'seller' ORDER BY email")
        .fetch_all(pool)
        .await
}

/// What a save did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    /// The product's id.
    Done(i64),
    /// Someone saved the product after this form was loaded: nothing changed.
    Stale,
    /// Another product has this slug.
    SlugTaken,
    /// No category with that slug.
    NoCategory,
    /// No such product (or not this seller's).
    NotFound,
    /// The chosen seller is not a seller account.
    NoSeller,
    /// The first variant's SKU belongs to another variant.
    SkuTaken,
}

fn constraint(e: &sqlx::Error) -> Option<String> {
    match e {
        sqlx::Error::Database(db) => db.constraint().map(str::to_string),
        _ => None,
    }
}

fn product_json(p: &ValidProduct, seller: Option<i64>) -> serde_json::Value {
    json!({"name": p.name, "slug": p.slug, "brand": p.brand, "category": p.category,
           "description": p.description, "specs": p.specs, "active": p.active, "seller_id": seller})
}

async fn category_id(
    conn: &mut sqlx::PgConnection,
    slug: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM categories WHERE slug = $1")
        .bind(slug)
        .fetch_optional(conn)
        .await
}

async fn is_seller(conn: &mut sqlx::PgConnection, id: Option<i64>) -> Result<bool, sqlx::Error> {
    match id {
        None => Ok(true),
        Some(id) => Ok(sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM users WHERE id = $1 AND role = 'seller'",
        )
        .bind(id)
        .fetch_one(conn)
        .await?
            == 1),
    }
}

/// Creates a product (owned by `seller_id`, None for the store's own) with its first variant
/// (a product always has one).
pub async fn create(
    pool: &PgPool,
    p: &ValidProduct,
    first: &ValidVariant,
    currency: Currency,
    seller_id: Option<i64>,
    actor_id: i64,
) -> Result<Saved, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some(category) = category_id(&mut tx, &p.category).await? else {
        return Ok(Saved::NoCategory);
    };
    if !is_seller(&mut tx, seller_id).await? {
        return Ok(Saved::NoSeller);
    }
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO products (category_id, slug, name, brand, description, specs, active, seller_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(category)
    .bind(&p.slug)
    .bind(&p.name)
    .bind(&p.brand)
    .bind(&p.description)
    .bind(Json(&p.specs))
    .bind(p.active)
    .bind(seller_id)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if constraint(&e).as_deref() == Some("products_slug_key") => {
            return Ok(Saved::SlugTaken)
        }
        Err(e) => return Err(e),
    };
    let variant = insert_variant(&mut tx, id, first, currency).await;
    match variant {
        Ok(_) => {}
        Err(e) if constraint(&e).as_deref() == Some("variants_sku_key") => {
            return Ok(Saved::SkuTaken)
        }
        Err(e) => return Err(e),
    }
    crate::db::audit::record(
        &mut *tx,
        actor_id,
        "product.create",
        &format!("product:{id}"),
        None,
        Some(product_json(p, seller_id)),
    )
    .await?;
    tx.commit().await?;
    Ok(Saved::Done(id))
}

/// Updates a product if it is still at `version`. `seller_id`: Some(new owner) when an admin
/// (re)assigns it, None to keep it. `scope`: a seller may only update their own.
pub async fn update(
    pool: &PgPool,
    id: i64,
    version: i32,
    p: &ValidProduct,
    seller_id: Option<Option<i64>>,
    scope: Option<i64>,
    actor_id: i64,
) -> Result<Saved, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some(before) = sqlx::query(
        "SELECT p.version, p.seller_id, p.name, p.slug, p.brand, c.slug AS category, p.description,
                p.specs, p.active
         FROM products p JOIN categories c ON c.id = p.category_id
         WHERE p.id = $1 AND ($2::bigint IS NULL OR p.seller_id = $2) FOR UPDATE OF p",
    )
    .bind(id)
    .bind(scope)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(Saved::NotFound);
    };
    if before.try_get::<i32, _>("version")? != version {
        return Ok(Saved::Stale);
    }
    let Some(category) = category_id(&mut tx, &p.category).await? else {
        return Ok(Saved::NoCategory);
    };
    let old_seller: Option<i64> = before.try_get("seller_id")?;
    let seller = seller_id.unwrap_or(old_seller);
    if !is_seller(&mut tx, seller).await? {
        return Ok(Saved::NoSeller);
    }
    let updated = sqlx::query(
        "UPDATE products SET category_id = $2, slug = $3, name = $4, brand = $5, description = $6,
                specs = $7, active = $8, seller_id = $9, version = version + 1, updated_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(category)
    .bind(&p.slug)
    .bind(&p.name)
    .bind(&p.brand)
    .bind(&p.description)
    .bind(Json(&p.specs))
    .bind(p.active)
    .bind(seller)
    .execute(&mut *tx)
    .await;
    match updated {
        Ok(_) => {}
        Err(e) if constraint(&e).as_deref() == Some("products_slug_key") => {
            return Ok(Saved::SlugTaken)
        }
        Err(e) => return Err(e),
    }
    let Json(old_specs): Json<Vec<(String, String)>> = before.try_get("specs")?;
    let old = json!({"name": before.try_get::<String, _>("name")?, "slug": before.try_get::<String, _>("slug")?,
        "brand": before.try_get::<String, _>("brand")?, "category": before.try_get::<String, _>("category")?,
        "description": before.try_get::<String, _>("description")?, "specs": old_specs,
        "active": before.try_get::<bool, _>("active")?, "seller_id": old_seller});
    let action = if seller != old_seller {
        "product.assign"
    } else {
        "product.update"
    };
    crate::db::audit::record(
        &mut *tx,
        actor_id,
        action,
        &format!("product:{id}"),
        Some(old),
        Some(product_json(p, seller)),
    )
    .await?;
    tx.commit().await?;
    Ok(Saved::Done(id))
}

async fn insert_variant(
    conn: &mut sqlx::PgConnection,
    product_id: i64,
    v: &ValidVariant,
    currency: Currency,
) -> Result<sqlx::postgres::PgQueryResult, sqlx::Error> {
    sqlx::query(
        "INSERT INTO variants (product_id, sku, options, price_minor, currency, compare_at_minor,
                               low_stock_threshold, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7,
                 (SELECT coalesce(max(position), -1) + 1 FROM variants WHERE product_id = $1))",
    )
    .bind(product_id)
    .bind(&v.sku)
    .bind(Json(&v.options))
    .bind(v.price_minor)
    .bind(currency.code())
    .bind(v.compare_at_minor)
    .bind(v.threshold)
    .execute(conn)
    .await
}

/// What saving a variant did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VariantSaved {
    Done,
    SkuTaken,
    NotFound,
    /// The product changed after the form was loaded.
    Stale,
}

/// Adds a variant (`original` None) or edits the one with SKU `original` (its SKU may change:
/// past orders keep their own copy). New variants start with no stock (stock comes in through
/// inventory receipts). `loaded`: the product version the form was loaded at; a save against
/// an older one is refused (`Stale`), like a product save.
#[allow(clippy::too_many_arguments)]
pub async fn save_variant(
    pool: &PgPool,
    product_id: i64,
    original: Option<&str>,
    v: &ValidVariant,
    currency: Currency,
    scope: Option<i64>,
    loaded: Option<i32>,
    actor_id: i64,
) -> Result<VariantSaved, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let version: Option<i32> = sqlx::query_scalar(
        "SELECT version FROM products WHERE id = $1 AND ($2::bigint IS NULL OR seller_id = $2) FOR UPDATE",
    )
    .bind(product_id)
    .bind(scope)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(version) = version else {
        return Ok(VariantSaved::NotFound);
    };
    if loaded.is_some_and(|loaded| loaded != version) {
        return Ok(VariantSaved::Stale);
    }
    let after = json!({"sku": v.sku, "options": v.options, "price_minor": v.price_minor,
                       "compare_at_minor": v.compare_at_minor, "threshold": v.threshold});
    let result = match original {
        None => insert_variant(&mut tx, product_id, v, currency).await,
        Some(sku) => sqlx::query(
            "UPDATE variants SET sku = $3, options = $4, price_minor = $5, compare_at_minor = $6,
                        low_stock_threshold = $7
                 WHERE product_id = $1 AND sku = $2",
        )
        .bind(product_id)
        .bind(sku)
        .bind(&v.sku)
        .bind(Json(&v.options))
        .bind(v.price_minor)
        .bind(v.compare_at_minor)
        .bind(v.threshold)
        .execute(&mut *tx)
        .await,
    };
    match result {
        Ok(done) if done.rows_affected() == 1 => {}
        Ok(_) => return Ok(VariantSaved::NotFound),
        Err(e) if constraint(&e).as_deref() == Some("variants_sku_key") => {
            return Ok(VariantSaved::SkuTaken)
        }
        Err(e) => return Err(e),
    }
    sqlx::query("UPDATE products SET version = version + 1, updated_at = now() WHERE id = $1")
        .bind(product_id)
        .execute(&mut *tx)
        .await?;
    crate::db::audit::record(
        &mut *tx,
        actor_id,
        if original.is_some() {
            "variant.update"
        } else {
            "variant.create"
        },
        &format!("variant:{}", original.unwrap_or(&v.sku)),
        None,
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok(VariantSaved::Done)
}

/// Retires a variant (no longer sold; past orders keep it) or brings it back.
pub async fn set_variant_active(
    pool: &PgPool,
    sku: &str,
    active: bool,
    scope: Option<i64>,
    actor_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let product: Option<i64> = sqlx::query_scalar(
        "UPDATE variants v SET active = $2 FROM products p
         WHERE v.sku = $1 AND p.id = v.product_id AND ($3::bigint IS NULL OR p.seller_id = $3)
         RETURNING v.product_id",
    )
    .bind(sku)
    .bind(active)
    .bind(scope)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(product) = product {
        sqlx::query("UPDATE products SET version = version + 1, updated_at = now() WHERE id = $1")
            .bind(product)
            .execute(&mut *tx)
            .await?;
        crate::db::audit::record(
            &mut *tx,
            actor_id,
            if active {
                "variant.restore"
            } else {
                "variant.retire"
            },
            &format!("variant:{sku}"),
            Some(json!({"active": !active})),
            Some(json!({"active": active})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(product)
}
