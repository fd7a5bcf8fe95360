//! Account pages: sign in, create an account, the signed-in account's tabs (profile,
//! addresses, security, orders) and the pages emailed links lead to.

pub mod addresses;
pub mod recovery;
pub mod settings;

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::components::forms::{field_error, form_error, Answer, Field, FormAlert, SubmitButton};
use crate::context::session::use_session;
use crate::domain::account::Viewer;
use crate::server_fns::account::{SignIn, SignUp};

/// After a successful sign-in or sign-up: reload who is signed in and go to the account page.
fn on_success<T: Clone + Send + Sync + 'static>(value: Answer<T>) {
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
    let value: Answer<_> = Signal::derive(move || action.value().get());
    on_success(value);
    view! {
        <Title text="Sign in" />
        <section class="card mx-auto max-w-md p-5 sm:p-8">
            <h1 class="mb-4 text-2xl font-extrabold">"Sign in"</h1>
            <ActionForm action>
                <div class="space-y-3">
                    <FormAlert message=form_error(value, &["email", "password"]) />
                    <Field label="Email" name="email" kind="email" autocomplete="email" required=true maxlength=254 error=field_error(value, "email") />
                    <Field label="Password" name="password" kind="password" autocomplete="current-password" maxlength=200 error=field_error(value, "password") />
                    <SubmitButton label="Sign in" busy="Signing in…" pending=action.pending().into() class="btn-primary w-full" />
                </div>
            </ActionForm>
            <p class="mt-4 text-sm"><a class="link" href="/account/forgot-password">"Forgot your password?"</a></p>
            <p class="mt-2 text-sm">{format!("New to {}? ", crate::context::store::use_store().name)} <a class="link" href="/account/sign-up">"Create an account"</a></p>
        </section>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let value: Answer<_> = Signal::derive(move || action.value().get());
    on_success(value);
    view! {
        <Title text="Create an account" />
        <section class="card mx-auto max-w-md p-5 sm:p-8">
            <h1 class="mb-4 text-2xl font-extrabold">"Create an account"</h1>
            <ActionForm action>
                <div class="space-y-3">
                    <FormAlert message=form_error(value, &["email", "password", "name"]) />
                    <Field label="Name" name="name" autocomplete="name" maxlength=100 error=field_error(value, "name") />
                    <Field label="Email" name="email" kind="email" autocomplete="email" required=true maxlength=254 error=field_error(value, "email") />
                    <Field label="Password" name="password" kind="password" autocomplete="new-password" maxlength=200 error=field_error(value, "password")
                        hint="At least 10 characters. Common passwords are refused." />
                    <SubmitButton label="Create account" busy="Creating your account…" pending=action.pending().into() class="btn-primary w-full" />
                </div>
            </ActionForm>
            <p class="mt-4 text-sm">"Already have an account? " <a class="link" href="/account/sign-in">"Sign in"</a></p>
        </section>
    }
}

/// The account tabs.
const TABS: &[(&str, &str)] = &[
    ("Profile", "/account"),
    ("Addresses", "/account/addresses"),
    ("Security", "/account/security"),
    ("Orders", "/account/orders"),
];

/// The frame of the signed-in account's pages: a heading, the tabs, and `page` for the
/// signed-in account, or a sign-in prompt for guests.
#[component]
pub fn AccountShell(current: &'static str, page: fn(Viewer) -> AnyView) -> impl IntoView {
    let session = use_session();
    view! {
        <Suspense fallback=|| view! { <p role="status" class="text-slate-600">"Loading your account…"</p> }>
            {move || Suspend::new(async move {
                match session.viewer.await {
                    Ok(Some(viewer)) => view! {
                        <div class="mx-auto max-w-3xl space-y-4">
                            <header>
                                <h1 class="text-2xl font-extrabold">"Your account"</h1>
                                <p class="truncate text-sm text-slate-600">{viewer.email.clone()}</p>
                            </header>
                            <nav aria-label="Account" class="-mx-3 overflow-x-auto px-3 sm:mx-0 sm:px-0">
                                <ul class="flex gap-1 border-b border-slate-200">
                                    {TABS.iter().map(|(label, href)| {
                                        let active = *href == current;
                                        view! {
                                            <li>
                                                <a href=*href aria-current=active.then_some("page")
                                                    class=if active {
                                                        "focus-ring -mb-px block whitespace-nowrap rounded-t-md border-b-2 border-indigo-700 px-3 py-2 text-sm font-semibold text-indigo-800"
                                                    } else {
                                                        "focus-ring -mb-px block whitespace-nowrap rounded-t-md border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-700 hover:text-slate-900"
                                                    }>
                                                    {*label}
                                                </a>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </nav>
                            {page(viewer)}
                        </div>
                    }.into_any(),
                    Ok(None) => view! { <SignInPrompt /> }.into_any(),
                    Err(error) => view! { <crate::pages::ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Shown to guests on pages that need an account.
#[component]
pub fn SignInPrompt() -> impl IntoView {
    view! {
        <Title text="Please sign in" />
        <section class="card mx-auto max-w-md p-6 text-center">
            <h1 class="text-xl font-bold">"Please sign in"</h1>
            <p class="mt-2 text-slate-700">"Sign in to see your account."</p>
            <a class="btn-primary mt-4 inline-block" href="/account/sign-in">"Sign in"</a>
            <p class="mt-3 text-sm">"No account yet? " <a class="link" href="/account/sign-up">"Create one"</a></p>
        </section>
    }
}
