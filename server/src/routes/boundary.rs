//! The first check every request meets: input no handler should ever see is refused here, with
//! a clear 4xx, before any page renders or any SQL runs.
//!
//! - a path over `MAX_PATH_BYTES` or a query over `MAX_QUERY_BYTES`: 414;
//! - a path or query that decodes to a control character (NUL, which Postgres refuses in text,
//!   and the other C0 controls and DEL): 400;
//! - a server-function call (`/api/...`) whose body is over `MAX_API_BODY_BYTES`: 413, whether
//!   it says so in Content-Length or streams on (server-function bodies are small forms; the
//!   body is read here, within the limit, and handed on).
//!
//! Control characters in form bodies are caught where they would reach Postgres
//! (`AppError`'s conversion from the database's "invalid byte" error): a 422, never a 500.

use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const MAX_PATH_BYTES: usize = 1024;
pub const MAX_QUERY_BYTES: usize = 16 * 1024;
pub const MAX_API_BODY_BYTES: usize = 1 << 20;

/// Whether percent-decoding `raw` yields a control character (or `raw` holds one already).
pub fn has_control_chars(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut i = 0;
    while i < bytes.len() {
        let byte = match bytes[i] {
            b'%' => {
                let digit = |at: usize| bytes.get(at).and_then(|b| hex(*b));
                match (digit(i + 1), digit(i + 2)) {
                    (Some(hi), Some(lo)) => {
                        i += 2;
                        (hi * 16 + lo) as u8
                    }
                    _ => b'%',
                }
            }
            b => b,
        };
        if byte < 0x20 || byte == 0x7f {
            return true;
        }
        i += 1;
    }
    false
}

fn refuse(status: StatusCode, api: bool, message: &str) -> Response {
    if api {
        let error = AppError::invalid("request", message);
        return (status, axum::Json(error)).into_response();
    }
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Bad request</title></head>\
         <body><h1>Bad request</h1><p>{message}</p><p><a href=\"/\">Go to the shop</a></p></body></html>"
    );
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        page,
    )
        .into_response()
}

pub async fn refuse_hostile_input(req: Request, next: Next) -> Response {
    let uri = req.uri();
    let path = uri.path();
    let api = path.starts_with("/api/");
    if path.len() > MAX_PATH_BYTES || uri.query().is_some_and(|q| q.len() > MAX_QUERY_BYTES) {
        return refuse(StatusCode::URI_TOO_LONG, api, "This address is too long.");
    }
    if has_control_chars(path) || uri.query().is_some_and(has_control_chars) {
        return refuse(
            StatusCode::BAD_REQUEST,
            api,
            "This address contains control characters.",
        );
    }
    if !api {
        return next.run(req).await;
    }
    let too_large = || {
        refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            true,
            "The request is too large.",
        )
    };
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > MAX_API_BODY_BYTES as u64) {
        return too_large();
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_API_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => return too_large(),
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::has_control_chars;

    #[test]
    fn control_characters_are_found_raw_or_percent_encoded() {
        for hostile in [
            "/p/%00",
            "a%0Ab",
            "%1f",
            "%7F",
            "x\u{1}",
            "q=%00&x=1",
            "%0d%0a",
        ] {
            assert!(has_control_chars(hostile), "{hostile}");
        }
        for fine in [
            "/p/rtx-4090",
            "q=50%25+off",
            "%",
            "%zz",
            "a%2",
            "%20",
            "caf%C3%A9",
            "",
        ] {
            assert!(!has_control_chars(fine), "{fine}");
        }
    }
}
