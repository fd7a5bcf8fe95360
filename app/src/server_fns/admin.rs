//! The dashboard's account-level functions. Sellers and admins see the summary; only admins
//! list accounts and change roles. Each function names its role in its first line.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::account::Role;
use crate::domain::dashboard::{AccountRow, DashboardSummary, OpenRefund};
use crate::error::AppError;

/// Refunds the payment provider has not confirmed (pending, retried) or refused (failed),
/// failed first. Admins only.
#[server(input = GetUrl, endpoint = "admin/refunds/open")]
pub async fn list_open_refunds() -> Result<Vec<OpenRefund>, AppError> {
    super::no_store();
    super::respond(ssr::open_refunds().await)
}

/// Catalog, stock, customer and email counts. Sellers and admins.
#[server(input = GetUrl, endpoint = "admin/summary")]
pub async fn get_dashboard_summary() -> Result<DashboardSummary, AppError> {
    super::no_store();
    super::respond(ssr::summary().await)
}

/// The newest accounts. Admins only.
#[server(input = GetUrl, endpoint = "admin/accounts")]
pub async fn list_accounts() -> Result<Vec<AccountRow>, AppError> {
    super::no_store();
    super::respond(ssr::accounts().await)
}

/// Gives an account a role; its sessions end (it signs in again with the new role). Admins
/// only, and not on their own account (an admin cannot lock the store out by accident).
#[server(endpoint = "admin/accounts/role")]
pub async fn set_account_role(email: String, role: Role) -> Result<(), AppError> {
    super::respond(ssr::set_role(email, role).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::auth::require_role;
    use crate::db::{accounts, dashboard};
    use crate::domain::account::{Email, Role};
    use crate::domain::dashboard::{AccountRow, DashboardSummary};
    use crate::error::AppError;
    use crate::state::app_state;

    pub async fn summary() -> Result<DashboardSummary, AppError> {
        let state = app_state()?;
        let me = require_role(&state, Role::Seller).await?;
        let seller = (me.viewer.role == Role::Seller).then_some(me.user_id);
        let mut summary = dashboard::summary(&state.db, seller).await?;
        if seller.is_none() {
            let now = crate::payments::now_secs();
            let day = |secs: i64| crate::domain::order::format_utc(secs)[..10].to_string();
            let week = crate::db::analytics::figures(
                &state.db,
                &day(now - 6 * 86_400),
                &day(now),
                state.store.currency,
            )
            .await?;
            let to_ship = dashboard::to_ship(&state.db).await?;
            summary.sales = Some(crate::domain::dashboard::SalesLead::from_week(
                week, to_ship,
            ));
            let stream = crate::relay::stream_key(state.auth.redis_prefix);
            let group = crate::consumers::GROUP;
            match crate::relay::unhandled(&state.redis, &stream, group).await {
                Ok(n) => summary.events_unhandled = Some(n),
                Err(error) => {
                    tracing::warn!(%error, "could not ask Redis about the event consumers")
                }
            }
        }
        Ok(summary)
    }

    pub async fn open_refunds() -> Result<Vec<crate::domain::dashboard::OpenRefund>, AppError> {
        let state = app_state()?;
        require_role(&state, Role::Admin).await?;
        Ok(crate::db::orders::open_refunds(&state.db, 100).await?)
    }

    pub async fn accounts() -> Result<Vec<AccountRow>, AppError> {
        let state = app_state()?;
        require_role(&state, Role::Admin).await?;
        Ok(dashboard::accounts(&state.db, 200).await?)
    }

    pub async fn set_role(email: String, role: Role) -> Result<(), AppError> {
        let state = app_state()?;
        let me = require_role(&state, Role::Admin).await?;
        let email = Email::parse(&email).map_err(|m| AppError::invalid("email", m))?;
        if email.as_str() == me.viewer.email {
            return Err(AppError::invalid(
                "email",
                "You cannot change your own role. Ask another admin.",
            ));
        }
        if !accounts::set_role(&state.db, &email, role).await? {
            return Err(AppError::NotFound("account".into()));
        }
        crate::db::audit::record(
            &state.db,
            me.user_id,
            "account.role",
            &format!("user:{}", email.as_str()),
            None,
            Some(serde_json::json!({"role": role.as_str()})),
        )
        .await?;
        tracing::info!(
            by = me.user_id,
            email = email.as_str(),
            role = role.as_str(),
            "role changed"
        );
        Ok(())
    }
}
