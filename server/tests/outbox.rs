//! The outbox at the database level: concurrent workers never claim the same message, a claim
//! abandoned by a crashed worker comes back after its lease, and failures end in `failed_at`.

mod common;

use app::db::outbox;
use app::domain::mail::{verify_email, MAX_SEND_ATTEMPTS};
use common::fresh_database;
use common::smtp::SmtpSink;
use server::config::{MailSettings, Secret};
use server::mail::{deliver_due, parse_from, Transport};

const SHOP: app::domain::mail::Brand<'static> = app::domain::mail::Brand {
    name: "Oxcart",
    site_url: "https://shop.test",
    logo: None,
    support_email: Some("help@shop.test"),
};

#[tokio::test]
async fn concurrent_claims_never_share_a_message() {
    let db = fresh_database().await;
    for i in 0..40 {
        let mail = verify_email(&SHOP, "", &format!("{i:064}"));
        outbox::enqueue(&db, &format!("user{i}@example.com"), &mail)
            .await
            .unwrap();
    }
    let claims = (0..4).map(|_| {
        let db = db.clone();
        tokio::spawn(async move { outbox::claim_due(&db, 15, 120).await.unwrap() })
    });
    let mut ids = Vec::new();
    for claim in claims {
        ids.extend(claim.await.unwrap().into_iter().map(|c| c.id));
    }
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), total, "no message claimed twice");
    assert_eq!(total, 40, "every due message claimed once");
    assert!(
        outbox::claim_due(&db, 15, 120).await.unwrap().is_empty(),
        "leases hold"
    );
}

#[tokio::test]
async fn a_message_claimed_by_a_crashed_worker_is_sent_after_its_lease() {
    let db = fresh_database().await;
    let mail = verify_email(&SHOP, "Ada", &"ab".repeat(32));
    outbox::enqueue(&db, "ada@example.com", &mail)
        .await
        .unwrap();
    // A worker claims it and dies before sending.
    assert_eq!(outbox::claim_due(&db, 10, 120).await.unwrap().len(), 1);
    let sink = SmtpSink::start(0).await;
    let transport = Transport::from_settings(&MailSettings::Smtp(Secret::new(sink.url()))).unwrap();
    let from = parse_from("Oxcart <no-reply@oxcart.localhost>").unwrap();
    assert_eq!(
        deliver_due(&db, &transport, &from).await.unwrap(),
        0,
        "still leased"
    );
    // The lease runs out.
    sqlx::query("UPDATE outbox SET next_attempt_at = now()")
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(deliver_due(&db, &transport, &from).await.unwrap(), 1);
    let received = sink.wait_for(1).await;
    assert!(received[0].decoded().contains("/account/verify?token="));
    assert_eq!(outbox::counts(&db).await.unwrap().sent, 1);
}

#[tokio::test]
async fn a_message_that_keeps_failing_is_recorded_as_failed() {
    let db = fresh_database().await;
    let mail = verify_email(&SHOP, "Ada", &"cd".repeat(32));
    outbox::enqueue(&db, "ada@example.com", &mail)
        .await
        .unwrap();
    let sink = SmtpSink::start(usize::MAX).await;
    let transport = Transport::from_settings(&MailSettings::Smtp(Secret::new(sink.url()))).unwrap();
    let from = parse_from("shop@example.com").unwrap();
    for _ in 0..MAX_SEND_ATTEMPTS {
        sqlx::query("UPDATE outbox SET next_attempt_at = now()")
            .execute(&db)
            .await
            .unwrap();
        assert_eq!(deliver_due(&db, &transport, &from).await.unwrap(), 0);
    }
    let counts = outbox::counts(&db).await.unwrap();
    assert_eq!((counts.pending, counts.failed), (0, 1));
    let (attempts, error): (i32, String) =
        sqlx::query_as("SELECT attempts, last_error FROM outbox")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(attempts, MAX_SEND_ATTEMPTS);
    assert!(error.contains("451"), "{error}");
    sqlx::query("UPDATE outbox SET next_attempt_at = now()")
        .execute(&db)
        .await
        .unwrap();
    assert!(
        outbox::claim_due(&db, 10, 120).await.unwrap().is_empty(),
        "never tried again"
    );
}

#[tokio::test]
async fn messages_queued_while_no_worker_runs_are_sent_when_one_starts() {
    let db = fresh_database().await;
    let mail = verify_email(&SHOP, "Ada", &"ef".repeat(32));
    outbox::enqueue(&db, "ada@example.com", &mail)
        .await
        .unwrap();
    let dir = std::env::temp_dir().join(format!("oxcart-mail-{}", uuid::Uuid::new_v4().simple()));
    let transport = Transport::from_settings(&MailSettings::Mailbox(dir.clone())).unwrap();
    let worker = tokio::spawn(server::mail::run_worker(
        db.clone(),
        transport,
        parse_from("shop@example.com").unwrap(),
        std::time::Duration::from_millis(50),
    ));
    for _ in 0..100 {
        if !server::mail::read_mailbox(&dir).is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    worker.abort();
    let mails = server::mail::read_mailbox(&dir);
    assert_eq!(mails.len(), 1);
    assert!(dir.read_dir().unwrap().any(|f| f
        .unwrap()
        .path()
        .extension()
        .is_some_and(|e| e == "eml")));
}
