//! Stock movements and adjustments: the kinds of movement the ledger records, and how a staff
//! adjustment (goods received, a shelf count, damage) turns into one signed change.

use serde::{Deserialize, Serialize};

/// Why stock on hand changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MovementKind {
    /// The stock a variant was created with (or had when the ledger began).
    Initial,
    /// Goods received.
    Receipt,
    /// A count that differed from the books.
    Correction,
    /// Written off: broken, lost, expired.
    Damage,
    /// A paid order's units left.
    Sale,
    /// Units back on the shelf: a paid order cancelled before shipping, or a customer return.
    Return,
}

impl MovementKind {
    pub const ALL: [MovementKind; 6] = [
        MovementKind::Initial,
        MovementKind::Receipt,
        MovementKind::Correction,
        MovementKind::Damage,
        MovementKind::Sale,
        MovementKind::Return,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MovementKind::Initial => "initial",
            MovementKind::Receipt => "receipt",
            MovementKind::Correction => "correction",
            MovementKind::Damage => "damage",
            MovementKind::Sale => "sale",
            MovementKind::Return => "return",
        }
    }

    pub fn parse(text: &str) -> Option<MovementKind> {
        MovementKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            MovementKind::Initial => "Opening stock",
            MovementKind::Receipt => "Received",
            MovementKind::Correction => "Stock count",
            MovementKind::Damage => "Damaged or lost",
            MovementKind::Sale => "Sold",
            MovementKind::Return => "Returned to stock",
        }
    }
}

/// What staff can do from the adjustment form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Adjustment {
    /// `n` units arrived.
    Receive(i32),
    /// The shelf holds exactly `n` units.
    Count(i32),
    /// `n` units are written off.
    WriteOff(i32),
    /// `n` units came back from a customer.
    Return(i32),
}

/// The largest stock a variant may hold (and the largest single adjustment).
pub const MAX_STOCK: i32 = 1_000_000;

impl Adjustment {
    /// Reads the form: `kind` is receipt, count, damage or return; `quantity` a whole number.
    pub fn parse(kind: &str, quantity: &str) -> Result<Adjustment, (&'static str, String)> {
        let n: i32 = quantity.trim().parse().map_err(|_| {
            (
                "quantity",
                "Enter a whole number of units, like 12.".to_string(),
            )
        })?;
        if !(0..=MAX_STOCK).contains(&n) {
            return Err(("quantity", format!("Enter a number from 0 to {MAX_STOCK}.")));
        }
        let positive = |a: Adjustment| {
            if n == 0 {
                Err(("quantity", "Enter at least 1 unit.".to_string()))
            } else {
                Ok(a)
            }
        };
        match kind {
            "receipt" => positive(Adjustment::Receive(n)),
            "count" => Ok(Adjustment::Count(n)),
            "damage" => positive(Adjustment::WriteOff(n)),
            "return" => positive(Adjustment::Return(n)),
            _ => Err((
                "kind",
                "Choose received, stock count, damaged or returned.".to_string(),
            )),
        }
    }

    /// The ledger's kind for it.
    pub fn kind(self) -> MovementKind {
        match self {
            Adjustment::Receive(_) => MovementKind::Receipt,
            Adjustment::Count(_) => MovementKind::Correction,
            Adjustment::WriteOff(_) => MovementKind::Damage,
            Adjustment::Return(_) => MovementKind::Return,
        }
    }

    /// The signed change from `on_hand` (units held for unpaid orders can't be written off or
    /// counted away). None when nothing changes.
    pub fn delta(self, on_hand: i32, reserved: i32) -> Result<Option<i32>, String> {
        let delta = match self {
            Adjustment::Receive(n) | Adjustment::Return(n) => n,
            Adjustment::WriteOff(n) => -n,
            Adjustment::Count(n) => n - on_hand,
        };
        let after = i64::from(on_hand) + i64::from(delta);
        if after > i64::from(MAX_STOCK) {
            return Err(format!("Stock can't go above {MAX_STOCK} units."));
        }
        if after < i64::from(reserved) {
            return Err(if reserved > 0 {
                format!(
                    "Only {} can be removed: {reserved} of the {on_hand} on hand are held for unpaid orders.",
                    (on_hand - reserved).max(0)
                )
            } else {
                format!("Only {on_hand} on hand: you can't remove more.")
            });
        }
        Ok((delta != 0).then_some(delta))
    }
}

