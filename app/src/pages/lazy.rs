//! The pages most visitors never open (account, dashboard, cart, checkout, orders) as lazy
//! routes. With `cargo leptos build --release --split` (what `scripts/bench` and
//! `scripts/bundle-size` build) each one's code is its own WASM chunk, loaded when the browser first goes to that page, so a shopper's first
//! load carries only the storefront (home, listings, product pages). Without `--split` (debug
//! builds, `scripts/dev`) they load with the rest. Server rendering is the same either way.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use super::account::addresses::AddressesPage;
use super::account::recovery::{ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage};
use super::account::settings::{OrdersPage, ProfilePage, SecurityPage};
use super::account::{FinishSignUpPage, SignInPage, SignUpPage};
use super::admin::accounts::{AccountsListPage, AuditLogPage};
use super::admin::analytics::AnalyticsPage;
use super::admin::categories::CategoriesPage;
use super::admin::import::ImportPage;
use super::admin::inventory::InventoryPage;
use super::admin::order::AdminOrderPage;
use super::admin::orders::AdminOrdersPage;
use super::admin::products::{AdminProductsPage, ProductEditorPage};
use super::admin::shell::AdminShell;
use super::admin::store::StoreSettingsPage;
use super::admin::DashboardPage;
use super::cart::CartPage;
use super::checkout::CheckoutPage;
use super::help::HelpPage;
use super::order::OrderPage;
use super::stock_alerts::{ConfirmAlertPage, StopAlertPage};

/// `Route` → page component, each a lazy route; the dashboard's pages inside its own frame
/// ([`AdminShell`]).
macro_rules! lazy_pages {
    (@route $route:ident, $page:ident, $view:expr) => {
        #[doc = concat!("The lazily loaded route of [`", stringify!($page), "`].")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                crate::components::mark_hydrated();
                $view
            }
        }
    };
    ($($route:ident => $page:ident),* $(,)?) => {$(
        lazy_pages!(@route $route, $page, view! { <$page /> }.into_any());
    )*};
    (dashboard: $($route:ident => $page:ident),* $(,)?) => {$(
        lazy_pages!(@route $route, $page, view! { <AdminShell><$page /></AdminShell> }.into_any());
    )*};
}

lazy_pages! {
    Profile => ProfilePage,
    Addresses => AddressesPage,
    Security => SecurityPage,
    Orders => OrdersPage,
    SignIn => SignInPage,
    SignUp => SignUpPage,
    FinishSignUp => FinishSignUpPage,
    ForgotPassword => ForgotPasswordPage,
    ResetPassword => ResetPasswordPage,
    VerifyEmail => VerifyEmailPage,
    Cart => CartPage,
    Checkout => CheckoutPage,
    Order => OrderPage,
    ConfirmAlert => ConfirmAlertPage,
    StopAlert => StopAlertPage,
    Help => HelpPage,
}

lazy_pages! {
    dashboard:
    Dashboard => DashboardPage,
    Inventory => InventoryPage,
    Analytics => AnalyticsPage,
    Categories => CategoriesPage,
    Import => ImportPage,
    AdminOrders => AdminOrdersPage,
    AdminProducts => AdminProductsPage,
    ProductEditor => ProductEditorPage,
    AdminOrder => AdminOrderPage,
    AdminStore => StoreSettingsPage,
    AdminAccounts => AccountsListPage,
    AuditLog => AuditLogPage,
}
