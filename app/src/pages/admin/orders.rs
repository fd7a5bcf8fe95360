//! `/admin/orders`: the order list with filters (status, dates, number or email) and bulk
//! "mark processing" / "mark shipped"; `/admin/orders/{number}`: one order with its payment and
//! shipping details, the valid next steps, refunds, internal notes and the full history.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{denied, AdminNav};
use crate::components::forms::{
    field_error, form_error, message_for, succeeded, Answer, Field, FormAlert, FormSuccess,
    SubmitButton,
};
use crate::domain::order::{AdminOrder, AdminOrderPage, BulkOutcome, OrderStatus, TO_SHIP};
use crate::pages::order::{badge, items_label, ShipmentLine, StatusBadge};
use crate::server_fns::admin_orders::{
    admin_orders, get_admin_order, BulkMoveOrders, MoveOrder, NoteOrder, RefundOrder,
};

#[component]
pub fn AdminOrdersPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &str| query.read().get(name).unwrap_or_default();
    // After an `.await` nothing is tracked: read without subscribing.
    let param_now = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let bulk = ServerAction::<BulkMoveOrders>::new();
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
                <AdminNav current="/admin/orders" />
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

#[component]
pub fn AdminOrderPage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let moved = ServerAction::<MoveOrder>::new();
    let refund = ServerAction::<RefundOrder>::new();
    let note = ServerAction::<NoteOrder>::new();
    let order = Resource::new(
        move || {
            (
                number(),
                moved.version().get() + refund.version().get() + note.version().get(),
            )
        },
        |(n, _)| get_admin_order(n),
    );
    view! {
        <Title text="Order" />
        <div class="space-y-5">
            <header class="space-y-3">
                <p><a class="link text-sm" href="/admin/orders">"← All orders"</a></p>
                <AdminNav current="/admin/orders" />
            </header>
            <Transition fallback=|| view! { <p role="status" class="text-slate-600">"Loading the order…"</p> }>
                {move || Suspend::new(async move {
                    match order.await {
                        Ok(order) => view! { <OrderAdmin order moved refund note /> }.into_any(),
                        Err(crate::error::AppError::NotFound(_)) => {
                            crate::pages::set_http_status(404);
                            view! { <p class="card p-4" role="alert">"No order with that number."</p> }.into_any()
                        }
                        Err(error) => denied(error),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn OrderAdmin(
    order: AdminOrder,
    moved: ServerAction<MoveOrder>,
    refund: ServerAction<RefundOrder>,
    note: ServerAction<NoteOrder>,
) -> impl IntoView {
    let o = order.order.clone();
    let number = o.number.clone();
    let (ship_number, refund_number, note_number) =
        (number.clone(), number.clone(), number.clone());
    let move_answer: Answer<AdminOrder> = Signal::derive(move || moved.value().get());
    let refund_answer: Answer<AdminOrder> = Signal::derive(move || refund.value().get());
    let note_answer: Answer<AdminOrder> = Signal::derive(move || note.value().get());
    let can_ship = order.actions.iter().any(|(t, _)| t == "ship");
    let buttons: Vec<(String, String)> = order
        .actions
        .iter()
        .filter(|(t, _)| t != "ship")
        .cloned()
        .collect();
    let facts = [
        ("Customer", o.email.clone()),
        ("Placed", o.placed_at.clone()),
        ("Paid through", order.payment_provider.clone()),
        (
            "Payment reference",
            order
                .payment_reference
                .clone()
                .unwrap_or_else(|| "none".into()),
        ),
        (
            "Payment id",
            order
                .payment_id
                .clone()
                .unwrap_or_else(|| "not paid".into()),
        ),
        ("Shipping method", o.shipping_method.clone()),
    ];
    let shipment = o.shipment.clone();
    view! {
        <div class="space-y-4">
            <section class="card space-y-3 p-4 sm:p-6">
                <div class="flex flex-wrap items-center justify-between gap-2">
                    <h1 class="font-mono text-xl font-extrabold" data-testid="admin-order-number">{o.number.clone()}</h1>
                    <span data-testid="admin-order-status" class=format!("rounded-full px-2.5 py-1 text-sm font-semibold {}", badge(o.status))>{o.status.label()}</span>
                </div>
                <dl class="grid gap-2 text-sm sm:grid-cols-2">
                    {facts.into_iter().map(|(k, v)| view! {
                        <div class="min-w-0"><dt class="text-xs text-slate-600">{k}</dt><dd class="break-all font-semibold">{v}</dd></div>
                    }).collect_view()}
                    {shipment.map(|shipment| view! {
                        <div class="min-w-0 sm:col-span-2"><dt class="text-xs text-slate-600">"Parcel"</dt><dd><ShipmentLine shipment /></dd></div>
                    })}
                </dl>
                <address class="text-sm not-italic text-slate-800">
                    {o.address.iter().map(|l| view! { <span class="block">{l.clone()}</span> }).collect_view()}
                </address>
            </section>

            <section class="card space-y-3 p-4 sm:p-6" aria-labelledby="next-heading">
                <h2 id="next-heading" class="text-lg font-bold">"Next step"</h2>
                {(buttons.is_empty() && !can_ship).then(|| view! { <p class="text-sm text-slate-600">"Nothing more to do for this order."</p> })}
                <div class="flex flex-wrap gap-2">
                    {buttons.into_iter().map(|(t, label)| {
                        let number = number.clone();
                        view! {
                            <ActionForm action=moved>
                                <input type="hidden" name="number" value=number />
                                <input type="hidden" name="transition" value=t.clone() />
                                <input type="hidden" name="carrier" value="" />
                                <input type="hidden" name="tracking" value="" />
                                <input type="hidden" name="note" value="" />
                                <button type="submit" class=if t == "cancel" { "btn-secondary" } else { "btn-primary" }>{label}</button>
                            </ActionForm>
                        }
                    }).collect_view()}
                </div>
                {can_ship.then(|| view! {
                    <ActionForm action=moved attr:class="grid gap-3 sm:grid-cols-3 sm:items-start" attr:aria-label="Ship the order">
                        <input type="hidden" name="number" value=ship_number />
                        <input type="hidden" name="transition" value="ship" />
                        <input type="hidden" name="note" value="" />
                        <Field label="Carrier" name="carrier" required=true error=field_error(move_answer, "carrier") maxlength=60
                            hint="UPS, USPS, FedEx, DHL, Canada Post, Royal Mail and Australia Post get a tracking link." />
                        <Field label="Tracking number" name="tracking" required=true error=field_error(move_answer, "tracking") maxlength=80 />
                        <div class="sm:pt-6"><button type="submit" class="btn-primary w-full">"Mark shipped"</button></div>
                    </ActionForm>
                })}
                <FormAlert message=form_error(move_answer, &["carrier", "tracking"]) />
            </section>

            {order.refundable.then(|| view! {
                <section class="card space-y-3 p-4 sm:p-6" aria-labelledby="refund-heading">
                    <h2 id="refund-heading" class="text-lg font-bold">"Refund"</h2>
                    <p class="text-sm text-slate-600">{format!("Paid {}; refunded so far {}.", o.total, o.refunded)}</p>
                    <ActionForm action=refund attr:class="grid gap-3 sm:grid-cols-3 sm:items-start" attr:aria-label="Refund">
                        <input type="hidden" name="number" value=refund_number />
                        <Field label="Amount" name="amount" required=true error=field_error(refund_answer, "amount") maxlength=15 hint="Like 12.50" />
                        <Field label="Reason" name="reason" required=true error=field_error(refund_answer, "reason") />
                        <div class="sm:pt-6"><button type="submit" class="btn-secondary w-full">"Refund"</button></div>
                    </ActionForm>
                    <FormAlert message=form_error(refund_answer, &["amount", "reason"]) />
                    <FormSuccess when=succeeded(refund_answer) message=Signal::derive(|| "Refunded.".to_string()) />
                </section>
            })}

            <section class="card p-4 sm:p-6" aria-labelledby="lines-heading">
                <h2 id="lines-heading" class="text-lg font-bold">"Items"</h2>
                <ul class="divide-y divide-slate-200 text-sm">
                    {o.lines.iter().map(|l| view! {
                        <li class="flex justify-between gap-3 py-2">
                            <span class="min-w-0">
                                <span class="block font-semibold">{l.name.clone()}</span>
                                <span class="text-xs text-slate-600">{format!("{}{} · {} × {}", l.sku, if l.options.is_empty() { String::new() } else { format!(" · {}", l.options) }, l.quantity, l.unit_price)}</span>
                            </span>
                            <span class="shrink-0 font-semibold">{l.line_total.to_string()}</span>
                        </li>
                    }).collect_view()}
                </ul>
                <dl class="mt-2 space-y-1 border-t border-slate-200 pt-3 text-sm">
                    <div class="flex justify-between"><dt>"Subtotal"</dt><dd>{o.subtotal.to_string()}</dd></div>
                    <div class="flex justify-between"><dt>"Shipping"</dt><dd>{o.shipping.to_string()}</dd></div>
                    <div class="flex justify-between"><dt>"Tax"</dt><dd>{o.tax.to_string()}</dd></div>
                    <div class="flex justify-between font-bold"><dt>"Total"</dt><dd>{o.total.to_string()}</dd></div>
                    <div class="flex justify-between text-emerald-800"><dt>"Refunded"</dt><dd data-testid="admin-order-refunded">{o.refunded.to_string()}</dd></div>
                </dl>
            </section>

            <section class="card space-y-3 p-4 sm:p-6" aria-labelledby="history-heading">
                <h2 id="history-heading" class="text-lg font-bold">"History"</h2>
                <ol class="space-y-1 text-sm" data-testid="admin-order-history">
                    {o.history.iter().map(|(what, when, _)| view! {
                        <li><span class="font-semibold">{what.clone()}</span><span class="block text-xs text-slate-600">{when.clone()}</span></li>
                    }).collect_view()}
                </ol>
                <ActionForm action=note attr:class="space-y-2" attr:aria-label="Add a note">
                    <input type="hidden" name="number" value=note_number />
                    <Field label="Internal note" name="note" required=true error=field_error(note_answer, "note") maxlength=500 hint="Only staff see it." />
                    <button type="submit" class="btn-secondary">"Add note"</button>
                </ActionForm>
                <p role="alert" class="text-sm text-rose-800">{move || note_answer.get().and_then(Result::err).filter(|e| !matches!(e, crate::error::AppError::Invalid { .. })).map(|e| message_for(&e))}</p>
            </section>
        </div>
    }
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
