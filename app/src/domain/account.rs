//! Account rules: email addresses, the password policy, roles, and session lifetimes.

use serde::{Deserialize, Serialize};

/// Longest email address accepted (RFC 5321 path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 128;
pub const MAX_NAME_CHARS: usize = 100;

/// A normalised email address: trimmed, lower-cased, one `@`, a dotted domain.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// Parses what a person typed; the error is a message to show next to the field.
    pub fn parse(raw: &str) -> Result<Email, &'static str> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err("Enter your email address.");
        }
        if email.chars().count() > MAX_EMAIL_CHARS {
            return Err("That email address is too long.");
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err("An email address needs an @, as in name@example.com.");
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"@".contains(c));
        if !local_ok || !domain_ok {
            return Err("That doesn't look like an email address, as in name@example.com.");
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks a new password: 10 to 128 characters and not in the list of common passwords
/// (`is_common` is asked with the lower-cased password). The error is shown next to the field.
pub fn check_new_password(
    password: &str,
    is_common: impl Fn(&str) -> bool,
) -> Result<(), &'static str> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err("Use at least 10 characters.");
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err("Use at most 128 characters.");
    }
    if is_common(&password.to_lowercase()) {
        return Err("That password is too common; choose another.");
    }
    Ok(())
}

/// Where to go after signing in (or finishing a sign-up): `next` when it is a path on this
/// site, None otherwise. Only same-origin paths pass: no scheme, no `//host` or `/\host`
/// (which browsers read as another site), no control characters or spaces, and not the
/// sign-in page itself.
pub fn safe_next(raw: &str) -> Option<&str> {
    let bytes = raw.as_bytes();
    let path_only = bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && !raw.contains('\\')
        && !raw.chars().any(|c| c.is_control() || c.is_whitespace());
    let loops = raw == "/account/sign-in" || raw.starts_with("/account/sign-in?");
    (path_only && !loops && raw.len() <= 512).then_some(raw)
}

/// `?next=...` for a link to the sign-in or sign-up page, or nothing without a safe `next`.
pub fn next_query(next: Option<&str>) -> String {
    match next.and_then(safe_next) {
        Some(next) => {
            let query = form_urlencoded::Serializer::new(String::new())
                .append_pair("next", next)
                .finish();
            format!("?{query}")
        }
        None => String::new(),
    }
}

/// A display name: trimmed, at most 100 characters, may be empty.
pub fn parse_name(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim();
    if name.chars().count() > MAX_NAME_CHARS {
        return Err("Use at most 100 characters.");
    }
    if name.chars().any(char::is_control) {
        return Err("Remove the special characters.");
    }
    Ok(name.to_string())
}

/// What an account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Customer,
    Seller,
    Admin,
}

impl Role {
    pub fn parse(value: &str) -> Option<Role> {
        match value {
            "customer" => Some(Role::Customer),
            "seller" => Some(Role::Seller),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Seller => "seller",
            Role::Admin => "admin",
        }
    }

    fn rank(self) -> u8 {
        match self {
            Role::Customer => 0,
            Role::Seller => 1,
            Role::Admin => 2,
        }
    }

    /// Whether this role may do what `needed` may: admins can do what sellers can, sellers what
    /// customers can.
    pub fn at_least(self, needed: Role) -> bool {
        self.rank() >= needed.rank()
    }

    /// Whether the role may open the dashboard (catalog, inventory, orders).
    pub fn can_use_dashboard(self) -> bool {
        self.at_least(Role::Seller)
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Customer => "Customer",
            Role::Seller => "Seller",
            Role::Admin => "Admin",
        }
    }
}

/// A signed-in browser, as the account's security page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: i64,
    /// "Firefox on Linux", from the browser's User-Agent.
    pub device: String,
    pub signed_in_at: String,
    pub last_seen_at: String,
    /// The session of the browser asking.
    pub current: bool,
}

/// A short description of a browser from its User-Agent header.
pub fn describe_user_agent(user_agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .into_iter()
    .find(|(needle, _)| user_agent.contains(needle))
    .map(|(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(needle, _)| user_agent.contains(needle))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(b), None) => b.to_string(),
        (None, Some(s)) => format!("A browser on {s}"),
        (None, None) => "Unknown browser".to_string(),
    }
}

