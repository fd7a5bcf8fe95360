//! `/admin/categories`: the category tree (admins): add a category, rename or move one under
//! another parent (never under itself), choose the specifications its listing filters by, and
//! reorder siblings.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::settled;
use leptos_meta::Title;

use super::denied;
use crate::components::forms::{field_error, form_error, Answer, Field, FormAlert};
use crate::domain::product_edit::CategoryRow;
use crate::server_fns::categories::{admin_categories, ReorderCategory, SaveCategory};

#[component]
pub fn CategoriesPage() -> impl IntoView {
    let tree = Resource::new(|| (), |_| admin_categories());
    // The tree after the last successful change (a refused one leaves the forms as typed).
    let current = RwSignal::new(None::<Vec<CategoryRow>>);
    view! {
        <Title text="Categories" />
        <div class="space-y-5">
            <header class="space-y-3">
                <h1 class="text-2xl font-extrabold">"Categories"</h1>
            </header>
            <Suspense fallback=|| view! { <p role="status" class="text-slate-600">"Loading categories…"</p> }>
                {move || Suspend::new(async move {
                    match settled(tree).await {
                        Ok(loaded) => (move || {
                            let rows = current.get().unwrap_or_else(|| loaded.clone());
                            view! { <Tree rows current /> }
                        }).into_any(),
                        Err(error) => denied(error),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// Shows each successful answer's categories, and says `said` in the page's toast.
fn follow(
    answer: Answer<Vec<CategoryRow>>,
    current: RwSignal<Option<Vec<CategoryRow>>>,
    said: &'static str,
) {
    let toasts = super::toast::Toasts::get();
    Effect::new(move |_| {
        if let Some(Ok(rows)) = answer.get() {
            if let Some(toasts) = toasts {
                toasts.say(said);
            }
            current.set(Some(rows));
        }
    });
}

#[component]
fn Tree(rows: Vec<CategoryRow>, current: RwSignal<Option<Vec<CategoryRow>>>) -> impl IntoView {
    let parents: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r.slug.clone(),
                format!("{}{}", "— ".repeat(r.depth.max(0) as usize), r.name),
            )
        })
        .collect();
    let reorder = ServerAction::<ReorderCategory>::new();
    follow(
        Signal::derive(move || reorder.value().get()),
        current,
        "Order saved · the shop's menus follow it",
    );
    view! {
        <section class="card space-y-2 p-4" aria-labelledby="new-category-heading">
            <h2 id="new-category-heading" class="text-lg font-bold">"New category"</h2>
            <CategoryForm row=None parents=parents.clone() current />
        </section>
        <ul class="card divide-y divide-slate-200" data-testid="category-tree">
            {rows.into_iter().map(|row| {
                let indent = format!("padding-left: {}rem", 0.75 + 1.25 * row.depth.max(0) as f32);
                let buttons: Vec<(String, bool, &str, String)> = [(true, "↑", "Move up"), (false, "↓", "Move down")]
                    .into_iter()
                    .map(|(up, arrow, label)| (row.id.to_string(), up, arrow, format!("{label}: {}", row.name)))
                    .collect();
                view! {
                    <li class="py-2 pr-3" style=indent>
                        <div class="flex flex-wrap items-center justify-between gap-2">
                            <span>
                                <span class="font-semibold">{row.name.clone()}</span>
                                <span class="text-xs text-slate-600">{format!(" /c/{} · {} product{}", row.slug, row.products, if row.products == 1 { "" } else { "s" })}</span>
                                {(!row.spec_facets.is_empty()).then(|| view! {
                                    <span class="block text-xs text-slate-600">{format!("Filters: {}", row.spec_facets.join(", "))}</span>
                                })}
                            </span>
                            <span class="flex gap-1">
                                {buttons.into_iter().map(|(id, up, arrow, label)| view! {
                                    <ActionForm action=reorder>
                                        <input type="hidden" name="id" value=id />
                                        <input type="hidden" name="up" value=up.to_string() />
                                        <button type="submit" class="btn-secondary px-2 py-1 text-sm" aria-label=label>{arrow}</button>
                                    </ActionForm>
                                }).collect_view()}
                            </span>
                        </div>
                        <details class="mt-1">
                            <summary class="focus-ring cursor-pointer rounded text-sm text-slate-700">{format!("Edit {}", row.name)}</summary>
                            <CategoryForm row=Some(row.clone()) parents=parents.clone() current />
                        </details>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn CategoryForm(
    row: Option<CategoryRow>,
    parents: Vec<(String, String)>,
    current: RwSignal<Option<Vec<CategoryRow>>>,
) -> impl IntoView {
    let save = ServerAction::<SaveCategory>::new();
    let answer: Answer<Vec<CategoryRow>> = Signal::derive(move || save.value().get());
    follow(answer, current, "Category saved");
    let key = row.as_ref().map_or("new".to_string(), |r| r.slug.clone());
    let id = |name: &str| format!("category-{key}-{name}");
    let (name_id, slug_id, parent_id) = (id("name"), id("slug"), id("parent"));
    let parent = row
        .as_ref()
        .and_then(|r| r.parent.clone())
        .unwrap_or_default();
    let own = row.as_ref().map(|r| r.slug.clone());
    let editing = row.is_some();
    let label = if editing {
        format!("Edit {key}")
    } else {
        "New category".to_string()
    };
    let row_id = row.as_ref().map_or(0, |r| r.id).to_string();
    let name = row.as_ref().map(|r| r.name.clone()).unwrap_or_default();
    let slug = row.as_ref().map(|r| r.slug.clone()).unwrap_or_default();
    let facets_id = id("spec-facets");
    let (facets_hint, facets_error) = (format!("{facets_id}-hint"), format!("{facets_id}-error"));
    let described = format!("{facets_hint} {facets_error}");
    let facets = row
        .as_ref()
        .map(|r| r.spec_facets.join(", "))
        .unwrap_or_default();
    let known = row
        .as_ref()
        .filter(|r| !r.spec_names.is_empty())
        .map(|r| format!(" Its products have: {}.", r.spec_names.join(", ")))
        .unwrap_or_default();
    view! {
        <ActionForm action=save attr:class="mt-2 grid gap-x-3 sm:grid-cols-4 sm:items-start" attr:aria-label=label>
            <input type="hidden" name="id" value=row_id />
            <Field label="Name" name="name" id=name_id required=true value=name error=field_error(answer, "name") maxlength=100 />
            <Field label="Address (slug)" name="slug" id=slug_id value=slug error=field_error(answer, "slug") maxlength=80 />
            <div class="space-y-1">
                <label for=parent_id.clone() class="block text-sm font-semibold">"Parent"</label>
                <select id=parent_id name="parent" class="focus-ring w-full rounded-lg border border-slate-300 bg-white px-3 py-2">
                    <option value="" selected=parent.is_empty()>"None (top level)"</option>
                    {parents.into_iter().filter(|(slug, _)| Some(slug) != own.as_ref()).map(|(slug, label)| view! {
                        <option value=slug.clone() selected=slug == parent>{label}</option>
                    }).collect_view()}
                </select>
                <p class="min-h-5 text-sm text-rose-700" role="alert">{move || field_error(answer, "parent").get()}</p>
            </div>
            <div class="space-y-1 sm:col-span-3">
                <label for=facets_id.clone() class="block text-sm font-semibold">
                    "Filters from specifications"<span class="font-normal text-slate-600">" (optional)"</span>
                </label>
                <input id=facets_id name="spec_facets" value=facets maxlength=500 aria-describedby=described
                    aria-invalid=move || field_error(answer, "spec_facets").get().is_some().to_string()
                    class="focus-ring w-full rounded-lg border border-slate-300 px-3 py-2 aria-[invalid=true]:border-rose-600" />
                <p id=facets_hint class="text-xs text-slate-600">
                    {format!("Specification names, separated by commas, in the order shoppers see them (at most 8): the category's listing can be filtered by each.{known}")}
                </p>
                <p id=facets_error class="min-h-5 text-sm text-rose-700" role="alert">{move || field_error(answer, "spec_facets").get()}</p>
            </div>
            <div class="sm:pt-6">
                <button type="submit" class="btn-primary w-full">{if editing { "Save" } else { "Add category" }}</button>
            </div>
            <div class="sm:col-span-4"><FormAlert message=form_error(answer, &["name", "slug", "parent", "spec_facets"]) /></div>
        </ActionForm>
    }
}
