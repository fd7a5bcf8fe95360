//! Order management for admins: the filtered list, one order with its payment reference and
//! shipping details, the valid next transitions (shipping needs a carrier and a tracking
//! number), full or partial refunds through the payment provider, internal notes, and bulk
//! "mark processing" / "mark shipped". Each transition emails the customer through the outbox
//! and every action is audited.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::order::{AdminOrder, AdminOrderPage, BulkOutcome};
use crate::error::AppError;

/// Orders filtered by `status` (empty: all; `to_ship`: paid or being prepared), `from`/`to` dates (`YYYY-MM-DD`, inclusive,
/// empty: open) and `q` (part of the number or email), 50 a page from `page` 1.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/orders")]
pub async fn admin_orders(
    status: String,
    from: String,
    to: String,
    q: String,
    page: u32,
) -> Result<AdminOrderPage, AppError> {
    super::no_store();
    super::respond(ssr::list(status, from, to, q, page).await)
}

#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/orders/detail")]
pub async fn get_admin_order(number: String) -> Result<AdminOrder, AppError> {
    super::no_store();
    super::respond(ssr::detail(number).await)
}

/// Applies `transition` (process, ship, deliver, cancel). Shipping needs `carrier` and
/// `tracking`; `note` is kept in the history.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/orders/move")]
pub async fn move_order(
    number: String,
    transition: String,
    carrier: String,
    tracking: String,
    note: String,
) -> Result<AdminOrder, AppError> {
    super::respond(ssr::move_one(number, transition, carrier, tracking, note).await)
}

/// Refunds `amount` (major units, "12.50") of a paid order through its payment provider.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/orders/refund")]
pub async fn refund_order(
    number: String,
    amount: String,
    reason: String,
) -> Result<AdminOrder, AppError> {
    super::respond(ssr::refund(number, amount, reason).await)
}

/// Adds an internal note (never shown to the customer).
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/orders/note")]
pub async fn note_order(number: String, note: String) -> Result<AdminOrder, AppError> {
    super::respond(ssr::note(number, note).await)
}

