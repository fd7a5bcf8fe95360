//! Listing pages: a category (`/c/:slug`) or search results (`/search`). All state lives in the
//! URL query string, so links share, reloads and back/forward work, with or without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

use super::{ErrorPage, PageMeta};
use crate::components::facets::{ActiveFilters, FacetPanel, SortForm};
use crate::components::pagination::Pagination;
use crate::components::product_card::ProductGrid;
use crate::components::skeleton::GridSkeleton;
use crate::components::status::Breadcrumbs;
use crate::domain::catalog::Listing;
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
    view! {
        <Suspense fallback=|| view! { <div class="h-8 w-48 mb-4 rounded bg-slate-200 animate-pulse"></div><GridSkeleton count=12 /> }>
            {move || Suspend::new(async move {
                match listing.await {
                    Ok(listing) => view! { <ListingView listing /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ListingView(listing: Listing) -> impl IntoView {
    let path = listing
        .category
        .as_ref()
        .map(|c| category_path(&c.slug))
        .unwrap_or_else(|| "/search".to_string());
    let robots = listing.query.has_filters() || listing.query.text.is_some();
    let heading = listing.title.clone();
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
                {listing.corrected_text.clone().map(|text| view! {
                    <p class="mt-1 text-sm text-slate-700">"Showing results for " <strong>{text}</strong></p>
                })}
            </div>
            <SortForm query=listing.query.clone() path=path.clone() currency=listing.currency />
        </div>
        <Subcategories listing=listing.clone() />
        <div class="lg:grid lg:grid-cols-[16rem_1fr] lg:gap-6">
            <details class="card mb-4 p-3 lg:hidden">
                <summary class="focus-ring cursor-pointer rounded font-semibold">"Filters"</summary>
                <div class="mt-3"><FacetPanel listing=listing.clone() path=path.clone() prefix="m" /></div>
            </details>
            <aside class="hidden lg:block" aria-label="Filters">
                <FacetPanel listing=listing.clone() path=path.clone() prefix="d" />
            </aside>
            <div>
                <ActiveFilters query=listing.query.clone() path=path.clone() currency=listing.currency />
                {if listing.products.is_empty() {
                    view! { <EmptyResults listing=listing.clone() path=path.clone() /> }.into_any()
                } else {
                    // Cards title themselves with h3: this keeps the outline in order.
                    view! {
                        <h2 class="sr-only">"Products"</h2>
                        <ProductGrid products=listing.products.clone() />
                    }.into_any()
                }}
                <Pagination path query=listing.query.clone() page_count=listing.page_count currency=listing.currency />
            </div>
        </div>
    }
}

#[component]
fn Subcategories(listing: Listing) -> impl IntoView {
    let carry = listing.query.with_page(1).to_query_string(listing.currency);
    (!listing.subcategories.is_empty()).then(|| view! {
        <nav aria-label="Subcategories" class="mb-4 flex gap-2 overflow-x-auto pb-1">
            {listing.subcategories.into_iter().map(|c| view! {
                <a class="focus-ring whitespace-nowrap rounded-full border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:border-indigo-400"
                   href=with_query(&category_path(&c.slug), &carry)>{c.name}</a>
            }).collect_view()}
        </nav>
    })
}

#[component]
fn EmptyResults(listing: Listing, path: String) -> impl IntoView {
    let cleared = crate::domain::query::CatalogQuery {
        text: listing.query.text.clone(),
        ..Default::default()
    };
    view! {
        <div class="card p-8 text-center">
            <h2 class="text-lg font-bold">"No products found"</h2>
            <p class="mt-1 text-slate-700">"Try fewer words, another spelling, or remove a filter."</p>
            <div class="mt-4 flex flex-wrap justify-center gap-2">
                {listing.query.has_filters().then(|| view! {
                    <a class="btn-secondary" href=with_query(&path, &cleared.to_query_string(listing.currency))>"Clear filters"</a>
                })}
                <a class="btn-primary" href="/search">"Browse all products"</a>
            </div>
        </div>
    }
}
