//! The fake's PayPal: Orders v2 (create, approve, capture) and Payments v2 refunds, with
//! PayPal's object shapes and status changes, each change announced as a webhook event.

use serde_json::{json, Value};

use super::api_error::ApiError;
use super::{money_value, random_id, timestamp, with_query, FakePayPal};
use app::payments::paypal_events::amount;

impl FakePayPal {
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

    fn link(&self, path: &str, rel: &str, method: &str) -> Value {
        json!({"href": format!("{}{path}", self.config.public_url), "rel": rel, "method": method})
    }

    pub(super) fn new_order(&self, request: &Value) -> Result<Value, ApiError> {
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
    pub(super) fn public(order: &Value) -> Value {
        let mut order = order.clone();
        if let Some(paypal) = order["payment_source"]["paypal"].as_object_mut() {
            paypal.remove("experience_context");
        }
        order
    }

    pub(super) async fn capture(&self, id: &str) -> Result<Value, ApiError> {
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

    pub(super) async fn refund(
        &self,
        capture_id: &str,
        request: &Value,
    ) -> Result<Value, ApiError> {
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
