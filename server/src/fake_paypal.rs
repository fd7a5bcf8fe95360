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

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use app::domain::mail::escape_html;
use app::payments::paypal_events::{amount, parse_amount};
use app::payments::{now_secs, signature};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Value};

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
const SIGNING_KEY: &str = "oxcart-fake-paypal-signing-key";

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

/// PayPal's error answer.
pub struct ApiError {
    status: StatusCode,
    name: &'static str,
    message: String,
    issue: Option<(&'static str, String)>,
}

impl ApiError {
    fn unprocessable(issue: &'static str, description: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            name: "UNPROCESSABLE_ENTITY",
            message: "The requested action could not be performed, semantically incorrect, or failed business validation.".into(),
            issue: Some((issue, description.into())),
        }
    }
    fn invalid(issue: &'static str, description: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            name: "INVALID_REQUEST",
            message: "Request is not well-formed, syntactically incorrect, or violates schema."
                .into(),
            issue: Some((issue, description.into())),
        }
    }
    fn not_found() -> ApiError {
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
    fn unauthenticated() -> ApiError {
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

type ApiResult = Result<(StatusCode, Json<Value>), ApiError>;

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

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The signature of one transmission.
pub fn transmission_sig(id: &str, time: &str, webhook_id: &str, body: &[u8]) -> String {
    let mut signed = format!("{id}|{time}|{webhook_id}|").into_bytes();
    signed.extend_from_slice(body);
    let header = signature::sign(SIGNING_KEY, 0, &signed);
    header.rsplit("v1=").next().unwrap_or("").to_string()
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

    fn authorize(&self, headers: &HeaderMap, what: String) -> Result<(), ApiError> {
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
    async fn one_at_a_time(
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
    fn replay(&self, headers: &HeaderMap, scope: &str) -> Option<(StatusCode, Value)> {
        let id = headers.get("paypal-request-id")?.to_str().ok()?;
        self.store()
            .idempotent
            .get(&format!("{scope}:{id}"))
            .cloned()
    }

    fn remember(&self, headers: &HeaderMap, scope: &str, answer: &(StatusCode, Value)) {
        if let Some(id) = headers
            .get("paypal-request-id")
            .and_then(|v| v.to_str().ok())
        {
            self.store()
                .idempotent
                .insert(format!("{scope}:{id}"), answer.clone());
        }
    }

    /// The shopper approves the order (the approval page's button). Returns the return URL.
    pub async fn approve_order(&self, id: &str) -> Option<String> {
        let (order, back) = {
            let mut store = self.store();
            let order = store.orders.get_mut(id)?;
            let back = order["payment_source"]["paypal"]["experience_context"]["return_url"]
                .as_str()
                .unwrap_or("/")
                .to_string();
            let payer = random_id(13);
            if !matches!(
                order["status"].as_str(),
                Some("CREATED" | "PAYER_ACTION_REQUIRED")
            ) {
                return Some(with_query(&back, &[("token", id)]));
            }
            order["status"] = json!("APPROVED");
            order["payer"] = json!({
                "name": {"given_name": "Pat", "surname": "Payer"},
                "email_address": "payer@example.com",
                "payer_id": payer,
                "address": {"country_code": "US"},
            });
            order["payment_source"]["paypal"]["account_id"] = json!(payer);
            order["payment_source"]["paypal"]["email_address"] = json!("payer@example.com");
            order["update_time"] = json!(timestamp());
            (
                order.clone(),
                with_query(&back, &[("token", id), ("PayerID", &payer)]),
            )
        };
        self.emit("CHECKOUT.ORDER.APPROVED", "checkout-order", &order)
            .await;
        Some(back)
    }

    async fn emit(&self, kind: &str, resource_type: &str, resource: &Value) {
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

    fn link(&self, path: &str, rel: &str, method: &str) -> Value {
        json!({"href": format!("{}{path}", self.config.public_url), "rel": rel, "method": method})
    }

    fn new_order(&self, request: &Value) -> Result<Value, ApiError> {
        if request["intent"].as_str() != Some("CAPTURE") {
            return Err(ApiError::invalid(
                "INVALID_PARAMETER_VALUE",
                "intent must be CAPTURE or AUTHORIZE (this fake knows CAPTURE).",
            ));
        }
        let units = request["purchase_units"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let [unit] = units.as_slice() else {
            return Err(ApiError::invalid(
                "MISSING_REQUIRED_PARAMETER",
                "purchase_units needs exactly one unit here.",
            ));
        };
        let amount = &unit["amount"];
        let currency = amount["currency_code"].as_str().unwrap_or("");
        let Some(total) = money_value(amount) else {
            return Err(ApiError::invalid(
                "INVALID_PARAMETER_VALUE",
                "amount.value must be a decimal string.",
            ));
        };
        let breakdown = &amount["breakdown"];
        let part = |k: &str| money_value(&breakdown[k]).unwrap_or(0);
        if breakdown.is_object()
            && part("item_total")
                + part("shipping")
                + part("tax_total")
                + part("handling")
                + part("insurance")
                - part("shipping_discount")
                - part("discount")
                != total
        {
            return Err(ApiError::unprocessable(
                "AMOUNT_MISMATCH",
                "Should equal item_total + tax_total + shipping + handling + insurance - shipping_discount - discount.",
            ));
        }
        if let Some(items) = unit["items"].as_array() {
            let sum: i64 = items
                .iter()
                .map(|i| {
                    money_value(&i["unit_amount"]).unwrap_or(0)
                        * i["quantity"]
                            .as_str()
                            .and_then(|q| q.parse::<i64>().ok())
                            .unwrap_or(0)
                })
                .sum();
            if sum != part("item_total") {
                return Err(ApiError::unprocessable(
                    "ITEM_TOTAL_MISMATCH",
                    "Should equal sum of (unit_amount * quantity) across all items for a given purchase_unit.",
                ));
            }
            if items
                .iter()
                .any(|i| i["unit_amount"]["currency_code"] != currency)
            {
                return Err(ApiError::unprocessable(
                    "CURRENCY_MISMATCH",
                    "Currency code should be the same for all amounts.",
                ));
            }
        }
        let id = random_id(17);
        let context = &request["payment_source"]["paypal"]["experience_context"];
        if context["return_url"].as_str().is_none() || context["cancel_url"].as_str().is_none() {
            return Err(ApiError::invalid(
                "MISSING_REQUIRED_PARAMETER",
                "payment_source.paypal.experience_context needs return_url and cancel_url.",
            ));
        }
        let mut unit = unit.clone();
        unit["payee"] =
            json!({"email_address": "merchant@example.com", "merchant_id": "FAKEMERCHANT01"});
        Ok(json!({
            "id": id,
            "intent": "CAPTURE",
            "status": "PAYER_ACTION_REQUIRED",
            "payment_source": {"paypal": {"experience_context": context}},
            "purchase_units": [unit],
            "create_time": timestamp(),
            "links": [
                self.link(&format!("/v2/checkout/orders/{id}"), "self", "GET"),
                self.link(&format!("/checkoutnow?token={id}"), "payer-action", "GET"),
            ],
        }))
    }

    /// What a store sees of an order: its experience context stays private, as at PayPal.
    fn public(order: &Value) -> Value {
        let mut order = order.clone();
        if let Some(paypal) = order["payment_source"]["paypal"].as_object_mut() {
            paypal.remove("experience_context");
        }
        order
    }

    async fn capture(&self, id: &str) -> Result<Value, ApiError> {
        let (order, capture, declined) = {
            let mut store = self.store();
            let declined = std::mem::take(&mut store.decline_next_capture);
            let Some(order) = store.orders.get(id).cloned() else {
                return Err(ApiError::not_found());
            };
            match order["status"].as_str() {
                Some("APPROVED") => {}
                Some("COMPLETED") => {
                    return Err(ApiError::unprocessable(
                        "ORDER_ALREADY_CAPTURED",
                        "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.",
                    ))
                }
                _ => {
                    return Err(ApiError::unprocessable(
                        "ORDER_NOT_APPROVED",
                        "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.",
                    ))
                }
            }
            let unit = &order["purchase_units"][0];
            let capture_id = random_id(17);
            let capture = json!({
                "id": capture_id,
                "status": if declined { "DECLINED" } else { "COMPLETED" },
                "amount": {"currency_code": unit["amount"]["currency_code"], "value": unit["amount"]["value"]},
                "final_capture": true,
                "seller_protection": {"status": "ELIGIBLE", "dispute_categories": ["ITEM_NOT_RECEIVED", "UNAUTHORIZED_TRANSACTION"]},
                "custom_id": unit["custom_id"],
                "invoice_id": unit["invoice_id"],
                "supplementary_data": {"related_ids": {"order_id": id}},
                "create_time": timestamp(),
                "update_time": timestamp(),
                "links": [
                    self.link(&format!("/v2/payments/captures/{capture_id}"), "self", "GET"),
                    self.link(&format!("/v2/payments/captures/{capture_id}/refund"), "refund", "POST"),
                    self.link(&format!("/v2/checkout/orders/{id}"), "up", "GET"),
                ],
            });
            let order = store.orders.get_mut(id).expect("looked up above");
            order["status"] = json!("COMPLETED");
            let mut stored = capture.clone();
            if let Some(map) = stored.as_object_mut() {
                map.remove("supplementary_data");
            }
            order["purchase_units"][0]["payments"] = json!({"captures": [stored]});
            order["update_time"] = json!(timestamp());
            let order = order.clone();
            store.captures.insert(capture_id, capture.clone());
            (order, capture, declined)
        };
        let kind = if declined {
            "PAYMENT.CAPTURE.DENIED"
        } else {
            "PAYMENT.CAPTURE.COMPLETED"
        };
        self.emit(kind, "capture", &capture).await;
        Ok(Self::public(&order))
    }

    /// A refund made by the merchant in PayPal's dashboard (no `custom_id`): `minor` of the
    /// capture, or what is left of it.
    pub async fn refund_from_dashboard(
        &self,
        capture_id: &str,
        minor: Option<i64>,
    ) -> Option<Value> {
        let currency = self.store().captures.get(capture_id)?["amount"]["currency_code"].clone();
        let request = match minor {
            Some(minor) => json!({"amount": {"currency_code": currency, "value": amount(minor)}}),
            None => json!({}),
        };
        self.refund(capture_id, &request).await.ok()
    }

    async fn refund(&self, capture_id: &str, request: &Value) -> Result<Value, ApiError> {
        let refund = {
            let mut store = self.store();
            let Some(capture) = store.captures.get(capture_id).cloned() else {
                return Err(ApiError::not_found());
            };
            let paid = money_value(&capture["amount"]).unwrap_or(0);
            let currency = capture["amount"]["currency_code"].clone();
            let refunded = capture["refunded_minor"].as_i64().unwrap_or(0);
            if capture["status"] == "DECLINED" {
                return Err(ApiError::unprocessable(
                    "CAPTURE_NOT_REFUNDABLE",
                    "The capture cannot be refunded.",
                ));
            }
            if refunded >= paid {
                return Err(ApiError::unprocessable(
                    "CAPTURE_FULLY_REFUNDED",
                    "The capture has already been fully refunded",
                ));
            }
            let asked = if request["amount"].is_object() {
                if request["amount"]["currency_code"] != currency {
                    return Err(ApiError::unprocessable(
                        "CURRENCY_MISMATCH",
                        "The refund currency must match the capture's.",
                    ));
                }
                money_value(&request["amount"]).ok_or_else(|| {
                    ApiError::invalid(
                        "INVALID_PARAMETER_VALUE",
                        "amount.value must be a decimal string.",
                    )
                })?
            } else {
                paid - refunded
            };
            if asked <= 0 || refunded + asked > paid {
                return Err(ApiError::unprocessable(
                    "REFUND_AMOUNT_EXCEEDED",
                    "The refund amount must be less than or equal to the capture amount that has not yet been refunded.",
                ));
            }
            let refund_id = random_id(17);
            let refund = json!({
                "id": refund_id,
                "status": "COMPLETED",
                "amount": {"currency_code": currency, "value": amount(asked)},
                "custom_id": request["custom_id"],
                "invoice_id": capture["invoice_id"],
                "note_to_payer": request["note_to_payer"],
                "seller_payable_breakdown": {
                    "gross_amount": {"currency_code": currency, "value": amount(asked)},
                    "net_amount": {"currency_code": currency, "value": amount(asked)},
                    "total_refunded_amount": {"currency_code": currency, "value": amount(refunded + asked)},
                },
                "create_time": timestamp(),
                "update_time": timestamp(),
                "links": [
                    self.link(&format!("/v2/payments/refunds/{refund_id}"), "self", "GET"),
                    self.link(&format!("/v2/payments/captures/{capture_id}"), "up", "GET"),
                ],
            });
            if let Some(capture) = store.captures.get_mut(capture_id) {
                capture["refunded_minor"] = json!(refunded + asked);
                capture["status"] = json!(if refunded + asked == paid {
                    "REFUNDED"
                } else {
                    "PARTIALLY_REFUNDED"
                });
            }
            refund
        };
        self.emit("PAYMENT.CAPTURE.REFUNDED", "refund", &refund)
            .await;
        Ok(refund)
    }
}

fn with_query(url: &str, pairs: &[(&str, &str)]) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{query}")
}

fn json_body(body: &Bytes) -> Result<Value, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::invalid("MALFORMED_REQUEST_JSON", e.to_string()))
}

async fn token(State(fake): State<Arc<FakePayPal>>, headers: HeaderMap, body: Bytes) -> Response {
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

async fn create_order(
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

async fn get_order(
    State(fake): State<Arc<FakePayPal>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult {
    fake.authorize(&headers, format!("GET /v2/checkout/orders/{id}"))?;
    let order = fake.order(&id).ok_or_else(ApiError::not_found)?;
    Ok((StatusCode::OK, Json(FakePayPal::public(&order))))
}

async fn capture_order(
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

async fn refund_capture(
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

async fn verify_signature(
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

#[derive(Deserialize)]
struct TokenQuery {
    token: String,
}

async fn approval_page(
    State(fake): State<Arc<FakePayPal>>,
    Query(query): Query<TokenQuery>,
) -> Response {
    let Some(order) = fake.order(&query.token) else {
        return (
            StatusCode::NOT_FOUND,
            Html("<h1>This checkout link is not valid</h1>".to_string()),
        )
            .into_response();
    };
    let id = escape_html(&query.token);
    let unit = &order["purchase_units"][0];
    let currency = unit["amount"]["currency_code"].as_str().unwrap_or("USD");
    let rows: String = unit["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|i| {
            format!(
                "<tr><td>{} × {}</td><td>{} {currency}</td></tr>",
                escape_html(i["name"].as_str().unwrap_or("")),
                escape_html(i["quantity"].as_str().unwrap_or("")),
                escape_html(i["unit_amount"]["value"].as_str().unwrap_or("")),
            )
        })
        .collect();
    let open = matches!(
        order["status"].as_str(),
        Some("CREATED" | "PAYER_ACTION_REQUIRED")
    );
    let actions = if open {
        format!(
            "<form method=\"post\" action=\"/checkoutnow/{id}/approve\"><button class=\"pay\">Pay with PayPal</button></form>\
             <form method=\"post\" action=\"/checkoutnow/{id}/cancel\"><button>Cancel and return to the store</button></form>"
        )
    } else {
        format!(
            "<p>This order is {}.</p>",
            escape_html(&order["status"].as_str().unwrap_or("").to_ascii_lowercase())
        )
    };
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>PayPal Checkout (fake)</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:0;padding:16px;background:#f5f7fa;color:#001c64}}\
         main{{max-width:440px;margin:16px auto;background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px #0002}}\
         table{{width:100%;border-collapse:collapse}}td{{padding:6px 0;border-bottom:1px solid #e6e9ef}}td+td{{text-align:right}}\
         .note{{background:#fff4e5;color:#7a3e00;padding:8px;border-radius:8px;font-size:14px}}\
         button{{display:block;width:100%;margin-top:10px;padding:12px;font:inherit;font-weight:600;border-radius:999px;border:1px solid #99a1b3;background:#fff;color:#001c64;cursor:pointer}}\
         button.pay{{background:#ffc439;border-color:#ffc439}}button:focus-visible{{outline:2px solid #001c64;outline-offset:2px}}</style></head>\
         <body><main><p class=\"note\">Local fake of PayPal: no real account is charged.</p>\
         <h1 style=\"font-size:20px\">{payee}</h1><table>{rows}\
         <tr><td>Shipping</td><td>{shipping} {currency}</td></tr><tr><td>Tax</td><td>{tax} {currency}</td></tr>\
         <tr><th scope=\"row\" style=\"text-align:left\">Total</th><td data-testid=\"paypal-total\"><strong>{total} {currency}</strong></td></tr></table>\
         {actions}</main></body></html>",
        payee = escape_html(
            order["purchase_units"][0]["description"]
                .as_str()
                .unwrap_or("PayPal Checkout")
        ),
        shipping = escape_html(unit["amount"]["breakdown"]["shipping"]["value"].as_str().unwrap_or("0.00")),
        tax = escape_html(unit["amount"]["breakdown"]["tax_total"]["value"].as_str().unwrap_or("0.00")),
        total = escape_html(unit["amount"]["value"].as_str().unwrap_or("")),
    );
    Html(body).into_response()
}

async fn approve(State(fake): State<Arc<FakePayPal>>, Path(id): Path<String>) -> Response {
    match fake.approve_order(&id).await {
        Some(back) => Redirect::to(&back).into_response(),
        None => (StatusCode::NOT_FOUND, "unknown order").into_response(),
    }
}

async fn cancel(State(fake): State<Arc<FakePayPal>>, Path(id): Path<String>) -> Response {
    match fake.order(&id) {
        Some(order) => {
            let back = order["payment_source"]["paypal"]["experience_context"]["cancel_url"]
                .as_str()
                .unwrap_or("/");
            Redirect::to(&with_query(back, &[("token", &id)])).into_response()
        }
        None => (StatusCode::NOT_FOUND, "unknown order").into_response(),
    }
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

    #[test]
    fn a_transmission_signature_covers_the_body_and_the_webhook() {
        let sig = transmission_sig("id", "t", "WH1", b"{}");
        assert_eq!(sig, transmission_sig("id", "t", "WH1", b"{}"));
        assert_ne!(sig, transmission_sig("id", "t", "WH2", b"{}"));
        assert_ne!(sig, transmission_sig("id", "t", "WH1", b"{ }"));
    }
}
