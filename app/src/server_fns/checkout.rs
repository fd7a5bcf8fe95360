//! Checkout: a quote (lines priced from the database, shipping options, tax for the address,
//! totals) at every step, and "Place order", which reserves the stock, creates the order in one
//! transaction and then opens the payment provider's hosted checkout.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::domain::address::AddressFields;
use crate::domain::cart::CartLine;
use crate::domain::order::{PlacedOrder, Quote};
use crate::error::AppError;

/// What the checkout form sends to place an order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutForm {
    pub email: String,
    pub address: AddressFields,
    /// "standard" or "express".
    pub method: String,
    /// The total the shopper saw and confirmed, in minor units.
    pub expected_total: Option<i64>,
    /// One per checkout attempt, made by the browser: a double submit is one order.
    pub checkout_token: String,
    /// A guest's lines (SKUs and quantities). Ignored for signed-in customers, whose cart is
    /// on the server.
    pub lines: Vec<CartLine>,
    /// How the shopper pays: one of the store's providers (`stripe`, `paypal`, `test`); empty
    /// means the store's first.
    #[serde(default)]
    pub payment_method: String,
}

/// Prices the cart for checkout: the signed-in customer's saved cart, or a guest's lines, with
/// shipping for `method` and tax for the country and region.
#[server(output = crate::server_fns::codec::TextJson, input = Json, endpoint = "checkout/quote")]
pub async fn checkout_quote(
    lines: Vec<CartLine>,
    country: String,
    region: String,
    method: String,
) -> Result<Quote, AppError> {
    super::no_store();
    super::respond(ssr::quote(lines, country, region, method).await)
}

