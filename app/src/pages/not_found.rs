//! The 404 page: for unknown paths, products and categories. Always sent with status 404.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::set_http_status;

/// The fallback route for paths the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    crate::components::mark_hydrated();
    set_http_status(404);
    view! { <NotFoundContent what="page".to_string() /> }
}

/// A helpful "not found" message with a search box and ways back into the shop.
#[component]
pub fn NotFoundContent(what: String) -> impl IntoView {
    view! {
        <Title text="Page not found" />
        <Meta name="robots" content="noindex" />
        <section class="mx-auto max-w-xl py-12 text-center">
            <p class="text-sm font-semibold uppercase tracking-wide text-indigo-700">"404"</p>
            <h1 class="mt-1 text-3xl font-extrabold">{format!("We couldn't find that {what}")}</h1>
            <p class="mt-3 text-slate-700">"It may have been renamed or removed. Try a search, or start from one of these:"</p>
            <form action="/search" method="get" role="search" class="mx-auto mt-6 flex max-w-md">
                <label for="notfound-search" class="sr-only">"Search products"</label>
                <input id="notfound-search" name="q" type="search" maxlength="200" placeholder="Search products" class="focus-ring min-w-0 flex-1 rounded-l-lg border border-slate-300 px-3 py-2" />
                <button type="submit" class="focus-ring rounded-r-lg bg-indigo-700 px-4 py-2 font-semibold text-white">"Search"</button>
            </form>
            <ul class="mt-6 flex flex-wrap justify-center gap-2 text-sm">
                <li><a class="btn-secondary" href="/">"Home"</a></li>
                <li><a class="btn-secondary" href="/search">"All products"</a></li>
                <li><a class="btn-secondary" href="/search?sort=newest">"New arrivals"</a></li>
            </ul>
        </section>
    }
}
