//! `/dev/mailbox`: the development mailbox, a page listing the messages the local mailbox
//! transport wrote, with their links clickable. Served only with that transport and a loopback
//! site URL, so a deployment can never expose it.

use std::path::PathBuf;

use app::domain::mail::escape_html;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;

use crate::mail::{read_mailbox, MailboxEntry};

pub fn router<S: Clone + Send + Sync + 'static>(dir: PathBuf) -> Router<S> {
    Router::new().route(
        "/dev/mailbox",
        get(move || {
            let dir = dir.clone();
            async move {
                let entries = tokio::task::spawn_blocking(move || read_mailbox(&dir))
                    .await
                    .unwrap_or_default();
                (
                    [(axum::http::header::CACHE_CONTROL, "no-store")],
                    Html(page(&entries)),
                )
                    .into_response()
            }
        }),
    )
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
             <p class=\"meta\">To {to} · {kind} · #{id}</p><pre>{text}</pre>\
             <details><summary>HTML part</summary><iframe sandbox title=\"HTML part of message {id}\" srcdoc=\"{html}\"></iframe></details></article>",
            kind = escape_html(&e.kind),
            to = escape_html(&e.to),
            subject = escape_html(&e.subject),
            id = e.id,
            text = linkify(&e.text),
            html = escape_html(&e.html),
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
         a{{color:#3730a3}}iframe{{width:100%;height:22rem;border:1px solid #e2e8f0}}\
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
}
