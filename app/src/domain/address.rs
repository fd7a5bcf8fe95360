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

/// US states, the District of Columbia and the inhabited territories (USPS codes).
#[rustfmt::skip]
const US_STATES: &[(&str, &str)] = &[
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", "California"), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("DC", "District of Columbia"), ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"),
    ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"),
    ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"),
    ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"), ("MS", "Mississippi"),
    ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
    ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"),
    ("OR", "Oregon"), ("PA", "Pennsylvania"), ("RI", "Rhode Island"), ("SC", "South Carolina"),
    ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"),
    ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"), ("WV", "West Virginia"),
    ("WI", "Wisconsin"), ("WY", "Wyoming"), ("AS", "American Samoa"), ("GU", "Guam"),
    ("MP", "Northern Mariana Islands"), ("PR", "Puerto Rico"), ("VI", "U.S. Virgin Islands"),
];

/// Canadian provinces and territories (Canada Post codes).
#[rustfmt::skip]
const CA_PROVINCES: &[(&str, &str)] = &[
    ("AB", "Alberta"), ("BC", "British Columbia"), ("MB", "Manitoba"), ("NB", "New Brunswick"),
    ("NL", "Newfoundland and Labrador"), ("NS", "Nova Scotia"), ("NT", "Northwest Territories"),
    ("NU", "Nunavut"), ("ON", "Ontario"), ("PE", "Prince Edward Island"), ("QC", "Quebec"),
    ("SK", "Saskatchewan"), ("YT", "Yukon"),
];

/// Australian states and territories.
#[rustfmt::skip]
const AU_STATES: &[(&str, &str)] = &[
    ("ACT", "Australian Capital Territory"), ("NSW", "New South Wales"),
    ("NT", "Northern Territory"), ("QLD", "Queensland"), ("SA", "South Australia"),
    ("TAS", "Tasmania"), ("VIC", "Victoria"), ("WA", "Western Australia"),
];

/// The regions an address in `country` must name (code, English name), for countries whose
/// addresses and taxes depend on one; `None` where the region is free text and optional.
pub fn regions(country: &str) -> Option<&'static [(&'static str, &'static str)]> {
    match country {
        "US" => Some(US_STATES),
        "CA" => Some(CA_PROVINCES),
        "AU" => Some(AU_STATES),
        _ => None,
    }
}

/// What the region field is called for a country.
pub fn region_label(country: &str) -> &'static str {
    match country {
        "US" => "State",
        "CA" => "Province or territory",
        "AU" => "State or territory",
        _ => "State or region",
    }
}

/// The region's code when `typed` names one of `country`'s regions by code or by name (any
/// case), so "ca", "CA" and "California" are all California.
pub fn region_code(country: &str, typed: &str) -> Option<&'static str> {
    let typed = typed.trim();
    regions(country)?
        .iter()
        .find(|(code, name)| code.eq_ignore_ascii_case(typed) || name.eq_ignore_ascii_case(typed))
        .map(|(code, _)| *code)
}

/// The fields of an address form, in the order the form shows them (and reports mistakes).
pub const FIELDS: [&str; 8] = [
    "full_name",
    "line1",
    "line2",
    "city",
    "region",
    "postal_code",
    "country",
    "phone",
];

/// The region a checkout quote is priced for: for a country with a list, the code of the
/// region typed (empty while none is chosen; an unknown one is a mistake), else the text.
pub fn quote_region(country: &str, typed: &str) -> Result<String, &'static str> {
    match (regions(country), typed.trim()) {
        (Some(_), "") => Ok(String::new()),
        (Some(_), typed) => region_code(country, typed)
            .map(str::to_string)
            .ok_or("Choose a state or region from the list."),
        (None, typed) => Ok(typed.to_string()),
    }
}

