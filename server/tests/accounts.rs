//! Accounts over HTTP: sign-up, sign-in, sessions, sign-out and the CSRF check.

mod common;

use common::{
    finish_sign_up, link_token, pair, post, request_sign_up, sign_up, spawn_app, spawn_app_with,
    viewer, ORIGIN,
};

#[tokio::test]
async fn signing_up_sets_a_strict_session_cookie_and_signs_in() {
    let app = spawn_app().await;
    let answer = sign_up(&app, "  Ada@Example.COM ").await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let cookie = answer.cookie.expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Secure"] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing from {cookie}"
        );
    }
    let me = viewer(&app, &pair(&cookie)).await;
    assert_eq!(me["email"], "ada@example.com");
    assert_eq!(me["name"], "Ada");
    assert_eq!(me["email_verified"], true);
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM users")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(stored.starts_with("$argon2id$") && !stored.contains("violet"));
}

#[tokio::test]
async fn sign_up_explains_each_bad_field() {
    let app = spawn_app().await;
    let bad_email = request_sign_up(&app, "not-an-email").await;
    assert_eq!(bad_email.status, 422);
    assert!(
        bad_email.body.contains("email address"),
        "{}",
        bad_email.body
    );
    assert!(app.mails_to("not-an-email").is_empty());

    request_sign_up(&app, "ada@example.com").await;
    let token = link_token(
        &app.wait_for_mail("ada@example.com", 1).await.text,
        "finish-sign-up",
    );
    let cases = [
        (token.as_str(), "short", "password", "at least 10"),
        (token.as_str(), "1234567890", "password", "too common"),
        ("abc", "violet otter lamp", "token", "not valid"),
        (&"ab".repeat(32), "violet otter lamp", "token", "not valid"),
    ];
    for (token, password, field, message) in cases {
        let a = finish_sign_up(&app, token, password).await;
        assert_eq!(a.status, 422, "{token} {password}");
        assert!(
            a.body.contains(field) && a.body.contains(message),
            "{}",
            a.body
        );
        assert!(a.cookie.is_none());
    }
    // A refusal leaves the link usable.
    let ok = finish_sign_up(&app, &token, "violet otter lamp").await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(users(&app).await, 1);
}

