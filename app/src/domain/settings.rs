//! The store's settings an admin edits in the dashboard (`/admin/store`): the announcement bar,
//! the returns and warranty terms, how fast orders leave and arrive, and the footer's pages
//! (Shipping, Returns, Warranty, Contact, Privacy, Terms) with their text.

use serde::{Deserialize, Serialize};

use super::delivery::{DayRange, DeliverySettings};
use super::money::Money;

/// Everything on the settings form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreSettings {
    pub show_announcement: bool,
    /// The bar's own text; empty: made of the free-shipping threshold, returns and warranty.
    pub announcement: String,
    /// Days after delivery a shopper may send an item back (0: no returns offered).
    pub returns_days: u16,
    /// Months of warranty on every product (0: none promised).
    pub warranty_months: u16,
    pub delivery: DeliverySettings,
}

impl Default for StoreSettings {
    fn default() -> Self {
        StoreSettings {
            show_announcement: true,
            announcement: String::new(),
            returns_days: 30,
            warranty_months: 24,
            delivery: DeliverySettings::default(),
        }
    }
}

/// The most characters of the announcement bar.
pub const ANNOUNCEMENT_MAX: usize = 160;

impl StoreSettings {
    /// The announcement bar's text, or None when it is off or would say nothing.
    pub fn announcement_text(&self, free_from: Option<Money>) -> Option<String> {
        if !self.show_announcement {
            return None;
        }
        let own = self.announcement.trim();
        if !own.is_empty() {
            return Some(own.to_string());
        }
        let parts: Vec<String> = [
            free_from.map(|m| format!("Free shipping over {}", whole_money(m))),
            self.returns_phrase().map(|r| capitalize(&r)),
            self.warranty_phrase().map(|w| capitalize(&w)),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// "30-day returns", or None when returns are not offered.
    pub fn returns_phrase(&self) -> Option<String> {
        (self.returns_days > 0).then(|| format!("{}-day returns", self.returns_days))
    }

    /// "2-year warranty" ("18-month warranty"), or None when no warranty is promised.
    pub fn warranty_phrase(&self) -> Option<String> {
        warranty_phrase(self.warranty_months)
    }
}

/// "2-year warranty" for 24 months, "18-month warranty" for 18; None for 0.
pub fn warranty_phrase(months: u16) -> Option<String> {
    match months {
        0 => None,
        m if m % 12 == 0 => Some(format!("{}-year warranty", m / 12)),
        m => Some(format!("{m}-month warranty")),
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// "$100" for whole amounts, "$99.50" otherwise.
fn whole_money(money: Money) -> String {
    let text = money.to_string();
    text.strip_suffix(".00")
        .map_or(text.clone(), str::to_string)
}

/// The settings form as typed (every field text, so a mistake keeps what was typed). A field
/// left out is empty (an unchecked box sends nothing: false).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub show_announcement: bool,
    pub announcement: String,
    pub returns_days: String,
    pub warranty_months: String,
    pub handling_days: String,
    /// "14:00".
    pub cutoff: String,
    pub time_zone: String,
    pub standard_min_days: String,
    pub standard_max_days: String,
    pub express_min_days: String,
    pub express_max_days: String,
}

impl SettingsForm {
    /// The form filled with the current settings.
    pub fn of(settings: &StoreSettings) -> SettingsForm {
        let d = &settings.delivery;
        SettingsForm {
            show_announcement: settings.show_announcement,
            announcement: settings.announcement.clone(),
            returns_days: settings.returns_days.to_string(),
            warranty_months: settings.warranty_months.to_string(),
            handling_days: d.handling_days.to_string(),
            cutoff: format!("{:02}:{:02}", d.cutoff_minute / 60, d.cutoff_minute % 60),
            time_zone: d.time_zone.clone(),
            standard_min_days: d.standard.min.to_string(),
            standard_max_days: d.standard.max.to_string(),
            express_min_days: d.express.min.to_string(),
            express_max_days: d.express.max.to_string(),
        }
    }

    /// The settings, or every mistake (field, message) at once. The time zone is only checked
    /// for its shape here; the database knows which zones exist.
    pub fn validate(&self) -> Result<StoreSettings, Vec<(&'static str, String)>> {
        let mut mistakes = Vec::new();
        let mut number = |field: &'static str, text: &str, most: u16, what: &str| -> u16 {
            match text.trim().parse::<u16>() {
                Ok(n) if n <= most => n,
                _ => {
                    mistakes.push((
                        field,
                        format!("Enter {what}, a whole number from 0 to {most}."),
                    ));
                    0
                }
            }
        };
        let returns_days = number("returns_days", &self.returns_days, 365, "the days");
        let warranty_months = number("warranty_months", &self.warranty_months, 120, "the months");
        let handling_days = number(
            "handling_days",
            &self.handling_days,
            30,
            "the business days",
        );
        let standard = DayRange {
            min: number(
                "standard_min_days",
                &self.standard_min_days,
                60,
                "the business days",
            ) as u8,
            max: number(
                "standard_max_days",
                &self.standard_max_days,
                60,
                "the business days",
            ) as u8,
        };
        let express = DayRange {
            min: number(
                "express_min_days",
                &self.express_min_days,
                60,
                "the business days",
            ) as u8,
            max: number(
                "express_max_days",
                &self.express_max_days,
                60,
                "the business days",
            ) as u8,
        };
        for (field, range) in [
            ("standard_max_days", standard),
            ("express_max_days", express),
        ] {
            if range.max < range.min && !mistakes.iter().any(|(f, _)| *f == field) {
                mistakes.push((
                    field,
                    "The longest time can't be shorter than the shortest.".into(),
                ));
            }
        }
        let cutoff_minute = parse_clock(&self.cutoff).unwrap_or_else(|| {
            mistakes.push(("cutoff", "Enter a time of day like 14:00.".into()));
            0
        });
        let time_zone = self.time_zone.trim().to_string();
        if !valid_zone_name(&time_zone) {
            mistakes.push((
                "time_zone",
                "Enter a time zone name like America/New_York or Europe/Paris.".into(),
            ));
        }
        let announcement = self.announcement.trim().to_string();
        if announcement.chars().count() > ANNOUNCEMENT_MAX {
            mistakes.push((
                "announcement",
                format!("Keep the announcement to {ANNOUNCEMENT_MAX} characters."),
            ));
        }
        if !mistakes.is_empty() {
            return Err(mistakes);
        }
        Ok(StoreSettings {
            show_announcement: self.show_announcement,
            announcement,
            returns_days,
            warranty_months,
            delivery: DeliverySettings {
                handling_days: handling_days as u8,
                cutoff_minute,
                time_zone,
                standard,
                express,
            },
        })
    }
}

/// "14:00" or "9:30" → minutes after midnight.
fn parse_clock(text: &str) -> Option<u16> {
    let (h, m) = text.trim().split_once(':')?;
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !(1..=2).contains(&h.len()) || m.len() != 2 || !digits(h) || !digits(m) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// An IANA zone name's shape ("UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+5").
fn valid_zone_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && !name.starts_with('/')
        && !name.ends_with('/')
        && !name.contains("//")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b))
}

