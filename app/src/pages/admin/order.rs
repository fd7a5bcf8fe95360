//! `/admin/orders/{number}`: one order for staff. What was bought comes first, then the next
//! step (with the carrier and tracking number to ship it), the customer, payment and parcel
//! details, the history with internal notes, and refunds last. A packing slip (ship-to address
//! and items with their SKUs and quantities, no prices) is what the page prints.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::settled;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::denied;
use crate::components::forms::{
    field_error, form_error, message_for, succeeded, Answer, Field, FormAlert, FormSuccess,
};
use crate::domain::order::{AdminOrder, OrderStatus, OrderView};
use crate::pages::order::{badge, ShipmentLine};
use crate::server_fns::admin_orders::{get_admin_order, MoveOrder, NoteOrder, RefundOrder};

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
            <header class="space-y-3 print:hidden">
                <p><a class="link text-sm" href="/admin/orders">"← All orders"</a></p>
            </header>
            <Transition fallback=|| view! { <p role="status" class="text-slate-600">"Loading the order…"</p> }>
                {move || Suspend::new(async move {
                    match settled(order).await {
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
    // A note or refund that went through clears its form, so a second click cannot repeat it;
    // one that was refused keeps what was typed.
    let note_form = NodeRef::<leptos::html::Form>::new();
    let refund_form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        let done = |answer: Option<Result<AdminOrder, crate::error::AppError>>| {
            matches!(answer, Some(Ok(_)))
        };
        #[cfg(feature = "hydrate")]
        for (form, action_done) in [
            (note_form, done(note.value().get())),
            (refund_form, done(refund.value().get())),
        ] {
            if let (true, Some(form)) = (action_done, form.get()) {
                form.reset();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (done, note_form, refund_form);
    });
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        let _ = window().print();
    };
    // What each action did, in a toast (the order's email goes out from its event): the
    // newest answer, whichever action gave it.
    let toasts = super::toast::Toasts::get();
    let say = move |answer: Option<Result<AdminOrder, crate::error::AppError>>,
                    text: fn(OrderStatus) -> &'static str| {
        if let (Some(toasts), Some(Ok(o))) = (toasts, answer) {
            toasts.say(text(o.order.status));
        }
    };
    Effect::new(move |_| say(moved.value().get(), moved_message));
    Effect::new(move |_| {
        say(refund.value().get(), |_| {
            "Refund sent to the payment provider · customer emailed when it is issued"
        })
    });
    Effect::new(move |_| say(note.value().get(), |_| "Note added · only staff see it"));
    view! {
        <PackingSlip order=o.clone() />
        <div class="space-y-4 print:hidden">
            <section class="card space-y-3 p-4 sm:p-6" aria-labelledby="lines-heading">
                <div class="flex flex-wrap items-center justify-between gap-2">
                    <h1 class="font-mono text-xl font-extrabold" data-testid="admin-order-number">{o.number.clone()}</h1>
                    <div class="flex items-center gap-2">
                        <span data-testid="admin-order-status" class=format!("rounded-full px-2.5 py-1 text-sm font-semibold {}", badge(o.status))>{o.status.label()}</span>
                        <button type="button" class="btn-secondary js-only" on:click=print>"Print packing slip"</button>
                    </div>
                </div>
                <h2 id="lines-heading" class="sr-only">"Items"</h2>
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
                <dl class="space-y-1 border-t border-slate-200 pt-3 text-sm">
                    <div class="flex justify-between"><dt>"Subtotal"</dt><dd>{o.subtotal.to_string()}</dd></div>
                    <div class="flex justify-between"><dt>"Shipping"</dt><dd>{o.shipping.to_string()}</dd></div>
                    <div class="flex justify-between"><dt>"Tax"</dt><dd>{o.tax.to_string()}</dd></div>
                    <div class="flex justify-between font-bold"><dt>"Total"</dt><dd>{o.total.to_string()}</dd></div>
                    <div class="flex justify-between text-emerald-800"><dt>"Refunded"</dt><dd data-testid="admin-order-refunded">{o.refunded.to_string()}</dd></div>
                </dl>
            </section>

            <section class="card space-y-3 p-4 sm:p-6" aria-labelledby="next-heading">
                <h2 id="next-heading" class="text-lg font-bold">"Next step"</h2>
                {(buttons.is_empty() && !can_ship).then(|| view! { <p class="text-sm text-slate-600">"Nothing more to do for this order."</p> })}
                <div class="flex flex-wrap gap-2">
                    {buttons.into_iter().map(|(t, label)| {
                        let number = number.clone();
                        let cancel = t == "cancel";
                        let form = move |button: &'static str, text: String| view! {
                            <ActionForm action=moved>
                                <input type="hidden" name="number" value=number.clone() />
                                <input type="hidden" name="transition" value=t.clone() />
                                <input type="hidden" name="carrier" value="" />
                                <input type="hidden" name="tracking" value="" />
                                <input type="hidden" name="note" value="" />
                                <button type="submit" class=button>{text}</button>
                            </ActionForm>
                        };
                        if cancel {
                            // Destructive: asked first (works without JavaScript).
                            view! {
                                <details class="w-full sm:w-auto">
                                    <summary class="btn-secondary inline-block cursor-pointer list-none text-rose-800">{label}</summary>
                                    <div class="mt-2 space-y-2 rounded-lg border border-rose-200 bg-rose-50 p-3 text-sm text-rose-950" role="group" aria-label="Confirm the cancellation">
                                        <p>"Cancel this order? Its stock goes back on sale, a payment is refunded in full and the customer is emailed. This cannot be undone."</p>
                                        {form("btn-primary bg-rose-700 hover:bg-rose-800", "Yes, cancel the order".to_string())}
                                    </div>
                                </details>
                            }.into_any()
                        } else {
                            form("btn-primary", label).into_any()
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

            <section class="card space-y-3 p-4 sm:p-6" aria-labelledby="details-heading">
                <h2 id="details-heading" class="text-lg font-bold">"Customer, payment and parcel"</h2>
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

            <section class="card space-y-3 p-4 sm:p-6" aria-labelledby="history-heading">
                <h2 id="history-heading" class="text-lg font-bold">"History"</h2>
                <ol class="space-y-1 text-sm" data-testid="admin-order-history">
                    {o.history.iter().map(|(what, when, _)| view! {
                        <li><span class="font-semibold">{what.clone()}</span><span class="block text-xs text-slate-600">{when.clone()}</span></li>
                    }).collect_view()}
                </ol>
                <ActionForm action=note node_ref=note_form attr:class="space-y-2" attr:aria-label="Add a note">
                    <input type="hidden" name="number" value=note_number />
                    <Field label="Internal note" name="note" required=true error=field_error(note_answer, "note") maxlength=500 hint="Only staff see it." />
                    <button type="submit" class="btn-secondary">"Add note"</button>
                </ActionForm>
                <p role="alert" class="text-sm text-rose-800">{move || note_answer.get().and_then(Result::err).filter(|e| !matches!(e, crate::error::AppError::Invalid { .. })).map(|e| message_for(&e))}</p>
            </section>

            {order.refundable.then(|| view! {
                <section class="card space-y-3 p-4 sm:p-6" aria-labelledby="refund-heading">
                    <h2 id="refund-heading" class="text-lg font-bold">"Refund"</h2>
                    <p class="text-sm text-slate-600">{format!("Paid {}; refunded so far {}.", o.total, o.refunded)}</p>
                    <ActionForm action=refund node_ref=refund_form attr:class="grid gap-3 sm:grid-cols-3 sm:items-start" attr:aria-label="Refund">
                        <input type="hidden" name="number" value=refund_number />
                        <Field label="Amount" name="amount" required=true error=field_error(refund_answer, "amount") maxlength=15 hint="Like 12.50" />
                        <Field label="Reason" name="reason" required=true error=field_error(refund_answer, "reason") />
                        // Asked first: a refund cannot be taken back.
                        <details class="sm:pt-6">
                            <summary class="btn-secondary block cursor-pointer list-none text-center">"Refund…"</summary>
                            <div class="mt-2 space-y-2 rounded-lg border border-rose-200 bg-rose-50 p-3 text-sm text-rose-950">
                                <p>"Send this amount back to the customer's payment? It cannot be undone."</p>
                                <button type="submit" class="btn-primary w-full bg-rose-700 hover:bg-rose-800">"Yes, refund"</button>
                            </div>
                        </details>
                    </ActionForm>
                    <FormAlert message=form_error(refund_answer, &["amount", "reason"]) />
                    <FormSuccess when=succeeded(refund_answer) message=Signal::derive(|| "Refunded.".to_string()) />
                </section>
            })}
        </div>
    }
}

/// What goes in the parcel: the store, the order, where it goes and what is in it (no prices).
/// Shown only when the page is printed.
#[component]
fn PackingSlip(order: OrderView) -> impl IntoView {
    let store = crate::context::store::use_store().name;
    view! {
        <section class="hidden text-sm text-black print:block" data-testid="packing-slip" aria-label="Packing slip">
            <div class="flex items-baseline justify-between border-b border-black pb-2">
                <p class="text-xl font-extrabold">{store}</p>
                <p class="text-lg font-bold">"Packing slip"</p>
            </div>
            <div class="mt-4 grid grid-cols-2 gap-4">
                <div>
                    <p class="text-xs font-semibold uppercase">"Ship to"</p>
                    <address class="not-italic">
                        {order.address.iter().map(|l| view! { <span class="block">{l.clone()}</span> }).collect_view()}
                    </address>
                </div>
                <div class="text-right">
                    <p><span class="font-semibold">"Order "</span><span class="font-mono">{order.number.clone()}</span></p>
                    <p>{format!("Placed {}", order.placed_at)}</p>
                    <p>{order.shipping_method.clone()}</p>
                </div>
            </div>
            <table class="mt-6 w-full text-left">
                <thead class="border-b border-black">
                    <tr><th scope="col" class="py-1">"SKU"</th><th scope="col" class="py-1">"Item"</th><th scope="col" class="py-1 text-right">"Quantity"</th></tr>
                </thead>
                <tbody>
                    {order.lines.into_iter().map(|l| view! {
                        <tr class="border-b border-slate-300">
                            <td class="py-1 pr-3 font-mono">{l.sku}</td>
                            <td class="py-1 pr-3">{l.name}{(!l.options.is_empty()).then(|| format!(" ({})", l.options))}</td>
                            <td class="py-1 text-right">{l.quantity}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="mt-6">"Thank you for your order."</p>
        </section>
    }
}

/// The toast after a move to `status`.
fn moved_message(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Paid => "Marked paid · customer emailed",
        OrderStatus::Processing => "Marked being prepared",
        OrderStatus::Shipped => "Marked shipped · customer emailed with the tracking link",
        OrderStatus::Delivered => "Marked delivered · customer emailed",
        OrderStatus::Cancelled => "Order cancelled · customer emailed",
        OrderStatus::Refunded => "Marked refunded · customer emailed",
        OrderStatus::Pending => "Order updated",
    }
}
