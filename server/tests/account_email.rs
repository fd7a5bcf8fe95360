//! Emailed links over HTTP: sign-up links, verification and resending it, password reset,
//! and email changes. Mail goes through the real outbox worker, to the mailbox folder or to an SMTP server
//! on loopback.

mod common;

use common::smtp::SmtpSink;
use common::{
    call, finish_sign_up, link_token, pair, request_sign_up, sign_in, sign_up, spawn_app,
    spawn_app_with, viewer,
};
use server::config::{MailSettings, Secret};

const PASSWORD: &str = "violet otter lamp";

async fn count(app: &common::TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db).await.unwrap()
}

/// Makes an account's address unconfirmed again (as after an admin-created account), and asks
/// for a verification link: the account's next message.
async fn unverified(app: &common::TestApp, email: &str, cookie: &str) {
    sqlx::query("UPDATE users SET email_verified_at = NULL WHERE email = $1")
        .bind(email)
        .execute(&app.db)
        .await
        .unwrap();
    let resent = call(app, "account/resend-verification", &[], Some(cookie)).await;
    assert_eq!(resent.status, 200, "{}", resent.body);
}

#[tokio::test]
async fn sign_up_emails_a_single_use_link_over_smtp_that_creates_a_confirmed_account() {
    let sink = SmtpSink::start(0).await;
    let url = sink.url();
    let app = spawn_app_with(|s| s.mail = MailSettings::Smtp(Secret::new(url))).await;
    let asked = request_sign_up(&app, "ada@example.com").await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert!(asked.cookie.is_none(), "nobody is signed in yet");

    let message = sink.wait_for(1).await.remove(0);
    assert_eq!(message.to, vec!["ada@example.com"]);
    let data = message.decoded();
    assert!(data.contains("multipart/alternative"), "{data}");
    assert!(data.contains("text/plain") && data.contains("text/html"));
    assert!(
        data.contains("https://shop.test/account/finish-sign-up?token="),
        "an absolute link"
    );
    let token = link_token(&data, "finish-sign-up");
    assert_eq!(token.len(), 64);

    let first = finish_sign_up(&app, &token, PASSWORD).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let cookie = pair(&first.cookie.expect("signed in"));
    let me = viewer(&app, &cookie).await;
    assert_eq!(me["email"], "ada@example.com");
    assert_eq!(me["email_verified"], true, "the link proved the address");
    let again = finish_sign_up(&app, &token, "another long secret").await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("already been used"), "{}", again.body);
    // Sent messages keep no body: it held a live link.
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL AND body_text = ''"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_refused_delivery_is_retried_and_its_error_recorded() {
    let sink = SmtpSink::start(1).await;
    let url = sink.url();
    let app = spawn_app_with(|s| s.mail = MailSettings::Smtp(Secret::new(url))).await;
    request_sign_up(&app, "ada@example.com").await;
    // The first attempt gets 451; the row waits 30 s before the next one. (The row itself is
    // written just after the answer.)
    let mut error = None;
    for _ in 0..200 {
        error = sqlx::query_scalar::<_, Option<String>>("SELECT last_error FROM outbox")
            .fetch_optional(&app.db)
            .await
            .unwrap()
            .flatten();
        if error.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(error.unwrap().contains("451"));
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM outbox WHERE next_attempt_at > now() + interval '20 seconds'"
        )
        .await,
        1
    );
    assert!(sink.messages().is_empty());
    // Time passes.
    sqlx::query("UPDATE outbox SET next_attempt_at = now()")
        .execute(&app.db)
        .await
        .unwrap();
    sink.wait_for(1).await;
    let attempts: i32 = sqlx::query_scalar("SELECT attempts FROM outbox WHERE sent_at IS NOT NULL")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(attempts, 2);
}

