//! The REST API's handlers: OAuth2 client-credentials tokens, then Orders v2 and refunds
//! behind a bearer token, each call with a `PayPal-Request-Id` answered once.

use std::sync::Arc;

use app::payments::now_secs;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::{json, Value};

use super::api_error::{ApiError, ApiResult};
use super::{random_id, timestamp, FakePayPal};

impl FakePayPal {
    pub(super) fn authorize(&self, headers: &HeaderMap, what: String) -> Result<(), ApiError> {
        let mut store = self.store();
        store.requests.push(what);
        let token = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        match token.and_then(|t| store.tokens.get(t)) {
            Some(expires) if *expires > now_secs() => Ok(()),
            _ => Err(ApiError::unauthenticated()),
        }
    }

    /// Serializes calls that carry the same `PayPal-Request-Id`, as PayPal does: the second
    /// of two concurrent calls gets the first one's answer, never a second effect.
    pub(super) async fn one_at_a_time(
        &self,
        headers: &HeaderMap,
        scope: &str,
    ) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        let id = headers.get("paypal-request-id")?.to_str().ok()?;
        let lock = self
            .store()
            .in_flight
            .entry(format!("{scope}:{id}"))
            .or_default()
            .clone();
        Some(lock.lock_owned().await)
    }

    /// The answer stored for a `PayPal-Request-Id`, if the call was made before.
    pub(super) fn replay(&self, headers: &HeaderMap, scope: &str) -> Option<(StatusCode, Value)> {
        let id = headers.get("paypal-request-id")?.to_str().ok()?;
        self.store()
            .idempotent
            .get(&format!("{scope}:{id}"))
            .cloned()
    }

    pub(super) fn remember(&self, headers: &HeaderMap, scope: &str, answer: &(StatusCode, Value)) {
        if let Some(id) = headers
            .get("paypal-request-id")
            .and_then(|v| v.to_str().ok())
        {
            self.store()
                .idempotent
                .insert(format!("{scope}:{id}"), answer.clone());
        }
    }
}

fn json_body(body: &Bytes) -> Result<Value, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::invalid("MALFORMED_REQUEST_JSON", e.to_string()))
}

pub(super) async fn token(
    State(fake): State<Arc<FakePayPal>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            fake.config.client_id, fake.config.client_secret
        ))
    );
    let given = headers.get("authorization").and_then(|v| v.to_str().ok());
    let grant =
        form_urlencoded::parse(&body).any(|(k, v)| k == "grant_type" && v == "client_credentials");
    let mut store = fake.store();
    store.requests.push("POST /v1/oauth2/token".into());
    store.token_requests += 1;
    if given != Some(expected.as_str()) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client", "error_description": "Client Authentication failed"})),
        )
            .into_response();
    }
    if !grant {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "unsupported_grant_type", "error_description": "Grant Type is NULL"})),
        )
            .into_response();
    }
    let token = format!("A21AA{}", random_id(40));
    store
        .tokens
        .insert(token.clone(), now_secs() + fake.config.token_ttl as i64);
    Json(json!({
        "scope": "https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/payments/refund",
        "access_token": token,
        "token_type": "Bearer",
        "app_id": "APP-80W284485P519543T",
        "expires_in": fake.config.token_ttl,
        "nonce": format!("{}-{}", timestamp(), random_id(20)),
    }))
    .into_response()
}

pub(super) async fn create_order(
    State(fake): State<Arc<FakePayPal>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    fake.authorize(&headers, "POST /v2/checkout/orders".into())?;
    let _once = fake.one_at_a_time(&headers, "create").await;
    if let Some((status, answer)) = fake.replay(&headers, "create") {
        return Ok((status, Json(answer)));
    }
    let order = fake.new_order(&json_body(&body)?)?;
    fake.store().orders.insert(
        order["id"].as_str().unwrap_or("").to_string(),
        order.clone(),
    );
    let answer = (StatusCode::CREATED, FakePayPal::public(&order));
    fake.remember(&headers, "create", &answer);
    Ok((answer.0, Json(answer.1)))
}

pub(super) async fn get_order(
    State(fake): State<Arc<FakePayPal>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult {
    fake.authorize(&headers, format!("GET /v2/checkout/orders/{id}"))?;
    let order = fake.order(&id).ok_or_else(ApiError::not_found)?;
    Ok((StatusCode::OK, Json(FakePayPal::public(&order))))
}

pub(super) async fn capture_order(
    State(fake): State<Arc<FakePayPal>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult {
    fake.authorize(&headers, format!("POST /v2/checkout/orders/{id}/capture"))?;
    let scope = format!("capture:{id}");
    let _once = fake.one_at_a_time(&headers, &scope).await;
    if let Some((status, answer)) = fake.replay(&headers, &scope) {
        return Ok((status, Json(answer)));
    }
    let order = fake.capture(&id).await?;
    let answer = (StatusCode::CREATED, order);
    fake.remember(&headers, &scope, &answer);
    Ok((answer.0, Json(answer.1)))
}

pub(super) async fn refund_capture(
    State(fake): State<Arc<FakePayPal>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    fake.authorize(&headers, format!("POST /v2/payments/captures/{id}/refund"))?;
    let scope = format!("refund:{id}");
    let _once = fake.one_at_a_time(&headers, &scope).await;
    if let Some((status, answer)) = fake.replay(&headers, &scope) {
        return Ok((status, Json(answer)));
    }
    let request = if body.is_empty() {
        json!({})
    } else {
        json_body(&body)?
    };
    let refund = fake.refund(&id, &request).await?;
    let answer = (StatusCode::CREATED, refund);
    fake.remember(&headers, &scope, &answer);
    Ok((answer.0, Json(answer.1)))
}