/// The placeholders a page's text may use, filled from the settings when it is shown, so the
/// pages follow the settings: (placeholder, what it becomes).
pub const PLACEHOLDERS: [(&str, &str); 6] = [
    ("{returns_days}", "the returns window in days: 30"),
    ("{warranty}", "the warranty's length: 2-year"),
    ("{cutoff}", "the daily cut-off: 2:00 pm"),
    ("{dispatch}", "when orders before it leave: the same day"),
    (
        "{standard_days}",
        "standard shipping's business days: 3 to 5",
    ),
    ("{express_days}", "express shipping's business days: 1 to 2"),
];

/// A page's text with its placeholders filled from the settings; anything else in braces is
/// left as written.
pub fn fill_placeholders(body: &str, settings: &StoreSettings) -> String {
    let d = &settings.delivery;
    let days = |r: super::delivery::DayRange| {
        if r.min >= r.max {
            r.max.max(r.min).to_string()
        } else {
            format!("{} to {}", r.min, r.max)
        }
    };
    let (hour, minute) = (d.cutoff_minute / 60, d.cutoff_minute % 60);
    let cutoff = format!(
        "{}:{minute:02} {}",
        match hour % 12 {
            0 => 12,
            h => h,
        },
        if hour < 12 { "am" } else { "pm" }
    );
    let dispatch = match d.handling_days {
        0 => "the same day".to_string(),
        1 => "the next business day".to_string(),
        n => format!("{n} business days later"),
    };
    let warranty = match settings.warranty_months {
        m if m % 12 == 0 && m > 0 => format!("{}-year", m / 12),
        m => format!("{m}-month"),
    };
    [
        ("{returns_days}", settings.returns_days.to_string()),
        ("{warranty}", warranty),
        ("{cutoff}", cutoff),
        ("{dispatch}", dispatch),
        ("{standard_days}", days(d.standard)),
        ("{express_days}", days(d.express)),
    ]
    .into_iter()
    .fold(body.to_string(), |text, (placeholder, value)| {
        text.replace(placeholder, &value)
    })
}

