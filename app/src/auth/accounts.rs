//! Account steps shared by several server functions (emailed links), and creating accounts
//! outside the sign-up form: demo accounts and the admin command.

use sqlx::PgConnection;

use crate::auth::{password, session};
use crate::db::accounts::{self, TokenPurpose, TokenUse};
use crate::db::outbox;
use crate::domain::account::{check_new_password, Email, Role};
use crate::domain::mail;
use crate::error::AppError;
use crate::state::StoreConfig;

/// Issues a verification link for `email` and queues the message, in the caller's transaction.
pub async fn queue_verification(
    conn: &mut PgConnection,
    store: &StoreConfig,
    user_id: i64,
    email: &str,
    name: &str,
) -> Result<(), AppError> {
    let token = session::new_token();
    let hash = session::hash_token(&token);
    let ttl = mail::VERIFY_EMAIL_TTL_SECS;
    accounts::create_token(
        &mut *conn,
        &hash,
        user_id,
        TokenPurpose::VerifyEmail,
        email,
        ttl,
    )
    .await?;
    let message = mail::verify_email(&store.brand(), name, &token);
    outbox::enqueue(&mut *conn, email, &message).await?;
    Ok(())
}

/// Issues a password-reset link and queues the message, in the caller's transaction.
pub async fn queue_password_reset(
    conn: &mut PgConnection,
    store: &StoreConfig,
    user_id: i64,
    email: &str,
    name: &str,
) -> Result<(), AppError> {
    let token = session::new_token();
    let hash = session::hash_token(&token);
    let ttl = mail::PASSWORD_RESET_TTL_SECS;
    accounts::create_token(
        &mut *conn,
        &hash,
        user_id,
        TokenPurpose::PasswordReset,
        email,
        ttl,
    )
    .await?;
    let message = mail::password_reset(&store.brand(), name, &token);
    outbox::enqueue(&mut *conn, email, &message).await?;
    Ok(())
}

/// The stored hash of a token as it appears in a link: 64 hex characters. Anything else is
/// refused before any query.
pub fn token_hash(token: &str) -> Result<[u8; 32], AppError> {
    let token = token.trim();
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::invalid(
            "token",
            "This link is not valid. Check that you copied all of it.",
        ));
    }
    Ok(session::hash_token(&token.to_ascii_lowercase()))
}

/// What a presented link was issued for, or the message for a link that cannot be used.
pub fn usable<T>(found: TokenUse<T>) -> Result<T, AppError> {
    let message = match found {
        TokenUse::Consumed(link) => return Ok(link),
        TokenUse::AlreadyUsed => "This link has already been used.",
        TokenUse::Expired => "This link has expired.",
        TokenUse::Unknown => "This link is not valid. Check that you copied all of it.",
    };
    Err(AppError::invalid("token", message))
}

/// Answers a sign-up request for `email`, in the caller's transaction: a link to finish
/// creating the account, or, when the address already has one, a note saying so with the
/// sign-in and reset links. Only the mailbox's owner learns which.
pub async fn queue_sign_up(
    conn: &mut PgConnection,
    store: &StoreConfig,
    email: &Email,
    next: Option<&str>,
) -> Result<(), AppError> {
    let message = match accounts::user_by_email(&mut *conn, email).await? {
        Some(user) => mail::account_exists(&store.brand(), &user.viewer.name, next),
        None => {
            let token = session::new_token();
            let hash = session::hash_token(&token);
            accounts::create_sign_up_link(conn, &hash, email, mail::SIGN_UP_TTL_SECS).await?;
            mail::finish_sign_up(&store.brand(), &token, next)
        }
    };
    outbox::enqueue(&mut *conn, email.as_str(), &message).await?;
    Ok(())
}

/// The refusal for a reset link sent to an address the account no longer has.
pub fn stale_link() -> AppError {
    AppError::invalid(
        "token",
        "This link was sent to an address this account no longer uses. Ask for a new one.",
    )
}

/// Creates the demo account of each role if missing (idempotent). Development data only.
pub async fn load_demo_accounts(pool: &sqlx::PgPool) -> Result<u64, AppError> {
    let mut created = 0;
    for (email, name, role, plain) in crate::demo::accounts::DEMO_ACCOUNTS {
        let email = Email::parse(email).map_err(|_| AppError::Internal)?;
        if accounts::user_by_email(pool, &email).await?.is_some() {
            continue;
        }
        let hash = password::hash_password(plain.to_string()).await?;
        if let Some(id) = accounts::create_user(pool, &email, &hash, name, role).await? {
            accounts::mark_email_verified(pool, id, email.as_str()).await?;
            created += 1;
        }
    }
    Ok(created)
}

/// Makes `email` an admin: promotes an existing account, or creates one with `password`
/// (which must meet the password policy). Returns true when an account was created.
pub async fn make_admin(
    pool: &sqlx::PgPool,
    email: &str,
    password: Option<String>,
) -> Result<bool, AppError> {
    let invalid = AppError::invalid;
    let email = Email::parse(email).map_err(|m| invalid("email", m))?;
    if accounts::set_role(pool, &email, Role::Admin).await? {
        return Ok(false);
    }
    let password = password.ok_or_else(|| {
        invalid(
            "password",
            "A new admin account needs OXCART_ADMIN_PASSWORD.",
        )
    })?;
    check_new_password(&password, password::is_common).map_err(|m| invalid("password", m))?;
    let hash = password::hash_password(password).await?;
    accounts::create_user(pool, &email, &hash, "", Role::Admin).await?;
    Ok(true)
}
