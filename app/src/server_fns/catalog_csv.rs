//! Catalog CSV export and import. The file itself travels through plain routes in the server
//! crate (`GET /admin/export/products.csv`, `POST /admin/import/products`), which call
//! [`ssr::export`] and [`ssr::import`]; the import page reads the report back through
//! [`get_import_report`].

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::catalog_csv::ImportReport;
use crate::error::AppError;

/// The report of an import this admin just ran (kept for 15 minutes); None for an empty,
/// unknown or expired key. Admins only.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/import/report")]
pub async fn get_import_report(key: String) -> Result<Option<ImportReport>, AppError> {
    super::no_store();
    super::respond(ssr::report(key).await)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::auth::{require_role, SignedIn};
    use crate::db::{catalog_csv, flash};
    use crate::domain::account::Role;
    use crate::domain::catalog_csv::{export as to_csv, read, ImportReport, RowError};
    use crate::error::AppError;
    use crate::state::{app_state, AppState};

    /// Largest import file, in bytes.
    pub const MAX_FILE_BYTES: usize = 5 << 20;

    /// The catalog as CSV: everything for admins, their own products for sellers.
    pub async fn export(state: &AppState, me: &SignedIn) -> Result<String, AppError> {
        let scope = match me.viewer.role {
            Role::Admin => None,
            Role::Seller => Some(me.user_id),
            Role::Customer => return Err(AppError::Forbidden),
        };
        Ok(to_csv(&catalog_csv::export_rows(&state.db, scope).await?))
    }

    /// A report that changed nothing, for a file that could not be read at all.
    pub fn refused(message: impl Into<String>) -> ImportReport {
        ImportReport {
            errors: vec![RowError::new(0, "file", message)],
            ..ImportReport::default()
        }
    }

    /// Checks and applies an import file (admins only). Mistakes come back in the report,
    /// with nothing applied.
    pub async fn import(
        state: &AppState,
        me: &SignedIn,
        bytes: &[u8],
    ) -> Result<ImportReport, AppError> {
        if me.viewer.role != Role::Admin {
            return Err(AppError::Forbidden);
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Ok(refused(
                "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and try again.",
            ));
        };
        let currency = state.store.currency;
        let rows = match read(text, currency) {
            Ok(rows) => rows,
            Err(errors) => {
                return Ok(ImportReport {
                    errors,
                    ..ImportReport::default()
                })
            }
        };
        match catalog_csv::import(&state.db, &rows, currency, me.user_id).await? {
            Ok(report) => {
                tracing::info!(by = me.user_id, ?report, "catalog imported");
                if report.products_created + report.products_updated > 0 {
                    crate::db::listing::refresh_search_words(&state.db).await?;
                }
                Ok(report)
            }
            Err(errors) => Ok(ImportReport {
                rows: rows.len(),
                errors,
                ..ImportReport::default()
            }),
        }
    }

    /// Keeps a report for the page the browser is sent to; returns its key.
    pub async fn remember(
        state: &AppState,
        me: &SignedIn,
        report: &ImportReport,
    ) -> Result<String, AppError> {
        let prefix = state.auth.redis_prefix;
        Ok(flash::remember(&state.redis, prefix, "import-report", me.user_id, report).await?)
    }

    pub async fn report(key: String) -> Result<Option<ImportReport>, AppError> {
        let state = app_state()?;
        let me = require_role(&state, Role::Admin).await?;
        let prefix = state.auth.redis_prefix;
        Ok(flash::recall(
            &state.redis,
            prefix,
            "import-report",
            me.user_id,
            key.trim(),
        )
        .await?)
    }
}