/// The footer's pages, in their order: (address part, title).
pub const PAGES: [(&str, &str); 6] = [
    ("shipping", "Shipping"),
    ("returns", "Returns"),
    ("warranty", "Warranty"),
    ("contact", "Contact"),
    ("privacy", "Privacy"),
    ("terms", "Terms"),
];

/// One of the footer's pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorePage {
    pub slug: String,
    pub title: String,
    /// As the admin wrote it: blank lines between paragraphs, "## " headings, "- " items.
    pub body: String,
    /// When it was last changed (Unix seconds).
    pub updated_at: i64,
}

/// The largest page text.
pub const PAGE_BODY_MAX: usize = 20_000;

/// A block of a page's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    List(Vec<String>),
}

/// A page's text as blocks: a "## " line is a heading, consecutive "- " lines a list, other
/// lines up to a blank line a paragraph. Text only (rendered escaped): no markup to sanitize.
pub fn blocks(body: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    fn flush(out: &mut Vec<Block>, paragraph: &mut Vec<&str>, items: &mut Vec<String>) {
        if !paragraph.is_empty() {
            out.push(Block::Paragraph(paragraph.join(" ")));
            paragraph.clear();
        }
        if !items.is_empty() {
            out.push(Block::List(std::mem::take(items)));
        }
    }
    for line in body.lines().map(str::trim) {
        if let Some(heading) = line.strip_prefix("## ") {
            flush(&mut out, &mut paragraph, &mut items);
            out.push(Block::Heading(heading.trim().to_string()));
        } else if let Some(item) = line.strip_prefix("- ") {
            if !paragraph.is_empty() {
                flush(&mut out, &mut paragraph, &mut items);
            }
            items.push(item.trim().to_string());
        } else if line.is_empty() {
            flush(&mut out, &mut paragraph, &mut items);
        } else {
            if !items.is_empty() {
                flush(&mut out, &mut paragraph, &mut items);
            }
            paragraph.push(line);
        }
    }
    flush(&mut out, &mut paragraph, &mut items);
    out
}

