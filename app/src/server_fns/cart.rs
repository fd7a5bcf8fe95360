//! Carts. Guests keep their cart in the browser and only ask the server to price it; signed-in
//! customers' carts live in Redis and every change goes through here. Prices always come from
//! the database: a cart line is a SKU and a quantity, nothing more.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

use crate::domain::cart::{CartLine, CartView, ServerCart};
use crate::error::AppError;

/// Prices a guest's lines (held by the browser): unknown, unsold and out-of-stock lines are
/// dropped and quantities clamped, each with a notice. Stores nothing.
#[server(output = crate::server_fns::codec::TextJson, input = Json, endpoint = "cart/price")]
pub async fn price_cart(lines: Vec<CartLine>) -> Result<CartView, AppError> {
    super::respond(ssr::price_guest(lines).await)
}

/// The signed-in customer's cart.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "cart")]
pub async fn get_cart() -> Result<ServerCart, AppError> {
    super::no_store();
    super::respond(ssr::get().await)
}

/// Adds `quantity` of a SKU to the signed-in customer's cart (clamped to stock and the line
/// maximum, with a notice when clamped).
#[server(output = crate::server_fns::codec::TextJson, endpoint = "cart/add")]
pub async fn add_to_cart(sku: String, quantity: String) -> Result<ServerCart, AppError> {
    super::respond(ssr::change(sku, quantity, crate::domain::cart::LineChange::Add).await)
}

/// Sets the quantity of a line of the signed-in customer's cart; 0 removes it.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "cart/set")]
pub async fn set_cart_quantity(sku: String, quantity: String) -> Result<ServerCart, AppError> {
    super::respond(ssr::change(sku, quantity, crate::domain::cart::LineChange::Set).await)
}

/// Puts the lines of one of the signed-in customer's orders back in their cart ("Buy again"),
/// then goes to the cart (also without JavaScript).
#[server(output = crate::server_fns::codec::TextJson, endpoint = "cart/buy-again")]
pub async fn buy_again(number: String) -> Result<ServerCart, AppError> {
    super::respond(ssr::buy_again(number).await)
}

