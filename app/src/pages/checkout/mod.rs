//! `/checkout`: contact, shipping address (a saved one or a new one), shipping method, a review
//! of lines and totals recomputed by the server at every change, then "Place order", which
//! sends the shopper to the payment provider's hosted page. Needs JavaScript (the cart does).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::address::{CountrySelect, RegionField};
use crate::context::cart::use_cart;
use crate::context::session::use_session;
use crate::domain::address::{AddressFields, FIELDS};
use crate::domain::order::ShippingMethod;
use crate::error::AppError;
use crate::server_fns::addresses::list_addresses;
use crate::server_fns::checkout::{checkout_quote, place_order, CheckoutForm};

mod parts;

use parts::{
    MistakeSummary, PaymentChoice, Review, SavedAddresses, ShippingOptions, SummaryLines, TextInput,
};

/// The fields of the form, each its own signal so nothing typed is lost on an error.
#[derive(Clone, Copy)]
struct AddressForm {
    full_name: RwSignal<String>,
    line1: RwSignal<String>,
    line2: RwSignal<String>,
    city: RwSignal<String>,
    region: RwSignal<String>,
    postal_code: RwSignal<String>,
    country: RwSignal<String>,
    phone: RwSignal<String>,
}

impl AddressForm {
    fn new(country: String) -> Self {
        AddressForm {
            full_name: RwSignal::new(String::new()),
            line1: RwSignal::new(String::new()),
            line2: RwSignal::new(String::new()),
            city: RwSignal::new(String::new()),
            region: RwSignal::new(String::new()),
            postal_code: RwSignal::new(String::new()),
            country: RwSignal::new(country),
            phone: RwSignal::new(String::new()),
        }
    }

    fn fields(&self) -> AddressFields {
        AddressFields {
            full_name: self.full_name.get_untracked(),
            line1: self.line1.get_untracked(),
            line2: self.line2.get_untracked(),
            city: self.city.get_untracked(),
            region: self.region.get_untracked(),
            postal_code: self.postal_code.get_untracked(),
            country: self.country.get_untracked(),
            phone: self.phone.get_untracked(),
        }
    }
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let cart = use_cart();
    let mounted = crate::components::mounted();
    view! {
        <Title text="Checkout" />
        <section class="mx-auto max-w-5xl">
            <h1 class="mb-4 text-2xl font-extrabold">"Checkout"</h1>
            <p class="no-js-only card p-4 text-slate-800">"Checkout needs JavaScript. Please turn it on to place your order."</p>
            <div class="js-only">
                {move || {
                    if !cart.ready.get() || !mounted.get() {
                        view! { <p role="status" class="py-6 text-slate-600">"Loading your cart…"</p> }.into_any()
                    } else if cart.lines.with(Vec::is_empty) {
                        view! {
                            <div class="card p-6 text-center" data-testid="checkout-empty">
                                <p class="text-lg font-bold">"Your cart is empty"</p>
                                <a href="/search" class="btn-primary mt-4 inline-block">"Start shopping"</a>
                            </div>
                        }.into_any()
                    } else {
                        view! { <CheckoutForm /> }.into_any()
                    }
                }}
            </div>
        </section>
    }
}

