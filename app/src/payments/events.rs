//! Stripe-shaped objects: reading events (from Stripe, or from the test provider, which sends
//! the same shapes) and building Checkout Sessions and events from Stripe's own example objects
//! (`app/data/stripe/*.json`, copied from Stripe's published fixtures).

use serde_json::{json, Value};

use crate::db::orders::PaymentOutcome;

/// Stripe's example `checkout.session` and `event` objects.
pub const SESSION_TEMPLATE: &str = include_str!("../../data/stripe/checkout_session.json");
pub const EVENT_TEMPLATE: &str = include_str!("../../data/stripe/event.json");

/// A verified notification, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub event_id: String,
    pub event_type: String,
    /// The Checkout Session it is about (None for other objects).
    pub reference: Option<String>,
    /// What it means for the order; None for events we do not act on (or a completed checkout
    /// whose asynchronous payment is still on its way).
    pub outcome: Option<PaymentOutcome>,
    /// What the session charged: amount in minor units and lower-case currency, when the
    /// object says (checked against the order before a payment is applied).
    pub charged: Option<(i64, String)>,
    /// Whether the event comes from live mode (checked against the provider's key).
    pub livemode: Option<bool>,
    /// The event only says something happened to the checkout (PayPal's approval): ask the
    /// provider for its state and settle that.
    pub refresh: bool,
    /// A refund the provider reports (made by Oxcart, or in the provider's dashboard).
    pub refunded: Option<crate::db::orders::ReportedRefund>,
}

/// What a Checkout Session's state means for its order.
pub fn session_outcome(session: &Value) -> Option<PaymentOutcome> {
    outcome_of(
        session["status"].as_str(),
        session["payment_status"].as_str(),
        Some(payment_id(session)),
        session["id"].as_str().unwrap_or(""),
    )
}

/// The same, from a session's `status`, `payment_status` and payment intent id. A complete
/// session whose (asynchronous) payment has not cleared means nothing yet.
pub fn outcome_of(
    status: Option<&str>,
    payment_status: Option<&str>,
    payment_intent: Option<String>,
    session_id: &str,
) -> Option<PaymentOutcome> {
    let paid = matches!(payment_status, Some("paid" | "no_payment_required"));
    match status {
        Some("complete") if paid => Some(PaymentOutcome::Paid {
            payment_id: payment_intent
                .filter(|id| !id.is_empty())
                .unwrap_or_else(|| session_id.to_string()),
        }),
        Some("expired") => Some(PaymentOutcome::Expired),
        _ => None,
    }
}

fn payment_id(session: &Value) -> String {
    match &session["payment_intent"] {
        Value::String(id) => id.clone(),
        // Expanded payment intent.
        Value::Object(pi) => pi
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        _ => session["id"].as_str().unwrap_or("").to_string(),
    }
}

/// Reads an event body.
pub fn parse_event(body: &[u8]) -> Result<Notification, String> {
    let event: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let event_id = event["id"].as_str().filter(|s| !s.is_empty());
    let event_type = event["type"].as_str().filter(|s| !s.is_empty());
    let (Some(event_id), Some(event_type)) = (event_id, event_type) else {
        return Err("an event needs an id and a type".into());
    };
    if event["object"].as_str() != Some("event") {
        return Err("not an event object".into());
    }
    let object = &event["data"]["object"];
    let is_session = object["object"].as_str() == Some("checkout.session");
    let reference = is_session
        .then(|| object["id"].as_str().map(str::to_string))
        .flatten();
    let paid_now = matches!(
        object["payment_status"].as_str(),
        Some("paid" | "no_payment_required")
    );
    let outcome = match event_type {
        "checkout.session.completed" if is_session && paid_now => Some(PaymentOutcome::Paid {
            payment_id: payment_id(object),
        }),
        "checkout.session.async_payment_succeeded" if is_session => Some(PaymentOutcome::Paid {
            payment_id: payment_id(object),
        }),
        "checkout.session.async_payment_failed" if is_session => Some(PaymentOutcome::Failed),
        "checkout.session.expired" if is_session => Some(PaymentOutcome::Expired),
        _ => None,
    };
    let charged = match (object["amount_total"].as_i64(), object["currency"].as_str()) {
        (Some(amount), Some(currency)) if is_session => {
            Some((amount, currency.to_ascii_lowercase()))
        }
        _ => None,
    };
    Ok(Notification {
        event_id: event_id.to_string(),
        event_type: event_type.to_string(),
        reference,
        outcome,
        charged,
        livemode: event["livemode"].as_bool(),
        refresh: false,
        refunded: None,
    })
}

/// The facts a Checkout Session is built from.
#[derive(Clone, Debug)]
pub struct SessionFacts<'a> {
    pub id: &'a str,
    pub order_id: i64,
    pub order_number: &'a str,
    pub currency: &'a str,
    pub amount_subtotal: i64,
    pub amount_total: i64,
    pub email: &'a str,
    pub success_url: &'a str,
    pub cancel_url: &'a str,
    pub url: &'a str,
    pub expires_at: i64,
    pub created: i64,
}

