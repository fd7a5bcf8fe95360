//! Orders for shoppers (their history, one order's page, cancelling) and the staff transitions.
//! A signed-in shopper sees their own orders; a guest sees one order with the private key from
//! its link; staff (seller, admin) see any. Anyone else gets "not found", never a hint.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::order::{MyOrder, OrderView};
use crate::error::AppError;

/// One order. `key` is the private key of a guest's link (empty when signed in).
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "orders/get")]
pub async fn get_order(number: String, key: String) -> Result<OrderView, AppError> {
    super::no_store();
    super::respond(ssr::get(number, key).await)
}

/// The signed-in shopper's orders, newest first.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "orders/mine")]
pub async fn my_orders() -> Result<Vec<MyOrder>, AppError> {
    super::no_store();
    super::respond(ssr::mine().await)
}

/// Cancels an order that is awaiting payment or paid (a paid one is refunded).
#[server(output = crate::server_fns::codec::TextJson, endpoint = "orders/cancel")]
pub async fn cancel_order(number: String, key: String) -> Result<OrderView, AppError> {
    super::respond(ssr::cancel(number, key).await)
}

/// Where to pay an order waiting for payment: its hosted checkout, opened now if it has none
/// (creating it failed when the order was placed). With `method` another of the store's ways
/// to pay: the current checkout is closed first, so the order can never be paid twice.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "orders/pay")]
pub async fn pay_order(
    number: String,
    key: String,
    method: Option<String>,
) -> Result<String, AppError> {
    super::respond(ssr::pay(number, key, method.unwrap_or_default()).await)
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::auth::{self, SignedIn};
    use crate::db::orders::{self, OrderRow};
    use crate::domain::account::Role;
    use crate::domain::order::{
        format_utc, MyOrder, OrderLineView, OrderStatus, OrderSummary, OrderView, ShippingMethod,
        Transition,
    };
    use crate::error::AppError;
    use crate::payments;
    use crate::state::{app_state, AppState};

    fn not_found() -> AppError {
        AppError::NotFound("order".into())
    }

    /// The order if the caller may see it: its shopper, the holder of its key, or staff.
    async fn visible(
        state: &AppState,
        number: &str,
        key: &str,
    ) -> Result<(OrderRow, Option<SignedIn>), AppError> {
        let number = crate::domain::order::parse_order_number(number).ok_or_else(not_found)?;
        let me = auth::signed_in(state).await?;
        let order = orders::by_number(&state.db, &number)
            .await?
            .ok_or_else(not_found)?;
        let owner = me
            .as_ref()
            .is_some_and(|m| Some(m.user_id) == order.user_id);
        // Admins see every order; a seller sees only their own lines (`admin/sales`), never a
        // whole order of someone else's customer.
        let staff = me
            .as_ref()
            .is_some_and(|m| m.viewer.role.at_least(Role::Admin));
        let holds_key = !key.is_empty()
            && key.len() <= 128
            && orders::opens(&state.db, order.id, &auth::session::hash_token(key)).await?;
        if owner || staff || holds_key {
            Ok((order, me))
        } else {
            Err(not_found())
        }
    }

    /// The order's read model; `staff` also sees internal notes.
    pub(crate) async fn view(
        state: &AppState,
        order: &OrderRow,
        staff: bool,
    ) -> Result<OrderView, AppError> {
        let lines = orders::lines(&state.db, order.id).await?;
        let pictures = orders::line_pictures(&state.db, order.id).await?;
        let history = orders::history(&state.db, order.id).await?;
        let now = payments::now_secs();
        let pending = order.status == OrderStatus::Pending && order.reserved_until > now;
        Ok(OrderView {
            number: order.number.clone(),
            status: order.status,
            email: order.email.clone(),
            guest: order.user_id.is_none(),
            placed_at: format_utc(order.created_at),
            placed_unix: order.created_at,
            lines: lines
                .iter()
                .zip(pictures.into_iter().chain(std::iter::repeat(None)))
                .map(|(l, picture)| OrderLineView {
                    sku: l.sku.clone(),
                    name: l.product_name.clone(),
                    options: l.options.clone(),
                    picture,
                    unit_price: order.money(l.unit_price),
                    quantity: l.quantity.max(0) as u32,
                    line_total: order.money(l.line_total),
                })
                .collect(),
            subtotal: order.money(order.subtotal),
            shipping: order.money(order.shipping),
            shipping_method: ShippingMethod::parse(&order.shipping_method)
                .map_or(order.shipping_method.clone(), |m| m.label().to_string()),
            tax: order.money(order.tax),
            tax_rate_bp: order.tax_rate_bp.max(0) as u32,
            total: order.money(order.total),
            refunded: order.money(order.refunded),
            address: order.address.lines(),
            shipment: order.shipment(),
            history: history
                .iter()
                .filter(|h| h.from.as_deref() != Some(h.to.as_str()) || !h.note.is_empty())
                .filter(|h| staff || !h.internal)
                .map(|h| {
                    let label =
                        OrderStatus::parse(&h.to).map_or(h.to.clone(), |s| s.label().into());
                    let label = if h.internal {
                        format!("Internal note: {}", h.note)
                    } else if h.note.is_empty() {
                        label
                    } else {
                        format!("{label}: {}", h.note)
                    };
                    (label, format_utc(h.at), h.at)
                })
                .collect(),
            can_cancel: order.status.cancellable(),
            pay_url: pending.then(|| order.payment_url.clone()).flatten(),
            can_open_payment: pending && order.payment_url.is_none(),
            minutes_left: pending.then(|| (order.reserved_until - now + 59) / 60),
            payment_method: pending
                .then(|| state.payments.get(&order.payment_provider))
                .flatten()
                .map(|p| p.label().to_string()),
            other_methods: if pending {
                state
                    .payments
                    .methods()
                    .into_iter()
                    .filter(|m| m.name != order.payment_provider)
                    .collect()
            } else {
                Vec::new()
            },
        })
    }

    pub async fn get(number: String, key: String) -> Result<OrderView, AppError> {
        let state = app_state()?;
        let (order, _) = visible(&state, &number, &key).await?;
        // A webhook may be late or lost: ask the provider, settle the same way.
        let order = if order.status == OrderStatus::Pending && order.payment_reference.is_some() {
            payments::reconcile(&state, &order).await?;
            orders::by_id(&state.db, order.id)
                .await?
                .ok_or_else(not_found)?
        } else {
            order
        };
        view(&state, &order, false).await
    }

    pub async fn mine() -> Result<Vec<MyOrder>, AppError> {
        let state = app_state()?;
        let me = auth::require_user(&state).await?;
        let rows = orders::for_user(&state.db, me.user_id, 100).await?;
        let ids: Vec<i64> = rows.iter().map(|o| o.id).collect();
        let mut lines = orders::history_lines(&state.db, &ids).await?;
        Ok(rows
            .iter()
            .map(|order| {
                let lines = lines.remove(&order.id).unwrap_or_default();
                MyOrder {
                    summary: OrderSummary {
                        number: order.number.clone(),
                        status: order.status,
                        placed_at: format_utc(order.created_at),
                        total: order.money(order.total),
                        items: lines.iter().map(|l| l.quantity).sum(),
                    },
                    lines,
                }
            })
            .collect())
    }

    /// One transition and what follows it (a refund, a closed checkout); `shipment`: the
    /// carrier and tracking number a shipped order travels with.
    pub(crate) async fn apply(
        state: &AppState,
        order: &OrderRow,
        transition: Transition,
        actor: &str,
        note: &str,
        shipment: Option<(&str, &str)>,
    ) -> Result<(), AppError> {
        let moved =
            orders::transition_shipping(&state.db, order.id, transition, actor, note, shipment);
        match moved.await? {
            Ok((before, to)) => {
                // Cancelling a paid order gives the money back; cancelling an unpaid one closes
                // its hosted checkout, so a tab left open cannot pay it any more.
                if to == OrderStatus::Cancelled && before.payment_id.is_some() {
                    payments::refunds::refund_whole(state, order.id).await?;
                } else if to == OrderStatus::Cancelled {
                    payments::close_checkout(state, &before).await;
                }
                Ok(())
            }
            Err(invalid) => Err(AppError::Conflict(invalid.to_string())),
        }
    }

    pub async fn cancel(number: String, key: String) -> Result<OrderView, AppError> {
        let state = app_state()?;
        let (order, _) = visible(&state, &number, &key).await?;
        apply(
            &state,
            &order,
            Transition::Cancel,
            "shopper",
            "cancelled by the shopper",
            None,
        )
        .await?;
        let order = orders::by_id(&state.db, order.id)
            .await?
            .ok_or_else(not_found)?;
        view(&state, &order, false).await
    }

    pub async fn pay(number: String, key: String, method: String) -> Result<String, AppError> {
        let state = app_state()?;
        let (mut order, _) = visible(&state, &number, &key).await?;
        let no_longer = || AppError::Conflict("This order no longer waits for payment.".into());
        if order.status != OrderStatus::Pending || order.reserved_until <= payments::now_secs() {
            return Err(no_longer());
        }
        if !method.is_empty() && method != order.payment_provider {
            let Some(to) = state.payments.get(&method).cloned() else {
                return Err(AppError::invalid(
                    "method",
                    "Choose one of the ways to pay shown.",
                ));
            };
            order = switch(&state, &order, &to).await?.ok_or_else(no_longer)?;
        }
        if let Some(url) = order.payment_url.clone() {
            return Ok(url);
        }
        let site = &state.store.site_url;
        // The guest comes back to the page they paid from, with the key they proved.
        let order_url = if key.is_empty() {
            format!("{site}/orders/{}", order.number)
        } else {
            let query = form_urlencoded::Serializer::new(String::new())
                .append_pair("key", &key)
                .finish();
            format!("{site}/orders/{}?{query}", order.number)
        };
        super::super::checkout::ssr::open_payment(&state, &order, &order_url).await
    }

    /// Moves a Pending order to another provider: first off its current checkout (kept on
    /// record, so a payment still arriving through it counts), then that checkout is closed at
    /// its provider; if it had been paid meanwhile the payment is settled and the switch ends
    /// there. If the provider cannot be reached the switch is undone. Returns the order to pay
    /// (None when it no longer waits for payment).
    async fn switch(
        state: &AppState,
        order: &OrderRow,
        to: &payments::ProviderRef,
    ) -> Result<Option<OrderRow>, AppError> {
        let note = format!("paying with {} instead", to.label());
        if !orders::switch_payment(&state.db, order, to.name(), &note).await? {
            let now = orders::by_id(&state.db, order.id)
                .await?
                .ok_or_else(not_found)?;
            return Ok((now.status == OrderStatus::Pending).then_some(now));
        }
        if let (Some(from), Some(reference)) = (
            state.payments.get(&order.payment_provider).cloned(),
            order.payment_reference.as_deref(),
        ) {
            match from.expire_checkout(reference).await {
                Ok(None) => {}
                Ok(Some(paid)) => {
                    payments::settle(state, &from, &paid).await?;
                }
                Err(error) => {
                    tracing::warn!(%error, order = %order.number, "could not close a checkout to switch providers");
                    orders::restore_payment(&state.db, order).await?;
                    return Err(AppError::Transport(format!(
                        "{} could not be reached to close the first payment page. Try again in a moment.",
                        from.label()
                    )));
                }
            }
        }
        let now = orders::by_id(&state.db, order.id)
            .await?
            .ok_or_else(not_found)?;
        Ok((now.status == OrderStatus::Pending).then_some(now))
    }
}
