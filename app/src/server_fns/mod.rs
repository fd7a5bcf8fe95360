//! Server functions, one file per resource. Each is thin: take state, parse input into domain
//! types, call domain and db, return a read model or an `AppError`.

pub mod account;
pub mod catalog;

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
