//! Account pages: sign in, create an account, the signed-in account's tabs (orders, profile,
//! addresses, security) and the pages emailed links lead to.

pub mod addresses;
pub mod orders;
pub mod recovery;
pub mod settings;

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::settled;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

use crate::components::forms::{
    field_error, form_error, succeeded, Answer, Field, FormAlert, FormSuccess, SubmitButton,
};
use crate::context::session::use_session;
use crate::domain::account::{next_query, safe_next, Viewer};
use crate::server_fns::account::{FinishSignUp, SignIn, SignOut, SignUp};

/// The page's `?next=`, when it is a path on this site: where signing in leads.
fn next_param() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query
            .with(|q| q.get("next"))
            .and_then(|next| safe_next(&next).map(str::to_string))
    })
}

/// Carries `next` in a form (the server sends a form posted without JavaScript there).
#[component]
fn NextField(next: Memo<Option<String>>) -> impl IntoView {
    move || {
        next.get()
            .map(|next| view! { <input type="hidden" name="next" value=next /> })
    }
}

/// After a successful sign-in or finished sign-up: reload who is signed in and go to `next`,
/// or to the account page.
fn on_success<T: Clone + Send + Sync + 'static>(value: Answer<T>, next: Memo<Option<String>>) {
    let session = use_session();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            session.refresh();
            let to = next
                .get_untracked()
                .unwrap_or_else(|| "/account".to_string());
            navigate(&to, Default::default());
        }
    });
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let value: Answer<_> = Signal::derive(move || action.value().get());
    let next = next_param();
    on_success(value, next);
    let sign_up = move || format!("/account/sign-up{}", next_query(next.get().as_deref()));
    view! {
        <Title text="Sign in" />
        <section class="card mx-auto max-w-md p-5 sm:p-8">
            <h1 class="mb-4 text-2xl font-extrabold">"Sign in"</h1>
            <ActionForm action>
                <div class="space-y-3">
                    <NextField next />
                    <FormAlert message=form_error(value, &["email", "password"]) />
                    <Field label="Email" name="email" kind="email" autocomplete="email" required=true maxlength=254 error=field_error(value, "email") />
                    <Field label="Password" name="password" kind="password" autocomplete="current-password" maxlength=200 error=field_error(value, "password") />
                    <SubmitButton label="Sign in" busy="Signing in…" pending=action.pending().into() class="btn-primary w-full" />
                </div>
            </ActionForm>
            <p class="mt-4 text-sm"><a class="link" href="/account/forgot-password">"Forgot your password?"</a></p>
            <p class="mt-2 text-sm">{format!("New to {}? ", crate::context::store::use_store().name)} <a class="link" href=sign_up>"Create an account"</a></p>
        </section>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let value: Answer<_> = Signal::derive(move || action.value().get());
    let next = next_param();
    let sign_in = move || format!("/account/sign-in{}", next_query(next.get().as_deref()));
    view! {
        <Title text="Create an account" />
        <section class="card mx-auto max-w-md p-5 sm:p-8">
            <h1 class="mb-2 text-2xl font-extrabold">"Create an account"</h1>
            <p class="mb-4 text-sm text-slate-700">"Enter your email address and we'll send you a link to finish: you choose your name and password there."</p>
            <ActionForm action>
                <div class="space-y-3">
                    <NextField next />
                    <FormAlert message=form_error(value, &["email"]) />
                    <Field label="Email" name="email" kind="email" autocomplete="email" required=true maxlength=254 error=field_error(value, "email") />
                    <FormSuccess when=succeeded(value) message=Signal::derive(|| {
                        "Check your inbox: we've sent a message to that address. Its link works for 24 hours; check your spam folder if it doesn't arrive.".to_string()
                    }) />
                    <SubmitButton label="Email me a link" busy="Sending…" pending=action.pending().into() class="btn-primary w-full" />
                </div>
            </ActionForm>
            <p class="mt-4 text-sm">"Already have an account? " <a class="link" href=sign_in>"Sign in"</a></p>
        </section>
    }
}

