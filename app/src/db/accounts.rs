//! Users, sessions and emailed single-use tokens.

use sqlx::{PgConnection, PgExecutor, PgPool, Row};

use crate::domain::account::{describe_user_agent, Email, Role, SessionSummary, Viewer};

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
    pool: impl PgExecutor<'_>,
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

/// Gives an existing account a role and ends its sessions (a privilege change starts a new
/// session); false when there is no such account.
pub async fn set_role(pool: &PgPool, email: &Email, role: Role) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let id: Option<i64> = sqlx::query_scalar(
        "UPDATE users SET role = $2, updated_at = now() WHERE email = $1 RETURNING id",
    )
    .bind(email.as_str())
    .bind(role.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(id) = id {
        delete_sessions_of_user(&mut *tx, id, None).await?;
    }
    tx.commit().await?;
    Ok(id.is_some())
}

/// The account with this id.
pub async fn user_by_id(
    pool: impl PgExecutor<'_>,
    id: i64,
) -> Result<Option<UserRecord>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    row.map(|r| user_from_row(&r)).transpose()
}

fn user_from_row(r: &sqlx::postgres::PgRow) -> Result<UserRecord, sqlx::Error> {
    Ok(UserRecord {
        id: r.try_get("id")?,
        password_hash: r.try_get("password_hash")?,
        viewer: viewer_from_row(r)?,
    })
}

/// Changes the display name.
pub async fn set_name(pool: &PgPool, user_id: i64, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET name = $2, updated_at = now() WHERE id = $1")
        .bind(user_id)
        .bind(name)
        .execute(pool)
        .await?;
    Ok(())
}

/// Changes the email (now unverified); false when another account has it.
pub async fn set_email(
    conn: &mut PgConnection,
    user_id: i64,
    email: &Email,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE users SET email = $2, email_verified_at = NULL, updated_at = now()
         WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM users WHERE email = $2 AND id <> $1)",
    )
    .bind(user_id)
    .bind(email.as_str())
    .execute(&mut *conn)
    .await;
    match done {
        Ok(done) => Ok(done.rows_affected() == 1),
        // Two accounts racing for the same new address: the unique constraint decides.
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("users_email_key") => Ok(false),
        Err(e) => Err(e),
    }
}

/// Stores a new password hash.
pub async fn set_password_hash(
    conn: impl PgExecutor<'_>,
    user_id: i64,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1")
        .bind(user_id)
        .bind(hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks the account's email verified if it is still `email`; false otherwise.
pub async fn mark_email_verified(
    conn: impl PgExecutor<'_>,
    user_id: i64,
    email: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE users SET email_verified_at = coalesce(email_verified_at, now()), updated_at = now()
         WHERE id = $1 AND email = $2",
    )
    .bind(user_id)
    .bind(email)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The account with this (normalised) email.
pub async fn user_by_email(
    conn: impl PgExecutor<'_>,
    email: &Email,
) -> Result<Option<UserRecord>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM users u WHERE u.email = $1"
    ))
    .bind(email.as_str())
    .fetch_optional(conn)
    .await?;
    row.map(|r| user_from_row(&r)).transpose()
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
    pool: impl PgExecutor<'_>,
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
    pool: impl PgExecutor<'_>,
    hash: &[u8; 32],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash.as_slice())
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends every session of the account except `keep` (all of them when None).
pub async fn delete_sessions_of_user(
    conn: impl PgExecutor<'_>,
    user_id: i64,
    keep: Option<i64>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2")
        .bind(user_id)
        .bind(keep)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Ends one of the account's sessions; false when it has no such session.
pub async fn delete_session_of_user(
    pool: &PgPool,
    user_id: i64,
    session_id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE id = $1 AND user_id = $2")
        .bind(session_id)
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The account's sessions, most recently used first. `current` marks the asking one.
pub async fn sessions_of_user(
    pool: &PgPool,
    user_id: i64,
    current: i64,
) -> Result<Vec<SessionSummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, user_agent,
                to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"') AS created,
                to_char(last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"') AS seen
         FROM sessions WHERE user_id = $1 ORDER BY last_seen_at DESC, id DESC",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let agent: String = r.try_get("user_agent")?;
            Ok(SessionSummary {
                id,
                device: describe_user_agent(&agent),
                signed_in_at: r.try_get("created")?,
                last_seen_at: r.try_get("seen")?,
                current: id == current,
            })
        })
        .collect()
}

/// What an emailed link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    PasswordReset,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify-email",
            TokenPurpose::PasswordReset => "password-reset",
        }
    }
}

