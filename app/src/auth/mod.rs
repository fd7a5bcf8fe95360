//! Server-side authentication: password hashing, session tokens and cookies, and finding the
//! signed-in account of the current request. Server only.

pub mod accounts;
pub mod password;
pub mod rate_limit;
pub mod session;

use crate::domain::account::Viewer;
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
    let Some(token) = session::token_from_request() else {
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
