//! Listing pages: a category (`/c/:slug`) or search results (`/search`). All state lives in the
//! URL query string, so links share, reloads and back/forward work, with or without JavaScript.

use leptos::prelude::*;

use crate::components::settled;
use leptos_router::hooks::{use_location, use_params_map};

use super::{ErrorPage, PageMeta};
use crate::components::facets::{ActiveFilters, FacetPanel, SortForm};
use crate::components::pagination::Pagination;
use crate::components::product_card::{CategoryCard, ProductGrid, ProductShelf};
use crate::components::skeleton::GridSkeleton;
use crate::components::status::Breadcrumbs;
use crate::domain::catalog::{Listing, WhenEmpty};
use crate::domain::listing::{category_path, with_query};
use crate::server_fns::catalog::search_products;

#[component]
pub fn ListingPage() -> impl IntoView {
    crate::components::mark_hydrated();
    let params = use_params_map();
    let location = use_location();
    let listing = Resource::new(
        move || (params.with(|p| p.get("slug")), location.search.get()),
        |(slug, search)| search_products(slug, search),
    );
    // Whether the phone filter sheet is open: kept across the listings it leads to, so a
    // shopper can choose several filters before "Show N results".
    let sheet = RwSignal::new(false);
    // Where the shopper was in the open sheet (its scroll, the filter last chosen), so the
    // sheet drawn again for the next listing is back there.
    let kept = StoredValue::new((0, None::<String>));
    // A Transition keeps the current listing (and an open sheet) on screen while the next loads,
    // dimmed and inert meanwhile, so nothing on it is acted on twice or by mistake.
    // Only in the browser: the server renders while the listing is pending, and its page must
    // never arrive inert.
    let pending = RwSignal::new(false);
    let set_pending = SignalSetter::map(move |loading: bool| {
        if cfg!(feature = "hydrate") {
            pending.set(loading);
        }
    });
    view! {
        <Transition set_pending fallback=|| view! { <div class="h-8 w-48 mb-4 rounded bg-slate-200 animate-pulse"></div><GridSkeleton count=12 /> }>
            <div class="transition-opacity" class:opacity-60=move || pending.get() inert=move || pending.get()>
                {move || Suspend::new(async move {
                    match settled(listing).await {
                        Ok(listing) => view! { <ListingView listing sheet kept /> }.into_any(),
                        Err(error) => view! { <ErrorPage error /> }.into_any(),
                    }
                })}
            </div>
        </Transition>
    }
}

/// The filters, rendered once for every width. On phones a `<details>` whose open body covers
/// the screen (styled by `.filter-sheet` in the stylesheet), its summary becoming the sheet's
/// title bar and close button, with "Show N results" at the bottom; from `lg` up the same
/// element is the sidebar, its body shown whether open or not and its summary and footer
/// hidden. Every filter is a link, so without JavaScript each choice loads the narrowed listing
/// with the sheet closed.
#[component]
fn FilterSheet(
    listing: Listing,
    path: String,
    sheet: RwSignal<bool>,
    kept: StoredValue<(i32, Option<String>)>,
) -> impl IntoView {
    let details = NodeRef::<leptos::html::Details>::new();
    let body = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let (Some(body), true) = (body.get(), sheet.get_untracked()) {
            let (top, chosen) = kept.get_value();
            body.set_scroll_top(top);
            if let Some(link) = chosen.and_then(|key| link_by_key(&body, &key)) {
                // On the next frame: the listing is inert until its transition ends.
                request_animation_frame(move || {
                    let _ = link.focus();
                });
            }
            kept.update_value(|k| k.1 = None);
        }
    });
    let here = with_query(&path, &listing.query.to_query_string(listing.currency));
    let active = listing.query.filter_count();
    let show = match listing.total {
        0 => "No results".to_string(),
        1 => "Show 1 result".to_string(),
        n => format!("Show {n} results"),
    };
    let close = move || {
        sheet.set(false);
        #[cfg(feature = "hydrate")]
        if let Some(summary) = details
            .get_untracked()
            .and_then(|d| d.first_element_child())
        {
            use leptos::wasm_bindgen::JsCast;
            if let Ok(summary) = summary.dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = summary.focus();
            }
        }
    };
    // Escape closes it wherever focus is (a tap on the title bar may leave it on the page). The
    // element says whether it is open: its toggle event, which updates `sheet`, comes later.
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        let open = details.get_untracked().is_some_and(|d| d.open());
        if ev.key() == "Escape" && open {
            close();
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <aside aria-label="Filters">
            <details class="filter-sheet mb-4 lg:mb-0" node_ref=details prop:open=move || sheet.get()
                on:toggle=move |_| {
                    if let Some(d) = details.get_untracked() {
                        sheet.set(d.open());
                    }
                }>
                <summary class="focus-ring flex cursor-pointer items-center justify-between gap-2 rounded-lg border border-slate-300 bg-white px-3 py-2 font-semibold">
                    <span class="flex items-center gap-2">
                        <span>"Filters"</span>
                        {(active > 0).then(|| view! {
                            <span class="rounded-full bg-indigo-700 px-2 text-xs text-white">{active}<span class="sr-only">" active"</span></span>
                        })}
                    </span>
                    <span class="sheet-close text-2xl leading-none" aria-hidden="true">"×"</span>
                </summary>
                <div class="sheet-body" node_ref=body
                    on:scroll=move |_| {
                        if let Some(b) = body.get_untracked() {
                            kept.update_value(|k| k.0 = b.scroll_top());
                        }
                    }
                    on:click=move |ev| kept.update_value(|k| k.1 = chosen_link(&ev))>
                    <FacetPanel listing path />
                </div>
                <div class="sheet-footer lg:hidden">
                    <a href=here class="btn-primary block w-full text-center" data-testid="show-results"
                        on:click=move |ev| {
                            ev.prevent_default();
                            close();
                        }>{show}</a>
                </div>
            </details>
        </aside>
    }
}

