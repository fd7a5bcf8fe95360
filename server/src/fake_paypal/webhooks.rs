//! Webhook events: kept in order, delivered to the store with PayPal's transmission headers,
//! and checked by `verify-webhook-signature`. The "signature" is an HMAC only this fake checks.

use std::sync::Arc;

use app::payments::signature;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::api_error::{ApiError, ApiResult};
use super::{random_id, timestamp, FakePayPal};

const SIGNING_KEY: &str = "oxcart-fake-paypal-signing-key";

/// The signature of one transmission.
pub fn transmission_sig(id: &str, time: &str, webhook_id: &str, body: &[u8]) -> String {
    let mut signed = format!("{id}|{time}|{webhook_id}|").into_bytes();
    signed.extend_from_slice(body);
    let header = signature::sign(SIGNING_KEY, 0, &signed);
    header.rsplit("v1=").next().unwrap_or("").to_string()
}

impl FakePayPal {
    pub(super) async fn emit(&self, kind: &str, resource_type: &str, resource: &Value) {
        let id = format!("WH-{}-{}", random_id(17), random_id(17));
        let event = json!({
            "id": id,
            "event_version": "1.0",
            "create_time": timestamp(),
            "resource_type": resource_type,
            "resource_version": "2.0",
            "event_type": kind,
            "summary": format!("{kind} (fake PayPal)"),
            "resource": resource,
            "links": [
                {"href": format!("{}/v1/notifications/webhooks-events/{id}", self.config.public_url), "rel": "self", "method": "GET"},
                {"href": format!("{}/v1/notifications/webhooks-events/{id}/resend", self.config.public_url), "rel": "resend", "method": "POST"}
            ],
        });
        let hold = {
            let mut store = self.store();
            store.events.push(event.clone());
            store.hold_webhooks
        };
        if !hold {
            self.deliver(&event).await;
        }
    }

    /// Sends an event to the store with PayPal's transmission headers (again, for a duplicate).
    pub async fn deliver(&self, event: &Value) -> Option<u16> {
        let url = self.config.forward_to.as_deref()?;
        let body = serde_json::to_vec(event).unwrap_or_default();
        let (id, time) = (uuid::Uuid::new_v4().to_string(), timestamp());
        let sig = transmission_sig(&id, &time, &self.config.webhook_id, &body);
        let sent = self
            .http
            .post(url)
            .header("content-type", "application/json")
            .header("paypal-transmission-id", &id)
            .header("paypal-transmission-time", &time)
            .header("paypal-transmission-sig", sig)
            .header(
                "paypal-cert-url",
                format!(
                    "{}/v1/notifications/certs/CERT-fake",
                    self.config.public_url
                ),
            )
            .header("paypal-auth-algo", "SHA256withRSA")
            .body(body)
            .send()
            .await;
        match sent {
            Ok(answer) => {
                tracing::info!(kind = %event["event_type"], status = %answer.status(), "fake PayPal: webhook delivered");
                Some(answer.status().as_u16())
            }
            Err(error) => {
                tracing::warn!(%error, "fake PayPal: webhook not delivered");
                None
            }
        }
    }
}

#[derive(Deserialize)]
struct VerifyRequest<'a> {
    auth_algo: String,
    cert_url: String,
    transmission_id: String,
    transmission_sig: String,
    transmission_time: String,
    webhook_id: String,
    #[serde(borrow)]
    webhook_event: &'a serde_json::value::RawValue,
}

pub(super) async fn verify_signature(
    State(fake): State<Arc<FakePayPal>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    fake.authorize(
        &headers,
        "POST /v1/notifications/verify-webhook-signature".into(),
    )?;
    let request: VerifyRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::invalid("MALFORMED_REQUEST_JSON", e.to_string()))?;
    let expected = transmission_sig(
        &request.transmission_id,
        &request.transmission_time,
        &fake.config.webhook_id,
        request.webhook_event.get().as_bytes(),
    );
    let genuine = request.webhook_id == fake.config.webhook_id
        && request.transmission_sig == expected
        && request.auth_algo == "SHA256withRSA"
        && request.cert_url.starts_with(&fake.config.public_url);
    let status = if genuine { "SUCCESS" } else { "FAILURE" };
    Ok((StatusCode::OK, Json(json!({"verification_status": status}))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transmission_signature_covers_the_body_and_the_webhook() {
        let sig = transmission_sig("id", "t", "WH1", b"{}");
        assert_eq!(sig, transmission_sig("id", "t", "WH1", b"{}"));
        assert_ne!(sig, transmission_sig("id", "t", "WH2", b"{}"));
        assert_ne!(sig, transmission_sig("id", "t", "WH1", b"{ }"));
    }
}
