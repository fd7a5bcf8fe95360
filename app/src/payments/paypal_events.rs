//! PayPal's objects (Orders v2, Payments v2, webhooks v1), without any HTTP: the order Oxcart
//! asks PayPal to create, amounts as PayPal's decimal strings, and what PayPal's orders, captures
//! and webhook events mean for an Oxcart order. The calls themselves are in `paypal`.

use serde_json::{json, Value};

use super::{CheckoutRequest, Notification};
use crate::db::orders::{PaymentOutcome, ReportedRefund};

/// PayPal's longest item name and SKU.
const MAX_ITEM_TEXT: usize = 127;

/// Minor units as PayPal writes an amount: `1234` is `"12.34"` (every currency the store
/// supports has two decimals).
pub fn amount(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let minor = minor.unsigned_abs();
    format!("{sign}{}.{:02}", minor / 100, minor % 100)
}

/// A PayPal amount (`"12.34"`, `"12.3"`, `"12"`) in minor units; None for anything else (a
/// sign, a third decimal, letters, an amount too large).
pub fn parse_amount(value: &str) -> Option<i64> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (value.contains('.') && !digits(fraction)) || fraction.len() > 2 {
        return None;
    }
    let whole: i64 = whole.parse().ok().filter(|w| *w < 1_000_000_000_000)?;
    let cents: i64 = format!("{fraction:0<2}").parse().ok()?;
    Some(whole * 100 + cents)
}

fn money(currency: &str, minor: i64) -> Value {
    json!({"currency_code": currency, "value": amount(minor)})
}

fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// The `POST /v2/checkout/orders` body for an order, from its snapshot: one purchase unit tied
/// to the order (`custom_id` its id, `invoice_id` its number), its lines as items, and a
/// breakdown (items, shipping, tax) that adds up exactly to the order's total. Refused (never
/// sent) when the snapshot does not add up.
pub fn order_request(request: &CheckoutRequest<'_>, brand: &str) -> Result<Value, String> {
    let order = request.order;
    let currency = order.currency.code();
    let mut item_total: i64 = 0;
    let items: Vec<Value> = request
        .lines
        .iter()
        .map(|line| {
            item_total += line.unit_price * i64::from(line.quantity);
            let name = if line.options.is_empty() {
                line.product_name.clone()
            } else {
                format!("{} ({})", line.product_name, line.options)
            };
            json!({
                "name": clip(&name, MAX_ITEM_TEXT),
                "sku": clip(&line.sku, MAX_ITEM_TEXT),
                "quantity": line.quantity.to_string(),
                "unit_amount": money(currency, line.unit_price),
                "category": "PHYSICAL_GOODS",
            })
        })
        .collect();
    if item_total != order.subtotal {
        return Err(format!(
            "order {}: its lines add up to {item_total}, not its subtotal {}",
            order.number, order.subtotal
        ));
    }
    if order.subtotal + order.shipping + order.tax != order.total {
        return Err(format!(
            "order {}: subtotal, shipping and tax do not add up to its total",
            order.number
        ));
    }
    let address = &order.address;
    let mut shipping_address = json!({
        "address_line_1": address.line1,
        "admin_area_2": address.city,
        "postal_code": address.postal_code,
        "country_code": address.country,
    });
    if !address.line2.is_empty() {
        shipping_address["address_line_2"] = json!(address.line2);
    }
    if !address.region.is_empty() {
        shipping_address["admin_area_1"] = json!(address.region);
    }
    Ok(json!({
        "intent": "CAPTURE",
        "purchase_units": [{
            "reference_id": order.number,
            "description": clip(&format!("{brand} order {}", order.number), 127),
            "custom_id": order.id.to_string(),
            "invoice_id": order.number,
            "items": items,
            "amount": {
                "currency_code": currency,
                "value": amount(order.total),
                "breakdown": {
                    "item_total": money(currency, order.subtotal),
                    "shipping": money(currency, order.shipping),
                    "tax_total": money(currency, order.tax),
                },
            },
            "shipping": {
                "type": "SHIPPING",
                "name": {"full_name": clip(&address.full_name, 300)},
                "address": shipping_address,
            },
        }],
        "payment_source": {"paypal": {"experience_context": {
            // Only payments whose result is known at once: stock is held for the order only.
            "payment_method_preference": "IMMEDIATE_PAYMENT_REQUIRED",
            "brand_name": clip(brand, 127),
            "shipping_preference": "SET_PROVIDED_ADDRESS",
            "user_action": "PAY_NOW",
            "return_url": request.success_url,
            "cancel_url": request.cancel_url,
        }}},
    }))
}

