//! Emailed links: confirming an email address and resetting a forgotten password.

use leptos::prelude::*;

use crate::error::AppError;

/// Confirms the address a verification link was sent to.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/verify-email")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    super::respond(ssr::verify_email(token).await)
}

/// Sends a new verification link to the signed-in account's address.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/resend-verification")]
pub async fn resend_verification() -> Result<(), AppError> {
    super::respond(ssr::resend_verification().await)
}

/// Emails a reset link if an account has this address. The answer is the same either way.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/forgot-password")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    super::respond(ssr::request_password_reset(email).await)
}

/// Sets a new password with a reset link's token, signs out every session of the account and
/// signs this browser in.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/reset-password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    super::respond(ssr::reset_password(token, password).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::auth::{self, accounts as flows, password, rate_limit};
    use crate::db::accounts::{self, AccountLink, TokenPurpose};
    use crate::domain::account::{check_new_password, Email};
    use crate::error::AppError;
    use crate::server_fns::no_store;
    use crate::state::app_state;

    pub async fn verify_email(token: String) -> Result<(), AppError> {
        let state = app_state()?;
        let hash = flows::token_hash(&token)?;
        let mut tx = state.db.begin().await?;
        let found = accounts::consume_token(&mut tx, &hash, TokenPurpose::VerifyEmail).await?;
        let AccountLink { user_id, email } = flows::usable(found)?;
        if !accounts::mark_email_verified(&mut *tx, user_id, &email).await? {
            return Err(AppError::invalid(
                "token",
                "This link was for an email address the account no longer uses.",
            ));
        }
        // The address is proven now: what it ordered as a guest joins the account.
        crate::db::orders::adopt_guest_orders(&mut tx, user_id, &email).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn resend_verification() -> Result<(), AppError> {
        let state = app_state()?;
        let me = auth::require_user(&state).await?;
        if me.viewer.email_verified {
            return Ok(());
        }
        let limit = state.auth.limits.resend_per_account;
        rate_limit::hit(
            &state.redis,
            state.auth.redis_prefix,
            limit,
            &me.user_id.to_string(),
        )
        .await?;
        let mut tx = state.db.begin().await?;
        let viewer = &me.viewer;
        flows::queue_verification(
            &mut tx,
            &state.store,
            me.user_id,
            &viewer.email,
            &viewer.name,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn request_password_reset(email: String) -> Result<(), AppError> {
        let state = app_state()?;
        let email = Email::parse(&email).map_err(|m| AppError::invalid("email", m))?;
        let (limits, prefix) = (state.auth.limits, state.auth.redis_prefix);
        let ip = rate_limit::client_ip(state.auth.trust_forwarded_for);
        rate_limit::hit(&state.redis, prefix, limits.reset_per_ip, &ip).await?;
        rate_limit::hit(&state.redis, prefix, limits.reset_per_email, email.as_str()).await?;
        // Unknown addresses get the same answer in the same time: both cost one lookup, and
        // the link and its email are written after the answer, so its timing says nothing of
        // whether the account exists.
        let Some(user) = accounts::user_by_email(&state.db, &email).await? else {
            return Ok(());
        };
        tokio::spawn(async move {
            let queued = async {
                let mut tx = state.db.begin().await?;
                let name = &user.viewer.name;
                flows::queue_password_reset(&mut tx, &state.store, user.id, email.as_str(), name)
                    .await?;
                tx.commit().await?;
                Ok::<(), AppError>(())
            };
            if let Err(error) = queued.await {
                tracing::error!(%error, "password reset email not queued");
            }
        });
        Ok(())
    }

    pub async fn reset_password(token: String, new_password: String) -> Result<(), AppError> {
        let state = app_state()?;
        let ip = rate_limit::client_ip(state.auth.trust_forwarded_for);
        let limit = state.auth.limits.reset_confirm_per_ip;
        rate_limit::hit(&state.redis, state.auth.redis_prefix, limit, &ip).await?;
        let hash = flows::token_hash(&token)?;
        check_new_password(&new_password, password::is_common)
            .map_err(|m| AppError::invalid("password", m))?;
        // The token is looked up (and locked) before any hashing: only a live link costs an
        // argon2 hash. A refusal below rolls back, so the link still works for a retry.
        let mut tx = state.db.begin().await?;
        let found = accounts::consume_token(&mut tx, &hash, TokenPurpose::PasswordReset).await?;
        let AccountLink { user_id, email } = flows::usable(found)?;
        // A link sent to an address the account has since moved away from no longer works.
        let current = accounts::user_by_id(&mut *tx, user_id).await?;
        if current.as_ref().map(|u| u.viewer.email.as_str()) != Some(email.as_str()) {
            return Err(flows::stale_link());
        }
        let new_hash = password::hash_password(new_password).await?;
        accounts::set_password_hash(&mut *tx, user_id, &new_hash).await?;
        accounts::retire_tokens(&mut *tx, user_id, TokenPurpose::PasswordReset).await?;
        // Following the link proved the address, if it is still the account's.
        accounts::mark_email_verified(&mut *tx, user_id, &email).await?;
        accounts::delete_sessions_of_user(&mut *tx, user_id, None).await?;
        auth::start_session(&mut tx, &state, user_id).await?;
        tx.commit().await?;
        no_store();
        Ok(())
    }
}
