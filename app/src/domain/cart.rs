//! Cart rules: what a cart line is, repairing lines that come from a browser (localStorage can
//! hold anything), and the merge of a guest cart into a customer's cart at sign-in. Pure: stock
//! and product facts are passed in.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::money::Money;

/// Limits on a cart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLimits {
    /// Largest quantity of one line.
    pub max_quantity: u32,
    /// Most distinct lines.
    pub max_lines: usize,
}

impl Default for CartLimits {
    fn default() -> Self {
        CartLimits {
            max_quantity: 10,
            max_lines: 100,
        }
    }
}

/// How a change treats the quantity it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineChange {
    /// Add to the line (creating it).
    Add,
    /// Set the line's quantity; 0 removes it.
    Set,
}

/// One line as carts store it: a SKU and a quantity. Never a price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub sku: String,
    pub quantity: u32,
}

/// Whether text is shaped like a SKU (`A-Z`, `0-9`, `-`, 2 to 64 characters).
pub fn is_sku(text: &str) -> bool {
    let bytes = text.as_bytes();
    (2..=64).contains(&bytes.len())
        && bytes[0].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'-')
}

/// A quantity typed or sent by a browser: a whole number from 1 to the line maximum.
pub fn parse_quantity(raw: &str, limits: CartLimits) -> Result<u32, String> {
    let text = raw.trim();
    let max = limits.max_quantity;
    let message = format!("Choose a whole number from 1 to {max}.");
    let Ok(n) = text.parse::<i64>() else {
        return Err(message);
    };
    if n < 1 || n > i64::from(max) {
        return Err(message);
    }
    Ok(n as u32)
}

/// Repairs lines read from a browser (tampered, stale or from an older version): entries that
/// are not `{sku, quantity}` objects with a SKU-shaped string and a positive whole number are
/// dropped; quantities are clamped to the line maximum; the same SKU twice is summed; at most
/// `max_lines` lines are kept, in their first-seen order. Valid lines are never lost to bad ones.
pub fn repair_lines(raw: &serde_json::Value, limits: CartLimits) -> Vec<CartLine> {
    let Some(items) = raw.as_array() else {
        return Vec::new();
    };
    let mut lines: Vec<CartLine> = Vec::new();
    for item in items {
        let sku = item.get("sku").and_then(|s| s.as_str());
        let quantity = item.get("quantity").and_then(|q| q.as_u64());
        let (Some(sku), Some(quantity)) = (sku, quantity) else {
            continue;
        };
        if !is_sku(sku) || quantity == 0 {
            continue;
        }
        let quantity = quantity.min(u64::from(limits.max_quantity)) as u32;
        let full = lines.len() >= limits.max_lines;
        match lines.iter_mut().find(|l| l.sku == sku) {
            Some(line) => line.quantity = (line.quantity + quantity).min(limits.max_quantity),
            None if !full => lines.push(CartLine {
                sku: sku.to_string(),
                quantity,
            }),
            None => {}
        }
    }
    lines
}

/// What the store knows of a SKU when a cart is checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkuFacts {
    /// Product name and variant options, as shown in notices ("DDR5 32 GB").
    pub name: String,
    /// Units that can be sold now (on hand less those held by unpaid orders); 0 when sold out.
    pub available: u32,
    /// False for retired variants and inactive products.
    pub sellable: bool,
}

/// An adjustment the shopper is told about once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CartNotice {
    /// The line was dropped: the SKU is unknown, no longer sold, or out of stock.
    Removed {
        name: String,
        reason: RemovedBecause,
    },
    /// The quantity was lowered to `to`.
    Reduced {
        name: String,
        to: u32,
        because: ReducedBecause,
    },
    /// Lines past the cart's maximum were not added.
    TooManyLines { dropped: usize },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RemovedBecause {
    Unknown,
    NotSold,
    OutOfStock,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReducedBecause {
    Stock,
    LineMaximum,
}

impl std::fmt::Display for CartNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CartNotice::Removed { name, reason } => {
                let why = match reason {
                    RemovedBecause::Unknown => "no longer in the store",
                    RemovedBecause::NotSold => "no longer sold",
                    RemovedBecause::OutOfStock => "out of stock",
                };
                write!(f, "{name} removed: {why}")
            }
            CartNotice::Reduced { name, to, because } => match because {
                ReducedBecause::Stock => write!(f, "{name} reduced to {to}: only {to} left"),
                ReducedBecause::LineMaximum => {
                    write!(f, "{name} reduced to {to}: at most {to} per order")
                }
            },
            CartNotice::TooManyLines { dropped } => write!(
                f,
                "{dropped} item(s) not added: a cart holds at most this many different items"
            ),
        }
    }
}

