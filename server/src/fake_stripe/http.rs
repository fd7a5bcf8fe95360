//! The REST API's handlers: Checkout Sessions and refunds behind the secret key, each call with
//! an `Idempotency-Key` answered once.

use std::sync::Arc;

use app::payments::events::merge;
use app::payments::now_secs;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};

use super::api_error::{ApiError, ApiResult};
use super::form::{int, parse_form, text};
use super::{random_id, FakeStripe};

const REFUND_TEMPLATE: &str = include_str!("../../../app/data/stripe/refund.json");

impl FakeStripe {
    pub(super) fn authorize(&self, headers: &HeaderMap, what: &str) -> Result<(), ApiError> {
        self.store().requests.push(what.to_string());
        let given = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if given == Some(self.config.api_key.as_str()) {
            Ok(())
        } else {
            Err(ApiError {
                status: StatusCode::UNAUTHORIZED,
                kind: "invalid_request_error",
                code: None,
                message: "Invalid API Key provided".into(),
                param: None,
            })
        }
    }
}

pub(super) async fn create_session(
    State(fake): State<Arc<FakeStripe>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    fake.authorize(&headers, "POST /v1/checkout/sessions")?;
    let raw = String::from_utf8_lossy(&body).to_string();
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(key) = &key {
        if let Some((earlier, answer)) = fake.store().idempotent.get(key) {
            if *earlier != raw {
                return Err(ApiError::idempotency_mismatch());
            }
            return Ok(Json(answer.clone()));
        }
    }
    let (session, lines) = fake.new_session(&parse_form(&body))?;
    let mut store = fake.store();
    store.sessions.insert(
        session["id"].as_str().unwrap_or_default().to_string(),
        (session.clone(), lines),
    );
    if let Some(key) = key {
        store.idempotent.insert(key, (raw, session.clone()));
    }
    Ok(Json(session))
}

pub(super) async fn retrieve_session(
    State(fake): State<Arc<FakeStripe>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult {
    fake.authorize(&headers, "GET /v1/checkout/sessions/{id}")?;
    fake.session(&id)
        .map(Json)
        .ok_or_else(|| ApiError::no_such("checkout.session", &id))
}

pub(super) async fn expire_session(
    State(fake): State<Arc<FakeStripe>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult {
    fake.authorize(&headers, "POST /v1/checkout/sessions/{id}/expire")?;
    fake.expire(&id).await.map(Json)
}

pub(super) async fn create_refund(
    State(fake): State<Arc<FakeStripe>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    fake.authorize(&headers, "POST /v1/refunds")?;
    let form = parse_form(&body);
    let payment_intent = text(&form["payment_intent"], "payment_intent")?.to_string();
    let raw = String::from_utf8_lossy(&body).to_string();
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| format!("refund:{k}"));
    let mut store = fake.store();
    // Stripe answers a repeated key with the first answer (and refuses other parameters).
    if let Some((earlier, answer)) = key.as_ref().and_then(|k| store.idempotent.get(k)) {
        if *earlier != raw {
            return Err(ApiError::idempotency_mismatch());
        }
        return Ok(Json(answer.clone()));
    }
    let paid = store
        .sessions
        .values()
        .find(|(s, _)| s["payment_intent"].as_str() == Some(payment_intent.as_str()))
        .map(|(s, _)| {
            (
                s["amount_total"].as_i64().unwrap_or(0),
                s["currency"].clone(),
            )
        });
    let Some((paid, currency)) = paid else {
        return Err(ApiError::no_such("payment_intent", &payment_intent));
    };
    let refunded: i64 = store
        .refunds
        .iter()
        .filter(|r| r["payment_intent"].as_str() == Some(payment_intent.as_str()))
        .filter_map(|r| r["amount"].as_i64())
        .sum();
    let amount = match form.get("amount") {
        Some(v) => int(v, "amount")?,
        None => paid - refunded,
    };
    if amount < 1 || refunded + amount > paid {
        return Err(ApiError {
            code: Some("charge_already_refunded"),
            ..ApiError::invalid(
                "amount",
                format!(
                    "Refund amount ({amount}) is greater than unrefunded amount on charge ({}).",
                    paid - refunded
                ),
            )
        });
    }
    let mut refund: Value = serde_json::from_str(REFUND_TEMPLATE).expect("bundled fixture");
    merge(
        &mut refund,
        json!({
            "id": random_id("re_"),
            "amount": amount,
            "currency": currency,
            "payment_intent": payment_intent,
            "charge": random_id("ch_"),
            "created": now_secs(),
            "status": "succeeded",
            "metadata": form.get("metadata").cloned().unwrap_or(json!({})),
            "reason": form.get("reason").cloned().unwrap_or(Value::Null),
        }),
    );
    store.refunds.push(refund.clone());
    if let Some(key) = key {
        store.idempotent.insert(key, (raw, refund.clone()));
    }
    Ok(Json(refund))
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::payments::events::EVENT_TEMPLATE;

    #[test]
    fn the_templates_are_stripes_objects() {
        let event: Value = serde_json::from_str(EVENT_TEMPLATE).unwrap();
        assert_eq!(event["object"], "event");
        let refund: Value = serde_json::from_str(REFUND_TEMPLATE).unwrap();
        assert_eq!(refund["object"], "refund");
    }
}
