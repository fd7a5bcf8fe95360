//! The `paypal` provider: PayPal Checkout through the Orders v2 API. Placing an order creates a
//! PayPal order (intent CAPTURE) priced from the order's snapshot; the shopper approves it on
//! PayPal's page; Oxcart then captures it (on the shopper's return, on the
//! `CHECKOUT.ORDER.APPROVED` webhook, or when the order page asks), always through the same
//! idempotent settle path as every provider. Money only moves at the capture, and Oxcart only
//! captures the current checkout of an order still Pending: an approval that arrives after the
//! order was cancelled or switched to another way of paying takes nothing.
//!
//! Calls carry an OAuth2 client-credentials token, cached until shortly before it expires and
//! renewed by one call at a time; every call has a timeout, and calls that are safe to repeat
//! (reads, and writes with a `PayPal-Request-Id`) are retried a bounded number of times. The
//! API base URL is a setting, so tests and development use the local fake (`server
//! fake-paypal`).

use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use reqwest::Method;
use serde_json::{json, Value};

pub use super::paypal_error::PayPalError;
use super::paypal_events::{self, OrderState};
use super::{
    CheckoutRequest, HostedCheckout, Notification, NotificationError, PaymentProvider,
    ProviderError,
};
use crate::domain::money::Money;

/// PayPal's sandbox and live API hosts.
pub const SANDBOX_API: &str = "https://api-m.sandbox.paypal.com";
pub const LIVE_API: &str = "https://api-m.paypal.com";

/// Attempts of one call that is safe to repeat.
const ATTEMPTS: u32 = 3;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayPalConfig {
    pub client_id: String,
    pub client_secret: String,
    /// The id of the webhook registered for this store (PayPal checks it when verifying).
    pub webhook_id: String,
    /// `SANDBOX_API`, `LIVE_API`, or a local fake's address.
    pub api_base: String,
    /// The store's name, shown on PayPal's page.
    pub brand: String,
}

struct Token {
    value: String,
    renew_at: Instant,
}

pub struct PayPalProvider {
    config: PayPalConfig,
    http: reqwest::Client,
    token: tokio::sync::Mutex<Option<Token>>,
}

/// When to renew a token PayPal says lives `expires_in` seconds: a minute early (a tenth early
/// for short-lived ones), so no call goes out with a token about to expire.
pub fn renew_after(expires_in: u64) -> Duration {
    let margin = (expires_in / 10).min(60);
    Duration::from_secs(expires_in.saturating_sub(margin))
}

/// A PayPal id as it may appear in a URL path (PayPal's are upper-case letters and digits).
fn safe_id(id: &str) -> Result<&str, PayPalError> {
    if !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        Ok(id)
    } else {
        Err(PayPalError {
            status: Some(400),
            name: "INVALID_RESOURCE_ID".into(),
            issue: None,
            message: format!("not a PayPal id: {id:?}"),
        })
    }
}

