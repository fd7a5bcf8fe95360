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

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/products/{id}/images", post(upload))
        .route("/admin/export/products.csv", get(export))
        .route("/admin/import/products", post(import))
        // The file's own limit is checked while it streams in (see `read_file`).
        .layer(DefaultBodyLimit::disable())
}

/// What the form carried.
#[derive(Default)]
struct Upload {
    bytes: Vec<u8>,
    alt: String,
    too_large: bool,
}

/// Reads the file up to `max` bytes. Beyond it, keeps reading (and dropping) up to a ceiling so
/// the fields after it (the alt text) can still be read and a browser sees the answer instead
/// of a reset connection. Returns false when it stopped at the ceiling with the file unread.
async fn read_file(
    field: &mut axum::extract::multipart::Field<'_>,
    max: usize,
    into: &mut Upload,
) -> Result<bool, axum::extract::multipart::MultipartError> {
    let ceiling = max.saturating_mul(4).max(16 << 20);
    let mut seen = 0usize;
    while let Some(chunk) = field.chunk().await? {
        seen += chunk.len();
        if seen > max {
            into.too_large = true;
            into.bytes = Vec::new();
            if seen > ceiling {
                return Ok(false);
            }
        } else {
            into.bytes.extend_from_slice(&chunk);
        }
    }
    Ok(true)
}

/// Reads a multipart form: the file in `file_field` (at most `max` bytes) and `alt`.
async fn read_form(mut form: Multipart, file_field: &str, max: usize) -> Result<Upload, AppError> {
    let broken = |e: axum::extract::multipart::MultipartError| {
        tracing::info!(error = %e, "unreadable upload");
        AppError::invalid(
            "image",
            "The upload was interrupted or is not a form; try again.",
        )
    };
    let mut upload = Upload::default();
    while let Some(mut field) = form.next_field().await.map_err(broken)? {
        match field.name() {
            Some(name) if name == file_field => {
                let complete = read_file(&mut field, max, &mut upload)
                    .await
                    .map_err(broken)?;
                if !complete {
                    break;
                }
            }
            Some("alt") => {
                let text = field.text().await.map_err(broken)?;
                upload.alt = text.chars().take(MAX_ALT_BYTES).collect();
            }
            _ => {}
        }
    }
    Ok(upload)
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
    let result = async {
        let me = app::auth::signed_in_by_headers(&state, &headers)
            .await?
            .ok_or(AppError::Unauthorized)?;
        let form = form.map_err(|_| {
            AppError::invalid(
                "image",
                "Send the image as a multipart form (field \"image\").",
            )
        })?;
        let upload = read_form(form, "image", state.media.max_bytes).await?;
        alt.clone_from(&upload.alt);
        if upload.too_large {
            let max_bytes = state.media.max_bytes;
            let message = app::domain::image::Rejection::TooLarge { max_bytes }.message();
            return Err(AppError::invalid("image", message));
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
        // A browser always lands back on the editor: with the reason for a refused file, or
        // (signed out, not allowed, no such product) on the editor's own sign-in, refusal or
        // not-found page.
        (Err(error), true) => {
            let message = match error {
                AppError::Invalid { message, .. } => message,
                other => other.to_string(),
            };
            let query = form_urlencoded::Serializer::new(String::new())
                .append_pair("image_error", &message)
                .append_pair("alt", &alt)
                .finish();
            Redirect::to(&format!("/admin/products/{product}?{query}#images")).into_response()
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
    let result = async {
        let me = app::auth::signed_in_by_headers(&state, &headers)
            .await?
            .ok_or(AppError::Unauthorized)?;
        if me.viewer.role != app::domain::account::Role::Admin {
            return Err(AppError::Forbidden);
        }
        let report = match form {
            Err(_) => ssr::refused("Send the file as a multipart form (field \"file\")."),
            Ok(form) => match read_form(form, "file", ssr::MAX_FILE_BYTES).await {
                Err(_) => ssr::refused("The upload was interrupted; try again."),
                Ok(upload) if upload.too_large => ssr::refused(format!(
                    "The file is too large: at most {} per import. Split it.",
                    app::domain::image::human_size(ssr::MAX_FILE_BYTES)
                )),
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
            let status = if report.applied {
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