/// Places the order and returns where to pay. Idempotent per `checkout_token`.
#[server(output = crate::server_fns::codec::TextJson, input = Json, endpoint = "checkout/place")]
pub async fn place_order(form: CheckoutForm) -> Result<PlacedOrder, AppError> {
    super::no_store();
    super::respond(ssr::place(form).await)
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use std::collections::HashMap;

    use super::CheckoutForm;
    use crate::auth::{self, rate_limit};
    use crate::db::carts::{self, CartKeys};
    use crate::db::orders::{self, NewOrder, PlaceError};
    use crate::domain::address::{self, AddressFields};
    use crate::domain::cart::{self, CartLine};
    use crate::domain::money::Money;
    use crate::domain::order::{self, PlacedOrder, Quote, QuoteLine, ShippingMethod};
    use crate::error::AppError;
    use crate::payments::CheckoutRequest;
    use crate::state::{app_state, AppState};

    fn method(raw: &str) -> Result<ShippingMethod, AppError> {
        ShippingMethod::parse(raw)
            .ok_or_else(|| AppError::invalid("method", "Choose standard or express shipping."))
    }

    /// Checkout's own rate limit, per client: quotes and placements together.
    async fn checkout_limit(state: &AppState) -> Result<String, AppError> {
        let client = rate_limit::client_ip(state.auth.trust_forwarded_for);
        let limit = state.auth.limits.checkout_per_ip;
        rate_limit::hit(&state.redis, state.auth.redis_prefix, limit, &client).await?;
        Ok(client)
    }

    /// This browser's checkout id (the `oxcart_browser` cookie, set on its first order): only
    /// its SHA-256 is stored with the orders it places, to cap how many it holds unpaid.
    fn browser_key(state: &AppState) -> String {
        let existing = leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|p| auth::session::token_cookie(&p.headers, BROWSER_COOKIE));
        let token = existing.unwrap_or_else(|| {
            let token = auth::session::new_token();
            let secure = if state.auth.secure_cookies {
                "; Secure"
            } else {
                ""
            };
            auth::session::set_cookie(&format!(
                "{BROWSER_COOKIE}={token}; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax{secure}"
            ));
            token
        });
        auth::session::hash_token(&token)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    const BROWSER_COOKIE: &str = "oxcart_browser";

    fn too_many_held(refusal: order::HoldRefusal, limits: &order::HoldLimits) -> AppError {
        let (who, n) = match refusal {
            order::HoldRefusal::Email => ("this email address", limits.per_email),
            order::HoldRefusal::Client => ("your network", limits.per_client),
            order::HoldRefusal::Browser => ("this browser", limits.per_browser),
        };
        AppError::Conflict(format!(
            "There are already {n} unpaid orders from {who}. Pay or cancel one of them (the links are in their emails) before placing another."
        ))
    }

    /// The lines to check out: the customer's saved cart, or the guest's (repaired).
    async fn cart_lines(
        state: &AppState,
        user_id: Option<i64>,
        guest: Vec<CartLine>,
    ) -> Result<Vec<CartLine>, AppError> {
        match user_id {
            Some(id) => {
                let keys = CartKeys::new(state.auth.redis_prefix, id);
                Ok(carts::load(&state.redis, &keys).await?.lines)
            }
            None => {
                let raw = serde_json::to_value(&guest).unwrap_or_default();
                Ok(cart::repair_lines(&raw, state.cart.limits))
            }
        }
    }

    pub async fn quote(
        lines: Vec<CartLine>,
        country: String,
        region: String,
        method_raw: String,
    ) -> Result<Quote, AppError> {
        let state = app_state()?;
        checkout_limit(&state).await?;
        let me = auth::signed_in(&state).await?;
        let method = method(&method_raw)?;
        let lines = cart_lines(&state, me.as_ref().map(|m| m.user_id), lines).await?;
        let skus: Vec<String> = lines.iter().map(|l| l.sku.clone()).collect();
        let records = carts::sku_records(&state.db, &skus).await?;
        let facts: HashMap<String, cart::SkuFacts> = records
            .iter()
            .map(|(sku, r)| (sku.clone(), r.facts.clone()))
            .collect();
        let checked = cart::check_lines(lines, &facts, state.cart.limits);
        let country = country.trim().to_ascii_uppercase();
        if !state.store.ships_to(&country) {
            return Err(AppError::invalid("country", "Choose a country we ship to."));
        }
        let region = address::quote_region(&country, &region)
            .map_err(|message| AppError::invalid("region", message))?;
        let rates = orders::tax_rates(&state.db).await?;
        let (rate, tax_pending) = match order::tax_rate_for(&rates, &country, &region) {
            Ok(rate) => (rate, None),
            Err(order::TaxRefusal::RegionNeeded) => (
                0,
                Some(format!(
                    "Calculated from your address (choose your {}).",
                    address::region_label(&country).to_lowercase()
                )),
            ),
            Err(refusal) => {
                let (field, message) = refusal.mistake();
                return Err(AppError::invalid(field, message));
            }
        };
        let currency = state.store.currency;
        let priced: Vec<(i64, u32)> = checked
            .lines
            .iter()
            .filter_map(|l| records.get(&l.sku).map(|r| (r.price.minor, l.quantity)))
            .collect();
        let totals = order::totals(&priced, currency, method, &state.checkout.shipping, rate)
            .map_err(|_| AppError::invalid("lines", "That cart is too large to check out."))?;
        let lines = checked
            .lines
            .iter()
            .filter_map(|l| {
                let r = records.get(&l.sku)?;
                Some(QuoteLine {
                    sku: l.sku.clone(),
                    name: r.product_name.clone(),
                    options: r.options.clone(),
                    image_url: r.image_url.clone(),
                    unit_price: r.price,
                    quantity: l.quantity,
                    line_total: Money::new(
                        r.price.minor.saturating_mul(i64::from(l.quantity)),
                        currency,
                    ),
                })
            })
            .collect();
        let shipping_options = [ShippingMethod::Standard, ShippingMethod::Express]
            .into_iter()
            .map(|m| {
                let cost = state.checkout.shipping.cost(m, totals.subtotal.minor);
                (
                    m,
                    Money::new(cost, currency),
                    state.settings.promise(m).arrives,
                )
            })
            .collect();
        Ok(Quote {
            lines,
            notices: checked.notices.iter().map(ToString::to_string).collect(),
            shipping_options,
            method,
            totals,
            tax_pending,
        })
    }

    fn valid_token(token: &str) -> bool {
        (16..=64).contains(&token.len())
            && token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }

    pub async fn place(form: CheckoutForm) -> Result<PlacedOrder, AppError> {
        let state = app_state()?;
        let client_key = checkout_limit(&state).await?;
        let me = auth::signed_in(&state).await?;
        // Every mistake in the contact and address fields is reported at once.
        let mut mistakes: Vec<(&str, String)> = Vec::new();
        let email = match &me {
            Some(me) => me.viewer.email.clone(),
            None => match crate::domain::account::Email::parse(&form.email) {
                Ok(email) => email.as_str().to_string(),
                Err(message) => {
                    mistakes.push(("email", message.to_string()));
                    String::new()
                }
            },
        };
        let address = match AddressFields::parse(form.address, &state.store.ship_to) {
            Ok(address) => address,
            Err(address_mistakes) => {
                mistakes.extend(address_mistakes);
                AddressFields::default()
            }
        };
        if !mistakes.is_empty() {
            return Err(AppError::from_mistakes(mistakes));
        }
        let method = method(&form.method)?;
        let provider = if form.payment_method.is_empty() {
            state.payments.default_provider().name()
        } else {
            state
                .payments
                .get(&form.payment_method)
                .ok_or_else(|| {
                    AppError::invalid("payment_method", "Choose one of the ways to pay shown.")
                })?
                .name()
        };
        if !valid_token(&form.checkout_token) {
            return Err(AppError::invalid(
                "checkout_token",
                "This checkout is out of date; reload the page.",
            ));
        }
        let user_id = me.as_ref().map(|m| m.user_id);
        let lines = cart_lines(&state, user_id, form.lines).await?;
        if lines.is_empty() {
            return Err(AppError::Conflict("Your cart is empty.".into()));
        }
        let key = auth::session::new_token();
        let new = NewOrder {
            checkout_token: form.checkout_token,
            user_id,
            email,
            lines: lines.clone(),
            address,
            method,
            rates: state.checkout.shipping,
            currency: state.store.currency,
            expected_total: form.expected_total,
            provider: provider.to_string(),
            reserve_secs: state.checkout.reserve_secs,
            access_hash: auth::session::hash_token(&key).to_vec(),
            client_key,
            browser_key: Some(browser_key(&state)),
            holds: state.checkout.holds,
        };
        let site = state.store.site_url.clone();
        let placed = orders::place(&state.db, &new, random_bits).await;
        let (order, new_order) = match placed {
            Ok(placed) => placed,
            Err(PlaceError::OutOfStock {
                sku,
                name,
                available,
            }) => {
                tracing::info!(%sku, available, "checkout refused: out of stock");
                return Err(AppError::OutOfStock {
                    sku: name,
                    available,
                });
            }
            Err(PlaceError::TotalChanged { now }) => {
                return Err(AppError::Conflict(format!(
                    "Prices or stock changed since you reviewed your order: the total is now {}. Please check it and place the order again.",
                    now.total
                )))
            }
            Err(PlaceError::Empty) => return Err(AppError::Conflict("Your cart is empty.".into())),
            Err(PlaceError::Tax(refusal)) => {
                let (field, message) = refusal.mistake();
                return Err(AppError::invalid(field, message));
            }
            Err(PlaceError::TooManyHeld(refusal)) => {
                tracing::info!(?refusal, "checkout refused: too many unpaid orders");
                return Err(too_many_held(refusal, &state.checkout.holds));
            }
            Err(PlaceError::TooManyUnits { max }) => {
                return Err(AppError::invalid(
                    "lines",
                    format!("One order can hold at most {max} items; split it into several."),
                ))
            }
            Err(PlaceError::TooLarge) => {
                return Err(AppError::invalid("lines", "That order is too large."))
            }
            Err(PlaceError::Db(e)) => return Err(e.into()),
        };
        if order.user_id != user_id || (!new_order && order.email != new.email) {
            // A token reused by someone else (another account, or a guest with another email):
            // never show them that order.
            return Err(AppError::invalid(
                "checkout_token",
                "This checkout is out of date; reload the page.",
            ));
        }
        if new_order {
            if let Some(id) = user_id {
                clear_ordered(&state, id, &lines).await;
            }
        }
        // The payment session is created after the order committed, outside any transaction.
        let order_url = if new_order {
            format!("{site}/orders/{}?key={key}", order.number)
        } else {
            format!("{site}/orders/{}", order.number)
        };
        let pay_url = match order.payment_url.clone() {
            Some(url) => url,
            None => open_payment(&state, &order, &order_url).await?,
        };
        Ok(PlacedOrder {
            number: order.number,
            pay_url,
            order_url,
        })
    }

    /// Opens the provider's hosted checkout for a placed order and records it.
    pub async fn open_payment(
        state: &AppState,
        order: &orders::OrderRow,
        order_url: &str,
    ) -> Result<String, AppError> {
        let lines = orders::lines(&state.db, order.id).await?;
        let separator = if order_url.contains('?') { '&' } else { '?' };
        let request = CheckoutRequest {
            order,
            lines: &lines,
            success_url: format!("{order_url}{separator}session={{CHECKOUT_SESSION_ID}}"),
            cancel_url: format!("{order_url}{separator}cancelled=1"),
            expires_at: order.reserved_until,
        };
        let provider = state.payments.get(&order.payment_provider).ok_or_else(|| {
            AppError::Conflict(format!(
                "This order was to be paid through {}, which this store no longer offers.",
                order.payment_provider
            ))
        })?;
        let hosted = provider.create_checkout(request).await.map_err(|e| {
            tracing::error!(error = %e, order = %order.number, "could not open a hosted checkout");
            AppError::Transport(
                "The payment service could not be reached. Your order is saved; try paying again from its page."
                    .into(),
            )
        })?;
        orders::set_payment_session(
            &state.db,
            order.id,
            &hosted.reference,
            &hosted.url,
            hosted.expires_at,
        )
        .await?;
        // A concurrent call may have recorded its own session first: use the stored one.
        let stored = orders::by_id(&state.db, order.id).await?;
        Ok(stored.and_then(|o| o.payment_url).unwrap_or(hosted.url))
    }

    /// Takes what was ordered out of the customer's saved cart.
    async fn clear_ordered(state: &AppState, user_id: i64, ordered: &[CartLine]) {
        let keys = CartKeys::new(state.auth.redis_prefix, user_id);
        for _ in 0..3 {
            let Ok(stored) = carts::load(&state.redis, &keys).await else {
                return;
            };
            let rest: Vec<(String, u32, i64)> = stored
                .lines
                .iter()
                .filter(|l| !ordered.iter().any(|o| o.sku == l.sku))
                .map(|l| {
                    (
                        l.sku.clone(),
                        l.quantity,
                        stored.seen.get(&l.sku).copied().unwrap_or(0),
                    )
                })
                .collect();
            let ttl = state.cart.idle_secs;
            match carts::replace(&state.redis, &keys, "", stored.version, &rest, ttl).await {
                Ok(carts::Replaced::Stale) => continue,
                _ => return,
            }
        }
    }

    fn random_bits() -> u64 {
        use argon2::password_hash::rand_core::{OsRng, RngCore};
        OsRng.next_u64() & 0xFF_FFFF_FFFF
    }
}
