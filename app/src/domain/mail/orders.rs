//! Order emails: the confirmation (lines with their pictures, totals, where it ships) and one
//! per later status (paid, shipped with its tracking number, delivered, cancelled, refunded).

use maud::html;

use super::layout::{self, Brand, MUTED};
use super::EmailContent;
use crate::domain::shipment::Shipment;

/// One line of an order as its emails show it (money already formatted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailLine {
    pub name: String,
    /// The variant's options ("Black / 2 TB"), or empty.
    pub options: String,
    pub quantity: u32,
    pub total: String,
    /// The product's first picture: a path on the site or an absolute address.
    pub picture: Option<String>,
}

/// What the "order received" email says.
#[derive(Clone, Debug)]
pub struct PlacedOrderMail<'a> {
    pub number: &'a str,
    pub lines: &'a [MailLine],
    /// ("Subtotal", "$10.00"), …, ("Total", …): the last one is shown in bold.
    pub totals: &'a [(&'a str, String)],
    /// The shipping address, one line each.
    pub ship_to: &'a [String],
    /// The shipping method's name ("Standard").
    pub method: &'a str,
    /// The order's page (with its private key for a guest).
    pub link: &'a str,
}

/// "Order received": sent when an order is placed.
pub fn order_placed(brand: &Brand<'_>, order: &PlacedOrderMail<'_>) -> EmailContent {
    let number = order.number;
    let mut text = format!("Thank you for your order {number}.\n\n");
    for line in order.lines {
        let options = if line.options.is_empty() {
            String::new()
        } else {
            format!(" ({})", line.options)
        };
        text.push_str(&format!(
            "{} × {}{options}  {}\n",
            line.quantity, line.name, line.total
        ));
    }
    text.push('\n');
    for (label, amount) in order.totals {
        text.push_str(&format!("{label}: {amount}\n"));
    }
    text.push_str(&format!(
        "\nShips to:\n{}\nBy {}.\n\nWe hold your items while you pay. See your order at any time:\n{}",
        order.ship_to.join("\n"),
        order.method,
        order.link
    ));
    let subject = format!("{}: order {number} received", brand.name);
    let last = order.totals.len().saturating_sub(1);
    let body = html! {
        p { "Thank you for your order " strong style="white-space:nowrap" { (number) } "." }
        table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse" {
            @for line in order.lines {
                tr {
                    td width="64" style="padding:8px 12px 8px 0;border-bottom:1px solid #e2e8f0;vertical-align:top" {
                        @if let Some(picture) = &line.picture {
                            img src=(brand.absolute(picture)) alt="" width="56" height="56"
                                style="display:block;width:56px;height:56px;object-fit:contain;border:1px solid #e2e8f0;border-radius:6px";
                        }
                    }
                    td style="padding:8px 0;border-bottom:1px solid #e2e8f0;vertical-align:top" {
                        (line.name)
                        @if !line.options.is_empty() {
                            br; span style={"font-size:13px;color:" (MUTED)} { (line.options) }
                        }
                        br; span style={"font-size:13px;color:" (MUTED)} { "Qty " (line.quantity) }
                    }
                    td align="right" style="padding:8px 0;border-bottom:1px solid #e2e8f0;vertical-align:top;white-space:nowrap" {
                        (line.total)
                    }
                }
            }
            @for (i, (label, amount)) in order.totals.iter().enumerate() {
                tr {
                    td {}
                    @if i == last {
                        td style="padding:8px 0 0;font-weight:700" { (label) }
                        td align="right" style="padding:8px 0 0;font-weight:700;white-space:nowrap" { (amount) }
                    } @else {
                        td style={"padding:4px 0 0;color:" (MUTED)} { (label) }
                        td align="right" style="padding:4px 0 0;white-space:nowrap" { (amount) }
                    }
                }
            }
        }
        p style="margin:20px 0 0" {
            strong { "Ships to" }
            @for line in order.ship_to { br; (line) }
            br; span style={"font-size:13px;color:" (MUTED)} { "By " (order.method) "." }
        }
        (layout::button("See your order", order.link))
        (layout::note("We hold your items while you pay; the order page shows where it stands."))
    };
    EmailContent {
        kind: "order-placed",
        text: layout::text(brand, &text),
        html: layout::page(brand, &subject, &format!("Order {number} received"), body),
        subject,
    }
}

/// A status change of an order (paid, shipped, delivered, cancelled, refunded): `lead` says
/// what it means; `shipment` is the parcel (carrier, tracking number and page) once shipped.
pub fn order_status(
    brand: &Brand<'_>,
    number: &str,
    status_label: &str,
    lead: &str,
    shipment: Option<&Shipment>,
    link: &str,
) -> EmailContent {
    let tracking = shipment.filter(|s| !s.tracking.is_empty());
    let tracking_line = tracking
        .map(|s| {
            let track = s
                .url
                .as_ref()
                .map(|url| format!("\nTrack your parcel: {url}"))
                .unwrap_or_default();
            format!(
                "\n\nShipped with {}, tracking number {}{track}",
                s.carrier, s.tracking
            )
        })
        .unwrap_or_default();
    let text = format!("Your order {number}: {status_label}.\n\n{lead}{tracking_line}\n\n{link}");
    let subject = format!(
        "{}: order {number} {}",
        brand.name,
        status_label.to_lowercase()
    );
    let body = html! {
        p { "Your order " strong style="white-space:nowrap" { (number) } ": " (status_label) "." }
        p { (lead) }
        @if let Some(s) = tracking {
            p {
                "Shipped with " (s.carrier) ", tracking number " strong { (s.tracking) }
                @if let Some(url) = &s.url {
                    " · " a href=(url) style="color:#3730a3;font-weight:600" { "Track your parcel" }
                }
            }
        }
        (layout::button("See your order", link))
    };
    EmailContent {
        kind: "order-status",
        text: layout::text(brand, &text),
        html: layout::page(brand, &subject, lead, body),
        subject,
    }
}
