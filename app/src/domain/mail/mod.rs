//! The emails the store sends, as plain data (subject, text part, HTML part), and the outbox's
//! retry schedule. Rendering is pure so it can be tested without a mail server. Every email is
//! drawn in one branded layout (`layout`: the store's logo, name and support address from
//! its settings) whose HTML is built with maud, so every value is escaped by construction.

mod account;
mod layout;
mod orders;
mod stock;

pub use account::{account_exists, email_changed, finish_sign_up, password_reset, verify_email};
pub use layout::Brand;
pub use orders::{order_placed, order_status, MailLine, PlacedOrderMail};
pub use stock::{back_in_stock, low_stock, stock_alert_confirm, stock_alert_listed};

use maud::html;

/// A rendered email, ready to be queued in the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailContent {
    /// What the outbox records the message as (`verify-email`, `password-reset`, ...).
    pub kind: &'static str,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// How long an emailed link works.
pub const VERIFY_EMAIL_TTL_SECS: i64 = 48 * 3600;
pub const PASSWORD_RESET_TTL_SECS: i64 = 30 * 60;
pub const SIGN_UP_TTL_SECS: i64 = 24 * 3600;
/// Order emails (confirmations, status changes) an unverified address — every guest's — may
/// receive per hour: a guest checkout must not turn the store into a mail cannon aimed at
/// someone else's inbox. Past it the order is placed and shown as usual, without the email.
pub const MAX_GUEST_ORDER_MAILS_PER_HOUR: i64 = 5;

/// Escapes text for HTML element content and double-quoted attribute values (the few plain
/// pages the server writes without a template: the dev mailbox, the payment fakes' pages).
pub fn escape_html(text: &str) -> String {
    html! { (text) }.into_string()
}

/// The words of an email built around one call-to-action link.
pub(crate) struct LinkEmail<'a> {
    pub kind: &'static str,
    /// Who it greets ("" greets no one by name).
    pub name: &'a str,
    pub subject: String,
    pub lead: &'a str,
    pub action: &'a str,
    pub link: &'a str,
    pub footnote: &'a str,
}

/// Text and HTML parts around one call-to-action link.
pub(crate) fn with_link(brand: &Brand<'_>, e: LinkEmail<'_>) -> EmailContent {
    let hello = layout::greeting(e.name);
    let text = layout::text(
        brand,
        &format!(
            "{hello}\n\n{}\n\n{}:\n{}\n\n{}",
            e.lead, e.action, e.link, e.footnote
        ),
    );
    let body = html! {
        p { (hello) }
        p { (e.lead) }
        (layout::button(e.action, e.link))
        p style={"font-size:13px;color:" (layout::MUTED) ";word-break:break-all"} {
            "Or paste this address into your browser:" br; (e.link)
        }
        (layout::note(e.footnote))
    };
    EmailContent {
        kind: e.kind,
        html: layout::page(brand, &e.subject, e.lead, body),
        subject: e.subject,
        text,
    }
}

/// Attempts before a message is recorded as failed.
pub const MAX_SEND_ATTEMPTS: i32 = 8;

