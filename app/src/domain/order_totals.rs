//! Checkout totals: shipping (with a free-shipping threshold), tax by country and region
//! (rounded once per order), and whether a provider's charge is an order's payment. Pure: rates
//! and prices are passed in. Re-exported by `domain::order`.

use serde::{Deserialize, Serialize};

use super::money::{Currency, Money};

/// How an order is shipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ShippingMethod {
    Standard,
    Express,
}

impl ShippingMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            ShippingMethod::Standard => "standard",
            ShippingMethod::Express => "express",
        }
    }

    pub fn parse(text: &str) -> Option<ShippingMethod> {
        match text.trim() {
            "standard" => Some(ShippingMethod::Standard),
            "express" => Some(ShippingMethod::Express),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ShippingMethod::Standard => "Standard shipping",
            ShippingMethod::Express => "Express shipping",
        }
    }
}

/// Flat shipping rates, in minor units. Standard shipping is free from `free_from` (subtotal,
/// inclusive); express always costs its rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingRates {
    pub standard: i64,
    pub express: i64,
    pub free_from: Option<i64>,
}

impl Default for ShippingRates {
    fn default() -> Self {
        ShippingRates {
            standard: 599,
            express: 1999,
            free_from: Some(10_000),
        }
    }
}

impl ShippingRates {
    pub fn cost(&self, method: ShippingMethod, subtotal_minor: i64) -> i64 {
        match method {
            ShippingMethod::Standard if self.free_from.is_some_and(|f| subtotal_minor >= f) => 0,
            ShippingMethod::Standard => self.standard,
            ShippingMethod::Express => self.express,
        }
    }
}

/// A tax rate for a country, or for one region of it, in basis points (825 = 8.25 %).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxRate {
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    /// A region code (a US state, say), upper case; `None` for the whole country.
    pub region: Option<String>,
    pub rate_bp: u32,
}

/// Whether a provider's charge is an order's payment: the order's total, in its currency. An
/// order's total never changes after it is placed, so any other charge (a promotion code, a
/// shared account, a forged session) is not its payment.
pub fn charge_matches(total_minor: i64, currency: Currency, amount: i64, charged: &str) -> bool {
    amount == total_minor && charged.eq_ignore_ascii_case(currency.code())
}

/// Why no tax rate applies to an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaxRefusal {
    /// The country has regional rates and the address names no region: the rate is unknown,
    /// never silently the national one (or 0 %).
    RegionNeeded,
    /// The country has regional rates, the region has none of its own and the country has no
    /// national rate to fall back on.
    NoRate,
}

impl TaxRefusal {
    /// The field at fault and what the shopper should do.
    pub fn mistake(self) -> (&'static str, &'static str) {
        match self {
            TaxRefusal::RegionNeeded => {
                ("region", "Choose your state or region to work out the tax.")
            }
            TaxRefusal::NoRate => (
                "region",
                "We cannot ship to this state or region yet; choose another address.",
            ),
        }
    }
}

/// The rate for an address: the region's own rate if there is one, else the country's.
/// A country with no rate at all is taxed at 0 % (the store collects no tax there); a country
/// with regional rates needs the address's region, so a missing one never means 0 %.
pub fn tax_rate_for(rates: &[TaxRate], country: &str, region: &str) -> Result<u32, TaxRefusal> {
    let country = country.trim().to_ascii_uppercase();
    let region = region.trim().to_ascii_uppercase();
    let of_country = || rates.iter().filter(|r| r.country == country);
    let has_regional = of_country().any(|r| r.region.is_some());
    if has_regional && region.is_empty() {
        return Err(TaxRefusal::RegionNeeded);
    }
    let regional = of_country().find(|r| r.region.as_deref() == Some(region.as_str()));
    let national = of_country().find(|r| r.region.is_none());
    match regional.or(national) {
        Some(rate) => Ok(rate.rate_bp),
        None if has_regional => Err(TaxRefusal::NoRate),
        None => Ok(0),
    }
}

/// Tax on an amount: `amount × rate / 10 000`, rounded half away from zero to the minor unit.
/// This is the one rounding rule: tax is computed once per order, on the taxable amount
/// (subtotal plus shipping), never per line.
pub fn tax_on(amount_minor: i64, rate_bp: u32) -> i64 {
    let product = i128::from(amount_minor) * i128::from(rate_bp);
    let half = 5_000_i128;
    let rounded = if product >= 0 {
        (product + half) / 10_000
    } else {
        (product - half) / 10_000
    };
    i64::try_from(rounded).unwrap_or(i64::MAX)
}

/// An order's money, all in one currency and minor units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub subtotal: Money,
    pub shipping: Money,
    pub tax: Money,
    pub total: Money,
    /// The rate applied, in basis points.
    pub tax_rate_bp: u32,
}

/// A total too large to be real (overflow of the minor-unit arithmetic).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AmountTooLarge;

