//! A local stand-in for PayPal, for tests and for development without network or credentials
//! (`server fake-paypal`). It speaks PayPal's REST protocol for the calls Oxcart makes: OAuth2
//! client-credentials tokens (Basic auth, expiring bearer tokens), Orders v2 (create with
//! `PayPal-Request-Id`, get, capture), Payments v2 refunds and webhook signature verification,
//! answering with PayPal's object shapes and its error format (`name`, `message`,
//! `details[].issue`, `debug_id`). It serves a hosted approval page (Approve / Cancel) and
//! delivers webhook events to a URL with PayPal's transmission headers. The "signature" is an
//! HMAC only this fake checks (PayPal's own is RSA with its certificate): the store never checks
//! it itself, it asks `verify-webhook-signature`, as with the real PayPal.
//!
//! API: `POST /v1/oauth2/token`, `POST /v2/checkout/orders`, `GET /v2/checkout/orders/{id}`,
//! `POST /v2/checkout/orders/{id}/capture`, `POST /v2/payments/captures/{id}/refund`,
//! `POST /v1/notifications/verify-webhook-signature`. Hosted page: `/checkoutnow?token={id}`.

mod api_error;
mod hosted;
mod http;
mod orders;
mod webhooks;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use app::domain::order_view::civil_from_days;
use app::payments::now_secs;
use app::payments::paypal_events::parse_amount;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use serde_json::Value;

use hosted::{approval_page, approve, cancel};
use http::{capture_order, create_order, get_order, refund_capture, token};
pub use webhooks::transmission_sig;
use webhooks::verify_signature;

#[derive(Clone, Debug)]
pub struct FakePayPalConfig {
    pub client_id: String,
    pub client_secret: String,
    /// The webhook id events are signed for (the store must present the same one).
    pub webhook_id: String,
    /// Where events go (None: kept, not delivered).
    pub forward_to: Option<String>,
    /// This fake's own address, for links and the approval page.
    pub public_url: String,
    /// Seconds a token lives.
    pub token_ttl: u64,
}

/// Signs this fake's webhook transmissions (never leaves the process).
#[derive(Default)]
struct Store {
    orders: HashMap<String, Value>,
    captures: HashMap<String, Value>,
    /// `PayPal-Request-Id` -> the first answer.
    idempotent: HashMap<String, (StatusCode, Value)>,
    /// `PayPal-Request-Id`s being answered: a repeat waits for the first call's answer.
    in_flight: HashMap<String, Arc<tokio::sync::Mutex<()>>>,
    /// Issued tokens and their expiry (unix seconds).
    tokens: HashMap<String, i64>,
    token_requests: usize,
    events: Vec<Value>,
    hold_webhooks: bool,
    decline_next_capture: bool,
    /// Every API request: method and path.
    requests: Vec<String>,
}

pub struct FakePayPal {
    pub config: FakePayPalConfig,
    store: Mutex<Store>,
    http: reqwest::Client,
}

/// PayPal-style ids: upper-case letters and digits.
fn random_id(len: usize) -> String {
    let raw = uuid::Uuid::new_v4()
        .simple()
        .to_string()
        .to_ascii_uppercase();
    let more = uuid::Uuid::new_v4()
        .simple()
        .to_string()
        .to_ascii_uppercase();
    format!("{raw}{more}").chars().take(len).collect()
}

fn timestamp() -> String {
    // RFC 3339, UTC, from unix seconds.
    let secs = now_secs();
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

fn money_value(value: &Value) -> Option<i64> {
    value["value"].as_str().and_then(parse_amount)
}

impl FakePayPal {
    pub fn new(config: FakePayPalConfig) -> Arc<FakePayPal> {
        Arc::new(FakePayPal {
            config,
            store: Mutex::new(Store::default()),
            http: reqwest::Client::new(),
        })
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/v1/oauth2/token", post(token))
            .route("/v2/checkout/orders", post(create_order))
            .route("/v2/checkout/orders/{id}", get(get_order))
            .route("/v2/checkout/orders/{id}/capture", post(capture_order))
            .route("/v2/payments/captures/{id}/refund", post(refund_capture))
            .route(
                "/v1/notifications/verify-webhook-signature",
                post(verify_signature),
            )
            .route("/checkoutnow", get(approval_page))
            .route("/checkoutnow/{id}/approve", post(approve))
            .route("/checkoutnow/{id}/cancel", post(cancel))
            .with_state(self.clone())
    }

    pub fn order(&self, id: &str) -> Option<Value> {
        self.store().orders.get(id).cloned()
    }

    /// Every PayPal order created, newest last (by creation time).
    pub fn orders(&self) -> Vec<Value> {
        let mut orders: Vec<Value> = self.store().orders.values().cloned().collect();
        orders.sort_by_key(|o| o["create_time"].as_str().unwrap_or("").to_string());
        orders
    }

    pub fn events(&self) -> Vec<Value> {
        self.store().events.clone()
    }

    pub fn requests(&self) -> Vec<String> {
        self.store().requests.clone()
    }

    /// How many tokens were asked for.
    pub fn token_requests(&self) -> usize {
        self.store().token_requests
    }

    /// Keeps events instead of delivering them (a lost or late webhook).
    pub fn hold_webhooks(&self, hold: bool) {
        self.store().hold_webhooks = hold;
    }

    /// The next capture is declined by the payer's bank.
    pub fn decline_next_capture(&self) {
        self.store().decline_next_capture = true;
    }

    /// Revokes every token (the store's next call is refused with 401 and must get a new one).
    pub fn revoke_tokens(&self) {
        self.store().tokens.clear();
    }
}

fn with_query(url: &str, pairs: &[(&str, &str)]) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{query}")
}

/// `server fake-paypal`: serves the fake until stopped. Settings: OXCART_FAKE_PAYPAL_ADDR
/// (127.0.0.1:12112), OXCART_PAYPAL_CLIENT_ID, OXCART_PAYPAL_CLIENT_SECRET,
/// OXCART_PAYPAL_WEBHOOK_ID and OXCART_FAKE_PAYPAL_FORWARD_TO (the store's `/webhooks/paypal`).
pub async fn serve_from_env() -> anyhow::Result<()> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let addr = var("OXCART_FAKE_PAYPAL_ADDR").unwrap_or_else(|| "127.0.0.1:12112".into());
    let config = FakePayPalConfig {
        client_id: var("OXCART_PAYPAL_CLIENT_ID").unwrap_or_else(|| "oxcart-fake-client".into()),
        client_secret: var("OXCART_PAYPAL_CLIENT_SECRET")
            .unwrap_or_else(|| "oxcart-fake-secret".into()),
        webhook_id: var("OXCART_PAYPAL_WEBHOOK_ID").unwrap_or_else(|| "OXCARTFAKEWEBHOOK".into()),
        forward_to: var("OXCART_FAKE_PAYPAL_FORWARD_TO"),
        public_url: format!("http://{addr}"),
        token_ttl: 32_400,
    };
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    tracing::info!(%addr, forward_to = ?config.forward_to, "fake PayPal listening");
    let fake = FakePayPal::new(config);
    axum::serve(listener, fake.router()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_791), (2026, 12, 4));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        let now = timestamp();
        assert_eq!(now.len(), 20, "{now}");
        assert!(now.ends_with('Z'));
    }
}
