//! The emails the store sends, as plain data (subject, text part, HTML part), and the outbox's
//! retry schedule. Rendering is pure so it can be tested without a mail server.

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

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn greeting(name: &str) -> String {
    if name.trim().is_empty() {
        "Hello,".to_string()
    } else {
        format!("Hello {},", name.trim())
    }
}

/// The words of an email built around one call-to-action link.
struct LinkEmail<'a> {
    kind: &'static str,
    store: &'a str,
    name: &'a str,
    subject: String,
    lead: &'a str,
    action: &'a str,
    link: &'a str,
    footnote: &'a str,
}

/// Text and HTML parts around one call-to-action link.
fn with_link(e: LinkEmail<'_>) -> EmailContent {
    let LinkEmail {
        kind,
        store,
        name,
        subject,
        lead,
        action,
        link,
        footnote,
    } = e;
    let hello = greeting(name);
    let text = format!("{hello}\n\n{lead}\n\n{action}:\n{link}\n\n{footnote}\n\n— {store}\n");
    let html = format!(
        "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;color:#0f172a;line-height:1.5\">\
         <p>{hello}</p><p>{lead}</p>\
         <p><a href=\"{link}\" style=\"display:inline-block;background:#4338ca;color:#ffffff;padding:10px 18px;border-radius:8px;text-decoration:none;font-weight:600\">{action}</a></p>\
         <p style=\"font-size:13px;color:#475569\">Or paste this address into your browser:<br>{link}</p>\
         <p style=\"font-size:13px;color:#475569\">{footnote}</p><p>— {store}</p></body></html>",
        hello = escape_html(&hello),
        lead = escape_html(lead),
        action = escape_html(action),
        link = escape_html(link),
        footnote = escape_html(footnote),
        store = escape_html(store),
    );
    EmailContent {
        kind,
        subject,
        text,
        html,
    }
}

/// "Confirm your email address", sent after an email change (a sign-up link confirms by itself).
pub fn verify_email(store: &str, site_url: &str, name: &str, token: &str) -> EmailContent {
    with_link(LinkEmail {
        kind: "verify-email",
        store,
        name,
        subject: format!("Confirm your email address for {store}"),
        lead: &format!("Please confirm that this is your email address for your {store} account."),
        action: "Confirm email address",
        link: &format!("{site_url}/account/verify?token={token}"),
        footnote: "The link works once, for 48 hours. If you did not create an account, ignore this email.",
    })
}

/// "Finish creating your account", sent when someone asks for an account for an address that
/// has none. The name and password are chosen on the linked page.
/// `next`: where the finished sign-up leads (a path checked by `account::safe_next`).
pub fn finish_sign_up(
    store: &str,
    site_url: &str,
    token: &str,
    next: Option<&str>,
) -> EmailContent {
    let next = match super::account::next_query(next).strip_prefix('?') {
        Some(query) => format!("&{query}"),
        None => String::new(),
    };
    with_link(LinkEmail {
        kind: "finish-sign-up",
        store,
        name: "",
        subject: format!("Finish creating your {store} account"),
        lead: &format!(
            "Someone (hopefully you) asked to create a {store} account with this email address."
        ),
        action: "Create your account",
        link: &format!("{site_url}/account/finish-sign-up?token={token}{next}"),
        footnote: "The link works once, for 24 hours. If you did not ask for an account, \
         ignore this email: nothing is created without it.",
    })
}

/// Sent instead of a sign-up link when the address already has an account: the sign-up form
/// answers the same for every address, and only the mailbox's owner learns which it was.
pub fn account_exists(store: &str, site_url: &str, name: &str, next: Option<&str>) -> EmailContent {
    let next = super::account::next_query(next);
    with_link(LinkEmail {
        kind: "account-exists",
        store,
        name,
        subject: format!("You already have a {store} account"),
        lead: &format!(
            "Someone (hopefully you) asked to create a {store} account with this email \
             address, but it already has one. Sign in with it instead."
        ),
        action: "Sign in",
        link: &format!("{site_url}/account/sign-in{next}"),
        footnote: &format!(
            "Forgot your password? Ask for a new one at {site_url}/account/forgot-password \
             — if you did not ask for any of this, ignore this email: nothing has changed."
        ),
    })
}

/// "Reset your password", sent when someone asks for a reset link for an existing account.
pub fn password_reset(store: &str, site_url: &str, name: &str, token: &str) -> EmailContent {
    with_link(LinkEmail {
        kind: "password-reset",
        store,
        name,
        subject: format!("Reset your {store} password"),
        lead: "Someone (hopefully you) asked to reset the password of your account.",
        action: "Choose a new password",
        link: &format!("{site_url}/account/reset?token={token}"),
        footnote: "The link works once, for 30 minutes. Resetting signs you out everywhere else. \
         If you did not ask for this, ignore this email: your password stays as it is.",
    })
}

