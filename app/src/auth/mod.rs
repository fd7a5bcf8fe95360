//! Server-side authentication: password hashing, session tokens and cookies, and finding the
//! signed-in account of the current request. Server only.

pub mod accounts;
pub mod password;
pub mod rate_limit;
pub mod session;

use crate::domain::account::{Role, Viewer};
use crate::error::AppError;
use crate::state::AppState;

/// The signed-in account behind the current request.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub session_id: i64,
    pub user_id: i64,
    pub viewer: Viewer,
}

/// The account signed in on this request, if any. Expired sessions are deleted on sight.
pub async fn signed_in(state: &AppState) -> Result<Option<SignedIn>, AppError> {
    signed_in_with(state, session::token_from_request()).await
}

/// The account signed in on a plain axum request (outside server functions), by its headers.
pub async fn signed_in_by_headers(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<Option<SignedIn>, AppError> {
    signed_in_with(state, session::token_from_headers(headers)).await
}

async fn signed_in_with(
    state: &AppState,
    token: Option<String>,
) -> Result<Option<SignedIn>, AppError> {
    let Some(token) = token else {
        return Ok(None);
    };
    let hash = session::hash_token(&token);
    let Some(found) = crate::db::accounts::session_by_token_hash(&state.db, &hash).await? else {
        return Ok(None);
    };
    if !state
        .auth
        .sessions
        .is_live(found.created_at, found.last_seen_at, found.now)
    {
        crate::db::accounts::delete_session(&state.db, found.session_id).await?;
        return Ok(None);
    }
    // Recording every request would write on every page view; once a minute is enough for idle expiry.
    if found.now - found.last_seen_at >= 60 {
        crate::db::accounts::touch_session(&state.db, found.session_id).await?;
    }
    Ok(Some(SignedIn {
        session_id: found.session_id,
        user_id: found.user.0,
        viewer: found.user.1,
    }))
}

/// The guard of every server function that needs a signed-in account: the account, or
/// `Unauthorized` (401) for a guest.
pub async fn require_user(state: &AppState) -> Result<SignedIn, AppError> {
    signed_in(state).await?.ok_or(AppError::Unauthorized)
}

/// The guard of every server function that needs a role: the account if its role is `needed`
/// or higher (admin > seller > customer), `Unauthorized` (401) for a guest, `Forbidden` (403)
/// for a lower role.
pub async fn require_role(state: &AppState, needed: Role) -> Result<SignedIn, AppError> {
    let me = require_user(state).await?;
    if me.viewer.role.at_least(needed) {
        Ok(me)
    } else {
        tracing::warn!(user_id = me.user_id, role = ?me.viewer.role, needed = ?needed, "forbidden");
        Err(AppError::Forbidden)
    }
}

/// Starts a new session for the account on this browser, ending the browser's old one (no
/// session fixation), and sets the cookie. `conn` may be a transaction.
pub async fn start_session(
    conn: &mut sqlx::PgConnection,
    state: &AppState,
    user_id: i64,
) -> Result<(), AppError> {
    if let Some(old) = session::token_from_request() {
        crate::db::accounts::delete_session_by_token_hash(&mut *conn, &session::hash_token(&old))
            .await?;
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
    crate::db::accounts::create_session(
        &mut *conn,
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
    Ok(())
}

/// Clears the session cookie.
pub fn clear_cookie(state: &AppState) {
    session::set_cookie(&session::cookie_value("", 0, state.auth.secure_cookies));
}
