//! A product's image gallery: position 0 is the main picture, positions stay 0..n-1. Every
//! change locks the product row (so two editors cannot interleave) and is audited. `seller`
//! limits the change to that seller's products.

use serde_json::json;
use sqlx::{PgExecutor, PgPool, Postgres, Row, Transaction};

use crate::domain::image::{moved, AdminImage, ImageMove, MAX_PER_PRODUCT};

/// A product's images in gallery order.
pub async fn list(conn: impl PgExecutor<'_>, product: i64) -> Result<Vec<AdminImage>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, url, alt, width, height FROM product_images WHERE product_id = $1 ORDER BY position",
    )
    .bind(product)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AdminImage {
                id: r.try_get("id")?,
                url: r.try_get("url")?,
                alt: r.try_get("alt")?,
                width: r.try_get("width")?,
                height: r.try_get("height")?,
            })
        })
        .collect()
}

/// Locks the product for a gallery change; false when it does not exist or is not the seller's.
async fn lock(
    tx: &mut Transaction<'_, Postgres>,
    product: i64,
    seller: Option<i64>,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT 1 FROM products WHERE id = $1 AND ($2::bigint IS NULL OR seller_id = $2) FOR UPDATE",
    )
    .bind(product)
    .bind(seller)
    .fetch_optional(&mut **tx)
    .await?
    .is_some())
}

/// Whether the product exists, is the seller's, and has room for another image.
pub async fn can_add(
    pool: &PgPool,
    product: i64,
    seller: Option<i64>,
) -> Result<Room, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM product_images i WHERE i.product_id = p.id)
         FROM products p WHERE p.id = $1 AND ($2::bigint IS NULL OR p.seller_id = $2)",
    )
    .bind(product)
    .bind(seller)
    .fetch_optional(pool)
    .await?;
    Ok(match found {
        None => Room::NotFound,
        Some(n) if n as usize >= MAX_PER_PRODUCT => Room::Full,
        Some(_) => Room::Free,
    })
}

#[derive(Debug, PartialEq, Eq)]
pub enum Room {
    Free,
    Full,
    NotFound,
}

/// An uploaded image to add at the end of the gallery.
pub struct NewImage<'a> {
    pub url: &'a str,
    pub alt: &'a str,
    pub width: i32,
    pub height: i32,
    /// Whether the WebP/JPEG renditions were written next to the file.
    pub renditions: bool,
}

/// Adds an image at the end of the gallery (checked again under the lock).
pub async fn add(
    pool: &PgPool,
    product: i64,
    seller: Option<i64>,
    image: &NewImage<'_>,
    actor_id: i64,
) -> Result<Room, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if !lock(&mut tx, product, seller).await? {
        return Ok(Room::NotFound);
    }
    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM product_images WHERE product_id = $1")
            .bind(product)
            .fetch_one(&mut *tx)
            .await?;
    if count as usize >= MAX_PER_PRODUCT {
        return Ok(Room::Full);
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO product_images (product_id, position, url, alt, width, height, renditions)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(product)
    .bind(count as i32)
    .bind(image.url)
    .bind(image.alt)
    .bind(image.width)
    .bind(image.height)
    .bind(image.renditions)
    .fetch_one(&mut *tx)
    .await?;
    crate::db::audit::record(
        &mut *tx,
        actor_id,
        "image.add",
        &format!("product:{product}"),
        None,
        Some(json!({"image": id, "url": image.url, "alt": image.alt})),
    )
    .await?;
    tx.commit().await?;
    Ok(Room::Free)
}

