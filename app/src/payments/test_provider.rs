//! The `test` provider: a hosted checkout served by Oxcart itself (`/pay/test/{id}`) with "Pay",
//! "Decline" and "Abandon". Its sessions and events have Stripe's exact shapes, and a choice is
//! delivered as an event signed with the provider's secret through the same verification and
//! settlement path as a real provider's webhook. Sessions live in Redis until they expire.
//! Never for real money: startup refuses it on a public site address.

use redis::aio::ConnectionManager;
use serde_json::{json, Value};

use super::events::{build_event, build_session, merge, session_outcome, SessionFacts};
use super::{
    signature, CheckoutRequest, HostedCheckout, Notification, NotificationError, PaymentProvider,
    ProviderError,
};
use crate::domain::money::Money;

pub struct TestProvider {
    pub secret: String,
    pub site_url: String,
    pub redis: ConnectionManager,
    pub prefix: &'static str,
}

/// What the shopper chose on the hosted page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Pay,
    Decline,
    Abandon,
}

impl Choice {
    pub fn parse(text: &str) -> Option<Choice> {
        match text {
            "pay" => Some(Choice::Pay),
            "decline" => Some(Choice::Decline),
            "abandon" => Some(Choice::Abandon),
            _ => None,
        }
    }
}

/// A signed notification ready to deliver, and where the shopper goes next.
pub struct Outcome {
    pub body: Option<Vec<u8>>,
    pub signature: Option<String>,
    pub redirect: String,
}

fn random_hex(bytes: usize) -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut buf = vec![0_u8; bytes];
    OsRng.fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

impl TestProvider {
    fn key(&self, reference: &str) -> String {
        format!("{}:testpay:{reference}", self.prefix)
    }

    /// A stored session.
    pub async fn session(&self, reference: &str) -> Result<Option<Value>, ProviderError> {
        let mut redis = self.redis.clone();
        let raw: Option<String> = redis::cmd("GET")
            .arg(self.key(reference))
            .query_async(&mut redis)
            .await
            .map_err(|e| ProviderError::Unavailable(e.to_string()))?;
        Ok(raw.and_then(|r| serde_json::from_str(&r).ok()))
    }

    async fn store(&self, session: &Value) -> Result<(), ProviderError> {
        let reference = session["id"].as_str().unwrap_or_default();
        let expires_at = session["expires_at"].as_i64().unwrap_or(0);
        // Kept a day past expiry, so late visits still find it.
        let ttl = (expires_at - super::now_secs()).max(0) + 86_400;
        let mut redis = self.redis.clone();
        redis::cmd("SET")
            .arg(self.key(reference))
            .arg(session.to_string())
            .arg("EX")
            .arg(ttl)
            .query_async::<()>(&mut redis)
            .await
            .map_err(|e| ProviderError::Unavailable(e.to_string()))
    }

    /// Applies the shopper's choice to an open session: the signed event to deliver (if any)
    /// and the page to send the shopper to. None for an unknown session.
    pub async fn choose(
        &self,
        reference: &str,
        choice: Choice,
    ) -> Result<Option<Outcome>, ProviderError> {
        let Some(mut session) = self.session(reference).await? else {
            return Ok(None);
        };
        let now = super::now_secs();
        let success = session["success_url"]
            .as_str()
            .unwrap_or("/")
            .replace("{CHECKOUT_SESSION_ID}", reference);
        let cancel = session["cancel_url"].as_str().unwrap_or("/").to_string();
        let open = session["status"].as_str() == Some("open")
            && session["expires_at"].as_i64().is_some_and(|t| t > now);
        if !open {
            // Nothing changes; the order page tells the real state.
            return Ok(Some(Outcome {
                body: None,
                signature: None,
                redirect: success,
            }));
        }
        let (kind, changes, redirect) = match choice {
            Choice::Pay => (
                "checkout.session.completed",
                json!({
                    "status": "complete",
                    "payment_status": "paid",
                    "payment_intent": format!("pi_test_{}", random_hex(12)),
                }),
                success,
            ),
            Choice::Decline => (
                "checkout.session.async_payment_failed",
                json!({"status": "complete", "payment_status": "unpaid"}),
                success,
            ),
            Choice::Abandon => {
                return Ok(Some(Outcome {
                    body: None,
                    signature: None,
                    redirect: cancel,
                }))
            }
        };
        merge(&mut session, changes);
        self.store(&session).await?;
        let event = build_event(&format!("evt_test_{}", random_hex(12)), kind, &session, now);
        let body = serde_json::to_vec(&event).unwrap_or_default();
        let signature = signature::sign(&self.secret, now, &body);
        Ok(Some(Outcome {
            body: Some(body),
            signature: Some(signature),
            redirect,
        }))
    }
}