/// An open Checkout Session in payment mode, shaped exactly like Stripe's.
pub fn build_session(f: &SessionFacts<'_>) -> Value {
    let mut session: Value = serde_json::from_str(SESSION_TEMPLATE).expect("bundled fixture");
    let fields = json!({
        "id": f.id,
        "object": "checkout.session",
        "mode": "payment",
        "status": "open",
        "payment_status": "unpaid",
        "payment_intent": null,
        "client_reference_id": f.order_id.to_string(),
        "metadata": { "order_id": f.order_id.to_string(), "order_number": f.order_number },
        "currency": f.currency.to_ascii_lowercase(),
        "amount_subtotal": f.amount_subtotal,
        "amount_total": f.amount_total,
        "customer_email": f.email,
        "success_url": f.success_url,
        "cancel_url": f.cancel_url,
        "url": f.url,
        "expires_at": f.expires_at,
        "created": f.created,
        "livemode": false,
    });
    merge(&mut session, fields);
    session
}

/// An event about `object`, shaped exactly like Stripe's.
pub fn build_event(id: &str, kind: &str, object: &Value, created: i64) -> Value {
    let mut event: Value = serde_json::from_str(EVENT_TEMPLATE).expect("bundled fixture");
    merge(
        &mut event,
        json!({
            "id": id,
            "type": kind,
            "created": created,
            "livemode": false,
            "data": { "object": object },
        }),
    );
    event
}

/// Overwrites `target`'s top-level fields with `fields`'.
pub fn merge(target: &mut Value, fields: Value) {
    if let (Some(target), Value::Object(fields)) = (target.as_object_mut(), fields) {
        for (key, value) in fields {
            target.insert(key, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> SessionFacts<'static> {
        SessionFacts {
            id: "cs_test_1",
            order_id: 42,
            order_number: "OX-AAAA-BBBB",
            currency: "USD",
            amount_subtotal: 1000,
            amount_total: 1083,
            email: "a@example.com",
            success_url: "http://127.0.0.1:3000/orders/OX-AAAA-BBBB?session={CHECKOUT_SESSION_ID}",
            cancel_url: "http://127.0.0.1:3000/checkout",
            url: "http://127.0.0.1:3000/pay/test/cs_test_1",
            expires_at: 1_700_001_800,
            created: 1_700_000_000,
        }
    }

    fn event_for(kind: &str, changes: Value) -> Vec<u8> {
        let mut session = build_session(&facts());
        merge(&mut session, changes);
        serde_json::to_vec(&build_event("evt_1", kind, &session, 1_700_000_100)).unwrap()
    }

    #[test]
    fn built_objects_keep_every_field_of_stripes_examples() {
        let template: Value = serde_json::from_str(SESSION_TEMPLATE).unwrap();
        let session = build_session(&facts());
        for key in template.as_object().unwrap().keys() {
            assert!(session.get(key).is_some(), "{key} missing");
        }
        assert_eq!(session["currency"], "usd");
        assert_eq!(session["client_reference_id"], "42");
        let event = build_event("evt_1", "checkout.session.completed", &session, 1);
        assert_eq!(event["object"], "event");
        assert_eq!(event["data"]["object"]["id"], "cs_test_1");
    }

    #[test]
    fn each_checkout_event_maps_to_its_outcome() {
        let paid =
            json!({"status": "complete", "payment_status": "paid", "payment_intent": "pi_9"});
        let n = parse_event(&event_for("checkout.session.completed", paid.clone())).unwrap();
        assert_eq!(n.reference.as_deref(), Some("cs_test_1"));
        assert_eq!(
            n.outcome,
            Some(PaymentOutcome::Paid {
                payment_id: "pi_9".into()
            })
        );
        // Completed but the (asynchronous) payment has not cleared: nothing yet.
        let waiting = json!({"status": "complete", "payment_status": "unpaid"});
        let n = parse_event(&event_for("checkout.session.completed", waiting)).unwrap();
        assert_eq!(n.outcome, None);
        let n = parse_event(&event_for("checkout.session.async_payment_succeeded", paid)).unwrap();
        assert!(matches!(n.outcome, Some(PaymentOutcome::Paid { .. })));
        let n = parse_event(&event_for(
            "checkout.session.async_payment_failed",
            json!({}),
        ))
        .unwrap();
        assert_eq!(n.outcome, Some(PaymentOutcome::Failed));
        let n = parse_event(&event_for(
            "checkout.session.expired",
            json!({"status": "expired"}),
        ))
        .unwrap();
        assert_eq!(n.outcome, Some(PaymentOutcome::Expired));
    }

    #[test]
    fn other_events_are_read_but_not_acted_on() {
        // Stripe's own example event (a plan.created).
        let n = parse_event(EVENT_TEMPLATE.as_bytes()).unwrap();
        assert_eq!(n.event_type, "plan.created");
        assert_eq!((n.reference, n.outcome), (None, None));
        assert!(parse_event(b"not json").is_err());
        assert!(parse_event(br#"{"id":"evt_1","object":"event"}"#).is_err());
        assert!(parse_event(br#"{"id":"evt_1","type":"x","object":"charge"}"#).is_err());
    }

    #[test]
    fn session_state_reads_like_the_events() {
        let mut s = build_session(&facts());
        assert_eq!(session_outcome(&s), None);
        merge(
            &mut s,
            json!({"status": "complete", "payment_status": "paid", "payment_intent": "pi_1"}),
        );
        assert_eq!(
            session_outcome(&s),
            Some(PaymentOutcome::Paid {
                payment_id: "pi_1".into()
            })
        );
        merge(
            &mut s,
            json!({"status": "expired", "payment_status": "unpaid"}),
        );
        assert_eq!(session_outcome(&s), Some(PaymentOutcome::Expired));
    }
}
