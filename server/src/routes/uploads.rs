//! File uploads and downloads of the dashboard, as plain routes (multipart forms work before
//! the page hydrates, and downloads need their own headers):
//! - `POST /admin/products/{id}/images`: a product image (multipart: `image`, the file, and
//!   `alt`). Sellers upload to their own products, admins to any. A browser's form post
//!   (Accept: text/html) is always answered with 303 back to the product editor, with
//!   `image_error` and the typed `alt` in the query when the upload was refused, so the editor
//!   shows why and keeps what was typed (signed out or not allowed, the editor says so). Other clients get 201 and the gallery as JSON, or the error's status
//!   and the `AppError` as JSON.
//! - `GET /admin/export/products.csv`: the catalog as CSV (a seller's: their own products).
//! - `POST /admin/import/products`: a CSV import (multipart: `file`; admins only). Browsers
//!   are sent to `/admin/import?report=…`; other clients get the report as JSON, 200 when it
//!   was applied and 422 when it had mistakes (then nothing was applied).

use app::error::AppError;
use app::state::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

/// Longest alt text read from the form, in bytes (the rules allow far less).
const MAX_ALT_BYTES: usize = 4096;
/// Most parts a form may have (the forms have two or three).
const MAX_PARTS: usize = 8;
/// Room for the form's other parts and multipart framing, on top of the file's own limit.
const FORM_OVERHEAD: usize = 64 * 1024;
/// How far past its limit a file is still read (and dropped) so the answer reaches the browser.
const DRAIN_ROOM: usize = 8 << 20;

/// The ceiling of a whole upload request whose file may have `file_max` bytes: a file over its
/// limit is still read (and dropped) up to here, so the browser gets the answer instead of a
/// reset connection; past it the request is refused with 413.
pub fn body_ceiling(file_max: usize) -> usize {
    file_max.saturating_mul(2).max(file_max + DRAIN_ROOM) + FORM_OVERHEAD
}

pub fn router(image_max_bytes: usize) -> Router<AppState> {
    Router::new()
        .route(
            "/admin/products/{id}/images",
            post(upload).layer(DefaultBodyLimit::max(body_ceiling(image_max_bytes))),
        )
        .route("/admin/export/products.csv", get(export))
        .route(
            "/admin/import/products",
            post(import).layer(DefaultBodyLimit::max(body_ceiling(
                app::server_fns::catalog_csv::ssr::MAX_FILE_BYTES,
            ))),
        )
}

/// What the form carried.
#[derive(Default)]
struct Upload {
    bytes: Vec<u8>,
    alt: String,
    too_large: bool,
}

/// Why a form could not be read.
enum FormError {
    /// The request passed its ceiling (413).
    TooLarge,
    /// Broken, interrupted, or shaped unlike the form (too many parts, two files).
    Unreadable(&'static str),
}

impl FormError {
    fn from_multipart(e: axum::extract::multipart::MultipartError) -> FormError {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return FormError::TooLarge;
        }
        tracing::info!(error = %e, "unreadable upload");
        FormError::Unreadable("The upload was interrupted or is not a form; try again.")
    }
}

/// Reads one part up to `max` bytes into `into`; beyond it the rest is read and dropped (the
/// request's ceiling bounds how much) and the result says it was too large.
async fn read_part(
    field: &mut axum::extract::multipart::Field<'_>,
    max: usize,
    into: &mut Vec<u8>,
) -> Result<bool, FormError> {
    let mut too_large = false;
    while let Some(chunk) = field.chunk().await.map_err(FormError::from_multipart)? {
        if too_large || into.len() + chunk.len() > max {
            too_large = true;
            *into = Vec::new();
        } else {
            into.extend_from_slice(&chunk);
        }
    }
    Ok(!too_large)
}

/// Reads a multipart form: one file in `file_field` (at most `max` bytes) and `alt` (at most
/// `MAX_ALT_BYTES`), with at most `MAX_PARTS` parts. Memory stays within the two limits.
async fn read_form(mut form: Multipart, file_field: &str, max: usize) -> Result<Upload, FormError> {
    let mut upload = Upload::default();
    let (mut parts, mut files) = (0, 0);
    while let Some(mut field) = form.next_field().await.map_err(FormError::from_multipart)? {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(FormError::Unreadable("The form has too many fields."));
        }
        match field.name() {
            Some(name) if name == file_field => {
                files += 1;
                if files > 1 {
                    return Err(FormError::Unreadable("Send one file at a time."));
                }
                let fits = read_part(&mut field, max, &mut upload.bytes).await?;
                upload.too_large = !fits;
            }
            Some("alt") => {
                let mut bytes = Vec::new();
                if !read_part(&mut field, MAX_ALT_BYTES, &mut bytes).await? {
                    return Err(FormError::Unreadable("The alt text is far too long."));
                }
                upload.alt = String::from_utf8_lossy(&bytes).into_owned();
            }
            // Other parts are skipped (their bytes count against the request's ceiling).
            _ => {}
        }
    }
    Ok(upload)
}

/// A refused upload as an error for the caller (413 for a request over its ceiling).
fn form_refusal(error: FormError, field: &str, too_large: String) -> AppError {
    match error {
        FormError::TooLarge => AppError::invalid(field, too_large),
        FormError::Unreadable(message) => AppError::invalid(field, message),
    }
}

