//! The checkout form's parts: the list of mistakes, saved addresses, shipping options, the
//! review with its lines, the ways to pay, and the text inputs.

use leptos::prelude::*;

use super::{field_id, field_label, focus_field};
use crate::domain::address::Address;
use crate::domain::order::{Quote, QuoteLine, ShippingMethod};
use crate::domain::store::PaymentMethod;
use crate::error::AppError;

/// The mistakes of a refused order in the form's fields, each a link to its field.
#[component]
pub(super) fn MistakeSummary(
    mistakes: Memo<Vec<(String, String)>>,
    country: RwSignal<String>,
) -> impl IntoView {
    view! {
        {move || {
            let mistakes = mistakes.get();
            (!mistakes.is_empty()).then(|| {
                let country = country.get_untracked();
                let heading = match mistakes.len() {
                    1 => "Please correct 1 field:".to_string(),
                    n => format!("Please correct {n} fields:"),
                };
                view! {
                    <div class="rounded-lg border border-rose-300 bg-rose-50 p-3 text-sm text-rose-900" data-testid="checkout-error-summary">
                        <p class="font-bold">{heading}</p>
                        <ul class="mt-1 list-disc space-y-0.5 pl-5">
                            {mistakes.into_iter().map(|(field, message)| {
                                let id = field_id(&field);
                                let label = field_label(&field, &country);
                                view! {
                                    <li><a href=format!("#{id}") class="link text-rose-900 underline"
                                        on:click=move |ev| { ev.prevent_default(); focus_field(id); }>
                                        {format!("{label}: {message}")}
                                    </a></li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                }
            })
        }}
    }
}

/// A signed-in shopper's saved addresses to choose from, and "A new address".
#[component]
pub(super) fn SavedAddresses(
    saved: LocalResource<Vec<Address>>,
    saved_choice: RwSignal<Option<i64>>,
) -> impl IntoView {
    view! {
        <Transition fallback=|| ()>
            {move || saved.get().filter(|l| !l.is_empty()).map(|list| view! {
                <div class="space-y-2" role="radiogroup" aria-label="Saved addresses">
                    {list.into_iter().map(|a| {
                        let id = a.id;
                        let lines = a.fields.lines().join(", ");
                        view! {
                            <label class="flex cursor-pointer gap-2 rounded-lg border border-slate-300 p-3 has-[:checked]:border-indigo-700 has-[:checked]:bg-indigo-50">
                                <input type="radio" name="saved-address" class="mt-1" prop:checked=move || saved_choice.get() == Some(id)
                                    on:change=move |_| saved_choice.set(Some(id)) />
                                <span class="text-sm">{lines}</span>
                            </label>
                        }
                    }).collect_view()}
                    <label class="flex cursor-pointer gap-2 rounded-lg border border-slate-300 p-3 has-[:checked]:border-indigo-700 has-[:checked]:bg-indigo-50">
                        <input type="radio" name="saved-address" prop:checked=move || saved_choice.get().is_none()
                            on:change=move |_| saved_choice.set(None) />
                        <span class="text-sm font-semibold">"A new address"</span>
                    </label>
                </div>
            })}
        </Transition>
    }
}

/// The shipping methods for the address, each with its cost and arrival estimate.
#[component]
pub(super) fn ShippingOptions(
    quote: LocalResource<Result<Quote, AppError>>,
    method: RwSignal<ShippingMethod>,
) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <p class="text-sm text-slate-600">"Loading shipping options…"</p> }>
            {move || quote.get().and_then(|q| q.ok()).map(|q| q.shipping_options.into_iter().map(|(m, cost, arrives)| {
                let label = if cost.minor == 0 { "Free".to_string() } else { cost.to_string() };
                view! {
                    <label class="flex cursor-pointer items-center justify-between gap-2 rounded-lg border border-slate-300 p-3 has-[:checked]:border-indigo-700 has-[:checked]:bg-indigo-50">
                        <span class="flex items-center gap-2">
                            <input type="radio" name="method" value=m.as_str() prop:checked=move || method.get() == m on:change=move |_| method.set(m) />
                            <span>
                                <span class="block text-sm font-semibold">{m.label()}</span>
                                <span class="block text-xs text-slate-700" data-testid="shipping-estimate">{format!("Arrives {arrives}")}</span>
                            </span>
                        </span>
                        <span class="text-sm">{label}</span>
                    </label>
                }
            }).collect_view())}
        </Transition>
    }
}

/// How to pay: one radio per provider the store offers (just a line when there is one).
#[component]
pub(super) fn PaymentChoice(
    methods: Vec<PaymentMethod>,
    pay_with: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    if methods.len() < 2 {
        let only = methods.first().map(|m| m.hint()).unwrap_or_default();
        return view! { <p class="text-sm text-slate-700" data-testid="payment-method">{only}</p> }
            .into_any();
    }
    let options = methods
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let id = if i == 0 { "payment-method".to_string() } else { format!("payment-method-{i}") };
            let label_for = id.clone();
            let hint = m.hint();
            let name = m.name.clone();
            let checked = {
                let name = name.clone();
                move || pay_with.with(|p| *p == name)
            };
            view! {
                <label for=label_for class="flex cursor-pointer items-start gap-2 rounded-lg border border-slate-300 p-3 has-[:checked]:border-indigo-700 has-[:checked]:bg-indigo-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-600">
                    <input id=id type="radio" name="payment_method" class="mt-1" value=name.clone() prop:checked=checked
                        aria-describedby=format!("payment-hint-{i}") on:change=move |_| pay_with.set(name.clone()) />
                    <span>
                        <span class="block text-sm font-semibold">{m.label.clone()}</span>
                        <span id=format!("payment-hint-{i}") class="block text-xs text-slate-600">{hint}</span>
                    </span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="space-y-2" data-testid="payment-methods">
            <legend class="text-sm font-semibold">"Pay with"</legend>
            {options}
            {move || error.get().map(|e| view! { <p class="text-sm text-rose-800">{e}</p> })}
        </fieldset>
    }
    .into_any()
}

#[component]
pub(super) fn Review(quote: Quote) -> impl IntoView {
    let t = quote.totals;
    let (tax_label, tax_text, total_label) = match quote.tax_pending {
        Some(pending) => ("Tax".to_string(), pending, "Total before tax"),
        None => (
            format!("Tax ({}.{:02} %)", t.tax_rate_bp / 100, t.tax_rate_bp % 100),
            t.tax.to_string(),
            "Total",
        ),
    };
    view! {
        {(!quote.notices.is_empty()).then(|| view! {
            <ul class="list-disc rounded-lg bg-amber-50 p-3 pl-7 text-sm text-amber-950">
                {quote.notices.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
            </ul>
        })}
        <div data-testid="review-lines"><SummaryLines lines=quote.lines /></div>
        <dl class="space-y-1 border-t border-slate-200 pt-3 text-sm">
            <div class="flex justify-between"><dt>"Subtotal"</dt><dd>{t.subtotal.to_string()}</dd></div>
            <div class="flex justify-between"><dt>"Shipping"</dt><dd>{if t.shipping.minor == 0 { "Free".to_string() } else { t.shipping.to_string() }}</dd></div>
            <div class="flex justify-between gap-2"><dt>{tax_label}</dt><dd class="text-right" data-testid="checkout-tax">{tax_text}</dd></div>
            <div class="flex justify-between border-t border-slate-200 pt-2 text-lg font-bold"><dt>{total_label}</dt><dd data-testid="checkout-total">{t.total.to_string()}</dd></div>
        </dl>
    }
}

/// The lines being bought, each with its picture, options, quantity and price.
#[component]
pub(super) fn SummaryLines(lines: Vec<QuoteLine>) -> impl IntoView {
    view! {
        <ul class="divide-y divide-slate-200 text-sm">
            {lines.into_iter().map(|l| view! {
                <li class="flex items-center gap-3 py-2" data-sku=l.sku.clone()>
                    <span class="relative flex h-12 w-12 shrink-0 items-center justify-center rounded-md border border-slate-200 bg-white">
                        {(!l.image_url.is_empty()).then(|| view! {
                            <img src=l.image_url.clone() alt="" width="48" height="48" loading="lazy" decoding="async" class="h-11 w-11 object-contain" />
                        })}
                        <span class="absolute -right-2 -top-2 min-w-5 rounded-full bg-slate-700 px-1 text-center text-xs font-bold leading-5 text-white" aria-hidden="true">{l.quantity}</span>
                    </span>
                    <span class="min-w-0 flex-1">
                        <span class="block font-semibold">{l.name}</span>
                        {(!l.options.is_empty()).then(|| view! { <span class="block text-xs text-slate-600">{l.options.clone()}</span> })}
                        <span class="text-xs text-slate-600">{format!("{} × {}", l.quantity, l.unit_price)}</span>
                    </span>
                    <span class="shrink-0 font-semibold">{l.line_total.to_string()}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// A labelled text input bound to a signal, with the server's message for it.
#[component]
pub(super) fn TextInput(
    label: &'static str,
    id: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="space-y-1">
            <label for=id class="block text-sm font-semibold">{label}</label>
            {hint.map(|h| view! { <p class="text-xs text-slate-600">{h}</p> })}
            <input id=id type=kind autocomplete=autocomplete maxlength="200" bind:value=value
                aria-required=required.then_some("true")
                aria-invalid=move || error.get().is_some().to_string() aria-describedby=error_id.clone()
                class="focus-ring w-full scroll-mt-40 rounded-lg border border-slate-300 px-3 py-2 aria-[invalid=true]:border-rose-600" />
            <p id=error_id class="min-h-5 text-sm text-rose-700">{move || error.get()}</p>
        </div>
    }
}
