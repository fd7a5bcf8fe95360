//! A local stand-in for Stripe, for tests and for development without network or keys
//! (`server fake-stripe`). It speaks Stripe's protocol for the calls Oxcart makes: form-encoded
//! requests with a bearer secret key and idempotency keys; JSON answers shaped exactly like
//! Stripe's objects (built from Stripe's own examples in `app/data/stripe`) and Stripe's error
//! shape. It also serves a hosted checkout page, and delivers signed webhook events to a URL the
//! way `stripe listen --forward-to` does.
//!
//! API: `POST /v1/checkout/sessions`, `GET /v1/checkout/sessions/{id}`,
//! `POST /v1/checkout/sessions/{id}/expire`, `POST /v1/refunds`. Hosted page: `/c/pay/{id}`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use app::domain::mail::escape_html;
use app::payments::events::{build_event, merge, SESSION_TEMPLATE};
use app::payments::{now_secs, signature};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

const REFUND_TEMPLATE: &str = include_str!("../../app/data/stripe/refund.json");

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

type ApiResult = Result<Json<Value>, ApiError>;

/// Stripe's error answer.
pub struct ApiError {
    status: StatusCode,
    kind: &'static str,
    code: Option<&'static str>,
    message: String,
    param: Option<String>,
}

impl ApiError {
    fn invalid(param: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            kind: "invalid_request_error",
            code: Some("parameter_invalid"),
            message: message.into(),
            param: Some(param.to_string()),
        }
    }
    fn missing(param: &str) -> ApiError {
        ApiError {
            code: Some("parameter_missing"),
            ..ApiError::invalid(param, format!("Missing required param: {param}."))
        }
    }
    fn no_such(what: &str, id: &str) -> ApiError {
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

fn random_id(prefix: &str) -> String {
    format!("{prefix}{}", uuid::Uuid::new_v4().simple())
}

/// Reads a Stripe form body (`a[b][0][c]=v`) into JSON: nested objects, indexed arrays.
pub fn parse_form(body: &[u8]) -> Value {
    let mut root = Value::Object(Map::new());
    for (key, value) in form_urlencoded::parse(body) {
        let mut path: Vec<String> = Vec::new();
        let (head, rest) = key.split_once('[').unwrap_or((&key, ""));
        path.push(head.to_string());
        for part in rest.split('[') {
            let part = part.trim_end_matches(']');
            if !part.is_empty() {
                path.push(part.to_string());
            }
        }
        let mut node = &mut root;
        for (i, segment) in path.iter().enumerate() {
            let Some(map) = node.as_object_mut() else {
                break;
            };
            if i + 1 == path.len() {
                map.insert(segment.clone(), Value::String(value.to_string()));
                break;
            }
            node = map
                .entry(segment.clone())
                .or_insert_with(|| Value::Object(Map::new()));
        }
    }
    arrays(root)
}

/// Objects whose keys are all indexes become arrays.
fn arrays(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let indexed = !map.is_empty() && map.keys().all(|k| k.parse::<usize>().is_ok());
            if indexed {
                let mut items: Vec<(usize, Value)> = map
                    .into_iter()
                    .map(|(k, v)| (k.parse().unwrap_or(0), arrays(v)))
                    .collect();
                items.sort_by_key(|(i, _)| *i);
                Value::Array(items.into_iter().map(|(_, v)| v).collect())
            } else {
                Value::Object(map.into_iter().map(|(k, v)| (k, arrays(v))).collect())
            }
        }
        other => other,
    }
}

fn int(value: &Value, param: &str) -> Result<i64, ApiError> {
    match value.as_str() {
        None => Err(ApiError::missing(param)),
        Some(text) => text
            .parse()
            .map_err(|_| ApiError::invalid(param, format!("Invalid integer: {text}"))),
    }
}

