//! Unit tests of the page cache's pure parts.

use super::respond::{brotli_window, negotiate, Encoding};
use super::*;
use axum::http::{header, HeaderMap, HeaderValue};

fn with(name: header::HeaderName, value: &'static str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.append(name, HeaderValue::from_static(value));
    headers
}

#[test]
fn only_catalog_pages_are_shared() {
    for path in [
        "/",
        "/search",
        "/c/graphics-cards",
        "/p/some-card",
        "/api/catalog/listing",
        "/api/catalog/product",
    ] {
        assert!(is_catalog_page(path), "{path}");
    }
    for path in [
        "/c/",
        "/p/",
        "/cart",
        "/checkout",
        "/account",
        "/admin",
        "/api/cart",
        "/api/catalog/listing/x",
        "/orders/A1",
    ] {
        assert!(!is_catalog_page(path), "{path}");
    }
}

#[test]
fn the_brotli_window_fits_the_page() {
    assert_eq!(brotli_window(0), 16);
    assert_eq!(brotli_window(40_000), 16);
    assert_eq!(brotli_window(115_000), 17);
    assert_eq!(brotli_window(1 << 20), 21);
    assert_eq!(brotli_window(50 << 20), 22);
}

#[test]
fn browsers_revalidate_and_a_cdn_keeps_pages_briefly() {
    assert_eq!(
        cache_control(1),
        "public, max-age=0, s-maxage=1, stale-while-revalidate=1"
    );
    assert_eq!(cache_control(0), "public, no-cache");
}

#[test]
fn encodings_follow_what_the_browser_accepts() {
    let br = with(header::ACCEPT_ENCODING, "gzip, deflate, br, zstd");
    assert_eq!(negotiate(&br), Encoding::Brotli);
    let gzip = with(header::ACCEPT_ENCODING, "gzip;q=1.0, br;q=0");
    assert_eq!(negotiate(&gzip), Encoding::Gzip);
    assert_eq!(
        negotiate(&with(header::ACCEPT_ENCODING, "identity")),
        Encoding::Identity
    );
    assert_eq!(negotiate(&HeaderMap::new()), Encoding::Identity);
}
