//! Product cards and the grid they sit in.

use leptos::prelude::*;

use super::status::{PriceTag, StockBadge};
use crate::domain::catalog::ProductCard;
use crate::domain::listing::product_path;

#[component]
pub fn ProductGrid(products: Vec<ProductCard>) -> impl IntoView {
    view! {
        <ul class="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4" role="list">
            {products.into_iter().map(|p| view! { <li><ProductTile product=p /></li> }).collect_view()}
        </ul>
    }
}

#[component]
pub fn ProductTile(product: ProductCard) -> impl IntoView {
    let href = product_path(&product.slug);
    view! {
        <article class="card group flex h-full flex-col overflow-hidden" data-product=product.slug.clone()>
            <a href=href class="focus-ring flex h-full flex-col rounded-xl">
                <div class="aspect-square bg-slate-100">
                    {product.image_url.map(|url| view! {
                        <img src=url alt=product.image_alt.clone() loading="lazy" width="400" height="400" class="h-full w-full object-cover" />
                    })}
                </div>
                <div class="flex flex-1 flex-col gap-1 p-2 sm:p-3">
                    <p class="text-xs font-medium uppercase tracking-wide text-slate-600">{product.brand}</p>
                    <h3 class="line-clamp-2 text-sm font-semibold text-slate-900 group-hover:text-indigo-700">{product.name}</h3>
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
