//! Listing filters: category, brand, the category's specifications, price and stock, each with
//! live counts, plus sorting.
//! Every control is a link or a plain GET form, so all of it works without JavaScript.

use leptos::prelude::*;

use crate::domain::catalog::{Listing, PriceBand};
use crate::domain::listing::{category_path, with_query};
use crate::domain::money::{Currency, Money};
use crate::domain::query::{CatalogQuery, Sort};

/// Hidden inputs carrying the query's parameters, except `skip`, into a GET form.
fn hidden_params(query: &CatalogQuery, currency: Currency, skip: &[&str]) -> impl IntoView {
    let qs = query.with_page(1).to_query_string(currency);
    form_urlencoded::parse(qs.as_bytes())
        .filter(|(k, _)| !skip.contains(&k.as_ref()))
        .map(|(k, v)| view! { <input type="hidden" name=k.into_owned() value=v.into_owned() /> })
        .collect_view()
}

fn band_label(band: &PriceBand, currency: Currency) -> String {
    let whole = |minor: i64| {
        Money::new(minor, currency)
            .to_string()
            .trim_end_matches(".00")
            .to_string()
    };
    match band.max {
        Some(max) if band.min == 0 => format!("Under {}", whole(max)),
        Some(max) => format!("{} to {}", whole(band.min), whole(max)),
        None => format!("{} and up", whole(band.min)),
    }
}

// Short classes defined in `style/tailwind.css`: these repeat on every filter row.
const HEADING: &str = "facet-heading";
const OPTION: &str = "facet-option";

/// A filter that is on or off: a link to the listing with it flipped, a check box drawn for
/// the eye and "(selected)" for screen readers, and the count it would show.
fn toggle(label: String, count: i64, on: bool, href: String) -> impl IntoView {
    view! {
        <a class=OPTION href=href>
            <span class="facet-name">
                <span aria-hidden="true" class=if on { "facet-box-on" } else { "facet-box" }></span>
                {label}
                {on.then_some(view! { <span class="sr-only">" (selected)"</span> })}
            </span>
            <span class="facet-count">{count}</span>
        </a>
    }
}

