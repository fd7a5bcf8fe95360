//! `/admin/orders`: the order table with status tabs, filters (dates, number or email) and bulk
//! "mark processing" / "mark shipped". One order's page is `order.rs`.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::denied;
use crate::components::forms::{form_error, Answer, FormAlert, SubmitButton};
use crate::domain::order::{AdminOrderPage, BulkOutcome, OrderStatus, TO_SHIP};
use crate::pages::order::{badge, items_label, StatusBadge};
use crate::server_fns::admin_orders::{admin_orders, BulkMoveOrders};

#[component]
pub fn AdminOrdersPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &str| query.read().get(name).unwrap_or_default();
    // After an `.await` nothing is tracked: read without subscribing.
    let param_now = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let bulk = ServerAction::<BulkMoveOrders>::new();
    super::toast::toast_on_success(Signal::derive(move || bulk.value().get()), |outcomes| {
        let done = outcomes.iter().filter(|o| o.error.is_none()).count();
        let failed = outcomes.len() - done;
        let mut text = format!("{done} order{} updated", if done == 1 { "" } else { "s" });
        if failed > 0 {
            text.push_str(&format!(" · {failed} could not be: see the list"));
        }
        text
    });
    let list = Resource::new(
        move || {
            (
                param("status"),
                param("from"),
                param("to"),
                param("q"),
                param("page").parse::<u32>().unwrap_or(1),
                bulk.version().get(),
            )
        },
        |(status, from, to, q, page, _)| admin_orders(status, from, to, q, page),
    );
    view! {
        <Title text="Orders" />
        <div class="space-y-5">
            <header class="space-y-3">
                <h1 class="text-2xl font-extrabold">"Orders"</h1>
            </header>
            <Suspense fallback=|| view! { <p role="status" class="text-slate-600">"Loading orders…"</p> }>
                {move || Suspend::new(async move {
                    // The filters as asked (shown to staff only: a refusal replaces the page).
                    let form = move || view! {
                        <StatusTabs status=param_now("status") keep=filter_query(&[
                            ("from", param_now("from")),
                            ("to", param_now("to")),
                            ("q", param_now("q")),
                        ]) />
                        <Filters status=param_now("status") from=param_now("from") to=param_now("to") q=param_now("q") />
                    };
                    match list.await {
                        Ok(page) => {
                            let filters = filter_query(&[
                                ("status", param_now("status")),
                                ("from", param_now("from")),
                                ("to", param_now("to")),
                                ("q", param_now("q")),
                            ]);
                            view! { {form()} <OrderTable page bulk filters /> }.into_any()
                        }
                        Err(crate::error::AppError::Invalid { message, .. }) => view! {
                            {form()}
                            <p class="card p-4 text-sm text-rose-800" role="alert">{message}</p>
                        }.into_any(),
                        Err(error) => denied(error),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// One tab per status, "All" and "To ship" (paid or being prepared), each keeping the other
/// filters.
#[component]
fn StatusTabs(status: String, keep: String) -> impl IntoView {
    let tabs = [("All", ""), ("To ship", TO_SHIP)].into_iter().chain(
        OrderStatus::ALL
            .into_iter()
            .map(|s| (s.label(), s.as_str())),
    );
    view! {
        <nav aria-label="Orders by status" class="-mx-3 overflow-x-auto px-3 sm:mx-0 sm:px-0">
            <ul class="flex gap-1 border-b border-slate-200">
                {tabs.map(|(label, value)| {
                    let active = status == value;
                    let query = match (value.is_empty(), keep.is_empty()) {
                        (true, true) => String::new(),
                        (true, false) => format!("?{keep}"),
                        (false, true) => format!("?status={value}"),
                        (false, false) => format!("?status={value}&{keep}"),
                    };
                    view! {
                        <li>
                            <a href=format!("/admin/orders{query}") aria-current=active.then_some("page")
                                class=if active {
                                    "focus-ring -mb-px block whitespace-nowrap rounded-t-md border-b-2 border-indigo-700 px-3 py-2 text-sm font-semibold text-indigo-800"
                                } else {
                                    "focus-ring -mb-px block whitespace-nowrap rounded-t-md border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-700 hover:text-slate-900"
                                }>
                                {label}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}

#[component]
fn Filters(status: String, from: String, to: String, q: String) -> impl IntoView {
    view! {
        <form method="get" action="/admin/orders" class="card grid grid-cols-2 gap-3 p-4 sm:grid-cols-4 sm:items-end" aria-label="Filter orders">
            // The status is the tab's.
            {(!status.is_empty()).then(|| view! { <input type="hidden" name="status" value=status /> })}
            <div class="col-span-2 space-y-1 sm:col-span-1">
                <label for="filter-q" class="block text-sm font-semibold">"Number or email"</label>
                <input id="filter-q" name="q" type="search" value=q class="focus-ring w-full rounded-lg border border-slate-300 px-3 py-2" />
            </div>
            <div class="space-y-1">
                <label for="filter-from" class="block text-sm font-semibold">"From"</label>
                <input id="filter-from" name="from" type="date" value=from class="focus-ring w-full rounded-lg border border-slate-300 px-2 py-2" />
            </div>
            <div class="space-y-1">
                <label for="filter-to" class="block text-sm font-semibold">"To"</label>
                <input id="filter-to" name="to" type="date" value=to class="focus-ring w-full rounded-lg border border-slate-300 px-2 py-2" />
            </div>
            <button type="submit" class="btn-primary col-span-2 sm:col-span-1">"Filter"</button>
        </form>
    }
}

/// The filters as a query string (empty ones left out), to which a page number is added.
fn filter_query(filters: &[(&str, String)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in filters.iter().filter(|(_, v)| !v.is_empty()) {
        query.append_pair(name, value);
    }
    query.finish()
}

/// The link to another page of the same filtered list.
fn page_href(filters: &str, page: u32) -> String {
    if filters.is_empty() {
        format!("/admin/orders?page={page}")
    } else {
        format!("/admin/orders?{filters}&page={page}")
    }
}

#[component]
fn OrderTable(
    page: AdminOrderPage,
    bulk: ServerAction<BulkMoveOrders>,
    /// The current filters as a query string, kept by the page links.
    filters: String,
) -> impl IntoView {
    let answer: Answer<Vec<BulkOutcome>> = Signal::derive(move || bulk.value().get());
    let pending = Signal::from(bulk.pending());
    if page.rows.is_empty() {
        return view! {
            <p class="card p-4 text-sm text-slate-600">"No orders match these filters."</p>
        }
        .into_any();
    }
    let newer = (page.page > 1).then(|| page_href(&filters, page.page - 1));
    let older = page.has_more.then(|| page_href(&filters, page.page + 1));
    view! {
        <ActionForm action=bulk attr:class="space-y-3" attr:aria-label="Orders">
            <div class="card overflow-x-auto">
                <table class="w-full text-left text-sm" data-testid="admin-orders">
                    <thead class="border-b border-slate-200 bg-slate-50 text-xs font-semibold uppercase tracking-wide text-slate-600">
                        <tr>
                            <th scope="col" class="w-10 p-2 sm:p-3"><span class="sr-only">"Select"</span></th>
                            <th scope="col" class="p-3">"Order"</th>
                            <th scope="col" class="hidden p-3 md:table-cell">"Date"</th>
                            <th scope="col" class="hidden p-3 lg:table-cell">"Customer"</th>
                            <th scope="col" class="hidden p-3 text-right sm:table-cell">"Items"</th>
                            <th scope="col" class="p-3 text-right">"Total"</th>
                            <th scope="col" class="hidden p-3 sm:table-cell">"Payment"</th>
                            <th scope="col" class="hidden p-3 sm:table-cell">"Fulfilment"</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-200">
                        {page.rows.into_iter().enumerate().map(|(i, row)| {
                            let o = row.summary;
                            let id = format!("pick-{}", o.number);
                            let paid = o.status.payment_label();
                            view! {
                                <tr class="align-top hover:bg-slate-50" data-order=o.number.clone()>
                                    <td class="p-2 sm:p-3">
                                        <input id=id.clone() type="checkbox" name=format!("numbers[{i}]") value=o.number.clone()
                                            class="focus-ring h-5 w-5 rounded border-slate-400" />
                                        <label for=id class="sr-only">{format!("Select {}", o.number)}</label>
                                    </td>
                                    <td class="p-3">
                                        <a href=format!("/admin/orders/{}", o.number) class="focus-ring rounded font-mono font-semibold text-indigo-800 hover:underline">{o.number.clone()}</a>
                                        // What the hidden columns say, on narrow screens.
                                        <span class="block max-w-[9rem] truncate text-xs text-slate-600 sm:max-w-[14rem] lg:hidden">{row.email.clone()}</span>
                                        <span class="block text-xs text-slate-600 md:hidden">{format!("{} · {}", o.placed_at, items_label(o.items))}</span>
                                        <span class="mt-1 block sm:hidden"><StatusBadge status=o.status /></span>
                                    </td>
                                    <td class="hidden whitespace-nowrap p-3 text-slate-700 md:table-cell">{o.placed_at.clone()}</td>
                                    <td class="hidden max-w-[14rem] truncate p-3 text-slate-700 lg:table-cell">{row.email}</td>
                                    <td class="hidden p-3 text-right sm:table-cell">{o.items}</td>
                                    <td class="whitespace-nowrap p-3 text-right font-semibold">{o.total.to_string()}</td>
                                    <td class="hidden p-3 sm:table-cell">
                                        <span class=if paid == "Paid" { "text-emerald-800" } else { "text-slate-700" }>{paid}</span>
                                    </td>
                                    <td class="hidden p-3 sm:table-cell">
                                        <span class=format!("whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold {}", badge(o.status))>{o.status.fulfilment_label()}</span>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <fieldset class="card flex flex-wrap items-end gap-3 p-4">
                <legend class="sr-only">"With the selected orders"</legend>
                <div class="space-y-1">
                    <label for="bulk-transition" class="block text-sm font-semibold">"With the selected orders"</label>
                    <select id="bulk-transition" name="transition" class="focus-ring rounded-lg border border-slate-300 bg-white px-3 py-2">
                        <option value="process">"Mark processing"</option>
                        <option value="ship">"Mark shipped"</option>
                    </select>
                </div>
                <div class="space-y-1">
                    <label for="bulk-carrier" class="block text-sm font-semibold">"Carrier " <span class="font-normal text-slate-600">"(for shipping)"</span></label>
                    <input id="bulk-carrier" name="carrier" class="focus-ring rounded-lg border border-slate-300 px-3 py-2" maxlength=60 />
                </div>
                <SubmitButton label="Apply" busy="Applying…" pending class="btn-secondary" />
                <div class="w-full"><FormAlert message=form_error(answer, &[]) /></div>
            </fieldset>
            {move || answer.get().and_then(Result::ok).map(|outcomes| {
                let failed: Vec<BulkOutcome> = outcomes.iter().filter(|o| o.error.is_some()).cloned().collect();
                let done = outcomes.len() - failed.len();
                view! {
                    <div role="status" class="card space-y-1 p-4 text-sm" data-testid="bulk-result">
                        <p class="font-semibold">{format!("{done} order{} updated.", if done == 1 { "" } else { "s" })}</p>
                        {failed.into_iter().map(|o| view! {
                            <p class="text-rose-800">{format!("{}: {}", o.number, o.error.unwrap_or_default())}</p>
                        }).collect_view()}
                    </div>
                }
            })}
            {(newer.is_some() || older.is_some()).then(|| view! {
                <nav aria-label="Pages of orders" class="flex flex-wrap gap-3 text-sm">
                    {newer.map(|href| view! { <a class="link" rel="prev" href=href>"Newer orders"</a> })}
                    {older.map(|href| view! { <a class="link" rel="next" href=href>"Older orders"</a> })}
                </nav>
            })}
        </ActionForm>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_links_keep_the_filters() {
        let filters = filter_query(&[
            ("status", "paid".into()),
            ("from", String::new()),
            ("to", "2026-12-01".into()),
            ("q", "ada@example.com & co".into()),
        ]);
        assert_eq!(
            page_href(&filters, 3),
            "/admin/orders?status=paid&to=2026-12-01&q=ada%40example.com+%26+co&page=3"
        );
        assert_eq!(page_href("", 2), "/admin/orders?page=2");
    }
}