/// A page as an admin saves it: a title and a text within bounds.
pub fn validate_page(
    slug: &str,
    title: &str,
    body: &str,
) -> Result<(String, String), Vec<(&'static str, String)>> {
    let mut mistakes = Vec::new();
    if !PAGES.iter().any(|(s, _)| *s == slug) {
        mistakes.push(("slug", "There is no such page.".to_string()));
    }
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 100 {
        mistakes.push((
            "title",
            "Give the page a title of at most 100 characters.".into(),
        ));
    }
    let body = body.trim();
    if body.is_empty() {
        mistakes.push(("body", "Write the page's text.".into()));
    } else if body.chars().count() > PAGE_BODY_MAX {
        mistakes.push((
            "body",
            format!("Keep the text to {PAGE_BODY_MAX} characters."),
        ));
    }
    if mistakes.is_empty() {
        Ok((title.to_string(), body.replace("\r\n", "\n")))
    } else {
        Err(mistakes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;

    #[test]
    fn the_announcement_is_made_of_the_terms_unless_written() {
        let mut s = StoreSettings::default();
        let free = Some(Money::new(10_000, Currency::Usd));
        assert_eq!(
            s.announcement_text(free).as_deref(),
            Some("Free shipping over $100 · 30-day returns · 2-year warranty")
        );
        s.warranty_months = 18;
        s.returns_days = 0;
        assert_eq!(
            s.announcement_text(Some(Money::new(4_950, Currency::Usd)))
                .as_deref(),
            Some("Free shipping over $49.50 · 18-month warranty")
        );
        s.warranty_months = 0;
        assert_eq!(s.announcement_text(None), None);
        s.announcement = "  Closed for the holidays until Jan 4  ".into();
        assert_eq!(
            s.announcement_text(None).as_deref(),
            Some("Closed for the holidays until Jan 4")
        );
        s.show_announcement = false;
        assert_eq!(s.announcement_text(free), None);
    }

    #[test]
    fn the_form_round_trips_and_reports_every_mistake() {
        let settings = StoreSettings::default();
        assert_eq!(SettingsForm::of(&settings).validate(), Ok(settings));
        let form = SettingsForm {
            returns_days: "thirty".into(),
            warranty_months: "-1".into(),
            cutoff: "25:00".into(),
            time_zone: "../etc/passwd".into(),
            standard_min_days: "5".into(),
            standard_max_days: "3".into(),
            express_min_days: "1".into(),
            express_max_days: "2".into(),
            handling_days: "31".into(),
            announcement: "x".repeat(161),
            show_announcement: true,
        };
        let fields: Vec<&str> = form
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            [
                "returns_days",
                "warranty_months",
                "handling_days",
                "standard_max_days",
                "cutoff",
                "time_zone",
                "announcement"
            ]
        );
    }

    #[test]
    fn clock_times_and_zone_names() {
        assert_eq!(parse_clock("14:00"), Some(840));
        assert_eq!(parse_clock("9:05"), Some(545));
        assert_eq!(parse_clock("23:59"), Some(1439));
        for bad in ["24:00", "12:60", "12", "12:5", "noon", ":30", "1:2:3"] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
        for good in [
            "UTC",
            "America/Argentina/Buenos_Aires",
            "Etc/GMT+5",
            "Europe/Paris",
        ] {
            assert!(valid_zone_name(good), "{good}");
        }
        for bad in [
            "",
            "/etc",
            "Europe//Paris",
            "Europe/Paris/",
            "Europe/Pa ris",
            "x'; drop",
        ] {
            assert!(!valid_zone_name(bad), "{bad}");
        }
    }

    #[test]
    fn page_text_becomes_headings_paragraphs_and_lists() {
        let body = "First line\nsame paragraph.\n\n## Times\n- one\n- two\nAfter the list.\n\n<b>not markup</b>";
        assert_eq!(
            blocks(body),
            vec![
                Block::Paragraph("First line same paragraph.".into()),
                Block::Heading("Times".into()),
                Block::List(vec!["one".into(), "two".into()]),
                Block::Paragraph("After the list.".into()),
                Block::Paragraph("<b>not markup</b>".into()),
            ]
        );
        assert!(blocks("\n\n").is_empty());
    }

    #[test]
    fn pages_are_checked_before_saving() {
        assert!(validate_page("returns", "Returns", "Within 30 days.").is_ok());
        fn fields(r: Result<(String, String), Vec<(&'static str, String)>>) -> Vec<&'static str> {
            r.unwrap_err().into_iter().map(|(f, _)| f).collect()
        }
        assert_eq!(
            fields(validate_page("about", " ", "")),
            ["slug", "title", "body"]
        );
        assert_eq!(
            fields(validate_page(
                "terms",
                "Terms",
                &"x".repeat(PAGE_BODY_MAX + 1)
            )),
            ["body"]
        );
    }

    #[test]
    fn pages_follow_the_settings_through_placeholders() {
        let body = "Within {returns_days} days; a {warranty} warranty; before {cutoff} it leaves {dispatch}; {standard_days} or {express_days} days. {unknown} stays.";
        assert_eq!(
            fill_placeholders(body, &StoreSettings::default()),
            "Within 30 days; a 2-year warranty; before 2:00 pm it leaves the same day; 3 to 5 or 1 to 2 days. {unknown} stays."
        );
        let mut s = StoreSettings {
            returns_days: 14,
            warranty_months: 18,
            ..StoreSettings::default()
        };
        s.delivery.cutoff_minute = 9 * 60 + 30;
        s.delivery.handling_days = 2;
        s.delivery.express = DayRange { min: 1, max: 1 };
        assert_eq!(
            fill_placeholders(
                "{returns_days} {warranty} {cutoff} {dispatch} {express_days}",
                &s
            ),
            "14 18-month 9:30 am 2 business days later 1"
        );
        s.delivery.cutoff_minute = 0;
        s.delivery.handling_days = 1;
        assert_eq!(
            fill_placeholders("{cutoff} {dispatch}", &s),
            "12:00 am the next business day"
        );
    }
}