/// Whether the request says up front that it is larger than its route's ceiling.
fn announced_too_large(headers: &HeaderMap, ceiling: usize) -> bool {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > ceiling as u64)
}

async fn upload(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let wants_html = wants_html(&headers);
    let Ok(product) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut alt = String::new();
    let mut caller = None;
    let mut over_ceiling = false;
    let max_bytes = state.media.max_bytes;
    let too_large = app::domain::image::Rejection::TooLarge { max_bytes }.message();
    let result = async {
        // Who is asking, and whether they may, before a byte of the body is read.
        let me = app::auth::signed_in_by_headers(&state, &headers)
            .await?
            .ok_or(AppError::Unauthorized)?;
        app::server_fns::images::ssr::may_upload(&state, &me, product).await?;
        caller = Some(me.clone());
        if announced_too_large(&headers, body_ceiling(max_bytes)) {
            over_ceiling = true;
            return Err(AppError::invalid("image", too_large.clone()));
        }
        let form = form.map_err(|_| {
            AppError::invalid(
                "image",
                "Send the image as a multipart form (field \"image\").",
            )
        })?;
        let upload = read_form(form, "image", max_bytes).await.map_err(|e| {
            over_ceiling = matches!(e, FormError::TooLarge);
            form_refusal(e, "image", too_large.clone())
        })?;
        alt.clone_from(&upload.alt);
        if upload.too_large {
            return Err(AppError::invalid("image", too_large.clone()));
        }
        app::server_fns::images::ssr::upload(&state, &me, product, &upload.bytes, &upload.alt)
            .await?;
        Ok(app::db::images::list(&state.db, product).await?)
    }
    .await;
    match (result, wants_html) {
        (Ok(_), true) => {
            Redirect::to(&format!("/admin/products/{product}?uploaded=1#images")).into_response()
        }
        (Ok(images), false) => (StatusCode::CREATED, axum::Json(images)).into_response(),
        // A browser always lands back on the editor: with the reason for a refused file (kept
        // on the server under a key; the address never carries text the page would show), or
        // (signed out, not allowed, no such product) on the editor's own sign-in, refusal or
        // not-found page.
        (Err(error), true) => {
            let refusal = match (error, &caller) {
                (AppError::Invalid { message, .. }, Some(me)) => {
                    let note = app::domain::image::UploadRefusal { message, alt };
                    app::server_fns::images::ssr::remember_refusal(&state, me, &note)
                        .await
                        .ok()
                }
                _ => None,
            };
            let query = refusal.map_or(String::new(), |key| format!("?image_error={key}"));
            Redirect::to(&format!("/admin/products/{product}{query}#images")).into_response()
        }
        (Err(error), false) if over_ceiling => {
            (StatusCode::PAYLOAD_TOO_LARGE, axum::Json(error)).into_response()
        }
        (Err(error), false) => error_response(error),
    }
}

fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

fn error_response(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, axum::Json(error)).into_response()
}

async fn export(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let result = async {
        let me = app::auth::signed_in_by_headers(&state, &headers)
            .await?
            .ok_or(AppError::Unauthorized)?;
        app::server_fns::catalog_csv::ssr::export(&state, &me).await
    }
    .await;
    match result {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"oxcart-products.csv\"",
                ),
                (header::CACHE_CONTROL, "private, no-store"),
            ],
            csv,
        )
            .into_response(),
        Err(error) => error_response(error),
    }
}

async fn import(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    use app::server_fns::catalog_csv::ssr;
    let mut over_ceiling = false;
    let result = async {
        let me = app::auth::signed_in_by_headers(&state, &headers)
            .await?
            .ok_or(AppError::Unauthorized)?;
        if me.viewer.role != app::domain::account::Role::Admin {
            return Err(AppError::Forbidden);
        }
        let too_large = format!(
            "The file is too large: at most {} per import. Split it.",
            app::domain::image::human_size(ssr::MAX_FILE_BYTES)
        );
        if announced_too_large(&headers, body_ceiling(ssr::MAX_FILE_BYTES)) {
            over_ceiling = true;
            return Ok((me, ssr::refused(too_large)));
        }
        let report = match form {
            Err(_) => ssr::refused("Send the file as a multipart form (field \"file\")."),
            Ok(form) => match read_form(form, "file", ssr::MAX_FILE_BYTES).await {
                Err(FormError::TooLarge) => {
                    over_ceiling = true;
                    ssr::refused(too_large)
                }
                Err(FormError::Unreadable(message)) => ssr::refused(message),
                Ok(upload) if upload.too_large => ssr::refused(too_large),
                Ok(upload) if upload.bytes.is_empty() => ssr::refused("Choose a CSV file."),
                Ok(upload) => ssr::import(&state, &me, &upload.bytes).await?,
            },
        };
        Ok((me, report))
    }
    .await;
    match result {
        Ok((me, report)) if wants_html(&headers) => {
            match ssr::remember(&state, &me, &report).await {
                Ok(key) => Redirect::to(&format!("/admin/import?report={key}")).into_response(),
                Err(error) => error_response(error),
            }
        }
        Ok((_, report)) => {
            let status = if over_ceiling {
                StatusCode::PAYLOAD_TOO_LARGE
            } else if report.applied {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            (status, axum::Json(report)).into_response()
        }
        // Signed out or not an admin: the import page says so (and offers to sign in).
        Err(_) if wants_html(&headers) => Redirect::to("/admin/import").into_response(),
        Err(error) => error_response(error),
    }
}
