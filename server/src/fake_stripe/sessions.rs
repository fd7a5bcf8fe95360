//! The fake's Stripe: Checkout Sessions (create, pay, expire) shaped like Stripe's objects,
//! each change announced as a signed webhook event, delivered unless held.

use app::payments::events::{build_event, merge, SESSION_TEMPLATE};
use app::payments::{now_secs, signature};
use serde_json::{json, Value};

use super::api_error::ApiError;
use super::form::{int, text};
use super::{random_id, FakeLine, FakeStripe};

impl FakeStripe {
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
    pub(super) async fn emit(&self, kind: &str, object: &Value) {
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

    pub(super) fn new_session(&self, form: &Value) -> Result<(Value, Vec<FakeLine>), ApiError> {
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
