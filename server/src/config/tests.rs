//! `Settings::from_lookup` on given variables: defaults, invalid values and production checks.

use super::*;

fn settings(vars: &[(&str, &str)]) -> anyhow::Result<Settings> {
    settings_bound(vars, "127.0.0.1:3000")
}

fn settings_bound(vars: &[(&str, &str)], addr: &str) -> anyhow::Result<Settings> {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Settings::from_lookup(
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
        leptos::config::LeptosOptions::builder()
            .output_name("oxcart")
            .site_addr(addr.parse::<std::net::SocketAddr>().unwrap())
            .build(),
    )
}

const PUBLIC: (&str, &str) = ("OXCART_SITE_URL", "https://shop.example.com");
const STRIPE: [(&str, &str); 2] = [
    ("OXCART_STRIPE_SECRET_KEY", "sk_live_1"),
    ("OXCART_STRIPE_WEBHOOK_SECRET", "whsec_1"),
];

#[test]
fn emails_name_a_support_address_never_a_no_reply_one() {
    let s = settings(&[]).unwrap();
    assert_eq!((s.support_email, s.store_logo), (None, None));
    let s = settings(&[("OXCART_MAIL_FROM", "Shop <help@shop.example.com>")]).unwrap();
    assert_eq!(s.support_email.as_deref(), Some("help@shop.example.com"));
    let s = settings(&[("OXCART_MAIL_FROM", "Shop <No_Reply@shop.example.com>")]).unwrap();
    assert_eq!(s.support_email, None);
    let s = settings(&[
        ("OXCART_MAIL_FROM", "Shop <noreply@shop.example.com>"),
        ("OXCART_SUPPORT_EMAIL", "care@shop.example.com"),
        ("OXCART_STORE_LOGO_URL", "/logo.png"),
    ])
    .unwrap();
    assert_eq!(s.support_email.as_deref(), Some("care@shop.example.com"));
    assert_eq!(s.store_logo.as_deref(), Some("/logo.png"));
    assert!(settings(&[("OXCART_SUPPORT_EMAIL", "not an address")]).is_err());
    assert!(settings(&[("OXCART_STORE_LOGO_URL", "logo.png")]).is_err());
}

#[test]
fn demo_data_never_loads_on_a_public_store() {
    let public = settings(&[PUBLIC, STRIPE[0], STRIPE[1]]).unwrap();
    assert!(!public.development);
    assert_eq!(public.demo_data, DemoData::Never);
    assert!(public.check_production_safety().is_ok());
    for asked in ["auto", "always"] {
        let s = settings(&[PUBLIC, STRIPE[0], STRIPE[1], ("OXCART_DEMO_DATA", asked)]).unwrap();
        let err = s.check_production_safety().unwrap_err().to_string();
        assert!(
            err.contains("OXCART_DEMO_DATA") && err.contains("create-admin"),
            "{err}"
        );
    }
    let dev = settings(&[]).unwrap();
    assert!(dev.development);
    assert_eq!(dev.demo_data, DemoData::Auto);
    assert!(dev.check_production_safety().is_ok());
}

#[test]
fn a_loopback_site_served_on_every_interface_is_not_development() {
    let s = settings_bound(&[], "0.0.0.0:3000").unwrap();
    assert!(!s.development);
    assert_eq!(s.demo_data, DemoData::Never);
    let err = s.check_production_safety().unwrap_err().to_string();
    assert!(err.contains("test payment provider"), "{err}");
    let dev = settings_bound(&[("OXCART_DEV", "true")], "0.0.0.0:3000").unwrap();
    assert!(dev.development && dev.check_production_safety().is_ok());
    // The flag never makes a public site a development one.
    let public = settings_bound(&[PUBLIC, ("OXCART_DEV", "true")], "0.0.0.0:3000").unwrap();
    assert!(!public.development);
}