/// What names the filter link a click in the sheet chose: its section's heading and its label
/// (its address and count change once it is chosen).
fn chosen_link(_ev: &leptos::ev::MouseEvent) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let target = _ev.target()?.dyn_into::<leptos::web_sys::Element>().ok()?;
        Some(link_key(&target.closest("a").ok()??))
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// A filter link's section heading and label ("Memory|8 GB GDDR6").
#[cfg(feature = "hydrate")]
fn link_key(link: &leptos::web_sys::Element) -> String {
    let text = |el: Option<leptos::web_sys::Element>| {
        el.and_then(|e| e.text_content()).unwrap_or_default()
    };
    let heading = text(
        link.closest("section")
            .ok()
            .flatten()
            .and_then(|s| s.query_selector("h2").ok().flatten()),
    );
    let label = text(link.first_element_child());
    format!("{heading}|{}", label.replace(" (selected)", "").trim())
}

/// The filter link of the sheet's `body` named by `key` (see [`link_key`]).
fn link_by_key(
    _body: &leptos::web_sys::HtmlDivElement,
    _key: &str,
) -> Option<leptos::web_sys::HtmlElement> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let links = _body.get_elements_by_tag_name("a");
        (0..links.length())
            .filter_map(|i| links.item(i))
            .find(|link| link_key(link) == _key)
            .and_then(|link| link.dyn_into().ok())
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

