//! The dashboard, for sellers and admins: the front page (sales, store numbers, low-stock
//! alerts, open refunds) and the section pages.

pub mod accounts;
pub mod analytics;
pub mod categories;
pub mod images;
pub mod import;
pub mod inventory;
pub mod order;
pub mod orders;
pub mod products;
pub mod refunds;
pub mod shell;
pub mod store;
pub mod toast;
pub mod upload;
mod variants;

use leptos::prelude::*;

use crate::components::settled;
use leptos_meta::Title;

use crate::components::forms::message_for;
use crate::context::session::use_session;
use crate::domain::account::Role;
use crate::domain::dashboard::{DashboardSummary, SalesLead};
use crate::domain::order::TO_SHIP;
use crate::error::AppError;
use crate::pages::account::SignInPrompt;
use crate::server_fns::admin::get_dashboard_summary;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let viewer = use_session().page_viewer();
    let summary = Resource::new(|| (), |_| get_dashboard_summary());
    view! {
        <Title text="Dashboard" />
        <Suspense fallback=|| view! { <p role="status" class="text-slate-600">"Loading the dashboard…"</p> }>
            {move || Suspend::new(async move {
                let viewer = settled(viewer).await.ok().flatten();
                match (viewer, settled(summary).await) {
                    (None, _) => view! { <SignInPrompt /> }.into_any(),
                    (_, Err(error)) => denied(error),
                    (Some(viewer), Ok(summary)) => view! {
                        <div class="space-y-6">
                            <header>
                                <h1 class="text-2xl font-extrabold">"Dashboard"</h1>
                                <p class="text-sm text-slate-600">{format!("Signed in as {} ({})", viewer.email, viewer.role.label())}</p>
                            </header>
                            {summary.sales.clone().map(|sales| view! { <SalesCards sales /> })}
                            <SummaryCards summary />
                            {(viewer.role == Role::Admin).then(|| view! { <LiveFeed /> })}
                            <inventory::AlertsCard admin=viewer.role == Role::Admin />
                            {(viewer.role == Role::Seller).then(|| view! { <SalesCard /> })}
                            {(viewer.role == Role::Admin).then(|| view! { <refunds::RefundsCard /> })}
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What a dashboard page shows when its data could not be loaded: the sign-in prompt for a
/// guest, a clear refusal for a customer, or the error.
pub(crate) fn denied(error: AppError) -> AnyView {
    match error {
        AppError::Unauthorized => view! { <SignInPrompt /> }.into_any(),
        AppError::Forbidden => {
            crate::pages::set_http_status(403);
            view! { <Refusal /> }.into_any()
        }
        error => view! { <crate::pages::ErrorPage error /> }.into_any(),
    }
}

/// A refused dashboard page: a seller is told the page is for admins and where their own work
/// is; a customer that the dashboard is not for them.
#[component]
fn Refusal() -> impl IntoView {
    let viewer = use_session().page_viewer();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let seller = matches!(settled(viewer).await, Ok(Some(v)) if v.role == Role::Seller);
                if seller {
                    view! {
                        <section class="card mx-auto max-w-md p-6 text-center" role="alert">
                            <h1 class="text-xl font-bold">"This page is for admins"</h1>
                            <p class="mt-2 text-slate-700">"Sellers manage their own products and stock. Ask an admin if you need more."</p>
                            <div class="mt-4 flex flex-wrap justify-center gap-2">
                                <a class="btn-primary" href="/admin/products">"Your products"</a>
                                <a class="btn-secondary py-2" href="/admin">"Dashboard"</a>
                            </div>
                        </section>
                    }.into_any()
                } else {
                    view! {
                        <section class="card mx-auto max-w-md p-6 text-center" role="alert">
                            <h1 class="text-xl font-bold">"The dashboard is for sellers and admins"</h1>
                            <p class="mt-2 text-slate-700">"Your account can't open it. Ask an admin if you need access."</p>
                            <a class="btn-primary mt-4 inline-block" href="/">"Back to the shop"</a>
                        </section>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn SummaryCards(summary: DashboardSummary) -> impl IntoView {
    let cards = [
        ("Active products", Some(summary.active_products), None),
        ("Variants", Some(summary.variants), None),
        (
            "Low or out of stock",
            Some(summary.low_stock_variants),
            Some("Variants at or under their low-stock threshold"),
        ),
        ("Customers", summary.customers, None),
        (
            "Emails waiting",
            summary.emails_pending,
            Some("In the outbox, not yet delivered"),
        ),
        (
            "Emails failed",
            summary.emails_failed,
            Some("Gave up after every retry"),
        ),
        (
            "Refunds not confirmed",
            summary.refunds_open,
            Some("Pending or refused by the provider: see below"),
        ),
        (
            "Events waiting",
            summary.events_waiting,
            Some("Not yet published by the event relay"),
        ),
        (
            "Event relay lag (s)",
            summary.events_lag_secs,
            Some("Age of the oldest unpublished event"),
        ),
        (
            "Events being retried",
            summary.events_unhandled,
            Some("Handed to the store's consumers, not yet done"),
        ),
    ];
    // A seller's numbers are their own products'; the store-wide ones are for admins.
    let cards = cards
        .into_iter()
        .filter_map(|(label, value, hint)| value.map(|v| (label, v, hint)));
    view! {
        <section aria-label="Store numbers" class="grid grid-cols-2 gap-3 sm:grid-cols-3">
            {cards.map(|(label, value, hint)| view! {
                <div class="card p-4">
                    <p class="text-sm text-slate-600">{label}</p>
                    <p class="text-2xl font-extrabold">{value}</p>
                    {hint.map(|h| view! { <p class="mt-1 text-xs text-slate-500">{h}</p> })}
                </div>
            }).collect_view()}
        </section>
    }
}

/// What an admin's day starts with: sales today and this week, what waits to ship, and the
/// week's best sellers.
#[component]
fn SalesCards(sales: SalesLead) -> impl IntoView {
    let orders = |n: i64| format!("{n} order{}", if n == 1 { "" } else { "s" });
    let ship_label = match sales.to_ship {
        0 => "Nothing to ship".to_string(),
        1 => "1 order to ship".to_string(),
        n => format!("{n} orders to ship"),
    };
    view! {
        <section aria-label="Sales" class="grid gap-3 sm:grid-cols-3" data-testid="sales-lead">
            <div class="card p-4">
                <p class="text-sm text-slate-600">"Today"</p>
                <p class="text-2xl font-extrabold" data-testid="sales-today">{sales.today_revenue.to_string()}</p>
                <p class="text-sm text-slate-700">{orders(sales.today_orders)}</p>
            </div>
            <div class="card p-4">
                <p class="text-sm text-slate-600">"Last 7 days"</p>
                <p class="text-2xl font-extrabold" data-testid="sales-week">{sales.week_revenue.to_string()}</p>
                <p class="text-sm text-slate-700">{orders(sales.week_orders)}</p>
            </div>
            <a href=format!("/admin/orders?status={TO_SHIP}") data-testid="to-ship"
                class="card focus-ring block p-4 hover:border-indigo-300 hover:bg-indigo-50">
                <p class="text-sm text-slate-600">"Fulfilment"</p>
                <p class="text-2xl font-extrabold text-indigo-800">{ship_label}</p>
                <p class="text-sm text-slate-700">"Paid or being prepared"</p>
            </a>
        </section>
        <section class="card p-4 sm:p-5" aria-labelledby="top-heading">
            <h2 id="top-heading" class="text-lg font-bold">"Best sellers, last 7 days"</h2>
            {if sales.top.is_empty() {
                view! { <p class="mt-1 text-sm text-slate-600">"No sales this week yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="mt-2 divide-y divide-slate-200 text-sm" data-testid="top-sellers">
                        {sales.top.into_iter().map(|p| view! {
                            <li class="flex items-baseline justify-between gap-3 py-2">
                                <span class="min-w-0 truncate font-medium">{p.name}</span>
                                <span class="shrink-0 text-slate-700">{format!("{} sold · {}", p.units, p.revenue)}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// A seller's paid order lines (their products only).
#[component]
fn SalesCard() -> impl IntoView {
    let lines = Resource::new(|| (), |_| crate::server_fns::products::my_sales());
    view! {
        <section class="card p-4 sm:p-5" aria-labelledby="sales-heading">
            <h2 id="sales-heading" class="text-lg font-bold">"Your sales"</h2>
            <Transition fallback=|| view! { <p role="status" class="text-sm text-slate-600">"Loading your sales…"</p> }>
                {move || Suspend::new(async move {
                    match settled(lines).await {
                        Ok(list) if list.is_empty() => view! { <p class="text-sm text-slate-600">"No paid orders for your products yet."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="divide-y divide-slate-200 text-sm" data-testid="seller-lines">
                                {list.into_iter().map(|l| view! {
                                    <li class="flex flex-wrap items-center justify-between gap-2 py-2">
                                        <span class="min-w-0">
                                            <span class="block font-semibold">{format!("{} × {}", l.quantity, l.product)}</span>
                                            <span class="block text-xs text-slate-600">{format!("{} · {} · {}", l.number, l.sku, l.placed_at)}</span>
                                        </span>
                                        <span class="flex items-center gap-2"><crate::pages::order::StatusBadge status=l.status /><span class="font-semibold">{l.line_total.to_string()}</span></span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <p role="alert" class="text-sm text-rose-800">{message_for(&error)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A toast of the live feed.
#[derive(Clone)]
struct Toast {
    id: u64,
    text: String,
    href: String,
}

/// What happens in the store while the dashboard is open (admins): new orders, payments and
/// low-stock alerts arrive as toasts and counts, from the `staff` live subject, without
/// polling. Without JavaScript the page shows what it had when it was loaded.
#[component]
fn LiveFeed() -> impl IntoView {
    use crate::domain::money::{Currency, Money};
    let toasts = RwSignal::new(Vec::<Toast>::new());
    // New orders, payments, low-stock alerts.
    let counts = RwSignal::new([0_u32; 3]);
    let next_id = StoredValue::new(0_u64);
    let dismiss = move |id: u64| toasts.update(|t| t.retain(|x| x.id != id));
    let staff = ["staff".to_string()];
    let kinds = &crate::domain::events::STAFF_KINDS;
    crate::components::live::follow(&staff, None, kinds, move |kind, data| {
        let text = |key: &str| data[key].as_str().unwrap_or_default().to_string();
        let number = text("number");
        let (slot, message, href) = match kind {
            "order.placed" => {
                let total = Currency::parse(&text("currency"))
                    .map(|c| Money::new(data["total_minor"].as_i64().unwrap_or(0), c).to_string())
                    .unwrap_or_default();
                (
                    0,
                    format!("New order {number} ({total})"),
                    format!("/admin/orders/{number}"),
                )
            }
            "order.paid" => (
                1,
                format!("Order {number} was paid"),
                format!("/admin/orders/{number}"),
            ),
            "low_stock.crossed" => {
                let sku = text("sku");
                let level = data["level"].as_i64().unwrap_or(0);
                (
                    2,
                    format!("Low stock: {sku}, {level} left"),
                    format!("/admin/inventory?sku={sku}"),
                )
            }
            _ => return,
        };
        counts.update(|c| c[slot] += 1);
        let id = next_id.get_value() + 1;
        next_id.set_value(id);
        toasts.update(|t| {
            t.push(Toast {
                id,
                text: message,
                href,
            });
            // The newest few; older ones are in the counts.
            if t.len() > 5 {
                t.remove(0);
            }
        });
        set_timeout(move || dismiss(id), std::time::Duration::from_secs(15));
    });
    let labels = ["New orders", "Orders paid", "Low-stock alerts"];
    view! {
        <section class="card p-4" aria-labelledby="live-heading">
            <h2 id="live-heading" class="text-lg font-bold">"Since you opened this page"</h2>
            <p class="text-sm text-slate-600">"Updates as they happen, without reloading."</p>
            <dl class="mt-2 grid grid-cols-3 gap-2">
                {labels.into_iter().enumerate().map(|(i, label)| view! {
                    <div class="rounded-lg bg-slate-50 p-2">
                        <dt class="text-xs text-slate-600">{label}</dt>
                        <dd class="text-xl font-extrabold" data-testid=format!("live-count-{i}")>{move || counts.get()[i]}</dd>
                    </div>
                }).collect_view()}
            </dl>
        </section>
        <div class="fixed bottom-4 right-4 z-50 w-[min(22rem,calc(100vw-2rem))] space-y-2" role="status" aria-live="polite">
            <For each=move || toasts.get() key=|t| t.id let:toast>
                <div class="card flex items-start gap-3 border-l-4 border-indigo-600 p-3 shadow-lg" data-testid="toast">
                    <a class="link flex-1 text-sm font-semibold" href=toast.href.clone()>{toast.text.clone()}</a>
                    <button type="button" class="focus-ring -m-1 rounded p-1 text-slate-600 hover:text-slate-900"
                        aria-label="Dismiss" on:click=move |_| dismiss(toast.id)>"×"</button>
                </div>
            </For>
        </div>
    }
}
