//! The cart page: every line with its stepper, the subtotal, and the way to checkout.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::cart::{CartContents, CartNotices, CheckoutButton};
use crate::context::cart::use_cart;

/// For guests: signing in brings the cart saved in their account, merged with this one.
#[component]
fn GuestSignIn() -> impl IntoView {
    let session = crate::context::session::use_session();
    // Who is signed in is known only in the browser: shown after hydration, never during it.
    let mounted = crate::components::mounted();
    let guest = move || mounted.get() && matches!(session.viewer.get(), Some(Ok(None)));
    view! {
        <Show when=guest>
            <p class="mt-3 text-sm text-slate-600 sm:text-right">
                "Have an account? " <a class="link" href="/account/sign-in?next=%2Fcart">"Sign in"</a> " to add the cart saved there."
            </p>
        </Show>
    }
}

#[component]
pub fn CartPage() -> impl IntoView {
    let cart = use_cart();
    let mounted = crate::components::mounted();
    // Availability changing while the cart is open (sold out elsewhere, restocked): priced
    // again, so the lines say what can be bought now. Follows the lines as they change.
    let subjects = Memo::new(move |_| {
        cart.lines.with(|lines| {
            lines
                .iter()
                .take(crate::domain::events::MAX_SUBJECTS)
                .map(|l| format!("variant:{}", l.sku))
                .collect::<Vec<_>>()
        })
    });
    Effect::new(move |_| {
        let subjects = subjects.get();
        crate::components::live::follow(&subjects, None, &["stock.changed"], move |_, _| {
            cart.refresh()
        });
    });
    view! {
        <Title text="Your cart" />
        <section class="mx-auto max-w-3xl">
            <h1 class="mb-4 text-2xl font-extrabold">"Your cart"</h1>
            <p class="no-js-only card p-4 text-slate-800">"The cart needs JavaScript. Please turn it on to add items and check out."</p>
            <Show when=move || mounted.get() && cart.unreachable.get()>
                <p role="alert" class="mb-3 rounded-lg bg-rose-50 p-3 text-sm text-rose-800" data-testid="cart-unreachable">
                    "Your saved cart can't be reached right now. This is the copy kept on this device; it will be saved when the connection is back."
                </p>
            </Show>
            <CartNotices />
            <div class="js-only card p-4 sm:p-6">
                {move || if cart.ready.get() && mounted.get() {
                    view! { <CartContents view=cart.view.get() /> }.into_any()
                } else {
                    view! { <p role="status" class="py-6 text-center text-slate-600">"Loading your cart…"</p> }.into_any()
                }}
                <div class="mt-4 sm:ml-auto sm:max-w-xs">
                    <CheckoutButton />
                </div>
                <GuestSignIn />
            </div>
        </section>
    }
}
