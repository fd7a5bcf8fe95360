//! Pages for emailed links and forgotten passwords. Following a link never changes anything by
//! itself (mail scanners open links too): each page has a button that does.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::forms::{
    field_error, form_error, succeeded, Answer, Field, FormAlert, FormSuccess, SubmitButton,
};
use crate::context::session::use_session;
use crate::server_fns::recovery::{RequestPasswordReset, ResetPassword, VerifyEmail};

/// The `token` of the page's query string.
pub(super) fn token_from_query() -> String {
    use_query_map().with_untracked(|q| q.get("token").unwrap_or_default())
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let answer: Answer<_> = Signal::derive(move || action.value().get());
    view! {
        <Title text="Forgot your password?" />
        <section class="card mx-auto max-w-md p-5 sm:p-8">
            <h1 class="mb-2 text-2xl font-extrabold">"Forgot your password?"</h1>
            <p class="mb-4 text-sm text-slate-700">"Enter the email address of your account and we'll send you a link to choose a new password."</p>
            <ActionForm action>
                <div class="space-y-3">
                    <FormAlert message=form_error(answer, &["email"]) />
                    <Field label="Email" name="email" kind="email" autocomplete="email" required=true maxlength=254 error=field_error(answer, "email") />
                    <FormSuccess when=succeeded(answer) message=Signal::derive(|| {
                        "If an account uses that address, we've sent it a link. It works for 30 minutes; check your spam folder if it doesn't arrive.".to_string()
                    }) />
                    <SubmitButton label="Send reset link" busy="Sending…" pending=action.pending().into() class="btn-primary w-full" />
                </div>
            </ActionForm>
            <p class="mt-4 text-sm"><a class="link" href="/account/sign-in">"Back to sign in"</a></p>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let token = token_from_query();
    let action = ServerAction::<ResetPassword>::new();
    let answer: Answer<_> = Signal::derive(move || action.value().get());
    let session = use_session();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            session.refresh();
        }
    });
    let token_error = field_error(answer, "token");
    view! {
        <Title text="Choose a new password" />
        <section class="card mx-auto max-w-md p-5 sm:p-8">
            <h1 class="mb-2 text-2xl font-extrabold">"Choose a new password"</h1>
            {move || if succeeded(answer).get() {
                view! {
                    <div role="status" class="space-y-4">
                        <p class="rounded-lg bg-emerald-50 p-3 text-emerald-900">"Your password is changed and you are signed in. Every other browser was signed out."</p>
                        <a class="btn-primary inline-block" href="/account">"Go to your account"</a>
                    </div>
                }.into_any()
            } else {
                let token = token.clone();
                view! {
                    <p class="mb-4 text-sm text-slate-700">"Choosing a new password signs you out everywhere else."</p>
                    {move || token_error.get().map(|m| view! {
                        <div class="mb-3 rounded-lg bg-rose-50 p-3 text-sm text-rose-800" role="alert">
                            {m}" " <a class="link" href="/account/forgot-password">"Ask for a new link"</a>
                        </div>
                    })}
                    <ActionForm action>
                        <div class="space-y-3">
                            <input type="hidden" name="token" value=token />
                            <FormAlert message=form_error(answer, &["password", "token"]) />
                            <Field label="New password" name="password" kind="password" autocomplete="new-password" maxlength=200 error=field_error(answer, "password")
                                hint="At least 10 characters. Common passwords are refused." />
                            <SubmitButton label="Save new password" busy="Saving…" pending=action.pending().into() class="btn-primary w-full" />
                        </div>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let token = token_from_query();
    let action = ServerAction::<VerifyEmail>::new();
    let answer: Answer<_> = Signal::derive(move || action.value().get());
    let session = use_session();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            session.refresh();
        }
    });
    view! {
        <Title text="Confirm your email address" />
        <section class="card mx-auto max-w-md p-5 sm:p-8">
            <h1 class="mb-2 text-2xl font-extrabold">"Confirm your email address"</h1>
            {move || if succeeded(answer).get() {
                view! {
                    <div role="status" class="space-y-4">
                        <p class="rounded-lg bg-emerald-50 p-3 text-emerald-900">"Thank you: your email address is confirmed."</p>
                        <a class="btn-primary inline-block" href="/">"Continue shopping"</a>
                    </div>
                }.into_any()
            } else {
                let token = token.clone();
                view! {
                    <p class="mb-4 text-sm text-slate-700">"One click and we know your email reaches you."</p>
                    <ActionForm action>
                        <div class="space-y-3">
                            <input type="hidden" name="token" value=token />
                            <FormAlert message=form_error(answer, &[]) />
                            <SubmitButton label="Confirm email address" busy="Confirming…" pending=action.pending().into() class="btn-primary w-full" />
                        </div>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}