/// Merges lines held by the browser (a guest cart at sign-in, or the mirror of a cart the
/// server lost) into the signed-in customer's cart, once per `merge_id`.
#[server(output = crate::server_fns::codec::TextJson, input = Json, endpoint = "cart/merge")]
pub async fn merge_cart(merge_id: String, lines: Vec<CartLine>) -> Result<ServerCart, AppError> {
    super::respond(ssr::merge(merge_id, lines).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use std::collections::HashMap;

    use crate::auth::require_user;
    use crate::db::carts::{self, CartKeys, Change, Changed, Replaced, SkuRecord};
    use crate::domain::cart::{
        self, is_sku, parse_quantity, CartLine, CartNotice, CartView, LineChange, PricedLine,
        ServerCart,
    };
    use crate::domain::money::Money;
    use crate::error::AppError;
    use crate::state::{app_state, AppState};

    /// Lines a browser sent, shaped and bounded before any query: bad entries dropped,
    /// duplicates summed, at most twice the line limit looked up.
    fn bounded(lines: Vec<CartLine>, state: &AppState) -> Vec<CartLine> {
        let raw = serde_json::to_value(&lines).unwrap_or_default();
        let mut limits = state.cart.limits;
        // Keep extra lines to check, so that dropped unknown SKUs do not crowd out good ones.
        limits.max_lines = limits.max_lines.saturating_mul(2);
        let mut repaired = cart::repair_lines(&raw, limits);
        repaired.retain(|l| is_sku(&l.sku));
        repaired
    }

    async fn records(
        state: &AppState,
        lines: &[CartLine],
    ) -> Result<HashMap<String, SkuRecord>, AppError> {
        let skus: Vec<String> = lines.iter().map(|l| l.sku.clone()).collect();
        Ok(carts::sku_records(&state.db, &skus).await?)
    }

    /// The priced view of checked lines.
    fn view(
        lines: &[CartLine],
        records: &HashMap<String, SkuRecord>,
        seen: &HashMap<String, i64>,
        notices: &[CartNotice],
        state: &AppState,
    ) -> CartView {
        let currency = state.store.currency;
        let mut subtotal = Money::new(0, currency);
        let mut item_count = 0;
        let priced = lines
            .iter()
            .filter_map(|line| {
                let r = records.get(&line.sku)?;
                let line_total = Money::new(
                    r.price.minor.saturating_mul(i64::from(line.quantity)),
                    r.price.currency,
                );
                subtotal = subtotal.checked_add(line_total).unwrap_or(subtotal);
                item_count += line.quantity;
                Some(PricedLine {
                    sku: line.sku.clone(),
                    quantity: line.quantity,
                    product_name: r.product_name.clone(),
                    product_slug: r.product_slug.clone(),
                    options: r.options.clone(),
                    image_url: r.image_url.clone(),
                    image_alt: r.product_name.clone(),
                    unit_price: r.price,
                    line_total,
                    // Never the exact stock beyond what one line may hold anyway.
                    available: r.facts.available.min(state.cart.limits.max_quantity),
                    was_price: seen
                        .get(&line.sku)
                        .filter(|m| **m != r.price.minor)
                        .map(|m| Money::new(*m, r.price.currency)),
                })
            })
            .collect();
        CartView {
            lines: priced,
            subtotal,
            item_count,
            notices: notices.iter().map(ToString::to_string).collect(),
            limits: state.cart.limits,
            free_shipping: cart::FreeShipping::of(subtotal, state.checkout.shipping.free_from),
        }
    }

    fn facts(records: &HashMap<String, SkuRecord>) -> HashMap<String, cart::SkuFacts> {
        records
            .iter()
            .map(|(sku, r)| (sku.clone(), r.facts.clone()))
            .collect()
    }

    pub async fn price_guest(lines: Vec<CartLine>) -> Result<CartView, AppError> {
        let state = app_state()?;
        let lines = bounded(lines, &state);
        let records = records(&state, &lines).await?;
        let checked = cart::check_lines(lines, &facts(&records), state.cart.limits);
        Ok(view(
            &checked.lines,
            &records,
            &HashMap::new(),
            &checked.notices,
            &state,
        ))
    }

    /// The customer's cart, checked against the store now. Adjustments (stock ran out since)
    /// are written back when nothing changed the cart meanwhile, and reported once.
    async fn current(
        state: &AppState,
        keys: &CartKeys,
        extra: Vec<CartNotice>,
    ) -> Result<ServerCart, AppError> {
        let stored = carts::load(&state.redis, keys).await?;
        let records = records(state, &stored.lines).await?;
        let checked = cart::check_lines(stored.lines.clone(), &facts(&records), state.cart.limits);
        let mut version = stored.version;
        if checked.lines != stored.lines {
            let rows = with_seen(&checked.lines, &records);
            let ttl = state.cart.idle_secs;
            if carts::replace(&state.redis, keys, "", version, &rows, ttl).await?
                == Replaced::Replaced
            {
                version += 1;
            }
        }
        let mut notices = extra;
        notices.extend(checked.notices);
        Ok(ServerCart {
            view: view(&checked.lines, &records, &stored.seen, &notices, state),
            lines: checked.lines,
            version,
            existed: stored.exists,
        })
    }

    /// Lines with the price the shopper sees now, to be recorded as seen.
    fn with_seen(
        lines: &[CartLine],
        records: &HashMap<String, SkuRecord>,
    ) -> Vec<(String, u32, i64)> {
        lines
            .iter()
            .map(|l| {
                let price = records.get(&l.sku).map(|r| r.price.minor).unwrap_or(0);
                (l.sku.clone(), l.quantity, price)
            })
            .collect()
    }

    pub async fn get() -> Result<ServerCart, AppError> {
        let state = app_state()?;
        let me = require_user(&state).await?;
        let keys = CartKeys::new(state.auth.redis_prefix, me.user_id);
        current(&state, &keys, Vec::new()).await
    }

    pub async fn change(
        sku: String,
        quantity: String,
        how: LineChange,
    ) -> Result<ServerCart, AppError> {
        let state = app_state()?;
        let me = require_user(&state).await?;
        let limits = state.cart.limits;
        let sku = sku.trim().to_string();
        if !is_sku(&sku) {
            return Err(AppError::invalid("sku", "That item is not in the store."));
        }
        let quantity = match (how, quantity.trim()) {
            (LineChange::Set, "0") => 0,
            _ => parse_quantity(&quantity, limits).map_err(|m| AppError::invalid("quantity", m))?,
        };
        let keys = CartKeys::new(state.auth.redis_prefix, me.user_id);
        let notice = change_line(&state, &keys, sku, quantity, how).await?;
        current(&state, &keys, notice.into_iter().collect()).await
    }

    /// One line's change, clamped to stock and the line maximum (the notice says so).
    async fn change_line(
        state: &AppState,
        keys: &CartKeys,
        sku: String,
        quantity: u32,
        how: LineChange,
    ) -> Result<Option<CartNotice>, AppError> {
        let limits = state.cart.limits;
        let records = records(
            state,
            std::slice::from_ref(&CartLine {
                sku: sku.clone(),
                quantity,
            }),
        )
        .await?;
        let Some(record) = records.get(&sku) else {
            return Err(AppError::invalid("sku", "That item is not in the store."));
        };
        if quantity > 0 && (!record.facts.sellable || record.facts.available == 0) {
            return Err(AppError::OutOfStock { sku, available: 0 });
        }
        let cap = record.facts.available.min(limits.max_quantity);
        let change = match how {
            LineChange::Add => Change::Add,
            LineChange::Set => Change::Set,
        };
        let ttl = state.cart.idle_secs;
        let result = carts::change_line(
            &state.redis,
            keys,
            &sku,
            change,
            quantity,
            cap,
            limits.max_lines,
            record.price.minor,
            ttl,
        )
        .await?;
        match result {
            Changed::CartFull => Err(AppError::Conflict(format!(
                "Your cart holds at most {} different items. Remove one first.",
                limits.max_lines
            ))),
            Changed::Quantity { now, wanted } if wanted > now => {
                let because = if now == record.facts.available && now < limits.max_quantity {
                    cart::ReducedBecause::Stock
                } else {
                    cart::ReducedBecause::LineMaximum
                };
                Ok(Some(CartNotice::Reduced {
                    name: record.facts.name.clone(),
                    to: now,
                    because,
                }))
            }
            Changed::Quantity { .. } => Ok(None),
        }
    }

    /// Puts the lines of one of the customer's orders back in their cart, as many of each as
    /// the store still has; lines no longer sold or sold out are named in the notices.
    pub async fn buy_again(number: String) -> Result<ServerCart, AppError> {
        let state = app_state()?;
        let me = require_user(&state).await?;
        let lines =
            crate::db::orders::lines_of_customer_order(&state.db, me.user_id, number.trim())
                .await?
                .ok_or_else(|| AppError::NotFound("That order is not in your account.".into()))?;
        let keys = CartKeys::new(state.auth.redis_prefix, me.user_id);
        let mut notices = Vec::new();
        for (sku, name, quantity) in lines {
            match change_line(&state, &keys, sku, quantity, LineChange::Add).await {
                Ok(notice) => notices.extend(notice),
                Err(AppError::OutOfStock { .. }) => notices.push(CartNotice::Removed {
                    name,
                    reason: cart::RemovedBecause::OutOfStock,
                }),
                Err(AppError::Invalid { .. }) => notices.push(CartNotice::Removed {
                    name,
                    reason: cart::RemovedBecause::NotSold,
                }),
                Err(error) => return Err(error),
            }
        }
        crate::server_fns::after_plain_form(Some("/cart"));
        current(&state, &keys, notices).await
    }

    pub async fn merge(merge_id: String, lines: Vec<CartLine>) -> Result<ServerCart, AppError> {
        let state = app_state()?;
        let me = require_user(&state).await?;
        let merge_id = merge_id.trim().to_string();
        if merge_id.is_empty()
            || merge_id.len() > 64
            || !merge_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(AppError::invalid(
                "merge_id",
                "A merge needs an id of letters, digits and dashes.",
            ));
        }
        let guest = bounded(lines, &state);
        let keys = CartKeys::new(state.auth.redis_prefix, me.user_id);
        // Optimistic: read, merge, write if nothing changed meanwhile; else again.
        for _ in 0..5 {
            let stored = carts::load(&state.redis, &keys).await?;
            let mut all = stored.lines.clone();
            all.extend(guest.iter().cloned());
            let records = records(&state, &all).await?;
            let merged = cart::merge(&stored.lines, &guest, &facts(&records), state.cart.limits);
            let rows = with_seen(&merged.lines, &records);
            let ttl = state.cart.idle_secs;
            match carts::replace(&state.redis, &keys, &merge_id, stored.version, &rows, ttl).await?
            {
                Replaced::Replaced => return current(&state, &keys, merged.notices).await,
                Replaced::Duplicate => return current(&state, &keys, Vec::new()).await,
                Replaced::Stale => continue,
            }
        }
        Err(AppError::Conflict(
            "Your cart is changing fast; please try again.".into(),
        ))
    }
}
