//! `StoreFacts`: what the browser needs to know of this store's settings (its name, currency
//! and the countries it ships to). The server writes them once into the page's head; both
//! builds read the same values, so pages render the same on either side.

use serde::{Deserialize, Serialize};

use super::address::COUNTRIES;
use super::money::Currency;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreFacts {
    pub name: String,
    pub currency: Currency,
    /// ISO codes, a subset of `COUNTRIES`.
    pub ship_to: Vec<String>,
    /// The most units of one SKU a cart may hold (`OXCART_CART_MAX_QUANTITY`).
    pub max_quantity: u32,
    /// The ways to pay checkout offers, the default first.
    pub payment_methods: Vec<PaymentMethod>,
    /// The promises every page repeats (from the settings admins edit).
    pub trust: Trust,
}

/// The announcement bar and the product page's promises.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trust {
    /// The bar's text; None: no bar.
    pub announcement: Option<String>,
    /// "30-day returns"; None: none offered.
    pub returns: Option<String>,
    /// "2-year warranty"; None: none promised.
    pub warranty: Option<String>,
}

/// One way to pay, as checkout offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentMethod {
    /// The payment provider's name (`stripe`, `paypal`, `test`).
    pub name: String,
    /// What the shopper reads ("Card", "PayPal").
    pub label: String,
}

impl Default for StoreFacts {
    fn default() -> Self {
        StoreFacts {
            name: "Oxcart".into(),
            currency: Currency::Usd,
            ship_to: COUNTRIES.iter().map(|(code, _)| code.to_string()).collect(),
            max_quantity: super::cart::CartLimits::default().max_quantity,
            payment_methods: Vec::new(),
            trust: Trust::default(),
        }
    }
}

impl PaymentMethod {
    /// A line under the method's name at checkout: where the shopper will pay.
    pub fn hint(&self) -> String {
        match self.name.as_str() {
            "stripe" => "Card, Apple Pay or Google Pay, on Stripe's secure page".into(),
            "paypal" => "Your PayPal account, on PayPal's page".into(),
            "test" => "The store's test page: no real money moves".into(),
            _ => format!("{}, on the provider's page", self.label),
        }
    }
}

/// The payment marks a provider's checkout accepts: (picture under `/marks/`, name).
pub fn marks(provider: &str) -> &'static [(&'static str, &'static str)] {
    match provider {
        "stripe" => &[
            ("visa", "Visa"),
            ("mastercard", "Mastercard"),
            ("amex", "American Express"),
            ("apple-pay", "Apple Pay"),
            ("google-pay", "Google Pay"),
        ],
        "paypal" => &[("paypal", "PayPal")],
        _ => &[],
    }
}

impl StoreFacts {
    /// The countries to offer in address forms: (code, English name), in `COUNTRIES` order.
    pub fn countries(&self) -> Vec<(&'static str, &'static str)> {
        COUNTRIES
            .iter()
            .filter(|(code, _)| self.ship_to.iter().any(|c| c == code))
            .copied()
            .collect()
    }

    /// The quantities a product page offers: 1 up to the cart's limit (at most 30 choices;
    /// the cart's stepper goes further when the limit is higher).
    pub fn quantity_choices(&self) -> std::ops::RangeInclusive<u32> {
        1..=self.max_quantity.clamp(1, 30)
    }

    /// The country a new address form starts with: the first the store ships to, preferring
    /// the United States where it ships there.
    pub fn default_country(&self) -> String {
        if self.ship_to.iter().any(|c| c == "US") {
            return "US".into();
        }
        self.ship_to.first().cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_countries_shipped_to_are_offered_in_a_stable_order() {
        let facts = StoreFacts {
            ship_to: vec!["GB".into(), "DE".into()],
            ..StoreFacts::default()
        };
        assert_eq!(
            facts.countries(),
            vec![("DE", "Germany"), ("GB", "United Kingdom")]
        );
        assert_eq!(facts.default_country(), "GB");
        assert_eq!(StoreFacts::default().default_country(), "US");
    }

    #[test]
    fn quantity_choices_follow_the_cart_limit() {
        let facts = |max_quantity| StoreFacts {
            max_quantity,
            ..StoreFacts::default()
        };
        assert_eq!(facts(3).quantity_choices(), 1..=3);
        assert_eq!(facts(0).quantity_choices(), 1..=1);
        assert_eq!(facts(999).quantity_choices(), 1..=30);
    }
}