/// How long sessions live, in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused for this long has expired.
    pub idle_secs: i64,
    /// A session older than this has expired, however active.
    pub absolute_secs: i64,
}

impl SessionPolicy {
    /// Whether a session created at `created` and last used at `last_seen` is still valid at
    /// `now` (all Unix seconds).
    pub fn is_live(&self, created: i64, last_seen: i64, now: i64) -> bool {
        now - last_seen < self.idle_secs && now - created < self.absolute_secs
    }
}

/// The signed-in account, as the UI sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub email_verified: bool,
}

#[cfg(test)]
mod tests {

    #[test]
    fn only_paths_on_this_site_are_followed_after_signing_in() {
        for good in ["/checkout", "/account/orders?page=2", "/p/ssd#specs", "/"] {
            assert_eq!(safe_next(good), Some(good));
        }
        for bad in [
            "",
            "checkout",
            "https://evil.example/",
            "//evil.example/x",
            "/\\evil.example",
            "/\\/evil.example",
            "/a\\b",
            "javascript:alert(1)",
            "/a b",
            "/a\tb",
            "/\n/evil.example",
            "/account/sign-in",
            "/account/sign-in?next=/x",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
        assert_eq!(safe_next(&format!("/{}", "a".repeat(600))), None);
        assert_eq!(next_query(Some("/checkout")), "?next=%2Fcheckout");
        assert_eq!(
            next_query(Some("/search?q=a&b=c")),
            "?next=%2Fsearch%3Fq%3Da%26b%3Dc"
        );
        assert_eq!(next_query(Some("//evil.example")), "");
        assert_eq!(next_query(None), "");
    }
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
        assert_eq!(
            Email::parse("a.b+tag@sub.example.co.uk").unwrap().as_str(),
            "a.b+tag@sub.example.co.uk"
        );
    }

    #[test]
    fn malformed_emails_are_refused_with_a_message() {
        for bad in [
            "",
            "   ",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@@example.com",
            "ada@exa mple.com",
            "a da@example.com",
            "ada@.example.com",
            "ada@example..com",
            "<script>@x.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Email::parse(&format!("{}@example.com", "a".repeat(300))).is_err());
    }

    #[test]
    fn passwords_need_ten_to_128_characters() {
        let never = |_: &str| false;
        assert_eq!(
            check_new_password("short", never),
            Err("Use at least 10 characters.")
        );
        assert!(check_new_password("ten chars!", never).is_ok());
        assert!(check_new_password(&"x".repeat(128), never).is_ok());
        assert!(check_new_password(&"x".repeat(129), never).is_err());
        assert!(
            check_new_password("éééééééééé", never).is_ok(),
            "characters, not bytes"
        );
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        let common = |p: &str| p == "basketball";
        assert_eq!(
            check_new_password("BasketBall", common),
            Err("That password is too common; choose another.")
        );
    }

    #[test]
    fn roles_are_ordered_customer_seller_admin() {
        assert!(Role::Admin.at_least(Role::Seller) && Role::Seller.at_least(Role::Seller));
        assert!(!Role::Customer.at_least(Role::Seller) && !Role::Seller.at_least(Role::Admin));
        assert!(!Role::Customer.can_use_dashboard() && Role::Seller.can_use_dashboard());
    }

    #[test]
    fn user_agents_are_described_briefly() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(describe_user_agent(firefox), "Firefox on Linux");
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";
        assert_eq!(describe_user_agent(chrome), "Chrome on Windows");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(describe_user_agent(iphone), "Safari on iPhone");
        assert_eq!(describe_user_agent(""), "Unknown browser");
    }

    #[test]
    fn sessions_expire_when_idle_or_too_old() {
        let policy = SessionPolicy {
            idle_secs: 100,
            absolute_secs: 1_000,
        };
        assert!(policy.is_live(0, 950, 999));
        assert!(!policy.is_live(0, 0, 100), "idle");
        assert!(!policy.is_live(0, 999, 1_000), "absolute");
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            parse_name("  Ada Lovelace "),
            Ok("Ada Lovelace".to_string())
        );
        assert!(parse_name(&"n".repeat(101)).is_err());
        assert!(parse_name("bad\u{0007}name").is_err());
    }

    #[test]
    fn roles_round_trip() {
        for role in [Role::Customer, Role::Seller, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