fn text<'a>(value: &'a Value, param: &str) -> Result<&'a str, ApiError> {
    value
        .as_str()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::missing(param))
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

    fn authorize(&self, headers: &HeaderMap, what: &str) -> Result<(), ApiError> {
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

    /// Pays an open session (what the hosted page's button does): the signed
    /// `checkout.session.completed` event, delivered unless held. Returns the success URL.
    pub async fn pay_session(&self, id: &str) -> Option<String> {
        let now = now_secs();
        let (session, success) = {
            let mut store = self.store();
            let (session, _) = store.sessions.get_mut(id)?;
            let open = session["status"] == "open" && session["expires_at"].as_i64() > Some(now);
            let success = session["success_url"]
                .as_str()
                .unwrap_or("/")
                .replace("{CHECKOUT_SESSION_ID}", id);
            if !open {
                return Some(success);
            }
            merge(
                session,
                json!({
                    "status": "complete",
                    "payment_status": "paid",
                    "payment_intent": random_id("pi_"),
                    "customer_details": {
                        "email": session["customer_email"].clone(),
                        "name": null, "phone": null, "tax_exempt": "none", "tax_ids": [],
                        "address": null, "business_name": null, "individual_name": null,
                    },
                }),
            );
            (session.clone(), success)
        };
        self.emit("checkout.session.completed", &session).await;
        Some(success)
    }

    /// Expires an open session, as Stripe does at `expires_at` or when asked.
    pub async fn expire(&self, id: &str) -> Result<Value, ApiError> {
        let session = {
            let mut store = self.store();
            let Some((session, _)) = store.sessions.get_mut(id) else {
                return Err(ApiError::no_such("checkout.session", id));
            };
            if session["status"] != "open" {
                return Err(ApiError::invalid(
                    "session",
                    "Only Checkout Sessions with a status in [\"open\"] can be expired.",
                ));
            }
            merge(session, json!({"status": "expired"}));
            session.clone()
        };
        self.emit("checkout.session.expired", &session).await;
        Ok(session)
    }

    /// Builds, signs and (unless held) delivers an event.
    async fn emit(&self, kind: &str, object: &Value) {
        let now = now_secs();
        let event = build_event(&random_id("evt_"), kind, object, now);
        let hold = {
            let mut store = self.store();
            store.events.push(event.clone());
            store.hold_webhooks
        };
        let Some(url) = self.config.forward_to.as_deref().filter(|_| !hold) else {
            return;
        };
        let body = serde_json::to_vec(&event).unwrap_or_default();
        let header = signature::sign(&self.config.webhook_secret, now, &body);
        let sent = self
            .http
            .post(url)
            .header("content-type", "application/json; charset=utf-8")
            .header("stripe-signature", header)
            .body(body)
            .send()
            .await;
        match sent {
            Ok(answer) => {
                tracing::info!(kind, status = %answer.status(), "fake Stripe: webhook delivered")
            }
            Err(error) => tracing::warn!(kind, %error, "fake Stripe: webhook not delivered"),
        }
    }

    fn new_session(&self, form: &Value) -> Result<(Value, Vec<FakeLine>), ApiError> {
        if form["mode"].as_str() != Some("payment") {
            return Err(ApiError::invalid(
                "mode",
                "Only payment mode is supported here.",
            ));
        }
        let success_url = text(&form["success_url"], "success_url")?;
        let Some(items) = form["line_items"].as_array().filter(|i| !i.is_empty()) else {
            return Err(ApiError::missing("line_items"));
        };
        if items.len() > 100 {
            return Err(ApiError::invalid("line_items", "At most 100 line items."));
        }
        let mut lines = Vec::new();
        let mut currency = None;
        for (i, item) in items.iter().enumerate() {
            let at = |field: &str| format!("line_items[{i}][{field}]");
            let data = &item["price_data"];
            let line_currency = text(&data["currency"], &at("price_data][currency"))?;
            if currency.is_some_and(|c| c != line_currency) {
                return Err(ApiError::invalid(
                    &at("price_data][currency"),
                    "All line items must have the same currency.",
                ));
            }
            currency = Some(line_currency);
            let unit_amount = int(&data["unit_amount"], &at("price_data][unit_amount"))?;
            let quantity = int(&item["quantity"], &at("quantity"))?;
            if unit_amount < 0 || quantity < 1 {
                return Err(ApiError::invalid(&at("quantity"), "Must be positive."));
            }
            let name = text(
                &data["product_data"]["name"],
                &at("price_data][product_data][name"),
            )?;
            lines.push(FakeLine {
                name: name.to_string(),
                unit_amount,
                quantity,
            });
        }
        let now = now_secs();
        let expires_at = match form.get("expires_at") {
            None => now + 86_400,
            Some(v) => int(v, "expires_at")?,
        };
        if !(now + 1800..=now + 86_400).contains(&expires_at) {
            return Err(ApiError::invalid(
                "expires_at",
                "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
            ));
        }
        let shipping = match form["shipping_options"].as_array() {
            Some(options) if options.len() == 1 => {
                let fixed = &options[0]["shipping_rate_data"]["fixed_amount"];
                let param = "shipping_options[0][shipping_rate_data][fixed_amount][amount]";
                if fixed["currency"].as_str() != currency {
                    return Err(ApiError::invalid(
                        param,
                        "Shipping must be in the session's currency.",
                    ));
                }
                Some(int(&fixed["amount"], param)?)
            }
            Some(_) => {
                return Err(ApiError::invalid(
                    "shipping_options",
                    "Oxcart's fake takes exactly one shipping option.",
                ))
            }
            None => None,
        };
        let subtotal: i64 = lines.iter().map(|l| l.unit_amount * l.quantity).sum();
        let shipping_amount = shipping.unwrap_or(0);
        let id = random_id("cs_test_");
        let rate = random_id("shr_");
        let mut session: Value = serde_json::from_str(SESSION_TEMPLATE).expect("bundled fixture");
        merge(
            &mut session,
            json!({
                "id": id,
                "object": "checkout.session",
                "mode": "payment",
                "status": "open",
                "payment_status": "unpaid",
                "payment_intent": null,
                "client_reference_id": form["client_reference_id"],
                "metadata": form.get("metadata").cloned().unwrap_or(json!({})),
                "currency": currency,
                "amount_subtotal": subtotal,
                "amount_total": subtotal + shipping_amount,
                "total_details": {"amount_discount": 0, "amount_shipping": shipping_amount, "amount_tax": 0},
                "shipping_cost": shipping.map(|amount| json!({
                    "amount_subtotal": amount, "amount_tax": 0, "amount_total": amount, "shipping_rate": rate,
                })),
                "shipping_options": shipping.map_or(json!([]), |amount| json!([{"shipping_amount": amount, "shipping_rate": rate}])),
                "shipping_address_collection": null,
                "customer_email": form["customer_email"],
                "customer_details": null,
                // Stripe lists the methods the session offers: the allowed ones when the
                // request names them.
                "payment_method_types": form
                    .get("allowed_payment_method_types")
                    .filter(|t| t.is_array())
                    .cloned()
                    .unwrap_or(json!(["card"])),
                "success_url": success_url,
                "cancel_url": form["cancel_url"],
                "url": format!("{}/c/pay/{id}", self.config.public_url),
                "expires_at": expires_at,
                "created": now,
                "livemode": false,
            }),
        );
        Ok((session, lines))
    }
}