#[tokio::test]
async fn verification_links_can_be_resent_within_a_limit() {
    let app = spawn_app_with(|s| s.limit_resend_per_account = 3).await;
    let cookie = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    // A confirmed address needs no link: asking sends nothing.
    let confirmed = call(&app, "account/resend-verification", &[], Some(&cookie)).await;
    assert_eq!(confirmed.status, 200);
    unverified(&app, "ada@example.com", &cookie).await;
    assert_eq!(
        call(&app, "account/resend-verification", &[], None)
            .await
            .status,
        401
    );
    for _ in 0..2 {
        let a = call(&app, "account/resend-verification", &[], Some(&cookie)).await;
        assert_eq!(a.status, 200, "{}", a.body);
    }
    let over = call(&app, "account/resend-verification", &[], Some(&cookie)).await;
    assert_eq!(over.status, 429);
    // Mail 1 was the sign-up link, then three verification links (the first from
    // `unverified`). Any of them works; the account is then verified.
    let third = app.wait_for_mail("ada@example.com", 4).await;
    assert_eq!(app.mails_to("ada@example.com").len(), 4);
    let token = link_token(&third.text, "verify");
    assert_eq!(
        call(&app, "account/verify-email", &[("token", &token)], None)
            .await
            .status,
        200
    );
    assert_eq!(viewer(&app, &cookie).await["email_verified"], true);
}

#[tokio::test]
async fn password_reset_answers_alike_for_unknown_emails_and_signs_out_everywhere() {
    let app = spawn_app().await;
    let laptop = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    let phone = sign_in(&app, "ada@example.com", PASSWORD).await;

    let known = call(
        &app,
        "account/forgot-password",
        &[("email", "Ada@Example.com")],
        None,
    )
    .await;
    let unknown = call(
        &app,
        "account/forgot-password",
        &[("email", "nobody@example.com")],
        None,
    )
    .await;
    assert_eq!((known.status, unknown.status), (200, 200));
    assert_eq!(known.body, unknown.body);

    // Mail 1 is the sign-up link; mail 2 the reset link.
    let mail = app.wait_for_mail("ada@example.com", 2).await;
    assert_eq!(mail.kind, "password-reset");
    assert!(mail.html.contains("https://shop.test/account/reset?token="));
    let token = link_token(&mail.text, "reset");
    let weak = call(
        &app,
        "account/reset-password",
        &[("token", &token), ("password", "password1")],
        None,
    )
    .await;
    assert_eq!(weak.status, 422);
    assert!(weak.body.contains("\"password\""), "{}", weak.body);

    let reset = call(
        &app,
        "account/reset-password",
        &[("token", &token), ("password", "a brand new secret")],
        None,
    )
    .await;
    assert_eq!(reset.status, 200, "{}", reset.body);
    let fresh = pair(&reset.cookie.expect("signed in after the reset"));
    assert_eq!(viewer(&app, &fresh).await["email"], "ada@example.com");
    assert!(viewer(&app, &laptop).await.is_null(), "other sessions end");
    assert!(viewer(&app, &phone).await.is_null(), "other sessions end");
    assert_eq!(
        viewer(&app, &fresh).await["email_verified"],
        true,
        "the link proved the address"
    );

    let reused = call(
        &app,
        "account/reset-password",
        &[("token", &token), ("password", "another new secret")],
        None,
    )
    .await;
    assert_eq!(reused.status, 422);
    assert!(reused.body.contains("already been used"));
    let old = call(
        &app,
        "account/sign-in",
        &[("email", "ada@example.com"), ("password", PASSWORD)],
        None,
    )
    .await;
    assert_eq!(old.status, 422, "the old password no longer works");
    sign_in(&app, "ada@example.com", "a brand new secret").await;
    assert_eq!(app.mails_to("nobody@example.com").len(), 0);
}