/// Mistakes in an address: (field, what to do), every one of them at once.
pub type AddressMistakes = Vec<(&'static str, String)>;

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
    /// Checks what was typed against the countries the store ships to (`ship_to`, ISO codes).
    /// Every field at fault is named, each with what to do.
    pub fn parse(raw: AddressFields, ship_to: &[String]) -> Result<AddressFields, AddressMistakes> {
        let mut mistakes = AddressMistakes::new();
        let mut text =
            |field: &'static str, label: &str, value: &str, required: bool, max: usize| {
                let value = value.trim();
                let problem = if required && value.is_empty() {
                    Some(format!("Enter the {label}."))
                } else if value.chars().count() > max {
                    Some(format!("Use at most {max} characters."))
                } else if value.chars().any(char::is_control) {
                    Some("Remove the special characters.".to_string())
                } else {
                    None
                };
                match problem {
                    Some(message) => {
                        mistakes.push((field, message));
                        String::new()
                    }
                    None => value.to_string(),
                }
            };
        let full_name = text("full_name", "full name", &raw.full_name, true, 100);
        let line1 = text("line1", "street address", &raw.line1, true, 200);
        let line2 = text("line2", "second address line", &raw.line2, false, 200);
        let city = text("city", "city", &raw.city, true, 100);
        let region_typed = text("region", "state or region", &raw.region, false, 100);
        let postal_code = text("postal_code", "postal code", &raw.postal_code, true, 20);
        let phone = text("phone", "phone number", &raw.phone, false, 30);
        let country = raw.country.trim().to_uppercase();
        let ships_here = ship_to.contains(&country) && country_name(&country).is_some();
        if !ships_here {
            mistakes.push(("country", "Choose a country we ship to.".to_string()));
        }
        let region = match regions(&country) {
            Some(_) if !ships_here => region_typed,
            Some(_) if region_typed.is_empty() && !mistakes.iter().any(|(f, _)| *f == "region") => {
                let label = region_label(&country).to_lowercase();
                mistakes.push(("region", format!("Choose the {label}.")));
                String::new()
            }
            Some(_) => match region_code(&country, &region_typed) {
                Some(code) => code.to_string(),
                None => {
                    if !region_typed.is_empty() {
                        let label = region_label(&country).to_lowercase();
                        mistakes.push(("region", format!("Choose a {label} from the list.")));
                    }
                    String::new()
                }
            },
            None => region_typed,
        };
        if !phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        {
            mistakes.push((
                "phone",
                "Use digits, spaces and + - ( ) only, or leave it empty.".to_string(),
            ));
        }
        if !mistakes.is_empty() {
            mistakes.sort_by_key(|(field, _)| FIELDS.iter().position(|f| f == field));
            return Err(mistakes);
        }
        Ok(AddressFields {
            full_name,
            line1,
            line2,
            city,
            region,
            postal_code,
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

    fn everywhere() -> Vec<String> {
        COUNTRIES.iter().map(|(c, _)| c.to_string()).collect()
    }

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

    fn american(region: &str) -> AddressFields {
        AddressFields {
            city: "Sacramento".into(),
            region: region.into(),
            postal_code: "95814".into(),
            country: "US".into(),
            ..sample()
        }
    }

    fn fields_at_fault(raw: AddressFields, ship_to: &[String]) -> Vec<&'static str> {
        AddressFields::parse(raw, ship_to)
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect()
    }

    #[test]
    fn a_good_address_is_trimmed_and_its_country_upper_cased() {
        let a = AddressFields::parse(sample(), &everywhere()).unwrap();
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
            assert_eq!(fields_at_fault(a, &everywhere()), vec![field]);
        }
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        let raw = AddressFields {
            full_name: String::new(),
            city: String::new(),
            phone: "call me".into(),
            ..american("Calif.")
        };
        assert_eq!(
            fields_at_fault(raw, &everywhere()),
            vec!["full_name", "city", "region", "phone"]
        );
    }

    #[test]
    fn a_us_address_needs_a_real_state_named_by_code_or_name() {
        for typed in ["CA", "ca", " California ", "california"] {
            let a = AddressFields::parse(american(typed), &everywhere()).unwrap();
            assert_eq!(a.region, "CA", "{typed}");
        }
        for typed in ["", "  ", "Calif.", "XX", "Ontario"] {
            let mistakes = AddressFields::parse(american(typed), &everywhere()).unwrap_err();
            assert_eq!(mistakes.len(), 1, "{typed}");
            assert_eq!(mistakes[0].0, "region", "{typed}");
        }
        let empty = AddressFields::parse(american(""), &everywhere()).unwrap_err();
        assert_eq!(empty[0].1, "Choose the state.");
    }

    #[test]
    fn canada_and_australia_need_their_regions_and_others_keep_free_text() {
        let canadian = AddressFields {
            country: "CA".into(),
            region: "Quebec".into(),
            ..sample()
        };
        assert_eq!(
            AddressFields::parse(canadian, &everywhere())
                .unwrap()
                .region,
            "QC"
        );
        let australian = AddressFields {
            country: "AU".into(),
            region: String::new(),
            ..sample()
        };
        assert_eq!(fields_at_fault(australian, &everywhere()), vec!["region"]);
        let british = AddressFields {
            region: "Greater London".into(),
            ..sample()
        };
        assert_eq!(
            AddressFields::parse(british, &everywhere()).unwrap().region,
            "Greater London"
        );
    }

    #[test]
    fn a_quote_is_priced_for_a_listed_region_or_none_yet() {
        assert_eq!(quote_region("US", " texas "), Ok("TX".to_string()));
        assert_eq!(quote_region("US", ""), Ok(String::new()));
        assert!(quote_region("US", "Calif.").is_err());
        assert_eq!(quote_region("GB", " Kent "), Ok("Kent".to_string()));
    }

    #[test]
    fn only_the_countries_the_store_ships_to_are_accepted() {
        let only_us = vec!["US".to_string()];
        assert_eq!(fields_at_fault(sample(), &only_us), vec!["country"]);
        assert!(AddressFields::parse(american("TX"), &only_us).is_ok());
    }
}