/// A cart after checking or merging, with what was changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    pub lines: Vec<CartLine>,
    pub notices: Vec<CartNotice>,
}

/// Checks lines against the store: drops unknown, unsold and out-of-stock SKUs, clamps each
/// quantity to stock and to the line maximum, keeps at most `max_lines`.
pub fn check_lines(
    lines: Vec<CartLine>,
    facts: &HashMap<String, SkuFacts>,
    limits: CartLimits,
) -> Checked {
    let mut checked = Checked::default();
    for line in lines {
        let Some(f) = facts.get(&line.sku) else {
            checked.notices.push(CartNotice::Removed {
                name: line.sku.clone(),
                reason: RemovedBecause::Unknown,
            });
            continue;
        };
        if !f.sellable {
            checked.notices.push(CartNotice::Removed {
                name: f.name.clone(),
                reason: RemovedBecause::NotSold,
            });
            continue;
        }
        if f.available == 0 {
            checked.notices.push(CartNotice::Removed {
                name: f.name.clone(),
                reason: RemovedBecause::OutOfStock,
            });
            continue;
        }
        let mut quantity = line.quantity;
        if quantity > limits.max_quantity {
            quantity = limits.max_quantity;
            checked.notices.push(CartNotice::Reduced {
                name: f.name.clone(),
                to: quantity,
                because: ReducedBecause::LineMaximum,
            });
        }
        if quantity > f.available {
            quantity = f.available;
            // One notice per line: the stock reason replaces the maximum one.
            checked
                .notices
                .retain(|n| !matches!(n, CartNotice::Reduced { name, .. } if *name == f.name));
            checked.notices.push(CartNotice::Reduced {
                name: f.name.clone(),
                to: quantity,
                because: ReducedBecause::Stock,
            });
        }
        if checked.lines.len() == limits.max_lines {
            let counted = checked.notices.iter_mut().find_map(|n| match n {
                CartNotice::TooManyLines { dropped } => Some(dropped),
                _ => None,
            });
            match counted {
                Some(dropped) => *dropped += 1,
                None => checked
                    .notices
                    .push(CartNotice::TooManyLines { dropped: 1 }),
            }
            continue;
        }
        checked.lines.push(CartLine {
            sku: line.sku,
            quantity,
        });
    }
    checked
}

/// Merges a guest cart into a customer's cart: the customer's lines first, then the guest's new
/// SKUs; the same SKU in both sums the quantities; then every line is checked (`check_lines`).
pub fn merge(
    customer: &[CartLine],
    guest: &[CartLine],
    facts: &HashMap<String, SkuFacts>,
    limits: CartLimits,
) -> Checked {
    let mut combined: Vec<CartLine> = customer.to_vec();
    for line in guest {
        match combined.iter_mut().find(|l| l.sku == line.sku) {
            Some(existing) => existing.quantity = existing.quantity.saturating_add(line.quantity),
            None => combined.push(line.clone()),
        }
    }
    check_lines(combined, facts, limits)
}

/// One priced line, as the cart shows it. Prices come from the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    pub sku: String,
    pub quantity: u32,
    pub product_name: String,
    pub product_slug: String,
    /// "2 TB / Black", or empty for single-variant products.
    pub options: String,
    pub image_url: String,
    pub image_alt: String,
    pub unit_price: Money,
    pub line_total: Money,
    /// Units available now.
    pub available: u32,
    /// The unit price when the line was last seen by this shopper, if it has changed since.
    pub was_price: Option<Money>,
}

/// The cart as the cart page and drawer show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartView {
    pub lines: Vec<PricedLine>,
    pub subtotal: Money,
    /// Units in the cart (the header badge).
    pub item_count: u32,
    /// Adjustments made while checking the cart, shown once.
    pub notices: Vec<String>,
    /// The store's limits, so steppers stop where the server would.
    pub limits: CartLimits,
    /// How far the cart is from free standard shipping (None: the store has no threshold).
    #[serde(default)]
    pub free_shipping: Option<FreeShipping>,
}

/// How far a cart is from free standard shipping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FreeShipping {
    /// `missing` more to spend; `percent` (0 to 99) of the way there.
    Away {
        missing: Money,
        percent: u8,
    },
    Unlocked,
}

