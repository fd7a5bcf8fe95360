//! Account pages: sign in, create an account, and the account overview.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::context::session::use_session;
use crate::domain::account::Viewer;
use crate::error::AppError;
use crate::server_fns::account::{SignIn, SignOut, SignUp};

/// The message for `field` in the last answer, if it was about that field.
fn field_error<T: Clone + Send + Sync + 'static>(
    value: Signal<Option<Result<T, AppError>>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(AppError::Invalid { field: f, message })) if f == field => {
                Some(message.clone())
            }
            _ => None,
        })
    })
}

/// Errors not tied to a field (too many attempts, network trouble).
fn form_error<T: Clone + Send + Sync + 'static>(
    value: Signal<Option<Result<T, AppError>>>,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(AppError::Invalid { .. })) | None | Some(Ok(_)) => None,
            Some(Err(other)) => Some(other.to_string()),
        })
    })
}

#[component]
fn Field(
    label: &'static str,
    name: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-semibold">{label}</label>
            {hint.map(|h| view! { <p class="text-xs text-slate-600">{h}</p> })}
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=error_id.clone()
                class="focus-ring w-full rounded-lg border border-slate-300 px-3 py-2 aria-[invalid=true]:border-rose-600"
            />
            <p id=error_id class="min-h-5 text-sm text-rose-700" role="alert">{move || error.get()}</p>
        </div>
    }
}

#[component]
fn FormAlert(message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|m| view! { <p class="rounded-lg bg-rose-50 p-3 text-sm text-rose-800" role="alert">{m}</p> })
    }
}

/// After a successful sign-in or sign-up: reload who is signed in and go to the account page.
fn on_success<T: Clone + Send + Sync + 'static>(value: Signal<Option<Result<T, AppError>>>) {
    let session = use_session();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            session.refresh();
            navigate("/account", Default::default());
        }
    });
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let value = Signal::derive(move || action.value().get());
    on_success(value);
    view! {
        <Title text="Sign in" />
        <section class="card mx-auto max-w-md p-5 sm:p-8">
            <h1 class="mb-4 text-2xl font-extrabold">"Sign in"</h1>
            <ActionForm action>
                <div class="space-y-3">
                    <FormAlert message=form_error(value) />
                    <Field label="Email" name="email" kind="email" autocomplete="email" error=field_error(value, "email") />
                    <Field label="Password" name="password" kind="password" autocomplete="current-password" error=field_error(value, "password") />
                    <button type="submit" class="btn-primary w-full" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </div>
            </ActionForm>
            <p class="mt-4 text-sm">"New to Oxcart? " <a class="link" href="/account/sign-up">"Create an account"</a></p>
        </section>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let value = Signal::derive(move || action.value().get());
    on_success(value);
    view! {
        <Title text="Create an account" />
        <section class="card mx-auto max-w-md p-5 sm:p-8">
            <h1 class="mb-4 text-2xl font-extrabold">"Create an account"</h1>
            <ActionForm action>
                <div class="space-y-3">
                    <FormAlert message=form_error(value) />
                    <Field label="Name" name="name" kind="text" autocomplete="name" error=field_error(value, "name") />
                    <Field label="Email" name="email" kind="email" autocomplete="email" error=field_error(value, "email") />
                    <Field label="Password" name="password" kind="password" autocomplete="new-password" error=field_error(value, "password")
                        hint="At least 10 characters. Common passwords are refused." />
                    <button type="submit" class="btn-primary w-full" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { "Creating your account…" } else { "Create account" }}
                    </button>
                </div>
            </ActionForm>
            <p class="mt-4 text-sm">"Already have an account? " <a class="link" href="/account/sign-in">"Sign in"</a></p>
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="Your account" />
        <Suspense fallback=|| view! { <p role="status">"Loading your account…"</p> }>
            {move || Suspend::new(async move {
                match session.viewer.await {
                    Ok(Some(viewer)) => view! { <AccountOverview viewer /> }.into_any(),
                    _ => view! {
                        <section class="card mx-auto max-w-md p-6 text-center">
                            <h1 class="text-xl font-bold">"Please sign in"</h1>
                            <p class="mt-2 text-slate-700">"Sign in to see your account."</p>
                            <a class="btn-primary mt-4 inline-block" href="/account/sign-in">"Sign in"</a>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountOverview(viewer: Viewer) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if matches!(sign_out.value().get(), Some(Ok(()))) {
            session.refresh();
            navigate("/", Default::default());
        }
    });
    view! {
        <section class="mx-auto max-w-2xl space-y-4">
            <h1 class="text-2xl font-extrabold">"Your account"</h1>
            <dl class="card grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 p-5 text-sm">
                <dt class="font-semibold">"Name"</dt><dd>{if viewer.name.is_empty() { "—".to_string() } else { viewer.name.clone() }}</dd>
                <dt class="font-semibold">"Email"</dt><dd data-testid="account-email">{viewer.email.clone()}</dd>
                <dt class="font-semibold">"Role"</dt><dd>{format!("{:?}", viewer.role)}</dd>
            </dl>
            <div class="card p-5 text-sm text-slate-700">
                <h2 class="mb-1 text-base font-bold text-slate-900">"Orders"</h2>
                <p>"Your orders will appear here once checkout opens."</p>
            </div>
            <ActionForm action=sign_out>
                <button type="submit" class="btn-secondary">"Sign out"</button>
            </ActionForm>
        </section>
    }
}
