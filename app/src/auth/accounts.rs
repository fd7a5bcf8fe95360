//! Creating accounts outside the sign-up form: demo accounts and the admin command.

use crate::auth::password;
use crate::db::accounts;
use crate::domain::account::{check_new_password, Email, Role};
use crate::error::AppError;

/// Creates the demo account of each role if missing (idempotent). Development data only.
pub async fn load_demo_accounts(pool: &sqlx::PgPool) -> Result<u64, AppError> {
    let mut created = 0;
    for (email, name, role, plain) in crate::demo::accounts::DEMO_ACCOUNTS {
        let email = Email::parse(email).map_err(|_| AppError::Internal)?;
        if accounts::user_by_email(pool, &email).await?.is_some() {
            continue;
        }
        let hash = password::hash_password(plain.to_string()).await?;
        if accounts::create_user(pool, &email, &hash, name, role)
            .await?
            .is_some()
        {
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
    let invalid = |field: &str, message: &str| AppError::Invalid {
        field: field.into(),
        message: message.into(),
    };
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
