//! Inventory for sellers and admins: find a variant's stock, see its ledger, adjust it (goods
//! received, a shelf count, damage, a return), the low-stock view and its alerts, and (admins)
//! the audit log. A seller sees and changes only their own products' stock.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::dashboard::AuditEntry;
use crate::domain::inventory::{LowStockAlert, StockDetail, StockRow};
use crate::error::AppError;

/// Variants whose SKU or product name contains `q` (all when empty), at most 100.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/inventory/search")]
pub async fn search_stock(q: String) -> Result<Vec<StockRow>, AppError> {
    super::no_store();
    super::respond(ssr::search(q).await)
}

/// One variant's stock and its latest 50 movements.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/inventory/stock")]
pub async fn get_stock_detail(sku: String) -> Result<StockDetail, AppError> {
    super::no_store();
    super::respond(ssr::detail(sku).await)
}

/// Adjusts a variant's stock: `kind` is receipt, count, damage or return; `quantity` the units
/// received, counted, written off or returned; `reason` is kept in the ledger.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/inventory/adjust")]
pub async fn adjust_stock(
    sku: String,
    kind: String,
    quantity: String,
    reason: String,
) -> Result<StockDetail, AppError> {
    super::respond(ssr::adjust(sku, kind, quantity, reason).await)
}

/// The 50 variants furthest at or under their low-stock threshold.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/inventory/low")]
pub async fn low_stock() -> Result<Vec<StockRow>, AppError> {
    super::no_store();
    super::respond(ssr::low().await)
}

/// Low-stock alerts not dismissed yet.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/alerts")]
pub async fn stock_alerts() -> Result<Vec<LowStockAlert>, AppError> {
    super::no_store();
    super::respond(ssr::alerts().await)
}

/// Dismisses a low-stock alert.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/alerts/dismiss")]
pub async fn dismiss_alert(id: i64) -> Result<(), AppError> {
    super::respond(ssr::dismiss(id).await)
}

/// The newest audit entries (admins), optionally about one subject (`variant:SKU`, ...).
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/audit")]
pub async fn audit_log(subject: String) -> Result<Vec<AuditEntry>, AppError> {
    super::no_store();
    super::respond(ssr::audit(subject).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::auth::{require_role, SignedIn};
    use crate::db::audit;
    use crate::db::inventory::{self, Adjusted};
    use crate::domain::account::Role;
    use crate::domain::dashboard::AuditEntry;
    use crate::domain::inventory::{Adjustment, LowStockAlert, StockDetail, StockRow};
    use crate::error::AppError;
    use crate::state::{app_state, AppState};

    /// Sellers are limited to their own products; admins see everything.
    fn scope(me: &SignedIn) -> Option<i64> {
        (me.viewer.role == Role::Seller).then_some(me.user_id)
    }

    fn not_found() -> AppError {
        AppError::NotFound("variant".into())
    }

    async fn staff() -> Result<(AppState, SignedIn), AppError> {
        let state = app_state()?;
        let me = require_role(&state, Role::Seller).await?;
        Ok((state, me))
    }

    pub async fn search(q: String) -> Result<Vec<StockRow>, AppError> {
        let (state, me) = staff().await?;
        let q: String = q.chars().take(100).collect();
        Ok(inventory::search_stock(&state.db, &q, scope(&me), 100).await?)
    }

    async fn load(state: &AppState, me: &SignedIn, sku: &str) -> Result<StockDetail, AppError> {
        let stock = inventory::stock(&state.db, sku, scope(me))
            .await?
            .ok_or_else(not_found)?;
        let movements = inventory::history(&state.db, sku, 50).await?;
        Ok(StockDetail { stock, movements })
    }

    pub async fn detail(sku: String) -> Result<StockDetail, AppError> {
        let (state, me) = staff().await?;
        load(&state, &me, sku.trim()).await
    }

    pub async fn adjust(
        sku: String,
        kind: String,
        quantity: String,
        reason: String,
    ) -> Result<StockDetail, AppError> {
        let (state, me) = staff().await?;
        let adjustment =
            Adjustment::parse(&kind, &quantity).map_err(|(f, m)| AppError::invalid(f, m))?;
        let reason = reason.trim();
        if reason.chars().count() > 200 {
            return Err(AppError::invalid(
                "reason",
                "Keep the reason under 200 characters.",
            ));
        }
        if reason.is_empty() && matches!(adjustment, Adjustment::Count(_) | Adjustment::WriteOff(_))
        {
            return Err(AppError::invalid(
                "reason",
                "Say why (a stock count, what was damaged): it stays in the ledger.",
            ));
        }
        let sku = sku.trim();
        match inventory::adjust(&state.db, sku, adjustment, me.user_id, scope(&me), reason).await? {
            Adjusted::Done { before, level } => {
                tracing::info!(by = me.user_id, sku, before, level, "stock adjusted");
                load(&state, &me, sku).await
            }
            Adjusted::NotFound => Err(not_found()),
            Adjusted::Refused(message) => Err(AppError::invalid("quantity", message)),
        }
    }

    pub async fn low() -> Result<Vec<StockRow>, AppError> {
        let (state, me) = staff().await?;
        Ok(inventory::low_stock(&state.db, scope(&me), 50).await?)
    }

    pub async fn alerts() -> Result<Vec<LowStockAlert>, AppError> {
        let (state, me) = staff().await?;
        Ok(inventory::open_alerts(&state.db, scope(&me), 50).await?)
    }

    pub async fn dismiss(id: i64) -> Result<(), AppError> {
        let state = app_state()?;
        require_role(&state, Role::Admin).await?;
        if inventory::dismiss_alert(&state.db, id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound("alert".into()))
        }
    }

    pub async fn audit(subject: String) -> Result<Vec<AuditEntry>, AppError> {
        let state = app_state()?;
        require_role(&state, Role::Admin).await?;
        let subject = subject.trim();
        let subject = (!subject.is_empty()).then_some(subject);
        Ok(audit::recent(&state.db, subject, 200).await?)
    }
}
