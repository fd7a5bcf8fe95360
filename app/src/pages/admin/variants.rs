//! The product editor's variants: each one's SKU, options, prices and low-stock threshold as a
//! row of a table (stacked on phones), saved one at a time; retiring and selling again; adding.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::products::follow;
use crate::components::forms::{field_error, form_error, Answer, FormAlert, SubmitButton};
use crate::domain::product_edit::{ProductEditor, VariantForm, VariantRow};
use crate::server_fns::products::{SaveVariant, SetVariantActive};

#[component]
pub(super) fn Variants(
    product: i64,
    version: i32,
    rows: Vec<VariantRow>,
    current: RwSignal<Option<ProductEditor>>,
) -> impl IntoView {
    view! {
        <section class="card space-y-4 p-4 sm:p-6" aria-labelledby="variants-heading">
            <h2 id="variants-heading" class="text-lg font-bold">"Variants"</h2>
            <p class="text-sm text-slate-600">"What shoppers buy: each has its own SKU and price. Options read like \"Colour: Black, Size: M\". New variants start with no stock; receive stock on the inventory page."</p>
            {if rows.is_empty() {
                view! { <p class="text-sm font-semibold text-amber-900">"No variants yet: the product cannot be bought until it has one."</p> }.into_any()
            } else {
                view! {
                    <div>
                        <VariantColumns />
                        <ul class="divide-y divide-slate-200" data-testid="variants">
                            {rows.into_iter().map(|row| view! { <li class="py-2"><VariantEditor product version row=Some(row) current /></li> }).collect_view()}
                        </ul>
                    </div>
                }.into_any()
            }}
            <div class="border-t border-slate-200 pt-4">
                <h3 class="mb-2 font-bold">"Add a variant"</h3>
                <VariantColumns />
                <VariantEditor product version row=None current />
            </div>
        </section>
    }
}

/// The columns of the variants table from `sm` up: SKU, options, price, compare-at price,
/// low-stock threshold, stock on hand, the save button.
const VARIANT_COLUMNS: &str =
    "sm:grid-cols-[minmax(8rem,1.4fr)_minmax(7rem,1.4fr)_5.5rem_5.5rem_4.5rem_4rem_7rem]";

/// The columns' names above variant rows on wide screens (each field keeps its own label for
/// screen readers; on phones the labels show and the rows stack).
#[component]
fn VariantColumns() -> impl IntoView {
    view! {
        <div aria-hidden="true" class=format!("mb-1 hidden gap-x-2 border-b border-slate-200 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-600 sm:grid {VARIANT_COLUMNS}")>
            <span>"SKU"</span><span>"Options"</span><span>"Price"</span><span>"Was"</span><span>"Low at"</span><span class="text-right">"On hand"</span><span></span>
        </div>
    }
}

/// A variant's fields as one row of the table, with ids unique on the page (`prefix`: the
/// SKU, or "add").
#[component]
pub(super) fn VariantFields(
    answer: Answer<ProductEditor>,
    prefix: String,
    form: VariantForm,
) -> impl IntoView {
    let id = |name: &str| format!("variant-{}-{name}", prefix.to_ascii_lowercase());
    view! {
        <Cell label="SKU" name="sku" id=id("sku") required=true value=form.sku.clone() error=field_error(answer, "sku") maxlength=64 wide=true />
        <Cell label="Options" name="options" id=id("options") value=form.options.clone() error=field_error(answer, "options") maxlength=200 wide=true placeholder="Colour: Black" />
        <Cell label="Price" name="price" id=id("price") required=true value=form.price.clone() error=field_error(answer, "price") maxlength=15 />
        <Cell label="Was (compare-at) price" name="compare_at" id=id("compare-at") value=form.compare_at.clone() error=field_error(answer, "compare_at") maxlength=15 />
        <Cell label="Low-stock threshold" name="threshold" id=id("threshold") value=form.threshold.clone() error=field_error(answer, "threshold") maxlength=6 />
    }
}

