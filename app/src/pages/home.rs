//! The home page: featured categories, new arrivals and deals.

use leptos::prelude::*;

use crate::components::settled;

use super::{ErrorPage, PageMeta};
use crate::components::product_card::{CategoryCard, ProductShelf};
use crate::components::skeleton::GridSkeleton;
use crate::domain::catalog::Home;
use crate::server_fns::catalog::get_home;

#[component]
pub fn HomePage() -> impl IntoView {
    crate::components::mark_hydrated();
    let home = Resource::new(|| (), |_| get_home());
    view! {
        <Suspense fallback=|| view! { <GridSkeleton /> }>
            {move || Suspend::new(async move {
                match settled(home).await {
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
