//! PayPal's error answer (`name`, `message`, `details[].issue`, `debug_id`, `links`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::random_id;

/// PayPal's error answer.
pub struct ApiError {
    status: StatusCode,
    name: &'static str,
    message: String,
    issue: Option<(&'static str, String)>,
}

impl ApiError {
    pub(super) fn unprocessable(issue: &'static str, description: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            name: "UNPROCESSABLE_ENTITY",
            message: "The requested action could not be performed, semantically incorrect, or failed business validation.".into(),
            issue: Some((issue, description.into())),
        }
    }
    pub(super) fn invalid(issue: &'static str, description: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            name: "INVALID_REQUEST",
            message: "Request is not well-formed, syntactically incorrect, or violates schema."
                .into(),
            issue: Some((issue, description.into())),
        }
    }
    pub(super) fn not_found() -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            name: "RESOURCE_NOT_FOUND",
            message: "The specified resource does not exist.".into(),
            issue: Some((
                "INVALID_RESOURCE_ID",
                "Specified resource ID does not exist. Please check the resource ID and try again."
                    .into(),
            )),
        }
    }
    pub(super) fn unauthenticated() -> ApiError {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            name: "AUTHENTICATION_FAILURE",
            message: "Authentication failed due to invalid authentication credentials or a missing Authorization header.".into(),
            issue: None,
        }
    }
    fn body(&self) -> Value {
        let mut body = json!({
            "name": self.name,
            "message": self.message,
            "debug_id": random_id(13).to_ascii_lowercase(),
            "links": [{"href": "https://developer.paypal.com/docs/api/orders/v2/#error-".to_string() + self.name, "rel": "information_link"}],
        });
        if let Some((issue, description)) = &self.issue {
            body["details"] = json!([{"issue": issue, "description": description}]);
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

pub(super) type ApiResult = Result<(StatusCode, Json<Value>), ApiError>;