impl FreeShipping {
    /// Where `subtotal` stands against the store's threshold (`free_from`, minor units of the
    /// same currency), or None when the store has none.
    pub fn of(subtotal: Money, free_from: Option<i64>) -> Option<FreeShipping> {
        let threshold = free_from.filter(|t| *t > 0)?;
        if subtotal.minor >= threshold {
            return Some(FreeShipping::Unlocked);
        }
        let spent = i128::from(subtotal.minor.max(0));
        let percent = u8::try_from((spent * 100 / i128::from(threshold)).min(99)).unwrap_or(99);
        Some(FreeShipping::Away {
            missing: Money::new(threshold - subtotal.minor.max(0), subtotal.currency),
            percent,
        })
    }
}

/// A signed-in customer's cart as the server holds it: the priced view, the raw lines the
/// browser keeps as its mirror, and the version those lines were read at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerCart {
    pub view: CartView,
    pub lines: Vec<CartLine>,
    pub version: u64,
    /// False when the server had no cart for the customer (never used, expired, or lost in a
    /// Redis outage): a browser holding a mirror should send it back.
    pub existed: bool,
}

#[cfg(test)]
mod tests {

    #[test]
    fn free_shipping_progress_counts_what_is_missing() {
        let usd = |minor| Money::new(minor, crate::domain::money::Currency::Usd);
        assert_eq!(FreeShipping::of(usd(5_000), None), None);
        assert_eq!(FreeShipping::of(usd(5_000), Some(0)), None);
        assert_eq!(
            FreeShipping::of(usd(8_760), Some(10_000)),
            Some(FreeShipping::Away {
                missing: usd(1_240),
                percent: 87
            })
        );
        assert_eq!(
            FreeShipping::of(usd(0), Some(10_000)),
            Some(FreeShipping::Away {
                missing: usd(10_000),
                percent: 0
            })
        );
        // Never "100 %" while something is still missing.
        assert_eq!(
            FreeShipping::of(usd(9_999), Some(10_000)),
            Some(FreeShipping::Away {
                missing: usd(1),
                percent: 99
            })
        );
        assert_eq!(
            FreeShipping::of(usd(10_000), Some(10_000)),
            Some(FreeShipping::Unlocked)
        );
        assert_eq!(
            FreeShipping::of(usd(i64::MAX), Some(10_000)),
            Some(FreeShipping::Unlocked)
        );
    }
    use super::*;
    use serde_json::json;

    fn line(sku: &str, quantity: u32) -> CartLine {
        CartLine {
            sku: sku.into(),
            quantity,
        }
    }

    fn facts(list: &[(&str, &str, u32, bool)]) -> HashMap<String, SkuFacts> {
        list.iter()
            .map(|(sku, name, available, sellable)| {
                (
                    sku.to_string(),
                    SkuFacts {
                        name: name.to_string(),
                        available: *available,
                        sellable: *sellable,
                    },
                )
            })
            .collect()
    }

    const LIMITS: CartLimits = CartLimits {
        max_quantity: 10,
        max_lines: 100,
    };