#[component]
fn CheckoutForm() -> impl IntoView {
    let cart = use_cart();
    let session = use_session();
    let email = RwSignal::new(String::new());
    let address = AddressForm::new(crate::context::store::use_store().default_country());
    let method = RwSignal::new(ShippingMethod::Standard);
    let pay_methods = crate::context::store::use_store().payment_methods;
    let pay_with = RwSignal::new(
        pay_methods
            .first()
            .map(|m| m.name.clone())
            .unwrap_or_default(),
    );
    // A saved address chosen (signed in), or None for the form.
    let saved_choice = RwSignal::new(None::<i64>);
    // One token per checkout attempt: "Place order" twice is one order.
    let token = StoredValue::new(crate::context::cart::random_id());
    let error = RwSignal::new(None::<AppError>);
    let placing = RwSignal::new(false);
    // Set while the totals are being recomputed: the shopper places what they see.
    let recalculating = RwSignal::new(false);

    let signed_in = move || session.viewer.get().and_then(|v| v.ok()).flatten();
    // The form exists only in the browser (the cart does): its data are local resources.
    let saved = LocalResource::new(move || {
        let signed_in = signed_in().is_some();
        async move {
            if signed_in {
                list_addresses().await.unwrap_or_default()
            } else {
                Vec::new()
            }
        }
    });
    // The default saved address is chosen once they arrive.
    Effect::new(move |_| {
        if let Some(list) = saved.get() {
            if saved_choice.get_untracked().is_none() {
                if let Some(first) = list.first() {
                    saved_choice.set(Some(first.id));
                }
            }
        }
    });
    let chosen_fields = move || -> AddressFields {
        match (saved_choice.get(), saved.get()) {
            (Some(id), Some(list)) => list
                .into_iter()
                .find(|a| a.id == id)
                .map(|a| a.fields)
                .unwrap_or_else(|| address.fields()),
            _ => AddressFields {
                country: address.country.get(),
                region: address.region.get(),
                ..address.fields()
            },
        }
    };

    let quote = LocalResource::new(move || {
        let fields = chosen_fields();
        let (lines, method) = (cart.lines.get(), method.get());
        checkout_quote(
            lines,
            fields.country,
            fields.region,
            method.as_str().to_string(),
        )
    });

    let field_error = move |name: &'static str| {
        Signal::derive(move || match error.get() {
            Some(AppError::Invalid { field, message }) if field == name => Some(message),
            Some(AppError::Fields(errors)) => errors
                .into_iter()
                .find(|(field, _)| field == name)
                .map(|(_, message)| message),
            _ => None,
        })
    };
    // Mistakes in the form's own fields, in the order they appear: listed at the top, marked
    // beside each field, and the first one focused.
    let mistakes =
        Memo::new(move |_| error.with(|e| e.as_ref().map(form_mistakes).unwrap_or_default()));
    let general_error = Signal::derive(move || match error.get() {
        None => None,
        Some(AppError::Invalid { .. } | AppError::Fields(_)) if !mistakes.with(Vec::is_empty) => {
            None
        }
        Some(AppError::OutOfStock { sku, available }) => Some(if available == 0 {
            format!("{sku} has just sold out. Remove it from your cart to continue.")
        } else {
            format!("Only {available} of {sku} left. Lower the quantity in your cart to continue.")
        }),
        Some(other) => Some(crate::components::forms::message_for(&other)),
    });

    let place = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if placing.get_untracked() {
            return;
        }
        let expected_total = quote
            .get_untracked()
            .and_then(|q| q.ok())
            .map(|q| q.totals.total.minor);
        let form = CheckoutForm {
            email: email.get_untracked(),
            address: chosen_fields(),
            method: method.get_untracked().as_str().to_string(),
            expected_total,
            checkout_token: token.get_value(),
            lines: cart.lines.get_untracked(),
            payment_method: pay_with.get_untracked(),
        };
        placing.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match place_order(form).await {
                Ok(placed) => {
                    cart.after_order();
                    #[cfg(feature = "hydrate")]
                    {
                        let _ = window().location().set_href(&placed.pay_url);
                    }
                    #[cfg(not(feature = "hydrate"))]
                    let _ = placed;
                }
                Err(e) => {
                    // The totals may have changed: show the fresh ones.
                    quote.refetch();
                    let first = form_mistakes(&e).first().map(|(field, _)| field_id(field));
                    error.set(Some(e));
                    placing.set(false);
                    // The shopper is taken to the first field to correct (on a phone the button
                    // is far below it).
                    if let Some(id) = first {
                        focus_field(id);
                    }
                }
            }
        });
    };

    view! {
        <form on:submit=place class="grid gap-4 lg:grid-cols-[1fr_22rem]" novalidate>
            <div class="space-y-4">
                // Phones see what they are buying first, folded; the full review (with the
                // button) is at the end of the form, beside it on wide screens.
                <details class="card lg:hidden" data-testid="phone-summary">
                    <summary class="focus-ring flex cursor-pointer list-none items-center justify-between gap-2 rounded-xl p-4 text-sm font-semibold [&::-webkit-details-marker]:hidden">
                        <span class="flex items-center gap-2 text-indigo-800">
                            <svg aria-hidden="true" viewBox="0 0 20 20" class="h-4 w-4" fill="currentColor"><path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4z" /></svg>
                            "Order summary"
                        </span>
                        <span class="text-base font-bold" data-testid="phone-summary-total">
                            {move || quote.get().and_then(|q| q.ok()).map(|q| q.totals.total.to_string())}
                        </span>
                    </summary>
                    <div class="border-t border-slate-200 px-4 pb-2">
                        {move || quote.get().and_then(|q| q.ok()).map(|q| view! { <SummaryLines lines=q.lines /> })}
                    </div>
                </details>
                <div role="alert" aria-live="assertive">
                    {move || general_error.get().map(|m| view! {
                        <p class="rounded-lg bg-rose-50 p-3 text-sm text-rose-800" data-testid="checkout-error">{m}</p>
                    })}
                    <MistakeSummary mistakes country=address.country />
                </div>
                <fieldset class="card space-y-3 p-4 sm:p-6">
                    <legend class="sr-only">"Contact"</legend>
                    <h2 class="text-lg font-bold">"1. Contact"</h2>
                    {move || match signed_in() {
                        Some(viewer) => view! {
                            <p class="text-sm">"Signed in as " <strong data-testid="checkout-email">{viewer.email}</strong></p>
                        }.into_any(),
                        None => view! {
                            <TextInput label="Email" id="checkout-email" required=true value=email error=field_error("email") kind="email" autocomplete="email"
                                hint="For your order confirmation and its private link." />
                            <p class="text-sm text-slate-600">"Have an account? " <a class="link" href="/account/sign-in?next=%2Fcheckout">"Sign in"</a> " to use saved addresses."</p>
                        }.into_any(),
                    }}
                </fieldset>
                <fieldset class="card space-y-3 p-4 sm:p-6">
                    <legend class="sr-only">"Shipping address"</legend>
                    <h2 class="text-lg font-bold">"2. Shipping address"</h2>
                    <SavedAddresses saved saved_choice />
                    <Show when=move || saved_choice.get().is_none()>
                        <p class="text-sm text-slate-600">"Every field is needed unless marked optional."</p>
                        <div class="grid gap-3 sm:grid-cols-2">
                            // The country first: it decides the region list and the tax.
                            <div class="sm:col-span-2"><CountrySelect id="ship-country" country=address.country error=field_error("country") /></div>
                            <div class="sm:col-span-2"><TextInput label="Full name" id="ship-name" required=true value=address.full_name error=field_error("full_name") autocomplete="shipping name" /></div>
                            <div class="sm:col-span-2"><TextInput label="Address" id="ship-line1" required=true value=address.line1 error=field_error("line1") autocomplete="shipping address-line1" /></div>
                            <div class="sm:col-span-2"><TextInput label="Apartment, suite (optional)" id="ship-line2" value=address.line2 error=field_error("line2") autocomplete="shipping address-line2" /></div>
                            <TextInput label="City" id="ship-city" required=true value=address.city error=field_error("city") autocomplete="shipping address-level2" />
                            <RegionField id="ship-region" country=address.country region=address.region error=field_error("region") />
                            <TextInput label="Postal code" id="ship-postal" required=true value=address.postal_code error=field_error("postal_code") autocomplete="shipping postal-code" />
                            <TextInput label="Phone (optional)" id="ship-phone" value=address.phone error=field_error("phone") kind="tel" autocomplete="shipping tel" />
                        </div>
                    </Show>
                </fieldset>
                <fieldset class="card space-y-2 p-4 sm:p-6">
                    <legend class="sr-only">"Shipping method"</legend>
                    <h2 class="text-lg font-bold">"3. Shipping"</h2>
                    <ShippingOptions quote method />
                </fieldset>
            </div>
            <aside class="card h-fit space-y-3 p-4 sm:p-6 lg:sticky lg:top-24" aria-labelledby="review-heading">
                <h2 id="review-heading" class="text-lg font-bold">"4. Review and pay"</h2>
                <Transition fallback=|| view! { <p role="status" class="text-sm text-slate-600">"Calculating…"</p> } set_pending=recalculating>
                    {move || quote.get().map(|q| match q {
                        Ok(q) => view! { <Review quote=q /> }.into_any(),
                        Err(e) => view! { <p role="alert" class="text-sm text-rose-800">{crate::components::forms::message_for(&e)}</p> }.into_any(),
                    })}
                </Transition>
                <PaymentChoice methods=pay_methods pay_with=pay_with error=field_error("payment_method") />
                <p class="text-xs text-slate-600">"You pay on the payment provider's secure page; your card details never reach us. Your items are held for you while you pay."</p>
                <button type="submit" class="btn-primary w-full py-3 disabled:cursor-wait disabled:opacity-70" data-testid="place-order"
                    data-ready=move || (!recalculating.get()).to_string()
                    disabled=move || placing.get() || recalculating.get() || quote.get().is_none_or(|q| q.map_or(true, |q| q.lines.is_empty()))>
                    {move || if placing.get() { "Placing your order…" } else { "Place order and pay" }}
                </button>
            </aside>
        </form>
    }
}

