//! Accounts: who is signed in, sign-up, sign-in and sign-out. State-changing calls are POSTs,
//! which the server's CSRF check only accepts from the store's own origin.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::account::Viewer;
use crate::error::AppError;

/// The signed-in account, or None for a guest.
#[server(input = GetUrl, endpoint = "account/viewer")]
pub async fn get_viewer() -> Result<Option<Viewer>, AppError> {
    ssr::no_store();
    let state = crate::state::app_state()?;
    super::respond(
        crate::auth::signed_in(&state)
            .await
            .map(|s| s.map(|s| s.viewer)),
    )
}

/// Creates a customer account and signs it in.
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
    use crate::auth::{password, rate_limit, session};
    use crate::db::accounts;
    use crate::domain::account::{check_new_password, parse_name, Email, Role, Viewer};
    use crate::error::AppError;
    use crate::state::{app_state, AppState};

    fn invalid(field: &str, message: &str) -> AppError {
        AppError::Invalid {
            field: field.to_string(),
            message: message.to_string(),
        }
    }

    /// Answers that depend on the cookie must never be cached by browsers or proxies.
    pub fn no_store() {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.insert_header(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("private, no-store"),
            );
        }
    }

    /// Starts a new session for the account, ending the request's old one (no fixation).
    async fn start_session(state: &AppState, user_id: i64) -> Result<(), AppError> {
        if let Some(old) = session::token_from_request() {
            accounts::delete_session_by_token_hash(&state.db, &session::hash_token(&old)).await?;
        }
        let user_agent = leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|p| {
                p.headers
                    .get(axum::http::header::USER_AGENT)?
                    .to_str()
                    .ok()
                    .map(str::to_string)
            })
            .unwrap_or_default();
        let token = session::new_token();
        accounts::create_session(
            &state.db,
            user_id,
            &session::hash_token(&token),
            &user_agent,
        )
        .await?;
        session::set_cookie(&session::cookie_value(
            &token,
            state.auth.sessions.absolute_secs,
            state.auth.secure_cookies,
        ));
        no_store();
        Ok(())
    }

    pub async fn sign_up(
        email: String,
        password: String,
        name: String,
    ) -> Result<Viewer, AppError> {
        let state = app_state()?;
        let ip = rate_limit::client_ip(state.auth.trust_forwarded_for);
        rate_limit::hit(
            &state.redis,
            state.auth.redis_prefix,
            state.auth.limits.sign_up_per_ip,
            &ip,
        )
        .await?;
        let email = Email::parse(&email).map_err(|m| invalid("email", m))?;
        let name = parse_name(&name).map_err(|m| invalid("name", m))?;
        check_new_password(&password, password::is_common).map_err(|m| invalid("password", m))?;
        let hash = password::hash_password(password).await?;
        let user_id = accounts::create_user(&state.db, &email, &hash, &name, Role::Customer)
            .await?
            .ok_or_else(|| {
                invalid(
                    "email",
                    "An account with this email already exists. Sign in instead.",
                )
            })?;
        start_session(&state, user_id).await?;
        Ok(Viewer {
            email: email.as_str().to_string(),
            name,
            role: Role::Customer,
            email_verified: false,
        })
    }

    pub async fn sign_in(email: String, password: String) -> Result<Viewer, AppError> {
        let state = app_state()?;
        let email = Email::parse(&email).map_err(|m| invalid("email", m))?;
        let (limits, prefix) = (state.auth.limits, state.auth.redis_prefix);
        let ip = rate_limit::client_ip(state.auth.trust_forwarded_for);
        rate_limit::hit(&state.redis, prefix, limits.sign_in_per_ip, &ip).await?;
        rate_limit::hit(
            &state.redis,
            prefix,
            limits.sign_in_per_email,
            email.as_str(),
        )
        .await?;
        if password.is_empty() {
            return Err(invalid("password", "Enter your password."));
        }
        let user = accounts::user_by_email(&state.db, &email).await?;
        let stored = user.as_ref().map(|u| u.password_hash.clone());
        // Longer inputs cannot match (the policy caps passwords) and would only cost hashing time.
        let password = password
            .chars()
            .take(crate::domain::account::MAX_PASSWORD_CHARS + 1)
            .collect();
        // Always verify (against a dummy hash for unknown emails) so timing reveals nothing.
        let matches = password::verify_password(password, stored).await?;
        match user {
            Some(user) if matches => {
                start_session(&state, user.id).await?;
                Ok(user.viewer)
            }
            _ => Err(invalid("password", "Email or password is incorrect.")),
        }
    }

    pub async fn sign_out() -> Result<(), AppError> {
        let state = app_state()?;
        if let Some(token) = session::token_from_request() {
            accounts::delete_session_by_token_hash(&state.db, &session::hash_token(&token)).await?;
        }
        session::set_cookie(&session::cookie_value("", 0, state.auth.secure_cookies));
        no_store();
        Ok(())
    }
}