/// Stores the hash of a new single-use token, valid for `ttl_secs`.
pub async fn create_token(
    conn: impl PgExecutor<'_>,
    hash: &[u8; 32],
    user_id: i64,
    purpose: TokenPurpose,
    email: &str,
    ttl_secs: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, user_id, purpose, email, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))",
    )
    .bind(hash.as_slice())
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(email)
    .bind(ttl_secs as f64)
    .execute(conn)
    .await?;
    Ok(())
}

/// What presenting an emailed link's token found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenUse<T> {
    /// The token was good and is now used up.
    Consumed(T),
    AlreadyUsed,
    Expired,
    Unknown,
}

/// What a consumed account token was issued for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountLink {
    pub user_id: i64,
    /// The address the link was sent to.
    pub email: String,
}

impl<T> TokenUse<T> {
    fn try_map<U, E>(self, f: impl FnOnce(T) -> Result<U, E>) -> Result<TokenUse<U>, E> {
        Ok(match self {
            TokenUse::Consumed(t) => TokenUse::Consumed(f(t)?),
            TokenUse::AlreadyUsed => TokenUse::AlreadyUsed,
            TokenUse::Expired => TokenUse::Expired,
            TokenUse::Unknown => TokenUse::Unknown,
        })
    }
}

/// Uses up the token row that `select` finds and locks (it returns `used` and `expired`),
/// inside the caller's transaction: the row stays locked until it commits, so two requests
/// with the same token cannot both succeed. `table` is one of this module's table names.
async fn consume(
    conn: &mut PgConnection,
    table: &'static str,
    select: sqlx::query::Query<'_, sqlx::Postgres, sqlx::postgres::PgArguments>,
    hash: &[u8; 32],
) -> Result<TokenUse<sqlx::postgres::PgRow>, sqlx::Error> {
    let Some(row) = select.fetch_optional(&mut *conn).await? else {
        return Ok(TokenUse::Unknown);
    };
    if row.try_get::<bool, _>("used")? {
        return Ok(TokenUse::AlreadyUsed);
    }
    if row.try_get::<bool, _>("expired")? {
        return Ok(TokenUse::Expired);
    }
    sqlx::query(&format!(
        "UPDATE {table} SET used_at = now() WHERE token_hash = $1"
    ))
    .bind(hash.as_slice())
    .execute(&mut *conn)
    .await?;
    Ok(TokenUse::Consumed(row))
}

/// Uses up an account token of `purpose` in the caller's transaction.
pub async fn consume_token(
    conn: &mut PgConnection,
    hash: &[u8; 32],
    purpose: TokenPurpose,
) -> Result<TokenUse<AccountLink>, sqlx::Error> {
    let select = sqlx::query(
        "SELECT user_id, email, used_at IS NOT NULL AS used, expires_at <= now() AS expired
         FROM account_tokens WHERE token_hash = $1 AND purpose = $2 FOR UPDATE",
    )
    .bind(hash.as_slice())
    .bind(purpose.as_str());
    consume(conn, "account_tokens", select, hash)
        .await?
        .try_map(|row| {
            Ok(AccountLink {
                user_id: row.try_get("user_id")?,
                email: row.try_get("email")?,
            })
        })
}

/// Stores the hash of a new sign-up link for `email`, valid for `ttl_secs`, and forgets links
/// that expired more than a day ago.
pub async fn create_sign_up_link(
    conn: &mut PgConnection,
    hash: &[u8; 32],
    email: &Email,
    ttl_secs: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_up_links WHERE expires_at < now() - interval '1 day'")
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO sign_up_links (token_hash, email, expires_at)
         VALUES ($1, $2, now() + make_interval(secs => $3))",
    )
    .bind(hash.as_slice())
    .bind(email.as_str())
    .bind(ttl_secs as f64)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Uses up a sign-up link in the caller's transaction and returns the address it was sent to.
pub async fn consume_sign_up_link(
    conn: &mut PgConnection,
    hash: &[u8; 32],
) -> Result<TokenUse<String>, sqlx::Error> {
    let select = sqlx::query(
        "SELECT email, used_at IS NOT NULL AS used, expires_at <= now() AS expired
         FROM sign_up_links WHERE token_hash = $1 FOR UPDATE",
    )
    .bind(hash.as_slice());
    consume(conn, "sign_up_links", select, hash)
        .await?
        .try_map(|row| row.try_get("email"))
}

/// Uses up every outstanding token of this purpose for the account (after a reset, older
/// reset links stop working).
pub async fn retire_tokens(
    conn: impl PgExecutor<'_>,
    user_id: i64,
    purpose: TokenPurpose,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE account_tokens SET used_at = now()
         WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
    )
    .bind(user_id)
    .bind(purpose.as_str())
    .execute(conn)
    .await?;
    Ok(())
}
