//! Small status pieces: prices, stock badges and breadcrumb trails.

use leptos::prelude::*;

use crate::domain::catalog::{Crumb, StockStatus};
use crate::domain::money::Money;

/// A price, with the compare-at price struck through and the saving when discounted.
#[component]
pub fn PriceTag(
    price: Money,
    compare_at: Option<Money>,
    #[prop(optional)] from: bool,
    #[prop(optional)] large: bool,
) -> impl IntoView {
    let saving = compare_at.and_then(|c| price.percent_off(c).map(|pct| (c, pct)));
    let size = if large { "text-2xl" } else { "text-base" };
    view! {
        <p class="flex flex-wrap items-baseline gap-x-2">
            <span class=format!("{size} font-bold text-slate-900")>
                {from.then_some(view! { <span class="text-sm font-normal text-slate-600">"From "</span> })}
                {price.to_string()}
            </span>
            {saving.map(|(was, pct)| view! {
                <span class="text-sm text-slate-500 line-through"><span class="sr-only">"Was "</span>{was.to_string()}</span>
                <span class="rounded bg-rose-100 px-1.5 py-0.5 text-xs font-semibold text-rose-800">{format!("Save {pct}%")}</span>
            })}
        </p>
    }
}

/// "In stock", "Only 3 left" or "Out of stock", coloured accordingly.
#[component]
pub fn StockBadge(stock: StockStatus) -> impl IntoView {
    let class = match stock {
        StockStatus::InStock => "text-emerald-800 bg-emerald-50",
        StockStatus::Low(_) => "text-amber-900 bg-amber-50",
        StockStatus::OutOfStock => "text-slate-700 bg-slate-100",
    };
    view! {
        <span class=format!("inline-block rounded px-2 py-0.5 text-xs font-semibold {class}") data-stock=stock.label()>
            {stock.label()}
        </span>
    }
}

/// A breadcrumb trail; the current page is the last, unlinked item.
#[component]
pub fn Breadcrumbs(trail: Vec<Crumb>, current: String) -> impl IntoView {
    view! {
        <nav aria-label="Breadcrumb" class="mb-3 overflow-x-auto text-sm text-slate-600">
            <ol class="flex flex-wrap items-center gap-1">
                {trail.into_iter().map(|c| view! {
                    <li class="flex items-center gap-1">
                        <a class="link" href=c.href>{c.name}</a>
                        <span aria-hidden="true">"/"</span>
                    </li>
                }).collect_view()}
                <li aria-current="page" class="font-medium text-slate-900">{current}</li>
            </ol>
        </nav>
    }
}
