//! Account emails: sign-up links, address confirmation, password resets and the notice of an
//! email change.

use maud::html;

use super::layout::{self, Brand};
use super::{with_link, EmailContent, LinkEmail};

/// "Confirm your email address", sent after an email change (a sign-up link confirms by itself).
pub fn verify_email(brand: &Brand<'_>, name: &str, token: &str) -> EmailContent {
    let store = brand.name;
    with_link(
        brand,
        LinkEmail {
            kind: "verify-email",
            name,
            subject: format!("Confirm your email address for {store}"),
            lead: &format!(
                "Please confirm that this is your email address for your {store} account."
            ),
            action: "Confirm email address",
            link: &format!("{}/account/verify?token={token}", brand.site_url),
            footnote: "The link works once, for 48 hours. If you did not create an account, ignore this email.",
        },
    )
}

/// "Finish creating your account", sent when someone asks for an account for an address that
/// has none. The name and password are chosen on the linked page.
/// `next`: where the finished sign-up leads (a path checked by `account::safe_next`).
pub fn finish_sign_up(brand: &Brand<'_>, token: &str, next: Option<&str>) -> EmailContent {
    let store = brand.name;
    let next = match crate::domain::account::next_query(next).strip_prefix('?') {
        Some(query) => format!("&{query}"),
        None => String::new(),
    };
    with_link(
        brand,
        LinkEmail {
            kind: "finish-sign-up",
            name: "",
            subject: format!("Finish creating your {store} account"),
            lead: &format!(
                "Someone (hopefully you) asked to create a {store} account with this email address."
            ),
            action: "Create your account",
            link: &format!(
                "{}/account/finish-sign-up?token={token}{next}",
                brand.site_url
            ),
            footnote: "The link works once, for 24 hours. If you did not ask for an account, \
             ignore this email: nothing is created without it.",
        },
    )
}

/// Sent instead of a sign-up link when the address already has an account: the sign-up form
/// answers the same for every address, and only the mailbox's owner learns which it was.
pub fn account_exists(brand: &Brand<'_>, name: &str, next: Option<&str>) -> EmailContent {
    let (store, site_url) = (brand.name, brand.site_url);
    let next = crate::domain::account::next_query(next);
    with_link(
        brand,
        LinkEmail {
            kind: "account-exists",
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
        },
    )
}

/// "Reset your password", sent when someone asks for a reset link for an existing account.
pub fn password_reset(brand: &Brand<'_>, name: &str, token: &str) -> EmailContent {
    let store = brand.name;
    with_link(
        brand,
        LinkEmail {
            kind: "password-reset",
            name,
            subject: format!("Reset your {store} password"),
            lead: "Someone (hopefully you) asked to reset the password of your account.",
            action: "Choose a new password",
            link: &format!("{}/account/reset?token={token}", brand.site_url),
            footnote:
                "The link works once, for 30 minutes. Resetting signs you out everywhere else. \
             If you did not ask for this, ignore this email: your password stays as it is.",
        },
    )
}

/// Sent to the old address when an account's email changes, so a hijack does not go unseen.
pub fn email_changed(brand: &Brand<'_>, name: &str, new_email: &str) -> EmailContent {
    let store = brand.name;
    let hello = layout::greeting(name);
    let lead = format!(
        "The email address of your {store} account was changed to {new_email}. \
         If you did not do this, reset your password and contact us."
    );
    let link = format!("{}/account/forgot-password", brand.site_url);
    let subject = format!("Your {store} email address was changed");
    let body = html! {
        p { (hello) }
        p { (lead) }
        (layout::button("Reset your password", &link))
    };
    EmailContent {
        kind: "email-changed",
        text: layout::text(
            brand,
            &format!("{hello}\n\n{lead}\n\nReset your password: {link}"),
        ),
        html: layout::page(brand, &subject, &lead, body),
        subject,
    }
}