async fn users(app: &common::TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// Review finding 17: the sign-up form told registered addresses apart ("An account with this
/// email already exists") and signed new ones straight in.
#[tokio::test]
async fn sign_up_answers_alike_for_registered_addresses_and_only_the_mailbox_learns_which() {
    let app = spawn_app().await;
    sign_up(&app, "ada@example.com").await;
    let registered = request_sign_up(&app, " ADA@example.com").await;
    let new = request_sign_up(&app, "grace@example.com").await;
    assert_eq!((registered.status, new.status), (200, 200));
    assert_eq!(registered.body, new.body);
    assert!(registered.cookie.is_none() && new.cookie.is_none());

    // The owner of the registered address is told so, with no link that creates anything.
    let note = app.wait_for_mail("ada@example.com", 2).await;
    assert_eq!(note.kind, "account-exists");
    assert!(note.text.contains("https://shop.test/account/sign-in"));
    assert!(!note.text.contains("token="), "{}", note.text);
    let link = app.wait_for_mail("grace@example.com", 1).await;
    assert_eq!(link.kind, "finish-sign-up");
    let links: i64 = sqlx::query_scalar("SELECT count(*) FROM sign_up_links")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(links, 2, "one for Ada's first sign-up, one for Grace");
    assert_eq!(users(&app).await, 1, "asking creates no account");

    // Two links to one address: the first used creates the account, the other then says so.
    let first = link_token(&link.text, "finish-sign-up");
    request_sign_up(&app, "grace@example.com").await;
    let second = link_token(
        &app.wait_for_mail("grace@example.com", 2).await.text,
        "finish-sign-up",
    );
    assert_eq!(
        finish_sign_up(&app, &second, "violet otter lamp")
            .await
            .status,
        200
    );
    let late = finish_sign_up(&app, &first, "another long secret").await;
    assert_eq!(late.status, 422);
    assert!(
        late.body.contains("already has an account"),
        "{}",
        late.body
    );
    assert!(late.cookie.is_none());

    // An expired link creates nothing.
    request_sign_up(&app, "lin@example.com").await;
    let old = link_token(
        &app.wait_for_mail("lin@example.com", 1).await.text,
        "finish-sign-up",
    );
    sqlx::query("UPDATE sign_up_links SET expires_at = now() - interval '1 second' WHERE email = 'lin@example.com'")
        .execute(&app.db)
        .await
        .unwrap();
    let expired = finish_sign_up(&app, &old, "violet otter lamp").await;
    assert_eq!(expired.status, 422);
    assert!(expired.body.contains("expired"), "{}", expired.body);
    assert_eq!(users(&app).await, 2);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    sign_up(&app, "ada@example.com").await;
    let wrong = post(
        &app,
        "/api/account/sign-in",
        &[
            ("email", "ada@example.com"),
            ("password", "not the password"),
        ],
        None,
        Some(ORIGIN),
    )
    .await;
    let unknown = post(
        &app,
        "/api/account/sign-in",
        &[
            ("email", "nobody@example.com"),
            ("password", "not the password"),
        ],
        None,
        Some(ORIGIN),
    )
    .await;
    assert_eq!((wrong.status, unknown.status), (422, 422));
    assert_eq!(wrong.body, unknown.body);
    assert!(wrong.cookie.is_none() && unknown.cookie.is_none());
}

#[tokio::test]
async fn signing_in_rotates_the_session_and_signing_out_ends_it() {
    let app = spawn_app().await;
    let first = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    let form = [
        ("email", "ada@example.com"),
        ("password", "violet otter lamp"),
    ];
    let signed_in = post(
        &app,
        "/api/account/sign-in",
        &form,
        Some(&first),
        Some(ORIGIN),
    )
    .await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    let second = pair(&signed_in.cookie.unwrap());
    assert_ne!(first, second, "a new session id at sign-in");
    assert!(
        viewer(&app, &first).await.is_null(),
        "the old session is gone"
    );
    assert_eq!(viewer(&app, &second).await["email"], "ada@example.com");

    let out = post(
        &app,
        "/api/account/sign-out",
        &[],
        Some(&second),
        Some(ORIGIN),
    )
    .await;
    assert_eq!(out.status, 200);
    assert!(out.cookie.unwrap().contains("Max-Age=0"));
    assert!(viewer(&app, &second).await.is_null());
    let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(sessions, 0);
}

#[tokio::test]
async fn expired_sessions_no_longer_sign_anybody_in() {
    let app = spawn_app().await;
    let cookie = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    sqlx::query("UPDATE sessions SET last_seen_at = now() - interval '60 days', created_at = now() - interval '60 days'")
        .execute(&app.db)
        .await
        .unwrap();
    assert!(viewer(&app, &cookie).await.is_null());
}

#[tokio::test]
async fn a_forged_cross_site_post_is_refused() {
    let app = spawn_app().await;
    let evil = post(
        &app,
        "/api/account/sign-up",
        &[
            ("email", "eve@example.com"),
            ("password", "violet otter lamp"),
            ("name", ""),
        ],
        None,
        Some("https://evil.test"),
    )
    .await;
    assert_eq!(evil.status, 403);
    let anonymous = post(
        &app,
        "/api/account/sign-up",
        &[
            ("email", "eve@example.com"),
            ("password", "violet otter lamp"),
            ("name", ""),
        ],
        None,
        None,
    )
    .await;
    assert_eq!(anonymous.status, 403);
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(users, 0);
}

#[tokio::test]
async fn sign_in_attempts_per_email_are_limited_even_with_the_right_password() {
    let app = spawn_app().await;
    sign_up(&app, "ada@example.com").await;
    let wrong = [
        ("email", "ada@example.com"),
        ("password", "not the password"),
    ];
    for _ in 0..5 {
        assert_eq!(
            post(&app, "/api/account/sign-in", &wrong, None, Some(ORIGIN))
                .await
                .status,
            422
        );
    }
    let res = app
        .client
        .post(format!("{}/api/account/sign-in", app.address))
        .header("origin", ORIGIN)
        .form(&[
            ("email", "ada@example.com"),
            ("password", "violet otter lamp"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    assert!(res.text().await.unwrap().contains("RateLimited"));
    // Another account from the same address is not locked out by it.
    sign_up(&app, "bob@example.com").await;
    let bob = [
        ("email", "bob@example.com"),
        ("password", "violet otter lamp"),
    ];
    assert_eq!(
        post(&app, "/api/account/sign-in", &bob, None, Some(ORIGIN))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn sign_in_and_sign_up_attempts_per_address_are_limited() {
    let app = spawn_app_with(|s| {
        s.limit_sign_in_per_ip = 3;
        s.limit_sign_up_per_ip = 3;
        s.limit_sign_up_per_email = 2;
    })
    .await;
    for (email, expected) in [
        ("a@example.com", 200),
        ("A@example.com", 200),
        ("a@example.com", 429),
        ("b@example.com", 429),
    ] {
        assert_eq!(
            request_sign_up(&app, email).await.status,
            expected,
            "{email}"
        );
    }
    for (i, expected) in [(1, 422), (2, 422), (3, 422), (4, 429)] {
        let email = format!("user{i}@example.com");
        let form = [("email", email.as_str()), ("password", "not the password")];
        assert_eq!(
            post(&app, "/api/account/sign-in", &form, None, Some(ORIGIN))
                .await
                .status,
            expected,
            "attempt {i}"
        );
    }
}

#[tokio::test]
async fn demo_accounts_sign_in_with_their_roles_and_load_once() {
    let app = spawn_app().await;
    assert_eq!(
        app::auth::accounts::load_demo_accounts(&app.db)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        app::auth::accounts::load_demo_accounts(&app.db)
            .await
            .unwrap(),
        0
    );
    for (email, role, password) in [
        ("admin@oxcart.test", "Admin", "oxcart-admin-demo"),
        ("seller@oxcart.test", "Seller", "oxcart-seller-demo"),
        ("customer@oxcart.test", "Customer", "oxcart-customer-demo"),
    ] {
        let a = post(
            &app,
            "/api/account/sign-in",
            &[("email", email), ("password", password)],
            None,
            Some(ORIGIN),
        )
        .await;
        assert_eq!(a.status, 200, "{email}: {}", a.body);
        assert_eq!(viewer(&app, &pair(&a.cookie.unwrap())).await["role"], role);
    }
}

#[tokio::test]
async fn the_admin_command_promotes_or_creates_with_a_strong_password() {
    let app = spawn_app().await;
    sign_up(&app, "ada@example.com").await;
    assert!(
        !app::auth::accounts::make_admin(&app.db, "ADA@example.com", None)
            .await
            .unwrap()
    );
    let role: String = sqlx::query_scalar("SELECT role FROM users WHERE email = 'ada@example.com'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(role, "admin");
    let weak =
        app::auth::accounts::make_admin(&app.db, "root@example.com", Some("1234567890".into()))
            .await;
    assert!(matches!(weak, Err(app::error::AppError::Invalid { .. })));
    assert!(app::auth::accounts::make_admin(
        &app.db,
        "root@example.com",
        Some("a long admin passphrase".into())
    )
    .await
    .unwrap());
}

/// A sign-in form posted without JavaScript lands on its `next` page when that is a path on
/// this site, and on the account page otherwise (never on another site, never back on the form).
#[tokio::test]
async fn a_plain_form_sign_in_goes_to_next_on_this_site_only() {
    // Seven sign-ins of one address in a row: above the default limit of five.
    let app = spawn_app_with(|s| {
        s.limit_sign_in_per_email = 100;
        s.limit_sign_in_per_email_global = 100;
    })
    .await;
    sign_up(&app, "nojs@example.com").await;
    let sign_in = |next: Option<&'static str>| {
        let app = &app;
        async move {
            let mut form = vec![
                ("email", "nojs@example.com"),
                ("password", "violet otter lamp"),
            ];
            if let Some(next) = next {
                form.push(("next", next));
            }
            let req = app
                .client
                .post(format!("{}/api/account/sign-in", app.address))
                .header("referer", format!("{ORIGIN}/account/sign-in"))
                .form(&form);
            common::send(req, None, "text/html,application/xhtml+xml").await
        }
    };
    let reply = sign_in(Some("/checkout")).await;
    assert_eq!(reply.status, 302);
    assert_eq!(reply.location(), "/checkout");
    assert!(reply.headers.get("set-cookie").is_some(), "signed in");
    for bad in [
        None,
        Some("//evil.example/x"),
        Some("https://evil.example/"),
        Some("/\\evil.example"),
        Some("/account/sign-in"),
    ] {
        let reply = sign_in(bad).await;
        assert_eq!(reply.status, 302, "{bad:?}");
        assert_eq!(reply.location(), "/account", "{bad:?}");
    }
    // The app's own calls get the answer, not a redirect: the page navigates itself.
    let answer = post(
        &app,
        "/api/account/sign-in",
        &[
            ("email", "nojs@example.com"),
            ("password", "violet otter lamp"),
            ("next", "/checkout"),
        ],
        None,
        Some(ORIGIN),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.body.contains("nojs@example.com"));
}