/// "Mark processing" (`process`) or "mark shipped" (`ship`, with one `carrier`; tracking
/// numbers can be added per order later) for several orders; each order's outcome.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/orders/bulk")]
pub async fn bulk_move_orders(
    numbers: Vec<String>,
    transition: String,
    carrier: String,
) -> Result<Vec<BulkOutcome>, AppError> {
    super::respond(ssr::bulk(numbers, transition, carrier).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use serde_json::json;

    use crate::auth::{require_role, SignedIn};
    use crate::db::audit;
    use crate::db::orders::admin::{self, OrderFilter};
    use crate::db::orders::{self, OrderRow, RefundAmount, Reserved};
    use crate::domain::account::Role;
    use crate::domain::money::parse_major_amount;
    use crate::domain::order::TO_SHIP;
    use crate::domain::order::{
        format_utc, parse_date, parse_order_number, staff_actions, AdminOrder, AdminOrderPage,
        AdminOrderRow, BulkOutcome, OrderStatus, OrderSummary, Transition,
    };
    use crate::error::AppError;
    use crate::payments::refunds::{self, Sent};
    use crate::server_fns::orders::ssr::{apply, view};
    use crate::state::{app_state, AppState};

    const PAGE: i64 = 50;

    async fn admin_state() -> Result<(AppState, SignedIn), AppError> {
        let state = app_state()?;
        let me = require_role(&state, Role::Admin).await?;
        Ok((state, me))
    }

    fn not_found() -> AppError {
        AppError::NotFound("order".into())
    }

    async fn find(state: &AppState, number: &str) -> Result<OrderRow, AppError> {
        let number = parse_order_number(number).ok_or_else(not_found)?;
        orders::by_number(&state.db, &number)
            .await?
            .ok_or_else(not_found)
    }

    pub async fn list(
        status: String,
        from: String,
        to: String,
        q: String,
        page: u32,
    ) -> Result<AdminOrderPage, AppError> {
        let (state, _) = admin_state().await?;
        let statuses = match status.trim() {
            "" => Vec::new(),
            TO_SHIP => vec![OrderStatus::Paid, OrderStatus::Processing],
            s => vec![OrderStatus::parse(s)
                .ok_or_else(|| AppError::invalid("status", "Choose a status from the list."))?],
        };
        let date = |text: &str, field: &str| match text.trim() {
            "" => Ok(None),
            t => parse_date(t)
                .map(Some)
                .ok_or_else(|| AppError::invalid(field, "Enter a date like 2026-11-21.")),
        };
        let filter = OrderFilter {
            statuses,
            from: date(&from, "from")?,
            to: date(&to, "to")?,
            text: q.chars().take(100).collect(),
        };
        let page = page.clamp(1, 10_000);
        let offset = i64::from(page - 1) * PAGE;
        let mut rows = admin::search(&state.db, &filter, PAGE + 1, offset).await?;
        let has_more = rows.len() as i64 > PAGE;
        rows.truncate(PAGE as usize);
        Ok(AdminOrderPage {
            rows: rows
                .into_iter()
                .map(|(o, items)| AdminOrderRow {
                    summary: OrderSummary {
                        number: o.number.clone(),
                        status: o.status,
                        placed_at: format_utc(o.created_at),
                        total: o.money(o.total),
                        items: items.clamp(0, i64::from(u32::MAX)) as u32,
                    },
                    email: o.email,
                })
                .collect(),
            page,
            has_more,
        })
    }

    async fn load(state: &AppState, order: &OrderRow) -> Result<AdminOrder, AppError> {
        let order = orders::by_id(&state.db, order.id)
            .await?
            .ok_or_else(not_found)?;
        let refundable = order.payment_id.is_some()
            && order.refunded < order.total
            && !matches!(order.status, OrderStatus::Pending | OrderStatus::Refunded);
        Ok(AdminOrder {
            order: view(state, &order, true).await?,
            payment_provider: order.payment_provider.clone(),
            payment_reference: order.payment_reference.clone(),
            payment_id: order.payment_id.clone(),
            actions: staff_actions(order.status)
                .into_iter()
                .map(|t| (t.as_str().to_string(), t.action_label().to_string()))
                .collect(),
            refundable,
        })
    }

    pub async fn detail(number: String) -> Result<AdminOrder, AppError> {
        let (state, _) = admin_state().await?;
        let order = find(&state, &number).await?;
        load(&state, &order).await
    }

    fn clean(text: &str, max: usize) -> String {
        text.trim().chars().take(max).collect()
    }

    /// One transition, audited; shipping records its carrier and tracking number.
    async fn transition(
        state: &AppState,
        me: &SignedIn,
        order: &OrderRow,
        transition: Transition,
        carrier: &str,
        tracking: &str,
        note: &str,
    ) -> Result<(), AppError> {
        let note = match transition {
            Transition::Ship if tracking.is_empty() => format!("{carrier} {note}"),
            Transition::Ship => format!("{carrier} {tracking} {note}"),
            _ => note.to_string(),
        };
        apply(
            state,
            order,
            transition,
            &format!("staff:{}", me.user_id),
            note.trim(),
            (transition == Transition::Ship).then_some((carrier, tracking)),
        )
        .await?;
        audit::record(
            &state.db,
            me.user_id,
            &format!("order.{}", transition.as_str()),
            &format!("order:{}", order.number),
            Some(json!({"status": order.status.as_str()})),
            Some(json!({"transition": transition.as_str(), "carrier": carrier, "tracking": tracking, "note": note.trim()})),
        )
        .await?;
        Ok(())
    }

    pub async fn move_one(
        number: String,
        transition_name: String,
        carrier: String,
        tracking: String,
        note: String,
    ) -> Result<AdminOrder, AppError> {
        let (state, me) = admin_state().await?;
        let order = find(&state, &number).await?;
        let t = Transition::parse(transition_name.trim())
            .filter(|t| staff_actions(order.status).contains(t));
        let Some(t) = t else {
            return Err(AppError::Conflict(format!(
                "An order that is {} can't be moved that way. Reload to see what it can do now.",
                order.status.label().to_lowercase()
            )));
        };
        let (carrier, tracking, note) =
            (clean(&carrier, 60), clean(&tracking, 80), clean(&note, 500));
        if t == Transition::Ship {
            if carrier.is_empty() {
                return Err(AppError::invalid("carrier", "Enter the carrier, like UPS."));
            }
            if tracking.is_empty() {
                return Err(AppError::invalid("tracking", "Enter the tracking number."));
            }
        }
        transition(&state, &me, &order, t, &carrier, &tracking, &note).await?;
        load(&state, &order).await
    }

    fn too_much(order: &OrderRow, left: i64) -> AppError {
        AppError::invalid(
            "amount",
            format!(
                "At most {} can still be refunded (refunds in progress count).",
                order.money(left)
            ),
        )
    }

    pub async fn refund(
        number: String,
        amount: String,
        reason: String,
    ) -> Result<AdminOrder, AppError> {
        let (state, me) = admin_state().await?;
        let order = find(&state, &number).await?;
        let reason = clean(&reason, 200);
        if reason.is_empty() {
            return Err(AppError::invalid(
                "reason",
                "Say why: it is kept with the order.",
            ));
        }
        let minor = parse_major_amount(&amount, order.currency)
            .filter(|m| *m > 0)
            .ok_or_else(|| AppError::invalid("amount", "Enter an amount like 12.50."))?;
        if state.payments.get(&order.payment_provider).is_none() {
            return Err(AppError::Conflict(format!(
                "This order was paid through {}, which this store no longer uses: refund it there.",
                order.payment_provider
            )));
        }
        let actor = format!("staff:{}", me.user_id);
        // Reserved under the order's lock against what is left after refunds in flight, so a
        // double submit or a racing cancel can never ask the provider for more than was paid.
        let reserved = orders::reserve_refund(
            &state.db,
            order.id,
            RefundAmount::Exactly(minor),
            false,
            &actor,
            &reason,
        )
        .await?;
        let refund = match reserved {
            Reserved::Refund(refund) => refund,
            Reserved::Unpaid => {
                return Err(AppError::Conflict(
                    "This order has no payment to refund.".into(),
                ))
            }
            Reserved::TooMuch { left } => return Err(too_much(&order, left)),
            Reserved::Nothing => return Err(too_much(&order, 0)),
        };
        let sent = refunds::send_refund(&state, &refund).await?;
        let outcome = match &sent {
            Sent::Refunded(_) => "succeeded",
            Sent::Pending(_) => "pending",
            Sent::Refused(_) => "refused",
        };
        admin::add_note(
            &state.db,
            order.id,
            &actor,
            &format!("refund reason: {reason}"),
        )
        .await?;
        audit::record(
            &state.db,
            me.user_id,
            "order.refund",
            &format!("order:{}", order.number),
            Some(json!({"refunded": order.refunded})),
            Some(
                json!({"amount": minor, "reason": reason, "refund": refund.id, "outcome": outcome}),
            ),
        )
        .await?;
        match sent {
            Sent::Refunded(_) => load(&state, &order).await,
            // The truth: the provider may have refunded; the same key is retried until it says.
            Sent::Pending(_) => Err(AppError::Conflict(format!(
                "The payment provider did not answer. The refund of {} is pending and will be checked; do not refund it again.",
                refund.amount
            ))),
            Sent::Refused(error) => Err(AppError::Transport(format!(
                "The payment provider refused the refund ({error}); nothing was refunded."
            ))),
        }
    }

    pub async fn note(number: String, note: String) -> Result<AdminOrder, AppError> {
        let (state, me) = admin_state().await?;
        let order = find(&state, &number).await?;
        let note = clean(&note, 500);
        if note.is_empty() {
            return Err(AppError::invalid("note", "Write the note first."));
        }
        admin::add_note(&state.db, order.id, &format!("staff:{}", me.user_id), &note).await?;
        audit::record(
            &state.db,
            me.user_id,
            "order.note",
            &format!("order:{}", order.number),
            None,
            Some(json!({"note": note})),
        )
        .await?;
        load(&state, &order).await
    }

    pub async fn bulk(
        numbers: Vec<String>,
        transition_name: String,
        carrier: String,
    ) -> Result<Vec<BulkOutcome>, AppError> {
        let (state, me) = admin_state().await?;
        let t = match transition_name.as_str() {
            "process" => Transition::Process,
            "ship" => Transition::Ship,
            _ => {
                return Err(AppError::invalid(
                    "transition",
                    "Choose mark processing or mark shipped.",
                ))
            }
        };
        if numbers.is_empty() {
            return Err(AppError::invalid("numbers", "Select at least one order."));
        }
        if numbers.len() > 100 {
            return Err(AppError::invalid(
                "numbers",
                "Select at most 100 orders at once.",
            ));
        }
        let carrier = clean(&carrier, 60);
        if t == Transition::Ship && carrier.is_empty() {
            return Err(AppError::invalid("carrier", "Enter the carrier, like UPS."));
        }
        let mut outcomes = Vec::with_capacity(numbers.len());
        for number in numbers {
            let result = match find(&state, &number).await {
                Ok(order) => transition(&state, &me, &order, t, &carrier, "", "").await,
                Err(e) => Err(e),
            };
            outcomes.push(BulkOutcome {
                number,
                error: result
                    .err()
                    .map(|e| crate::components::forms::message_for(&e)),
            });
        }
        Ok(outcomes)
    }
}
