//! `/admin/inventory`: find a variant (by SKU or product name), see its stock and ledger, adjust
//! it; with no search, the low-stock view. `?sku=` opens one variant, `?q=` searches. Also the
//! alerts card of the dashboard's front page.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::settled;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::denied;
use crate::components::forms::{field_error, form_error, Answer, FormAlert, SubmitButton};
use crate::domain::inventory::{StockDetail, StockRow};
use crate::error::AppError;
use crate::server_fns::inventory::{
    get_stock_detail, low_stock, search_stock, stock_alerts, AdjustStock, DismissAlert,
};

fn link(sku: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(sku.as_bytes()).collect();
    format!("/admin/inventory?sku={encoded}")
}

#[component]
pub fn InventoryPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let sku = move || query.read().get("sku").filter(|s| !s.is_empty());
    let adjust = ServerAction::<AdjustStock>::new();
    super::toast::toast_on_success(Signal::derive(move || adjust.value().get()), |d| {
        format!(
            "Saved. {} now has {} on hand.",
            d.stock.sku, d.stock.on_hand
        )
    });
    let list = Resource::new(q, |q| async move {
        if q.trim().is_empty() {
            low_stock().await.map(|rows| (true, rows))
        } else {
            search_stock(q).await.map(|rows| (false, rows))
        }
    });
    let detail = Resource::new(
        move || (sku(), adjust.version().get()),
        |(sku, _)| async move {
            match sku {
                Some(sku) => get_stock_detail(sku).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text="Inventory" />
        <div class="space-y-5">
            <header class="space-y-3">
                <h1 class="text-2xl font-extrabold">"Inventory"</h1>
            </header>
            <Suspense fallback=|| view! { <p role="status" class="text-slate-600">"Loading stock…"</p> }>
                {move || Suspend::new(async move {
                    match (settled(list).await, settled(detail).await) {
                        (Err(error), _) | (_, Err(error @ (AppError::Unauthorized | AppError::Forbidden))) => denied(error),
                        (Ok((low, rows)), detail) => view! {
                            <div class="grid grid-cols-1 gap-5 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
                                <StockList low rows query=q() />
                                // On a phone the chosen variant comes first, above the list.
                                <div class="order-first min-w-0 lg:order-none">
                                    {match detail {
                                        Ok(Some(detail)) => view! { <StockPanel detail adjust /> }.into_any(),
                                        Ok(None) => view! {
                                            <p class="card p-4 text-sm text-slate-600">"Choose a variant to see its stock history and adjust it."</p>
                                        }.into_any(),
                                        Err(AppError::NotFound(_)) => {
                                            crate::pages::set_http_status(404);
                                            view! { <p class="card p-4 text-sm" role="alert">"No variant with that SKU (or it is not one of your products)."</p> }.into_any()
                                        }
                                        Err(error) => denied(error),
                                    }}
                                </div>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn StockList(low: bool, rows: Vec<StockRow>, query: String) -> impl IntoView {
    let heading = if low {
        "Low stock (lowest first)"
    } else {
        "Matching variants"
    };
    let empty = if low {
        "Nothing is at or under its low-stock threshold."
    } else {
        "No variant matches that SKU or name."
    };
    view! {
        <section class="card min-w-0 space-y-3 p-4" aria-labelledby="stock-list-heading">
            <form method="get" action="/admin/inventory" role="search" class="flex gap-2">
                <label for="stock-search" class="sr-only">"SKU or product name"</label>
                <input id="stock-search" name="q" type="search" value=query placeholder="SKU or product name"
                    class="focus-ring min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-2" />
                <button type="submit" class="btn-secondary">"Find"</button>
            </form>
            <h2 id="stock-list-heading" class="text-lg font-bold">{heading}</h2>
            {if rows.is_empty() {
                view! { <p class="text-sm text-slate-600">{empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="divide-y divide-slate-200" data-testid="stock-list">
                        {rows.into_iter().map(|r| view! {
                            <li>
                                <a href=link(&r.sku) class="focus-ring flex items-center justify-between gap-3 rounded py-2 hover:bg-slate-50">
                                    <span class="min-w-0">
                                        <span class="block truncate font-semibold">{r.product.clone()}</span>
                                        <span class="block truncate text-xs text-slate-600">
                                            {if r.options.is_empty() { r.sku.clone() } else { format!("{} · {}", r.sku, r.options) }}
                                        </span>
                                    </span>
                                    <span class="flex shrink-0 items-center gap-2">
                                        {(r.waiting > 0).then(|| view! {
                                            <span class="text-xs text-slate-600" data-testid="stock-waiting-count">{waiting_text(r.waiting)}</span>
                                        })}
                                        <StockBadge row=r.clone() />
                                    </span>
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// "3 waiting": shoppers who asked to be emailed when it is back.
fn waiting_text(n: i64) -> String {
    format!("{n} waiting")
}

#[component]
fn StockBadge(row: StockRow) -> impl IntoView {
    let (class, text) = if row.on_hand == 0 {
        ("bg-rose-100 text-rose-900", "Out".to_string())
    } else if row.is_low() {
        (
            "bg-amber-100 text-amber-900",
            format!("{} low", row.on_hand),
        )
    } else {
        ("bg-emerald-100 text-emerald-900", row.on_hand.to_string())
    };
    view! { <span class=format!("shrink-0 rounded-full px-2 py-0.5 text-xs font-semibold {class}")>{text}</span> }
}

#[component]
fn StockPanel(detail: StockDetail, adjust: ServerAction<AdjustStock>) -> impl IntoView {
    let answer: Answer<StockDetail> = Signal::derive(move || adjust.value().get());
    let pending = Signal::from(adjust.pending());
    let s = detail.stock.clone();
    let numbers = [
        ("On hand", s.on_hand),
        ("Held for unpaid orders", s.reserved),
        ("Available to sell", s.available()),
        ("Low-stock threshold", s.threshold),
    ];
    view! {
        <section class="card space-y-4 p-4" aria-labelledby="stock-heading">
            <div>
                <h2 id="stock-heading" class="text-lg font-bold">{s.product.clone()}</h2>
                <p class="text-sm text-slate-600">
                    <span data-testid="stock-sku">{s.sku.clone()}</span>
                    {(!s.options.is_empty()).then(|| format!(" · {}", s.options))}
                    {(!s.active).then_some(" · retired")}
                </p>
            </div>
            <dl class="grid grid-cols-2 gap-2 sm:grid-cols-5">
                {numbers.into_iter().map(|(label, value)| view! {
                    <div class="rounded-lg bg-slate-50 p-2">
                        <dt class="text-xs text-slate-600">{label}</dt>
                        <dd class="text-xl font-extrabold" data-testid=format!("stock-{}", label.split(' ').next().unwrap_or("").to_lowercase())>{value}</dd>
                    </div>
                }).collect_view()}
                <div class="rounded-lg bg-slate-50 p-2">
                    <dt class="text-xs text-slate-600">"Waiting for it"</dt>
                    <dd class="text-xl font-extrabold" data-testid="stock-waiting" title="Shoppers who asked for an email when it is back in stock">{s.waiting}</dd>
                </div>
            </dl>
            <ActionForm action=adjust attr:class="space-y-3" attr:aria-label="Adjust stock">
                <h3 class="font-bold">"Adjust stock"</h3>
                <input type="hidden" name="sku" value=s.sku.clone() />
                <div class="grid gap-3 sm:grid-cols-2">
                    <div class="space-y-1">
                        <label for="adjust-kind" class="block text-sm font-semibold">"What happened"</label>
                        <select id="adjust-kind" name="kind" class="focus-ring w-full rounded-lg border border-slate-300 bg-white px-3 py-2">
                            <option value="receipt">"Goods received (add)"</option>
                            <option value="count">"Stock count (set to)"</option>
                            <option value="damage">"Damaged or lost (remove)"</option>
                            <option value="return">"Customer return (add)"</option>
                        </select>
                        <p class="min-h-5 text-sm text-rose-700" role="alert">{move || field_error(answer, "kind").get()}</p>
                    </div>
                    <crate::components::forms::Field label="Units" name="quantity" kind="number" required=true
                        error=field_error(answer, "quantity") maxlength=8 />
                </div>
                <crate::components::forms::Field label="Reason" name="reason" error=field_error(answer, "reason")
                    hint="Kept in the ledger. Needed for counts and damage." />
                <FormAlert message=form_error(answer, &["kind", "quantity", "reason"]) />
                <SubmitButton label="Save adjustment" busy="Saving…" pending />
            </ActionForm>
            <Ledger detail />
        </section>
    }
}

#[component]
fn Ledger(detail: StockDetail) -> impl IntoView {
    view! {
        <div>
            <h3 class="mb-2 font-bold">"Stock history"</h3>
            {if detail.movements.is_empty() {
                view! { <p class="text-sm text-slate-600">"No stock movements yet."</p> }.into_any()
            } else {
                view! {
                    <div class="overflow-x-auto">
                        <table class="w-full text-left text-sm" data-testid="ledger">
                            <thead class="text-xs text-slate-600">
                                <tr>
                                    <th scope="col" class="py-1 pr-2">"When"</th>
                                    <th scope="col" class="py-1 pr-2">"What"</th>
                                    <th scope="col" class="py-1 pr-2 text-right">"Change"</th>
                                    <th scope="col" class="py-1 pr-2 text-right">"Level"</th>
                                    <th scope="col" class="py-1">"Who and why"</th>
                                </tr>
                            </thead>
                            <tbody class="divide-y divide-slate-100">
                                {detail.movements.into_iter().map(|m| {
                                    let change = if m.delta > 0 { format!("+{}", m.delta) } else { m.delta.to_string() };
                                    let why = [Some(m.actor.clone()), m.order_number.clone().map(|n| format!("order {n}")),
                                        (!m.reason.is_empty()).then(|| m.reason.clone())]
                                        .into_iter().flatten().collect::<Vec<_>>().join(" · ");
                                    view! {
                                        <tr>
                                            <td class="whitespace-nowrap py-1 pr-2 text-slate-600">{m.at}</td>
                                            <td class="py-1 pr-2">{m.kind.label()}</td>
                                            <td class={if m.delta > 0 { "py-1 pr-2 text-right font-semibold text-emerald-800" } else { "py-1 pr-2 text-right font-semibold text-rose-800" }}>{change}</td>
                                            <td class="py-1 pr-2 text-right">{m.level}</td>
                                            <td class="py-1 text-slate-700">{why}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </div>
    }
}

/// The front page's low-stock alerts (admins may dismiss them).
#[component]
pub fn AlertsCard(admin: bool) -> impl IntoView {
    let dismiss = ServerAction::<DismissAlert>::new();
    super::toast::toast_on_success(Signal::derive(move || dismiss.value().get()), |_| {
        "Alert dismissed".to_string()
    });
    let alerts = Resource::new(move || dismiss.version().get(), |_| stock_alerts());
    view! {
        <section class="card p-4 sm:p-5" aria-labelledby="alerts-heading">
            <h2 id="alerts-heading" class="text-lg font-bold">"Low-stock alerts"</h2>
            <Transition fallback=|| view! { <p role="status" class="text-sm text-slate-600">"Loading alerts…"</p> }>
                {move || Suspend::new(async move {
                    match settled(alerts).await {
                        Ok(list) if list.is_empty() => view! { <p class="text-sm text-slate-600">"No alerts. Stock is above every threshold it crossed."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="divide-y divide-slate-200" data-testid="alerts">
                                {list.into_iter().map(|a| view! {
                                    <li class="flex flex-wrap items-center justify-between gap-2 py-2">
                                        <a class="focus-ring min-w-0 rounded hover:underline" href=link(&a.sku)>
                                            <span class="font-semibold">{a.product.clone()}</span>
                                            <span class="text-sm text-slate-600">{format!(" · {} · {} left (threshold {}) · {}", a.sku, a.level, a.threshold, a.at)}</span>
                                        </a>
                                        {admin.then(|| view! {
                                            <ActionForm action=dismiss>
                                                <input type="hidden" name="id" value=a.id.to_string() />
                                                <button type="submit" class="btn-secondary text-sm">"Dismiss"</button>
                                            </ActionForm>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <p role="alert" class="text-sm text-rose-800">{crate::components::forms::message_for(&error)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
