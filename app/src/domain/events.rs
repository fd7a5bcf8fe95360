//! Domain events as the outside sees them: versioned JSON with an id, a type, the time, the
//! subject and the facts (`{"id":…,"type":"stock.changed","version":1,"at":…,"subject":
//! "variant:SKU","data":{…}}`). The database writes them (see the `domain_events` migration
//! for the catalogue); the relay publishes them; consumers read them back with `parse`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DomainEvent {
    /// Unique and increasing in the order the events were written (consumers deduplicate by it).
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub version: i32,
    /// When it happened, Unix milliseconds.
    pub at: i64,
    /// What it is about: `order:{number}`, `variant:{sku}` or `product:{id}`.
    pub subject: String,
    pub data: Value,
}

/// What an event is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    Order(String),
    Variant(String),
    Product(i64),
    /// `staff`: new orders, payments and low-stock alerts of the whole store (admins only).
    Staff,
}

/// The events the `staff` subject carries.
pub const STAFF_KINDS: [&str; 3] = ["order.placed", "order.paid", "low_stock.crossed"];

impl Subject {
    pub fn parse(text: &str) -> Option<Subject> {
        if text == "staff" {
            return Some(Subject::Staff);
        }
        let (kind, key) = text.split_once(':')?;
        if key.is_empty() {
            return None;
        }
        match kind {
            "order" => Some(Subject::Order(key.to_string())),
            "variant" => Some(Subject::Variant(key.to_string())),
            "product" => key.parse().ok().map(Subject::Product),
            _ => None,
        }
    }
}

impl DomainEvent {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads an event back; None for anything that is not one.
    pub fn parse(json: &str) -> Option<DomainEvent> {
        serde_json::from_str(json).ok()
    }

    pub fn subject(&self) -> Option<Subject> {
        Subject::parse(&self.subject)
    }

    /// Whether a connection following `subjects` gets this event.
    pub fn concerns(&self, subjects: &[Subject]) -> bool {
        subjects.iter().any(|s| match s {
            Subject::Staff => STAFF_KINDS.contains(&self.kind.as_str()),
            other => self.subject().as_ref() == Some(other),
        })
    }
}

/// The most subjects one live connection may follow.
pub const MAX_SUBJECTS: usize = 20;

/// Reads the subjects a live connection asks for (`variant:SKU,order:OX-…`): at least one, at
/// most `MAX_SUBJECTS`, each one Oxcart knows.
pub fn parse_subjects(text: &str) -> Result<Vec<Subject>, String> {
    let mut subjects: Vec<Subject> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let subject = Subject::parse(part).ok_or_else(|| format!("unknown subject {part:?}"))?;
        if !subjects.contains(&subject) {
            subjects.push(subject);
        }
    }
    if subjects.is_empty() {
        return Err("name at least one subject (subjects=variant:SKU,…)".into());
    }
    if subjects.len() > MAX_SUBJECTS {
        return Err(format!("at most {MAX_SUBJECTS} subjects per connection"));
    }
    Ok(subjects)
}

impl DomainEvent {
    /// What a live subscriber of this event's subject is shown (None: nothing; low-stock
    /// alerts are for staff). Stock shows what the product page shows ("In stock", "Only 3
    /// left", "Out of stock": `StockStatus`), never what is on hand or held; an order its status
    /// and tracking (its subscribers are allowed to see the order).
    pub fn public_data(&self) -> Option<Value> {
        let d = &self.data;
        match self.kind.as_str() {
            "stock.changed" => {
                let stock = super::catalog::StockStatus::from_level(
                    d["available"].as_i64().unwrap_or(0),
                    d["threshold"].as_i64().unwrap_or(0),
                );
                Some(serde_json::json!({"sku": d["sku"], "stock": stock}))
            }
            "product.changed" => Some(serde_json::json!({"product_id": d["product_id"]})),
            kind if kind.starts_with("order.") => Some(serde_json::json!({
                "number": d["number"], "status": d["status"], "tracking": d["tracking"],
            })),
            _ => None,
        }
    }
}