/// The link PayPal sends the shopper to (`payer-action`, or `approve` in older answers).
pub fn approval_link(order: &Value) -> Option<String> {
    let links = order["links"].as_array()?;
    ["payer-action", "approve"].iter().find_map(|rel| {
        links
            .iter()
            .find(|l| l["rel"].as_str() == Some(rel))
            .and_then(|l| l["href"].as_str())
            .map(str::to_string)
    })
}

/// The amount of a PayPal order's first purchase unit, in minor units, with its currency.
pub fn order_amount(order: &Value) -> Option<(i64, String)> {
    let amount = &order["purchase_units"][0]["amount"];
    Some((
        parse_amount(amount["value"].as_str()?)?,
        amount["currency_code"].as_str()?.to_ascii_lowercase(),
    ))
}

/// What a capture means for its order, with what it charged.
pub fn capture_outcome(capture: &Value) -> Option<(PaymentOutcome, Option<(i64, String)>)> {
    let id = capture["id"].as_str().filter(|id| !id.is_empty())?;
    let charged = capture["amount"]["value"]
        .as_str()
        .and_then(parse_amount)
        .zip(capture["amount"]["currency_code"].as_str())
        .map(|(minor, currency)| (minor, currency.to_ascii_lowercase()));
    match capture["status"].as_str()? {
        // A capture refunded since is still the payment that was made.
        "COMPLETED" | "PARTIALLY_REFUNDED" | "REFUNDED" => Some((
            PaymentOutcome::Paid {
                payment_id: id.to_string(),
            },
            charged,
        )),
        "DECLINED" | "FAILED" => Some((PaymentOutcome::Failed, charged)),
        // PENDING: PayPal is still deciding; its webhook will say.
        _ => None,
    }
}

/// What a PayPal order's state asks of Oxcart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderState {
    /// The shopper has not approved it yet (or the payment is still pending).
    Open,
    /// Approved by the shopper: Oxcart captures it.
    Approved,
    /// Settled: the outcome to apply, with what was charged.
    Settled(PaymentOutcome, Option<(i64, String)>),
}