/// The totals of lines given as (unit price, quantity), in minor units.
pub fn totals(
    lines: &[(i64, u32)],
    currency: Currency,
    method: ShippingMethod,
    rates: &ShippingRates,
    tax_rate_bp: u32,
) -> Result<Totals, AmountTooLarge> {
    let mut subtotal: i64 = 0;
    for (unit, quantity) in lines {
        let line = unit
            .checked_mul(i64::from(*quantity))
            .ok_or(AmountTooLarge)?;
        subtotal = subtotal.checked_add(line).ok_or(AmountTooLarge)?;
    }
    let shipping = rates.cost(method, subtotal);
    let taxable = subtotal.checked_add(shipping).ok_or(AmountTooLarge)?;
    let tax = tax_on(taxable, tax_rate_bp);
    let total = taxable.checked_add(tax).ok_or(AmountTooLarge)?;
    Ok(Totals {
        subtotal: Money::new(subtotal, currency),
        shipping: Money::new(shipping, currency),
        tax: Money::new(tax, currency),
        total: Money::new(total, currency),
        tax_rate_bp,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_rounds_half_away_from_zero_once_per_order() {
        assert_eq!(tax_on(1000, 825), 83); // 82.5 -> 83
        assert_eq!(tax_on(1001, 825), 83); // 82.58
        assert_eq!(tax_on(999, 825), 82); // 82.41
        assert_eq!(tax_on(200, 2500), 50);
        assert_eq!(tax_on(2, 2500), 1); // 0.5 -> 1
        assert_eq!(tax_on(1, 2500), 0); // 0.25 -> 0
        assert_eq!(tax_on(-1000, 825), -83);
        assert_eq!(tax_on(0, 825), 0);
        assert_eq!(tax_on(123_456, 0), 0);
        // Once on the sum, not per line: three lines of 0.10 at 25 % are 0.08, not 3 × 0.03.
        let t = totals(
            &[(10, 1), (10, 1), (10, 1)],
            Currency::Usd,
            ShippingMethod::Express,
            &ShippingRates {
                standard: 0,
                express: 0,
                free_from: None,
            },
            2500,
        )
        .unwrap();
        assert_eq!(t.tax.minor, 8);
    }

    #[test]
    fn totals_add_shipping_with_a_free_threshold_then_tax() {
        let rates = ShippingRates {
            standard: 599,
            express: 1999,
            free_from: Some(10_000),
        };
        let t = totals(
            &[(4_999, 2)],
            Currency::Usd,
            ShippingMethod::Standard,
            &rates,
            825,
        )
        .unwrap();
        assert_eq!(t.subtotal.minor, 9_998);
        assert_eq!(t.shipping.minor, 599);
        assert_eq!(t.tax.minor, 874); // 10 597 × 8.25 % = 874.25
        assert_eq!(t.total.minor, 9_998 + 599 + 874);
        // At the threshold standard shipping is free; express never is.
        let t = totals(
            &[(5_000, 2)],
            Currency::Usd,
            ShippingMethod::Standard,
            &rates,
            0,
        )
        .unwrap();
        assert_eq!((t.shipping.minor, t.total.minor), (0, 10_000));
        let t = totals(
            &[(5_000, 2)],
            Currency::Usd,
            ShippingMethod::Express,
            &rates,
            0,
        )
        .unwrap();
        assert_eq!(t.shipping.minor, 1_999);
        let no_free = ShippingRates {
            free_from: None,
            ..rates
        };
        assert_eq!(no_free.cost(ShippingMethod::Standard, 1_000_000), 599);
        assert_eq!(
            totals(
                &[(i64::MAX / 2, 3)],
                Currency::Usd,
                ShippingMethod::Standard,
                &rates,
                0
            ),
            Err(AmountTooLarge)
        );
    }

    #[test]
    fn the_regional_rate_wins_over_the_national_one() {
        let rates = vec![
            TaxRate {
                country: "US".into(),
                region: None,
                rate_bp: 0,
            },
            TaxRate {
                country: "US".into(),
                region: Some("CA".into()),
                rate_bp: 725,
            },
            TaxRate {
                country: "US".into(),
                region: Some("NY".into()),
                rate_bp: 400,
            },
            TaxRate {
                country: "DE".into(),
                region: None,
                rate_bp: 1900,
            },
        ];
        assert_eq!(tax_rate_for(&rates, "us", " ca "), Ok(725));
        assert_eq!(tax_rate_for(&rates, "US", "NY"), Ok(400));
        assert_eq!(tax_rate_for(&rates, "US", "OR"), Ok(0));
        assert_eq!(tax_rate_for(&rates, "DE", "BY"), Ok(1900));
        assert_eq!(tax_rate_for(&rates, "FR", ""), Ok(0));
    }

    #[test]
    fn only_the_orders_total_in_its_currency_is_its_payment() {
        assert!(charge_matches(255_147, Currency::Usd, 255_147, "usd"));
        assert!(charge_matches(255_147, Currency::Usd, 255_147, "USD"));
        assert!(!charge_matches(255_147, Currency::Usd, 1, "eur"));
        assert!(!charge_matches(255_147, Currency::Usd, 255_147, "eur"));
        assert!(!charge_matches(255_147, Currency::Usd, 255_146, "usd"));
    }

    #[test]
    fn a_country_with_regional_rates_never_falls_back_to_zero_without_a_region() {
        let regional_only = vec![TaxRate {
            country: "US".into(),
            region: Some("CA".into()),
            rate_bp: 725,
        }];
        assert_eq!(
            tax_rate_for(&regional_only, "US", ""),
            Err(TaxRefusal::RegionNeeded)
        );
        assert_eq!(
            tax_rate_for(&regional_only, "US", " "),
            Err(TaxRefusal::RegionNeeded)
        );
        assert_eq!(
            tax_rate_for(&regional_only, "US", "OR"),
            Err(TaxRefusal::NoRate)
        );
        assert_eq!(tax_rate_for(&regional_only, "US", "CA"), Ok(725));
    }
}
