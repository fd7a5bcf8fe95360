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
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use tokio::sync::{Notify, Semaphore};

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue};
use tokio::sync::broadcast::error::RecvError;

use crate::live::Hub;

mod middleware;
mod respond;
#[cfg(test)]
mod tests;

pub use middleware::serve;

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