impl DomainEvent {
    /// Whether catalog pages may show something else after this event, so cached ones must go:
    /// every catalog edit (`product.changed`, which also says when a product's card status
    /// changed, `category.changed`, `store.changed`), and a stock change only when it changed
    /// what the product page says of the variant (`shown`, written by the database with the
    /// rule of [`StockStatus::from_level`](super::catalog::StockStatus::from_level); an event
    /// without it counts as shown).
    pub fn changes_catalog_pages(&self) -> bool {
        match self.kind.as_str() {
            "product.changed" | "category.changed" | "store.changed" => true,
            "stock.changed" => self.data.get("shown").and_then(Value::as_bool) != Some(false),
            _ => false,
        }
    }
}

impl DomainEvent {
    /// What the `staff` subject shows of a new order, a payment or a low-stock alert.
    pub fn staff_data(&self) -> Option<Value> {
        let d = &self.data;
        match self.kind.as_str() {
            "order.placed" | "order.paid" => Some(serde_json::json!({
                "number": d["number"], "status": d["status"],
                "total_minor": d["total_minor"], "currency": d["currency"],
            })),
            "low_stock.crossed" => Some(serde_json::json!({
                "sku": d["sku"], "level": d["level"], "threshold": d["threshold"],
            })),
            _ => None,
        }
    }
}

/// Compares Redis stream ids (`{ms}-{seq}`); None for anything else.
pub fn stream_id_parts(id: &str) -> Option<(u64, u64)> {
    let (ms, seq) = id.split_once('-')?;
    Some((ms.parse().ok()?, seq.parse().ok()?))
}

/// A consumer's memory of the events it has applied: delivery is at least once, so an event id
/// seen before is skipped. Keeps the newest `capacity` ids.
#[derive(Debug, Default)]
pub struct Seen {
    ids: std::collections::BTreeSet<i64>,
    capacity: usize,
}

impl Seen {
    pub fn new(capacity: usize) -> Seen {
        Seen {
            ids: Default::default(),
            capacity: capacity.max(1),
        }
    }

