//! Pure business rules: no leptos, no sqlx, no I/O. Compiles for the server and for wasm,
//! and is unit-tested in milliseconds.

pub mod account;
pub mod address;
pub mod analytics;
pub mod cart;
pub mod catalog;
pub mod catalog_csv;
pub mod csv;
pub mod dashboard;
pub mod delivery;
pub mod events;
pub mod image;
pub mod inventory;
pub mod listing;
// The emails are rendered on the server only (maud).
#[cfg(feature = "ssr")]
pub mod mail;
pub mod money;
pub mod order;
pub mod order_totals;
pub mod order_view;
pub mod picture;
pub mod product_edit;
pub mod query;
pub mod settings;
pub mod shipment;
pub mod stock_alerts;
pub mod store;
