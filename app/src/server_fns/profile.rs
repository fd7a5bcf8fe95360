//! The signed-in account's own settings: name, email, password, and signed-in browsers.
//! Every function here needs a signed-in account (`auth::require_user`).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::account::{SessionSummary, Viewer};
use crate::error::AppError;

/// Changes the display name.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/profile")]
pub async fn update_profile(name: String) -> Result<Viewer, AppError> {
    super::respond(ssr::update_profile(name).await)
}

/// Changes the sign-in email after checking the password. The new address must be confirmed;
/// the old one is told of the change.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/email")]
pub async fn change_email(email: String, password: String) -> Result<Viewer, AppError> {
    super::respond(ssr::change_email(email, password).await)
}

/// Changes the password after checking the current one, and signs out every other browser.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    super::respond(ssr::change_password(current_password, new_password).await)
}

/// The browsers signed in to this account.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "account/sessions")]
pub async fn list_sessions() -> Result<Vec<SessionSummary>, AppError> {
    super::no_store();
    super::respond(ssr::list_sessions().await)
}

/// Signs out one of this account's browsers.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/sessions/revoke")]
pub async fn revoke_session(id: i64) -> Result<(), AppError> {
    super::respond(ssr::revoke_session(id).await)
}

/// Signs out every browser of this account, this one included.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/sessions/revoke-all")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    super::respond(ssr::sign_out_everywhere().await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::auth::{self, accounts as flows, password, rate_limit};
    use crate::db::accounts::{self, TokenPurpose};
    use crate::db::outbox;
    use crate::domain::account::{check_new_password, parse_name, Email, SessionSummary, Viewer};
    use crate::domain::mail;
    use crate::error::AppError;
    use crate::server_fns::no_store;
    use crate::state::{app_state, AppState};

    /// Checks the signed-in account's password; a wrong one is a field error.
    async fn confirm_password(
        state: &AppState,
        user_id: i64,
        field: &str,
        typed: String,
    ) -> Result<accounts::UserRecord, AppError> {
        if typed.is_empty() {
            return Err(AppError::invalid(field, "Enter your current password."));
        }
        // A stolen session cookie must not become a way to guess the password.
        let limit = state.auth.limits.password_check_per_account;
        let subject = user_id.to_string();
        rate_limit::hit(&state.redis, state.auth.redis_prefix, limit, &subject).await?;
        let user = accounts::user_by_id(&state.db, user_id)
            .await?
            .ok_or(AppError::Unauthorized)?;
        let stored = Some(user.password_hash.clone());
        if !password::verify_password(password::truncated(typed), stored).await? {
            return Err(AppError::invalid(field, "That password is not correct."));
        }
        Ok(user)
    }

    pub async fn update_profile(name: String) -> Result<Viewer, AppError> {
        let state = app_state()?;
        let me = auth::require_user(&state).await?;
        let name = parse_name(&name).map_err(|m| AppError::invalid("name", m))?;
        accounts::set_name(&state.db, me.user_id, &name).await?;
        Ok(Viewer { name, ..me.viewer })
    }

    pub async fn change_email(email: String, typed_password: String) -> Result<Viewer, AppError> {
        let state = app_state()?;
        let me = auth::require_user(&state).await?;
        let email = Email::parse(&email).map_err(|m| AppError::invalid("email", m))?;
        if email.as_str() == me.viewer.email {
            return Err(AppError::invalid(
                "email",
                "That is already your email address.",
            ));
        }
        let user = confirm_password(&state, me.user_id, "password", typed_password).await?;
        let old = user.viewer.email.clone();
        let name = user.viewer.name.clone();
        let mut tx = state.db.begin().await?;
        if !accounts::set_email(&mut tx, me.user_id, &email).await? {
            return Err(AppError::invalid(
                "email",
                "Another account uses this email address.",
            ));
        }
        flows::queue_verification(&mut tx, &state.store, me.user_id, email.as_str(), &name).await?;
        let notice = mail::email_changed(&state.store.brand(), &name, email.as_str());
        outbox::enqueue(&mut *tx, &old, &notice).await?;
        // Reset links sent to the old address stop working, and so do other browsers.
        accounts::retire_tokens(&mut *tx, me.user_id, TokenPurpose::PasswordReset).await?;
        accounts::delete_sessions_of_user(&mut *tx, me.user_id, Some(me.session_id)).await?;
        tx.commit().await?;
        Ok(Viewer {
            email: email.as_str().to_string(),
            email_verified: false,
            ..user.viewer
        })
    }

    pub async fn change_password(current: String, new_password: String) -> Result<(), AppError> {
        let state = app_state()?;
        let me = auth::require_user(&state).await?;
        confirm_password(&state, me.user_id, "current_password", current).await?;
        check_new_password(&new_password, password::is_common)
            .map_err(|m| AppError::invalid("new_password", m))?;
        let hash = password::hash_password(new_password).await?;
        let mut tx = state.db.begin().await?;
        accounts::set_password_hash(&mut *tx, me.user_id, &hash).await?;
        accounts::retire_tokens(&mut *tx, me.user_id, TokenPurpose::PasswordReset).await?;
        accounts::delete_sessions_of_user(&mut *tx, me.user_id, None).await?;
        auth::start_session(&mut tx, &state, me.user_id).await?;
        tx.commit().await?;
        no_store();
        Ok(())
    }

    pub async fn list_sessions() -> Result<Vec<SessionSummary>, AppError> {
        let state = app_state()?;
        let me = auth::require_user(&state).await?;
        Ok(accounts::sessions_of_user(&state.db, me.user_id, me.session_id).await?)
    }

    pub async fn revoke_session(id: i64) -> Result<(), AppError> {
        let state = app_state()?;
        let me = auth::require_user(&state).await?;
        if !accounts::delete_session_of_user(&state.db, me.user_id, id).await? {
            return Err(AppError::NotFound("session".into()));
        }
        if id == me.session_id {
            auth::clear_cookie(&state);
        }
        Ok(())
    }

    pub async fn sign_out_everywhere() -> Result<(), AppError> {
        let state = app_state()?;
        let me = auth::require_user(&state).await?;
        accounts::delete_sessions_of_user(&state.db, me.user_id, None).await?;
        auth::clear_cookie(&state);
        no_store();
        Ok(())
    }
}
