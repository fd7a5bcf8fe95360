//! Accounts: who is signed in, sign-up, sign-in and sign-out. State-changing calls are POSTs,
//! which the server's CSRF check only accepts from the store's own origin.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::account::Viewer;
use crate::error::AppError;

/// The signed-in account, or None for a guest.
#[server(input = GetUrl, endpoint = "account/viewer")]
pub async fn get_viewer() -> Result<Option<Viewer>, AppError> {
    super::no_store();
    let state = crate::state::app_state()?;
    super::respond(
        crate::auth::signed_in(&state)
            .await
            .map(|s| s.map(|s| s.viewer)),
    )
}

/// Creates a customer account, signs it in, and emails a link to confirm the address.
#[server(endpoint = "account/sign-up")]
pub async fn sign_up(email: String, password: String, name: String) -> Result<Viewer, AppError> {
    super::respond(ssr::sign_up(email, password, name).await)
}

/// Signs in with email and password. A wrong password and an unknown email get the same answer.
#[server(endpoint = "account/sign-in")]
pub async fn sign_in(email: String, password: String) -> Result<Viewer, AppError> {
    super::respond(ssr::sign_in(email, password).await)
}

/// Ends this browser's session.
#[server(endpoint = "account/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    super::respond(ssr::sign_out().await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::auth::{self, accounts as flows, password, rate_limit, session};
    use crate::db::accounts;
    use crate::domain::account::{check_new_password, parse_name, Email, Role, Viewer};
    use crate::error::AppError;
    use crate::server_fns::no_store;
    use crate::state::app_state;

    pub async fn sign_up(
        email: String,
        password: String,
        name: String,
    ) -> Result<Viewer, AppError> {
        let state = app_state()?;
        let ip = rate_limit::client_ip(state.auth.trust_forwarded_for);
        let limits = state.auth.limits;
        rate_limit::hit(
            &state.redis,
            state.auth.redis_prefix,
            limits.sign_up_per_ip,
            &ip,
        )
        .await?;
        let email = Email::parse(&email).map_err(|m| AppError::invalid("email", m))?;
        let name = parse_name(&name).map_err(|m| AppError::invalid("name", m))?;
        check_new_password(&password, password::is_common)
            .map_err(|m| AppError::invalid("password", m))?;
        let hash = password::hash_password(password).await?;
        // The account, its session and the verification email commit together or not at all.
        let mut tx = state.db.begin().await?;
        let user_id = accounts::create_user(&mut *tx, &email, &hash, &name, Role::Customer)
            .await?
            .ok_or_else(|| {
                AppError::invalid(
                    "email",
                    "An account with this email already exists. Sign in instead.",
                )
            })?;
        flows::queue_verification(&mut tx, &state.store, user_id, email.as_str(), &name).await?;
        auth::start_session(&mut tx, &state, user_id).await?;
        tx.commit().await?;
        no_store();
        Ok(Viewer {
            email: email.as_str().to_string(),
            name,
            role: Role::Customer,
            email_verified: false,
        })
    }

    pub async fn sign_in(email: String, password: String) -> Result<Viewer, AppError> {
        let state = app_state()?;
        let email = Email::parse(&email).map_err(|m| AppError::invalid("email", m))?;
        let (limits, prefix) = (state.auth.limits, state.auth.redis_prefix);
        let ip = rate_limit::client_ip(state.auth.trust_forwarded_for);
        rate_limit::hit(&state.redis, prefix, limits.sign_in_per_ip, &ip).await?;
        // Per email and client, so nobody elsewhere can lock the owner out; the global
        // per-email ceiling is looser and only slows stuffing from many networks.
        let email_and_client = format!("{}|{ip}", email.as_str());
        rate_limit::hit(
            &state.redis,
            prefix,
            limits.sign_in_per_email,
            &email_and_client,
        )
        .await?;
        rate_limit::hit(
            &state.redis,
            prefix,
            limits.sign_in_per_email_global,
            email.as_str(),
        )
        .await?;
        if password.is_empty() {
            return Err(AppError::invalid("password", "Enter your password."));
        }
        let user = accounts::user_by_email(&state.db, &email).await?;
        let stored = user.as_ref().map(|u| u.password_hash.clone());
        // Always verify (against a dummy hash for unknown emails) so timing reveals nothing.
        let matches = password::verify_password(password::truncated(password), stored).await?;
        match user {
            Some(user) if matches => {
                let mut conn = state.db.acquire().await?;
                auth::start_session(&mut conn, &state, user.id).await?;
                no_store();
                Ok(user.viewer)
            }
            _ => Err(AppError::invalid(
                "password",
                "Email or password is incorrect.",
            )),
        }
    }

    pub async fn sign_out() -> Result<(), AppError> {
        let state = app_state()?;
        if let Some(token) = session::token_from_request() {
            accounts::delete_session_by_token_hash(&state.db, &session::hash_token(&token)).await?;
        }
        auth::clear_cookie(&state);
        no_store();
        Ok(())
    }
}
