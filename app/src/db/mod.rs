//! Every SQL statement of the app, as free async functions taking a connection or pool and
//! returning domain types. Server only.

pub mod accounts;
pub mod addresses;
pub mod analytics;
pub mod audit;
pub mod carts;
pub mod catalog;
pub mod catalog_csv;
pub mod categories;
pub mod dashboard;
pub mod events;
pub mod flash;
pub mod images;
pub mod inventory;
pub mod listing;
pub mod orders;
pub mod outbox;
pub mod products;
pub mod seed;
pub mod settings;
pub mod shelves;
pub mod stock_alerts;

/// An `ILIKE` pattern matching text that contains `search` (trimmed), its `%`, `_` and backslashes
/// taken literally; "%%" (everything) for an empty search.
pub(crate) fn contains_pattern(search: &str) -> String {
    format!(
        "%{}%",
        search
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// Runs the migrations in `migrations/` (embedded at compile time).
pub async fn migrate(pool: &sqlx::PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("../migrations").run(pool).await
}
