//! What the store does with its own domain events, read from the Redis stream through the
//! consumer group `mailer` (one reader per app instance; an entry goes to one of them and is
//! acknowledged once handled, or taken over by another after a minute when its reader died).
//! Delivery is at least once, so every handler is idempotent: the rows it changes record that
//! it was done, in the transaction that queues the email.
//!
//! - `order.placed` and every later `order.{status}`: the shopper's email about it
//!   (`db::orders::queue_event_email`, once per event by its receipt). A guest's email carries
//!   a fresh key to the order's private link.
//! - `stock.changed` with something available: one email to each confirmed back-in-stock
//!   alert of the variant (`db::stock_alerts::notify_available`).
//! - `low_stock.crossed`: the low-stock email to every admin (`db::inventory::queue_alert_emails`,
//!   which marks each alert emailed).

use crate::db::orders::{self, OrderRow};
use crate::domain::events::DomainEvent;
use crate::domain::mail;
use crate::domain::order::OrderStatus;
use crate::server_fns::orders::{placed_email, status_email};
use crate::state::AppState;

/// The consumer group of the store's own reactions.
pub const GROUP: &str = "mailer";

/// The name order emails record their receipts under.
const ORDER_MAIL: &str = "order-mail";

/// Handles one event. An error leaves it unacknowledged, to be tried again.
pub async fn handle(state: &AppState, event: &DomainEvent) -> Result<(), sqlx::Error> {
    let store = &state.store;
    match event.kind.as_str() {
        kind if kind.starts_with("order.") => order_email(state, event).await?,
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

/// The shopper's email about an order event.
async fn order_email(state: &AppState, event: &DomainEvent) -> Result<(), sqlx::Error> {
    let (Some(number), Some(status)) = (
        event.data["number"].as_str(),
        event.data["status"].as_str().and_then(OrderStatus::parse),
    ) else {
        return Ok(());
    };
    let site = &state.store.site_url;
    let link = |number: &str, key: Option<&str>| match key {
        Some(key) => format!("{site}/orders/{number}?key={key}"),
        None => format!("{site}/orders/{number}"),
    };
    let queued = if event.kind == "order.placed" {
        let compose = |order: &_, lines: &[_], key: Option<&str>| {
            Some(placed_email(
                &state.store.name,
                order,
                lines,
                &link(&order.number, key),
            ))
        };
        let cap = Some(mail::MAX_GUEST_ORDER_MAILS_PER_HOUR);
        orders::queue_event_email(&state.db, ORDER_MAIL, event.id, number, cap, compose).await?
    } else {
        let compose = |order: &OrderRow, _: &[_], key: Option<&str>| {
            status_email(&state.store.name, order, status, &link(&order.number, key))
        };
        orders::queue_event_email(&state.db, ORDER_MAIL, event.id, number, None, compose).await?
    };
    if queued {
        tracing::debug!(event = event.id, order = number, kind = %event.kind, "order email queued");
    }
    Ok(())
}
