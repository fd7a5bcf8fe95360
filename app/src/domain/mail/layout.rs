//! The one layout every email is drawn in: the store's logo (or name) on top, the message in a
//! white card at most 560 px wide (readable on a phone), and the same support line at the foot;
//! the text part ends with the same signature. Built with maud: every value is escaped by
//! construction. Inline styles and layout tables, because that is what mail clients render.

use maud::{html, Markup, DOCTYPE};

/// Who the emails are from (settings): the store's name and address, its logo and where
/// shoppers write with questions.
#[derive(Clone, Copy, Debug)]
pub struct Brand<'a> {
    pub name: &'a str,
    /// The public origin without a trailing slash, e.g. `https://shop.example.com`.
    pub site_url: &'a str,
    /// The logo: an absolute `https://` address or a path on the site (`/logo.png`); None
    /// writes the store's name instead.
    pub logo: Option<&'a str>,
    /// Where shoppers write with questions (None: they are sent to the site).
    pub support_email: Option<&'a str>,
}

impl Brand<'_> {
    /// `url` as an address a mail client can load: paths are made absolute on the site.
    pub fn absolute(&self, url: &str) -> String {
        if url.starts_with("https://") || url.starts_with("http://") {
            url.to_string()
        } else {
            format!("{}/{}", self.site_url, url.trim_start_matches('/'))
        }
    }
}

/// The brand color of links and buttons (indigo-700: 7.0:1 on white).
pub(super) const ACCENT: &str = "#4338ca";
/// Secondary text (slate-600: 7.6:1 on white).
pub(super) const MUTED: &str = "#475569";

/// A whole HTML email: `preheader` is the line inboxes show after the subject.
pub(super) fn page(brand: &Brand<'_>, subject: &str, preheader: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (subject) }
            }
            body style="margin:0;padding:0;background:#f1f5f9;color:#0f172a;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;line-height:1.5" {
                div style="display:none;max-height:0;overflow:hidden" { (preheader) }
                table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f1f5f9" {
                    tr { td align="center" style="padding:24px 12px" {
                        table role="presentation" width="100%" cellpadding="0" cellspacing="0"
                            style="max-width:560px;background:#ffffff;border:1px solid #e2e8f0;border-radius:12px" {
                            tr { td style="padding:20px 24px;border-bottom:1px solid #e2e8f0" {
                                a href=(brand.site_url) style="color:#0f172a;text-decoration:none;font-size:20px;font-weight:700" {
                                    @if let Some(logo) = brand.logo {
                                        img src=(brand.absolute(logo)) alt=(brand.name) height="32"
                                            style="display:block;height:32px;border:0";
                                    } @else {
                                        (brand.name)
                                    }
                                }
                            } }
                            tr { td style="padding:24px;font-size:15px" { (body) } }
                            tr { td style={"padding:16px 24px;border-top:1px solid #e2e8f0;font-size:13px;color:" (MUTED)} {
                                @if let Some(support) = brand.support_email {
                                    "Questions? Write to "
                                    a href={"mailto:" (support)} style={"color:" (ACCENT)} { (support) }
                                    " and we will help."
                                } @else {
                                    "Questions? Visit "
                                    a href=(brand.site_url) style={"color:" (ACCENT)} { (brand.site_url) }
                                    " and we will help."
                                }
                                br;
                                a href=(brand.site_url) style={"color:" (MUTED)} { (brand.name) }
                            } }
                        }
                    } }
                }
            }
        }
    }
    .into_string()
}

/// A whole text part: `body`, then the signature every email ends with.
pub(super) fn text(brand: &Brand<'_>, body: &str) -> String {
    let ask = match brand.support_email {
        Some(support) => format!("Write to {support}"),
        None => format!("Visit {}", brand.site_url),
    };
    format!(
        "{body}\n\nQuestions? {ask} and we will help.\n— {}\n{}\n",
        brand.name, brand.site_url
    )
}

/// A link drawn as a button.
pub(super) fn button(label: &str, href: &str) -> Markup {
    html! {
        p style="margin:24px 0" {
            a href=(href) style={"display:inline-block;background:" (ACCENT) ";color:#ffffff;padding:10px 18px;border-radius:8px;text-decoration:none;font-weight:600"} {
                (label)
            }
        }
    }
}

/// A paragraph of secondary text.
pub(super) fn note(text: &str) -> Markup {
    html! { p style={"font-size:13px;color:" (MUTED)} { (text) } }
}

/// "Hello Ada," or "Hello," for a nameless account.
pub(super) fn greeting(name: &str) -> String {
    if name.trim().is_empty() {
        "Hello,".to_string()
    } else {
        format!("Hello {},", name.trim())
    }
}
