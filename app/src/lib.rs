//! Oxcart's application crate: everything shared by the server (SSR, server functions) and
//! the browser (hydration).
//!
//! # Layout
//! - `domain/`: pure rules and read models (money, catalog query, stock status). No I/O.
//! - `error.rs`: `AppError`, the one error type of server functions.
//! - `server_fns/`: `#[server]` functions, one file per resource.
//! - `context/`: client providers (who is signed in).
//! - `auth/` (ssr): password hashing, session tokens and cookies, role checks.
//! - `db/` (ssr): every SQL statement. `media.rs` (ssr): uploaded image files on disk. `demo/` (ssr): the demo catalog. `state.rs` (ssr): `AppState`.
//! - `pages/`: one component per route. `components/`: reusable view pieces.

// Release builds (without `--cfg erase_components`) nest view types deeply.
#![recursion_limit = "256"]

pub mod components;
pub mod context;
pub mod domain;
pub mod error;
pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod consumers;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod media;
#[cfg(feature = "ssr")]
pub mod payments;
#[cfg(feature = "ssr")]
pub mod relay;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use components::layout::Layout;
use leptos_router::Lazy;
use pages::lazy;
use pages::{home::HomePage, listing::ListingPage, not_found::NotFoundPage, product::ProductPage};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0f172a" />
                // Marks documents whose JavaScript runs, before anything paints, so messages
                // meant only for browsers without it (`.no-js-only`) never flash. It carries the
                // response's nonce, which the Content-Security-Policy requires of inline scripts.
                <script nonce=leptos::nonce::use_nonce()>"document.documentElement.classList.add('js')"</script>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                {context::store::head_tag()}
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="leptos" />
                // The JS and WASM are fetched and run when the browser is first idle, after
                // the server-rendered page has painted (links and forms work before).
                <components::hydration::HydrateWhenIdle options />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

/// The app: routes inside the shared layout. The storefront's pages (home, listings, products)
/// are in the first bundle; the others are lazy routes (`pages::lazy`), split into their own
/// chunks by `cargo leptos build --split`.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    context::store::provide();
    let store_name = context::store::use_store().name;
    context::session::SessionContext::provide();
    context::cart::CartContext::provide();
    // Each page marks the body `data-hydrated` once it is live (`components::mark_hydrated`).
    view! {
        <Title formatter=move |title: String| format!("{title} | {store_name}") />
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=ListingPage ssr=SsrMode::Async />
                    <Route path=path!("/c/:slug") view=ListingPage ssr=SsrMode::Async />
                    <Route path=path!("/p/:slug") view=ProductPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view={Lazy::<lazy::Orders>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account/profile") view={Lazy::<lazy::Profile>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account/addresses") view={Lazy::<lazy::Addresses>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account/security") view={Lazy::<lazy::Security>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account/orders") view={Lazy::<lazy::Orders>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account/sign-in") view={Lazy::<lazy::SignIn>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account/sign-up") view={Lazy::<lazy::SignUp>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account/finish-sign-up") view={Lazy::<lazy::FinishSignUp>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account/forgot-password") view={Lazy::<lazy::ForgotPassword>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account/reset") view={Lazy::<lazy::ResetPassword>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account/verify") view={Lazy::<lazy::VerifyEmail>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin") view={Lazy::<lazy::Dashboard>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/inventory") view={Lazy::<lazy::Inventory>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/analytics") view={Lazy::<lazy::Analytics>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/categories") view={Lazy::<lazy::Categories>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/import") view={Lazy::<lazy::Import>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/orders") view={Lazy::<lazy::AdminOrders>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/products") view={Lazy::<lazy::AdminProducts>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/products/new") view={Lazy::<lazy::ProductEditor>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/products/:id") view={Lazy::<lazy::ProductEditor>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/orders/:number") view={Lazy::<lazy::AdminOrder>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/store") view={Lazy::<lazy::AdminStore>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/accounts") view={Lazy::<lazy::AdminAccounts>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view={Lazy::<lazy::AuditLog>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/help/:slug") view={Lazy::<lazy::Help>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/cart") view={Lazy::<lazy::Cart>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/checkout") view={Lazy::<lazy::Checkout>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/orders/:number") view={Lazy::<lazy::Order>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/alerts/confirm") view={Lazy::<lazy::ConfirmAlert>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/alerts/stop") view={Lazy::<lazy::StopAlert>::new()} ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
