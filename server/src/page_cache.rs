//! The rendered-page cache: catalog pages (`/`, `/search`, `/c/…`, `/p/…`) and the catalog's
//! read-only server functions (`/api/catalog/…`, GET) kept in memory by path and query and
//! served without rendering or touching the database.
//!
//! - **Who gets cached pages.** Everyone, signed in or not, on GET and HEAD (only GET renders
//!   are stored: the router strips a HEAD answer's body before it gets here). A catalog page
//!   depends only on the URL and the catalog: the cart lives in the browser, and who is signed in
//!   is loaded by the browser after hydration (`context::session`), so no render carries a
//!   visitor's identity and every visitor gets the same bytes.
//! - **What is kept.** Successful HTML (pages) and JSON (functions) answers that set no cookie, stored once uncompressed and
//!   once each compressed with brotli and gzip, with a strong `ETag` (a `304` answers a matching
//!   `If-None-Match`). The page's Content-Security-Policy nonce is the one of the render that
//!   was cached, so visitors share it for as long as the entry lives, as they would behind a CDN.
//! - **Shared caches.** Cached pages say `Cache-Control: public, max-age=0, s-maxage=N,
//!   stale-while-revalidate=N` (`OXCART_CDN_SECONDS`, 1): browsers revalidate with the ETag, a
//!   CDN may serve a page for N seconds and N more while it fetches a fresh one.
//! - **Staleness.** Every write to the catalog (products, variants and their stock, images,
//!   categories) records a domain event (`product.changed`, `stock.changed`,
//!   `category.changed`) in its transaction; the relay publishes it to the Redis stream within
//!   milliseconds of the commit, and every instance's stream reader (`live::Hub`) hands it to
//!   this cache, which drops every page at once (`DomainEvent::changes_catalog_pages`: a stock
//!   change that leaves every status a page shows as it was, "In stock" before and after, is
//!   not news to a page and drops nothing). A render that was running when a change
//!   landed is not stored (the cache's generation moved on). While the reader is disconnected
//!   the cache is bypassed, and it is emptied when the reader is back, so a missed event can
//!   never leave a stale page behind; and no page is served more than [`MAX_AGE`] after its
//!   render, whatever happens to the relay. Prices and stock at add-to-cart, checkout and
//!   placing an order never come from here: those are server functions reading the database.
//! - **One render per page.** Requests for a page that is being rendered wait for that render
//!   (up to [`WAIT_FOR_RENDER`]) instead of rendering it again, so a burst of visitors on a cold
//!   page costs one render, not one each. Compressing a new entry runs on blocking threads, at
//!   most as many at once as the machine has cores, with a brotli window sized to the page.
//! - **Size.** At most `OXCART_PAGE_CACHE_MB` of bodies (64; 0 turns the cache off); when a new
//!   page would not fit, the cache is emptied and refilled by the next requests.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use tokio::sync::{Notify, Semaphore};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::broadcast::error::RecvError;

use crate::live::Hub;

/// The longest a page is served after its render (events keep it fresh; this bounds the harm
/// of a relay that stopped publishing).
pub const MAX_AGE: Duration = Duration::from_secs(60);
/// The largest page body kept (a catalog page is about 30–120 KB).
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;
/// Response headers a cached page keeps.
const KEPT_HEADERS: [header::HeaderName; 2] =
    [header::CONTENT_TYPE, header::CONTENT_SECURITY_POLICY];
/// How long a request waits for another request's render of the same page before rendering
/// the page itself.
const WAIT_FOR_RENDER: Duration = Duration::from_secs(5);
/// Says whether an answer came from the cache (`hit`), was rendered and stored (`miss`) or
/// was rendered without being stored (`bypass`).
pub const CACHE_HEADER: &str = "x-oxcart-cache";

/// One cached page.
struct Entry {
    rendered: std::time::Instant,
    headers: HeaderMap,
    etag: HeaderValue,
    identity: Bytes,
    br: Bytes,
    gzip: Bytes,
    /// What the metrics middleware records as the route.
    route: Option<crate::routes::metrics::Route>,
}

impl Entry {
    fn weight(&self) -> usize {
        self.identity.len() + self.br.len() + self.gzip.len()
    }
}

#[derive(Default)]
struct Pages {
    map: HashMap<String, Arc<Entry>>,
    bytes: usize,
}

/// The cache shared by every request of this instance.
pub struct PageCache {
    pages: RwLock<Pages>,
    /// Moves on every invalidation; a render that started under another generation is not kept.
    generation: AtomicU64,
    /// True while the stream reader is connected; the cache is bypassed otherwise.
    live: AtomicBool,
    max_bytes: usize,
    /// What cached pages tell browsers and shared caches.
    cache_control: HeaderValue,
    /// Pages being rendered now, each with the signal its waiters wait for.
    rendering: Mutex<HashMap<String, Arc<Notify>>>,
    /// Bounds how many new entries are compressed at once (brotli needs megabytes each).
    compressing: Semaphore,
}

