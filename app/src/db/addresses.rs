//! Saved addresses. Every statement is scoped to the owning account, so one shopper can never
//! read or change another's addresses by guessing ids.

use sqlx::{PgPool, Row};

use crate::domain::address::{Address, AddressFields, MAX_ADDRESSES};

fn address_from_row(r: &sqlx::postgres::PgRow) -> Result<Address, sqlx::Error> {
    Ok(Address {
        id: r.try_get("id")?,
        is_default: r.try_get("is_default")?,
        fields: AddressFields {
            full_name: r.try_get("full_name")?,
            line1: r.try_get("line1")?,
            line2: r.try_get("line2")?,
            city: r.try_get("city")?,
            region: r.try_get("region")?,
            postal_code: r.try_get("postal_code")?,
            country: r.try_get("country")?,
            phone: r.try_get("phone")?,
        },
    })
}

/// The account's addresses, the default first.
pub async fn list(pool: &PgPool, user_id: i64) -> Result<Vec<Address>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT * FROM addresses WHERE user_id = $1 ORDER BY is_default DESC, created_at, id",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    rows.iter().map(address_from_row).collect()
}

/// What saving an address did.
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    Saved(i64),
    NotFound,
    TooMany,
}

/// Creates (`id` None) or updates one of the account's addresses. The first address becomes
/// the default; `make_default` moves the default to this one.
pub async fn save(
    pool: &PgPool,
    user_id: i64,
    id: Option<i64>,
    fields: &AddressFields,
    make_default: bool,
) -> Result<Saved, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // Serialise changes to one account's addresses (the count limit and the single default).
    sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM addresses WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
    let make_default = make_default || count == 0;
    if make_default {
        sqlx::query("UPDATE addresses SET is_default = false WHERE user_id = $1 AND is_default")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    let saved: Option<i64> = match id {
        None if count >= MAX_ADDRESSES => return Ok(Saved::TooMany),
        None => {
            sqlx::query_scalar(
                "INSERT INTO addresses
                   (user_id, full_name, line1, line2, city, region, postal_code, country, phone, is_default)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(user_id)
            .bind(&fields.full_name)
            .bind(&fields.line1)
            .bind(&fields.line2)
            .bind(&fields.city)
            .bind(&fields.region)
            .bind(&fields.postal_code)
            .bind(&fields.country)
            .bind(&fields.phone)
            .bind(make_default)
            .fetch_optional(&mut *tx)
            .await?
        }
        Some(id) => {
            sqlx::query_scalar(
                "UPDATE addresses SET full_name = $3, line1 = $4, line2 = $5, city = $6, region = $7,
                        postal_code = $8, country = $9, phone = $10,
                        is_default = is_default OR $11, updated_at = now()
                 WHERE id = $1 AND user_id = $2 RETURNING id",
            )
            .bind(id)
            .bind(user_id)
            .bind(&fields.full_name)
            .bind(&fields.line1)
            .bind(&fields.line2)
            .bind(&fields.city)
            .bind(&fields.region)
            .bind(&fields.postal_code)
            .bind(&fields.country)
            .bind(&fields.phone)
            .bind(make_default)
            .fetch_optional(&mut *tx)
            .await?
        }
    };
    let Some(saved) = saved else {
        // Unknown id: roll back, the old default stays.
        return Ok(Saved::NotFound);
    };
    tx.commit().await?;
    Ok(Saved::Saved(saved))
}

/// Makes one of the account's addresses the default; false when it has no such address.
pub async fn set_default(pool: &PgPool, user_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM addresses WHERE id = $1 AND user_id = $2 FOR UPDATE")
            .bind(id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_none() {
        return Ok(false);
    }
    // Two statements: the unique index on the default is checked row by row.
    sqlx::query("UPDATE addresses SET is_default = false WHERE user_id = $1 AND is_default")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE addresses SET is_default = true WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Deletes one of the account's addresses; if it was the default, the oldest remaining one
/// becomes the default. False when the account has no such address.
pub async fn delete(pool: &PgPool, user_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let was_default: Option<bool> = sqlx::query_scalar(
        "DELETE FROM addresses WHERE id = $1 AND user_id = $2 RETURNING is_default",
    )
    .bind(id)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(was_default) = was_default else {
        return Ok(false);
    };
    if was_default {
        sqlx::query(
            "UPDATE addresses SET is_default = true WHERE id =
               (SELECT id FROM addresses WHERE user_id = $1 ORDER BY created_at, id LIMIT 1)",
        )
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}