/// The filter panel: rendered once per listing, the sidebar on desktops and the filter sheet's
/// body on phones (`pages/listing.rs`), so its element ids are fixed.
#[component]
pub fn FacetPanel(listing: Listing, path: String) -> impl IntoView {
    let Listing {
        query,
        facets,
        currency,
        category,
        ..
    } = listing;
    let here = {
        let path = path.clone();
        move |q: CatalogQuery| with_query(&path, &q.to_query_string(currency))
    };
    let carry = query.without_specs().to_query_string(currency);
    let per = currency.minor_per_major();
    let major = |m: Option<i64>| m.map(|m| (m / per).to_string()).unwrap_or_default();
    view! {
        <div class="space-y-5">
            {(!facets.categories.is_empty()).then(|| view! {
                <section aria-labelledby="facet-cat">
                    <h2 id="facet-cat" class=HEADING>"Category"</h2>
                    <ul>
                        {facets.categories.iter().map(|c| {
                            let current = category.as_ref().is_some_and(|cat| cat.slug == c.value);
                            view! {
                                <li><a class=OPTION href=with_query(&category_path(&c.value), &carry) aria-current=current.then_some("page")>
                                    <span>{c.label.clone()}</span><span class="facet-count">{c.count}</span>
                                </a></li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <section aria-labelledby="facet-brand">
                <h2 id="facet-brand" class=HEADING>"Brand"</h2>
                <ul class="max-h-72 overflow-y-auto">
                    {facets.brands.iter().map(|b| {
                        let on = query.brands.contains(&b.value);
                        view! { <li>{toggle(b.label.clone(), b.count, on, here(query.toggling_brand(&b.value)))}</li> }
                    }).collect_view()}
                </ul>
            </section>
            {facets.specs.iter().enumerate().map(|(i, facet)| {
                let heading = format!("facet-spec-{i}");
                let labelled = heading.clone();
                view! {
                    <section aria-labelledby=labelled data-testid="spec-facet">
                        <h2 id=heading class=HEADING>{facet.name.clone()}</h2>
                        <ul class="max-h-72 overflow-y-auto">
                            {facet.values.iter().map(|v| {
                                let on = query.specs.iter().any(|(n, value)| *n == facet.name && *value == v.value);
                                view! { <li>{toggle(v.label.clone(), v.count, on, here(query.toggling_spec(&facet.name, &v.value)))}</li> }
                            }).collect_view()}
                        </ul>
                    </section>
                }
            }).collect_view()}
            <section aria-labelledby="facet-price">
                <h2 id="facet-price" class=HEADING>"Price"</h2>
                <ul>
                    {facets.price_bands.iter().map(|band| {
                        let max = band.max.map(|m| m - 1);
                        let on = query.min_price == Some(band.min) && query.max_price == max;
                        let target = if on { query.with_price(None, None) } else { query.with_price(Some(band.min), max) };
                        view! {
                            <li><a class=OPTION href=here(target) aria-current=on.then_some("true")>
                                <span>{band_label(band, currency)}</span><span class="facet-count">{band.count}</span>
                            </a></li>
                        }
                    }).collect_view()}
                </ul>
                <form method="get" action=path.clone() class="mt-2 flex items-end gap-2">
                    {hidden_params(&query, currency, &["min", "max"])}
                    <div class="min-w-0 flex-1">
                        <label for="facet-min" class="block text-xs text-slate-600">"Min ($)"</label>
                        <input id="facet-min" name="min" inputmode="decimal" value=major(query.min_price) class="focus-ring w-full rounded-md border border-slate-300 px-2 py-1.5" />
                    </div>
                    <div class="min-w-0 flex-1">
                        <label for="facet-max" class="block text-xs text-slate-600">"Max ($)"</label>
                        <input id="facet-max" name="max" inputmode="decimal" value=major(query.max_price) class="focus-ring w-full rounded-md border border-slate-300 px-2 py-1.5" />
                    </div>
                    <button type="submit" class="btn-secondary">"Go"</button>
                </form>
            </section>
            <section aria-labelledby="facet-stock">
                <h2 id="facet-stock" class=HEADING>"Availability"</h2>
                {toggle("In stock only".to_string(), facets.in_stock, query.in_stock, here(query.toggling_in_stock()))}
            </section>
            {query.has_filters().then(|| {
                let cleared = CatalogQuery { text: query.text.clone(), sort: query.sort, ..CatalogQuery::default() };
                view! { <a class="link text-sm font-medium" href=here(cleared)>"Clear all filters"</a> }
            })}
        </div>
    }
}

/// The filters in force, each a chip whose link removes it, and "Clear all": the shopper sees
/// why the listing is short, on phones too where the filter panel is folded away.
#[component]
pub fn ActiveFilters(query: CatalogQuery, path: String, currency: Currency) -> impl IntoView {
    let here = |q: CatalogQuery| with_query(&path, &q.to_query_string(currency));
    let whole = |minor: i64| {
        Money::new(minor, currency)
            .to_string()
            .trim_end_matches(".00")
            .to_string()
    };
    let mut chips: Vec<(String, String)> = query
        .brands
        .iter()
        .map(|brand| (brand.clone(), here(query.toggling_brand(brand))))
        .collect();
    chips.extend(query.specs.iter().map(|(name, value)| {
        (
            format!("{name}: {value}"),
            here(query.toggling_spec(name, value)),
        )
    }));
    let price = match (query.min_price, query.max_price) {
        (Some(min), Some(max)) => Some(format!("{} to {}", whole(min), whole(max))),
        (Some(min), None) => Some(format!("{} and up", whole(min))),
        (None, Some(max)) => Some(format!("Up to {}", whole(max))),
        (None, None) => None,
    };
    if let Some(price) = price {
        chips.push((price, here(query.with_price(None, None))));
    }
    if query.in_stock {
        chips.push(("In stock only".to_string(), here(query.toggling_in_stock())));
    }
    let cleared = CatalogQuery {
        text: query.text.clone(),
        sort: query.sort,
        ..CatalogQuery::default()
    };
    let clear_all = here(cleared);
    (!chips.is_empty()).then(|| {
        view! {
            <div role="group" aria-label="Active filters" class="mb-3 flex flex-wrap items-center gap-2" data-testid="active-filters">
                {chips.into_iter().map(|(label, href)| {
                    let name = format!("Remove the filter {label}");
                    view! {
                    <a href=href aria-label=name
                        class="focus-ring inline-flex items-center gap-1.5 rounded-full border border-indigo-300 bg-indigo-50 px-3 py-1 text-sm font-medium text-indigo-900 hover:border-indigo-500 hover:bg-indigo-100">
                        {label}<span aria-hidden="true" class="text-base leading-none">"×"</span>
                    </a>
                }}).collect_view()}
                <a class="link text-sm font-medium" href=clear_all>"Clear all"</a>
            </div>
        }
    })
}

/// The sort picker: a GET form keeping every other parameter. A new choice applies at once;
/// without JavaScript the "Sort" button sends it.
#[component]
pub fn SortForm(query: CatalogQuery, path: String, currency: Currency) -> impl IntoView {
    let form = NodeRef::<leptos::html::Form>::new();
    let apply = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(form) = form.get_untracked() {
            let _ = form.request_submit();
        }
    };
    view! {
        <form method="get" action=path class="flex items-center gap-2" node_ref=form>
            {hidden_params(&query, currency, &["sort", "page"])}
            <label for="sort" class="text-sm text-slate-700">"Sort by"</label>
            <select id="sort" name="sort" on:change=apply class="focus-ring rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
                {Sort::ALL.into_iter().map(|s| view! {
                    <option value=s.param() selected=s == query.sort>{s.label(query.text.is_some())}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="btn-secondary no-js-only">"Sort"</button>
        </form>
    }
}