impl PayPalProvider {
    pub fn new(config: PayPalConfig) -> Result<PayPalProvider, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(PayPalProvider {
            config: PayPalConfig {
                api_base: config.api_base.trim_end_matches('/').to_string(),
                ..config
            },
            http,
            token: tokio::sync::Mutex::new(None),
        })
    }

    /// A valid access token: the cached one, or a new one. The lock is held while asking, so
    /// concurrent calls wait for one renewal instead of each asking PayPal.
    async fn token(&self) -> Result<String, PayPalError> {
        let mut slot = self.token.lock().await;
        if let Some(token) = slot.as_ref().filter(|t| Instant::now() < t.renew_at) {
            return Ok(token.value.clone());
        }
        let answer = self
            .http
            .post(format!("{}/v1/oauth2/token", self.config.api_base))
            .basic_auth(&self.config.client_id, Some(&self.config.client_secret))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body("grant_type=client_credentials")
            .send()
            .await
            .map_err(PayPalError::no_answer)?;
        let status = answer.status().as_u16();
        let body = answer.bytes().await.map_err(PayPalError::no_answer)?;
        if !(200..300).contains(&status) {
            return Err(PayPalError::from_answer(status, &body));
        }
        let value: Value = serde_json::from_slice(&body).map_err(PayPalError::no_answer)?;
        let (Some(token), Some(expires_in)) =
            (value["access_token"].as_str(), value["expires_in"].as_u64())
        else {
            return Err(PayPalError::no_answer("a token answer without a token"));
        };
        *slot = Some(Token {
            value: token.to_string(),
            renew_at: Instant::now() + renew_after(expires_in),
        });
        Ok(token.to_string())
    }

    /// Drops a token PayPal refused (revoked, or expired early); the next call asks again.
    async fn forget_token(&self, value: &str) {
        let mut slot = self.token.lock().await;
        if slot.as_ref().is_some_and(|t| t.value == value) {
            *slot = None;
        }
    }

    /// One API call. `request_id` makes a write safe to repeat (PayPal answers a repeated id
    /// with the first call's result); reads and such writes are retried when PayPal does not
    /// answer or fails on its side, other writes never are.
    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&[u8]>,
        request_id: Option<&str>,
    ) -> Result<Value, PayPalError> {
        let repeatable = method == Method::GET || request_id.is_some();
        let mut last = PayPalError::no_answer("no attempt made");
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(250 << attempt)).await;
            }
            let token = self.token().await?;
            let mut request = self
                .http
                .request(method.clone(), format!("{}{path}", self.config.api_base))
                .bearer_auth(&token)
                .header("accept", "application/json")
                .header("prefer", "return=representation");
            if let Some(id) = request_id {
                request = request.header("paypal-request-id", id);
            }
            if let Some(body) = body {
                request = request
                    .header("content-type", "application/json")
                    .body(body.to_vec());
            }
            let answer = match request.send().await {
                Ok(answer) => answer,
                Err(error) => {
                    last = PayPalError::no_answer(error);
                    if repeatable {
                        continue;
                    }
                    return Err(last);
                }
            };
            let status = answer.status().as_u16();
            let bytes = match answer.bytes().await {
                Ok(bytes) => bytes,
                Err(error) => {
                    last = PayPalError::no_answer(error);
                    if repeatable {
                        continue;
                    }
                    return Err(last);
                }
            };
            if (200..300).contains(&status) {
                return Ok(serde_json::from_slice(&bytes).unwrap_or(Value::Null));
            }
            last = PayPalError::from_answer(status, &bytes);
            if status == 401 && attempt == 0 {
                // The token was refused: a new one, once.
                self.forget_token(&token).await;
                continue;
            }
            if last.definite() || !repeatable {
                return Err(last);
            }
        }
        Err(last)
    }

    /// Captures an approved PayPal order (once: the request id is the order's), and reads
    /// what became of it.
    async fn capture(&self, reference: &str) -> Result<Option<Notification>, ProviderError> {
        let id = safe_id(reference)?;
        let request_id = format!("oxcart-capture-{id}");
        let answer = self
            .call(
                Method::POST,
                &format!("/v2/checkout/orders/{id}/capture"),
                Some(b"{}"),
                Some(&request_id),
            )
            .await;
        let order = match answer {
            Ok(order) => order,
            // Captured already (by another instance, or an earlier call whose answer was lost).
            Err(e) if e.issue_is("ORDER_ALREADY_CAPTURED") => self.get_order(id).await?,
            // The shopper's funding source was declined: they can choose another on PayPal's
            // page, through the same approval link, while the order waits.
            Err(e) if e.issue_is("INSTRUMENT_DECLINED") || e.issue_is("ORDER_NOT_APPROVED") => {
                tracing::info!(error = %e, paypal_order = id, "PayPal order not capturable now");
                return Ok(None);
            }
            Err(e) => return Err(e.into()),
        };
        Ok(self.notification(id, &order))
    }

    async fn get_order(&self, id: &str) -> Result<Value, PayPalError> {
        let id = safe_id(id)?;
        self.call(
            Method::GET,
            &format!("/v2/checkout/orders/{id}"),
            None,
            None,
        )
        .await
    }

    /// A settled PayPal order as a notification to apply.
    fn notification(&self, reference: &str, order: &Value) -> Option<Notification> {
        match paypal_events::order_state(order) {
            OrderState::Settled(outcome, charged) => Some(Notification {
                charged,
                ..super::state_notification(reference, outcome)
            }),
            OrderState::Open | OrderState::Approved => None,
        }
    }
}

