//! The account's orders, profile and security tabs.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::settled;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use super::AccountShell;
use crate::components::forms::{
    field_error, form_error, succeeded, Answer, Field, FormAlert, FormSuccess, SubmitButton,
};
use crate::context::session::use_session;
use crate::domain::account::Viewer;
use crate::server_fns::profile::{
    list_sessions, ChangeEmail, ChangePassword, RevokeSession, SignOutEverywhere, UpdateProfile,
};

#[component]
pub fn ProfilePage() -> impl IntoView {
    view! {
        <Title text="Your profile" />
        <AccountShell current="/account/profile" page=|viewer| view! { <ProfileTab viewer /> }.into_any() />
    }
}

#[component]
pub fn SecurityPage() -> impl IntoView {
    view! {
        <Title text="Sign-in and security" />
        <AccountShell current="/account/security" page=|_| view! { <SecurityTab /> }.into_any() />
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    view! {
        <Title text="Your orders" />
        <AccountShell current="/account" page=|_| view! {
            <super::orders::OrderList />
        }.into_any() />
    }
}

#[component]
fn ProfileTab(viewer: Viewer) -> impl IntoView {
    // What the page shows; updated from each successful answer (no reload of the whole page).
    let shown = RwSignal::new(viewer.clone());
    let rename = ServerAction::<UpdateProfile>::new();
    let rename_answer: Answer<_> = Signal::derive(move || rename.value().get());
    let change_email = ServerAction::<ChangeEmail>::new();
    let email_answer: Answer<_> = Signal::derive(move || change_email.value().get());
    Effect::new(move |_| {
        if let Some(Ok(v)) = rename.value().get() {
            shown.set(v);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(v)) = change_email.value().get() {
            shown.set(v);
        }
    });
    let name_or_dash = move || {
        let name = shown.with(|v| v.name.clone());
        if name.is_empty() {
            "—".to_string()
        } else {
            name
        }
    };
    view! {
        <section class="card p-5" aria-labelledby="profile-heading">
            <h2 id="profile-heading" class="mb-3 text-lg font-bold">"Profile"</h2>
            <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
                <dt class="font-semibold">"Name"</dt><dd data-testid="account-name">{name_or_dash}</dd>
                <dt class="font-semibold">"Email"</dt><dd class="break-all" data-testid="profile-email">{move || shown.with(|v| v.email.clone())}</dd>
                <dt class="font-semibold">"Status"</dt>
                <dd>{move || if shown.with(|v| v.email_verified) {
                    view! { <span class="text-emerald-800">"Email confirmed"</span> }.into_any()
                } else {
                    view! { <span class="text-amber-900">"Email not confirmed yet"</span> }.into_any()
                }}</dd>
                <dt class="font-semibold">"Role"</dt><dd>{viewer.role.label()}</dd>
            </dl>
        </section>

        <section class="card p-5" aria-labelledby="name-heading">
            <h2 id="name-heading" class="mb-3 text-lg font-bold">"Your name"</h2>
            <ActionForm action=rename>
                <div class="space-y-3">
                    <FormAlert message=form_error(rename_answer, &["name"]) />
                    <Field label="Name" name="name" autocomplete="name" maxlength=100 value=viewer.name.clone() error=field_error(rename_answer, "name") />
                    <FormSuccess when=succeeded(rename_answer) message=Signal::derive(|| "Your name is saved.".to_string()) />
                    <SubmitButton label="Save name" busy="Saving…" pending=rename.pending().into() />
                </div>
            </ActionForm>
        </section>

        <section class="card p-5" aria-labelledby="email-heading">
            <h2 id="email-heading" class="mb-1 text-lg font-bold">"Change email"</h2>
            <p class="mb-3 text-sm text-slate-600">"We'll send a confirmation link to the new address and let the old one know."</p>
            <ActionForm action=change_email>
                <div class="space-y-3">
                    <FormAlert message=form_error(email_answer, &["email", "password"]) />
                    <Field label="New email" name="email" kind="email" autocomplete="email" required=true maxlength=254 error=field_error(email_answer, "email") />
                    <Field label="Current password" name="password" kind="password" autocomplete="current-password" maxlength=200 error=field_error(email_answer, "password") />
                    <FormSuccess when=succeeded(email_answer) message=Signal::derive(move || format!(
                        "Your email is now {}. Check that inbox for a confirmation link.", shown.with(|v| v.email.clone())
                    )) />
                    <SubmitButton label="Change email" busy="Changing…" pending=change_email.pending().into() />
                </div>
            </ActionForm>
        </section>

    }
}

#[component]
fn SecurityTab() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let change_answer: Answer<_> = Signal::derive(move || change.value().get());
    let revoke = ServerAction::<RevokeSession>::new();
    let revoke_answer: Answer<_> = Signal::derive(move || revoke.value().get());
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    let sessions = Resource::new(
        move || (revoke.version().get(), change.version().get()),
        |_| list_sessions(),
    );
    let session = use_session();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if matches!(everywhere.value().get(), Some(Ok(()))) {
            session.refresh();
            navigate("/account/sign-in", Default::default());
        }
    });
    view! {
        <section class="card p-5" aria-labelledby="password-heading">
            <h2 id="password-heading" class="mb-1 text-lg font-bold">"Change password"</h2>
            <p class="mb-3 text-sm text-slate-600">"Changing your password signs out every other browser."</p>
            <ActionForm action=change>
                <div class="space-y-3">
                    <FormAlert message=form_error(change_answer, &["current_password", "new_password"]) />
                    <Field label="Current password" name="current_password" kind="password" autocomplete="current-password" maxlength=200 error=field_error(change_answer, "current_password") />
                    <Field label="New password" name="new_password" kind="password" autocomplete="new-password" maxlength=200 error=field_error(change_answer, "new_password")
                        hint="At least 10 characters. Common passwords are refused." />
                    <FormSuccess when=succeeded(change_answer) message=Signal::derive(|| "Password changed. Every other browser was signed out.".to_string()) />
                    <SubmitButton label="Change password" busy="Changing…" pending=change.pending().into() />
                </div>
            </ActionForm>
        </section>

        <section class="card p-5" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading" class="mb-1 text-lg font-bold">"Where you're signed in"</h2>
            <p class="mb-3 text-sm text-slate-600">"Sign out any browser you don't recognise."</p>
            <FormAlert message=form_error(revoke_answer, &[]) />
            <Transition fallback=|| view! { <p role="status" class="text-sm text-slate-600">"Loading your sessions…"</p> }>
                {move || Suspend::new(async move {
                    match settled(sessions).await {
                        Ok(list) => view! {
                            <ul class="divide-y divide-slate-200" data-testid="sessions">
                                {list.into_iter().map(|s| {
                                    let label = format!("Sign out {}", s.device);
                                    view! {
                                        <li class="flex flex-wrap items-center justify-between gap-2 py-3" data-current=s.current.to_string()>
                                            <div class="min-w-0">
                                                <p class="font-semibold">
                                                    {s.device.clone()}
                                                    {s.current.then_some(view! { <span class="ml-2 rounded bg-emerald-50 px-1.5 py-0.5 text-xs font-semibold text-emerald-800">"This browser"</span> })}
                                                </p>
                                                <p class="text-xs text-slate-600">{format!("Signed in {} · last active {}", s.signed_in_at, s.last_seen_at)}</p>
                                            </div>
                                            {(!s.current).then(|| view! {
                                                <ActionForm action=revoke>
                                                    <input type="hidden" name="id" value=s.id />
                                                    <button type="submit" class="btn-secondary" aria-label=label>"Sign out"</button>
                                                </ActionForm>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <p role="alert" class="text-sm text-rose-800">{crate::components::forms::message_for(&error)}</p> }.into_any(),
                    }
                })}
            </Transition>
            <ActionForm action=everywhere attr:class="mt-4">
                <button type="submit" class="btn-secondary">"Sign out of all devices"</button>
            </ActionForm>
        </section>
    }
}
