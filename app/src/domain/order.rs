//! Orders: the status machine, order numbers, hold limits and what can be refunded; checkout
//! totals (shipping, tax, rounding) live in `order_totals` and are re-exported here. Pure.
//!
//! Status machine:
//!
//! ```text
//! Pending -> Paid -> Processing -> Shipped -> Delivered
//! Pending -> Cancelled            (unpaid: the reservation is released)
//! Paid    -> Cancelled            (paid: the payment is refunded through its provider)
//! Cancelled -> Refunded           (the refund of a cancelled, paid order completed)
//! Paid | Processing | Shipped | Delivered -> Refunded   (a full refund by staff completed)
//! ```

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    Pending,
    Paid,
    Processing,
    Shipped,
    Delivered,
    Cancelled,
    Refunded,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::Pending,
        OrderStatus::Paid,
        OrderStatus::Processing,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
        OrderStatus::Refunded,
    ];

    /// The stored form (`orders.status`).
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Paid => "paid",
            OrderStatus::Processing => "processing",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Refunded => "refunded",
        }
    }

    pub fn parse(text: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// What a shopper reads.
    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::Pending => "Awaiting payment",
            OrderStatus::Paid => "Paid",
            OrderStatus::Processing => "Being prepared",
            OrderStatus::Shipped => "Shipped",
            OrderStatus::Delivered => "Delivered",
            OrderStatus::Cancelled => "Cancelled",
            OrderStatus::Refunded => "Refunded",
        }
    }

    /// Whether the shopper may still cancel.
    pub fn cancellable(self) -> bool {
        matches!(self, OrderStatus::Pending | OrderStatus::Paid)
    }

    /// Where the money stands, as the dashboard's order table says it.
    pub fn payment_label(self) -> &'static str {
        match self {
            OrderStatus::Pending => "Unpaid",
            OrderStatus::Paid
            | OrderStatus::Processing
            | OrderStatus::Shipped
            | OrderStatus::Delivered => "Paid",
            // A paid order that is cancelled is refunded (its status moves on when it is).
            OrderStatus::Cancelled => "Voided",
            OrderStatus::Refunded => "Refunded",
        }
    }

    /// Where the parcel stands, as the dashboard's order table says it.
    pub fn fulfilment_label(self) -> &'static str {
        match self {
            OrderStatus::Pending => "Not yet",
            OrderStatus::Paid => "To prepare",
            OrderStatus::Processing => "Being prepared",
            OrderStatus::Shipped => "Shipped",
            OrderStatus::Delivered => "Delivered",
            OrderStatus::Cancelled | OrderStatus::Refunded => "None",
        }
    }
}

/// The order list's filter for the orders waiting to ship (paid, or being prepared).
pub const TO_SHIP: &str = "to_ship";

impl std::fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The moves an order can make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Transition {
    Pay,
    Process,
    Ship,
    Deliver,
    Cancel,
    Refund,
}

impl Transition {
    pub const ALL: [Transition; 6] = [
        Transition::Pay,
        Transition::Process,
        Transition::Ship,
        Transition::Deliver,
        Transition::Cancel,
        Transition::Refund,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Pay => "pay",
            Transition::Process => "process",
            Transition::Ship => "ship",
            Transition::Deliver => "deliver",
            Transition::Cancel => "cancel",
            Transition::Refund => "refund",
        }
    }

    pub fn parse(text: &str) -> Option<Transition> {
        Transition::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// The dashboard's button for it.
    pub fn action_label(self) -> &'static str {
        match self {
            Transition::Pay => "Mark paid",
            Transition::Process => "Start processing",
            Transition::Ship => "Mark shipped",
            Transition::Deliver => "Mark delivered",
            Transition::Cancel => "Cancel order",
            Transition::Refund => "Refund",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Transition::Pay => "marked paid",
            Transition::Process => "moved to processing",
            Transition::Ship => "shipped",
            Transition::Deliver => "marked delivered",
            Transition::Cancel => "cancelled",
            Transition::Refund => "refunded",
        }
    }
}

/// A move the status machine does not allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvalidTransition {
    pub from: OrderStatus,
    pub transition: Transition,
}

impl std::fmt::Display for InvalidTransition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "An order that is {} cannot be {}.",
            self.from.label().to_lowercase(),
            self.transition.verb()
        )
    }
}

/// Applies a transition: the new status, or why not.
pub fn apply(from: OrderStatus, transition: Transition) -> Result<OrderStatus, InvalidTransition> {
    use OrderStatus as S;
    use Transition as T;
    let to = match (from, transition) {
        (S::Pending, T::Pay) => S::Paid,
        (S::Paid, T::Process) => S::Processing,
        (S::Processing, T::Ship) => S::Shipped,
        (S::Shipped, T::Deliver) => S::Delivered,
        (S::Pending | S::Paid, T::Cancel) => S::Cancelled,
        (S::Cancelled | S::Paid | S::Processing | S::Shipped | S::Delivered, T::Refund) => {
            S::Refunded
        }
        _ => return Err(InvalidTransition { from, transition }),
    };
    Ok(to)
}

