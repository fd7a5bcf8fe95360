//! Users and sessions.

use sqlx::{PgPool, Row};

use crate::domain::account::{Email, Role, Viewer};

/// A stored account with its password hash.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: i64,
    pub password_hash: String,
    pub viewer: Viewer,
}

fn viewer_from_row(row: &sqlx::postgres::PgRow) -> Result<Viewer, sqlx::Error> {
    let role: String = row.try_get("role")?;
    Ok(Viewer {
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: Role::parse(&role).unwrap_or(Role::Customer),
        email_verified: row.try_get("email_verified")?,
    })
}

const USER_COLUMNS: &str = "u.id, u.email, u.name, u.role, u.password_hash, u.email_verified_at IS NOT NULL AS email_verified";

/// Inserts an account; None when the email is already taken.
pub async fn create_user(
    pool: &PgPool,
    email: &Email,
    password_hash: &str,
    name: &str,
    role: Role,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, name, role) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(email.as_str())
    .bind(password_hash)
    .bind(name)
    .bind(role.as_str())
    .fetch_optional(pool)
    .await
}

/// Gives an existing account a role; false when there is no such account.
pub async fn set_role(pool: &PgPool, email: &Email, role: Role) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET role = $2, updated_at = now() WHERE email = $1")
        .bind(email.as_str())
        .bind(role.as_str())
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The account with this (normalised) email.
pub async fn user_by_email(
    pool: &PgPool,
    email: &Email,
) -> Result<Option<UserRecord>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM users u WHERE u.email = $1"
    ))
    .bind(email.as_str())
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(UserRecord {
            id: r.try_get("id")?,
            password_hash: r.try_get("password_hash")?,
            viewer: viewer_from_row(&r)?,
        })
    })
    .transpose()
}

/// A session found by token hash, with its account and the database's clock (Unix seconds).
#[derive(Debug, Clone)]
pub struct FoundSession {
    pub session_id: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub now: i64,
    pub user: (i64, Viewer),
}

/// The session whose token hashes to `hash`, with its account.
pub async fn session_by_token_hash(
    pool: &PgPool,
    hash: &[u8; 32],
) -> Result<Option<FoundSession>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT s.id AS session_id, extract(epoch FROM s.created_at)::bigint AS created,
                extract(epoch FROM s.last_seen_at)::bigint AS last_seen, extract(epoch FROM now())::bigint AS now,
                {USER_COLUMNS}
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1"
    ))
    .bind(hash.as_slice())
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(FoundSession {
            session_id: r.try_get("session_id")?,
            created_at: r.try_get("created")?,
            last_seen_at: r.try_get("last_seen")?,
            now: r.try_get("now")?,
            user: (r.try_get("id")?, viewer_from_row(&r)?),
        })
    })
    .transpose()
}

/// Stores a new session for the account.
pub async fn create_session(
    pool: &PgPool,
    user_id: i64,
    hash: &[u8; 32],
    user_agent: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO sessions (token_hash, user_id, user_agent) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(hash.as_slice())
    .bind(user_id)
    .bind(user_agent.chars().take(300).collect::<String>())
    .fetch_one(pool)
    .await
}

/// Records that the session was used now.
pub async fn touch_session(pool: &PgPool, session_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = now() WHERE id = $1")
        .bind(session_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends one session.
pub async fn delete_session(pool: &PgPool, session_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(session_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends the session with this token hash, if any (sign-out, or rotation at sign-in).
pub async fn delete_session_by_token_hash(
    pool: &PgPool,
    hash: &[u8; 32],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash.as_slice())
        .execute(pool)
        .await?;
    Ok(())
}
