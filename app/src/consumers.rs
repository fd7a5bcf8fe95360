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

use crate::db::orders::{self, MailFacts, OrderRow};
use crate::domain::events::DomainEvent;
use crate::domain::mail::{self, EmailContent};
use crate::domain::order::{OrderStatus, ShippingMethod};
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
                    mail::back_in_stock(&store.brand(), &alert.title(), &alert.link)
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
                mail::low_stock(&store.brand(), &a.sku, &a.product, a.level, a.threshold)
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
    let brand = state.store.brand();
    let link = |facts: &MailFacts<'_>| match facts.key {
        Some(key) => format!("{}/orders/{}?key={key}", brand.site_url, facts.order.number),
        None => format!("{}/orders/{}", brand.site_url, facts.order.number),
    };
    let queued = if event.kind == "order.placed" {
        let compose = |facts: &MailFacts<'_>| Some(placed_email(&brand, facts, &link(facts)));
        let cap = Some(mail::MAX_GUEST_ORDER_MAILS_PER_HOUR);
        orders::queue_event_email(&state.db, ORDER_MAIL, event.id, number, cap, compose).await?
    } else {
        let compose =
            |facts: &MailFacts<'_>| status_email(&brand, facts.order, status, &link(facts));
        orders::queue_event_email(&state.db, ORDER_MAIL, event.id, number, None, compose).await?
    };
    if queued {
        tracing::debug!(event = event.id, order = number, kind = %event.kind, "order email queued");
    }
    Ok(())
}

/// The "order received" email: lines with their pictures, totals, where it ships.
fn placed_email(brand: &mail::Brand<'_>, facts: &MailFacts<'_>, link: &str) -> EmailContent {
    let order = facts.order;
    let lines: Vec<mail::MailLine> = facts
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| mail::MailLine {
            name: l.product_name.clone(),
            options: l.options.clone(),
            quantity: l.quantity.max(0) as u32,
            total: order.money(l.line_total).to_string(),
            picture: facts
                .pictures
                .get(i)
                .and_then(Option::as_ref)
                .map(|p| p.fallback(EMAIL_PICTURE_PX)),
        })
        .collect();
    let totals = [
        ("Subtotal", order.money(order.subtotal).to_string()),
        ("Shipping", order.money(order.shipping).to_string()),
        ("Tax", order.money(order.tax).to_string()),
        ("Total", order.money(order.total).to_string()),
    ];
    let method = ShippingMethod::parse(&order.shipping_method).map_or("Shipping", |m| m.label());
    mail::order_placed(
        brand,
        &mail::PlacedOrderMail {
            number: &order.number,
            lines: &lines,
            totals: &totals,
            ship_to: &order.address.lines(),
            method,
            link,
        },
    )
}

/// The width of the pictures in order emails, for screens of twice the density (56 CSS px).
const EMAIL_PICTURE_PX: u32 = 112;

/// The email about an order's move to `to` (None: that move is not emailed).
fn status_email(
    brand: &mail::Brand<'_>,
    order: &OrderRow,
    to: OrderStatus,
    link: &str,
) -> Option<EmailContent> {
    let lead = match to {
        OrderStatus::Paid => "We have your payment and are preparing your order.",
        OrderStatus::Shipped => "Your order is on its way.",
        OrderStatus::Delivered => "Your order was delivered. Enjoy!",
        // Paid orders: the refund is sent after this; its own email says when it is done.
        OrderStatus::Cancelled if order.payment_id.is_some() => "Your order was cancelled. Your refund is pending: we will email you as soon as it has been issued.",
        OrderStatus::Cancelled => "Your order was cancelled. You were not charged.",
        OrderStatus::Refunded => "Your refund has been issued.",
        OrderStatus::Pending | OrderStatus::Processing => return None,
    };
    let shipment = order.shipment().filter(|_| to == OrderStatus::Shipped);
    Some(mail::order_status(
        brand,
        &order.number,
        to.label(),
        lead,
        shipment.as_ref(),
        link,
    ))
}