/// What staff may do next from `from`, in the order the dashboard offers it (paying and refunds
/// come from the payment provider and the refund form, not from a status button).
pub fn staff_actions(from: OrderStatus) -> Vec<Transition> {
    [
        Transition::Process,
        Transition::Ship,
        Transition::Deliver,
        Transition::Cancel,
    ]
    .into_iter()
    .filter(|t| apply(from, *t).is_ok())
    .collect()
}

/// Pending -> Paid (the payment provider confirmed the payment).
pub fn pay(from: OrderStatus) -> Result<OrderStatus, InvalidTransition> {
    apply(from, Transition::Pay)
}

/// Paid -> Processing (staff started preparing the order).
pub fn start_processing(from: OrderStatus) -> Result<OrderStatus, InvalidTransition> {
    apply(from, Transition::Process)
}

/// Processing -> Shipped.
pub fn ship(from: OrderStatus) -> Result<OrderStatus, InvalidTransition> {
    apply(from, Transition::Ship)
}

/// Shipped -> Delivered.
pub fn deliver(from: OrderStatus) -> Result<OrderStatus, InvalidTransition> {
    apply(from, Transition::Deliver)
}

/// Pending or Paid -> Cancelled. A Paid order's payment must then be refunded.
pub fn cancel(from: OrderStatus) -> Result<OrderStatus, InvalidTransition> {
    apply(from, Transition::Cancel)
}

/// -> Refunded, when a refund has completed.
pub fn refund(from: OrderStatus) -> Result<OrderStatus, InvalidTransition> {
    apply(from, Transition::Refund)
}

pub use super::order_totals::*;

/// Letters and digits that cannot be misread (Crockford's base 32: no I, L, O, U).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A human-friendly order number from 40 random bits: `OX-XXXX-XXXX` (uniqueness is the
/// database's job: a clash is retried with new bits).
pub fn order_number(bits: u64) -> String {
    let digits: String = (0..8)
        .rev()
        .map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char)
        .collect();
    format!("OX-{}-{}", &digits[..4], &digits[4..])
}

/// Whether text is shaped like an order number (case-insensitive, as typed by people).
pub fn parse_order_number(text: &str) -> Option<String> {
    let upper = text.trim().to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let shaped = bytes.len() == 12
        && upper.starts_with("OX-")
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| matches!(i, 0..=2 | 7) || ALPHABET.contains(b));
    shaped.then_some(upper)
}

/// Whether searched text can be part of an order number: letters, digits and dashes only.
/// Text with anything else (an `@`, a dot, a space) can only be part of an email, so the
/// dashboard's order search does not look for it in numbers.
pub fn may_be_in_order_number(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

pub use super::order_view::*;

/// How many unpaid orders (each holding its stock) one email, one client (IP, IPv6 by /64) or
/// one browser may have at once, and how many units one order may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HoldLimits {
    pub per_email: i64,
    pub per_client: i64,
    pub per_browser: i64,
    pub units_per_order: u32,
}

/// Which hold limit a new order would break, given the pending orders of its email, client
/// and browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HoldRefusal {
    Email,
    Client,
    Browser,
}

/// The first hold limit that the counts of pending orders already reach, if any.
pub fn hold_refusal(
    limits: &HoldLimits,
    email: i64,
    client: i64,
    browser: i64,
) -> Option<HoldRefusal> {
    if email >= limits.per_email {
        Some(HoldRefusal::Email)
    } else if client >= limits.per_client {
        Some(HoldRefusal::Client)
    } else if browser >= limits.per_browser {
        Some(HoldRefusal::Browser)
    } else {
        None
    }
}

