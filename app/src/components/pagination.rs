//! Page links for listings: previous, a window of numbers around the current page, next.

use leptos::prelude::*;

use crate::domain::listing::with_query;
use crate::domain::money::Currency;
use crate::domain::query::CatalogQuery;

/// Page numbers to show: the first, the last, and two either side of the current page.
/// `None` marks a gap.
pub fn page_window(current: u32, count: u32) -> Vec<Option<u32>> {
    let mut pages = Vec::new();
    for page in 1..=count {
        let near = page.abs_diff(current) <= 2;
        if page == 1 || page == count || near {
            pages.push(Some(page));
        } else if pages.last() != Some(&None) {
            pages.push(None);
        }
    }
    pages
}

#[component]
pub fn Pagination(
    path: String,
    query: CatalogQuery,
    page_count: u32,
    currency: Currency,
) -> impl IntoView {
    if page_count <= 1 {
        return ().into_any();
    }
    let current = query.page;
    let href = move |page: u32| with_query(&path, &query.with_page(page).to_query_string(currency));
    let link = "focus-ring inline-flex min-w-10 items-center justify-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100";
    view! {
        <nav aria-label="Pagination" class="mt-6 flex flex-wrap items-center justify-center gap-1">
            {(current > 1).then(|| view! { <a class=link rel="prev" href=href(current - 1)>"Previous"</a> })}
            {page_window(current, page_count).into_iter().map(|p| match p {
                Some(p) if p == current => view! {
                    <span aria-current="page" class="inline-flex min-w-10 items-center justify-center rounded-md bg-indigo-700 px-3 py-2 text-sm font-bold text-white">
                        <span class="sr-only">"Page "</span>{p}
                    </span>
                }.into_any(),
                Some(p) => view! { <a class=link href=href(p) aria-label=format!("Page {p}")>{p}</a> }.into_any(),
                None => view! { <span class="px-1 text-slate-500" aria-hidden="true">"…"</span> }.into_any(),
            }).collect_view()}
            {(current < page_count).then(|| view! { <a class=link rel="next" href=href(current + 1)>"Next"</a> })}
        </nav>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn the_window_keeps_ends_and_neighbours_with_gaps_between() {
        assert_eq!(page_window(1, 3), [Some(1), Some(2), Some(3)]);
        assert_eq!(
            page_window(8, 15),
            [
                Some(1),
                None,
                Some(6),
                Some(7),
                Some(8),
                Some(9),
                Some(10),
                None,
                Some(15)
            ]
        );
        assert_eq!(
            page_window(1, 15),
            [Some(1), Some(2), Some(3), None, Some(15)]
        );
    }
}