#[test]
fn the_test_payment_provider_never_runs_on_a_public_address() {
    let s = settings(&[]).unwrap();
    assert_eq!(s.payment_providers, vec![PaymentProviderChoice::Test]);
    assert!(s.check_production_safety().is_ok());
    let public = settings(&[("OXCART_SITE_URL", "https://shop.example.com")]).unwrap();
    let err = public.check_production_safety().unwrap_err().to_string();
    assert!(err.contains("test payment provider"), "{err}");
    let err = settings(&[("OXCART_PAYMENT_PROVIDER", "stripe")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("OXCART_STRIPE_SECRET_KEY"), "{err}");
    let err = settings(&[("OXCART_PAYMENT_PROVIDER", "paypal")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("OXCART_PAYPAL_CLIENT_ID"), "{err}");
    // A Stripe key selects Stripe, which needs its webhook secret too.
    let key = ("OXCART_STRIPE_SECRET_KEY", "sk_test_1");
    let err = settings(&[key]).unwrap_err().to_string();
    assert!(err.contains("OXCART_STRIPE_WEBHOOK_SECRET"), "{err}");
    let stripe = settings(&[
        key,
        ("OXCART_STRIPE_WEBHOOK_SECRET", "whsec_1"),
        ("OXCART_SITE_URL", "https://shop.example.com"),
    ])
    .unwrap();
    assert!(matches!(
        &stripe.payment_providers[..],
        [PaymentProviderChoice::Stripe(s)] if s.secret_key.expose() == "sk_test_1" && s.api_base.is_none()
    ));
    assert!(stripe.check_production_safety().is_ok());
    // Asking for the test provider explicitly wins over a configured key.
    let test = settings(&[key, ("OXCART_PAYMENT_PROVIDER", "test")]).unwrap();
    assert_eq!(test.payment_providers, vec![PaymentProviderChoice::Test]);
}

#[test]
fn several_payment_providers_are_offered_in_the_order_given() {
    let stripe = [
        ("OXCART_STRIPE_SECRET_KEY", "sk_test_1"),
        ("OXCART_STRIPE_WEBHOOK_SECRET", "whsec_1"),
    ];
    let paypal = [
        ("OXCART_PAYPAL_CLIENT_ID", "AbC"),
        ("OXCART_PAYPAL_CLIENT_SECRET", "EfG"),
        ("OXCART_PAYPAL_WEBHOOK_ID", "8PT597110X687430L"),
    ];
    let both: Vec<_> = stripe.iter().chain(&paypal).copied().collect();
    // Configured credentials are enough: Stripe first, then PayPal (sandbox by default).
    let s = settings(&both).unwrap();
    assert!(matches!(
        &s.payment_providers[..],
        [PaymentProviderChoice::Stripe(_), PaymentProviderChoice::PayPal(p)]
            if p.api_base == app::payments::paypal::SANDBOX_API && p.webhook_id == "8PT597110X687430L"
    ));
    let mut listed = both.clone();
    listed.push(("OXCART_PAYMENT_PROVIDERS", "paypal, stripe"));
    listed.push(("OXCART_PAYPAL_MODE", "live"));
    let s = settings(&listed).unwrap();
    assert!(matches!(
        &s.payment_providers[..],
        [PaymentProviderChoice::PayPal(p), PaymentProviderChoice::Stripe(_)]
            if p.api_base == app::payments::paypal::LIVE_API
    ));
    let mut twice = both.clone();
    twice.push(("OXCART_PAYMENT_PROVIDERS", "stripe,stripe"));
    assert!(settings(&twice).unwrap_err().to_string().contains("twice"));
    let mut unknown = both.clone();
    unknown.push(("OXCART_PAYMENT_PROVIDERS", "stripe,bitcoin"));
    assert!(settings(&unknown)
        .unwrap_err()
        .to_string()
        .contains("bitcoin"));
    let mut no_webhook: Vec<_> = paypal[..2].to_vec();
    no_webhook.push(("OXCART_PAYMENT_PROVIDERS", "paypal"));
    let err = settings(&no_webhook).unwrap_err().to_string();
    assert!(err.contains("OXCART_PAYPAL_WEBHOOK_ID"), "{err}");
    let mut with_test = both.clone();
    with_test.push(("OXCART_PAYMENT_PROVIDERS", "stripe,test"));
    with_test.push(("OXCART_SITE_URL", "https://shop.example.com"));
    let s = settings(&with_test).unwrap();
    assert!(s.check_production_safety().is_err());
}

#[test]
fn shipping_and_reservation_settings_are_checked() {
    let s = settings(&[
        ("OXCART_FREE_SHIPPING_FROM_MINOR", "0"),
        ("OXCART_RESERVATION_SECS", "1"),
    ])
    .unwrap();
    assert_eq!((s.shipping.free_from, s.reservation_secs), (None, 5));
    assert!(settings(&[("OXCART_SHIPPING_EXPRESS_MINOR", "cheap")]).is_err());
}

#[test]
fn defaults_need_no_configuration() {
    let s = settings(&[]).unwrap();
    assert_eq!(s.site_url, "http://127.0.0.1:3000");
    assert_eq!(
        s.database_url.expose(),
        "postgres://postgres@127.0.0.1:5432/oxcart"
    );
    assert_eq!(
        (s.log_format, s.demo_data, s.bench_routes),
        (LogFormat::Pretty, DemoData::Auto, false)
    );
}

#[test]
fn bad_values_fail_with_the_variable_name() {
    for (name, value) in [
        ("OXCART_DB_MAX_CONNECTIONS", "many"),
        ("OXCART_LOG_FORMAT", "xml"),
        ("OXCART_SITE_URL", "shop.example.com"),
        ("OXCART_CURRENCY", "DOGE"),
        ("OXCART_SHIP_TO", "US,XX"),
        ("OXCART_SHIP_TO", " , "),
        ("OXCART_DEMO_DATA", "sometimes"),
        ("OXCART_DEV", "maybe"),
        ("OXCART_BENCH_ROUTES", "yes please"),
        ("OXCART_SMTP_URL", "mail.example.com:25"),
        ("OXCART_LIMIT_API_PER_MINUTE", "-1"),
    ] {
        let err = settings(&[(name, value)]).unwrap_err().to_string();
        assert!(err.contains(name), "{name}: {err}");
    }
}

#[test]
fn the_store_ships_to_the_countries_named_or_to_every_known_one() {
    let all = settings(&[]).unwrap().ship_to;
    assert_eq!(all.len(), app::domain::address::COUNTRIES.len());
    let some = settings(&[("OXCART_SHIP_TO", " us, gb,US ")])
        .unwrap()
        .ship_to;
    assert_eq!(some, vec!["US", "GB"]);
}

#[test]
fn mail_goes_to_the_local_mailbox_unless_smtp_is_configured() {
    let s = settings(&[]).unwrap();
    assert!(matches!(&s.mail, MailSettings::Mailbox(dir) if dir.ends_with("target/mailbox")));
    let s = settings(&[(
        "OXCART_SMTP_URL",
        "smtp://user:pw@mail.example.com:587?tls=required",
    )])
    .unwrap();
    assert!(matches!(&s.mail, MailSettings::Smtp(url) if url.expose().contains("pw@")));
    assert!(
        !format!("{s:?}").contains("pw@"),
        "the SMTP password never prints"
    );
}

#[test]
fn secrets_never_print() {
    let s = settings(&[("DATABASE_URL", "postgres://user:hunter2@db/oxcart")]).unwrap();
    assert!(!format!("{s:?}").contains("hunter2"));
    assert_eq!(s.database_url.expose(), "postgres://user:hunter2@db/oxcart");
}

#[test]
fn only_loopback_sites_count_as_development() {
    assert!(is_local_site("http://127.0.0.1:3000"));
    assert!(is_local_site("http://localhost"));
    assert!(is_local_site("http://[::1]:8080"));
    assert!(!is_local_site("https://shop.example.com"));
    assert!(!is_local_site("https://localhost.example.com"));
}

#[test]
fn site_url_loses_its_trailing_slash() {
    assert_eq!(
        settings(&[("OXCART_SITE_URL", "https://shop.example.com/")])
            .unwrap()
            .site_url,
        "https://shop.example.com"
    );
}
