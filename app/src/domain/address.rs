//! Shipping addresses: what a shopper types, checked field by field, and the countries the
//! store ships to.

use serde::{Deserialize, Serialize};

/// Most addresses an account may keep.
pub const MAX_ADDRESSES: i64 = 20;

/// Countries the store ships to: ISO 3166-1 alpha-2 code and English name.
pub const COUNTRIES: &[(&str, &str)] = &[
    ("AU", "Australia"),
    ("AT", "Austria"),
    ("BE", "Belgium"),
    ("CA", "Canada"),
    ("DK", "Denmark"),
    ("FI", "Finland"),
    ("FR", "France"),
    ("DE", "Germany"),
    ("IE", "Ireland"),
    ("IT", "Italy"),
    ("JP", "Japan"),
    ("NL", "Netherlands"),
    ("NZ", "New Zealand"),
    ("NO", "Norway"),
    ("PL", "Poland"),
    ("PT", "Portugal"),
    ("ES", "Spain"),
    ("SE", "Sweden"),
    ("CH", "Switzerland"),
    ("GB", "United Kingdom"),
    ("US", "United States"),
];

/// The English name of a country code the store ships to.
pub fn country_name(code: &str) -> Option<&'static str> {
    COUNTRIES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// A saved address, as the account pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub id: i64,
    pub fields: AddressFields,
    pub is_default: bool,
}

/// The fields of an address, trimmed and checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressFields {
    pub full_name: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
    pub phone: String,
}

impl AddressFields {
    /// Checks what was typed. The error names the first field at fault and what to do.
    pub fn parse(raw: AddressFields) -> Result<AddressFields, (&'static str, String)> {
        fn text(
            field: &'static str,
            label: &str,
            value: &str,
            required: bool,
            max: usize,
        ) -> Result<String, (&'static str, String)> {
            let value = value.trim();
            if required && value.is_empty() {
                return Err((field, format!("Enter the {label}.")));
            }
            if value.chars().count() > max {
                return Err((field, format!("Use at most {max} characters.")));
            }
            if value.chars().any(char::is_control) {
                return Err((field, "Remove the special characters.".to_string()));
            }
            Ok(value.to_string())
        }
        let country = raw.country.trim().to_uppercase();
        if country_name(&country).is_none() {
            return Err(("country", "Choose a country we ship to.".to_string()));
        }
        let phone = text("phone", "phone number", &raw.phone, false, 30)?;
        if !phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        {
            return Err((
                "phone",
                "Use digits, spaces and + - ( ) only, or leave it empty.".to_string(),
            ));
        }
        Ok(AddressFields {
            full_name: text("full_name", "full name", &raw.full_name, true, 100)?,
            line1: text("line1", "street address", &raw.line1, true, 200)?,
            line2: text("line2", "second address line", &raw.line2, false, 200)?,
            city: text("city", "city", &raw.city, true, 100)?,
            region: text("region", "state or region", &raw.region, false, 100)?,
            postal_code: text("postal_code", "postal code", &raw.postal_code, true, 20)?,
            country,
            phone,
        })
    }

    /// The address on a few lines, as printed on a parcel.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.full_name.clone(), self.line1.clone()];
        if !self.line2.is_empty() {
            lines.push(self.line2.clone());
        }
        let place = [
            self.city.as_str(),
            self.region.as_str(),
            self.postal_code.as_str(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
        lines.push(place);
        lines.push(
            country_name(&self.country)
                .unwrap_or(&self.country)
                .to_string(),
        );
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> AddressFields {
        AddressFields {
            full_name: " Ada Lovelace ".into(),
            line1: "12 St James's Square".into(),
            line2: String::new(),
            city: "London".into(),
            region: String::new(),
            postal_code: "SW1Y 4JH".into(),
            country: "gb".into(),
            phone: "+44 20 7946 0000".into(),
        }
    }

    #[test]
    fn a_good_address_is_trimmed_and_its_country_upper_cased() {
        let a = AddressFields::parse(sample()).unwrap();
        assert_eq!(a.full_name, "Ada Lovelace");
        assert_eq!(a.country, "GB");
        assert_eq!(
            a.lines(),
            vec![
                "Ada Lovelace",
                "12 St James's Square",
                "London, SW1Y 4JH",
                "United Kingdom"
            ]
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        type Change = Box<dyn Fn(&mut AddressFields)>;
        let cases: Vec<(&str, Change)> = vec![
            ("full_name", Box::new(|a| a.full_name = "  ".into())),
            ("line1", Box::new(|a| a.line1 = String::new())),
            ("city", Box::new(|a| a.city = "x".repeat(101))),
            ("postal_code", Box::new(|a| a.postal_code = String::new())),
            ("country", Box::new(|a| a.country = "XX".into())),
            ("phone", Box::new(|a| a.phone = "call me".into())),
            ("line2", Box::new(|a| a.line2 = "a\u{0}b".into())),
        ];
        for (field, change) in cases {
            let mut a = sample();
            change(&mut a);
            assert_eq!(AddressFields::parse(a).unwrap_err().0, field);
        }
    }
}
