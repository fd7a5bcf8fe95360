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
pub mod images;
pub mod inventory;
pub mod orders;
pub mod products;
pub mod profile;
pub mod recovery;

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