#[component]
fn ListingView(
    listing: Listing,
    sheet: RwSignal<bool>,
    kept: StoredValue<(i32, Option<String>)>,
) -> impl IntoView {
    let path = listing
        .category
        .as_ref()
        .map(|c| category_path(&c.slug))
        .unwrap_or_else(|| "/search".to_string());
    let robots = listing.query.has_filters() || listing.query.text.is_some();
    let heading = listing.title.clone();
    let empty = listing.products.is_empty();
    if empty {
        // No filters are drawn: the sheet must not come back open on the next listing.
        sheet.set(false);
    }
    let summary = match listing.total {
        0 => "No products match".to_string(),
        1 => "1 product".to_string(),
        n => format!("{n} products"),
    };
    view! {
        <PageMeta title=listing.title.clone() description=listing.description.clone() canonical=listing.canonical.clone() />
        {robots.then(|| view! { <leptos_meta::Meta name="robots" content="noindex, follow" /> })}
        <Breadcrumbs trail=listing.breadcrumbs.clone() current=listing.category.as_ref().map(|c| c.name.clone()).unwrap_or_else(|| "Search".into()) />
        <div class="mb-4 flex flex-wrap items-end justify-between gap-3">
            <div>
                <h1 class="text-2xl font-extrabold tracking-tight sm:text-3xl">{heading}</h1>
                <p class="text-sm text-slate-600" role="status">{summary}</p>
                {listing.corrected_text.clone().map(|text| {
                    let typed = listing.query.text.clone().unwrap_or_default();
                    let exact = crate::domain::query::CatalogQuery { exact: true, ..listing.query.with_page(1) };
                    let href = with_query(&path, &exact.to_query_string(listing.currency));
                    view! {
                        <p class="mt-1 text-sm text-slate-700">
                            "Showing results for " <strong>{text}</strong>" · "
                            <a class="link" href=href>"Search instead for " {typed}</a>
                        </p>
                    }
                })}
            </div>
            {(!empty).then(|| view! { <SortForm query=listing.query.clone() path=path.clone() currency=listing.currency /> })}
        </div>
        <Subcategories listing=listing.clone() />
        {if empty {
            // Nothing to sort or narrow: the chips that caused it, then where to go instead.
            view! {
                <ActiveFilters query=listing.query.clone() path=path.clone() currency=listing.currency />
                <EmptyResults listing=listing.clone() path=path.clone() />
            }.into_any()
        } else {
            view! {
                <div class="lg:grid lg:grid-cols-[16rem_1fr] lg:gap-6">
                    <FilterSheet listing=listing.clone() path=path.clone() sheet kept />
                    <div>
                        <ActiveFilters query=listing.query.clone() path=path.clone() currency=listing.currency />
                        // Cards title themselves with h3: this keeps the outline in order.
                        <h2 class="sr-only">"Products"</h2>
                        <ProductGrid products=listing.products.clone() />
                        <Pagination path query=listing.query.clone() page_count=listing.page_count currency=listing.currency />
                    </div>
                </div>
            }.into_any()
        }}
    }
}

#[component]
fn Subcategories(listing: Listing) -> impl IntoView {
    let carry = listing
        .query
        .without_specs()
        .to_query_string(listing.currency);
    (!listing.subcategories.is_empty()).then(|| view! {
        <nav aria-label="Subcategories" class="mb-4 flex gap-2 overflow-x-auto pb-1">
            {listing.subcategories.into_iter().map(|c| view! {
                <a class="focus-ring whitespace-nowrap rounded-full border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:border-indigo-400"
                   href=with_query(&category_path(&c.slug), &carry)>{c.name}</a>
            }).collect_view()}
        </nav>
    })
}

/// No results: why (the search and any filters), the ways out (clear the filters, browse
/// everything), then the store's top categories and best sellers.
#[component]
fn EmptyResults(listing: Listing, path: String) -> impl IntoView {
    let cleared = crate::domain::query::CatalogQuery {
        text: listing.query.text.clone(),
        ..Default::default()
    };
    let filtered = listing.query.has_filters();
    let (heading, hint) = match (&listing.query.text, filtered) {
        (Some(text), true) => (
            format!("Nothing matches “{text}”"),
            "Check the spelling, try fewer or more general words, or remove a filter.",
        ),
        (Some(text), false) => (
            format!("Nothing matches “{text}”"),
            "Check the spelling or try fewer or more general words, like a brand or a kind of product.",
        ),
        (None, true) => (
            "No products match these filters".to_string(),
            "Remove a filter to see more.",
        ),
        (None, false) => (
            "No products here yet".to_string(),
            "Have a look at the other categories and the best sellers below.",
        ),
    };
    let WhenEmpty {
        categories,
        best_sellers,
    } = listing.when_empty.unwrap_or_default();
    view! {
        <div class="card p-6 text-center sm:p-8" data-testid="no-results">
            <h2 class="break-words text-lg font-bold">{heading}</h2>
            <p class="mt-1 text-slate-700">{hint}</p>
            <div class="mt-4 flex flex-wrap justify-center gap-2">
                {filtered.then(|| view! {
                    <a class="btn-secondary" href=with_query(&path, &cleared.to_query_string(listing.currency))>"Clear filters"</a>
                })}
                <a class="btn-primary" href="/search">"Browse all products"</a>
            </div>
        </div>
        {(!categories.is_empty()).then(|| view! {
            <section class="mt-8" aria-labelledby="popular-categories">
                <h2 id="popular-categories" class="mb-3 text-xl font-bold">"Popular categories"</h2>
                <ul class="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" role="list">
                    {categories.into_iter().map(|tile| view! { <li><CategoryCard tile /></li> }).collect_view()}
                </ul>
            </section>
        })}
        {(!best_sellers.is_empty()).then(|| view! { <ProductShelf title="Best sellers" products=best_sellers /> })}
    }
}
