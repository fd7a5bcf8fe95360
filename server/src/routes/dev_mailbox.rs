//! `/dev/mailbox`: the development mailbox, a page listing the messages the local mailbox
//! transport wrote, with their links clickable. Served only with that transport and a loopback
//! site URL, so a deployment can never expose it.

use std::path::PathBuf;

use app::domain::mail::escape_html;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;

use crate::mail::{read_mailbox, MailboxEntry};

pub fn router<S: Clone + Send + Sync + 'static>(dir: PathBuf) -> Router<S> {
    let one = dir.clone();
    Router::new()
        .route(
            "/dev/mailbox",
            get(move || {
                let dir = dir.clone();
                async move {
                    let entries = entries(dir).await;
                    ([(header::CACHE_CONTROL, "no-store")], Html(page(&entries))).into_response()
                }
            }),
        )
        // A message's HTML part on a page of its own, sandboxed (no scripts, no forms): the list
        // links to it rather than framing every message, which made the list take seconds to
        // load once a few hundred messages had been sent.
        .route(
            "/dev/mailbox/{id}",
            get(move |Path(id): Path<i64>| {
                let dir = one.clone();
                async move {
                    match entries(dir).await.into_iter().find(|e| e.id == id) {
                        Some(e) => (
                            [
                                (header::CACHE_CONTROL, "no-store"),
                                (header::CONTENT_SECURITY_POLICY, "sandbox"),
                            ],
                            Html(e.html),
                        )
                            .into_response(),
                        None => StatusCode::NOT_FOUND.into_response(),
                    }
                }
            }),
        )
}

/// The mailbox's messages, newest first (read off the async threads).
async fn entries(dir: PathBuf) -> Vec<MailboxEntry> {
    tokio::task::spawn_blocking(move || read_mailbox(&dir))
        .await
        .unwrap_or_default()
}

/// Escapes text and turns http(s) addresses into links.
fn linkify(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let words: Vec<String> = line
            .split(' ')
            .map(|word| {
                if word.starts_with("http://") || word.starts_with("https://") {
                    let w = escape_html(word);
                    format!("<a href=\"{w}\">{w}</a>")
                } else {
                    escape_html(word)
                }
            })
            .collect();
        out.push_str(&words.join(" "));
    }
    out
}

fn page(entries: &[MailboxEntry]) -> String {
    let mut body = String::new();
    if entries.is_empty() {
        body.push_str("<p class=\"empty\">No messages yet. Sign up or ask for a password reset, then reload.</p>");
    }
    for e in entries {
        body.push_str(&format!(
            "<article data-kind=\"{kind}\" data-to=\"{to}\"><h2>{subject}</h2>\
             <p class=\"meta\">To {to} · {kind} · #{id} · <a href=\"/dev/mailbox/{id}\">HTML part</a></p><pre>{text}</pre></article>",
            kind = escape_html(&e.kind),
            to = escape_html(&e.to),
            subject = escape_html(&e.subject),
            id = e.id,
            text = linkify(&e.text),
        ));
    }
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Development mailbox</title><style>\
         body{{font-family:system-ui,sans-serif;max-width:48rem;margin:0 auto;padding:1rem;color:#0f172a;background:#f8fafc}}\
         article{{background:#fff;border:1px solid #e2e8f0;border-radius:.75rem;padding:1rem;margin:0 0 1rem}}\
         h1{{font-size:1.5rem}}h2{{font-size:1.1rem;margin:0}}.meta{{color:#475569;font-size:.875rem}}\
         pre{{white-space:pre-wrap;word-break:break-all;background:#f1f5f9;padding:.75rem;border-radius:.5rem}}\
         a{{color:#3730a3}}\
         </style></head><body><h1>Development mailbox</h1>\
         <p class=\"meta\">Messages the store would have emailed, newest first. This page exists only in development.</p>{body}</body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_anchors_and_the_rest_is_escaped() {
        let html = linkify("Open:\nhttps://s.test/a?token=1&x=2 <b>");
        assert!(html.contains("<a href=\"https://s.test/a?token=1&amp;x=2\">"));
        assert!(html.contains("&lt;b&gt;"));
    }

    #[tokio::test]
    async fn the_list_links_each_html_part_which_is_served_sandboxed() {
        use axum::body::{to_bytes, Body};
        use axum::http::Request;
        use tower::ServiceExt;

        let dir = std::env::temp_dir().join(format!("oxcart-mailbox-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let message = serde_json::json!({
            "id": 7, "kind": "finish-sign-up", "to": "ada@example.com", "subject": "Finish",
            "text": "Open https://s.test/x", "html": "<p>Hello <b>Ada</b></p>",
        });
        std::fs::write(
            dir.join("0000000007-finish-sign-up.json"),
            message.to_string(),
        )
        .unwrap();
        let app: Router = router(dir.clone());
        let get = |path: &str| {
            app.clone()
                .oneshot(Request::get(path).body(Body::empty()).unwrap())
        };

        let list = get("/dev/mailbox").await.unwrap();
        let list =
            String::from_utf8(to_bytes(list.into_body(), 1 << 20).await.unwrap().to_vec()).unwrap();
        assert!(
            list.contains("<a href=\"/dev/mailbox/7\">HTML part</a>"),
            "{list}"
        );
        assert!(
            !list.contains("<iframe"),
            "no message is framed in the list"
        );

        let part = get("/dev/mailbox/7").await.unwrap();
        assert_eq!(part.status(), StatusCode::OK);
        assert_eq!(part.headers()[header::CONTENT_SECURITY_POLICY], "sandbox");
        let body = to_bytes(part.into_body(), 1 << 20).await.unwrap();
        assert_eq!(&body[..], b"<p>Hello <b>Ada</b></p>");
        assert_eq!(
            get("/dev/mailbox/8").await.unwrap().status(),
            StatusCode::NOT_FOUND
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
