//! Server functions, one file per resource. Each is thin: take state, parse input into domain
//! types, call domain and db, return a read model or an `AppError`.

pub mod account;
pub mod addresses;
pub mod admin;
pub mod admin_orders;
pub mod analytics;
pub mod cart;
pub mod catalog;
pub mod catalog_csv;
pub mod categories;
pub mod checkout;
pub mod codec;
pub mod images;
pub mod inventory;
pub mod orders;
pub mod products;
pub mod profile;
pub mod recovery;
pub mod settings;
pub mod stock_alerts;

/// Answers that depend on the cookie must never be cached by browsers or proxies. Server only.
#[cfg(feature = "ssr")]
pub(crate) fn no_store() {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("private, no-store"),
        );
    }
}

/// After a form posted without JavaScript succeeded: send the browser to `next` when it is a
/// path on this site, else to the account page (Leptos would send it back to the form, which
/// would not say it worked). Calls from the app itself navigate on their own. Server only.
#[cfg(feature = "ssr")]
pub(crate) fn after_plain_form(next: Option<&str>) {
    if is_plain_form() {
        let target = next
            .and_then(crate::domain::account::safe_next)
            .unwrap_or("/account");
        leptos_axum::redirect(target);
    }
}

/// Whether this call is a form posted without JavaScript (it accepts HTML). Server only.
#[cfg(feature = "ssr")]
pub(crate) fn is_plain_form() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            let accept = parts.headers.get(axum::http::header::ACCEPT)?;
            Some(accept.to_str().ok()?.contains("text/html"))
        })
        .unwrap_or(false)
}

/// Gives the response the HTTP status matching an error (404 for NotFound, ...), for both
/// server-function calls and server-rendered pages. Server only.
#[cfg(feature = "ssr")]
pub(crate) fn respond<T>(
    result: Result<T, crate::error::AppError>,
) -> Result<T, crate::error::AppError> {
    if let Err(error) = &result {
        crate::pages::set_http_status(error.status_code());
        if let (crate::error::AppError::RateLimited { retry_after_secs }, Some(response)) = (
            error,
            leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        ) {
            response.insert_header(axum::http::header::RETRY_AFTER, (*retry_after_secs).into());
        }
    }
    result
}
