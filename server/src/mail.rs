//! Delivering the outbox: the transports (SMTP through lettre, or a local mailbox folder for
//! development) and the worker that claims due messages, sends them and records the outcome.
//! Any number of app instances may run the worker: claims use `FOR UPDATE SKIP LOCKED`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use app::db::outbox::{self, Claimed};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

use crate::config::MailSettings;

/// Messages claimed per round.
const BATCH: i64 = 10;
/// The longest one message may take to send (the SMTP client's timeout).
const SEND_TIMEOUT_SECS: i64 = 20;
/// How long a claim lasts before another worker may try the message again: longer than the
/// worst round (every message of a batch timing out), so a slow round never has its messages
/// claimed and sent a second time by another worker while it is still sending them.
const LEASE_SECS: i64 = BATCH * SEND_TIMEOUT_SECS + 60;
const _: () = assert!(LEASE_SECS > BATCH * SEND_TIMEOUT_SECS);

/// Where messages go.
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Mailbox(PathBuf),
}

impl Transport {
    pub fn from_settings(mail: &MailSettings) -> anyhow::Result<Transport> {
        Ok(match mail {
            MailSettings::Smtp(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .context("invalid value for OXCART_SMTP_URL")?
                    .timeout(Some(Duration::from_secs(SEND_TIMEOUT_SECS as u64)))
                    .build(),
            ),
            MailSettings::Mailbox(dir) => Transport::Mailbox(dir.clone()),
        })
    }

    /// A short description for logs (never the SMTP credentials).
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(_) => "SMTP (OXCART_SMTP_URL)".into(),
            Transport::Mailbox(dir) => format!("local mailbox in {}", dir.display()),
        }
    }

    async fn send(&self, message: &Message, claimed: &Claimed) -> anyhow::Result<()> {
        match self {
            Transport::Smtp(smtp) => {
                smtp.send(message.clone()).await.context("SMTP delivery")?;
            }
            Transport::Mailbox(dir) => write_to_mailbox(dir, message, claimed).await?,
        }
        Ok(())
    }
}

/// A message as the development mailbox keeps it beside the `.eml` file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MailboxEntry {
    pub id: i64,
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

async fn write_to_mailbox(dir: &Path, message: &Message, claimed: &Claimed) -> anyhow::Result<()> {
    tokio::fs::create_dir_all(dir)
        .await
        .with_context(|| format!("creating the mailbox folder {}", dir.display()))?;
    let stem = dir.join(format!("{:010}-{}", claimed.id, claimed.kind));
    let entry = MailboxEntry {
        id: claimed.id,
        kind: claimed.kind.clone(),
        to: claimed.recipient.clone(),
        subject: claimed.subject.clone(),
        text: claimed.text.clone(),
        html: claimed.html.clone(),
    };
    tokio::fs::write(stem.with_extension("eml"), message.formatted()).await?;
    tokio::fs::write(
        stem.with_extension("json"),
        serde_json::to_vec_pretty(&entry)?,
    )
    .await?;
    Ok(())
}

/// The messages in a mailbox folder, newest first.
pub fn read_mailbox(dir: &Path) -> Vec<MailboxEntry> {
    let Ok(files) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut entries: Vec<MailboxEntry> = files
        .filter_map(Result::ok)
        .filter(|f| f.path().extension().is_some_and(|e| e == "json"))
        .filter_map(|f| serde_json::from_slice(&std::fs::read(f.path()).ok()?).ok())
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.id));
    entries
}

/// The MIME message for a claimed row: multipart/alternative with a text and an HTML part.
pub fn build_message(from: &Mailbox, claimed: &Claimed) -> anyhow::Result<Message> {
    let to: Mailbox = claimed
        .recipient
        .parse()
        .with_context(|| format!("recipient {:?}", claimed.recipient))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&claimed.subject)
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(claimed.text.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(claimed.html.clone()),
                ),
        )
        .context("building the message")
}

/// Claims the due messages and tries each once. Returns how many were sent.
pub async fn deliver_due(
    db: &PgPool,
    transport: &Transport,
    from: &Mailbox,
) -> anyhow::Result<usize> {
    let claimed = outbox::claim_due(db, BATCH, LEASE_SECS).await?;
    let mut sent = 0;
    for message in claimed {
        let outcome = match build_message(from, &message) {
            Ok(built) => transport.send(&built, &message).await,
            Err(e) => Err(e),
        };
        match outcome {
            Ok(()) => {
                outbox::mark_sent(db, message.id).await?;
                tracing::info!(id = message.id, kind = %message.kind, "email sent");
                sent += 1;
            }
            Err(error) => {
                let error = format!("{error:#}");
                tracing::warn!(id = message.id, attempts = message.attempts, %error, "email not sent; will retry");
                outbox::mark_attempt_failed(db, message.id, message.attempts, &error).await?;
            }
        }
    }
    Ok(sent)
}

/// Delivers due messages forever, waking every `poll`. Errors (database down) are logged and
/// retried after at least five seconds.
pub async fn run_worker(db: PgPool, transport: Transport, from: Mailbox, poll: Duration) {
    tracing::info!(transport = %transport.describe(), "outbox worker started");
    loop {
        match deliver_due(&db, &transport, &from).await {
            // A full batch: there may be more waiting.
            Ok(n) if n as i64 == BATCH => continue,
            Ok(_) => tokio::time::sleep(poll).await,
            Err(error) => {
                tracing::error!(error = %format!("{error:#}"), "outbox round failed");
                // The database is likely down: don't fill the log while it is.
                tokio::time::sleep(poll.max(Duration::from_secs(5))).await;
            }
        }
    }
}

/// Parses OXCART_MAIL_FROM.
pub fn parse_from(raw: &str) -> anyhow::Result<Mailbox> {
    raw.parse()
        .with_context(|| format!("invalid value for OXCART_MAIL_FROM: {raw:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_have_a_text_and_an_html_part() {
        let claimed = Claimed {
            id: 1,
            kind: "verify-email".into(),
            recipient: "ada@example.com".into(),
            subject: "Confirm".into(),
            text: "Hello\nhttps://shop.test/account/verify?token=abc".into(),
            html: "<p>Hello</p>".into(),
            attempts: 1,
        };
        let from = parse_from("Oxcart <no-reply@oxcart.localhost>").unwrap();
        let raw = String::from_utf8(build_message(&from, &claimed).unwrap().formatted()).unwrap();
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("text/plain") && raw.contains("text/html"));
        assert!(raw.contains("To: ada@example.com"));
    }

    #[test]
    fn a_bad_recipient_is_an_error_not_a_panic() {
        let claimed = Claimed {
            id: 1,
            kind: "x".into(),
            recipient: "not an address".into(),
            subject: String::new(),
            text: String::new(),
            html: String::new(),
            attempts: 1,
        };
        let from = parse_from("shop@example.com").unwrap();
        assert!(build_message(&from, &claimed).is_err());
        assert!(parse_from("nobody").is_err());
    }
}
