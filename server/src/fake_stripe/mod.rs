//! A local stand-in for Stripe, for tests and for development without network or keys
//! (`server fake-stripe`). It speaks Stripe's protocol for the calls Oxcart makes: form-encoded
//! requests with a bearer secret key and idempotency keys; JSON answers shaped exactly like
//! Stripe's objects (built from Stripe's own examples in `app/data/stripe`) and Stripe's error
//! shape. It also serves a hosted checkout page, and delivers signed webhook events to a URL the
//! way `stripe listen --forward-to` does.
//!
//! API: `POST /v1/checkout/sessions`, `GET /v1/checkout/sessions/{id}`,
//! `POST /v1/checkout/sessions/{id}/expire`, `POST /v1/refunds`. Hosted page: `/c/pay/{id}`.

mod api_error;
mod form;
mod hosted;
mod http;
mod sessions;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::routing::{get, post};
use axum::Router;
use serde_json::Value;

pub use form::parse_form;
use hosted::{cancel, hosted_page, pay};
use http::{create_refund, create_session, expire_session, retrieve_session};

#[derive(Clone, Debug)]
pub struct FakeStripeConfig {
    /// The secret key callers must present.
    pub api_key: String,
    /// Signs webhook events (`whsec_...`).
    pub webhook_secret: String,
    /// Where events go (None: kept, not delivered).
    pub forward_to: Option<String>,
    /// This fake's own address, for hosted-page URLs.
    pub public_url: String,
}

/// A line of a session, as requested (Stripe shows these on its page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeLine {
    pub name: String,
    pub unit_amount: i64,
    pub quantity: i64,
}

#[derive(Default)]
struct Store {
    sessions: HashMap<String, (Value, Vec<FakeLine>)>,
    /// Idempotency key -> (request body, answer).
    idempotent: HashMap<String, (String, Value)>,
    refunds: Vec<Value>,
    events: Vec<Value>,
    hold_webhooks: bool,
    /// Every API request: method and path.
    requests: Vec<String>,
}

/// The fake's state, shared with tests that drive or inspect it.
pub struct FakeStripe {
    pub config: FakeStripeConfig,
    store: Mutex<Store>,
    http: reqwest::Client,
}
fn random_id(prefix: &str) -> String {
    format!("{prefix}{}", uuid::Uuid::new_v4().simple())
}

impl FakeStripe {
    pub fn new(config: FakeStripeConfig) -> Arc<FakeStripe> {
        Arc::new(FakeStripe {
            config,
            store: Mutex::new(Store::default()),
            http: reqwest::Client::new(),
        })
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The API, the hosted page and (for tests) nothing else.
    pub fn router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/v1/checkout/sessions", post(create_session))
            .route("/v1/checkout/sessions/{id}", get(retrieve_session))
            .route("/v1/checkout/sessions/{id}/expire", post(expire_session))
            .route("/v1/refunds", post(create_refund))
            .route("/c/pay/{id}", get(hosted_page).post(pay))
            .route("/c/cancel/{id}", post(cancel))
            .with_state(self.clone())
    }

    /// A session as Stripe would return it.
    pub fn session(&self, id: &str) -> Option<Value> {
        self.store().sessions.get(id).map(|(s, _)| s.clone())
    }

    pub fn lines(&self, id: &str) -> Vec<FakeLine> {
        self.store()
            .sessions
            .get(id)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    }

    pub fn refunds(&self) -> Vec<Value> {
        self.store().refunds.clone()
    }

    /// Every event built, delivered or not.
    pub fn events(&self) -> Vec<Value> {
        self.store().events.clone()
    }

    pub fn requests(&self) -> Vec<String> {
        self.store().requests.clone()
    }

    /// Keeps events instead of delivering them (a lost or late webhook).
    pub fn hold_webhooks(&self, hold: bool) {
        self.store().hold_webhooks = hold;
    }
}

/// `server fake-stripe`: serves the fake until stopped. Settings: OXCART_FAKE_STRIPE_ADDR
/// (127.0.0.1:12111), OXCART_STRIPE_SECRET_KEY, OXCART_STRIPE_WEBHOOK_SECRET and
/// OXCART_FAKE_STRIPE_FORWARD_TO (the store's `/webhooks/stripe`).
pub async fn serve_from_env() -> anyhow::Result<()> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let addr = var("OXCART_FAKE_STRIPE_ADDR").unwrap_or_else(|| "127.0.0.1:12111".into());
    let config = FakeStripeConfig {
        api_key: var("OXCART_STRIPE_SECRET_KEY").unwrap_or_else(|| "sk_test_oxcart_fake".into()),
        webhook_secret: var("OXCART_STRIPE_WEBHOOK_SECRET")
            .unwrap_or_else(|| "whsec_oxcart_fake".into()),
        forward_to: var("OXCART_FAKE_STRIPE_FORWARD_TO"),
        public_url: format!("http://{addr}"),
    };
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    tracing::info!(%addr, forward_to = ?config.forward_to, "fake Stripe listening");
    let fake = FakeStripe::new(config);
    axum::serve(listener, fake.router()).await?;
    Ok(())
}
