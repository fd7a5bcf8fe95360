//! Category management: the tree with product counts, creating, renaming and moving a category
//! (never under itself or one of its own descendants), and reordering siblings. Each change is
//! audited in its transaction.

use serde_json::json;
use sqlx::{PgPool, Row};

use crate::domain::product_edit::CategoryRow;

/// Every category, parents before their children, siblings in order.
pub async fn tree(pool: &PgPool) -> Result<Vec<CategoryRow>, sqlx::Error> {
    let rows = sqlx::query(
        "WITH RECURSIVE t AS (
             SELECT id, parent_id, slug, name, position, spec_facets, 0 AS depth,
                    ARRAY[position, id::int] AS path
             FROM categories WHERE parent_id IS NULL
             UNION ALL
             SELECT c.id, c.parent_id, c.slug, c.name, c.position, c.spec_facets, t.depth + 1,
                    t.path || ARRAY[c.position, c.id::int]
             FROM categories c JOIN t ON c.parent_id = t.id
             WHERE t.depth < 32) -- a cycle (which writes refuse) still ends
         SELECT t.id, t.slug, t.name, t.depth, p.slug AS parent, t.spec_facets,
                -- The spec names in its products and its subcategories', most common first.
                (SELECT coalesce(array_agg(x.name ORDER BY x.n DESC, x.name), '{}') FROM (
                     SELECT s->>0 AS name, count(*) AS n
                     FROM products pr JOIN t d ON d.id = pr.category_id
                     CROSS JOIN LATERAL jsonb_array_elements(pr.specs) s
                     WHERE d.path[1:cardinality(t.path)] = t.path AND jsonb_typeof(s) = 'array'
                     GROUP BY s->>0 ORDER BY n DESC, name LIMIT 12) x) AS spec_names,
                -- Its own products and its subcategories', as the shop's category page lists them.
                (SELECT count(*) FROM products pr JOIN t d ON d.id = pr.category_id
                 WHERE d.path[1:cardinality(t.path)] = t.path) AS products
         FROM t LEFT JOIN categories p ON p.id = t.parent_id ORDER BY t.path",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CategoryRow {
                id: r.try_get("id")?,
                slug: r.try_get("slug")?,
                name: r.try_get("name")?,
                parent: r.try_get("parent")?,
                depth: r.try_get("depth")?,
                products: r.try_get("products")?,
                spec_facets: r.try_get("spec_facets")?,
                spec_names: r.try_get("spec_names")?,
            })
        })
        .collect()
}

/// What saving a category did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CategorySaved {
    Done,
    SlugTaken,
    NoParent,
    /// The parent is the category itself or one of its descendants.
    Cycle,
    NotFound,
}

