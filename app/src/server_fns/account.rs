//! Accounts: who is signed in, sign-up, sign-in and sign-out. State-changing calls are POSTs,
//! which the server's CSRF check only accepts from the store's own origin.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::account::Viewer;
use crate::error::AppError;

/// The signed-in account, or None for a guest.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "account/viewer")]
pub async fn get_viewer() -> Result<Option<Viewer>, AppError> {
    super::no_store();
    let state = crate::state::app_state()?;
    super::respond(
        crate::auth::signed_in(&state)
            .await
            .map(|s| s.map(|s| s.viewer)),
    )
}

/// Starts a sign-up: emails the address a link to finish creating the account, or, when it
/// already has one, a note saying so. The answer is the same either way, so the form does not
/// tell who has an account.
/// `next`: where the emailed link leads after the account is created (a path on this site).
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/sign-up")]
pub async fn sign_up(email: String, next: Option<String>) -> Result<(), AppError> {
    super::respond(ssr::sign_up(email, next).await)
}

/// Finishes a sign-up from its emailed link: creates the customer account with this name and
/// password (its address confirmed by the link) and signs this browser in. A form posted
/// without JavaScript is then sent to `next` (a path on this site) or the account page.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/finish-sign-up")]
pub async fn finish_sign_up(
    token: String,
    name: String,
    password: String,
    next: Option<String>,
) -> Result<Viewer, AppError> {
    let viewer = super::respond(ssr::finish_sign_up(token, name, password).await)?;
    super::after_plain_form(next.as_deref());
    Ok(viewer)
}

/// Signs in with email and password. A wrong password and an unknown email get the same answer.
/// A form posted without JavaScript is then sent to `next` (a path on this site) or the
/// account page.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/sign-in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<Viewer, AppError> {
    let viewer = super::respond(ssr::sign_in(email, password).await)?;
    super::after_plain_form(next.as_deref());
    Ok(viewer)
}

/// Ends this browser's session.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/sign-out")]
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

    pub async fn sign_up(email: String, next: Option<String>) -> Result<(), AppError> {
        let state = app_state()?;
        let (limits, prefix) = (state.auth.limits, state.auth.redis_prefix);
        let ip = rate_limit::client_ip(state.auth.trust_forwarded_for);
        rate_limit::hit(&state.redis, prefix, limits.sign_up_per_ip, &ip).await?;
        let email = Email::parse(&email).map_err(|m| AppError::invalid("email", m))?;
        rate_limit::hit(
            &state.redis,
            prefix,
            limits.sign_up_per_email,
            email.as_str(),
        )
        .await?;
        // Whether the address has an account is looked up after the answer, so neither the
        // answer nor its timing says anything about it.
        tokio::spawn(async move {
            let queued = async {
                let mut tx = state.db.begin().await?;
                flows::queue_sign_up(&mut tx, &state.store, &email, next.as_deref()).await?;
                tx.commit().await?;
                Ok::<(), AppError>(())
            };
            if let Err(error) = queued.await {
                tracing::error!(%error, "sign-up email not queued");
            }
        });
        Ok(())
    }

    pub async fn finish_sign_up(
        token: String,
        name: String,
        password: String,
    ) -> Result<Viewer, AppError> {
        let state = app_state()?;
        let ip = rate_limit::client_ip(state.auth.trust_forwarded_for);
        let limit = state.auth.limits.reset_confirm_per_ip;
        rate_limit::hit(&state.redis, state.auth.redis_prefix, limit, &ip).await?;
        let hash = flows::token_hash(&token)?;
        let name = parse_name(&name).map_err(|m| AppError::invalid("name", m))?;
        check_new_password(&password, password::is_common)
            .map_err(|m| AppError::invalid("password", m))?;
        // The link is looked up (and locked) before hashing: only a live link costs an argon2
        // hash. A refusal below rolls back, so the link still works for a retry.
        let mut tx = state.db.begin().await?;
        let email = flows::usable(accounts::consume_sign_up_link(&mut tx, &hash).await?)?;
        let email = Email::parse(&email).map_err(|_| AppError::Internal)?;
        let hash = password::hash_password(password).await?;
        // Whoever follows the link holds the mailbox, so saying the account exists tells them
        // nothing new (an earlier link was used, or the address signed up another way).
        let user_id = accounts::create_user(&mut *tx, &email, &hash, &name, Role::Customer)
            .await?
            .ok_or_else(|| {
                AppError::invalid(
                    "token",
                    "This address already has an account. Sign in, or ask for a password reset.",
                )
            })?;
        accounts::mark_email_verified(&mut *tx, user_id, email.as_str()).await?;
        // What this address ordered as a guest is now in the account.
        crate::db::orders::adopt_guest_orders(&mut tx, user_id, email.as_str()).await?;
        auth::start_session(&mut tx, &state, user_id).await?;
        tx.commit().await?;
        no_store();
        Ok(Viewer {
            email: email.as_str().to_string(),
            name,
            role: Role::Customer,
            email_verified: true,
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