impl PageCache {
    /// A cache of at most `max_bytes` (0: off), emptied by the catalog events `hub` reads; a
    /// CDN may keep its pages for `cdn_seconds`.
    pub fn start(hub: &Hub, max_bytes: usize, cdn_seconds: u32) -> Arc<PageCache> {
        let cache = Arc::new(PageCache {
            pages: RwLock::default(),
            generation: AtomicU64::new(0),
            live: AtomicBool::new(false),
            max_bytes,
            cache_control: cache_control(cdn_seconds),
            rendering: Mutex::default(),
            compressing: Semaphore::new(
                std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get),
            ),
        });
        if max_bytes > 0 {
            tokio::spawn(follow(
                hub.subscribe(),
                hub.connected(),
                Arc::downgrade(&cache),
            ));
        }
        cache
    }

    /// Drops every page (a catalog change, or the stream reader reconnected).
    pub fn clear(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        *pages = Pages::default();
    }

    fn usable(&self) -> bool {
        self.max_bytes > 0 && self.live.load(Ordering::SeqCst)
    }

    fn get(&self, key: &str) -> Option<Arc<Entry>> {
        let pages = self.pages.read().unwrap_or_else(|e| e.into_inner());
        pages
            .map
            .get(key)
            .filter(|entry| entry.rendered.elapsed() < MAX_AGE)
            .cloned()
    }

    /// Keeps `entry` unless the catalog changed since `generation` was read.
    fn put(&self, key: String, entry: Arc<Entry>, generation: u64) {
        let weight = entry.weight();
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        // Checked under the lock that `clear` takes, so a clear cannot slip in between.
        if self.generation.load(Ordering::SeqCst) != generation || weight > self.max_bytes {
            return;
        }
        if pages.bytes + weight > self.max_bytes {
            *pages = Pages::default();
        }
        pages.bytes += weight;
        if let Some(old) = pages.map.insert(key, entry) {
            pages.bytes -= old.weight();
        }
    }
}

/// Follows the stream reader until the cache is dropped: a catalog event, a reader that
/// reconnected or events missed (this follower fell behind) empty the cache; while the reader
/// is disconnected, the cache is bypassed.
async fn follow(
    mut events: tokio::sync::broadcast::Receiver<crate::live::Live>,
    mut connected: tokio::sync::watch::Receiver<bool>,
    cache: std::sync::Weak<PageCache>,
) {
    if *connected.borrow_and_update() {
        let Some(c) = cache.upgrade() else { return };
        c.live.store(true, Ordering::SeqCst);
    }
    loop {
        let clear = tokio::select! {
            changed = connected.changed() => {
                if changed.is_err() {
                    return;
                }
                let up = *connected.borrow_and_update();
                let Some(c) = cache.upgrade() else { return };
                if up {
                    c.clear();
                } else {
                    tracing::warn!("page cache: the event stream reader is disconnected; bypassing the cache");
                }
                c.live.store(up, Ordering::SeqCst);
                false
            }
            got = events.recv() => match got {
                Ok(live) => live.1.changes_catalog_pages(),
                Err(RecvError::Lagged(_)) => true,
                Err(RecvError::Closed) => return,
            },
        };
        if clear {
            let Some(c) = cache.upgrade() else { return };
            c.clear();
        }
    }
}

/// `Cache-Control` for shared pages: browsers revalidate every time (cheap, with the ETag); a
/// CDN may serve a page for `cdn_seconds` and as long again while it revalidates.
pub fn cache_control(cdn_seconds: u32) -> HeaderValue {
    if cdn_seconds == 0 {
        return HeaderValue::from_static("public, no-cache");
    }
    HeaderValue::from_str(&format!(
        "public, max-age=0, s-maxage={cdn_seconds}, stale-while-revalidate={cdn_seconds}"
    ))
    .unwrap_or(HeaderValue::from_static("public, no-cache"))
}

/// The catalog's read-only server functions (GET), which pages call when the browser navigates:
/// the same for every caller, so cached beside the pages.
const CATALOG_FUNCTIONS: [&str; 5] = [
    "/api/catalog/categories",
    "/api/catalog/home",
    "/api/catalog/listing",
    "/api/catalog/product",
    "/api/catalog/suggest",
];

