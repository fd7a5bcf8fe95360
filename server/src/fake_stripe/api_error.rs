//! Stripe's error answer (`error.type`, `code`, `message`, `param`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

pub(super) type ApiResult = Result<Json<Value>, ApiError>;

/// Stripe's error answer.
pub struct ApiError {
    pub(super) status: StatusCode,
    pub(super) kind: &'static str,
    pub(super) code: Option<&'static str>,
    pub(super) message: String,
    pub(super) param: Option<String>,
}

impl ApiError {
    pub(super) fn invalid(param: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            kind: "invalid_request_error",
            code: Some("parameter_invalid"),
            message: message.into(),
            param: Some(param.to_string()),
        }
    }
    pub(super) fn missing(param: &str) -> ApiError {
        ApiError {
            code: Some("parameter_missing"),
            ..ApiError::invalid(param, format!("Missing required param: {param}."))
        }
    }
    /// Stripe's answer to an idempotency key sent again with other parameters.
    pub(super) fn idempotency_mismatch() -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            kind: "idempotency_error",
            code: None,
            message: "Keys for idempotent requests can only be used with the same parameters \
                      they were first used with."
                .to_string(),
            param: None,
        }
    }
    pub(super) fn no_such(what: &str, id: &str) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: Some("resource_missing"),
            ..ApiError::invalid("id", format!("No such {what}: '{id}'"))
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {
            "type": self.kind,
            "code": self.code,
            "message": self.message,
            "param": self.param,
            "doc_url": self.code.map(|c| format!("https://stripe.com/docs/error-codes/{c}")),
        }});
        (self.status, Json(body)).into_response()
    }
}
