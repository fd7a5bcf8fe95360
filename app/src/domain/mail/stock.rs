//! Stock emails: the admins' low-stock alert and the shoppers' back-in-stock alerts.

use maud::html;

use super::layout::{self, Brand};
use super::{with_link, EmailContent, LinkEmail};

/// To admins: a variant's stock dropped to or below its threshold.
pub fn low_stock(
    brand: &Brand<'_>,
    sku: &str,
    product: &str,
    level: i32,
    threshold: i32,
) -> EmailContent {
    let store = brand.name;
    let link = format!("{}/admin/inventory?sku={sku}", brand.site_url);
    let lead = format!("{product} ({sku}) is low on stock: {level} left (threshold {threshold}).");
    let subject = format!("{store}: low stock on {sku} ({level} left)");
    let body = html! {
        p { strong { (product) } " (" (sku) ") is low on stock: " (level) " left (threshold " (threshold) ")." }
        (layout::button("Adjust its stock", &link))
    };
    EmailContent {
        kind: "low-stock",
        text: layout::text(brand, &format!("{lead}\n\n{link}")),
        html: layout::page(brand, &subject, &lead, body),
        subject,
    }
}

/// "Confirm your back-in-stock alert", sent to a guest who asked for one (nothing else is
/// sent to the address until the link is followed).
pub fn stock_alert_confirm(brand: &Brand<'_>, title: &str, token: &str) -> EmailContent {
    with_link(
        brand,
        LinkEmail {
            kind: "stock-alert-confirm",
            name: "",
            subject: format!("Confirm your alert for {title}"),
            lead: &format!(
                "You asked {} to email you when {title} is back in stock. Please confirm that this is your address.",
                brand.name
            ),
            action: "Confirm the alert",
            link: &format!("{}/alerts/confirm?token={token}", brand.site_url),
            footnote: "If you did not ask for this, ignore this email: nothing more will be sent.",
        },
    )
}

/// "You're on the list", sent when a signed-in shopper's alert is confirmed at once; carries
/// the link that stops it.
pub fn stock_alert_listed(brand: &Brand<'_>, title: &str, token: &str) -> EmailContent {
    with_link(
        brand,
        LinkEmail {
            kind: "stock-alert-listed",
            name: "",
            subject: format!("We'll tell you when {title} is back"),
            lead: &format!(
                "You're on the list: we'll email you once, when {title} is back in stock."
            ),
            action: "Stop this alert",
            link: &format!("{}/alerts/stop?token={token}", brand.site_url),
            footnote: "Changed your mind? The link above stops the alert.",
        },
    )
}

/// "Back in stock", sent once per alert when its variant can be bought again (`link`: the
/// variant's path on the site). The alert ends.
pub fn back_in_stock(brand: &Brand<'_>, title: &str, link: &str) -> EmailContent {
    with_link(
        brand,
        LinkEmail {
            kind: "back-in-stock",
            name: "",
            subject: format!("Back in stock: {title}"),
            lead: &format!(
                "Good news: {title} is back in stock at {}. Stock is limited.",
                brand.name
            ),
            action: "See it in the store",
            link: &brand.absolute(link),
            footnote:
                "This alert has now ended: ask again on the product page to hear about a later restock.",
        },
    )
}
