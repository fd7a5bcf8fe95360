//! Country and region pickers shared by the checkout and the address book: the countries the
//! store ships to, and, for countries whose addresses and taxes need one (the US, Canada,
//! Australia), a list of their states or provinces instead of free text.

use leptos::prelude::*;

use crate::context::store::use_store;
use crate::domain::address::{region_code, region_label, regions};

const CONTROL: &str = "focus-ring w-full scroll-mt-40 rounded-lg border border-slate-300 bg-white px-3 py-2 aria-[invalid=true]:border-rose-600";

/// The countries the store ships to, bound to `country`.
#[component]
pub fn CountrySelect(
    id: &'static str,
    /// The form field name, for forms posted without JavaScript.
    #[prop(optional)]
    name: Option<&'static str>,
    country: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let countries = use_store().countries();
    let error_id = format!("{id}-error");
    view! {
        <div class="space-y-1">
            <label for=id class="block text-sm font-semibold">"Country"</label>
            <select id=id name=name autocomplete="shipping country" class=CONTROL
                aria-invalid=move || error.get().is_some().to_string() aria-describedby=error_id.clone()
                on:change=move |ev| country.set(event_target_value(&ev))>
                {countries.into_iter().map(|(code, label)| view! {
                    <option value=code selected=move || country.get() == code>{label}</option>
                }).collect_view()}
            </select>
            <p id=error_id class="min-h-5 text-sm text-rose-700" role="alert">{move || error.get()}</p>
        </div>
    }
}

/// The region of an address in `country`: a list where the country has one (required), free
/// text elsewhere (optional). A change of country clears a region that was chosen for another.
#[component]
pub fn RegionField(
    id: &'static str,
    #[prop(optional)] name: Option<&'static str>,
    #[prop(into)] country: Signal<String>,
    region: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    Effect::new(move |previous: Option<String>| {
        let now = country.get();
        if previous.is_some_and(|p| p != now) {
            region.set(String::new());
        }
        now
    });
    let error_id = format!("{id}-error");
    let invalid = move || error.get().is_some().to_string();
    let label = move || {
        let country = country.get();
        let label = region_label(&country);
        if regions(&country).is_some() {
            label.to_string()
        } else {
            format!("{label} (optional)")
        }
    };
    let described = error_id.clone();
    let control = move || {
        match regions(&country.get()) {
        Some(list) => {
            let chosen = move || region_code(&country.get(), &region.get());
            view! {
                <select id=id name=name autocomplete="shipping address-level1" class=CONTROL
                    aria-invalid=invalid aria-describedby=described.clone()
                    on:change=move |ev| region.set(event_target_value(&ev))>
                    <option value="" selected=move || chosen().is_none()>"Choose…"</option>
                    {list.iter().map(|(code, label)| view! {
                        <option value=*code selected=move || chosen() == Some(*code)>{*label}</option>
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        None => view! {
            <input id=id name=name type="text" autocomplete="shipping address-level1" maxlength="100"
                bind:value=region aria-invalid=invalid aria-describedby=described.clone() class=CONTROL />
        }
        .into_any(),
    }
    };
    view! {
        <div class="space-y-1">
            <label for=id class="block text-sm font-semibold">{label}</label>
            {control}
            <p id=error_id class="min-h-5 text-sm text-rose-700" role="alert">{move || error.get()}</p>
        </div>
    }
}
