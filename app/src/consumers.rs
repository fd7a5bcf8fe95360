//! What the store does with its own domain events, read from the Redis stream through the
//! consumer group `mailer` (one reader per app instance; an entry goes to one of them and is
//! acknowledged once handled, or taken over by another after a minute when its reader died).
//! Delivery is at least once, so every handler is idempotent: the rows it changes record that
//! it was done, in the transaction that queues the email.
//!
//! - `stock.changed` with something available: one email to each confirmed back-in-stock
//!   alert of the variant (`db::stock_alerts::notify_available`).
//! - `low_stock.crossed`: the low-stock email to every admin (`db::inventory::queue_alert_emails`,
//!   which marks each alert emailed).

use crate::domain::events::DomainEvent;
use crate::domain::mail;
use crate::state::AppState;

/// The consumer group of the store's own reactions.
pub const GROUP: &str = "mailer";

/// Handles one event. An error leaves it unacknowledged, to be tried again.
pub async fn handle(state: &AppState, event: &DomainEvent) -> Result<(), sqlx::Error> {
    let store = &state.store;
    match event.kind.as_str() {
        "stock.changed" => {
            let available = event.data["available"].as_i64().unwrap_or(0);
            let Some(variant_id) = event.data["variant_id"].as_i64() else {
                return Ok(());
            };
            if available > 0 {
                let compose = |alert: &crate::domain::stock_alerts::AlertView| {
                    mail::back_in_stock(&store.name, &store.site_url, &alert.title(), &alert.link)
                };
                let sent =
                    crate::db::stock_alerts::notify_available(&state.db, variant_id, compose)
                        .await?;
                if sent > 0 {
                    tracing::info!(
                        event = event.id,
                        variant_id,
                        sent,
                        "back-in-stock emails queued"
                    );
                }
            }
        }
        "low_stock.crossed" => {
            let compose = |a: &crate::domain::inventory::LowStockAlert| {
                mail::low_stock(
                    &store.name,
                    &store.site_url,
                    &a.sku,
                    &a.product,
                    a.level,
                    a.threshold,
                )
            };
            let sent = crate::db::inventory::queue_alert_emails(&state.db, compose).await?;
            if sent > 0 {
                tracing::info!(event = event.id, alerts = sent, "low-stock alerts emailed");
            }
        }
        _ => {}
    }
    Ok(())
}
