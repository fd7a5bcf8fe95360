//! `/orders/{number}`: one order (the confirmation page after paying, and the page of its
//! private link): its real status, what is still to do (pay, or nothing), lines, totals,
//! address, history, and "Cancel" while allowed.

use leptos::prelude::*;

use crate::components::settled;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::local_time::LocalTime;
use crate::components::picture::Pic;
use crate::domain::order::{OrderStatus, OrderView};
use crate::domain::shipment::Shipment;
use crate::domain::store::PaymentMethod;
use crate::server_fns::orders::{cancel_order, get_order, pay_order};

/// An order's status as a small coloured label.
#[component]
pub(crate) fn StatusBadge(status: OrderStatus) -> impl IntoView {
    view! { <span class=format!("rounded-full px-2 py-0.5 text-xs font-semibold {}", badge(status))>{status.label()}</span> }
}

/// "UPS · 1Z999AA1…" with a link to the carrier's tracking page when the store knows it.
#[component]
pub(crate) fn ShipmentLine(shipment: Shipment) -> impl IntoView {
    let what = match (shipment.carrier.is_empty(), shipment.tracking.is_empty()) {
        (false, false) => format!("{} · {}", shipment.carrier, shipment.tracking),
        (false, true) => shipment.carrier.clone(),
        _ => shipment.tracking.clone(),
    };
    view! {
        <span data-testid="shipment">"Shipped with " <span class="break-all font-semibold">{what}</span></span>
        {shipment.url.map(|url| view! {
            " · "
            <a href=url class="link font-semibold" target="_blank" rel="noopener noreferrer" data-testid="track-parcel">
                "Track your parcel" <span class="sr-only">" (opens the carrier's site)"</span>
            </a>
        })}
    }
}

/// "3 items", "1 item".
pub(crate) fn items_label(items: u32) -> String {
    format!("{items} item{}", if items == 1 { "" } else { "s" })
}