/// One field of a variant's row: its label (shown on phones, where the row stacks; for screen
/// readers only on wider screens, where the table's header names the column), the input and
/// its mistake.
#[component]
fn Cell(
    label: &'static str,
    name: &'static str,
    id: String,
    value: String,
    error: Signal<Option<String>>,
    maxlength: usize,
    #[prop(optional)] required: bool,
    #[prop(optional)] wide: bool,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class=if wide { "col-span-2 min-w-0 sm:col-span-1" } else { "min-w-0" }>
            <label for=id.clone() class="block text-xs font-semibold text-slate-700 sm:sr-only">
                {label}{(!required).then_some(" (optional)")}
            </label>
            <input id=id name=name value=value required=required maxlength=maxlength placeholder=placeholder
                aria-invalid=move || error.get().is_some().to_string() aria-describedby=error_id.clone()
                class="focus-ring w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm aria-[invalid=true]:border-rose-600" />
            <p id=error_id class="text-xs text-rose-700" role="alert">{move || error.get()}</p>
        </div>
    }
}

#[component]
fn VariantEditor(
    product: i64,
    /// The product version the page was loaded at (a save against an older one is refused).
    version: i32,
    row: Option<VariantRow>,
    current: RwSignal<Option<ProductEditor>>,
) -> impl IntoView {
    let save = ServerAction::<SaveVariant>::new();
    let toggle = ServerAction::<SetVariantActive>::new();
    let answer: Answer<ProductEditor> = Signal::derive(move || save.value().get());
    // The "add a variant" form empties after a variant was added.
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let adding = row.is_none();
    Effect::new(move |_| {
        if let (true, Some(Ok(_))) = (adding, answer.get()) {
            if let Some(form) = form_ref.get() {
                form.reset();
            }
        }
    });
    let toggled: Answer<ProductEditor> = Signal::derive(move || toggle.value().get());
    follow(
        answer,
        current,
        if adding {
            "Variant added"
        } else {
            "Variant saved"
        },
        false,
    );
    follow(toggled, current, "Variant availability saved", false);
    let form = row.as_ref().map(|r| r.form.clone()).unwrap_or_default();
    let original = row.as_ref().map(|r| r.form.sku.clone()).unwrap_or_default();
    let active = row.as_ref().is_none_or(|r| r.active);
    const FIELDS: &[&str] = &["sku", "options", "price", "compare_at", "threshold"];
    let has_row = row.is_some();
    let toggle_sku = original.clone();
    let label = if has_row {
        format!("Variant {original}")
    } else {
        "New variant".to_string()
    };
    let on_hand = row.as_ref().map(|r| r.stock_on_hand);
    view! {
        <div class=if active { "" } else { "rounded-md bg-slate-50 px-2 opacity-80" } data-testid="variant-row">
            <ActionForm action=save node_ref=form_ref attr:class=format!("grid grid-cols-2 items-end gap-2 sm:items-start {VARIANT_COLUMNS}") attr:aria-label=label>
                <input type="hidden" name="product" value=product.to_string() />
                <input type="hidden" name="version" value=version.to_string() />
                <input type="hidden" name="original" value=original.clone() />
                <VariantFields answer prefix=if has_row { original.clone() } else { "add".to_string() } form=form.clone() />
                <p class="self-center text-sm tabular-nums sm:text-right">
                    <span class="sm:sr-only">"On hand: "</span>{on_hand.map_or("–".to_string(), |n| n.to_string())}
                </p>
                <SubmitButton label=if has_row { "Save" } else { "Add variant" } busy="Saving…" pending=Signal::from(save.pending()) class="btn-secondary whitespace-nowrap" />
                <div class="col-span-2 sm:col-span-7 empty:hidden">
                    <FormAlert message=form_error(answer, FIELDS) />
                </div>
            </ActionForm>
            {has_row.then(|| view! {
                <ActionForm action=toggle attr:class="mt-1 flex flex-wrap items-center justify-end gap-x-3 text-sm">
                    {(!active).then_some(view! { <span class="font-semibold text-slate-600">"Retired: not sold"</span> })}
                    <input type="hidden" name="sku" value=toggle_sku />
                    <input type="hidden" name="active" value=(!active).to_string() />
                    <button type="submit" class="link">{if active { "Retire this variant" } else { "Sell this variant again" }}</button>
                </ActionForm>
            })}
        </div>
    }
}
