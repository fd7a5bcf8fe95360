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
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod media;
#[cfg(feature = "ssr")]
pub mod payments;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use components::layout::Layout;
use pages::account::addresses::AddressesPage;
use pages::account::recovery::{ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage};
use pages::account::settings::{OrdersPage, ProfilePage, SecurityPage};
use pages::account::{FinishSignUpPage, SignInPage, SignUpPage};
use pages::admin::analytics::AnalyticsPage;
use pages::admin::categories::CategoriesPage;
use pages::admin::import::ImportPage;
use pages::admin::inventory::InventoryPage;
use pages::admin::orders::{AdminOrderPage, AdminOrdersPage};
use pages::admin::products::{AdminProductsPage, ProductEditorPage};
use pages::admin::DashboardPage;
use pages::cart::CartPage;
use pages::checkout::CheckoutPage;
use pages::order::OrderPage;
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
                <HydrationScripts options=options.clone() />
                <HashedStylesheet options id="leptos" />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

/// The app: routes inside the shared layout.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    context::store::provide();
    let store_name = context::store::use_store().name;
    context::session::SessionContext::provide();
    context::cart::CartContext::provide();
    // Marks the body once the browser has hydrated, so tests (and people) know the page is live.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Title formatter=move |title: String| format!("{title} | {store_name}") />
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=ListingPage ssr=SsrMode::Async />
                    <Route path=path!("/c/:slug") view=ListingPage ssr=SsrMode::Async />
                    <Route path=path!("/p/:slug") view=ProductPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/account/addresses") view=AddressesPage ssr=SsrMode::Async />
                    <Route path=path!("/account/security") view=SecurityPage ssr=SsrMode::Async />
                    <Route path=path!("/account/orders") view=OrdersPage ssr=SsrMode::Async />
                    <Route path=path!("/account/sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/account/sign-up") view=SignUpPage ssr=SsrMode::Async />
                    <Route path=path!("/account/finish-sign-up") view=FinishSignUpPage ssr=SsrMode::Async />
                    <Route path=path!("/account/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/account/reset") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/account/verify") view=VerifyEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/inventory") view=InventoryPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/analytics") view=AnalyticsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/categories") view=CategoriesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/import") view=ImportPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/orders") view=AdminOrdersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/products") view=AdminProductsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/products/new") view=ProductEditorPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/products/:id") view=ProductEditorPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/orders/:number") view=AdminOrderPage ssr=SsrMode::Async />
                    <Route path=path!("/cart") view=CartPage ssr=SsrMode::Async />
                    <Route path=path!("/checkout") view=CheckoutPage ssr=SsrMode::Async />
                    <Route path=path!("/orders/:number") view=OrderPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