/// A JSON string literal.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

#[async_trait::async_trait]
impl PaymentProvider for PayPalProvider {
    fn name(&self) -> &'static str {
        "paypal"
    }

    fn label(&self) -> &'static str {
        "PayPal"
    }

    async fn create_checkout(
        &self,
        request: CheckoutRequest<'_>,
    ) -> Result<HostedCheckout, ProviderError> {
        let order = request.order;
        // PayPal adds its own `token` and `PayerID` to the return URL.
        let request = CheckoutRequest {
            success_url: request
                .success_url
                .replace("{CHECKOUT_SESSION_ID}", "paypal"),
            ..request
        };
        let body = paypal_events::order_request(&request, &self.config.brand)
            .map_err(ProviderError::Refused)?;
        let body = serde_json::to_vec(&body).map_err(|e| ProviderError::Refused(e.to_string()))?;
        // The same key for the same order and return URLs: a retry (a double click, a lost
        // answer) gets the same PayPal order back.
        let request_id = super::stripe::idempotency_key(&request, order.reserved_until);
        let created = self
            .call(
                Method::POST,
                "/v2/checkout/orders",
                Some(&body),
                Some(&request_id),
            )
            .await?;
        let expected = (order.total, order.currency.code().to_ascii_lowercase());
        if paypal_events::order_amount(&created).as_ref() != Some(&expected) {
            return Err(ProviderError::Unavailable(format!(
                "PayPal created order {} for {:?}, not {expected:?}",
                created["id"], created["purchase_units"][0]["amount"]
            )));
        }
        let (Some(id), Some(url)) = (
            created["id"].as_str(),
            paypal_events::approval_link(&created),
        ) else {
            return Err(ProviderError::Unavailable(
                "PayPal returned an order without an id or an approval link".into(),
            ));
        };
        Ok(HostedCheckout {
            reference: id.to_string(),
            url,
            // Nothing is taken before Oxcart captures, and it only captures a Pending order:
            // the hold needs no extension.
            expires_at: request.expires_at,
        })
    }

    async fn verify_notification(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        _now: i64,
    ) -> Result<Notification, NotificationError> {
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .filter(|v| !v.is_empty())
        };
        let (Some(id), Some(time), Some(sig), Some(cert), Some(algo)) = (
            header("paypal-transmission-id"),
            header("paypal-transmission-time"),
            header("paypal-transmission-sig"),
            header("paypal-cert-url"),
            header("paypal-auth-algo"),
        ) else {
            return Err(super::signature::SignatureError::Malformed.into());
        };
        // The event goes back to PayPal byte for byte (re-encoding it could change what was
        // signed); it must at least be JSON.
        serde_json::from_slice::<serde::de::IgnoredAny>(body)
            .map_err(|e| NotificationError::Unreadable(e.to_string()))?;
        let event =
            std::str::from_utf8(body).map_err(|e| NotificationError::Unreadable(e.to_string()))?;
        let request = format!(
            "{{\"auth_algo\":{},\"cert_url\":{},\"transmission_id\":{},\"transmission_sig\":{},\
             \"transmission_time\":{},\"webhook_id\":{},\"webhook_event\":{event}}}",
            quoted(algo),
            quoted(cert),
            quoted(id),
            quoted(sig),
            quoted(time),
            quoted(&self.config.webhook_id),
        );
        let answer = self
            .call(
                Method::POST,
                "/v1/notifications/verify-webhook-signature",
                Some(request.as_bytes()),
                // A check, not a change: safe to repeat.
                Some(&format!("oxcart-verify-{id}")),
            )
            .await;
        match answer {
            Ok(answer) if answer["verification_status"].as_str() == Some("SUCCESS") => {}
            Ok(answer) => {
                return Err(NotificationError::NotVerified(format!(
                    "verification_status {}",
                    answer["verification_status"]
                )))
            }
            Err(e) if e.definite() => return Err(NotificationError::NotVerified(e.to_string())),
            Err(e) => return Err(NotificationError::Unavailable(e.to_string())),
        }
        paypal_events::parse_event(body).map_err(NotificationError::Unreadable)
    }

    async fn checkout_state(&self, reference: &str) -> Result<Option<Notification>, ProviderError> {
        let order = self.get_order(reference).await?;
        match paypal_events::order_state(&order) {
            OrderState::Approved => self.capture(reference).await,
            _ => Ok(self.notification(reference, &order)),
        }
    }

    /// PayPal cannot void an order awaiting the shopper's approval, and needs not: nothing is
    /// taken until Oxcart captures, which it only does for the current checkout of a Pending
    /// order. An approval arriving after the order was cancelled or switched moves no money.
    /// Only a capture already made is reported.
    async fn expire_checkout(
        &self,
        reference: &str,
    ) -> Result<Option<Notification>, ProviderError> {
        let order = self.get_order(reference).await?;
        Ok(self.notification(reference, &order).filter(|n| {
            matches!(
                n.outcome,
                Some(crate::db::orders::PaymentOutcome::Paid { .. })
            )
        }))
    }

    async fn refund(
        &self,
        payment_id: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<(), ProviderError> {
        let capture = safe_id(payment_id)?;
        let body = json!({
            "amount": {
                "value": paypal_events::amount(amount.minor),
                "currency_code": amount.currency.code(),
            },
            // Ties PayPal's refund (and its PAYMENT.CAPTURE.REFUNDED event) to Oxcart's row.
            "custom_id": idempotency_key,
            "note_to_payer": format!("Refund from {}", self.config.brand),
        });
        let body = serde_json::to_vec(&body).map_err(|e| ProviderError::Refused(e.to_string()))?;
        let refund = self
            .call(
                Method::POST,
                &format!("/v2/payments/captures/{capture}/refund"),
                Some(&body),
                Some(idempotency_key),
            )
            .await?;
        match refund["status"].as_str() {
            Some("COMPLETED" | "PENDING") => Ok(()),
            other => Err(ProviderError::Refused(format!(
                "PayPal answered the refund with status {other:?}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_renewed_before_they_expire() {
        assert_eq!(renew_after(32_400), Duration::from_secs(32_340));
        assert_eq!(renew_after(300), Duration::from_secs(270));
        assert_eq!(renew_after(5), Duration::from_secs(5));
        assert_eq!(renew_after(0), Duration::ZERO);
    }

    #[test]
    fn paypal_errors_read_as_clear_messages() {
        let body = br#"{"name":"UNPROCESSABLE_ENTITY","details":[{"issue":"ORDER_ALREADY_CAPTURED","description":"Order already captured.If 'intent=CAPTURE' only one capture per order is allowed."}],"message":"The requested action could not be performed, semantically incorrect, or failed business validation.","debug_id":"f2b6f5a5e5a1b"}"#;
        let error = PayPalError::from_answer(422, body);
        assert!(error.definite());
        assert!(error.issue_is("ORDER_ALREADY_CAPTURED"));
        assert!(
            error.to_string().contains("Order already captured"),
            "{error}"
        );
        assert!(error.to_string().contains("f2b6f5a5e5a1b"), "{error}");
        let token = PayPalError::from_answer(
            401,
            br#"{"error":"invalid_client","error_description":"Client Authentication failed"}"#,
        );
        assert_eq!(token.name, "invalid_client");
        assert!(!PayPalError::from_answer(503, b"<html>").definite());
        assert!(!PayPalError::from_answer(429, b"{}").definite());
        assert!(!PayPalError::no_answer("timed out").definite());
        assert!(matches!(
            ProviderError::from(PayPalError::from_answer(500, b"{}")),
            ProviderError::Unavailable(_)
        ));
    }

    #[test]
    fn only_paypal_ids_go_into_paths() {
        assert!(safe_id("5O190127TN364715T").is_ok());
        for bad in ["", "../v1/oauth2/token", "a b", "x?y=1", &"A".repeat(65)] {
            assert!(safe_id(bad).is_err(), "{bad}");
        }
    }
}
