//! Back-in-stock alerts: who may ask, how many, and what they are told. Pure rules; the rows
//! live in `db::stock_alerts`, the emails in `domain::mail`.

use serde::{Deserialize, Serialize};

/// Open alerts (confirmed or waiting for confirmation) one email address may hold.
pub const MAX_OPEN_PER_EMAIL: i64 = 20;
/// An alert not confirmed within this long is forgotten (it no longer counts).
pub const UNCONFIRMED_TTL_HOURS: i64 = 48;

/// What became of a request for an alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Subscribed {
    /// Confirmed at once (a signed-in shopper's verified address): "You're on the list".
    Confirmed,
    /// A confirmation link was emailed; nothing more is sent until it is followed.
    ConfirmationSent,
    /// That address already waits for this variant: nothing new was sent.
    AlreadyWaiting,
}

impl Subscribed {
    /// What the product page says after the request (`email` is the address used).
    pub fn message(self, email: &str) -> String {
        match self {
            Subscribed::Confirmed => {
                format!("You're on the list: we'll email {email} once, when it's back in stock.")
            }
            Subscribed::ConfirmationSent => format!(
                "Almost done: open the link we sent to {email} to confirm. We'll email you once, when it's back."
            ),
            Subscribed::AlreadyWaiting => {
                format!("Already on the list: we'll email {email} once, when it's back.")
            }
        }
    }

    /// The no-JavaScript redirect's `alert` query value (see `redirect_note`).
    pub fn code(self) -> &'static str {
        match self {
            Subscribed::Confirmed => "confirmed",
            Subscribed::ConfirmationSent => "sent",
            Subscribed::AlreadyWaiting => "waiting",
        }
    }
}

/// The `alert` code a form posted without JavaScript comes back to the product page with.
pub const STOPPED: &str = "stopped";

/// What the product page says for an `alert` code in its address (fixed texts: nothing from
/// the address is shown).
pub fn redirect_note(code: &str) -> Option<&'static str> {
    Some(match code {
        "confirmed" => "You're on the list: we'll email you once, when it's back in stock.",
        "sent" => "Almost done: open the link we emailed you to confirm. We'll email you once, when it's back.",
        "waiting" => "Already on the list: we'll email you once, when it's back.",
        STOPPED => "Alert stopped: we won't email you about it.",
        "invalid-email" => "That doesn't look like an email address, as in name@example.com. Please try again.",
        "in-stock" => Refused::InStock.message(),
        "too-many" => Refused::TooMany.message(),
        "busy" => "Too many requests from here just now. Please try again in a few minutes.",
        _ => return None,
    })
}

/// Why an alert cannot be asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The variant can be bought now.
    InStock,
    /// No such variant, or it is not for sale.
    Unknown,
    /// The address holds `MAX_OPEN_PER_EMAIL` open alerts.
    TooMany,
}

impl Refused {
    pub fn message(self) -> &'static str {
        match self {
            Refused::InStock => "Good news: it's in stock now, so you can add it to your cart.",
            Refused::Unknown => "This product is no longer sold.",
            Refused::TooMany => {
                "That address already waits for 20 products. Stop an alert (the link is in its email) to add another."
            }
        }
    }
}

/// Whether an `alert` code says the request was refused (shown as an error).
pub fn is_refusal(code: &str) -> bool {
    matches!(code, "invalid-email" | "in-stock" | "too-many" | "busy")
}

/// Whether a new alert fits beside `open` others of the same address.
pub fn may_add(open: i64) -> bool {
    open < MAX_OPEN_PER_EMAIL
}

/// An alert, as its confirm and stop pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertView {
    pub product: String,
    /// "Black / M" (empty for a single-variant product).
    pub options: String,
    /// The product page with the variant chosen.
    pub link: String,
    pub email: String,
}

impl AlertView {
    /// "Trail Jacket (Black / M)".
    pub fn title(&self) -> String {
        if self.options.is_empty() {
            self.product.clone()
        } else {
            format!("{} ({})", self.product, self.options)
        }
    }
}

/// The product page of a variant: `/p/{slug}?variant={sku}`.
pub fn variant_link(slug: &str, sku: &str) -> String {
    let sku: String = form_urlencoded::byte_serialize(sku.as_bytes()).collect();
    format!("/p/{slug}?variant={sku}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_holds_at_most_twenty_open_alerts() {
        assert!(may_add(0));
        assert!(may_add(19));
        assert!(!may_add(20));
        assert!(!may_add(25));
    }

    #[test]
    fn every_redirect_code_has_a_note() {
        for s in [
            Subscribed::Confirmed,
            Subscribed::ConfirmationSent,
            Subscribed::AlreadyWaiting,
        ] {
            assert!(redirect_note(s.code()).is_some());
            assert!(s.message("a@b.co").contains("a@b.co"));
        }
        assert!(redirect_note(STOPPED).is_some());
        for refusal in ["invalid-email", "in-stock", "too-many", "busy"] {
            assert!(redirect_note(refusal).is_some() && is_refusal(refusal));
        }
        assert!(!is_refusal("sent"));
        assert_eq!(redirect_note("<script>"), None);
    }

    #[test]
    fn titles_name_the_variant() {
        let mut view = AlertView {
            product: "Trail Jacket".into(),
            options: "Black / M".into(),
            link: "/p/trail-jacket?variant=TJ-BLK-M".into(),
            email: "a@b.co".into(),
        };
        assert_eq!(view.title(), "Trail Jacket (Black / M)");
        view.options.clear();
        assert_eq!(view.title(), "Trail Jacket");
        assert_eq!(variant_link("x", "A B&C"), "/p/x?variant=A+B%26C");
    }
}
