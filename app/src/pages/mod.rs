//! One component per route.

pub mod account;
pub mod admin;
pub mod cart;
pub mod checkout;
pub mod help;
pub mod home;
pub mod lazy;
pub mod listing;
pub mod not_found;
pub mod order;
pub mod product;
pub mod stock_alerts;

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

use crate::error::AppError;
use not_found::NotFoundContent;

/// Sets the HTTP status of the response being rendered (server only; a no-op in the browser).
pub fn set_http_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(
            axum::http::StatusCode::from_u16(code)
                .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// Title text with angle brackets replaced by look-alikes: `leptos_meta` writes `<title>` text
/// unescaped during SSR, so shopper text such as a search for `</title><script>` must not
/// reach it as markup.
pub fn safe_title(text: &str) -> String {
    text.replace('<', "‹").replace('>', "›")
}

/// Title, description, canonical URL and OpenGraph tags of a page.
#[component]
pub fn PageMeta(
    title: String,
    description: String,
    canonical: String,
    #[prop(default = "website")] og_type: &'static str,
    #[prop(optional)] image: Option<String>,
) -> impl IntoView {
    let title = safe_title(&title);
    let site_name = crate::context::store::use_store().name;
    view! {
        <Title text=title.clone() />
        <Meta name="description" content=description.clone() />
        <Link rel="canonical" href=canonical.clone() />
        <Meta property="og:type" content=og_type />
        <Meta property="og:site_name" content=site_name />
        <Meta property="og:title" content=title />
        <Meta property="og:description" content=description />
        <Meta property="og:url" content=canonical />
        {image.map(|url| view! { <Meta property="og:image" content=url /> })}
    }
}

/// What a page shows when its data could not be loaded; sets the matching HTTP status.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    set_http_status(error.status_code());
    match error {
        AppError::NotFound(what) => view! { <NotFoundContent what /> }.into_any(),
        other => view! {
            <Title text="Something went wrong" />
            <section class="mx-auto max-w-xl py-16 text-center" role="alert">
                <h1 class="text-2xl font-bold">"Something went wrong"</h1>
                <p class="mt-2 text-slate-700">{other.to_string()}</p>
                <a class="btn-primary mt-6 inline-block" href="/">"Back to the shop"</a>
            </section>
        }
        .into_any(),
    }
}
