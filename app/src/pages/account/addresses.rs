//! The account's saved addresses: list, add, edit, delete, choose the default shipping address.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::settled;
use leptos_meta::Title;

use super::AccountShell;
use crate::components::address::{CountrySelect, RegionField};
use crate::components::forms::{
    field_error, form_error, message_for, Answer, Field, FormAlert, SubmitButton,
};
use crate::domain::address::{Address, AddressFields, FIELDS};
use crate::server_fns::addresses::{list_addresses, DeleteAddress, SaveAddress, SetDefaultAddress};

#[component]
pub fn AddressesPage() -> impl IntoView {
    view! {
        <Title text="Your addresses" />
        <AccountShell current="/account/addresses" page=|_| view! { <AddressBook /> }.into_any() />
    }
}

/// Which form is open: none, a new address, or an existing one.
#[derive(Clone, PartialEq)]
enum Editing {
    Closed,
    New,
    Existing(Box<Address>),
}

#[component]
fn AddressBook() -> impl IntoView {
    let save = ServerAction::<SaveAddress>::new();
    let make_default = ServerAction::<SetDefaultAddress>::new();
    let delete = ServerAction::<DeleteAddress>::new();
    let addresses = Resource::new(
        move || {
            (
                save.version().get(),
                make_default.version().get(),
                delete.version().get(),
            )
        },
        |_| list_addresses(),
    );
    let editing = RwSignal::new(Editing::Closed);
    // A saved address closes the form.
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            editing.set(Editing::Closed);
        }
    });
    let list_error = Signal::derive(move || {
        let answers = [
            make_default.value().get().and_then(Result::err),
            delete.value().get().and_then(Result::err),
        ];
        answers
            .into_iter()
            .flatten()
            .next()
            .map(|e| message_for(&e))
    });
    view! {
        <section class="card p-5" aria-labelledby="addresses-heading">
            <div class="mb-3 flex flex-wrap items-center justify-between gap-2">
                <h2 id="addresses-heading" class="text-lg font-bold">"Saved addresses"</h2>
                <button type="button" class="btn-primary" on:click=move |_| editing.set(Editing::New)
                    disabled=move || editing.with(|e| *e == Editing::New)>
                    "Add an address"
                </button>
            </div>
            <FormAlert message=list_error />
            {move || match editing.get() {
                Editing::Closed => None,
                Editing::New => Some(view! { <AddressForm save editing existing=None /> }.into_any()),
                Editing::Existing(address) => Some(view! { <AddressForm save editing existing=Some(*address) /> }.into_any()),
            }}
            <Transition fallback=|| view! { <p role="status" class="text-sm text-slate-600">"Loading your addresses…"</p> }>
                {move || Suspend::new(async move {
                    match settled(addresses).await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="rounded-lg bg-slate-50 p-4 text-sm text-slate-700" data-testid="no-addresses">
                                "No saved addresses yet. Add one to check out faster."
                            </p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="grid gap-3 sm:grid-cols-2" data-testid="addresses">
                                {list.into_iter().map(|address| view! {
                                    <AddressCard address editing make_default delete />
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <p role="alert" class="text-sm text-rose-800">{message_for(&error)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AddressCard(
    address: Address,
    editing: RwSignal<Editing>,
    make_default: ServerAction<SetDefaultAddress>,
    delete: ServerAction<DeleteAddress>,
) -> impl IntoView {
    let lines = address.fields.lines();
    let name = address.fields.full_name.clone();
    let id = address.id;
    let is_default = address.is_default;
    let edit_label = format!("Edit the address of {name}");
    let default_label = format!("Make the address of {name} the default");
    let delete_label = format!("Delete the address of {name}");
    view! {
        <li class="rounded-lg border border-slate-200 p-4" data-default=is_default.to_string()>
            {is_default.then_some(view! {
                <p class="mb-1 inline-block rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-semibold text-indigo-800">"Default shipping"</p>
            })}
            <address class="text-sm not-italic">
                {lines.into_iter().map(|l| view! { <span class="block">{l}</span> }).collect_view()}
            </address>
            {(!address.fields.phone.is_empty()).then(|| view! { <p class="mt-1 text-xs text-slate-600">{address.fields.phone.clone()}</p> })}
            <div class="mt-3 flex flex-wrap gap-2">
                <button type="button" class="btn-secondary" aria-label=edit_label
                    on:click=move |_| editing.set(Editing::Existing(Box::new(address.clone())))>"Edit"</button>
                {(!is_default).then(|| view! {
                    <ActionForm action=make_default>
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="btn-secondary" aria-label=default_label.clone()>"Make default"</button>
                    </ActionForm>
                })}
                <ActionForm action=delete>
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="btn-secondary text-rose-800" aria-label=delete_label>"Delete"</button>
                </ActionForm>
            </div>
        </li>
    }
}

#[component]
fn AddressForm(
    save: ServerAction<SaveAddress>,
    editing: RwSignal<Editing>,
    existing: Option<Address>,
) -> impl IntoView {
    let answer: Answer<_> = Signal::derive(move || save.value().get());
    // A new form starts without the previous form's messages.
    save.value().set(None);
    let fields = existing
        .as_ref()
        .map(|a| a.fields.clone())
        .unwrap_or_else(|| AddressFields {
            country: crate::context::store::use_store().default_country(),
            ..AddressFields::default()
        });
    let heading = if existing.is_some() {
        "Edit address"
    } else {
        "New address"
    };
    let is_default = existing.as_ref().is_some_and(|a| a.is_default);
    let country = RwSignal::new(fields.country.clone());
    let region = RwSignal::new(fields.region.clone());
    view! {
        <div class="mb-4 rounded-lg border border-indigo-200 bg-indigo-50/40 p-4">
            <h3 class="mb-3 font-bold">{heading}</h3>
            <ActionForm action=save>
                {existing.as_ref().map(|a| view! { <input type="hidden" name="id" value=a.id /> })}
                <div class="grid gap-x-4 sm:grid-cols-2">
                    <div class="sm:col-span-2"><FormAlert message=form_error(answer, &FIELDS) /></div>
                    <div class="sm:col-span-2">
                        <Field label="Full name" name="address[full_name]" autocomplete="shipping name" required=true maxlength=100 value=fields.full_name.clone() error=field_error(answer, "full_name") />
                    </div>
                    <div class="sm:col-span-2">
                        <Field label="Street address" name="address[line1]" autocomplete="shipping address-line1" required=true value=fields.line1.clone() error=field_error(answer, "line1") />
                    </div>
                    <div class="sm:col-span-2">
                        <Field label="Apartment, suite, etc." name="address[line2]" autocomplete="shipping address-line2" value=fields.line2.clone() error=field_error(answer, "line2") />
                    </div>
                    <Field label="City" name="address[city]" autocomplete="shipping address-level2" required=true maxlength=100 value=fields.city.clone() error=field_error(answer, "city") />
                    <RegionField id="field-region" name="address[region]" country=country region=region error=field_error(answer, "region") />
                    <Field label="Postal code" name="address[postal_code]" autocomplete="shipping postal-code" required=true maxlength=20 value=fields.postal_code.clone() error=field_error(answer, "postal_code") />
                    <CountrySelect id="field-country" name="address[country]" country=country error=field_error(answer, "country") />
                    <Field label="Phone" name="address[phone]" kind="tel" autocomplete="shipping tel" maxlength=30 value=fields.phone.clone() error=field_error(answer, "phone")
                        hint="Only for the courier, if they need to reach you." />
                    <div class="flex items-center gap-2 sm:col-span-2">
                        {if is_default {
                            view! { <p class="text-sm text-slate-700">"This is your default shipping address."</p> }.into_any()
                        } else {
                            view! {
                                <input id="field-make-default" type="checkbox" name="make_default" class="focus-ring h-4 w-4" />
                                <label for="field-make-default" class="text-sm">"Use as my default shipping address"</label>
                            }.into_any()
                        }}
                    </div>
                </div>
                <div class="mt-4 flex flex-wrap gap-2">
                    <SubmitButton label="Save address" busy="Saving…" pending=save.pending().into() />
                    <button type="button" class="btn-secondary" on:click=move |_| editing.set(Editing::Closed)>"Cancel"</button>
                </div>
            </ActionForm>
        </div>
    }
}