#[async_trait::async_trait]
impl PaymentProvider for TestProvider {
    fn name(&self) -> &'static str {
        "test"
    }

    fn label(&self) -> &'static str {
        "Test payment (no real money)"
    }

    async fn create_checkout(
        &self,
        request: CheckoutRequest<'_>,
    ) -> Result<HostedCheckout, ProviderError> {
        let reference = format!("cs_test_oxcart_{}", random_hex(16));
        let url = format!("{}/pay/test/{reference}", self.site_url);
        let order = request.order;
        let session = build_session(&SessionFacts {
            id: &reference,
            order_id: order.id,
            order_number: &order.number,
            currency: order.currency.code(),
            amount_subtotal: order.subtotal,
            amount_total: order.total,
            email: &order.email,
            success_url: &request.success_url,
            cancel_url: &request.cancel_url,
            url: &url,
            expires_at: request.expires_at,
            created: super::now_secs(),
        });
        self.store(&session).await?;
        Ok(HostedCheckout {
            reference,
            url,
            expires_at: request.expires_at,
        })
    }

    async fn verify_notification(
        &self,
        headers: &axum::http::HeaderMap,
        body: &[u8],
        now: i64,
    ) -> Result<Notification, NotificationError> {
        super::verify_signed_event(&self.secret, false, headers, body, now)
    }

    async fn checkout_state(&self, reference: &str) -> Result<Option<Notification>, ProviderError> {
        let Some(session) = self.session(reference).await? else {
            return Ok(None);
        };
        Ok(session_outcome(&session).map(|outcome| super::state_notification(reference, outcome)))
    }

    async fn expire_checkout(
        &self,
        reference: &str,
    ) -> Result<Option<Notification>, ProviderError> {
        let Some(mut session) = self.session(reference).await? else {
            return Ok(None);
        };
        if session["status"].as_str() == Some("open") {
            merge(&mut session, json!({"status": "expired"}));
            self.store(&session).await?;
            return Ok(None);
        }
        Ok(session_outcome(&session)
            .filter(|o| matches!(o, crate::db::orders::PaymentOutcome::Paid { .. }))
            .map(|outcome| super::state_notification(reference, outcome)))
    }

    /// Refunds once per idempotency key, like a real provider, and counts the refunds it
    /// actually made in `{prefix}:test-provider:refunds-made` (the sum of their amounts; tests
    /// read it). While the key
    /// `{prefix}:test-provider:refunds-down` exists it answers like a provider that cannot be
    /// reached (tests of pending refunds and their retries set it).
    async fn refund(
        &self,
        payment_id: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<(), ProviderError> {
        let unavailable = |e: redis::RedisError| ProviderError::Unavailable(e.to_string());
        let mut redis = self.redis.clone();
        let prefix = self.prefix;
        let down: bool = redis::cmd("EXISTS")
            .arg(format!("{prefix}:test-provider:refunds-down"))
            .query_async(&mut redis)
            .await
            .map_err(unavailable)?;
        if down {
            return Err(ProviderError::Unavailable(
                "test provider: no answer (simulated outage)".into(),
            ));
        }
        let fresh: Option<String> = redis::cmd("SET")
            .arg(format!("{prefix}:test-provider:refund:{idempotency_key}"))
            .arg(amount.minor)
            .arg("NX")
            .arg("EX")
            .arg(30 * 86_400)
            .query_async(&mut redis)
            .await
            .map_err(unavailable)?;
        if fresh.is_some() {
            redis::cmd("INCRBY")
                .arg(format!("{prefix}:test-provider:refunds-made"))
                .arg(amount.minor)
                .query_async::<()>(&mut redis)
                .await
                .map_err(unavailable)?;
            tracing::info!(payment_id, %amount, idempotency_key, "test provider: refunded");
        }
        Ok(())
    }
}