#[tokio::test]
async fn expired_malformed_and_stale_reset_links_are_refused_clearly() {
    let app = spawn_app().await;
    sign_up(&app, "ada@example.com").await;
    call(
        &app,
        "account/forgot-password",
        &[("email", "ada@example.com")],
        None,
    )
    .await;
    call(
        &app,
        "account/forgot-password",
        &[("email", "ada@example.com")],
        None,
    )
    .await;
    let first = link_token(&app.wait_for_mail("ada@example.com", 2).await.text, "reset");
    let second = link_token(&app.wait_for_mail("ada@example.com", 3).await.text, "reset");
    sqlx::query("UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = sha256($1::text::bytea)")
        .bind(&first)
        .execute(&app.db)
        .await
        .unwrap();
    let expired = call(
        &app,
        "account/reset-password",
        &[("token", &first), ("password", "a brand new secret")],
        None,
    )
    .await;
    assert_eq!(expired.status, 422);
    assert!(expired.body.contains("expired"), "{}", expired.body);
    for bad in ["", "abc", &"g".repeat(64), &"a".repeat(64)] {
        let a = call(
            &app,
            "account/reset-password",
            &[("token", bad), ("password", "a brand new secret")],
            None,
        )
        .await;
        assert_eq!(a.status, 422, "{bad}");
        assert!(a.body.contains("not valid"), "{}", a.body);
    }
    let ok = call(
        &app,
        "account/reset-password",
        &[("token", &second), ("password", "a brand new secret")],
        None,
    )
    .await;
    assert_eq!(ok.status, 200);
    let bad_email = call(
        &app,
        "account/forgot-password",
        &[("email", "not-an-email")],
        None,
    )
    .await;
    assert_eq!(bad_email.status, 422);
}

#[tokio::test]
async fn reset_requests_are_limited_per_email_and_per_address() {
    let app = spawn_app_with(|s| {
        s.limit_reset_per_email = 2;
        s.limit_reset_per_ip = 4;
    })
    .await;
    for (email, expected) in [
        ("a@example.com", 200),
        ("a@example.com", 200),
        ("a@example.com", 429),
        ("b@example.com", 200),
        ("c@example.com", 429),
    ] {
        let a = call(&app, "account/forgot-password", &[("email", email)], None).await;
        assert_eq!(a.status, expected, "{email}: {}", a.body);
    }
}

#[tokio::test]
async fn changing_email_needs_the_password_and_tells_the_old_address() {
    let app = spawn_app().await;
    let cookie = pair(&sign_up(&app, "ada@example.com").await.cookie.unwrap());
    // Mail 2: a verification link to the address the account is about to leave.
    unverified(&app, "ada@example.com", &cookie).await;
    sign_up(&app, "bob@example.com").await;
    let wrong = call(
        &app,
        "account/email",
        &[("email", "ada@new.example"), ("password", "nope nope nope")],
        Some(&cookie),
    )
    .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("\"password\""));
    let taken = call(
        &app,
        "account/email",
        &[("email", "bob@example.com"), ("password", PASSWORD)],
        Some(&cookie),
    )
    .await;
    assert_eq!(taken.status, 422);
    assert!(taken.body.contains("Another account"));
    let guest = call(
        &app,
        "account/email",
        &[("email", "x@example.com"), ("password", PASSWORD)],
        None,
    )
    .await;
    assert_eq!(guest.status, 401);

    let ok = call(
        &app,
        "account/email",
        &[("email", " Ada@New.Example "), ("password", PASSWORD)],
        Some(&cookie),
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let me = viewer(&app, &cookie).await;
    assert_eq!(
        (me["email"].as_str(), me["email_verified"].as_bool()),
        (Some("ada@new.example"), Some(false))
    );
    let notice = app.wait_for_mail("ada@example.com", 3).await;
    assert_eq!(notice.kind, "email-changed");
    assert!(notice.text.contains("ada@new.example"));
    let verify = app.wait_for_mail("ada@new.example", 1).await;
    let token = link_token(&verify.text, "verify");
    // The verification link to the old address no longer verifies anything.
    let old_token = link_token(
        &app.wait_for_mail("ada@example.com", 2).await.text,
        "verify",
    );
    let stale = call(&app, "account/verify-email", &[("token", &old_token)], None).await;
    assert_eq!(stale.status, 422);
    assert_eq!(
        call(&app, "account/verify-email", &[("token", &token)], None)
            .await
            .status,
        200
    );
    assert_eq!(viewer(&app, &cookie).await["email_verified"], true);
    sign_in(&app, "ada@new.example", PASSWORD).await;
}

#[tokio::test]
async fn a_cross_site_reset_request_is_refused() {
    let app = spawn_app().await;
    let a = common::post(
        &app,
        "/api/account/forgot-password",
        &[("email", "ada@example.com")],
        None,
        Some("https://evil.test"),
    )
    .await;
    assert_eq!(a.status, 403);
}