    /// True the first time an id is offered.
    pub fn first_time(&mut self, id: i64) -> bool {
        if self.ids.len() >= self.capacity && self.ids.first().is_some_and(|oldest| id < *oldest) {
            // Older than anything remembered: it was applied long ago.
            return false;
        }
        let fresh = self.ids.insert(id);
        while self.ids.len() > self.capacity {
            self.ids.pop_first();
        }
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_versioned_json_that_reads_back() {
        let event = DomainEvent {
            id: 42,
            kind: "stock.changed".into(),
            version: 1,
            at: 1_796_000_000_000,
            subject: "variant:TEE-M".into(),
            data: serde_json::json!({"sku": "TEE-M", "available": 3}),
        };
        let json = event.to_json();
        assert!(json.contains(r#""type":"stock.changed""#), "{json}");
        assert_eq!(DomainEvent::parse(&json), Some(event.clone()));
        assert_eq!(event.subject(), Some(Subject::Variant("TEE-M".into())));
        assert_eq!(DomainEvent::parse("{}"), None);
    }

    #[test]
    fn subjects_name_orders_variants_and_products() {
        assert_eq!(
            Subject::parse("order:OX-1234-ABCD"),
            Some(Subject::Order("OX-1234-ABCD".into()))
        );
        assert_eq!(Subject::parse("product:17"), Some(Subject::Product(17)));
        assert_eq!(Subject::parse("staff"), Some(Subject::Staff));
        for bad in ["", "order:", "product:x", "user:1", "variant", "staff:1"] {
            assert_eq!(Subject::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn live_connections_name_a_bounded_set_of_known_subjects() {
        assert_eq!(
            parse_subjects("variant:A, order:OX-1,variant:A"),
            Ok(vec![
                Subject::Variant("A".into()),
                Subject::Order("OX-1".into())
            ])
        );
        assert!(parse_subjects("").is_err());
        assert!(parse_subjects("user:1").is_err());
        let many: Vec<String> = (0..=MAX_SUBJECTS)
            .map(|i| format!("variant:S{i}"))
            .collect();
        assert!(parse_subjects(&many.join(",")).is_err());
        assert_eq!(stream_id_parts("1796-3"), Some((1796, 3)));
        assert!(stream_id_parts("1796-3") > stream_id_parts("1796-2"));
        assert_eq!(stream_id_parts("x"), None);
    }

    #[test]
    fn only_catalog_edits_and_shown_stock_changes_change_catalog_pages() {
        let event = |kind: &str, data: Value| DomainEvent {
            id: 1,
            kind: kind.into(),
            version: 1,
            at: 0,
            subject: "variant:A".into(),
            data,
        };
        let stock = |shown: Value| {
            event(
                "stock.changed",
                serde_json::json!({"sku": "A", "shown": shown}),
            )
        };
        assert!(stock(Value::Bool(true)).changes_catalog_pages());
        assert!(!stock(Value::Bool(false)).changes_catalog_pages());
        // Written before the database said so: assumed shown.
        assert!(event("stock.changed", serde_json::json!({"sku": "A"})).changes_catalog_pages());
        for kind in ["product.changed", "category.changed", "store.changed"] {
            assert!(
                event(kind, serde_json::json!({})).changes_catalog_pages(),
                "{kind}"
            );
        }
        for kind in ["order.placed", "order.paid", "low_stock.crossed"] {
            assert!(
                !event(kind, serde_json::json!({})).changes_catalog_pages(),
                "{kind}"
            );
        }
    }

    #[test]
    fn subscribers_see_what_can_be_sold_never_what_is_held_nor_staff_alerts() {
        let stock = DomainEvent {
            id: 1,
            kind: "stock.changed".into(),
            version: 1,
            at: 0,
            subject: "variant:A".into(),
            data: serde_json::json!({"sku": "A", "available": 2, "on_hand": 9, "reserved": 7, "threshold": 5}),
        };
        assert_eq!(
            stock.public_data(),
            Some(serde_json::json!({"sku": "A", "stock": {"Low": 2}}))
        );
        let plenty = DomainEvent {
            data: serde_json::json!({"sku": "A", "available": 40, "threshold": 5}),
            ..stock.clone()
        };
        assert_eq!(plenty.public_data().unwrap()["stock"], "InStock");
        let alert = DomainEvent {
            kind: "low_stock.crossed".into(),
            ..stock.clone()
        };
        assert_eq!(alert.public_data(), None);
        let paid = DomainEvent {
            kind: "order.paid".into(),
            subject: "order:OX-1".into(),
            data: serde_json::json!({"number": "OX-1", "status": "paid", "user_id": 7, "total_minor": 100}),
            ..stock
        };
        let shown = paid.public_data().unwrap();
        assert_eq!(shown["status"], "paid");
        assert!(shown.get("user_id").is_none());
        // Staff follow new orders, payments and alerts of the whole store.
        assert!(paid.concerns(&[Subject::Staff]));
        assert!(alert.concerns(&[Subject::Staff]));
        assert!(!stock.concerns(&[Subject::Staff]));
        assert!(stock.concerns(&[Subject::Variant("A".into())]));
        assert!(!paid.concerns(&[Subject::Variant("A".into())]));
        assert_eq!(paid.staff_data().unwrap()["total_minor"], 100);
        assert_eq!(alert.staff_data().unwrap()["sku"], "A");
    }

    #[test]
    fn a_consumer_applies_each_event_once() {
        let mut seen = Seen::new(3);
        assert!(seen.first_time(1));
        assert!(!seen.first_time(1));
        assert!(seen.first_time(3));
        assert!(seen.first_time(2));
        assert!(seen.first_time(4));
        // 1 was forgotten, but it is older than everything remembered: still a duplicate.
        assert!(!seen.first_time(1));
        assert!(!seen.first_time(4));
    }
}