    #[test]
    fn merge_rules_table() {
        let store = facts(&[
            ("RAM-32", "DDR5 32 GB", 2, true),
            ("SSD-2TB", "990 Pro 2 TB", 50, true),
            ("MOUSE-V3", "Razer Viper V3", 0, true),
            ("OLD-1", "Old GPU", 5, false),
            ("KB-1", "Keyboard", 50, true),
        ]);
        // (customer, guest, expected lines, expected notices)
        type Case = (Vec<CartLine>, Vec<CartLine>, Vec<CartLine>, Vec<String>);
        let cases: Vec<Case> = vec![
            // The same SKU sums.
            (
                vec![line("SSD-2TB", 1)],
                vec![line("SSD-2TB", 2)],
                vec![line("SSD-2TB", 3)],
                vec![],
            ),
            // Distinct SKUs: the customer's first, then the guest's.
            (
                vec![line("KB-1", 1)],
                vec![line("SSD-2TB", 1)],
                vec![line("KB-1", 1), line("SSD-2TB", 1)],
                vec![],
            ),
            // A sum over stock is clamped to stock.
            (
                vec![line("RAM-32", 1)],
                vec![line("RAM-32", 2)],
                vec![line("RAM-32", 2)],
                vec!["DDR5 32 GB reduced to 2: only 2 left".into()],
            ),
            // A sum over the line maximum is clamped to it.
            (
                vec![line("SSD-2TB", 6)],
                vec![line("SSD-2TB", 7)],
                vec![line("SSD-2TB", 10)],
                vec!["990 Pro 2 TB reduced to 10: at most 10 per order".into()],
            ),
            // Out of stock, not sold, unknown: dropped with a notice each.
            (
                vec![line("MOUSE-V3", 1), line("KB-1", 1)],
                vec![line("OLD-1", 1), line("GONE-9", 3)],
                vec![line("KB-1", 1)],
                vec![
                    "Razer Viper V3 removed: out of stock".into(),
                    "Old GPU removed: no longer sold".into(),
                    "GONE-9 removed: no longer in the store".into(),
                ],
            ),
            // Empty guest cart: the customer's cart is only checked.
            (vec![line("KB-1", 2)], vec![], vec![line("KB-1", 2)], vec![]),
            // Empty customer cart: the guest cart becomes the cart.
            (vec![], vec![line("KB-1", 2)], vec![line("KB-1", 2)], vec![]),
        ];
        for (i, (customer, guest, lines, notices)) in cases.into_iter().enumerate() {
            let merged = merge(&customer, &guest, &store, LIMITS);
            assert_eq!(merged.lines, lines, "case {i}");
            let shown: Vec<String> = merged.notices.iter().map(|n| n.to_string()).collect();
            assert_eq!(shown, notices, "case {i}");
        }
    }

    #[test]
    fn merging_keeps_at_most_the_line_limit() {
        let skus: Vec<String> = (0..5).map(|i| format!("SKU-{i}")).collect();
        let store: HashMap<String, SkuFacts> = skus
            .iter()
            .map(|s| {
                (
                    s.clone(),
                    SkuFacts {
                        name: s.clone(),
                        available: 9,
                        sellable: true,
                    },
                )
            })
            .collect();
        let guest: Vec<CartLine> = skus.iter().map(|s| line(s, 1)).collect();
        let limits = CartLimits {
            max_quantity: 10,
            max_lines: 3,
        };
        let merged = merge(&[], &guest, &store, limits);
        assert_eq!(merged.lines.len(), 3);
        assert_eq!(
            merged.notices,
            vec![CartNotice::TooManyLines { dropped: 2 }]
        );
    }

    #[test]
    fn tampered_browser_lines_are_repaired_without_losing_good_ones() {
        let raw = json!([
            {"sku": "KB-1", "quantity": 2},
            {"sku": "KB-1", "quantity": 3},
            {"sku": "kb-1", "quantity": 1},
            {"sku": "SSD-2TB", "quantity": 0},
            {"sku": "SSD-2TB", "quantity": -4},
            {"sku": "SSD-2TB", "quantity": 1.5},
            {"sku": "SSD-2TB", "quantity": "3"},
            {"sku": 7, "quantity": 1},
            "garbage",
            null,
            {"sku": "RAM-32", "quantity": 1000000000000u64},
            {"sku": "<script>", "quantity": 1},
        ]);
        assert_eq!(
            repair_lines(&raw, LIMITS),
            vec![line("KB-1", 5), line("RAM-32", 10)]
        );
        assert!(repair_lines(&json!({"not": "a list"}), LIMITS).is_empty());
        assert!(repair_lines(&json!("oops"), LIMITS).is_empty());
        let many: Vec<serde_json::Value> = (0..10_000)
            .map(|i| json!({"sku": format!("SKU-{i}"), "quantity": 1}))
            .collect();
        assert_eq!(repair_lines(&json!(many), LIMITS).len(), 100);
    }

    #[test]
    fn quantities_are_whole_numbers_within_the_line_maximum() {
        assert_eq!(parse_quantity(" 3 ", LIMITS), Ok(3));
        assert_eq!(parse_quantity("10", LIMITS), Ok(10));
        for bad in ["0", "-1", "11", "1.5", "abc", "", "99999999999999999999"] {
            assert!(parse_quantity(bad, LIMITS).is_err(), "{bad}");
        }
    }

    #[test]
    fn skus_have_the_catalog_shape() {
        assert!(is_sku("SSD-0001-2TB") && is_sku("A1"));
        assert!(!is_sku("a1") && !is_sku("-A") && !is_sku("A") && !is_sku(&"A".repeat(65)));
    }
}