/// Whether `path` is a catalog page, or a catalog server function, whose answer can be shared.
pub fn is_catalog_page(path: &str) -> bool {
    path == "/"
        || path == "/search"
        || CATALOG_FUNCTIONS.contains(&path)
        || path
            .strip_prefix("/c/")
            .is_some_and(|rest| !rest.is_empty())
        || path
            .strip_prefix("/p/")
            .is_some_and(|rest| !rest.is_empty())
}

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

/// Middleware around the app's routes: serves catalog pages from the cache, and stores what it
/// renders.
pub async fn serve(State(cache): State<Arc<PageCache>>, req: Request, next: Next) -> Response {
    let cacheable_request = (req.method() == Method::GET || req.method() == Method::HEAD)
        && is_catalog_page(req.uri().path());
    if !cacheable_request || !cache.usable() {
        return next.run(req).await;
    }
    let key = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |p| p.as_str().to_owned());
    let encoding = negotiate(req.headers());
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    if let Some(entry) = cache.get(&key) {
        return hit(&cache, &entry, encoding, if_none_match.as_ref());
    }
    // A HEAD answer reaches this layer with its body already removed by the router: only
    // GET renders are stored.
    if req.method() != Method::GET {
        return next.run(req).await;
    }
    // One render per page: if another request is rendering it, wait for that render.
    let turn = {
        let mut rendering = cache.rendering.lock().unwrap_or_else(|e| e.into_inner());
        match rendering.get(&key) {
            Some(notify) => Err(notify.clone()),
            None => {
                rendering.insert(key.clone(), Arc::new(Notify::new()));
                Ok(Rendering {
                    cache: cache.clone(),
                    key: key.clone(),
                })
            }
        }
    };
    let _rendering = match turn {
        Ok(rendering) => rendering,
        Err(notify) => {
            let done = notify.notified();
            // The render may have finished between the lookup above and now.
            if let Some(entry) = cache.get(&key) {
                return hit(&cache, &entry, encoding, if_none_match.as_ref());
            }
            let still_rendering = cache
                .rendering
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&key)
                .is_some_and(|current| Arc::ptr_eq(current, &notify));
            if still_rendering {
                let _ = tokio::time::timeout(WAIT_FOR_RENDER, done).await;
            }
            if let Some(entry) = cache.get(&key) {
                return hit(&cache, &entry, encoding, if_none_match.as_ref());
            }
            // That render was not kept (an error page, a catalog change meanwhile): render.
            metrics::counter!("oxcart_page_cache_total", "result" => "bypass").increment(1);
            return next.run(req).await;
        }
    };
    let generation = cache.generation.load(Ordering::SeqCst);
    let res = next.run(req).await;
    let storable = res.status() == StatusCode::OK
        && !res.headers().contains_key(header::SET_COOKIE)
        && !res.headers().contains_key(header::CONTENT_ENCODING)
        && res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"));
    if !storable {
        metrics::counter!("oxcart_page_cache_total", "result" => "bypass").increment(1);
        return res;
    }
    let (parts, body) = res.into_parts();
    let body = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(body) => body,
        Err(error) => {
            tracing::warn!(%error, "page not cached: its body could not be read");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let permit = cache.compressing.acquire().await;
    let entry = match tokio::task::spawn_blocking(move || build_entry(&parts, body)).await {
        Ok(entry) => Arc::new(entry),
        Err(error) => {
            tracing::error!(%error, "page compression failed");
            let mut res = Response::new(Body::from("Something went wrong on our side."));
            *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return res;
        }
    };
    drop(permit);
    metrics::counter!("oxcart_page_cache_total", "result" => "miss").increment(1);
    cache.put(key, entry.clone(), generation);
    answer(&cache, &entry, encoding, if_none_match.as_ref(), "miss")
}

/// The render of one page in progress. Dropping it (the render finished, failed, or its client
/// went away) lets the requests waiting for it go on.
struct Rendering {
    cache: Arc<PageCache>,
    key: String,
}

impl Drop for Rendering {
    fn drop(&mut self) {
        let mut rendering = self
            .cache
            .rendering
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(notify) = rendering.remove(&self.key) {
            notify.notify_waiters();
        }
    }
}

/// The brotli window for a body of `len` bytes: as large as the body (a bigger one only costs
/// memory), from 64 KiB up to brotli's usual 4 MiB.
fn brotli_window(len: usize) -> u32 {
    let bits = usize::BITS - len.max(1).leading_zeros();
    bits.clamp(16, 22)
}

fn build_entry(parts: &axum::http::response::Parts, identity: Bytes) -> Entry {
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
fn hit(
    cache: &PageCache,
    entry: &Entry,
    encoding: Encoding,
    if_none_match: Option<&HeaderValue>,
) -> Response {
    metrics::counter!("oxcart_page_cache_total", "result" => "hit").increment(1);
    answer(cache, entry, encoding, if_none_match, "hit")
}

fn answer(
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
