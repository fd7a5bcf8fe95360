//! The pages of a back-in-stock alert's emailed links: confirm it, stop it. Opening a link
//! changes nothing by itself (mail scanners open links too): each page has a button that does.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::forms::{form_error, Answer, FormAlert, SubmitButton};
use crate::server_fns::stock_alerts::{ConfirmStockAlert, StopStockAlert};

fn token_from_query() -> String {
    use_query_map().with_untracked(|q| q.get("token").unwrap_or_default())
}

#[component]
pub fn ConfirmAlertPage() -> impl IntoView {
    let action = ServerAction::<ConfirmStockAlert>::new();
    let answer: Answer<_> = Signal::derive(move || action.value().get());
    let token = token_from_query();
    view! {
        <Title text="Confirm your back-in-stock alert" />
        <section class="card mx-auto max-w-md p-5 sm:p-8">
            <h1 class="mb-2 text-2xl font-extrabold">"Confirm your alert"</h1>
            {move || match action.value().get() {
                Some(Ok(done)) => view! {
                    <div role="status" class="space-y-4">
                        <p class="rounded-lg bg-emerald-50 p-3 text-emerald-900" data-testid="alert-confirmed">
                            {format!("You're on the list: we'll email {} once, when {} is back in stock.", done.alert.email, done.alert.title())}
                        </p>
                        {done.available_now.then(|| view! { <p class="text-sm text-slate-700">"Good news: it's available right now."</p> })}
                        <a class="btn-primary inline-block" href=done.alert.link.clone()>"See the product"</a>
                    </div>
                }.into_any(),
                _ => {
                    let token = token.clone();
                    view! {
                    <p class="mb-4 text-sm text-slate-700">"One click and we'll email you when it's back in stock: once, then the alert ends."</p>
                    <ActionForm action>
                        <div class="space-y-3">
                            <input type="hidden" name="token" value=token />
                            <FormAlert message=form_error(answer, &[]) />
                            <SubmitButton label="Confirm the alert" busy="Confirming…" pending=action.pending().into() class="btn-primary w-full" />
                        </div>
                    </ActionForm>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
pub fn StopAlertPage() -> impl IntoView {
    let action = ServerAction::<StopStockAlert>::new();
    let answer: Answer<_> = Signal::derive(move || action.value().get());
    let token = token_from_query();
    view! {
        <Title text="Stop a back-in-stock alert" />
        <section class="card mx-auto max-w-md p-5 sm:p-8">
            <h1 class="mb-2 text-2xl font-extrabold">"Stop this alert"</h1>
            {move || match action.value().get() {
                Some(Ok(alert)) => view! {
                    <div role="status" class="space-y-4">
                        <p class="rounded-lg bg-emerald-50 p-3 text-emerald-900" data-testid="alert-stopped">
                            {format!("Alert stopped: we won't email {} about {}.", alert.email, alert.title())}
                        </p>
                        <a class="btn-secondary inline-block" href=alert.link.clone()>"See the product"</a>
                    </div>
                }.into_any(),
                _ => {
                    let token = token.clone();
                    view! {
                    <p class="mb-4 text-sm text-slate-700">"We won't email you when it's back in stock."</p>
                    <ActionForm action>
                        <div class="space-y-3">
                            <input type="hidden" name="token" value=token />
                            <FormAlert message=form_error(answer, &[]) />
                            <SubmitButton label="Stop the alert" busy="Stopping…" pending=action.pending().into() class="btn-primary w-full" />
                        </div>
                    </ActionForm>
                    }.into_any()
                }
            }}
        </section>
    }
}