/// How much of a payment can still be refunded: what was paid, less what was refunded and what
/// refunds still in flight will take. Never negative.
pub fn refundable(total: i64, refunded: i64, in_flight: i64) -> i64 {
    total
        .saturating_sub(refunded)
        .saturating_sub(in_flight)
        .max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus as S;
    use Transition as T;

    #[test]
    fn the_table_says_where_money_and_parcel_stand() {
        let row = |s: S| (s.payment_label(), s.fulfilment_label());
        assert_eq!(row(S::Pending), ("Unpaid", "Not yet"));
        assert_eq!(row(S::Paid), ("Paid", "To prepare"));
        assert_eq!(row(S::Processing), ("Paid", "Being prepared"));
        assert_eq!(row(S::Shipped), ("Paid", "Shipped"));
        assert_eq!(row(S::Delivered), ("Paid", "Delivered"));
        assert_eq!(row(S::Cancelled), ("Voided", "None"));
        assert_eq!(row(S::Refunded), ("Refunded", "None"));
    }

    #[test]
    fn every_transition_is_allowed_or_refused_as_documented() {
        let allowed = [
            (S::Pending, T::Pay, S::Paid),
            (S::Paid, T::Process, S::Processing),
            (S::Processing, T::Ship, S::Shipped),
            (S::Shipped, T::Deliver, S::Delivered),
            (S::Pending, T::Cancel, S::Cancelled),
            (S::Paid, T::Cancel, S::Cancelled),
            (S::Cancelled, T::Refund, S::Refunded),
            (S::Paid, T::Refund, S::Refunded),
            (S::Processing, T::Refund, S::Refunded),
            (S::Shipped, T::Refund, S::Refunded),
            (S::Delivered, T::Refund, S::Refunded),
        ];
        let mut checked = 0;
        for from in OrderStatus::ALL {
            for transition in Transition::ALL {
                let expected = allowed
                    .iter()
                    .find(|(f, t, _)| *f == from && *t == transition)
                    .map(|(_, _, to)| *to);
                match (apply(from, transition), expected) {
                    (Ok(to), Some(want)) => assert_eq!(to, want, "{from:?} {transition:?}"),
                    (Err(e), None) => {
                        assert_eq!(e, InvalidTransition { from, transition });
                        assert!(e.to_string().starts_with("An order that is"));
                    }
                    (got, want) => panic!("{from:?} {transition:?}: got {got:?}, want {want:?}"),
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 7 * 6);
        assert_eq!(pay(S::Pending), Ok(S::Paid));
        assert_eq!(start_processing(S::Paid), Ok(S::Processing));
        assert_eq!(ship(S::Processing), Ok(S::Shipped));
        assert_eq!(deliver(S::Shipped), Ok(S::Delivered));
        assert_eq!(cancel(S::Paid), Ok(S::Cancelled));
        assert!(cancel(S::Shipped).is_err());
        assert!(
            pay(S::Cancelled).is_err(),
            "a late payment never revives an order"
        );
        assert_eq!(refund(S::Cancelled), Ok(S::Refunded));
        assert_eq!(
            cancel(S::Delivered).unwrap_err().to_string(),
            "An order that is delivered cannot be cancelled."
        );
    }

    #[test]
    fn staff_are_offered_only_the_valid_next_steps() {
        use Transition as T;
        assert_eq!(staff_actions(S::Pending), [T::Cancel]);
        assert_eq!(staff_actions(S::Paid), [T::Process, T::Cancel]);
        assert_eq!(staff_actions(S::Processing), [T::Ship]);
        assert_eq!(staff_actions(S::Shipped), [T::Deliver]);
        for done in [S::Delivered, S::Cancelled, S::Refunded] {
            assert!(staff_actions(done).is_empty(), "{done:?}");
        }
    }

    #[test]
    fn statuses_round_trip_through_their_stored_form() {
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(OrderStatus::parse("PAID"), None);
        assert!(S::Pending.cancellable() && S::Paid.cancellable());
        assert!(!S::Processing.cancellable());
    }

    #[test]
    fn only_letters_digits_and_dashes_can_be_part_of_an_order_number() {
        for text in ["OX-7K2M", "ox-7k2m-9qrt", "7K", "-", "SYN0000123"] {
            assert!(may_be_in_order_number(text), "{text}");
        }
        for text in ["ann@example.com", "example.com", "ann smith", "%", "_", "ö"] {
            assert!(!may_be_in_order_number(text), "{text}");
        }
    }

    #[test]
    fn order_numbers_are_readable_and_parse_back() {
        assert_eq!(order_number(0), "OX-0000-0000");
        let n = order_number(0xFF_FFFF_FFFF);
        assert_eq!(n, "OX-ZZZZ-ZZZZ");
        let n = order_number(0x12_3456_789A);
        assert_eq!(parse_order_number(&n.to_lowercase()), Some(n.clone()));
        assert!(!n[3..].contains(['I', 'L', 'O', 'U']), "{n}");
        for bits in [1_u64, 0x1F, 0x3FF, 0xAB_CDEF_0123, 0x55_5555_5555] {
            let n = order_number(bits);
            assert!(!n[3..].contains(['I', 'L', 'O', 'U']), "{n}");
            assert_eq!(parse_order_number(&n), Some(n.clone()));
        }
        assert_eq!(parse_order_number("OX-ABCD-EFGI"), None);
        assert_eq!(parse_order_number("OX-ABCDEFGH"), None);
        assert_eq!(parse_order_number("' OR 1=1 --"), None);
    }

    #[test]
    fn refunds_in_flight_count_against_what_can_still_be_refunded() {
        assert_eq!(refundable(10_000, 0, 0), 10_000);
        assert_eq!(refundable(10_000, 6_000, 0), 4_000);
        // A 60 % refund in flight leaves 40 % for a second one.
        assert_eq!(refundable(10_000, 0, 6_000), 4_000);
        assert_eq!(refundable(10_000, 6_000, 6_000), 0);
        assert_eq!(refundable(0, 0, 0), 0);
    }

    #[test]
    fn the_first_hold_limit_reached_refuses_the_order() {
        let limits = HoldLimits {
            per_email: 3,
            per_client: 5,
            per_browser: 3,
            units_per_order: 50,
        };
        assert_eq!(hold_refusal(&limits, 2, 4, 2), None);
        assert_eq!(hold_refusal(&limits, 3, 0, 0), Some(HoldRefusal::Email));
        assert_eq!(hold_refusal(&limits, 0, 5, 0), Some(HoldRefusal::Client));
        assert_eq!(hold_refusal(&limits, 0, 0, 3), Some(HoldRefusal::Browser));
    }
}
