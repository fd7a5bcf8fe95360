//! Cart pieces: the header button with its badge, the drawer (mini-cart), the lines with their
//! quantity steppers, and the notices. All read `CartContext`.

use leptos::prelude::*;

use crate::context::cart::use_cart;
use crate::domain::cart::{CartLimits, CartView, FreeShipping, PricedLine};
use crate::domain::listing::product_path;

/// The header's cart button: a link to `/cart` that opens the drawer when JavaScript runs.
#[component]
pub fn CartButton() -> impl IntoView {
    let cart = use_cart();
    let count = move || cart.count();
    let label = move || match cart.count() {
        0 => "Cart, empty".to_string(),
        1 => "Cart, 1 item".to_string(),
        n => format!("Cart, {n} items"),
    };
    view! {
        <a href="/cart" data-testid="cart-button" aria-label=label
            class="focus-ring relative flex h-10 w-10 shrink-0 items-center justify-center rounded-md text-slate-800 hover:bg-slate-100"
            on:click=move |ev| {
                ev.prevent_default();
                cart.drawer_open.set(true);
            }>
            <svg aria-hidden="true" viewBox="0 0 24 24" class="h-6 w-6" fill="none" stroke="currentColor" stroke-width="2">
                <path d="M3 4h2l2.4 11.2a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 2-1.5L21 8H6" />
                <circle cx="10" cy="20" r="1.3" /><circle cx="18" cy="20" r="1.3" />
            </svg>
            <span data-testid="cart-count"
                class=move || if count() == 0 { "hidden" } else { "absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-indigo-700 px-1 text-center text-xs font-bold leading-5 text-white" }>
                {count}
            </span>
        </a>
    }
}

