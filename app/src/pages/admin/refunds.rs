//! The dashboard's refunds card (admins): every refund the payment provider has not confirmed,
//! until it has. Pending ones are retried with backoff by the server; failed ones were refused
//! by the provider and need staff.

use leptos::prelude::*;

use crate::components::settled;

use crate::components::forms::message_for;
use crate::server_fns::admin::list_open_refunds;

#[component]
pub fn RefundsCard() -> impl IntoView {
    let refunds = Resource::new(|| (), |_| list_open_refunds());
    view! {
        <section class="card p-4 sm:p-5" aria-labelledby="refunds-heading">
            <h2 id="refunds-heading" class="text-lg font-bold">"Refunds not yet confirmed"</h2>
            <Transition fallback=|| view! { <p role="status" class="text-sm text-slate-600">"Loading refunds…"</p> }>
                {move || Suspend::new(async move {
                    match settled(refunds).await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="text-sm text-slate-600">"Every refund has been confirmed by the payment provider."</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <p class="mb-3 text-sm text-slate-600">"Pending refunds are retried automatically. Failed ones were refused by the provider: refund them from its dashboard."</p>
                            <ul class="divide-y divide-slate-200 text-sm" data-testid="open-refunds">
                                {list.into_iter().map(|r| {
                                    let failed = r.status == "failed";
                                    view! {
                                        <li class="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 py-2">
                                            <a class="focus-ring rounded font-mono font-semibold text-indigo-700 underline" href=format!("/admin/orders/{}", r.order_number)>{r.order_number.clone()}</a>
                                            <span class="font-semibold">{r.amount.to_string()}</span>
                                            <span class=if failed { "rounded bg-rose-100 px-2 py-0.5 text-xs font-semibold text-rose-900" } else { "rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900" }>
                                                {if failed { "Failed" } else { "Pending" }}
                                            </span>
                                            <p class="w-full text-xs text-slate-600 break-words">
                                                {format!("{} · {} attempt(s)", r.created_at, r.attempts)}
                                                {r.last_error.clone().map(|e| format!(" · {e}"))}
                                            </p>
                                        </li>
                                    }
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
