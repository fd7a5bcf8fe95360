//! `/admin/analytics`: sales figures for a date range (default the last 30 days), revenue and
//! orders per day as SVG bar charts drawn here, top products, orders by status.

use leptos::prelude::*;

use crate::components::settled;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::denied;
use crate::domain::analytics::{axis_step, bars, Analytics};
use crate::domain::money::Money;
use crate::pages::order::StatusBadge;
use crate::server_fns::analytics::get_analytics;

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &str| query.read().get(name).unwrap_or_default();
    // After an `.await` nothing is tracked: read without subscribing.
    let param_now = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let figures = Resource::new(
        move || (param("from"), param("to")),
        |(from, to)| get_analytics(from, to),
    );
    view! {
        <Title text="Analytics" />
        <div class="space-y-5">
            <header class="space-y-3">
                <h1 class="text-2xl font-extrabold">"Analytics"</h1>
            </header>
            <Suspense fallback=|| view! { <p role="status" class="text-slate-600">"Adding up the figures…"</p> }>
                {move || Suspend::new(async move {
                    match settled(figures).await {
                        Ok(a) => view! { <Figures a /> }.into_any(),
                        Err(crate::error::AppError::Invalid { message, .. }) => view! {
                            <RangeForm from=param_now("from") to=param_now("to") />
                            <p class="card p-4 text-sm text-rose-800" role="alert">{message}</p>
                        }.into_any(),
                        Err(error) => denied(error),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn RangeForm(from: String, to: String) -> impl IntoView {
    view! {
        <form method="get" action="/admin/analytics" class="card flex flex-wrap items-end gap-3 p-4" aria-label="Date range">
            <div class="space-y-1">
                <label for="range-from" class="block text-sm font-semibold">"From"</label>
                <input id="range-from" name="from" type="date" value=from class="focus-ring rounded-lg border border-slate-300 px-2 py-2" />
            </div>
            <div class="space-y-1">
                <label for="range-to" class="block text-sm font-semibold">"To"</label>
                <input id="range-to" name="to" type="date" value=to class="focus-ring rounded-lg border border-slate-300 px-2 py-2" />
            </div>
            <button type="submit" class="btn-primary">"Show"</button>
        </form>
    }
}

#[component]
fn Figures(a: Analytics) -> impl IntoView {
    let currency = a.revenue.currency;
    let cards = [
        (
            "Revenue",
            a.revenue.to_string(),
            "Paid orders, net of refunds",
        ),
        ("Orders", a.orders.to_string(), "Paid orders"),
        (
            "Average order",
            a.average_order.to_string(),
            "Revenue ÷ orders",
        ),
        (
            "Units sold",
            a.units.to_string(),
            "Not cancelled or refunded",
        ),
        (
            "New customers",
            a.new_customers.to_string(),
            "Accounts created",
        ),
    ];
    let days: Vec<String> = a.days.iter().map(|d| d.day.clone()).collect();
    let revenue: Vec<i64> = a.days.iter().map(|d| d.revenue_minor).collect();
    let orders: Vec<i64> = a.days.iter().map(|d| d.orders).collect();
    let money = move |minor: i64| Money::new(minor, currency).to_string();
    view! {
        <RangeForm from=a.from.clone() to=a.to.clone() />
        <p class="text-sm text-slate-600">{format!("{} to {} (UTC days)", a.from, a.to)}</p>
        <section aria-label="Totals" class="grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="analytics-cards">
            {cards.into_iter().map(|(label, value, hint)| view! {
                <div class="card p-3">
                    <p class="text-sm text-slate-600">{label}</p>
                    <p class="text-xl font-extrabold" data-testid=format!("figure-{}", label.to_lowercase().replace(' ', "-"))>{value}</p>
                    <p class="text-xs text-slate-500">{hint}</p>
                </div>
            }).collect_view()}
        </section>
        <div class="grid gap-4 lg:grid-cols-2">
            <BarChart title="Revenue per day" days=days.clone() values=revenue format=Box::new(money) colour="fill-indigo-600" />
            <BarChart title="Orders per day" days values=orders format=Box::new(|n: i64| n.to_string()) colour="fill-emerald-600" />
        </div>
        <div class="grid gap-4 sm:grid-cols-2">
            <section class="card p-4" aria-labelledby="top-heading">
                <h2 id="top-heading" class="text-lg font-bold">"Top products"</h2>
                {if a.top_products.is_empty() {
                    view! { <p class="text-sm text-slate-600">"No sales in this range."</p> }.into_any()
                } else {
                    view! {
                        <ol class="mt-2 divide-y divide-slate-200 text-sm" data-testid="top-products">
                            {a.top_products.into_iter().map(|p| view! {
                                <li class="flex justify-between gap-3 py-2">
                                    <span class="min-w-0">{p.name}<span class="block text-xs text-slate-600">{format!("{} sold", p.units)}</span></span>
                                    <span class="shrink-0 font-semibold">{p.revenue.to_string()}</span>
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }}
            </section>
            <section class="card p-4" aria-labelledby="status-heading">
                <h2 id="status-heading" class="text-lg font-bold">"Orders by status"</h2>
                <ul class="mt-2 space-y-1 text-sm" data-testid="orders-by-status">
                    {a.by_status.into_iter().map(|(status, n)| view! {
                        <li class="flex items-center justify-between"><StatusBadge status /><span class="font-semibold">{n}</span></li>
                    }).collect_view()}
                </ul>
            </section>
        </div>
    }
}

// The SVG's own units: narrow enough that its text stays readable when a phone shrinks it.
const W: f64 = 420.0;
const H: f64 = 220.0;
const LEFT: f64 = 86.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 26.0;
const FONT: &str = "14";

/// A bar chart drawn as SVG, with its numbers in a table for screen readers and for anyone who
/// wants them.
#[component]
fn BarChart(
    title: &'static str,
    days: Vec<String>,
    values: Vec<i64>,
    format: Box<dyn Fn(i64) -> String + Send + Sync>,
    colour: &'static str,
) -> impl IntoView {
    let max = values.iter().copied().max().unwrap_or(0);
    let step = axis_step(max, 4);
    let top = step * ((max + step - 1) / step).max(1);
    let plot_w = W - LEFT;
    let plot_h = H - BOTTOM - TOP;
    let bars = bars(&values, plot_w, plot_h, top);
    let best = values
        .iter()
        .enumerate()
        .max_by_key(|(_, v)| **v)
        .map(|(i, v)| (days[i].clone(), *v));
    let summary = match &best {
        Some((day, v)) if *v > 0 => format!(
            "{title}, {} days: the highest is {} on {day}.",
            days.len(),
            format(*v)
        ),
        _ => format!("{title}: nothing in this range."),
    };
    let ticks: Vec<(f64, String)> = (0..=top / step)
        .map(|i| {
            (
                TOP + plot_h - (i * step) as f64 / top as f64 * plot_h,
                format(i * step),
            )
        })
        .collect();
    let label_at: Vec<usize> = match days.len() {
        0 => vec![],
        1 => vec![0],
        n => vec![0, n / 2, n - 1],
    };
    let rows: Vec<(String, String)> = days
        .iter()
        .zip(&values)
        .map(|(d, v)| (d.clone(), format(*v)))
        .collect();
    let slot = plot_w / days.len().max(1) as f64;
    view! {
        <section class="card p-4" aria-labelledby=format!("chart-{}", title.replace(' ', "-"))>
            <h2 id=format!("chart-{}", title.replace(' ', "-")) class="text-lg font-bold">{title}</h2>
            <svg viewBox=format!("0 0 {W} {H}") class="mt-2 h-auto w-full" role="img" aria-label=summary.clone()>
                {ticks.into_iter().map(|(y, label)| view! {
                    <line x1=LEFT x2=W y1=y y2=y class="stroke-slate-200" stroke-width="1" />
                    <text x=LEFT - 6.0 y=y + 5.0 text-anchor="end" class="fill-slate-600" font-size=FONT>{label}</text>
                }).collect_view()}
                <g transform=format!("translate({LEFT},{TOP})")>
                    {bars.into_iter().zip(rows.clone()).map(|(b, (day, value))| view! {
                        <rect x=b.x y=b.y width=b.width.max(1.0) height=b.height class=colour>
                            <title>{format!("{day}: {value}")}</title>
                        </rect>
                    }).collect_view()}
                    {label_at.iter().map(|&i| {
                        let (x, anchor) = match i {
                            0 => (0.0, "start"),
                            i if i + 1 == days.len() => (plot_w, "end"),
                            i => ((i as f64 + 0.5) * slot, "middle"),
                        };
                        view! {
                            <text x=x y=plot_h + BOTTOM - 6.0 text-anchor=anchor class="fill-slate-600" font-size=FONT>{days[i][5..].to_string()}</text>
                        }
                    }).collect_view()}
                </g>
            </svg>
            <details class="mt-2 text-sm">
                <summary class="focus-ring cursor-pointer rounded text-slate-700">"Show the numbers"</summary>
                <table class="mt-2 w-full text-left">
                    <thead><tr><th scope="col">"Day"</th><th scope="col" class="text-right">{title}</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(d, v)| view! { <tr><td>{d}</td><td class="text-right">{v}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
}