/// One ledger row, for a variant's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovementView {
    pub kind: MovementKind,
    pub delta: i32,
    /// Stock on hand after it.
    pub level: i32,
    /// Who: an email for staff, else "checkout", "payment", "system".
    pub actor: String,
    pub reason: String,
    pub order_number: Option<String>,
    /// "2026-11-22 14:03 UTC".
    pub at: String,
}

/// A variant's stock, for the inventory screens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockRow {
    pub sku: String,
    pub product: String,
    pub product_slug: String,
    /// "Colour: Black, Size: M" (empty for single-variant products).
    pub options: String,
    pub on_hand: i32,
    pub reserved: i32,
    pub threshold: i32,
    pub active: bool,
    /// Shoppers waiting for a back-in-stock email (confirmed alerts).
    pub waiting: i64,
}

impl StockRow {
    pub fn available(&self) -> i32 {
        (self.on_hand - self.reserved).max(0)
    }
    pub fn is_low(&self) -> bool {
        self.on_hand <= self.threshold
    }
}

/// A variant's stock with its latest movements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockDetail {
    pub stock: StockRow,
    pub movements: Vec<MovementView>,
}

/// An alert raised when a variant's stock crossed its threshold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LowStockAlert {
    pub id: i64,
    pub sku: String,
    pub product: String,
    pub level: i32,
    pub threshold: i32,
    pub at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjustments_read_from_the_form() {
        assert_eq!(
            Adjustment::parse("receipt", " 12 "),
            Ok(Adjustment::Receive(12))
        );
        assert_eq!(Adjustment::parse("count", "0"), Ok(Adjustment::Count(0)));
        assert_eq!(Adjustment::parse("receipt", "0").unwrap_err().0, "quantity");
        assert_eq!(Adjustment::parse("damage", "-3").unwrap_err().0, "quantity");
        assert_eq!(
            Adjustment::parse("damage", "two").unwrap_err().0,
            "quantity"
        );
        assert_eq!(
            Adjustment::parse("receipt", "1000001").unwrap_err().0,
            "quantity"
        );
        assert_eq!(Adjustment::parse("steal", "1").unwrap_err().0, "kind");
    }

    #[test]
    fn each_adjustment_becomes_one_signed_change() {
        // (adjustment, on hand, reserved) -> change
        let cases = [
            (Adjustment::Receive(5), 10, 0, Ok(Some(5))),
            (Adjustment::Return(1), 0, 0, Ok(Some(1))),
            (Adjustment::WriteOff(3), 10, 0, Ok(Some(-3))),
            (Adjustment::WriteOff(10), 10, 0, Ok(Some(-10))),
            (Adjustment::Count(7), 10, 0, Ok(Some(-3))),
            (Adjustment::Count(12), 10, 2, Ok(Some(2))),
            (Adjustment::Count(10), 10, 0, Ok(None)),
        ];
        for (adjustment, on_hand, reserved, want) in cases {
            assert_eq!(
                adjustment.delta(on_hand, reserved),
                want,
                "{adjustment:?} from {on_hand}"
            );
        }
        assert!(Adjustment::WriteOff(11).delta(10, 0).is_err());
        // Units held for unpaid orders stay.
        let err = Adjustment::Count(1).delta(10, 4).unwrap_err();
        assert!(err.contains("held for unpaid orders"), "{err}");
        assert!(Adjustment::Receive(1).delta(MAX_STOCK, 0).is_err());
    }

    #[test]
    fn kinds_round_trip() {
        for kind in MovementKind::ALL {
            assert_eq!(MovementKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Adjustment::Count(1).kind(), MovementKind::Correction);
    }
}