/// Reads a PayPal order (`GET /v2/checkout/orders/{id}` or a capture's answer).
pub fn order_state(order: &Value) -> OrderState {
    match order["status"].as_str() {
        Some("APPROVED") => OrderState::Approved,
        Some("COMPLETED") => {
            let captures = order["purchase_units"][0]["payments"]["captures"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            // A paid capture wins over an earlier declined one.
            let outcomes: Vec<_> = captures.iter().filter_map(capture_outcome).collect();
            let paid = outcomes
                .iter()
                .find(|(o, _)| matches!(o, PaymentOutcome::Paid { .. }));
            match paid.or(outcomes.first()) {
                Some((outcome, charged)) => OrderState::Settled(outcome.clone(), charged.clone()),
                None => OrderState::Open,
            }
        }
        Some("VOIDED") => OrderState::Settled(PaymentOutcome::Expired, None),
        _ => OrderState::Open,
    }
}

/// The capture a refund belongs to: its `up` link ends with the capture id.
fn refunded_capture(refund: &Value) -> Option<String> {
    refund["links"]
        .as_array()?
        .iter()
        .find(|l| l["rel"].as_str() == Some("up"))
        .and_then(|l| l["href"].as_str())
        .and_then(|href| href.trim_end_matches('/').rsplit('/').next())
        .filter(|id| !id.is_empty())
        .map(str::to_string)
}

/// Reads a refund object: the capture it refunds (its `up` link) and the `custom_id` Oxcart
/// gave it (its own refund's idempotency key), when Oxcart asked for it.
pub fn reported_refund(refund: &Value) -> Option<ReportedRefund> {
    Some(ReportedRefund {
        refund_id: refund["id"].as_str()?.to_string(),
        payment_id: refunded_capture(refund)?,
        amount: parse_amount(refund["amount"]["value"].as_str()?)?,
        currency: refund["amount"]["currency_code"]
            .as_str()?
            .to_ascii_lowercase(),
        key: refund["custom_id"].as_str().map(str::to_string),
    })
}

/// A verified webhook event, read: what it says about which PayPal order. `reference` is the
/// PayPal order id (the order's payment reference).
pub fn parse_event(body: &[u8]) -> Result<Notification, String> {
    let event: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let event_id = event["id"].as_str().filter(|s| !s.is_empty());
    let event_type = event["event_type"].as_str().filter(|s| !s.is_empty());
    let (Some(event_id), Some(event_type)) = (event_id, event_type) else {
        return Err("an event needs an id and an event_type".into());
    };
    let resource = &event["resource"];
    let related_order = resource["supplementary_data"]["related_ids"]["order_id"]
        .as_str()
        .map(str::to_string);
    let mut notification = Notification {
        event_id: event_id.to_string(),
        event_type: event_type.to_string(),
        reference: None,
        outcome: None,
        charged: None,
        livemode: None,
        refresh: false,
        refunded: None,
    };
    match event_type {
        // The shopper approved (or the order completed elsewhere): ask PayPal, capture.
        "CHECKOUT.ORDER.APPROVED" | "CHECKOUT.ORDER.COMPLETED" => {
            notification.reference = resource["id"].as_str().map(str::to_string);
            notification.refresh = true;
        }
        "PAYMENT.CAPTURE.COMPLETED" | "PAYMENT.CAPTURE.DENIED" | "PAYMENT.CAPTURE.DECLINED" => {
            notification.reference = related_order;
            if let Some((outcome, charged)) = capture_outcome(resource) {
                notification.outcome = Some(outcome);
                notification.charged = charged;
            }
        }
        "PAYMENT.CAPTURE.REFUNDED" => {
            notification.reference = related_order;
            notification.refunded = reported_refund(resource);
            if notification.refunded.is_none() {
                return Err("a refund event without a readable refund".into());
            }
        }
        _ => {}
    }
    Ok(notification)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::orders::{OrderLineRow, OrderRow};
    use crate::domain::address::AddressFields;
    use crate::domain::money::Currency;
    use crate::domain::order::OrderStatus;

    #[test]
    fn amounts_are_paypal_decimal_strings() {
        assert_eq!(amount(0), "0.00");
        assert_eq!(amount(5), "0.05");
        assert_eq!(amount(1234), "12.34");
        assert_eq!(amount(10_000_000), "100000.00");
        assert_eq!(amount(-250), "-2.50");
        for (text, minor) in [("12.34", 1234), ("12.3", 1230), ("12", 1200), ("0.05", 5)] {
            assert_eq!(parse_amount(text), Some(minor), "{text}");
        }
        for bad in [
            "",
            ".5",
            "12.",
            "12.345",
            "-1.00",
            "1e3",
            "12,00",
            " 1.00",
            "9999999999999.00",
        ] {
            assert_eq!(parse_amount(bad), None, "{bad:?}");
        }
        for minor in [0, 1, 99, 100, 123_456_789] {
            assert_eq!(parse_amount(&amount(minor)), Some(minor));
        }
    }

    fn order(subtotal: i64, shipping: i64, tax: i64) -> OrderRow {
        OrderRow {
            id: 42,
            number: "OX-7K3M9Q".into(),
            user_id: None,
            email: "ada@example.com".into(),
            status: OrderStatus::Pending,
            stock_state: "held".into(),
            currency: Currency::Usd,
            subtotal,
            shipping,
            tax,
            total: subtotal + shipping + tax,
            tax_rate_bp: 825,
            shipping_method: "standard".into(),
            address: AddressFields {
                full_name: "Ada Lovelace".into(),
                line1: "1 Main St".into(),
                line2: String::new(),
                city: "Austin".into(),
                region: "TX".into(),
                postal_code: "78701".into(),
                country: "US".into(),
                phone: String::new(),
            },
            payment_provider: "paypal".into(),
            payment_reference: None,
            payment_url: None,
            payment_id: None,
            carrier: None,
            tracking: None,
            refunded: 0,
            reserved_until: 0,
            created_at: 0,
        }
    }

    fn line(sku: &str, unit_price: i64, quantity: i32) -> OrderLineRow {
        OrderLineRow {
            sku: sku.into(),
            product_name: "Tee".into(),
            options: "Size: M".into(),
            unit_price,
            quantity,
            line_total: unit_price * i64::from(quantity),
        }
    }

    fn request<'a>(order: &'a OrderRow, lines: &'a [OrderLineRow]) -> CheckoutRequest<'a> {
        CheckoutRequest {
            order,
            lines,
            success_url: "https://shop.example/orders/OX-7K3M9Q?paid=1".into(),
            cancel_url: "https://shop.example/orders/OX-7K3M9Q?cancelled=1".into(),
            expires_at: 0,
        }
    }

    #[test]
    fn an_order_request_adds_up_to_the_total() {
        let lines = [line("TEE-M", 1999, 3), line("MUG", 1250, 1)];
        let order = order(7247, 599, 647);
        let body = order_request(&request(&order, &lines), "Oxcart").unwrap();
        let unit = &body["purchase_units"][0];
        assert_eq!(body["intent"], "CAPTURE");
        assert_eq!(unit["custom_id"], "42");
        assert_eq!(unit["invoice_id"], "OX-7K3M9Q");
        assert_eq!(unit["amount"]["value"], "84.93");
        assert_eq!(unit["amount"]["currency_code"], "USD");
        let breakdown = &unit["amount"]["breakdown"];
        let part = |k: &str| parse_amount(breakdown[k]["value"].as_str().unwrap()).unwrap();
        assert_eq!(
            part("item_total") + part("shipping") + part("tax_total"),
            8493
        );
        let items: i64 = unit["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                parse_amount(i["unit_amount"]["value"].as_str().unwrap()).unwrap()
                    * i["quantity"].as_str().unwrap().parse::<i64>().unwrap()
            })
            .sum();
        assert_eq!(items, part("item_total"));
        assert_eq!(unit["items"][0]["name"], "Tee (Size: M)");
        assert_eq!(unit["shipping"]["address"]["admin_area_1"], "TX");
        let context = &body["payment_source"]["paypal"]["experience_context"];
        assert_eq!(
            context["return_url"],
            "https://shop.example/orders/OX-7K3M9Q?paid=1"
        );
        assert_eq!(context["user_action"], "PAY_NOW");
    }

    #[test]
    fn an_order_that_does_not_add_up_is_never_sent() {
        let lines = [line("TEE-M", 1999, 3)];
        let wrong_subtotal = order(5000, 599, 0);
        assert!(order_request(&request(&wrong_subtotal, &lines), "Oxcart").is_err());
        let mut wrong_total = order(5997, 599, 0);
        wrong_total.total += 1;
        assert!(order_request(&request(&wrong_total, &lines), "Oxcart").is_err());
    }

    #[test]
    fn long_names_are_clipped_to_paypals_limit() {
        let mut long = line("TEE-M", 100, 1);
        long.product_name = "é".repeat(200);
        let order = order(100, 0, 0);
        let lines = [long];
        let body = order_request(&request(&order, &lines), "Oxcart").unwrap();
        let name = body["purchase_units"][0]["items"][0]["name"]
            .as_str()
            .unwrap();
        assert_eq!(name.chars().count(), 127);
    }

    /// PayPal's example capture (Payments v2, `capture` schema) and webhook envelope.
    fn capture(status: &str) -> Value {
        json!({
            "id": "2GG279541U471931P",
            "status": status,
            "amount": {"currency_code": "USD", "value": "84.93"},
            "final_capture": true,
            "seller_protection": {"status": "ELIGIBLE", "dispute_categories": ["ITEM_NOT_RECEIVED", "UNAUTHORIZED_TRANSACTION"]},
            "custom_id": "42",
            "invoice_id": "OX-7K3M9Q",
            "supplementary_data": {"related_ids": {"order_id": "5O190127TN364715T"}},
            "create_time": "2026-12-04T10:00:00Z",
            "update_time": "2026-12-04T10:00:00Z",
            "links": [
                {"href": "https://api-m.sandbox.paypal.com/v2/payments/captures/2GG279541U471931P", "rel": "self", "method": "GET"},
                {"href": "https://api-m.sandbox.paypal.com/v2/payments/captures/2GG279541U471931P/refund", "rel": "refund", "method": "POST"},
                {"href": "https://api-m.sandbox.paypal.com/v2/checkout/orders/5O190127TN364715T", "rel": "up", "method": "GET"}
            ]
        })
    }

    fn event(kind: &str, resource: Value) -> Vec<u8> {
        serde_json::to_vec(&json!({
            "id": "WH-58D329510W468432D-8HN650336L201105X",
            "create_time": "2026-12-04T10:00:01.000Z",
            "resource_type": "capture",
            "event_type": kind,
            "summary": "Payment completed for $ 84.93 USD",
            "resource": resource,
            "resource_version": "2.0",
            "event_version": "1.0",
            "links": [{"href": "https://api-m.sandbox.paypal.com/v1/notifications/webhooks-events/WH-58D329510W468432D-8HN650336L201105X", "rel": "self", "method": "GET"}]
        }))
        .unwrap()
    }

    #[test]
    fn capture_events_say_paid_or_failed_for_their_paypal_order() {
        let n = parse_event(&event("PAYMENT.CAPTURE.COMPLETED", capture("COMPLETED"))).unwrap();
        assert_eq!(n.reference.as_deref(), Some("5O190127TN364715T"));
        assert_eq!(
            n.outcome,
            Some(PaymentOutcome::Paid {
                payment_id: "2GG279541U471931P".into()
            })
        );
        assert_eq!(n.charged, Some((8493, "usd".into())));
        assert!(!n.refresh && n.refunded.is_none());
        let n = parse_event(&event("PAYMENT.CAPTURE.DENIED", capture("DECLINED"))).unwrap();
        assert_eq!(n.outcome, Some(PaymentOutcome::Failed));
        let n = parse_event(&event("PAYMENT.CAPTURE.PENDING", capture("PENDING"))).unwrap();
        assert_eq!(n.outcome, None);
    }

    #[test]
    fn an_approval_asks_paypal_about_the_order() {
        let order = json!({"id": "5O190127TN364715T", "status": "APPROVED", "intent": "CAPTURE"});
        let n = parse_event(&event("CHECKOUT.ORDER.APPROVED", order)).unwrap();
        assert!(n.refresh);
        assert_eq!(n.reference.as_deref(), Some("5O190127TN364715T"));
        assert_eq!(n.outcome, None);
    }

    #[test]
    fn a_refund_event_names_its_capture_and_amount() {
        let refund = json!({
            "id": "1JU08902781691411",
            "status": "COMPLETED",
            "amount": {"value": "10.00", "currency_code": "USD"},
            "custom_id": "oxcart-refund-7",
            "links": [
                {"rel": "self", "method": "GET", "href": "https://api-m.paypal.com/v2/payments/refunds/1JU08902781691411"},
                {"rel": "up", "method": "GET", "href": "https://api-m.paypal.com/v2/payments/captures/2GG279541U471931P"}
            ]
        });
        let n = parse_event(&event("PAYMENT.CAPTURE.REFUNDED", refund)).unwrap();
        assert_eq!(
            n.refunded,
            Some(ReportedRefund {
                refund_id: "1JU08902781691411".into(),
                payment_id: "2GG279541U471931P".into(),
                amount: 1000,
                currency: "usd".into(),
                key: Some("oxcart-refund-7".into()),
            })
        );
    }

    #[test]
    fn unreadable_events_are_refused() {
        assert!(parse_event(b"not json").is_err());
        assert!(parse_event(br#"{"id": "WH-1"}"#).is_err());
        assert!(parse_event(&event("PAYMENT.CAPTURE.REFUNDED", json!({"id": "R"}))).is_err());
    }

    #[test]
    fn order_states_read_from_paypal_orders() {
        assert_eq!(order_state(&json!({"status": "CREATED"})), OrderState::Open);
        assert_eq!(
            order_state(&json!({"status": "PAYER_ACTION_REQUIRED"})),
            OrderState::Open
        );
        assert_eq!(
            order_state(&json!({"status": "APPROVED"})),
            OrderState::Approved
        );
        let completed = |captures: Value| json!({"status": "COMPLETED", "purchase_units": [{"payments": {"captures": captures}}]});
        assert_eq!(
            order_state(&completed(json!([
                capture("DECLINED"),
                capture("COMPLETED")
            ]))),
            OrderState::Settled(
                PaymentOutcome::Paid {
                    payment_id: "2GG279541U471931P".into()
                },
                Some((8493, "usd".into()))
            )
        );
        assert!(matches!(
            order_state(&completed(json!([capture("DECLINED")]))),
            OrderState::Settled(PaymentOutcome::Failed, _)
        ));
        assert_eq!(
            order_state(&completed(json!([capture("PENDING")]))),
            OrderState::Open
        );
        let created = json!({"links": [
            {"href": "https://api-m.paypal.com/v2/checkout/orders/5O1", "rel": "self", "method": "GET"},
            {"href": "https://www.paypal.com/checkoutnow?token=5O1", "rel": "payer-action", "method": "GET"}
        ]});
        assert_eq!(
            approval_link(&created).as_deref(),
            Some("https://www.paypal.com/checkoutnow?token=5O1")
        );
    }
}