async fn create_session(
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
                return Err(ApiError {
                    kind: "idempotency_error",
                    code: None,
                    ..ApiError::invalid(
                        "",
                        "Keys for idempotent requests can only be used with the same parameters they were first used with.",
                    )
                });
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

async fn retrieve_session(
    State(fake): State<Arc<FakeStripe>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult {
    fake.authorize(&headers, "GET /v1/checkout/sessions/{id}")?;
    fake.session(&id)
        .map(Json)
        .ok_or_else(|| ApiError::no_such("checkout.session", &id))
}

async fn expire_session(
    State(fake): State<Arc<FakeStripe>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult {
    fake.authorize(&headers, "POST /v1/checkout/sessions/{id}/expire")?;
    fake.expire(&id).await.map(Json)
}

async fn create_refund(
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
            return Err(ApiError {
                kind: "idempotency_error",
                code: None,
                ..ApiError::invalid(
                    "",
                    "Keys for idempotent requests can only be used with the same parameters they were first used with.",
                )
            });
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

fn money(minor: i64, currency: &str) -> String {
    let code = currency.to_ascii_uppercase();
    match app::domain::money::Currency::parse(&code) {
        Some(c) => app::domain::money::Money::new(minor, c).to_string(),
        None => format!("{minor} {code}"),
    }
}

async fn hosted_page(State(fake): State<Arc<FakeStripe>>, Path(id): Path<String>) -> Response {
    let Some(session) = fake.session(&id) else {
        return (
            StatusCode::NOT_FOUND,
            Html("<h1>Checkout not found</h1>".to_string()),
        )
            .into_response();
    };
    let currency = session["currency"].as_str().unwrap_or("usd");
    let rows: String = fake
        .lines(&id)
        .iter()
        .map(|l| {
            format!(
                "<tr><td>{} × {}</td><td>{}</td></tr>",
                escape_html(&l.name),
                l.quantity,
                money(l.unit_amount * l.quantity, currency)
            )
        })
        .collect();
    let shipping = session["total_details"]["amount_shipping"]
        .as_i64()
        .unwrap_or(0);
    let total = session["amount_total"].as_i64().unwrap_or(0);
    let open = session["status"] == "open";
    let actions = if open {
        format!(
            "<form method=\"post\"><label>Card number<input value=\"4242 4242 4242 4242\" readonly></label>\
             <button class=\"pay\">Pay {}</button></form>\
             <form method=\"post\" action=\"/c/cancel/{id}\"><button>Back to the store</button></form>",
            money(total, currency),
            id = escape_html(&id),
        )
    } else {
        format!(
            "<p>This checkout is {}.</p>",
            escape_html(session["status"].as_str().unwrap_or(""))
        )
    };
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Checkout (fake Stripe)</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:0;padding:16px;background:#f6f9fc;color:#1a1f36}}\
         main{{max-width:440px;margin:16px auto;background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px #0002}}\
         table{{width:100%;border-collapse:collapse}}td{{padding:6px 0;border-bottom:1px solid #e3e8ee}}td+td{{text-align:right}}\
         .note{{background:#fff4e5;color:#7a3e00;padding:8px;border-radius:8px;font-size:14px}}\
         label{{display:block;margin-top:12px;font-size:14px}}input{{display:block;width:100%;box-sizing:border-box;padding:10px;font:inherit;margin-top:4px}}\
         button{{display:block;width:100%;margin-top:10px;padding:12px;font:inherit;font-weight:600;border-radius:8px;border:1px solid #c1c9d2;background:#fff;cursor:pointer}}\
         button.pay{{background:#635bff;border-color:#635bff;color:#fff}}button:focus-visible{{outline:2px solid #1a1f36;outline-offset:2px}}</style></head>\
         <body><main><p class=\"note\">Local fake of Stripe Checkout: no real card is charged.</p>\
         <p>{email}</p><table>{rows}<tr><td>Shipping</td><td>{shipping}</td></tr>\
         <tr><th scope=\"row\" style=\"text-align:left\">Total due</th><td data-testid=\"stripe-total\"><strong>{total}</strong></td></tr></table>\
         {actions}</main></body></html>",
        email = escape_html(session["customer_email"].as_str().unwrap_or("")),
        shipping = money(shipping, currency),
        total = money(total, currency),
    );
    Html(body).into_response()
}

async fn pay(State(fake): State<Arc<FakeStripe>>, Path(id): Path<String>) -> Response {
    match fake.pay_session(&id).await {
        Some(success) => Redirect::to(&success).into_response(),
        None => (StatusCode::NOT_FOUND, "unknown checkout").into_response(),
    }
}

async fn cancel(State(fake): State<Arc<FakeStripe>>, Path(id): Path<String>) -> Response {
    match fake.session(&id) {
        Some(session) => {
            Redirect::to(session["cancel_url"].as_str().unwrap_or("/")).into_response()
        }
        None => (StatusCode::NOT_FOUND, "unknown checkout").into_response(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use app::payments::events::EVENT_TEMPLATE;

    #[test]
    fn stripe_form_bodies_read_as_nested_json() {
        let body = b"mode=payment&line_items%5B0%5D%5Bquantity%5D=2&line_items[0][price_data][currency]=usd\
&line_items[1][quantity]=1&metadata[order_id]=7&expand[0]=a&expand[1]=b";
        let form = parse_form(body);
        assert_eq!(form["mode"], "payment");
        assert_eq!(form["line_items"][0]["quantity"], "2");
        assert_eq!(form["line_items"][0]["price_data"]["currency"], "usd");
        assert_eq!(form["line_items"][1]["quantity"], "1");
        assert_eq!(form["metadata"]["order_id"], "7");
        assert_eq!(form["expand"], json!(["a", "b"]));
    }

    #[test]
    fn the_templates_are_stripes_objects() {
        let event: Value = serde_json::from_str(EVENT_TEMPLATE).unwrap();
        assert_eq!(event["object"], "event");
        let refund: Value = serde_json::from_str(REFUND_TEMPLATE).unwrap();
        assert_eq!(refund["object"], "refund");
    }
}
