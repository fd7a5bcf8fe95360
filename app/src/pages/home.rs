//! The home page: featured categories, new arrivals and deals.

use leptos::prelude::*;

use super::{ErrorPage, PageMeta};
use crate::components::product_card::ProductShelf;
use crate::components::skeleton::GridSkeleton;
use crate::domain::catalog::{CategoryTile, Home};
use crate::domain::listing::category_path;
use crate::server_fns::catalog::get_home;

#[component]
pub fn HomePage() -> impl IntoView {
    crate::components::mark_hydrated();
    let home = Resource::new(|| (), |_| get_home());
    view! {
        <Suspense fallback=|| view! { <GridSkeleton /> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(home) => view! { <HomeView home /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HomeView(home: Home) -> impl IntoView {
    view! {
        <PageMeta
            title="PC parts, peripherals and games".to_string()
            description="Shop graphics cards, processors, monitors, laptops, consoles and games with real-time stock.".to_string()
            canonical=home.canonical
        />
        <section class="rounded-2xl bg-gradient-to-br from-slate-900 to-indigo-900 px-5 py-8 text-white sm:px-10 sm:py-12">
            <h1 class="text-3xl font-extrabold tracking-tight sm:text-4xl">"Build it. Play it. Own it."</h1>
            <p class="mt-2 max-w-xl text-indigo-100">"Components, peripherals and games with stock you can trust."</p>
            <div class="mt-5 flex flex-wrap gap-2">
                <a href="/c/graphics-cards" class="focus-ring rounded-lg bg-white px-4 py-2 font-semibold text-slate-900 hover:bg-indigo-50">"Shop graphics cards"</a>
                <a href="/search?sort=newest" class="focus-ring rounded-lg border border-white/40 px-4 py-2 font-semibold text-white hover:bg-white/10">"New arrivals"</a>
            </div>
        </section>
        <section class="mt-8" aria-labelledby="featured-heading">
            <h2 id="featured-heading" class="mb-3 text-xl font-bold">"Shop by category"</h2>
            <ul class="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" role="list">
                {home.featured.into_iter().map(|tile| view! { <li><CategoryCard tile /></li> }).collect_view()}
            </ul>
        </section>
        <ProductShelf title="Deals" products=home.deals />
        <ProductShelf title="New arrivals" products=home.new_arrivals more="/search?sort=newest" />
    }
}

#[component]
fn CategoryCard(tile: CategoryTile) -> impl IntoView {
    view! {
        // On the narrowest phones the picture sits above the name, so long names fit the tile.
        <a href=category_path(&tile.slug) class="card focus-ring flex h-full flex-col items-start gap-2 p-3 hover:border-indigo-300 min-[400px]:flex-row min-[400px]:items-center min-[400px]:gap-3">
            {tile.image_url.map(|url| view! { <img src=url alt="" width="56" height="56" loading="lazy" class="h-14 w-14 shrink-0 rounded-lg object-cover" /> })}
            <span class="min-w-0 break-words">
                <span class="block font-semibold text-slate-900">{tile.name}</span>
                <span class="block text-sm text-slate-600">{format!("{} products", tile.product_count)}</span>
            </span>
        </a>
    }
}
