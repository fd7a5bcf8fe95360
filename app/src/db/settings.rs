//! The store's settings and footer pages (`store_settings`, `store_pages`). Every change
//! records `store.changed` (a trigger), so every instance reloads them.

use serde_json::json;
use sqlx::{PgPool, Row};

use crate::domain::delivery::{DayRange, DeliverySettings};
use crate::domain::settings::{StorePage, StoreSettings};

/// The settings, and the store's time zone's offset from UTC now (seconds).
pub async fn load(pool: &PgPool) -> Result<(StoreSettings, i32), sqlx::Error> {
    let row = sqlx::query(
        "SELECT show_announcement, announcement, returns_days, warranty_months, handling_days,
                cutoff_minute, time_zone, standard_min_days, standard_max_days,
                express_min_days, express_max_days,
                extract(epoch FROM (now() AT TIME ZONE time_zone) - (now() AT TIME ZONE 'UTC'))::int AS offset_secs
         FROM store_settings",
    )
    .fetch_one(pool)
    .await?;
    let small = |name: &str| -> Result<u16, sqlx::Error> {
        Ok(row.try_get::<i32, _>(name)?.clamp(0, i32::from(u16::MAX)) as u16)
    };
    let days = |min: &str, max: &str| -> Result<DayRange, sqlx::Error> {
        Ok(DayRange {
            min: small(min)?.min(255) as u8,
            max: small(max)?.min(255) as u8,
        })
    };
    let settings = StoreSettings {
        show_announcement: row.try_get("show_announcement")?,
        announcement: row.try_get("announcement")?,
        returns_days: small("returns_days")?,
        warranty_months: small("warranty_months")?,
        delivery: DeliverySettings {
            handling_days: small("handling_days")?.min(255) as u8,
            cutoff_minute: small("cutoff_minute")?,
            time_zone: row.try_get("time_zone")?,
            standard: days("standard_min_days", "standard_max_days")?,
            express: days("express_min_days", "express_max_days")?,
        },
    };
    Ok((settings, row.try_get("offset_secs")?))
}

/// Whether Postgres knows the time zone (its list is the IANA database it was built with).
pub async fn zone_exists(pool: &PgPool, name: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1)")
        .bind(name)
        .fetch_one(pool)
        .await
}

/// Saves the settings and records who changed what in the audit log.
pub async fn save(
    pool: &PgPool,
    settings: &StoreSettings,
    actor_id: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let before = load_for_update(&mut tx).await?;
    let d = &settings.delivery;
    let after: serde_json::Value = sqlx::query_scalar(
        "UPDATE store_settings s SET show_announcement = $1, announcement = $2, returns_days = $3,
                warranty_months = $4, handling_days = $5, cutoff_minute = $6, time_zone = $7,
                standard_min_days = $8, standard_max_days = $9, express_min_days = $10,
                express_max_days = $11, updated_at = now()
         RETURNING to_jsonb(s) - 'id' - 'updated_at'",
    )
    .bind(settings.show_announcement)
    .bind(&settings.announcement)
    .bind(i32::from(settings.returns_days))
    .bind(i32::from(settings.warranty_months))
    .bind(i32::from(d.handling_days))
    .bind(i32::from(d.cutoff_minute))
    .bind(&d.time_zone)
    .bind(i32::from(d.standard.min))
    .bind(i32::from(d.standard.max))
    .bind(i32::from(d.express.min))
    .bind(i32::from(d.express.max))
    .fetch_one(&mut *tx)
    .await?;
    super::audit::record(
        &mut *tx,
        actor_id,
        "store.settings",
        "store",
        Some(before),
        Some(after),
    )
    .await?;
    tx.commit().await
}

async fn load_for_update(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
) -> Result<serde_json::Value, sqlx::Error> {
    sqlx::query_scalar("SELECT to_jsonb(s) - 'id' - 'updated_at' FROM store_settings s FOR UPDATE")
        .fetch_one(&mut **tx)
        .await
}

fn page_of(row: &sqlx::postgres::PgRow) -> Result<StorePage, sqlx::Error> {
    Ok(StorePage {
        slug: row.try_get("slug")?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        updated_at: row.try_get("updated_at")?,
    })
}

const PAGE_COLUMNS: &str =
    "slug, title, body, extract(epoch FROM updated_at)::bigint AS updated_at";

/// Every footer page, in the footer's order.
pub async fn pages(pool: &PgPool) -> Result<Vec<StorePage>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {PAGE_COLUMNS} FROM store_pages ORDER BY position"
    ))
    .fetch_all(pool)
    .await?;
    rows.iter().map(page_of).collect()
}

/// One footer page by its address.
pub async fn page(pool: &PgPool, slug: &str) -> Result<Option<StorePage>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {PAGE_COLUMNS} FROM store_pages WHERE slug = $1"
    ))
    .bind(slug)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(page_of).transpose()
}

/// Saves a page's title and text (the page exists: the migration made all six); false when
/// there is no such page.
pub async fn save_page(
    pool: &PgPool,
    slug: &str,
    title: &str,
    body: &str,
    actor_id: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let before: Option<(String, String)> =
        sqlx::query_as("SELECT title, body FROM store_pages WHERE slug = $1 FOR UPDATE")
            .bind(slug)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((old_title, old_body)) = before else {
        return Ok(false);
    };
    sqlx::query("UPDATE store_pages SET title = $2, body = $3, updated_at = now() WHERE slug = $1")
        .bind(slug)
        .bind(title)
        .bind(body)
        .execute(&mut *tx)
        .await?;
    super::audit::record(
        &mut *tx,
        actor_id,
        "store.page",
        &format!("page:{slug}"),
        Some(json!({ "title": old_title, "body": old_body })),
        Some(json!({ "title": title, "body": body })),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
