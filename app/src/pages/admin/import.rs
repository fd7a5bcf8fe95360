//! `/admin/import` (admins): the catalog as CSV, downloaded, or uploaded and checked row by
//! row, then applied whole or not at all. The upload is a plain multipart form; its report
//! comes back as `?report=`.

use leptos::prelude::*;

use crate::components::settled;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::denied;
use crate::domain::catalog_csv::{ImportReport, COLUMNS, MAX_ROWS};
use crate::server_fns::catalog_csv::get_import_report;

/// What each column holds, for the format table.
const HELP: [&str; 13] = [
    "The product's address; rows with the same one are one product (required).",
    "Product name (required).",
    "Brand (required).",
    "Category address, like mice (required).",
    "Description.",
    "One \"Name: value\" per line.",
    "yes or no (default yes): shown in the shop.",
    "Variant SKU, unique (required). A known SKU is updated; a new one is added with no stock.",
    "Like \"Colour: Black, Size: M\".",
    "Price in the store's currency, like 19.99 (required).",
    "The \"was\" price, above the price, or empty.",
    "Low-stock alert level (default 5).",
    "yes or no (default yes): no means retired.",
];

#[component]
pub fn ImportPage() -> impl IntoView {
    let query = use_query_map();
    let key = move || query.read().get("report").unwrap_or_default();
    // With no report this still checks the caller is an admin (it answers None then).
    let report = Resource::new(key, get_import_report);
    view! {
        <Title text="Import and export" />
        <div class="space-y-5">
            <header class="space-y-3">
                <p><a class="link text-sm" href="/admin/products">"← All products"</a></p>
                <h1 class="text-2xl font-extrabold">"Import and export"</h1>
            </header>
            <Suspense fallback=|| view! { <p role="status" class="text-slate-600">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match settled(report).await {
                        Ok(Some(report)) => view! { <Report report /><Forms /> }.into_any(),
                        Ok(None) => {
                            let stale = !key().is_empty();
                            view! {
                                {stale.then(|| view! { <p class="card p-4" role="alert">"That import report has expired; it is kept for 15 minutes."</p> })}
                                <Forms />
                            }.into_any()
                        }
                        Err(error) => denied(error),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Report(report: ImportReport) -> impl IntoView {
    if report.applied {
        let n =
            |count: usize, one: &str| format!("{count} {one}{}", if count == 1 { "" } else { "s" });
        let summary = format!(
            "Imported {}: {} added, {} changed; {} added, {} changed.",
            n(report.rows, "row"),
            n(report.products_created, "product"),
            report.products_updated,
            n(report.variants_created, "variant"),
            report.variants_updated
        );
        return view! {
            <section class="card border-emerald-300 bg-emerald-50 p-4" role="status" aria-label="Import report">
                <h2 class="font-bold text-emerald-900">"Import applied"</h2>
                <p class="text-sm text-emerald-900">{summary}</p>
            </section>
        }
        .into_any();
    }
    let count = report.errors.len();
    view! {
        <section class="card space-y-3 border-rose-300 p-4" role="alert" aria-label="Import report">
            <h2 class="font-bold text-rose-800">{format!("Nothing was imported: {count} {} to fix", if count == 1 { "mistake" } else { "mistakes" })}</h2>
            <p class="text-sm">"Correct the file and upload it again. The whole file is applied only when every row is right. Categories and SKUs are checked against the store once the rows themselves are right."</p>
            <div class="overflow-x-auto">
                <table class="w-full text-left text-sm">
                    <thead><tr class="border-b border-slate-200">
                        <th scope="col" class="py-1 pr-3">"Line"</th>
                        <th scope="col" class="py-1 pr-3">"Column"</th>
                        <th scope="col" class="py-1">"Problem"</th>
                    </tr></thead>
                    <tbody>
                        {report.errors.into_iter().take(500).map(|e| view! {
                            <tr class="border-b border-slate-100 align-top">
                                <td class="py-1 pr-3 tabular-nums">{if e.line == 0 { "—".to_string() } else { e.line.to_string() }}</td>
                                <td class="py-1 pr-3 font-mono">{e.column}</td>
                                <td class="py-1">{e.message}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn Forms() -> impl IntoView {
    // Set once the file is sent: the button cannot send it twice while the page waits.
    let sending = RwSignal::new(false);
    view! {
        <section class="card space-y-3 p-4 sm:p-6" aria-labelledby="export-heading">
            <h2 id="export-heading" class="text-lg font-bold">"Export"</h2>
            <p class="text-sm text-slate-600">"Every variant on its own row, with its product's fields. Stock levels are not included: they change only through the inventory page."</p>
            <a class="btn-secondary inline-block" href="/admin/export/products.csv" download="oxcart-products.csv" rel="external">"Download products (CSV)"</a>
        </section>
        <section class="card space-y-3 p-4 sm:p-6" aria-labelledby="import-heading">
            <h2 id="import-heading" class="text-lg font-bold">"Import"</h2>
            <p class="text-sm text-slate-600">{format!("Admins only. Products are matched by product_slug and variants by SKU; what is not in the file is left as it is. At most {MAX_ROWS} rows and 5 MB.")}</p>
            <form method="post" enctype="multipart/form-data" action="/admin/import/products" class="space-y-3" aria-label="Import products"
                on:submit=move |_| sending.set(true)>
                <div class="space-y-1">
                    <label for="field-csv" class="block text-sm font-semibold">"CSV file"</label>
                    <input id="field-csv" name="file" type="file" required=true accept=".csv,text/csv"
                        class="focus-ring block w-full text-sm file:mr-3 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:font-semibold" />
                </div>
                <button type="submit" class="btn-primary disabled:cursor-wait disabled:opacity-70" disabled=move || sending.get()
                    aria-busy=move || sending.get().to_string()>
                    {move || if sending.get() { "Checking…" } else { "Check and import" }}
                </button>
            </form>
            <details class="text-sm">
                <summary class="focus-ring cursor-pointer font-semibold">"The columns"</summary>
                <dl class="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
                    {COLUMNS.iter().zip(HELP).map(|(c, h)| view! {
                        <dt class="font-mono font-semibold">{*c}</dt>
                        <dd class="text-slate-700">{h}</dd>
                    }).collect_view()}
                </dl>
            </details>
        </section>
    }
}
