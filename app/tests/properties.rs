#![cfg(feature = "ssr")]
//! Property tests (bounded fuzzing) of the parsers that read raw input from outside: the
//! listing query string, CSV imports, and the webhook signature header. Each runs
//! `PROPTEST_CASES` cases (256 by default; `scripts/test` sets more), on arbitrary input and on
//! input shaped like the real thing, and checks that the parser never panics and keeps its
//! promises.

use app::domain::csv;
use app::domain::money::Currency;
use app::domain::query::{CatalogQuery, MAX_BRANDS, MAX_PAGE, MAX_TEXT_CHARS};
use proptest::prelude::*;

/// Query strings made of the listing's own keys with hostile values, and plain noise.
fn query_strings() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("q"),
        Just("brand"),
        Just("min"),
        Just("max"),
        Just("in_stock"),
        Just("sort"),
        Just("page"),
        Just("other"),
    ];
    let value = prop_oneof![
        any::<String>(),
        any::<i64>().prop_map(|n| n.to_string()),
        "[0-9]{0,30}(\\.[0-9]{0,4})?",
        "(%[0-9A-Fa-f]{2}|[a-z+&=;])*",
    ];
    let pairs = prop::collection::vec((key, value), 0..40).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    });
    prop_oneof![pairs, any::<String>()]
}

proptest! {
    #[test]
    fn a_listing_query_is_always_clamped_and_canonical(raw in query_strings()) {
        for currency in [Currency::Usd, Currency::Eur] {
            let q = CatalogQuery::from_query_string(&raw, currency);
            prop_assert!((1..=MAX_PAGE).contains(&q.page));
            prop_assert!(q.brands.len() <= MAX_BRANDS);
            if let Some(text) = &q.text {
                prop_assert!(!text.is_empty() && text.chars().count() <= MAX_TEXT_CHARS);
                prop_assert!(!text.chars().any(char::is_control));
            }
            if let (Some(min), Some(max)) = (q.min_price, q.max_price) {
                prop_assert!(min <= max);
            }
            // The canonical form reads back as the same query.
            let again = CatalogQuery::from_query_string(&q.to_query_string(currency), currency);
            prop_assert_eq!(&again, &q);
            prop_assert!(q.words().len() <= app::domain::query::MAX_WORDS);
        }
    }

    #[test]
    fn any_text_is_read_as_csv_or_refused_with_a_line(text in any::<String>()) {
        let lines = text.matches(['\n', '\r']).count() + 1;
        match csv::parse(&text) {
            Ok(records) => {
                for (line, _) in records {
                    prop_assert!(line >= 1 && line <= lines);
                }
            }
            Err(error) => prop_assert!(error.line >= 1 && error.line <= lines),
        }
    }

    #[test]
    fn written_csv_reads_back_cell_for_cell(
        rows in prop::collection::vec(
            prop::collection::vec(any::<String>().prop_filter("no leading quote", |c| !c.starts_with('\'')), 2..6),
            1..8,
        )
    ) {
        let text = rows
            .iter()
            .map(|row| row.iter().map(|c| csv::cell(c)).collect::<Vec<_>>().join(","))
            .collect::<Vec<_>>()
            .join("\r\n");
        let records = csv::parse(&text).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let read: Vec<Vec<String>> = records
            .into_iter()
            .map(|(_, cells)| cells.iter().map(|c| csv::uncell(c).to_string()).collect())
            .collect();
        prop_assert_eq!(read, rows);
    }

    #[test]
    fn any_signature_header_is_checked_without_panicking(
        header in prop_oneof![
            any::<String>(),
            (any::<i64>(), "[0-9a-fA-F]{0,70}").prop_map(|(t, v)| format!("t={t},v1={v}")),
            "(t|v1|v0|x)=[-0-9a-f]{0,25}(,(t|v1|v0)=[-0-9a-f]{0,70}){0,4}",
        ],
        now in any::<i64>(),
        body in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let _ = app::payments::signature::verify("whsec_fuzz", &header, &body, now);
    }

    #[test]
    fn only_the_signed_body_at_the_signed_time_verifies(
        secret in "[a-zA-Z0-9_]{1,40}",
        body in prop::collection::vec(any::<u8>(), 1..256),
        timestamp in 0_i64..4_000_000_000,
        flip in any::<prop::sample::Index>(),
    ) {
        use app::payments::signature::{sign, verify};
        let header = sign(&secret, timestamp, &body);
        prop_assert!(verify(&secret, &header, &body, timestamp + 10).is_ok());
        let mut tampered = body.clone();
        let at = flip.index(tampered.len());
        tampered[at] ^= 0x01;
        prop_assert!(verify(&secret, &header, &tampered, timestamp).is_err());
        let other_secret = format!("{secret}x");
        prop_assert!(verify(&other_secret, &header, &body, timestamp).is_err());
        prop_assert!(verify(&secret, &header, &body, timestamp + 100_000).is_err());
    }
}