/// Messages about the cart, shown until dismissed.
#[component]
pub fn CartNotices() -> impl IntoView {
    let cart = use_cart();
    // Notices exist only in the browser: none until this component has hydrated.
    let mounted = crate::components::mounted();
    view! {
        <div role="status" aria-live="polite" data-testid="cart-notices">
            {move || {
                let notices = if mounted.get() { cart.notices.get() } else { Vec::new() };
                (!notices.is_empty()).then(|| view! {
                    <div class="mb-3 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950">
                        <ul class="list-disc space-y-1 pl-5">
                            {notices.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                        </ul>
                        <button type="button" class="focus-ring mt-2 rounded font-semibold underline" on:click=move |_| cart.notices.set(Vec::new())>
                            "Dismiss"
                        </button>
                    </div>
                })
            }}
        </div>
    }
}

/// One line: picture, name, options, unit price (and its change), stepper, remove, line total.
#[component]
pub fn CartLineRow(
    line: PricedLine,
    limits: CartLimits,
    #[prop(optional)] compact: bool,
) -> impl IntoView {
    let cart = use_cart();
    let max = line.available.min(limits.max_quantity);
    let quantity = line.quantity;
    let sku = StoredValue::new(line.sku.clone());
    let set = move |q: u32| sku.with_value(|s| cart.set_quantity(s.clone(), q));
    let name = line.product_name.clone();
    let href = product_path(&line.product_slug);
    let image = if compact { "h-14 w-14" } else { "h-20 w-20" };
    let short = line.available < line.quantity;
    view! {
        <li class="flex gap-3 py-3" data-sku=line.sku.clone()>
            <a href=href.clone() class="focus-ring shrink-0 rounded-md">
                <img src=line.image_url.clone() alt=line.image_alt.clone() class=format!("{image} rounded-md border border-slate-200 bg-white object-contain") loading="lazy" />
            </a>
            <div class="min-w-0 flex-1">
                <a href=href class="link block font-semibold text-slate-900">{name.clone()}</a>
                {(!line.options.is_empty()).then(|| view! { <p class="text-xs text-slate-600">{line.options.clone()}</p> })}
                <p class="text-sm">
                    {line.unit_price.to_string()}" each"
                    {line.was_price.map(|was| {
                        let change = if was.minor > line.unit_price.minor { "Price dropped" } else { "Price went up" };
                        view! { <span class="ml-2 rounded bg-sky-50 px-1.5 text-xs font-semibold text-sky-900">{format!("{change} from {was}")}</span> }
                    })}
                </p>
                {short.then(|| view! { <p class="text-xs font-semibold text-amber-900">{format!("Only {} left", line.available)}</p> })}
                <div class="mt-2 flex flex-wrap items-center gap-2">
                    <div class="flex items-center rounded-lg border border-slate-300" role="group" aria-label=format!("Quantity of {name}")>
                        <button type="button" class="focus-ring h-9 w-9 rounded-l-lg text-lg disabled:text-slate-300"
                            aria-label=format!("One fewer {name}") disabled={quantity <= 1} on:click=move |_| set(quantity - 1)>"−"</button>
                        <span class="w-8 text-center text-sm font-semibold" data-testid="line-quantity">{quantity}</span>
                        <button type="button" class="focus-ring h-9 w-9 rounded-r-lg text-lg disabled:text-slate-300"
                            aria-label=format!("One more {name}") disabled={quantity >= max} on:click=move |_| set(quantity + 1)>"+"</button>
                    </div>
                    <button type="button" class="focus-ring rounded text-sm font-semibold text-rose-800 underline-offset-2 hover:underline"
                        aria-label=format!("Remove {name}") on:click=move |_| set(0)>"Remove"</button>
                </div>
            </div>
            <p class="shrink-0 text-right font-bold" data-testid="line-total">{line.line_total.to_string()}</p>
        </li>
    }
}

/// The priced lines and subtotal, or the empty state.
#[component]
pub fn CartContents(view: Option<CartView>, #[prop(optional)] compact: bool) -> impl IntoView {
    let cart = use_cart();
    match view {
        // The caller re-renders this when the priced cart changes.
        None if cart.lines.with_untracked(Vec::is_empty) => view! { <EmptyCart /> }.into_any(),
        None => view! { <p role="status" class="py-6 text-center text-slate-600">"Loading your cart…"</p> }.into_any(),
        Some(v) if v.lines.is_empty() => view! { <EmptyCart /> }.into_any(),
        // In the drawer the free-shipping line comes first, where a phone screen shows it.
        Some(v) => view! {
            {compact.then(|| v.free_shipping.map(|progress| view! { <FreeShippingBar progress /> }))}
            <ul class="divide-y divide-slate-200" data-testid="cart-lines">
                {v.lines.into_iter().map(|line| view! { <CartLineRow line limits=v.limits compact /> }).collect_view()}
            </ul>
            <div class="mt-3 border-t border-slate-200 pt-3">
                <p class="flex justify-between text-lg font-bold"><span>"Subtotal"</span><span data-testid="cart-subtotal">{v.subtotal.to_string()}</span></p>
                <p class="text-sm text-slate-600">"Shipping and tax are calculated at checkout."</p>
                {(!compact).then(|| v.free_shipping.map(|progress| view! { <FreeShippingBar progress /> }))}
            </div>
        }.into_any(),
    }
}

/// "You're $12.40 away from free shipping" with a bar, then "Your order ships free".
#[component]
fn FreeShippingBar(progress: FreeShipping) -> impl IntoView {
    match progress {
        FreeShipping::Away { missing, percent } => view! {
            <div class="mt-3 rounded-lg bg-slate-50 p-3" data-testid="free-shipping">
                <p class="text-sm text-slate-800">"You're " <strong>{missing.to_string()}</strong> " away from free shipping."</p>
                <div class="mt-2 h-2 overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
                    <div class="h-2 rounded-full bg-indigo-600" style=format!("width: {percent}%")></div>
                </div>
            </div>
        }
        .into_any(),
        FreeShipping::Unlocked => view! {
            <p class="mt-3 rounded-lg bg-emerald-50 p-3 text-sm font-semibold text-emerald-900" data-testid="free-shipping">
                "Your order ships free (standard shipping)."
            </p>
        }
        .into_any(),
    }
}

#[component]
fn EmptyCart() -> impl IntoView {
    view! {
        <div class="py-8 text-center" data-testid="cart-empty">
            <p class="text-lg font-bold">"Your cart is empty"</p>
            <p class="mt-1 text-slate-600">"Find something you like and add it here."</p>
            <a href="/search" class="btn-primary mt-4 inline-block">"Start shopping"</a>
        </div>
    }
}

/// The mini-cart: a panel from the right, with the lines, the subtotal and the way on.
#[component]
pub fn CartDrawer() -> impl IntoView {
    let cart = use_cart();
    let close = move || cart.drawer_open.set(false);
    // Focus moves into the drawer when it opens, so Escape and Tab work from the keyboard.
    let close_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = close_button.get() {
            let _ = button.focus();
        }
    });
    view! {
        <Show when=move || cart.drawer_open.get()>
            <div class="fixed inset-0 z-40 bg-slate-900/50" aria-hidden="true" on:click=move |_| close()></div>
            <aside role="dialog" aria-modal="true" aria-labelledby="drawer-heading" data-testid="cart-drawer"
                class="fixed inset-y-0 right-0 z-50 flex w-full max-w-sm flex-col bg-white shadow-xl"
                on:keydown=move |ev| if ev.key() == "Escape" { close() }>
                <div class="flex items-center justify-between border-b border-slate-200 p-4">
                    <h2 id="drawer-heading" class="text-lg font-bold">"Your cart"</h2>
                    <button type="button" class="focus-ring rounded-md px-2 py-1 text-2xl leading-none" aria-label="Close the cart" node_ref=close_button on:click=move |_| close()>"×"</button>
                </div>
                <div class="flex-1 overflow-y-auto px-4">
                    <div class="pt-3"><CartNotices /></div>
                    {move || view! { <CartContents view=cart.view.get() compact=true /> }}
                </div>
                <div class="space-y-2 border-t border-slate-200 p-4">
                    <a href="/cart" class="btn-secondary block w-full text-center" on:click=move |_| close()>"View cart"</a>
                    <CheckoutButton />
                </div>
            </aside>
        </Show>
    }
}

/// The way to checkout, once the cart has something in it.
#[component]
pub fn CheckoutButton() -> impl IntoView {
    let cart = use_cart();
    // The priced cart exists only in the browser: disabled until this component has hydrated
    // (on the lazily loaded cart page the cart may be priced before the page hydrates).
    let mounted = crate::components::mounted();
    let priced_lines = move || cart.view.with(|v| v.as_ref().map(|v| !v.lines.is_empty()));
    // A disabled placeholder while the cart is being priced (it keeps the layout still); an
    // empty cart offers no checkout at all (its "Start shopping" is the way on).
    let placeholder = move || !mounted.get() || priced_lines().is_none();
    view! {
        <Show when=move || mounted.get() && priced_lines() == Some(true) fallback=move || placeholder().then(|| view! {
            <span class="block w-full cursor-not-allowed rounded-lg bg-slate-300 px-4 py-2 text-center font-semibold text-slate-700" aria-disabled="true">"Checkout"</span>
        })>
            <a href="/checkout" data-testid="checkout" class="btn-primary block w-full text-center" on:click=move |_| cart.drawer_open.set(false)>
                "Checkout"
            </a>
        </Show>
    }
}
