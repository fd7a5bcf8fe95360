//! The dashboard's account-level functions. Sellers and admins see the summary; only admins
//! list accounts and change roles. Each function names its role in its first line.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::account::Role;
use crate::domain::dashboard::{AccountsPage, AuditPage, DashboardSummary, OpenRefund};
use crate::error::AppError;

/// Refunds the payment provider has not confirmed (pending, retried) or refused (failed),
/// failed first. Admins only.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/refunds/open")]
pub async fn list_open_refunds() -> Result<Vec<OpenRefund>, AppError> {
    super::no_store();
    super::respond(ssr::open_refunds().await)
}

/// Catalog, stock, customer and email counts. Sellers and admins.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/summary")]
pub async fn get_dashboard_summary() -> Result<DashboardSummary, AppError> {
    super::no_store();
    super::respond(ssr::summary().await)
}

/// Accounts newest first, a page at a time, optionally those whose email or name contains
/// `q`. Admins only.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/accounts")]
pub async fn list_accounts(
    #[server(default)] q: String,
    #[server(default)] page: u32,
) -> Result<AccountsPage, AppError> {
    super::no_store();
    super::respond(ssr::accounts(q, page).await)
}

/// The audit log newest first, a page at a time. Admins only.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/audit/page")]
pub async fn list_audit(#[server(default)] page: u32) -> Result<AuditPage, AppError> {
    super::no_store();
    super::respond(ssr::audit(page).await)
}

/// Gives an account a role; its sessions end (it signs in again with the new role). Admins
/// only, and not on their own account (an admin cannot lock the store out by accident).
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/accounts/role")]
pub async fn set_account_role(email: String, role: Role) -> Result<(), AppError> {
    super::respond(ssr::set_role(email, role).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::auth::require_role;
    use crate::db::{accounts, dashboard};
    use crate::domain::account::{Email, Role};
    use crate::domain::dashboard::{AccountsPage, AuditPage, DashboardSummary, LIST_PAGE_SIZE};
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

    /// (page as asked, at least 1; offset; how many to read: one more than a page, to know
    /// whether there is a next).
    fn window(page: u32) -> (u32, i64, i64) {
        let page = page.clamp(1, 100_000);
        let size = i64::from(LIST_PAGE_SIZE);
        (page, i64::from(page - 1) * size, size + 1)
    }

    /// A page's rows out of the one more read, and whether there is a next page.
    fn one_page<T>(mut rows: Vec<T>) -> (Vec<T>, bool) {
        let has_more = rows.len() > LIST_PAGE_SIZE as usize;
        rows.truncate(LIST_PAGE_SIZE as usize);
        (rows, has_more)
    }

    pub async fn accounts(q: String, page: u32) -> Result<AccountsPage, AppError> {
        let state = app_state()?;
        require_role(&state, Role::Admin).await?;
        let (page, offset, limit) = window(page);
        let q: String = q.chars().take(100).collect();
        let (rows, has_more) = one_page(dashboard::accounts(&state.db, &q, offset, limit).await?);
        Ok(AccountsPage {
            rows,
            page,
            has_more,
        })
    }

    pub async fn audit(page: u32) -> Result<AuditPage, AppError> {
        let state = app_state()?;
        require_role(&state, Role::Admin).await?;
        let (page, offset, limit) = window(page);
        let (entries, has_more) =
            one_page(crate::db::audit::page(&state.db, None, offset, limit).await?);
        Ok(AuditPage {
            entries,
            page,
            has_more,
        })
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