/// Sent to the old address when an account's email changes, so a hijack does not go unseen.
pub fn email_changed(store: &str, site_url: &str, name: &str, new_email: &str) -> EmailContent {
    let hello = greeting(name);
    let lead = format!(
        "The email address of your {store} account was changed to {new_email}. \
         If you did not do this, reset your password and contact us."
    );
    let link = format!("{site_url}/account/forgot-password");
    EmailContent {
        kind: "email-changed",
        subject: format!("Your {store} email address was changed"),
        text: format!("{hello}\n\n{lead}\n\nReset your password: {link}\n\n— {store}\n"),
        html: format!(
            "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;color:#0f172a;line-height:1.5\">\
             <p>{}</p><p>{}</p><p><a href=\"{}\">Reset your password</a></p><p>— {}</p></body></html>",
            escape_html(&hello),
            escape_html(&lead),
            escape_html(&link),
            escape_html(store)
        ),
    }
}

/// "Order received": sent when an order is placed, with its lines, totals and its private link.
pub fn order_placed(
    store: &str,
    number: &str,
    lines: &[(String, u32, String)],
    totals: &[(&str, String)],
    link: &str,
) -> EmailContent {
    let mut text = format!("Thank you for your order {number}.\n\n");
    for (name, quantity, total) in lines {
        text.push_str(&format!("{quantity} × {name}  {total}\n"));
    }
    text.push('\n');
    for (label, amount) in totals {
        text.push_str(&format!("{label}: {amount}\n"));
    }
    text.push_str(&format!(
        "\nWe hold your items while you pay. See your order at any time:\n{link}\n\n— {store}\n"
    ));
    let rows: String = lines
        .iter()
        .map(|(name, quantity, total)| {
            format!(
                "<tr><td>{quantity} × {}</td><td style=\"text-align:right\">{}</td></tr>",
                escape_html(name),
                escape_html(total)
            )
        })
        .collect();
    let sums: String = totals
        .iter()
        .map(|(label, amount)| {
            format!(
                "<tr><td>{}</td><td style=\"text-align:right\">{}</td></tr>",
                escape_html(label),
                escape_html(amount)
            )
        })
        .collect();
    let html = format!(
        "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;color:#0f172a;line-height:1.5\">\
         <p>Thank you for your order <strong>{number}</strong>.</p>\
         <table style=\"border-collapse:collapse;min-width:280px\">{rows}{sums}</table>\
         <p><a href=\"{link}\">See your order</a></p><p>— {store}</p></body></html>",
        number = escape_html(number),
        link = escape_html(link),
        store = escape_html(store),
    );
    EmailContent {
        kind: "order-placed",
        subject: format!("{store}: order {number} received"),
        text,
        html,
    }
}

/// A status change of an order (paid, shipped, delivered, cancelled, refunded).
pub fn order_status(
    store: &str,
    number: &str,
    status_label: &str,
    lead: &str,
    link: &str,
) -> EmailContent {
    let text = format!("Your order {number}: {status_label}.\n\n{lead}\n\n{link}\n\n— {store}\n");
    let html = format!(
        "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;color:#0f172a;line-height:1.5\">\
         <p>Your order <strong>{number}</strong>: {status}.</p><p>{lead}</p>\
         <p><a href=\"{link}\">See your order</a></p><p>— {store}</p></body></html>",
        number = escape_html(number),
        status = escape_html(status_label),
        lead = escape_html(lead),
        link = escape_html(link),
        store = escape_html(store),
    );
    EmailContent {
        kind: "order-status",
        subject: format!("{store}: order {number} {}", status_label.to_lowercase()),
        text,
        html,
    }
}

/// Attempts before a message is recorded as failed.
pub const MAX_SEND_ATTEMPTS: i32 = 8;

/// To admins: a variant's stock dropped to or below its threshold.
pub fn low_stock(
    store: &str,
    site_url: &str,
    sku: &str,
    product: &str,
    level: i32,
    threshold: i32,
) -> EmailContent {
    let link = format!("{site_url}/admin/inventory?sku={sku}");
    let text = format!(
        "{product} ({sku}) is low on stock: {level} left (threshold {threshold}).\n\n{link}\n\n— {store}\n"
    );
    let html = format!(
        "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;color:#0f172a;line-height:1.5\">\
         <p><strong>{product}</strong> ({sku}) is low on stock: {level} left (threshold {threshold}).</p>\
         <p><a href=\"{link}\">Adjust its stock</a></p><p>— {store}</p></body></html>",
        product = escape_html(product),
        sku = escape_html(sku),
        link = escape_html(&link),
        store = escape_html(store),
    );
    EmailContent {
        kind: "low-stock",
        subject: format!("{store}: low stock on {sku} ({level} left)"),
        text,
        html,
    }
}

/// "Confirm your back-in-stock alert", sent to a guest who asked for one (nothing else is
/// sent to the address until the link is followed).
pub fn stock_alert_confirm(store: &str, site_url: &str, title: &str, token: &str) -> EmailContent {
    with_link(LinkEmail {
        kind: "stock-alert-confirm",
        store,
        name: "",
        subject: format!("Confirm your alert for {title}"),
        lead: &format!(
            "You asked {store} to email you when {title} is back in stock. Please confirm that this is your address."
        ),
        action: "Confirm the alert",
        link: &format!("{site_url}/alerts/confirm?token={token}"),
        footnote: "If you did not ask for this, ignore this email: nothing more will be sent.",
    })
}

