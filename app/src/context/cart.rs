//! `CartContext`: the cart of this browser, shared by the header badge, the drawer, the cart
//! page and add-to-cart buttons.
//!
//! The browser keeps SKUs and quantities in localStorage (`oxcart.cart`): a guest's cart, or the
//! mirror of a signed-in customer's Redis cart (`oxcart.cart.owner` says which). Storage is
//! read only after hydration, so the server and the first client render agree. Prices, names
//! and stock always come from the server (`price_cart` for guests, the cart functions for
//! customers). When a guest signs in, the guest lines are merged into the customer's cart once
//! (under a merge id kept until the merge succeeds); when the server has lost a customer's cart,
//! the mirror is sent back. Other tabs follow through the `storage` event.

use leptos::prelude::*;

use crate::context::session::{use_session, SessionContext};
use crate::domain::cart::{CartLimits, CartLine, CartView, ServerCart};
use crate::error::AppError;
use crate::server_fns::cart::{add_to_cart, get_cart, merge_cart, price_cart, set_cart_quantity};

/// localStorage keys.
pub const LINES_KEY: &str = "oxcart.cart";
const OWNER_KEY: &str = "oxcart.cart.owner";
const MERGE_KEY: &str = "oxcart.cart.merge";
/// Guest lines' first-seen unit prices (display only).
const SEEN_KEY: &str = "oxcart.cart.seen";

/// Who the stored lines belong to.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Owner {
    Guest,
    /// The mirror of this customer's (by email) server cart.
    Customer(String),
}

impl Owner {
    fn stored(&self) -> String {
        match self {
            Owner::Guest => "guest".into(),
            Owner::Customer(email) => format!("customer:{email}"),
        }
    }

    fn parse(text: Option<&str>) -> Owner {
        match text.and_then(|t| t.strip_prefix("customer:")) {
            Some(email) if !email.is_empty() => Owner::Customer(email.to_string()),
            _ => Owner::Guest,
        }
    }
}

#[derive(Clone, Copy)]
pub struct CartContext {
    /// The lines this browser holds.
    pub lines: RwSignal<Vec<CartLine>>,
    /// The priced cart last received.
    pub view: RwSignal<Option<CartView>>,
    /// Messages to show once (adjustments, errors).
    pub notices: RwSignal<Vec<String>>,
    /// Set while the saved cart cannot be reached; the lines shown are this browser's copy.
    pub unreachable: RwSignal<bool>,
    /// Set once localStorage has been read (after hydration).
    pub ready: RwSignal<bool>,
    pub busy: RwSignal<bool>,
    pub drawer_open: RwSignal<bool>,
    owner: RwSignal<Owner>,
    /// The version of the newest server cart shown.
    version: RwSignal<u64>,
    session: SessionContext,
    /// The signed-in customer's email; `Some(None)` for a guest, `None` before the session loads.
    signed_in: RwSignal<Option<Option<String>>>,
}

/// The cart context provided by `App`.
pub fn use_cart() -> CartContext {
    expect_context::<CartContext>()
}

impl CartContext {
    /// Creates the context, provides it, and starts following the session and other tabs.
    pub fn provide() -> CartContext {
        let session = use_session();
        let cart = CartContext {
            session,
            version: RwSignal::new(0),
            lines: RwSignal::new(Vec::new()),
            view: RwSignal::new(None),
            notices: RwSignal::new(Vec::new()),
            unreachable: RwSignal::new(false),
            ready: RwSignal::new(false),
            busy: RwSignal::new(false),
            drawer_open: RwSignal::new(false),
            owner: RwSignal::new(Owner::Guest),
            signed_in: RwSignal::new(None),
        };
        provide_context(cart);
        // After hydration: read this browser's copy.
        Effect::new(move |_| {
            cart.load_from_storage();
            cart.ready.set(true);
        });
        // Follow the session: sign-in merges, sign-out empties.
        Effect::new(move |_| {
            if !cart.ready.get() {
                return;
            }
            let Some(Ok(viewer)) = session.viewer.get() else {
                return;
            };
            let now = viewer.map(|v| v.email);
            if cart.signed_in.get_untracked().as_ref() == Some(&now) {
                return;
            }
            cart.signed_in.set(Some(now.clone()));
            cart.version.set(0);
            // A mirror of a customer's cart that is not the one signed in now (signed out,
            // session expired, another account) is dropped here: that cart stays on the server,
            // and merging it as if it were a guest cart would double it at the next sign-in.
            let mirror_of_other = match cart.owner.get_untracked() {
                Owner::Customer(email) => now.as_ref() != Some(&email),
                Owner::Guest => false,
            };
            if mirror_of_other {
                cart.replace_local(Vec::new(), Owner::Guest);
                cart.view.set(None);
            }
            cart.sync();
        });
        #[cfg(feature = "hydrate")]
        {
            let handle = window_event_listener(leptos::ev::storage, move |event| {
                if event.key().as_deref() == Some(LINES_KEY) {
                    cart.load_from_storage();
                    cart.sync_view_only();
                }
            });
            on_cleanup(move || handle.remove());
        }
        cart
    }

