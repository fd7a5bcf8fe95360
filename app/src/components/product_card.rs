//! Product cards and the grid they sit in.

use leptos::prelude::*;

use super::picture::Pic;
use super::status::{PriceTag, StockBadge};
use crate::domain::catalog::{card_title, CategoryTile, ProductCard};
use crate::domain::listing::{category_path, product_path};

/// The widest a card's picture is drawn (CSS pixels): half of a 640 px screen, two columns.
const CARD_SLOT: u32 = 320;
/// Two columns on phones, three from `sm`, four from `lg` in a container of at most 80rem.
const CARD_SIZES: &str =
    "(min-width: 1280px) 300px, (min-width: 1024px) 25vw, (min-width: 640px) 33vw, 50vw";

#[component]
pub fn ProductGrid(products: Vec<ProductCard>) -> impl IntoView {
    view! {
        <ul class="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4" role="list">
            // The first row's pictures load at once; the rest as they near the viewport.
            {products.into_iter().enumerate().map(|(i, p)| view! { <li><ProductTile product=p eager={i < 2} /></li> }).collect_view()}
        </ul>
    }
}

#[component]
pub fn ProductTile(product: ProductCard, #[prop(optional)] eager: bool) -> impl IntoView {
    let href = product_path(&product.slug);
    view! {
        <article class="card group flex h-full flex-col overflow-hidden" data-product=product.slug.clone()>
            <a href=href class="focus-ring flex h-full flex-col rounded-xl">
                <div class="aspect-square bg-slate-100">
                    {product.image.map(|picture| view! {
                        <Pic picture slot_px=CARD_SLOT sizes=CARD_SIZES eager=eager class="h-full w-full object-cover" />
                    })}
                </div>
                <div class="flex flex-1 flex-col gap-1 p-2 sm:p-3">
                    <p class="text-xs font-medium uppercase tracking-wide text-slate-600">{product.brand.clone()}</p>
                    <h3 class="line-clamp-3 text-sm font-semibold text-slate-900 group-hover:text-indigo-700">
                        {card_title(&product.brand, &product.name).to_string()}
                    </h3>
                    <div class="mt-auto space-y-1 pt-1">
                        <PriceTag price=product.price compare_at=product.compare_at from=product.price_varies />
                        <StockBadge stock=product.stock />
                    </div>
                </div>
            </a>
        </article>
    }
}

/// A titled shelf of products (home page sections, related products).
#[component]
pub fn ProductShelf(
    title: &'static str,
    products: Vec<ProductCard>,
    #[prop(optional)] more: Option<&'static str>,
) -> impl IntoView {
    view! {
        <section class="mt-8" aria-label=title>
            <div class="mb-3 flex items-baseline justify-between">
                <h2 class="text-xl font-bold">{title}</h2>
                {more.map(|href| view! { <a class="link text-sm font-medium" href=href>"See all"</a> })}
            </div>
            <ProductGrid products />
        </section>
    }
}

/// A category as a tile: a picture from one of its products, its name and how many it has.
#[component]
pub fn CategoryCard(tile: CategoryTile) -> impl IntoView {
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
