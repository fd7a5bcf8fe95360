//! Money as integer minor units with a currency. Never a float.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 currency this store can price in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    Usd,
    Eur,
    Gbp,
}

impl Currency {
    /// Parses an ISO 4217 code such as `USD` (case-insensitive).
    pub fn parse(code: &str) -> Option<Currency> {
        match code.trim().to_ascii_uppercase().as_str() {
            "USD" => Some(Currency::Usd),
            "EUR" => Some(Currency::Eur),
            "GBP" => Some(Currency::Gbp),
            _ => None,
        }
    }

    /// The ISO 4217 code, as stored in the database and sent to payment providers.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
        }
    }

    /// The currency's English name, as in "Prices in US dollars".
    pub fn name(self) -> &'static str {
        match self {
            Currency::Usd => "US dollars",
            Currency::Eur => "euros",
            Currency::Gbp => "pounds sterling",
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Currency::Usd => "$",
            Currency::Eur => "€",
            Currency::Gbp => "£",
        }
    }

    /// How many minor units make one major unit (all supported currencies use cents).
    pub fn minor_per_major(self) -> i64 {
        100
    }
}

/// An amount of money in minor units (cents) of one currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

/// Adding or comparing amounts of two different currencies.
#[derive(Debug, PartialEq, Eq)]
pub struct CurrencyMismatch;

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    /// Sums two amounts of the same currency; mixing currencies is an error.
    pub fn checked_add(self, other: Money) -> Result<Money, CurrencyMismatch> {
        if self.currency != other.currency {
            return Err(CurrencyMismatch);
        }
        Ok(Money::new(
            self.minor.saturating_add(other.minor),
            self.currency,
        ))
    }

    /// The whole percentage saved against a compare-at price, rounded down; None when no saving.
    pub fn percent_off(self, compare_at: Money) -> Option<u8> {
        if compare_at.currency != self.currency || compare_at.minor <= self.minor || self.minor < 0
        {
            return None;
        }
        let pct = (compare_at.minor - self.minor) * 100 / compare_at.minor;
        u8::try_from(pct).ok().filter(|p| *p > 0)
    }

    /// The amount as a plain decimal string without symbol ("1299.99"), as JSON-LD wants it.
    pub fn decimal_string(self) -> String {
        let per = self.currency.minor_per_major();
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        format!("{sign}{}.{:02}", abs / per as u64, abs % per as u64)
    }
}

/// Formats with symbol and thousands separators: `$1,299.99`, `-€5.00`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let per = self.currency.minor_per_major() as u64;
        let abs = self.minor.unsigned_abs();
        let whole = (abs / per).to_string();
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        let sign = if self.minor < 0 { "-" } else { "" };
        write!(
            f,
            "{sign}{}{grouped}.{:02}",
            self.currency.symbol(),
            abs % per
        )
    }
}

/// Parses a shopper-typed major-unit amount ("100", "99.5", "1,299.99") into minor units.
/// Returns None for anything that is not a non-negative amount with at most two decimals.
pub fn parse_major_amount(text: &str, currency: Currency) -> Option<i64> {
    const MAX_WHOLE_DIGITS: usize = 13;
    let cleaned: String = text.trim().chars().filter(|c| *c != ',').collect();
    let cleaned = cleaned.strip_prefix(currency.symbol()).unwrap_or(&cleaned);
    if cleaned.is_empty() {
        return None;
    }
    let (whole, frac) = match cleaned.split_once('.') {
        Some((w, f)) => (w, f),
        None => (cleaned, ""),
    };
    // At most 13 whole digits, whatever the fraction: an amount this accepts is also accepted
    // when written back with its two decimals (the property tests found "1000000000000.1",
    // 15 characters, read but its canonical "1000000000000.10" refused).
    if whole.len() > MAX_WHOLE_DIGITS {
        return None;
    }
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || !digits(frac) || frac.len() > 2 || (whole.is_empty() && frac.is_empty()) {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    whole
        .checked_mul(currency.minor_per_major())?
        .checked_add(frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::Usd)
    }

    #[test]
    fn formats_with_symbol_cents_and_thousands_separators() {
        assert_eq!(usd(0).to_string(), "$0.00");
        assert_eq!(usd(5).to_string(), "$0.05");
        assert_eq!(usd(129_999).to_string(), "$1,299.99");
        assert_eq!(usd(100_000_000).to_string(), "$1,000,000.00");
        assert_eq!(Money::new(-500, Currency::Eur).to_string(), "-€5.00");
    }

    #[test]
    fn decimal_string_has_no_symbol_or_separators() {
        assert_eq!(usd(129_999).decimal_string(), "1299.99");
        assert_eq!(usd(7).decimal_string(), "0.07");
    }

    #[test]
    fn adding_different_currencies_is_an_error() {
        assert_eq!(usd(100).checked_add(usd(250)), Ok(usd(350)));
        assert_eq!(
            usd(100).checked_add(Money::new(1, Currency::Eur)),
            Err(CurrencyMismatch)
        );
    }

    #[test]
    fn percent_off_rounds_down_and_ignores_non_discounts() {
        assert_eq!(usd(7_999).percent_off(usd(9_999)), Some(20));
        assert_eq!(usd(9_999).percent_off(usd(9_999)), None);
        assert_eq!(usd(10_000).percent_off(usd(9_999)), None);
        assert_eq!(usd(9_990).percent_off(usd(10_000)), None);
    }

    #[test]
    fn parses_typed_amounts_into_minor_units() {
        let c = Currency::Usd;
        assert_eq!(parse_major_amount("100", c), Some(10_000));
        assert_eq!(parse_major_amount(" 99.5 ", c), Some(9_950));
        assert_eq!(parse_major_amount("$1,299.99", c), Some(129_999));
        assert_eq!(parse_major_amount(".5", c), Some(50));
        assert_eq!(
            parse_major_amount("1000000000000.1", c),
            Some(100_000_000_000_010)
        );
    }

    #[test]
    fn rejects_amounts_that_are_not_plain_non_negative_numbers() {
        let c = Currency::Usd;
        for bad in [
            "",
            "-3",
            "abc",
            "1.234",
            "1e9",
            "NaN",
            ".",
            "99999999999999999",
            "99999999999999",
        ] {
            assert_eq!(parse_major_amount(bad, c), None, "{bad:?}");
        }
    }

    #[test]
    fn currency_codes_round_trip() {
        for c in [Currency::Usd, Currency::Eur, Currency::Gbp] {
            assert_eq!(Currency::parse(c.code()), Some(c));
        }
        assert_eq!(Currency::parse("usd"), Some(Currency::Usd));
        assert_eq!(Currency::parse("XXX"), None);
    }
}