    /// Units in the cart (the header badge).
    pub fn count(&self) -> u32 {
        self.lines.with(|l| l.iter().map(|l| l.quantity).sum())
    }

    /// The store's limits as last reported by the server (the defaults until then).
    fn limits(&self) -> CartLimits {
        self.view
            .with_untracked(|v| v.as_ref().map(|v| v.limits))
            .unwrap_or_default()
    }

    fn is_customer(&self) -> bool {
        matches!(self.signed_in.get_untracked(), Some(Some(_)))
    }

    fn customer(&self) -> Owner {
        match self.signed_in.get_untracked() {
            Some(Some(email)) => Owner::Customer(email),
            _ => Owner::Guest,
        }
    }

    /// Brings this browser and the server into agreement, after loading or a session change.
    fn sync(self) {
        let cart = self;
        if !cart.is_customer() {
            cart.sync_view_only();
            return;
        }
        let pending_merge =
            cart.owner.get_untracked() == Owner::Guest && !cart.lines.with_untracked(Vec::is_empty);
        leptos::task::spawn_local(async move {
            cart.busy.set(true);
            let result = if pending_merge {
                let id = cart.merge_id();
                merge_cart(id, cart.lines.get_untracked()).await
            } else {
                match get_cart().await {
                    // The server lost the cart (expiry, Redis flush): send this browser's mirror.
                    Ok(server) if !server.existed && !cart.lines.with_untracked(Vec::is_empty) => {
                        merge_cart(
                            format!("restore-{}", random_id()),
                            cart.lines.get_untracked(),
                        )
                        .await
                    }
                    other => other,
                }
            };
            // What the merge changed is shown in the drawer, once.
            let adjusted = pending_merge
                && result
                    .as_ref()
                    .is_ok_and(|server| !server.view.notices.is_empty());
            cart.accept(result);
            cart.busy.set(false);
            if adjusted {
                cart.drawer_open.set(true);
            }
        });
    }

    /// Prices the cart again (its availability changed while it was shown): the same path as
    /// a reload, so a line now short is reduced and says so.
    pub fn refresh(self) {
        if self.ready.get_untracked() {
            self.sync_view_only();
        }
    }

    /// Prices the lines held here (guests, or a customer whose cart cannot be reached).
    fn sync_view_only(self) {
        let cart = self;
        if cart.is_customer() && !cart.unreachable.get_untracked() {
            leptos::task::spawn_local(async move {
                let result = get_cart().await;
                cart.accept(result);
            });
            return;
        }
        let lines = cart.lines.get_untracked();
        leptos::task::spawn_local(async move {
            cart.busy.set(true);
            match price_cart(lines.clone()).await {
                // A newer change was made while this one was priced: its own answer follows.
                Ok(_) if cart.lines.with_untracked(|now| *now != lines) => {}
                Ok(mut view) => {
                    let checked: Vec<CartLine> = view
                        .lines
                        .iter()
                        .map(|l| CartLine {
                            sku: l.sku.clone(),
                            quantity: l.quantity,
                        })
                        .collect();
                    if !cart.is_customer() {
                        // Another tab may have changed the stored cart meanwhile: follow it
                        // rather than write over it.
                        if cart.stored_lines() != lines {
                            cart.busy.set(false);
                            cart.load_from_storage();
                            cart.sync_view_only();
                            return;
                        }
                        if checked != lines {
                            cart.replace_local(checked, Owner::Guest);
                        }
                        mark_price_changes(&mut view);
                    }
                    cart.notices
                        .update(|n| n.extend(view.notices.iter().cloned()));
                    cart.view.set(Some(view));
                }
                Err(error) => cart.notices.update(|n| n.push(describe(&error))),
            }
            cart.busy.set(false);
        });
    }