/// The mistakes of a refused order that belong to the form's fields, in the form's order.
fn form_mistakes(error: &AppError) -> Vec<(String, String)> {
    let mut mistakes = match error {
        AppError::Invalid { field, message } => vec![(field.clone(), message.clone())],
        AppError::Fields(list) => list.clone(),
        _ => Vec::new(),
    };
    let position = |field: &str| {
        std::iter::once("email")
            .chain(FIELDS)
            .chain(["payment_method"])
            .position(|f| f == field)
    };
    mistakes.retain(|(field, _)| position(field).is_some());
    mistakes.sort_by_key(|(field, _)| position(field));
    mistakes
}

/// The id of the input of one of the form's fields.
fn field_id(field: &str) -> &'static str {
    match field {
        "email" => "checkout-email",
        "full_name" => "ship-name",
        "line1" => "ship-line1",
        "line2" => "ship-line2",
        "city" => "ship-city",
        "region" => "ship-region",
        "postal_code" => "ship-postal",
        "country" => "ship-country",
        "payment_method" => "payment-method",
        _ => "ship-phone",
    }
}

/// The label a field has on the form.
fn field_label(field: &str, country: &str) -> &'static str {
    match field {
        "email" => "Email",
        "full_name" => "Full name",
        "line1" => "Address",
        "line2" => "Apartment, suite",
        "city" => "City",
        "region" => crate::domain::address::region_label(country),
        "postal_code" => "Postal code",
        "country" => "Country",
        "payment_method" => "Pay with",
        _ => "Phone",
    }
}

/// Moves focus (and the page) to a field of the form.
fn focus_field(_id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(_id)
            .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
}