/// Serialises writes to the category tree (an advisory lock held until the transaction ends).
async fn lock_tree(tx: &mut sqlx::Transaction<'_, sqlx::Postgres>) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('oxcart:categories'))")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Creates (`id` 0, last among its siblings) or updates a category.
pub async fn save(
    pool: &PgPool,
    id: i64,
    name: &str,
    slug: &str,
    parent: Option<&str>,
    spec_facets: &[String],
    actor_id: i64,
) -> Result<CategorySaved, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // One category write at a time: the cycle check below reads the whole ancestry, which a
    // concurrent move could change between the check and the update.
    lock_tree(&mut tx).await?;
    let parent_id: Option<i64> = match parent {
        None => None,
        Some(slug) => match sqlx::query_scalar("SELECT id FROM categories WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&mut *tx)
            .await?
        {
            Some(id) => Some(id),
            None => return Ok(CategorySaved::NoParent),
        },
    };
    if let (Some(parent_id), true) = (parent_id, id != 0) {
        // The new parent's ancestors (and itself) must not include this category.
        let cycle: bool = sqlx::query_scalar(
            "WITH RECURSIVE up AS (
                 SELECT id, parent_id FROM categories WHERE id = $1
                 UNION
                 SELECT c.id, c.parent_id FROM categories c JOIN up ON c.id = up.parent_id)
             SELECT EXISTS (SELECT 1 FROM up WHERE id = $2)",
        )
        .bind(parent_id)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        if cycle {
            return Ok(CategorySaved::Cycle);
        }
    }
    let before = if id == 0 {
        None
    } else {
        match sqlx::query(
            "SELECT name, slug, parent_id, spec_facets FROM categories WHERE id = $1 FOR UPDATE",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        {
            Some(r) => Some(json!({"name": r.try_get::<String, _>("name")?,
                                   "slug": r.try_get::<String, _>("slug")?,
                                   "parent_id": r.try_get::<Option<i64>, _>("parent_id")?,
                                   "spec_facets": r.try_get::<Vec<String>, _>("spec_facets")?})),
            None => return Ok(CategorySaved::NotFound),
        }
    };
    let result = if id == 0 {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO categories (parent_id, slug, name, spec_facets, position)
             VALUES ($1, $2, $3, $4, (SELECT coalesce(max(position), -1) + 1 FROM categories
                                      WHERE parent_id IS NOT DISTINCT FROM $1))
             RETURNING id",
        )
        .bind(parent_id)
        .bind(slug)
        .bind(name)
        .bind(spec_facets)
        .fetch_one(&mut *tx)
        .await
    } else {
        sqlx::query_scalar::<_, i64>(
            "UPDATE categories SET name = $2, slug = $3, spec_facets = $5,
                    position = CASE WHEN parent_id IS NOT DISTINCT FROM $4 THEN position
                               ELSE (SELECT coalesce(max(position), -1) + 1 FROM categories
                                     WHERE parent_id IS NOT DISTINCT FROM $4) END,
                    parent_id = $4
             WHERE id = $1 RETURNING id",
        )
        .bind(id)
        .bind(name)
        .bind(slug)
        .bind(parent_id)
        .bind(spec_facets)
        .fetch_one(&mut *tx)
        .await
    };
    let saved_id = match result {
        Ok(saved) => saved,
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("categories_slug_key") => {
            return Ok(CategorySaved::SlugTaken)
        }
        Err(e) => return Err(e),
    };
    crate::db::audit::record(
        &mut *tx,
        actor_id,
        if id == 0 {
            "category.create"
        } else {
            "category.update"
        },
        &format!("category:{saved_id}"),
        before,
        Some(
            json!({"name": name, "slug": slug, "parent_id": parent_id, "spec_facets": spec_facets}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(CategorySaved::Done)
}

/// Swaps a category with its previous (`up`) or next sibling. False when it has none.
pub async fn reorder(pool: &PgPool, id: i64, up: bool, actor_id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    lock_tree(&mut tx).await?;
    // Renumber the siblings 0.. first, so positions are distinct, then swap.
    let siblings: Vec<i64> = sqlx::query_scalar(
        "SELECT s.id FROM categories s JOIN categories c ON c.id = $1
         WHERE s.parent_id IS NOT DISTINCT FROM c.parent_id
         ORDER BY s.position, s.id FOR UPDATE OF s",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let Some(at) = siblings.iter().position(|s| *s == id) else {
        return Ok(false);
    };
    let other = if up {
        at.checked_sub(1)
    } else {
        Some(at + 1).filter(|i| *i < siblings.len())
    };
    let Some(other) = other else {
        return Ok(false);
    };
    let mut order = siblings.clone();
    order.swap(at, other);
    sqlx::query(
        "UPDATE categories c SET position = o.position - 1
         FROM unnest($1::bigint[]) WITH ORDINALITY AS o(id, position) WHERE c.id = o.id",
    )
    .bind(&order)
    .execute(&mut *tx)
    .await?;
    crate::db::audit::record(
        &mut *tx,
        actor_id,
        "category.reorder",
        &format!("category:{id}"),
        Some(json!({"position": at})),
        Some(json!({"position": other})),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
