//! Where a shipped parcel is: the carrier and tracking number staff enter when they ship an
//! order, and the carrier's own tracking page for carriers the store knows.

use serde::{Deserialize, Serialize};

/// Carriers with a public tracking page, as staff may type them, and where a tracking number
/// is looked up (the number is appended, URL-encoded).
pub const CARRIERS: &[(&str, &str)] = &[
    ("UPS", "https://www.ups.com/track?tracknum="),
    (
        "USPS",
        "https://tools.usps.com/go/TrackConfirmAction?tLabels=",
    ),
    ("FedEx", "https://www.fedex.com/fedextrack/?trknbr="),
    (
        "DHL",
        "https://www.dhl.com/global-en/home/tracking.html?tracking-id=",
    ),
    (
        "Canada Post",
        "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=",
    ),
    (
        "Royal Mail",
        "https://www.royalmail.com/track-your-item#/tracking-results/",
    ),
    (
        "Australia Post",
        "https://auspost.com.au/mypost/track/details/",
    ),
];

/// A shipped order's parcel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    pub carrier: String,
    pub tracking: String,
    /// The carrier's tracking page for this parcel, when the carrier is one the store knows.
    pub url: Option<String>,
}

impl Shipment {
    /// The parcel of an order, from what staff entered (None: nothing was).
    pub fn of(carrier: Option<&str>, tracking: Option<&str>) -> Option<Shipment> {
        let carrier = carrier.map(str::trim).unwrap_or_default();
        let tracking = tracking.map(str::trim).unwrap_or_default();
        if carrier.is_empty() && tracking.is_empty() {
            return None;
        }
        Some(Shipment {
            url: tracking_url(carrier, tracking),
            carrier: carrier.to_string(),
            tracking: tracking.to_string(),
        })
    }
}

/// The tracking page of `number` at `carrier` (its name in any case, spaces ignored, "DHL
/// Express" as DHL), or None for a carrier the store does not know or an empty number.
pub fn tracking_url(carrier: &str, number: &str) -> Option<String> {
    let number = number.trim();
    if number.is_empty() {
        return None;
    }
    let key = |name: &str| {
        name.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let wanted = key(carrier);
    let wanted = wanted.strip_suffix("express").unwrap_or(&wanted);
    let (_, base) = CARRIERS.iter().find(|(name, _)| key(name) == wanted)?;
    let encoded: String = form_urlencoded::byte_serialize(number.as_bytes()).collect();
    Some(format!("{base}{encoded}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_carriers_link_to_their_tracking_page() {
        assert_eq!(
            tracking_url("UPS", "1Z999AA10123456784").as_deref(),
            Some("https://www.ups.com/track?tracknum=1Z999AA10123456784")
        );
        assert_eq!(
            tracking_url(" fedex ", "7489 2345").as_deref(),
            Some("https://www.fedex.com/fedextrack/?trknbr=7489+2345")
        );
        assert!(tracking_url("DHL Express", "123")
            .unwrap()
            .starts_with("https://www.dhl.com/"));
        assert!(tracking_url("canada post", "123").is_some());
    }

    #[test]
    fn tracking_numbers_cannot_break_out_of_the_link() {
        let url = tracking_url("USPS", "9400&x=<script>\"#").unwrap();
        assert!(url.ends_with("9400%26x%3D%3Cscript%3E%22%23"), "{url}");
    }

    #[test]
    fn unknown_carriers_and_empty_numbers_have_no_link() {
        assert_eq!(tracking_url("Bob's Van", "123"), None);
        assert_eq!(tracking_url("UPS", "  "), None);
        assert_eq!(Shipment::of(None, None), None);
        assert_eq!(Shipment::of(Some(" "), Some("")), None);
        let local = Shipment::of(Some("Courier Co"), Some("A1")).unwrap();
        assert_eq!((local.carrier.as_str(), local.url), ("Courier Co", None));
    }
}