    /// Takes a server cart: it becomes this browser's mirror.
    pub(crate) fn accept(self, result: Result<ServerCart, AppError>) {
        match result {
            // Answers can arrive out of order: an older state than one already shown is not
            // shown; the cart is read again instead (and that answer is taken as it is).
            Ok(server) if server.version < self.version.get_untracked() => {
                let cart = self;
                cart.version.set(0);
                leptos::task::spawn_local(async move {
                    let fresh = get_cart().await;
                    cart.accept(fresh);
                });
            }
            Ok(server) => {
                self.version.set(server.version);
                self.unreachable.set(false);
                self.replace_local(server.lines, self.customer());
                self.forget_merge_id();
                self.notices
                    .update(|n| n.extend(server.view.notices.iter().cloned()));
                self.view.set(Some(server.view));
            }
            Err(AppError::Unauthorized) => {
                // The session ended elsewhere: this browser is a guest again.
                self.signed_in.set(Some(None));
                self.replace_local(Vec::new(), Owner::Guest);
                self.session.refresh();
                self.sync_view_only();
            }
            Err(error @ (AppError::Internal | AppError::Transport(_))) => {
                self.unreachable.set(true);
                self.notices.update(|n| {
                    n.push(format!(
                        "We couldn't reach your saved cart ({}). You're seeing the copy kept on this device.",
                        describe(&error)
                    ))
                });
                self.sync_view_only();
            }
            Err(error) => self.notices.update(|n| n.push(describe(&error))),
        }
    }

    /// Adds `quantity` of a SKU, opening the drawer when done.
    pub fn add(self, sku: String, quantity: u32) {
        let cart = self;
        if cart.is_customer() && !cart.unreachable.get_untracked() {
            leptos::task::spawn_local(async move {
                cart.busy.set(true);
                let result = add_to_cart(sku, quantity.to_string()).await;
                let ok = result.is_ok();
                cart.accept(result);
                cart.busy.set(false);
                if ok {
                    cart.drawer_open.set(true);
                }
            });
            return;
        }
        let limits = cart.limits();
        let mut lines = cart.lines.get_untracked();
        let full = lines.len() >= limits.max_lines;
        match lines.iter_mut().find(|l| l.sku == sku) {
            Some(line) => line.quantity = (line.quantity + quantity).min(limits.max_quantity),
            None if full => {
                cart.notices.update(|n| {
                    n.push(format!(
                        "Your cart holds at most {} different items. Remove one first.",
                        limits.max_lines
                    ))
                });
                return;
            }
            None => lines.push(CartLine {
                sku,
                quantity: quantity.min(limits.max_quantity),
            }),
        }
        let owner = cart.owner.get_untracked();
        cart.replace_local(lines, owner);
        cart.sync_view_only();
        cart.drawer_open.set(true);
    }

    /// After an order is placed: what was ordered has left the cart (the server took it out of a
    /// customer's saved cart itself).
    pub fn after_order(self) {
        let owner = self.owner.get_untracked();
        self.replace_local(Vec::new(), owner);
        self.view.set(None);
        storage::delete(SEEN_KEY);
    }

    /// Sets a line's quantity; 0 removes it.
    pub fn set_quantity(self, sku: String, quantity: u32) {
        let cart = self;
        if cart.is_customer() && !cart.unreachable.get_untracked() {
            leptos::task::spawn_local(async move {
                cart.busy.set(true);
                let result = set_cart_quantity(sku, quantity.to_string()).await;
                cart.accept(result);
                cart.busy.set(false);
            });
            return;
        }
        let limits = cart.limits();
        let mut lines = cart.lines.get_untracked();
        if quantity == 0 {
            lines.retain(|l| l.sku != sku);
        } else if let Some(line) = lines.iter_mut().find(|l| l.sku == sku) {
            line.quantity = quantity.min(limits.max_quantity);
        }
        let owner = cart.owner.get_untracked();
        cart.replace_local(lines, owner);
        cart.sync_view_only();
    }