/// "You're on the list", sent when a signed-in shopper's alert is confirmed at once; carries
/// the link that stops it.
pub fn stock_alert_listed(store: &str, site_url: &str, title: &str, token: &str) -> EmailContent {
    with_link(LinkEmail {
        kind: "stock-alert-listed",
        store,
        name: "",
        subject: format!("We'll tell you when {title} is back"),
        lead: &format!("You're on the list: we'll email you once, when {title} is back in stock."),
        action: "Stop this alert",
        link: &format!("{site_url}/alerts/stop?token={token}"),
        footnote: "Changed your mind? The link above stops the alert.",
    })
}

/// "Back in stock", sent once per alert when its variant can be bought again. The alert ends.
pub fn back_in_stock(store: &str, site_url: &str, title: &str, link: &str) -> EmailContent {
    with_link(LinkEmail {
        kind: "back-in-stock",
        store,
        name: "",
        subject: format!("Back in stock: {title}"),
        lead: &format!("Good news: {title} is back in stock at {store}. Stock is limited."),
        action: "See it in the store",
        link: &format!("{site_url}{link}"),
        footnote:
            "This alert has now ended: ask again on the product page to hear about a later restock.",
    })
}

/// Seconds to wait before the next attempt after `attempts` failed ones: 30 s doubling, at
/// most one hour (30 s, 1 min, 2 min, ... about 1.5 hours in all over 8 attempts).
pub fn retry_delay_secs(attempts: i32) -> i64 {
    let exponent = attempts.clamp(1, 8) - 1;
    (30_i64 << exponent).min(3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_absolute_and_in_both_parts() {
        let mail = password_reset("Oxcart", "https://shop.example", "Ada", "abc123");
        let link = "https://shop.example/account/reset?token=abc123";
        assert!(mail.text.contains(link));
        assert!(mail.html.contains(&format!("href=\"{link}\"")));
        assert_eq!(mail.kind, "password-reset");
        assert!(mail.text.starts_with("Hello Ada,"));
    }

    #[test]
    fn sign_up_answers_link_to_the_finish_page_or_to_sign_in() {
        let finish = finish_sign_up("Oxcart", "https://shop.example", "abc", None);
        assert_eq!(finish.kind, "finish-sign-up");
        assert!(finish
            .text
            .contains("https://shop.example/account/finish-sign-up?token=abc"));
        let exists = account_exists("Oxcart", "https://shop.example", "Ada", None);
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
        let site = "https://s.example";
        let confirm = stock_alert_confirm("Oxcart", site, "<Jacket> (M)", "tok");
        assert_eq!(confirm.kind, "stock-alert-confirm");
        assert!(confirm
            .text
            .contains("https://s.example/alerts/confirm?token=tok"));
        assert!(confirm.html.contains("&lt;Jacket&gt; (M)"));
        let listed = stock_alert_listed("Oxcart", site, "Jacket", "tok");
        assert!(listed
            .text
            .contains("https://s.example/alerts/stop?token=tok"));
        let back = back_in_stock("Oxcart", site, "Jacket", "/p/jacket?variant=J-M");
        assert_eq!(back.subject, "Back in stock: Jacket");
        assert!(back.text.contains("https://s.example/p/jacket?variant=J-M"));
        assert!(!back.text.contains("token="));
    }

    #[test]
    fn names_are_escaped_in_html_only() {
        let mail = verify_email("Oxcart", "https://s.example", "<b>Eve</b>", "t");
        assert!(mail.html.contains("Hello &lt;b&gt;Eve&lt;/b&gt;,"));
        assert!(!mail.html.contains("<b>Eve"));
        assert!(mail.text.contains("Hello <b>Eve</b>,"));
    }

    #[test]
    fn nameless_accounts_get_a_plain_greeting() {
        let mail = email_changed("Oxcart", "https://s.example", "  ", "new@example.com");
        assert!(mail.text.starts_with("Hello,\n"));
        assert!(mail.text.contains("new@example.com"));
    }

    #[test]
    fn order_emails_list_lines_and_escape_names() {
        let mail = order_placed(
            "Oxcart",
            "OX-AAAA-BBBB",
            &[("<Mouse>".into(), 2, "$20.00".into())],
            &[("Total", "$21.65".into())],
            "https://s.example/orders/OX-AAAA-BBBB?key=k",
        );
        assert!(mail.text.contains("2 × <Mouse>  $20.00"));
        assert!(mail.html.contains("2 × &lt;Mouse&gt;"));
        assert!(mail.text.contains("Total: $21.65"));
        assert!(mail
            .html
            .contains("href=\"https://s.example/orders/OX-AAAA-BBBB?key=k\""));
        let status = order_status(
            "Oxcart",
            "OX-AAAA-BBBB",
            "Shipped",
            "On its way.",
            "https://s.example/orders/OX-AAAA-BBBB",
        );
        assert_eq!(status.subject, "Oxcart: order OX-AAAA-BBBB shipped");
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
