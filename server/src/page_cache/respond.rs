//! A cached page's bytes (built once per render) and the answers made from them.

use std::io::Write;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

use super::{Entry, PageCache, CACHE_HEADER, KEPT_HEADERS};

/// The encoding to send: brotli, then gzip, then none, as the request accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

pub fn negotiate(headers: &HeaderMap) -> Encoding {
    let mut accepts = (false, false);
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    == Some(0.0)
            });
            if refused {
                continue;
            }
            if name.eq_ignore_ascii_case("br") {
                accepts.0 = true;
            } else if name.eq_ignore_ascii_case("gzip") {
                accepts.1 = true;
            }
        }
    }
    match accepts {
        (true, _) => Encoding::Brotli,
        (false, true) => Encoding::Gzip,
        _ => Encoding::Identity,
    }
}

/// The brotli window for a body of `len` bytes: as large as the body (a bigger one only costs
/// memory), from 64 KiB up to brotli's usual 4 MiB.
pub(super) fn brotli_window(len: usize) -> u32 {
    let bits = usize::BITS - len.max(1).leading_zeros();
    bits.clamp(16, 22)
}

pub(super) fn build_entry(parts: &axum::http::response::Parts, identity: Bytes) -> Entry {
    use sha2::{Digest, Sha256};
    let mut headers = HeaderMap::new();
    for name in KEPT_HEADERS {
        if let Some(value) = parts.headers.get(&name) {
            headers.insert(name, value.clone());
        }
    }
    let digest = Sha256::digest(&identity);
    let etag = format!(
        "\"{}\"",
        digest[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let mut br = Vec::with_capacity(identity.len() / 4);
    {
        let mut writer =
            brotli::CompressorWriter::new(&mut br, 4096, 6, brotli_window(identity.len()));
        let _ = writer.write_all(&identity);
    }
    let mut gzip = flate2::write::GzEncoder::new(
        Vec::with_capacity(identity.len() / 3),
        flate2::Compression::new(6),
    );
    let _ = gzip.write_all(&identity);
    Entry {
        rendered: std::time::Instant::now(),
        headers,
        etag: HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"0\"")),
        br: Bytes::from(br),
        gzip: Bytes::from(gzip.finish().unwrap_or_default()),
        identity,
        route: parts
            .extensions
            .get::<crate::routes::metrics::Route>()
            .cloned(),
    }
}

/// A page served from the cache.
pub(super) fn hit(
    cache: &PageCache,
    entry: &Entry,
    encoding: Encoding,
    if_none_match: Option<&HeaderValue>,
) -> Response {
    metrics::counter!("oxcart_page_cache_total", "result" => "hit").increment(1);
    answer(cache, entry, encoding, if_none_match, "hit")
}

pub(super) fn answer(
    cache: &PageCache,
    entry: &Entry,
    encoding: Encoding,
    if_none_match: Option<&HeaderValue>,
    how: &'static str,
) -> Response {
    let not_modified = if_none_match
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == entry.etag));
    let (status, body, content_encoding) = if not_modified {
        (StatusCode::NOT_MODIFIED, Bytes::new(), None)
    } else {
        match encoding {
            Encoding::Brotli => (StatusCode::OK, entry.br.clone(), Some("br")),
            Encoding::Gzip => (StatusCode::OK, entry.gzip.clone(), Some("gzip")),
            Encoding::Identity => (StatusCode::OK, entry.identity.clone(), None),
        }
    };
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    let headers = res.headers_mut();
    headers.extend(entry.headers.clone());
    headers.insert(header::ETAG, entry.etag.clone());
    headers.insert(header::CACHE_CONTROL, cache.cache_control.clone());
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(CACHE_HEADER, HeaderValue::from_static(how));
    if let Some(encoding) = content_encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    if let Some(route) = &entry.route {
        res.extensions_mut().insert(route.clone());
    }
    res
}