pub(crate) fn badge(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Pending => "bg-amber-100 text-amber-950",
        OrderStatus::Paid | OrderStatus::Processing => "bg-sky-100 text-sky-950",
        OrderStatus::Shipped | OrderStatus::Delivered => "bg-emerald-100 text-emerald-950",
        OrderStatus::Cancelled | OrderStatus::Refunded => "bg-slate-200 text-slate-900",
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let number = move || params.with(|p| p.get("number").unwrap_or_default());
    let key = move || query.with(|q| q.get("key").unwrap_or_default());
    let left_payment = move || query.with(|q| q.get("cancelled").is_some());
    let changed = RwSignal::new(None::<OrderView>);
    let order = Resource::new(move || (number(), key()), |(n, k)| get_order(n, k));
    // Live: paid, shipped, cancelled... shown as it happens (its customer, key holder or staff).
    let (live_number, live_key) = (
        params.with_untracked(|p| p.get("number").unwrap_or_default()),
        query.with_untracked(|q| q.get("key").unwrap_or_default()),
    );
    let subject = format!("order:{live_number}");
    let key_for_live = live_key.clone();
    crate::components::live::follow(
        &[subject],
        Some(&key_for_live),
        &[
            "order.paid",
            "order.processing",
            "order.shipped",
            "order.delivered",
            "order.cancelled",
            "order.refunded",
        ],
        move |_, _| {
            let (number, key) = (live_number.clone(), live_key.clone());
            leptos::task::spawn_local(async move {
                if let Ok(view) = get_order(number, key).await {
                    changed.set(Some(view));
                }
            });
        },
    );
    view! {
        <Title text="Your order" />
        <section class="mx-auto max-w-3xl">
            <Suspense fallback=|| view! { <p role="status" class="text-slate-600">"Loading your order…"</p> }>
                {move || Suspend::new(async move {
                    match settled(order).await {
                        Ok(loaded) => {
                            let shown = move || changed.get().unwrap_or_else(|| loaded.clone());
                            view! { {move || view! { <OrderDetail order=shown() key=key() left_payment=left_payment() changed /> }} }.into_any()
                        }
                        Err(_) => view! {
                            <div class="card p-6 text-center">
                                <h1 class="text-xl font-bold">"Order not found"</h1>
                                <p class="mt-1 text-slate-700">"Check the link in your confirmation email, or sign in to the account you ordered with."</p>
                                <a class="btn-primary mt-4 inline-block"
                                    href=format!("/account/sign-in{}", crate::domain::account::next_query(Some(&format!("/orders/{}", number()))))>"Sign in"</a>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn OrderDetail(
    order: OrderView,
    key: String,
    left_payment: bool,
    changed: RwSignal<Option<OrderView>>,
) -> impl IntoView {
    let status = order.status;
    let number = order.number.clone();
    let pay_key = key.clone();
    let cancelling = RwSignal::new(false);
    // Cancelling asks first: the first button shows what will happen and a second one to go on.
    let confirming = RwSignal::new(false);
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if confirming.get() {
            if let Some(button) = confirm_button.get() {
                let _ = button.focus();
            }
        }
    });
    let cancel_error = RwSignal::new(None::<String>);
    let cancel = move |_| {
        let number = number.clone();
        let key = key.clone();
        cancelling.set(true);
        leptos::task::spawn_local(async move {
            match cancel_order(number, key).await {
                Ok(view) => changed.set(Some(view)),
                Err(e) => cancel_error.set(Some(crate::components::forms::message_for(&e))),
            }
            cancelling.set(false);
        });
    };
    let heading = match status {
        OrderStatus::Pending => "Your order is waiting for payment",
        OrderStatus::Paid => "Thank you! Your order is confirmed",
        OrderStatus::Processing => "Your order is being prepared",
        OrderStatus::Shipped => "Your order is on its way",
        OrderStatus::Delivered => "Your order was delivered",
        OrderStatus::Cancelled => "This order was cancelled",
        OrderStatus::Refunded => "This order was refunded",
    };
    let tax_label = format!(
        "Tax ({}.{:02} %)",
        order.tax_rate_bp / 100,
        order.tax_rate_bp % 100
    );
    view! {
        <div class="space-y-4">
            <header class="card p-4 sm:p-6">
                <p class="text-sm text-slate-600">"Order " <span class="font-mono font-semibold text-slate-900" data-testid="order-number">{order.number.clone()}</span> " · placed " <LocalTime unix=order.placed_unix utc=order.placed_at.clone() /></p>
                <h1 class="mt-1 text-2xl font-extrabold">{heading}</h1>
                <p class="mt-2"><span data-testid="order-status" class=format!("rounded-full px-2.5 py-1 text-sm font-semibold {}", badge(status))>{status.label()}</span></p>
                {(left_payment && status == OrderStatus::Pending).then(|| view! {
                    <p class="mt-3 rounded-lg bg-amber-50 p-3 text-sm text-amber-950" role="status">"You left the payment page. Nothing was charged."</p>
                })}
                {order.pay_url.clone().map(|url| view! {
                    <div class="mt-3 flex flex-wrap items-center gap-3">
                        <a href=url class="btn-primary" data-testid="pay-now">
                            {match &order.payment_method { Some(m) if !order.other_methods.is_empty() => format!("Pay now with {m}"), _ => "Pay now".to_string() }}
                        </a>
                        <span class="text-sm text-slate-700">{order.minutes_left.map(|m| format!("Your items are held for {m} more minute{}.", if m == 1 { "" } else { "s" }))}</span>
                    </div>
                })}
                {order.can_open_payment.then(|| view! { <OpenPayment number=order.number.clone() key=pay_key.clone() /> })}
                {(!order.other_methods.is_empty()).then(|| view! {
                    <OtherMethods number=order.number.clone() key=pay_key.clone() methods=order.other_methods.clone() />
                })}
                {(status == OrderStatus::Paid).then(|| view! {
                    <p class="mt-3 text-sm text-slate-700">{format!("A confirmation was sent to {}.", order.email)}</p>
                })}
                {order.shipment.clone().filter(|_| matches!(status, OrderStatus::Shipped | OrderStatus::Delivered)).map(|shipment| view! {
                    <p class="mt-3 text-sm text-slate-700"><ShipmentLine shipment /></p>
                })}
            </header>
            <section class="card p-4 sm:p-6" aria-labelledby="lines-heading">
                <h2 id="lines-heading" class="text-lg font-bold">"Items"</h2>
                <ul class="divide-y divide-slate-200" data-testid="order-lines">
                    {order.lines.iter().map(|l| view! {
                        <li class="flex items-start gap-3 py-2 text-sm" data-sku=l.sku.clone()>
                            <span class="h-14 w-14 shrink-0 overflow-hidden rounded-md border border-slate-200 bg-white">
                                {l.picture.clone().map(|picture| view! {
                                    <Pic picture slot_px=56 sizes="56px" decorative=true class="h-14 w-14 object-contain" />
                                })}
                            </span>
                            <span class="min-w-0 flex-1">
                                <span class="block font-semibold">{l.name.clone()}</span>
                                {(!l.options.is_empty()).then(|| view! { <span class="block text-xs text-slate-600">{l.options.clone()}</span> })}
                                <span class="text-xs text-slate-600">{format!("{} × {} · SKU {}", l.quantity, l.unit_price, l.sku)}</span>
                            </span>
                            <span class="shrink-0 font-semibold">{l.line_total.to_string()}</span>
                        </li>
                    }).collect_view()}
                </ul>
                <dl class="mt-2 space-y-1 border-t border-slate-200 pt-3 text-sm">
                    <div class="flex justify-between"><dt>"Subtotal"</dt><dd>{order.subtotal.to_string()}</dd></div>
                    <div class="flex justify-between"><dt>{format!("Shipping: {}", order.shipping_method)}</dt><dd>{order.shipping.to_string()}</dd></div>
                    <div class="flex justify-between"><dt>{tax_label}</dt><dd>{order.tax.to_string()}</dd></div>
                    <div class="flex justify-between text-lg font-bold"><dt>"Total"</dt><dd data-testid="order-total">{order.total.to_string()}</dd></div>
                    {(order.refunded.minor > 0).then(|| view! {
                        <div class="flex justify-between text-emerald-800"><dt>"Refunded"</dt><dd>{order.refunded.to_string()}</dd></div>
                    })}
                </dl>
            </section>
            <div class="grid gap-4 sm:grid-cols-2">
                <section class="card p-4 sm:p-6" aria-labelledby="ship-heading">
                    <h2 id="ship-heading" class="text-lg font-bold">"Shipping to"</h2>
                    <address class="mt-1 text-sm not-italic text-slate-800">
                        {order.address.iter().map(|l| view! { <span class="block">{l.clone()}</span> }).collect_view()}
                    </address>
                </section>
                <section class="card p-4 sm:p-6" aria-labelledby="history-heading">
                    <h2 id="history-heading" class="text-lg font-bold">"History"</h2>
                    <ol class="mt-1 space-y-1 text-sm">
                        {order.history.iter().map(|(what, when, at)| view! {
                            <li><span class="font-semibold">{what.clone()}</span><span class="block text-xs text-slate-600"><LocalTime unix=*at utc=when.clone() /></span></li>
                        }).collect_view()}
                    </ol>
                </section>
            </div>
            {order.guest.then(|| view! { <AccountOffer email=order.email.clone() /> })}
            {order.can_cancel.then(|| view! {
                <section class="card p-4 sm:p-6">
                    <h2 class="text-lg font-bold">"Changed your mind?"</h2>
                    <p class="text-sm text-slate-700">{if status == OrderStatus::Paid { "You can cancel until we start preparing it; your payment is refunded in full." } else { "You can cancel this order; nothing has been charged." }}</p>
                    // `try_get`: a server render that outlives this component (leptos #3595, a
                    // Suspense re-rendering while the first render streams) reads nothing
                    // instead of panicking.
                    <Show when=move || confirming.try_get().unwrap_or(false) fallback=move || view! {
                        <button type="button" class="btn-secondary mt-3" data-testid="cancel-order" on:click=move |_| confirming.set(true)>"Cancel order"</button>
                    }>
                        <div class="mt-3 rounded-lg border border-rose-200 bg-rose-50 p-3 text-sm" role="group" aria-label="Confirm the cancellation">
                            <p class="font-semibold">{if status == OrderStatus::Paid { "Cancel this order and refund your payment? This cannot be undone." } else { "Cancel this order? This cannot be undone." }}</p>
                            <div class="mt-2 flex flex-wrap gap-2">
                                <button type="button" node_ref=confirm_button class="btn-primary bg-rose-700 hover:bg-rose-800" data-testid="confirm-cancel"
                                    disabled=move || cancelling.try_get().unwrap_or(false) on:click=cancel.clone()>
                                    {move || if cancelling.try_get().unwrap_or(false) { "Cancelling…" } else { "Yes, cancel the order" }}
                                </button>
                                <button type="button" class="btn-secondary" on:click=move |_| confirming.set(false) disabled=move || cancelling.try_get().unwrap_or(false)>"Keep the order"</button>
                            </div>
                        </div>
                    </Show>
                    <p role="alert" class="mt-2 text-sm text-rose-800">{move || cancel_error.try_get().flatten()}</p>
                </section>
            })}
            <p><a class="link" href="/search">"Continue shopping"</a></p>
        </div>
    }
}

/// "Pay now" for an order whose hosted checkout could not be opened when it was placed: opens
/// one and goes there.
#[component]
fn OpenPayment(number: String, key: String) -> impl IntoView {
    let opening = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let open = move |_| {
        let (number, key) = (number.clone(), key.clone());
        opening.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match pay_order(number, key, None).await {
                Ok(url) => {
                    #[cfg(feature = "hydrate")]
                    {
                        let _ = window().location().set_href(&url);
                    }
                    #[cfg(not(feature = "hydrate"))]
                    let _ = url;
                }
                Err(e) => {
                    error.set(Some(crate::components::forms::message_for(&e)));
                    opening.set(false);
                }
            }
        });
    };
    view! {
        <div class="mt-3 space-y-2">
            <p class="text-sm text-slate-700">"The payment page could not be opened when you placed this order. Your items are still held for you."</p>
            <button type="button" class="btn-primary" data-testid="open-payment" disabled=move || opening.get() on:click=open>
                {move || if opening.get() { "Opening the payment page…" } else { "Pay now" }}
            </button>
            <p role="alert" class="text-sm text-rose-800">{move || error.get()}</p>
        </div>
    }
}

/// The store's other ways to pay a Pending order: each closes the current payment page (so
/// the order can never be paid twice) and opens one with that provider.
#[component]
fn OtherMethods(number: String, key: String, methods: Vec<PaymentMethod>) -> impl IntoView {
    let opening = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let buttons = methods
        .into_iter()
        .map(|m| {
            let (number, key, name) = (number.clone(), key.clone(), m.name.clone());
            let busy = {
                let name = name.clone();
                move || opening.with(|o| o.as_deref() == Some(name.as_str()))
            };
            let open = move |_| {
                let (number, key, name) = (number.clone(), key.clone(), name.clone());
                opening.set(Some(name.clone()));
                error.set(None);
                leptos::task::spawn_local(async move {
                    match pay_order(number, key, Some(name)).await {
                        Ok(url) => {
                            #[cfg(feature = "hydrate")]
                            {
                                let _ = window().location().set_href(&url);
                            }
                            #[cfg(not(feature = "hydrate"))]
                            let _ = url;
                        }
                        Err(e) => {
                            error.set(Some(crate::components::forms::message_for(&e)));
                            opening.set(None);
                        }
                    }
                });
            };
            let label = m.label.clone();
            let busy_label = busy.clone();
            view! {
                <button type="button" class="btn-secondary" data-testid=format!("pay-with-{}", m.name)
                    disabled=move || opening.with(Option::is_some) aria-busy=move || busy().to_string() on:click=open>
                    {move || if busy_label() { "Opening the payment page…".to_string() } else { format!("Pay with {label} instead") }}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="mt-3 space-y-2">
            <div class="flex flex-wrap gap-2">{buttons}</div>
            <p role="alert" class="text-sm text-rose-800">{move || error.get()}</p>
        </div>
    }
}

/// Under a guest's order: an account made with the order's address gathers this order and the
/// next ones (`finish_sign_up` gives it the address's guest orders). Hidden once the page knows
/// someone is signed in.
#[component]
fn AccountOffer(email: String) -> impl IntoView {
    let session = crate::context::session::use_session();
    let signed_in = move || matches!(session.viewer.get(), Some(Ok(Some(_))));
    let sign_up = format!(
        "/account/sign-up{}",
        crate::domain::account::next_query(Some("/account/orders"))
    );
    view! {
        <Show when=move || !signed_in()>
            <section class="card p-4 sm:p-6" aria-labelledby="account-offer-heading" data-testid="account-offer">
                <h2 id="account-offer-heading" class="text-lg font-bold">"Keep your orders in one place"</h2>
                <p class="mt-1 text-sm text-slate-700">
                    {format!("Create an account with {email}: this order and your next ones will be in it, and checkout will remember your address.")}
                </p>
                <a href=sign_up.clone() class="btn-secondary mt-3 inline-block">"Create an account"</a>
            </section>
        </Show>
    }
}