/// Sets an image's alt text; false when the image is not the product's (or not the seller's).
pub async fn set_alt(
    pool: &PgPool,
    product: i64,
    image: i64,
    alt: &str,
    seller: Option<i64>,
    actor_id: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if !lock(&mut tx, product, seller).await? {
        return Ok(false);
    }
    let before: Option<String> =
        sqlx::query_scalar("SELECT alt FROM product_images WHERE id = $1 AND product_id = $2")
            .bind(image)
            .bind(product)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(before) = before else {
        return Ok(false);
    };
    sqlx::query("UPDATE product_images SET alt = $2 WHERE id = $1")
        .bind(image)
        .bind(alt)
        .execute(&mut *tx)
        .await?;
    crate::db::audit::record(
        &mut *tx,
        actor_id,
        "image.alt",
        &format!("product:{product}"),
        Some(json!({"image": image, "alt": before})),
        Some(json!({"image": image, "alt": alt})),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Renumbers the gallery to `order` (every image id of the product, first = main picture).
async fn renumber(
    tx: &mut Transaction<'_, Postgres>,
    product: i64,
    order: &[i64],
) -> Result<(), sqlx::Error> {
    // Out of the way first: positions are unique at every row update, not at the statement's end.
    sqlx::query("UPDATE product_images SET position = -1 - position WHERE product_id = $1")
        .bind(product)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE product_images i SET position = x.n - 1
         FROM unnest($2::bigint[]) WITH ORDINALITY AS x(id, n)
         WHERE i.id = x.id AND i.product_id = $1",
    )
    .bind(product)
    .bind(order)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn ids(tx: &mut Transaction<'_, Postgres>, product: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM product_images WHERE product_id = $1 ORDER BY position")
        .bind(product)
        .fetch_all(&mut **tx)
        .await
}

/// Moves an image in its product's gallery. False when the image is not the product's; moving
/// past an end changes nothing.
pub async fn move_image(
    pool: &PgPool,
    product: i64,
    image: i64,
    how: ImageMove,
    seller: Option<i64>,
    actor_id: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if !lock(&mut tx, product, seller).await? {
        return Ok(false);
    }
    let before = ids(&mut tx, product).await?;
    if !before.contains(&image) {
        return Ok(false);
    }
    let Some(after) = moved(&before, image, how) else {
        return Ok(true);
    };
    renumber(&mut tx, product, &after).await?;
    crate::db::audit::record(
        &mut *tx,
        actor_id,
        "image.move",
        &format!("product:{product}"),
        Some(json!({"order": before})),
        Some(json!({"order": after})),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// A deleted image: its address, and whether another gallery row still shows the same file.
pub struct Deleted {
    pub url: String,
    pub still_used: bool,
}

/// Deletes an image and closes the gap in the gallery.
pub async fn delete(
    pool: &PgPool,
    product: i64,
    image: i64,
    seller: Option<i64>,
    actor_id: i64,
) -> Result<Option<Deleted>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if !lock(&mut tx, product, seller).await? {
        return Ok(None);
    }
    let row = sqlx::query(
        "DELETE FROM product_images WHERE id = $1 AND product_id = $2 RETURNING url, alt",
    )
    .bind(image)
    .bind(product)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let url: String = row.try_get("url")?;
    let alt: String = row.try_get("alt")?;
    let rest = ids(&mut tx, product).await?;
    renumber(&mut tx, product, &rest).await?;
    let still_used: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM product_images WHERE url = $1)")
            .bind(&url)
            .fetch_one(&mut *tx)
            .await?;
    crate::db::audit::record(
        &mut *tx,
        actor_id,
        "image.delete",
        &format!("product:{product}"),
        Some(json!({"image": image, "url": url, "alt": alt})),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(Some(Deleted { url, still_used }))
}

/// Uploaded images without renditions (uploaded before they existed): (id, url).
pub async fn without_renditions(pool: &sqlx::PgPool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, url FROM product_images
         WHERE NOT renditions AND url LIKE '/media/uploads/%' ORDER BY id",
    )
    .fetch_all(pool)
    .await
}

/// Records that an image's renditions were made, with its size as shown.
pub async fn mark_rendered(
    pool: &sqlx::PgPool,
    id: i64,
    width: u32,
    height: u32,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE product_images SET renditions = true, width = $2, height = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(width as i32)
    .bind(height as i32)
    .execute(pool)
    .await?;
    Ok(())
}
