//! The rendered-page cache over HTTP: every visitor, signed in or not, shares catalog pages
//! (which carry nothing of the visitor's), and a catalog change reaches every instance's pages
//! within a second.

mod common;

use std::io::Read;
use std::time::{Duration, Instant};

use common::{fresh_database, pair, quiet, sign_up, spawn_instance, TestApp};

const MB64: usize = 64 * 1024 * 1024;
const PRODUCT: &str = "/p/samsung-990-pro-nvme-ssd";
/// The product's server function, which the page calls when the browser navigates to it.
const PRODUCT_FUNCTION: &str = "/api/catalog/product?slug=samsung-990-pro-nvme-ssd";

struct Got {
    status: u16,
    cache: Option<String>,
    encoding: Option<String>,
    etag: Option<String>,
    cache_control: Option<String>,
    body: Vec<u8>,
}

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Got {
    let mut req = app.client.get(format!("{}{path}", app.address));
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let res = req.send().await.unwrap();
    let header = |name: &str| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    };
    Got {
        status: res.status().as_u16(),
        cache: header("x-oxcart-cache"),
        encoding: header("content-encoding"),
        etag: header("etag"),
        cache_control: header("cache-control"),
        body: res.bytes().await.unwrap().to_vec(),
    }
}

/// Waits until the instance's cache listens (pages are rendered uncached until then).
async fn until_live(app: &TestApp, path: &str) {
    for _ in 0..100 {
        if get(app, path, &[]).await.cache.is_some() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the page cache never started listening");
}

fn text(got: &Got) -> String {
    String::from_utf8(got.body.clone()).unwrap()
}

#[tokio::test]
async fn visitors_share_rendered_catalog_pages_signed_in_or_not() {
    let app = spawn_instance(fresh_database().await, |s| s.page_cache_bytes = MB64).await;
    until_live(&app, "/").await;

    // A HEAD request first (its answer has no body) must not leave an empty page behind.
    let head = app
        .client
        .head(format!("{}{PRODUCT}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 200);
    let first = get(&app, PRODUCT, &[]).await;
    let second = get(&app, PRODUCT, &[]).await;
    assert_eq!((first.status, second.status), (200, 200));
    assert_eq!(first.cache.as_deref(), Some("miss"));
    assert_eq!(second.cache.as_deref(), Some("hit"));
    assert_eq!(first.body, second.body, "every guest gets the same page");
    // Browsers revalidate; a CDN may keep the page for a second (OXCART_CDN_SECONDS).
    assert_eq!(
        second.cache_control.as_deref(),
        Some("public, max-age=0, s-maxage=1, stale-while-revalidate=1")
    );
    assert!(text(&second).contains("990 PRO NVMe SSD"));

    // Compressed once when stored, sent as the browser asks.
    let br = get(&app, PRODUCT, &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(br.encoding.as_deref(), Some("br"));
    let mut unpacked = Vec::new();
    brotli::Decompressor::new(br.body.as_slice(), 4096)
        .read_to_end(&mut unpacked)
        .unwrap();
    assert_eq!(unpacked, first.body);
    let gzip = get(&app, PRODUCT, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip.encoding.as_deref(), Some("gzip"));
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(gzip.body.as_slice())
        .read_to_end(&mut unpacked)
        .unwrap();
    assert_eq!(unpacked, first.body);

    // Revalidation.
    let etag = second.etag.expect("an ETag");
    let again = get(&app, PRODUCT, &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());

    // A query is another page; a missing product is never kept.
    let other = get(&app, &format!("{PRODUCT}?variant=SSD-0001-1TB"), &[]).await;
    assert_eq!(other.cache.as_deref(), Some("miss"));
    let missing = get(&app, "/p/no-such-product", &[]).await;
    assert_eq!(missing.status, 404);
    assert_ne!(missing.cache.as_deref(), Some("hit"));
    assert_ne!(
        get(&app, "/p/no-such-product", &[]).await.cache.as_deref(),
        Some("hit")
    );

    // A burst of visitors on a cold page: one render, the others wait for it.
    let url = format!("{}/search?sort=price_desc&page=2", app.address);
    let requests: Vec<_> = (0..8)
        .map(|_| {
            let request = app.client.get(&url).send();
            tokio::spawn(async move {
                let res = request.await.unwrap();
                let cache = res
                    .headers()
                    .get("x-oxcart-cache")
                    .map(|v| v.to_str().unwrap().to_string());
                (res.status().as_u16(), cache, res.bytes().await.unwrap())
            })
        })
        .collect();
    let mut burst = Vec::new();
    for request in requests {
        let (status, cache, body) = request.await.unwrap();
        burst.push(Got {
            status,
            cache,
            encoding: None,
            etag: None,
            cache_control: None,
            body: body.to_vec(),
        });
    }
    let mut answers: Vec<_> = burst.iter().map(|got| got.cache.clone()).collect();
    answers.sort();
    let mut expected = vec![Some("hit".to_string()); 7];
    expected.push(Some("miss".to_string()));
    expected.sort();
    assert_eq!(answers, expected);
    assert!(burst
        .iter()
        .all(|got| got.status == 200 && got.body == burst[0].body));

    // The catalog's server functions are shared the same way.
    let function = get(&app, PRODUCT_FUNCTION, &[]).await;
    assert_eq!(function.status, 200);
    assert_eq!(function.cache.as_deref(), Some("miss"));
    let again = get(&app, PRODUCT_FUNCTION, &[]).await;
    assert_eq!(again.cache.as_deref(), Some("hit"));
    assert_eq!(again.body, function.body);
    assert!(text(&again).contains("990 PRO NVMe SSD"));

    // Signed in: the same shared page.
    let cookie = pair(
        &sign_up(&app, "ada.lovelace@example.com")
            .await
            .cookie
            .unwrap(),
    );
    let mine = get(&app, PRODUCT, &[("cookie", &cookie)]).await;
    assert_eq!(mine.status, 200);
    assert_eq!(mine.cache.as_deref(), Some("hit"));
    assert_eq!(mine.body, first.body);
    // A page first rendered for a signed-in visitor is stored, and guests get it: it holds
    // nothing of the visitor's.
    let theirs = get(&app, "/c/graphics-cards", &[("cookie", &cookie)]).await;
    assert_eq!(theirs.cache.as_deref(), Some("miss"));
    assert!(!text(&theirs).contains("ada.lovelace"));
    let guest = get(&app, "/c/graphics-cards", &[]).await;
    assert_eq!(guest.cache.as_deref(), Some("hit"));
    assert_eq!(guest.body, theirs.body);
    // Pages that are not catalog pages are never cached.
    assert_eq!(get(&app, "/cart", &[]).await.cache, None);
    assert_eq!(get(&app, "/account/sign-in", &[]).await.cache, None);
}

/// The page with its Content-Security-Policy nonces blanked: they differ on every render
/// (Leptos also writes the nonce into the bundle links' `crossorigin`).
fn without_nonces(page: &str) -> String {
    let mut out = page.to_string();
    for attribute in ["nonce=\"", "crossorigin=\""] {
        let mut blanked = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(at) = rest.find(attribute) {
            let value = at + attribute.len();
            blanked.push_str(&rest[..value]);
            rest = &rest[value..];
            rest = &rest[rest.find('"').unwrap_or(rest.len())..];
        }
        blanked.push_str(rest);
        out = blanked;
    }
    out
}

#[tokio::test]
async fn a_catalog_page_rendered_for_a_signed_in_visitor_is_the_guest_page() {
    // Cache off: every request renders, so this compares two renders.
    let app = spawn_instance(fresh_database().await, |s| s.page_cache_bytes = 0).await;
    let session = sign_up(&app, "grace.hopper@example.com").await;
    let cookie = pair(&session.cookie.unwrap());
    let promoted = sqlx::query("UPDATE users SET role = 'admin' WHERE email = $1")
        .bind("grace.hopper@example.com")
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(promoted.rows_affected(), 1);
    for path in [
        "/",
        "/search?page=2&sort=price_asc",
        "/c/graphics-cards",
        PRODUCT,
    ] {
        let guest = get(&app, path, &[]).await;
        let admin = get(&app, path, &[("cookie", &cookie)]).await;
        assert_eq!((guest.status, admin.status), (200, 200), "{path}");
        assert_eq!(guest.cache, None, "{path} was rendered, not cached");
        let page = text(&admin);
        assert!(!page.contains("grace.hopper"), "{path} names the visitor");
        let (guest, admin) = (without_nonces(&text(&guest)), without_nonces(&page));
        if let Some(at) = guest.bytes().zip(admin.bytes()).position(|(a, b)| a != b) {
            let around = |s: &str| s[at.saturating_sub(200)..(at + 200).min(s.len())].to_string();
            panic!(
                "{path} differs for the signed-in visitor:\nguest: {}\nadmin: {}",
                around(&guest),
                around(&admin)
            );
        }
        assert_eq!(guest.len(), admin.len(), "{path}");
    }
}

/// Sets the price of every variant of the test product, as any writer could (straight SQL).
async fn set_price(db: &sqlx::PgPool, minor: i64) {
    sqlx::query(
        "UPDATE variants SET price_minor = $1
         WHERE product_id = (SELECT id FROM products WHERE slug = 'samsung-990-pro-nvme-ssd')",
    )
    .bind(minor)
    .execute(db)
    .await
    .unwrap();
}

/// Closes the Redis connections of the live stream readers of the store with `prefix` (as a
/// network cut or a Redis failover would); returns how many.
async fn cut_stream_readers(prefix: &str) -> usize {
    let mut redis = common::redis().await;
    let clients: String = redis::cmd("CLIENT")
        .arg("LIST")
        .query_async(&mut redis)
        .await
        .unwrap();
    let wanted = format!("name={prefix}:events:live ");
    let ids: Vec<String> = clients
        .lines()
        .filter(|line| line.contains(&wanted))
        .filter_map(|line| line.split(' ').find_map(|f| f.strip_prefix("id=")))
        .map(str::to_string)
        .collect();
    for id in &ids {
        let _: i64 = redis::cmd("CLIENT")
            .arg("KILL")
            .arg("ID")
            .arg(id)
            .query_async(&mut redis)
            .await
            .unwrap();
    }
    ids.len()
}

/// Polls `path` on `app` until its page contains `wanted`; returns how long that took.
async fn until_shown(app: &TestApp, path: &str, wanted: &str, since: Instant) -> Duration {
    loop {
        if text(&get(app, path, &[]).await).contains(wanted) {
            return since.elapsed();
        }
        assert!(
            since.elapsed() < Duration::from_secs(5),
            "{path} never showed {wanted:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_catalog_change_reaches_every_instance_within_a_second() {
    let db = fresh_database().await;
    let a = spawn_instance(db.clone(), |s| s.page_cache_bytes = MB64).await;
    // The same store: one database, one Redis namespace (its event stream).
    let prefix = a.redis_prefix.clone();
    let b = spawn_instance(db.clone(), |s| {
        s.page_cache_bytes = MB64;
        s.redis_prefix = prefix;
    })
    .await;
    until_live(&a, "/").await;
    until_live(&b, "/").await;
    for app in [&a, &b] {
        get(app, PRODUCT, &[]).await;
        get(app, PRODUCT_FUNCTION, &[]).await;
        get(app, "/", &[]).await;
        assert_eq!(get(app, PRODUCT, &[]).await.cache.as_deref(), Some("hit"));
        assert_eq!(
            get(app, PRODUCT_FUNCTION, &[]).await.cache.as_deref(),
            Some("hit")
        );
        assert!(!text(&get(app, PRODUCT, &[]).await).contains("$123.45"));
    }

    // A price change, made by any writer (here: straight SQL, as another instance would).
    let changed = Instant::now();
    set_price(&db, 12345).await;
    for app in [&a, &b] {
        let took = until_shown(app, PRODUCT, "$123.45", changed).await;
        assert!(took < Duration::from_secs(1), "the new price took {took:?}");
        let took = until_shown(app, PRODUCT_FUNCTION, "12345", changed).await;
        assert!(took < Duration::from_secs(1), "the new price took {took:?}");
    }

    // Stock: the product runs out, and every instance's page says so.
    let changed = Instant::now();
    sqlx::query(
        "UPDATE variants SET stock_on_hand = stock_reserved
         WHERE product_id = (SELECT id FROM products WHERE slug = 'samsung-990-pro-nvme-ssd')",
    )
    .execute(&db)
    .await
    .unwrap();
    for app in [&a, &b] {
        let took = until_shown(app, PRODUCT, "Out of stock", changed).await;
        assert!(
            took < Duration::from_secs(1),
            "the stock change took {took:?}"
        );
    }
    // A category renamed: the menu on every page of every instance says so.
    let changed = Instant::now();
    sqlx::query("UPDATE categories SET name = 'Solid-State Drives' WHERE slug = 'ssds'")
        .execute(&db)
        .await
        .unwrap();
    for app in [&a, &b] {
        let took = until_shown(app, PRODUCT, "Solid-State Drives", changed).await;
        assert!(took < Duration::from_secs(1), "the new name took {took:?}");
    }
    // Once fresh, the page is cached again.
    get(&a, PRODUCT, &[]).await;
    assert_eq!(get(&a, PRODUCT, &[]).await.cache.as_deref(), Some("hit"));

    // The instances' event stream readers lose their Redis connections and a change lands
    // before they are back: it cannot be missed (the cache is bypassed meanwhile, and emptied
    // on reconnecting).
    let cut = cut_stream_readers(&a.redis_prefix).await;
    assert_eq!(cut, 2, "one stream reader per instance");
    set_price(&db, 45678).await;
    let changed = Instant::now();
    for app in [&a, &b] {
        until_shown(app, PRODUCT, "$456.78", changed).await;
    }
    until_live(&a, PRODUCT).await;
    get(&a, PRODUCT, &[]).await;
    let back = get(&a, PRODUCT, &[]).await;
    assert_eq!(
        back.cache.as_deref(),
        Some("hit"),
        "cached again once the reader is back"
    );
    assert!(text(&back).contains("$456.78"));
}

/// Sets `assignments` on every variant of the test product, as any writer could.
async fn set_stock(db: &sqlx::PgPool, assignments: &str) {
    sqlx::query(&format!(
        "UPDATE variants SET {assignments}
         WHERE product_id = (SELECT id FROM products WHERE slug = 'samsung-990-pro-nvme-ssd')"
    ))
    .execute(db)
    .await
    .unwrap();
}

/// Most stock changes (an order reserving one of 40 units) change nothing a page shows: they
/// leave the cached pages in place; a change a page shows ("Only 3 left") drops them at once.
#[tokio::test]
async fn only_stock_changes_that_a_page_shows_drop_the_cached_pages() {
    let db = fresh_database().await;
    let app = spawn_instance(db.clone(), |s| s.page_cache_bytes = MB64).await;
    until_live(&app, "/").await;
    set_stock(
        &db,
        "stock_on_hand = 40, stock_reserved = 0, low_stock_threshold = 5",
    )
    .await;
    quiet(&app).await;
    let pages = [PRODUCT, PRODUCT_FUNCTION, "/", "/c/ssds"];
    for path in pages {
        get(&app, path, &[]).await;
        assert_eq!(
            get(&app, path, &[]).await.cache.as_deref(),
            Some("hit"),
            "{path}"
        );
    }
    assert!(text(&get(&app, PRODUCT, &[]).await).contains("In stock"));

    // One unit of each variant reserved: "In stock" before and after, on every page.
    set_stock(&db, "stock_reserved = 1").await;
    quiet(&app).await;
    for path in pages {
        assert_eq!(
            get(&app, path, &[]).await.cache.as_deref(),
            Some("hit"),
            "{path} was dropped for a change it does not show"
        );
    }

    // Down to 3 left: the product page says so within a second.
    let changed = Instant::now();
    set_stock(&db, "stock_reserved = 37").await;
    let took = until_shown(&app, PRODUCT, "Only 3 left", changed).await;
    assert!(took < Duration::from_secs(1), "the low stock took {took:?}");
}