/// Seconds to wait before the next attempt after `attempts` failed ones: 30 s doubling, at
/// most one hour (30 s, 1 min, 2 min, ... about 1.5 hours in all over 8 attempts).
pub fn retry_delay_secs(attempts: i32) -> i64 {
    let exponent = attempts.clamp(1, 8) - 1;
    (30_i64 << exponent).min(3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHOP: Brand<'static> = Brand {
        name: "Oxcart",
        site_url: "https://shop.example",
        logo: None,
        support_email: Some("help@shop.example"),
    };

    #[test]
    fn links_are_absolute_and_in_both_parts() {
        let mail = password_reset(&SHOP, "Ada", "abc123");
        let link = "https://shop.example/account/reset?token=abc123";
        assert!(mail.text.contains(link));
        assert!(mail.html.contains(&format!("href=\"{link}\"")));
        assert_eq!(mail.kind, "password-reset");
        assert!(mail.text.starts_with("Hello Ada,"));
    }

    #[test]
    fn every_email_wears_the_stores_layout_and_support_line() {
        let logo = Brand {
            logo: Some("/logo.png"),
            ..SHOP
        };
        for mail in [
            password_reset(&SHOP, "Ada", "t"),
            low_stock(&SHOP, "SKU-1", "Mouse", 2, 5),
            order_status(&SHOP, "OX-1", "Paid", "Thanks.", None, "https://x"),
            back_in_stock(&logo, "Mouse", "/p/mouse"),
        ] {
            assert!(mail.html.starts_with("<!DOCTYPE html>"), "{}", mail.kind);
            assert!(mail.html.contains("href=\"mailto:help@shop.example\""));
            assert!(mail.text.contains("Questions? Write to help@shop.example"));
            assert!(mail.text.ends_with("— Oxcart\nhttps://shop.example\n"));
        }
        let mail = back_in_stock(&logo, "Mouse", "/p/mouse");
        assert!(mail
            .html
            .contains("src=\"https://shop.example/logo.png\" alt=\"Oxcart\""));
        assert!(mail.text.contains("https://shop.example/p/mouse"));
        let absolute = Brand {
            logo: Some("https://cdn.example/l.svg"),
            support_email: None,
            ..SHOP
        };
        let nobody = verify_email(&absolute, "", "t");
        assert!(nobody
            .text
            .contains("Questions? Visit https://shop.example and we will help."));
        assert!(!nobody.html.contains("mailto:"));
        assert!(verify_email(&absolute, "", "t")
            .html
            .contains("src=\"https://cdn.example/l.svg\""));
    }

    #[test]
    fn sign_up_answers_link_to_the_finish_page_or_to_sign_in() {
        let finish = finish_sign_up(&SHOP, "abc", None);
        assert_eq!(finish.kind, "finish-sign-up");
        assert!(finish
            .text
            .contains("https://shop.example/account/finish-sign-up?token=abc"));
        let exists = account_exists(&SHOP, "Ada", None);
        assert_eq!(exists.kind, "account-exists");
        assert!(exists.text.starts_with("Hello Ada,"));
        assert!(exists.text.contains("https://shop.example/account/sign-in"));
        assert!(exists
            .text
            .contains("https://shop.example/account/forgot-password"));
        assert!(!exists.text.contains("token="));
    }

    #[test]
    fn stock_alert_emails_link_to_their_pages() {
        let confirm = stock_alert_confirm(&SHOP, "<Jacket> (M)", "tok");
        assert_eq!(confirm.kind, "stock-alert-confirm");
        assert!(confirm
            .text
            .contains("https://shop.example/alerts/confirm?token=tok"));
        assert!(confirm.html.contains("&lt;Jacket&gt; (M)"));
        assert!(!confirm.html.contains("<Jacket>"));
        let listed = stock_alert_listed(&SHOP, "Jacket", "tok");
        assert!(listed
            .text
            .contains("https://shop.example/alerts/stop?token=tok"));
        let back = back_in_stock(&SHOP, "Jacket", "/p/jacket?variant=J-M");
        assert_eq!(back.subject, "Back in stock: Jacket");
        assert!(back
            .text
            .contains("https://shop.example/p/jacket?variant=J-M"));
        assert!(!back.text.contains("token="));
    }

    #[test]
    fn names_are_escaped_in_html_only() {
        let mail = verify_email(&SHOP, "<b>Eve</b>", "t");
        assert!(mail.html.contains("Hello &lt;b&gt;Eve&lt;/b&gt;,"));
        assert!(!mail.html.contains("<b>Eve"));
        assert!(mail.text.contains("Hello <b>Eve</b>,"));
        let evil = Brand {
            name: "\"><script>x</script>",
            ..SHOP
        };
        let mail = low_stock(&evil, "S\"1", "<img src=x>", 1, 2);
        assert!(!mail.html.contains("<script>"));
        assert!(!mail.html.contains("<img src=x>"));
        assert!(!mail.html.contains("S\"1"));
    }

    #[test]
    fn nameless_accounts_get_a_plain_greeting() {
        let mail = email_changed(&SHOP, "  ", "new@example.com");
        assert!(mail.text.starts_with("Hello,\n"));
        assert!(mail.text.contains("new@example.com"));
    }

    #[test]
    fn order_emails_list_lines_with_pictures_totals_and_address() {
        let lines = [
            MailLine {
                name: "<Mouse>".into(),
                options: "Black".into(),
                quantity: 2,
                total: "$20.00".into(),
                picture: Some("/media/uploads/1/m-200w.jpg".into()),
            },
            MailLine {
                name: "Pad".into(),
                options: String::new(),
                quantity: 1,
                total: "$5.00".into(),
                picture: None,
            },
        ];
        let totals = [
            ("Subtotal", "$25.00".to_string()),
            ("Total", "$26.65".to_string()),
        ];
        let ship_to = ["Grace Hopper".to_string(), "1 Harbor Way".to_string()];
        let mail = order_placed(
            &SHOP,
            &PlacedOrderMail {
                number: "OX-AAAA-BBBB",
                lines: &lines,
                totals: &totals,
                ship_to: &ship_to,
                method: "Standard",
                link: "https://shop.example/orders/OX-AAAA-BBBB?key=k",
            },
        );
        assert!(mail.text.contains("2 × <Mouse> (Black)  $20.00"));
        assert!(mail.text.contains("1 × Pad  $5.00"));
        assert!(mail.html.contains("&lt;Mouse&gt;"));
        assert!(mail
            .html
            .contains("src=\"https://shop.example/media/uploads/1/m-200w.jpg\""));
        assert!(mail.text.contains("Total: $26.65"));
        assert!(mail
            .text
            .contains("Ships to:\nGrace Hopper\n1 Harbor Way\nBy Standard."));
        assert!(mail.html.contains("1 Harbor Way"));
        assert!(mail
            .html
            .contains("href=\"https://shop.example/orders/OX-AAAA-BBBB?key=k\""));
        let status = order_status(
            &SHOP,
            "OX-AAAA-BBBB",
            "Shipped",
            "On its way.",
            crate::domain::shipment::Shipment::of(Some("UPS"), Some("1Z999")).as_ref(),
            "https://shop.example/orders/OX-AAAA-BBBB",
        );
        assert_eq!(status.subject, "Oxcart: order OX-AAAA-BBBB shipped");
        assert!(status
            .text
            .contains("Shipped with UPS, tracking number 1Z999"));
        assert!(status
            .text
            .contains("Track your parcel: https://www.ups.com/track?tracknum=1Z999"));
        assert!(status
            .html
            .contains("href=\"https://www.ups.com/track?tracknum=1Z999\""));
        let paid = order_status(&SHOP, "OX-1", "Paid", "Thanks.", None, "https://x");
        assert!(!paid.text.contains("Tracking"));
    }

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        assert_eq!(retry_delay_secs(1), 30);
        assert_eq!(retry_delay_secs(2), 60);
        assert_eq!(retry_delay_secs(3), 120);
        assert_eq!(retry_delay_secs(7), 1920);
        assert_eq!(retry_delay_secs(8), 3600);
        assert_eq!(retry_delay_secs(50), 3600);
    }
}