/// The page a sign-up link leads to: choose a name and password, and the account is created.
#[component]
pub fn FinishSignUpPage() -> impl IntoView {
    let token = recovery::token_from_query();
    let action = ServerAction::<FinishSignUp>::new();
    let value: Answer<_> = Signal::derive(move || action.value().get());
    let next = next_param();
    on_success(value, next);
    let token_error = field_error(value, "token");
    view! {
        <Title text="Finish creating your account" />
        <section class="card mx-auto max-w-md p-5 sm:p-8">
            <h1 class="mb-2 text-2xl font-extrabold">"Finish creating your account"</h1>
            <p class="mb-4 text-sm text-slate-700">"Your email address is confirmed by the link. Choose your name and a password."</p>
            {move || token_error.get().map(|m| view! {
                <div class="mb-3 rounded-lg bg-rose-50 p-3 text-sm text-rose-800" role="alert">
                    {m}" " <a class="link" href="/account/sign-up">"Ask for a new link"</a>
                </div>
            })}
            <ActionForm action>
                <div class="space-y-3">
                    <input type="hidden" name="token" value=token />
                    <NextField next />
                    <FormAlert message=form_error(value, &["name", "password", "token"]) />
                    <Field label="Name" name="name" autocomplete="name" maxlength=100 error=field_error(value, "name") />
                    <Field label="Password" name="password" kind="password" autocomplete="new-password" maxlength=200 error=field_error(value, "password")
                        hint="At least 10 characters. Common passwords are refused." />
                    <SubmitButton label="Create account" busy="Creating your account…" pending=action.pending().into() class="btn-primary w-full" />
                </div>
            </ActionForm>
        </section>
    }
}

/// The account tabs: the account opens on its orders.
const TABS: &[(&str, &str)] = &[
    ("Orders", "/account"),
    ("Profile", "/account/profile"),
    ("Addresses", "/account/addresses"),
    ("Security", "/account/security"),
];

/// "Sign out", on every tab of the account; goes to the home page.
#[component]
fn SignOutButton() -> impl IntoView {
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
        <ActionForm action=sign_out>
            <button type="submit" class="btn-secondary whitespace-nowrap">"Sign out"</button>
        </ActionForm>
    }
}

/// The frame of the signed-in account's pages: a heading, the tabs, and `page` for the
/// signed-in account, or a sign-in prompt for guests.
#[component]
pub fn AccountShell(current: &'static str, page: fn(Viewer) -> AnyView) -> impl IntoView {
    let viewer = use_session().page_viewer();
    view! {
        <Suspense fallback=|| view! { <p role="status" class="text-slate-600">"Loading your account…"</p> }>
            {move || Suspend::new(async move {
                match settled(viewer).await {
                    Ok(Some(viewer)) => view! {
                        <div class="mx-auto max-w-3xl space-y-4">
                            <header class="flex items-start justify-between gap-3">
                                <div class="min-w-0">
                                    <h1 class="text-2xl font-extrabold">"Your account"</h1>
                                    <p class="truncate text-sm text-slate-600" data-testid="account-email">{viewer.email.clone()}</p>
                                </div>
                                <SignOutButton />
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

/// Shown to guests on pages that need an account; signing in comes back to the page.
#[component]
pub fn SignInPrompt() -> impl IntoView {
    let location = use_location();
    let here = move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    let sign_in = move || format!("/account/sign-in{}", next_query(Some(&here())));
    let sign_up = move || format!("/account/sign-up{}", next_query(Some(&here())));
    view! {
        <Title text="Please sign in" />
        <section class="card mx-auto max-w-md p-6 text-center">
            <h1 class="text-xl font-bold">"Please sign in"</h1>
            <p class="mt-2 text-slate-700">"Sign in to see your account."</p>
            <a class="btn-primary mt-4 inline-block" href=sign_in>"Sign in"</a>
            <p class="mt-3 text-sm">"No account yet? " <a class="link" href=sign_up>"Create one"</a></p>
        </section>
    }
}