    /// Replaces this browser's lines and stores them.
    fn replace_local(&self, lines: Vec<CartLine>, owner: Owner) {
        storage::set(LINES_KEY, &lines);
        storage::set(OWNER_KEY, &owner.stored());
        self.owner.set(owner);
        self.lines.set(lines);
    }

    /// The lines in storage now (repaired).
    fn stored_lines(&self) -> Vec<CartLine> {
        let raw = storage::get::<serde_json::Value>(LINES_KEY).unwrap_or_default();
        crate::domain::cart::repair_lines(&raw, self.limits())
    }

    /// Reads (and repairs) this browser's lines.
    fn load_from_storage(&self) {
        let lines = self.stored_lines();
        let owner = Owner::parse(storage::get::<String>(OWNER_KEY).as_deref());
        self.owner.set(owner);
        self.lines.set(lines);
    }

    /// The id of the pending guest merge, created once and kept until the merge succeeds, so a
    /// retried sign-in never merges the same lines twice.
    fn merge_id(&self) -> String {
        if let Some(id) = storage::get::<String>(MERGE_KEY) {
            return id;
        }
        let id = format!("merge-{}", random_id());
        storage::set(MERGE_KEY, &id);
        id
    }

    fn forget_merge_id(&self) {
        storage::delete(MERGE_KEY);
    }
}

/// For a guest, the unit price first shown for each line is kept on this device (for display
/// only: totals always come from the server), so a later change can be pointed out.
fn mark_price_changes(view: &mut CartView) {
    let mut seen: std::collections::HashMap<String, i64> =
        storage::get(SEEN_KEY).unwrap_or_default();
    seen.retain(|sku, _| view.lines.iter().any(|l| l.sku == *sku));
    for line in &mut view.lines {
        let first = *seen
            .entry(line.sku.clone())
            .or_insert(line.unit_price.minor);
        if first != line.unit_price.minor {
            line.was_price = Some(crate::domain::money::Money::new(
                first,
                line.unit_price.currency,
            ));
        }
    }
    storage::set(SEEN_KEY, &seen);
}

/// localStorage in the browser; nothing on the server (which never renders from it).
mod storage {
    use serde::{de::DeserializeOwned, Serialize};

    pub fn get<T: DeserializeOwned>(key: &str) -> Option<T> {
        #[cfg(feature = "hydrate")]
        {
            use gloo_storage::{LocalStorage, Storage};
            LocalStorage::get(key).ok()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = key;
            None
        }
    }

    /// Stores a value; a full or disabled storage is ignored (the cart still works this visit).
    pub fn set<T: Serialize>(key: &str, value: &T) {
        #[cfg(feature = "hydrate")]
        {
            use gloo_storage::{LocalStorage, Storage};
            let _ = LocalStorage::set(key, value);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (key, value);
    }

    pub fn delete(key: &str) {
        #[cfg(feature = "hydrate")]
        {
            use gloo_storage::{LocalStorage, Storage};
            LocalStorage::delete(key);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = key;
    }
}

/// 32 random hex digits from the browser's cryptographic generator (`crypto.getRandomValues`):
/// ids for merges and checkout attempts, which another shopper must not be able to guess.
pub(crate) fn random_id() -> String {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::{JsCast, JsValue};
        let bytes = js_sys::Uint8Array::new_with_length(16);
        let filled = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
            .ok()
            .and_then(|crypto| {
                let fill = js_sys::Reflect::get(&crypto, &JsValue::from_str("getRandomValues"))
                    .ok()?
                    .dyn_into::<js_sys::Function>()
                    .ok()?;
                fill.call1(&crypto, &bytes).ok()
            });
        if filled.is_none() {
            // Every browser that runs this WASM has Web Crypto; without it, refuse to make a
            // guessable id (the checkout then asks to reload).
            return String::new();
        }
        bytes.to_vec().iter().map(|b| format!("{b:02x}")).collect()
    }
    #[cfg(not(feature = "hydrate"))]
    String::from("server")
}

fn describe(error: &AppError) -> String {
    crate::components::forms::message_for(error)
}
