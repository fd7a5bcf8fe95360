//! `/account` (and `/account/orders`): the signed-in shopper's orders, newest first, each with
//! its lines' pictures and names, and "Buy again".

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::settled;
use leptos_router::hooks::use_navigate;

use crate::components::forms::message_for;
use crate::components::picture::Pic;
use crate::context::cart::use_cart;
use crate::domain::order::{HistoryLine, MyOrder};
use crate::pages::order::{items_label, StatusBadge};
use crate::server_fns::cart::BuyAgain;
use crate::server_fns::orders::my_orders;

/// How many lines an order shows before "and N more".
const SHOWN_LINES: usize = 3;

/// The account's order history.
#[component]
pub fn OrderList() -> impl IntoView {
    let orders = Resource::new(|| (), |_| my_orders());
    let buy_again = ServerAction::<BuyAgain>::new();
    // The answer is the cart with the order's lines in it: taken as the cart, then shown.
    // (Without JavaScript the server sends the browser to the cart itself.)
    let cart = use_cart();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(answer)) = buy_again.value().get() {
            cart.accept(Ok(answer));
            navigate("/cart", Default::default());
        }
    });
    let failed = move || match buy_again.value().get() {
        Some(Err(error)) => Some(message_for(&error)),
        _ => None,
    };
    view! {
        <p role="alert" class="text-sm text-rose-800 empty:hidden" data-testid="buy-again-error">{failed}</p>
        <Suspense fallback=|| view! { <p role="status" class="text-slate-600">"Loading your orders…"</p> }>
            {move || Suspend::new(async move {
                match settled(orders).await {
                    Ok(list) if list.is_empty() => view! {
                        <section class="card p-6 text-center">
                            <h2 class="text-lg font-bold">"No orders yet"</h2>
                            <p class="mt-1 text-slate-700">"When you place an order, it appears here."</p>
                            <a class="btn-primary mt-4 inline-block" href="/search">"Browse products"</a>
                        </section>
                    }.into_any(),
                    Ok(list) => view! {
                        <h2 class="sr-only">"Your orders"</h2>
                        <ul class="space-y-3" data-testid="order-list">
                            {list.into_iter().map(|order| view! { <OrderCard order buy_again /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p role="alert" class="text-rose-800">{message_for(&e)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrderCard(order: MyOrder, buy_again: ServerAction<BuyAgain>) -> impl IntoView {
    let o = order.summary;
    let href = format!("/orders/{}", o.number);
    let more = order.lines.len().saturating_sub(SHOWN_LINES);
    let label = format!("Buy order {} again", o.number);
    let number = o.number.clone();
    view! {
        <li class="card p-4" data-order=o.number.clone()>
            <div class="flex flex-wrap items-start justify-between gap-x-3 gap-y-1">
                <div class="min-w-0">
                    <a href=href.clone() class="focus-ring rounded font-mono font-semibold text-indigo-800 hover:underline">{o.number.clone()}</a>
                    <p class="text-sm text-slate-600">{format!("{} · {}", o.placed_at, items_label(o.items))}</p>
                </div>
                <div class="flex items-center gap-3">
                    <StatusBadge status=o.status />
                    <span class="font-bold">{o.total.to_string()}</span>
                </div>
            </div>
            <ul class="mt-3 space-y-2" aria-label="Items">
                {order.lines.into_iter().take(SHOWN_LINES).map(|line| view! { <Line line /> }).collect_view()}
            </ul>
            {(more > 0).then(|| view! {
                <p class="mt-1 text-sm text-slate-600">{format!("and {more} more")}</p>
            })}
            <div class="mt-3 flex flex-wrap items-center gap-2 border-t border-slate-100 pt-3">
                <ActionForm action=buy_again>
                    <input type="hidden" name="number" value=number />
                    <button type="submit" class="btn-primary" aria-label=label disabled=move || buy_again.pending().get()>
                        "Buy again"
                    </button>
                </ActionForm>
                <a href=href class="btn-secondary">"View order"</a>
            </div>
        </li>
    }
}

#[component]
fn Line(line: HistoryLine) -> impl IntoView {
    view! {
        <li class="flex items-center gap-3">
            <span class="flex h-12 w-12 shrink-0 items-center justify-center overflow-hidden rounded-md border border-slate-200 bg-white">
                {line.picture.map(|picture| view! {
                    <Pic picture slot_px=48 sizes="48px" decorative=true class="h-12 w-12 object-contain" />
                })}
            </span>
            <span class="min-w-0 text-sm">
                <span class="line-clamp-2 font-medium text-slate-900">{line.name}</span>
                {(line.quantity > 1).then(|| view! { <span class="text-slate-600">{format!("Quantity {}", line.quantity)}</span> })}
            </span>
        </li>
    }
}
