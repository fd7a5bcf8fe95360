//! Product images over HTTP: uploads judged by their bytes (not their name or claimed type),
//! the size limit, SVG refused, files stored and served with cache headers, the storefront
//! showing them at once, alt text, reordering and deletion, and who may do each.

mod common;

use common::shop::parse;
use common::{call, fetch, post_multipart, sign_in, spawn_app_with, Reply, TestApp};
use serde_json::Value;

const JPEG: &[u8] = include_bytes!("fixtures/photo.jpg");
const PNG: &[u8] = include_bytes!("fixtures/dot.png");
const WEBP: &[u8] = include_bytes!("fixtures/square.webp");
const SVG: &[u8] = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>"#;

/// A store whose image limit is 100 KB (the fixtures are a few KB).
async fn app() -> TestApp {
    let app = spawn_app_with(|s| s.image_max_bytes = 100 << 10).await;
    app::auth::accounts::load_demo_accounts(&app.db)
        .await
        .unwrap();
    app
}

/// Posts a multipart form as a browser would: the file (name, claimed type, bytes), then the
/// alt text (the editor's field order).
async fn upload(
    app: &TestApp,
    cookie: Option<&str>,
    product: i64,
    file: (&str, &str, &[u8]),
    alt: &str,
    accept: &str,
) -> Reply {
    let parts = [
        ("image", Some((file.0, file.1)), file.2),
        ("alt", None, alt.as_bytes()),
    ];
    let path = format!("/admin/products/{product}/images");
    post_multipart(app, &path, &parts, cookie, accept).await
}

const JSON: &str = "application/json";
const HTML: &str = "text/html,application/xhtml+xml";

async fn product(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM products WHERE slug = $1")
        .bind(slug)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// Any active demo product's slug.
async fn some_slug(app: &TestApp, offset: i64) -> String {
    sqlx::query_scalar(
        "SELECT slug FROM products p WHERE active
           AND EXISTS (SELECT 1 FROM product_images i WHERE i.product_id = p.id)
         ORDER BY id OFFSET $1 LIMIT 1",
    )
    .bind(offset)
    .fetch_one(&app.db)
    .await
    .unwrap()
}

async fn gallery(app: &TestApp, product: i64) -> Vec<(i64, String, String)> {
    sqlx::query_as(
        "SELECT id, url, alt FROM product_images WHERE product_id = $1 ORDER BY position",
    )
    .bind(product)
    .fetch_all(&app.db)
    .await
    .unwrap()
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        files_in(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

#[tokio::test]
async fn uploads_are_judged_by_their_bytes_stored_served_and_shown_in_the_shop() {
    let app = app().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let slug = some_slug(&app, 0).await;
    let id = product(&app, &slug).await;
    let before = gallery(&app, id).await.len();

    // A JPEG: stored, listed last with its pixel size, served with a year of caching.
    let r = upload(
        &app,
        Some(&admin),
        id,
        ("photo.jpg", "image/jpeg", JPEG),
        "  Front   view ",
        JSON,
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let listed: Vec<Value> = serde_json::from_str(&r.body).unwrap();
    let new = listed.last().unwrap();
    assert_eq!(listed.len(), before + 1);
    assert_eq!(
        (new["width"].as_i64(), new["height"].as_i64()),
        (Some(400), Some(300))
    );
    assert_eq!(new["alt"], "Front view");
    let url = new["url"].as_str().unwrap().to_string();
    assert!(
        url.starts_with(&format!("/media/uploads/{id}/")) && url.ends_with(".jpg"),
        "{url}"
    );
    let served = app
        .client
        .get(format!("{}{url}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    assert_eq!(
        served.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert_eq!(&served.bytes().await.unwrap()[..], JPEG);

    // The storefront shows it at once, with its alt text.
    let page = app.get(&format!("/p/{slug}")).await;
    assert!(page.body.contains(&url), "product page lacks the new image");
    assert!(page.body.contains("Front view"));

    // The name and the claimed type do not matter: a PNG called .jpg is stored as a PNG, and
    // a WebP is accepted.
    let r = upload(
        &app,
        Some(&admin),
        id,
        ("holiday.jpg", "image/jpeg", PNG),
        "",
        JSON,
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let listed: Vec<Value> = serde_json::from_str(&r.body).unwrap();
    assert!(listed.last().unwrap()["url"]
        .as_str()
        .unwrap()
        .ends_with(".png"));
    let r = upload(
        &app,
        Some(&admin),
        id,
        ("square.webp", "image/webp", WEBP),
        "",
        JSON,
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    // Three originals and their renditions in WebP and JPEG: the 400 px photo at 100, 200 and
    // 400 px, the 40 and 32 px pictures at their own width.
    assert_eq!(files_in(&app.media_dir), 3 + 2 * (3 + 1 + 1));

    // Refused, each with its reason, and nothing stored: SVG (even called .png), a text file
    // called .jpg, an empty file, a file over the limit.
    let refusals: [(&str, &str, Vec<u8>, &str); 4] = [
        (
            "logo.png",
            "image/png",
            SVG.to_vec(),
            "SVG images are not accepted",
        ),
        (
            "notes.jpg",
            "image/jpeg",
            b"just some text\n".to_vec(),
            "not an image",
        ),
        ("empty.png", "image/png", Vec::new(), "Choose an image file"),
        (
            "huge.jpg",
            "image/jpeg",
            [JPEG, &vec![0u8; 200 << 10]].concat(),
            "at most 100 KB",
        ),
    ];
    for (name, kind, bytes, reason) in refusals {
        let r = upload(&app, Some(&admin), id, (name, kind, &bytes), "", JSON).await;
        assert_eq!(r.status, 422, "{name}: {}", r.body);
        assert!(r.body.contains(reason), "{name}: {}", r.body);
        assert!(r.body.contains("\"field\":\"image\""), "{}", r.body);
    }
    assert_eq!(gallery(&app, id).await.len(), before + 3);
    assert_eq!(files_in(&app.media_dir), 3 + 2 * (3 + 1 + 1));

    // A browser's form post comes back to the editor: with the reason and what was typed when
    // refused, with a confirmation when stored.
    let r = upload(
        &app,
        Some(&admin),
        id,
        ("logo.svg", "image/svg+xml", SVG),
        "Our logo",
        HTML,
    )
    .await;
    assert_eq!(r.status, 303);
    let refused = refusal(&app, &admin, r.location()).await;
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .starts_with("SVG images"),
        "{refused}"
    );
    assert_eq!(refused["alt"], "Our logo");
    assert!(r.location().ends_with("#images"), "{}", r.location());
    // The note is the account's own: another admin, or a forged key, reads nothing.
    let key = r
        .location()
        .split("image_error=")
        .nth(1)
        .unwrap()
        .split('#')
        .next()
        .unwrap();
    let other = common::sign_in(&app, "seller@oxcart.test", "oxcart-seller-demo").await;
    let theirs = common::fetch(
        &app,
        &format!("admin/products/image/refusal?key={key}"),
        Some(&other),
    )
    .await;
    assert_eq!(theirs.body, "null");
    let forged = common::fetch(
        &app,
        "admin/products/image/refusal?key=SVG+images+are+fine",
        Some(&admin),
    )
    .await;
    assert_eq!(forged.body, "null");
    let r = upload(
        &app,
        Some(&admin),
        id,
        ("p.png", "image/png", PNG),
        "Top",
        HTML,
    )
    .await;
    assert_eq!(
        (r.status, r.location()),
        (303, &*format!("/admin/products/{id}?uploaded=1#images"))
    );
    // Too large: the alt text sent after the file is still given back.
    let huge = [JPEG, &vec![0u8; 200 << 10]].concat();
    let r = upload(
        &app,
        Some(&admin),
        id,
        ("huge.jpg", "image/jpeg", &huge),
        "Kept",
        HTML,
    )
    .await;
    assert_eq!(r.status, 303);
    let refused = refusal(&app, &admin, r.location()).await;
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .starts_with("This file is too large"),
        "{refused}"
    );
    assert_eq!(refused["alt"], "Kept");

    // The editor page lists the gallery.
    let editor = app
        .client
        .get(format!("{}/admin/products/{id}", app.address))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap();
    let html = editor.text().await.unwrap();
    assert!(html.contains(&url) && html.contains("Upload an image"));

    // A product can hold at most 12 images.
    for _ in gallery(&app, id).await.len()..app::domain::image::MAX_PER_PRODUCT {
        let r = upload(
            &app,
            Some(&admin),
            id,
            ("p.png", "image/png", PNG),
            "",
            JSON,
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let r = upload(
        &app,
        Some(&admin),
        id,
        ("p.png", "image/png", PNG),
        "",
        JSON,
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("at most 12 images"), "{}", r.body);
}

#[tokio::test]
async fn the_gallery_is_reordered_described_and_pruned() {
    let app = app().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let slug = some_slug(&app, 1).await;
    let id = product(&app, &slug).await;
    let p = id.to_string();
    for (file, alt) in [(PNG, "Dot"), (JPEG, "Photo")] {
        let r = upload(
            &app,
            Some(&admin),
            id,
            ("f", "application/octet-stream", file),
            alt,
            JSON,
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let start = gallery(&app, id).await;
    let n = start.len();
    let (photo, photo_url) = (start[n - 1].0, start[n - 1].1.clone());
    let photo_s = photo.to_string();

    // Move the photo to the front, one step at a time: it becomes the main picture, shown
    // first in the shop and on the product's card.
    for _ in 0..n - 1 {
        let a = call(
            &app,
            "admin/products/image/move",
            &[("product", &p), ("image", &photo_s), ("direction", "up")],
            Some(&admin),
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
    }
    let now = gallery(&app, id).await;
    assert_eq!(now[0].0, photo);
    assert_eq!(now.len(), n);
    let positions: Vec<i32> = sqlx::query_scalar(
        "SELECT position FROM product_images WHERE product_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(positions, (0..n as i32).collect::<Vec<_>>());
    // Already first: nothing changes, no error.
    let a = call(
        &app,
        "admin/products/image/move",
        &[("product", &p), ("image", &photo_s), ("direction", "up")],
        Some(&admin),
    )
    .await;
    assert_eq!(a.status, 200);
    assert_eq!(gallery(&app, id).await, now);
    let a = call(
        &app,
        "admin/products/image/move",
        &[
            ("product", &p),
            ("image", &photo_s),
            ("direction", "sideways"),
        ],
        Some(&admin),
    )
    .await;
    assert_eq!(a.status, 422);
    // Dragged to a place (from 1): the others close up; place 0 is refused.
    let last = n.to_string();
    let a = call(
        &app,
        "admin/products/image/move",
        &[("product", &p), ("image", &photo_s), ("position", &last)],
        Some(&admin),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let dragged = gallery(&app, id).await;
    let mut expected = now[1..].to_vec();
    expected.push(now[0].clone());
    assert_eq!(dragged, expected);
    let a = call(
        &app,
        "admin/products/image/move",
        &[("product", &p), ("image", &photo_s), ("position", "1")],
        Some(&admin),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(gallery(&app, id).await, now);
    let a = call(
        &app,
        "admin/products/image/move",
        &[("product", &p), ("image", &photo_s), ("position", "0")],
        Some(&admin),
    )
    .await;
    assert_eq!(a.status, 422);
    let page = app.get(&format!("/p/{slug}")).await;
    let at = |url: &str| page.body.find(url).unwrap_or(usize::MAX);
    assert!(
        at(&photo_url) < at(&now[1].1),
        "the main picture is not shown first"
    );

    // Alt text: tidied, limited, and shown in the shop; empty falls back to the product name.
    let a = call(
        &app,
        "admin/products/image/alt",
        &[
            ("product", &p),
            ("image", &photo_s),
            ("alt", " Side  view "),
        ],
        Some(&admin),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(parse(&a.body)["images"][0]["alt"], "Side view");
    let long = "x".repeat(300);
    let a = call(
        &app,
        "admin/products/image/alt",
        &[("product", &p), ("image", &photo_s), ("alt", &long)],
        Some(&admin),
    )
    .await;
    assert_eq!(a.status, 422);
    assert!(a.body.contains("\"field\":\"alt\""), "{}", a.body);
    assert_eq!(gallery(&app, id).await[0].2, "Side view");
    let a = call(
        &app,
        "admin/products/image/alt",
        &[("product", &p), ("image", &photo_s), ("alt", "")],
        Some(&admin),
    )
    .await;
    assert_eq!(a.status, 200);
    let name: String = sqlx::query_scalar("SELECT name FROM products WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    let page = app.get(&format!("/p/{slug}")).await;
    assert!(
        page.body.contains(&format!("alt=\"{name}\"")),
        "no alt fallback"
    );

    // Delete: the row and the file go, the rest close ranks.
    let file = app
        .media_dir
        .join(photo_url.trim_start_matches("/media/uploads/"));
    assert!(file.exists());
    let a = call(
        &app,
        "admin/products/image/delete",
        &[("product", &p), ("image", &photo_s)],
        Some(&admin),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(!file.exists());
    let after = gallery(&app, id).await;
    assert_eq!(after.len(), n - 1);
    assert!(after.iter().all(|(i, _, _)| *i != photo));
    let served = app
        .client
        .get(format!("{}{photo_url}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), 404);
    let a = call(
        &app,
        "admin/products/image/delete",
        &[("product", &p), ("image", &photo_s)],
        Some(&admin),
    )
    .await;
    assert_eq!(a.status, 404);

    // Each change is in the audit log.
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE subject = $1 ORDER BY id")
            .bind(format!("product:{id}"))
            .fetch_all(&app.db)
            .await
            .unwrap();
    for action in ["image.add", "image.move", "image.alt", "image.delete"] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} missing from {actions:?}"
        );
    }
}

#[tokio::test]
async fn only_staff_upload_and_sellers_only_to_their_own_products() {
    let app = app().await;
    let seller = sign_in(&app, "seller@oxcart.test", "oxcart-seller-demo").await;
    let customer = sign_in(&app, "customer@oxcart.test", "oxcart-customer-demo").await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let store_product = product(&app, &some_slug(&app, 2).await).await;
    let own_slug = some_slug(&app, 3).await;
    let own = product(&app, &own_slug).await;
    sqlx::query("UPDATE products SET seller_id = (SELECT id FROM users WHERE email = 'seller@oxcart.test') WHERE id = $1")
        .bind(own)
        .execute(&app.db)
        .await
        .unwrap();
    let file = ("p.png", "image/png", PNG);

    assert_eq!(
        upload(&app, None, store_product, file, "", JSON)
            .await
            .status,
        401
    );
    assert_eq!(
        upload(&app, Some(&customer), store_product, file, "", JSON)
            .await
            .status,
        403
    );
    assert_eq!(
        upload(&app, Some(&seller), store_product, file, "", JSON)
            .await
            .status,
        404
    );
    assert_eq!(
        upload(&app, Some(&admin), 999_999_999, file, "", JSON)
            .await
            .status,
        404
    );
    // A browser lands back on the editor, which asks a guest to sign in.
    let r = upload(&app, None, store_product, file, "typed", HTML).await;
    assert_eq!(r.status, 303);
    assert_eq!(
        r.location(),
        format!("/admin/products/{store_product}#images"),
        "no note for a caller the editor will ask to sign in"
    );
    assert_eq!(files_in(&app.media_dir), 0);
    let r = upload(&app, Some(&seller), own, file, "Mine", JSON).await;
    assert_eq!(r.status, 201, "{}", r.body);

    // Another site cannot make a signed-in admin's browser upload.
    let boundary = "b";
    let res = app
        .client
        .post(format!("{}/admin/products/{own}/images", app.address))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header("origin", "https://evil.example")
        .header("cookie", &admin)
        .body(format!("--{boundary}--\r\n"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    // A seller cannot touch the store product's images, even knowing their ids.
    let theirs = gallery(&app, store_product).await;
    let (p, i) = (store_product.to_string(), theirs[0].0.to_string());
    for (path, extra) in [
        ("admin/products/image/alt", ("alt", "hacked")),
        ("admin/products/image/move", ("direction", "down")),
        ("admin/products/image/delete", ("x", "")),
    ] {
        let a = call(
            &app,
            path,
            &[("product", &p), ("image", &i), extra],
            Some(&seller),
        )
        .await;
        assert_eq!(a.status, 404, "{path}: {}", a.body);
    }
    // Nor reach them through their own product's id.
    let own_s = own.to_string();
    let a = call(
        &app,
        "admin/products/image/delete",
        &[("product", &own_s), ("image", &i)],
        Some(&seller),
    )
    .await;
    assert_eq!(a.status, 404);
    assert_eq!(gallery(&app, store_product).await, theirs);

    // The seller's own product's editor shows its gallery.
    let a = fetch(
        &app,
        &format!("admin/products/editor?id={own}"),
        Some(&seller),
    )
    .await;
    assert_eq!(a.status, 200);
    assert!(parse(&a.body)["images"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["alt"] == "Mine"));
}

/// The refusal an upload redirect points at (`?image_error=<key>`), read as its account.
async fn refusal(app: &TestApp, cookie: &str, location: &str) -> serde_json::Value {
    let key = location
        .split("image_error=")
        .nth(1)
        .and_then(|rest| rest.split('#').next())
        .unwrap_or_else(|| panic!("no refusal key in {location}"));
    let a = common::fetch(
        app,
        &format!("admin/products/image/refusal?key={key}"),
        Some(cookie),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    serde_json::from_str(&a.body).unwrap()
}

/// A 1800×1200 JPEG (a smooth gradient, about 30 KB) carrying an EXIF block with `marker` in it.
fn big_jpeg_with_exif(marker: &str) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(1800, 1200, |x, y| {
        image::Rgb([(x / 8) as u8, (y / 5) as u8, ((x + y) / 12) as u8])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 70)
        .encode_image(&picture)
        .unwrap();
    // APP1 "Exif": a big-endian TIFF header, an empty IFD, then the marker (where a camera
    // would put its GPS position).
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\0\0\0\0\0".to_vec();
    exif.extend_from_slice(marker.as_bytes());
    let len = (exif.len() + 2) as u16;
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&exif);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[tokio::test]
async fn uploads_get_webp_and_jpeg_renditions_sized_for_their_slots() {
    let app = app().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let slug = some_slug(&app, 2).await;
    let id = product(&app, &slug).await;
    let marker = "GPS 48.8584 N 2.2945 E";
    let original = big_jpeg_with_exif(marker);
    assert!(original.len() < 100 << 10, "{} bytes", original.len());

    let r = upload(
        &app,
        Some(&admin),
        id,
        ("big.jpg", "image/jpeg", &original),
        "Wide",
        JSON,
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let listed: Vec<Value> = serde_json::from_str(&r.body).unwrap();
    let url = listed.last().unwrap()["url"].as_str().unwrap().to_string();
    let stem = url.trim_end_matches(".jpg");

    // Every standard width below the original's, in both formats, scaled to the original's
    // aspect ratio, served as images for a year, without the EXIF block.
    for (width, height) in [(100, 67), (200, 133), (400, 267), (800, 533), (1600, 1067)] {
        for (ext, mime, format) in [
            ("webp", "image/webp", image::ImageFormat::WebP),
            ("jpg", "image/jpeg", image::ImageFormat::Jpeg),
        ] {
            let address = format!("{stem}-{width}w.{ext}");
            let res = app
                .client
                .get(format!("{}{address}", app.address))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{address}");
            assert_eq!(res.headers()["content-type"], mime, "{address}");
            assert_eq!(
                res.headers()["cache-control"],
                "public, max-age=31536000, immutable"
            );
            let bytes = res.bytes().await.unwrap();
            let decoded = image::load_from_memory_with_format(&bytes, format).unwrap();
            assert_eq!(
                (decoded.width(), decoded.height()),
                (width, height),
                "{address}"
            );
            assert!(
                !bytes.windows(marker.len()).any(|w| w == marker.as_bytes()),
                "{address} kept the EXIF block"
            );
            if width == 400 {
                assert!(bytes.len() <= 60 << 10, "{address}: {} bytes", bytes.len());
            }
        }
    }
    let none = app
        .client
        .get(format!("{}{stem}-1800w.webp", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 404, "never upscaled or copied at full size");

    // The product page offers them: WebP first, JPEG for the rest, with the box's proportions.
    let page = app.get(&format!("/p/{slug}?image={}", listed.len())).await;
    assert!(
        page.body
            .contains(&format!("{stem}-400w.webp 400w, {stem}-800w.webp 800w")),
        "no WebP srcset in the product page"
    );
    assert!(page.body.contains(&format!("{stem}-800w.jpg 800w")));
    assert!(page.body.contains(r#"fetchpriority="high""#));
    assert!(page.body.contains(r#"width="640" height="427""#));

    // Deleting the picture deletes its renditions.
    let image_id = listed.last().unwrap()["id"].as_i64().unwrap();
    let before = files_in(&app.media_dir);
    let a = call(
        &app,
        "admin/products/image/delete",
        &[
            ("product", &id.to_string()),
            ("image", &image_id.to_string()),
        ],
        Some(&admin),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(files_in(&app.media_dir), before - 1 - 10);

    // Pixels that cannot be decoded behind a readable header are refused, and nothing is kept.
    // (A PNG whose compressed pixel data is overwritten.)
    let mut broken = PNG.to_vec();
    let idat = broken.windows(4).position(|w| w == b"IDAT").unwrap() + 4;
    for b in &mut broken[idat..idat + 12] {
        *b = 0xFF;
    }
    let before = files_in(&app.media_dir);
    let r = upload(
        &app,
        Some(&admin),
        id,
        ("cut.png", "image/png", &broken),
        "",
        JSON,
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("damaged"), "{}", r.body);
    assert_eq!(files_in(&app.media_dir), before);

    // An image uploaded before renditions existed gets them from `server render-images`.
    let folder = app.media_dir.join(id.to_string());
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("legacy.jpg"), JPEG).unwrap();
    let legacy = format!("/media/uploads/{id}/legacy.jpg");
    sqlx::query(
        "INSERT INTO product_images (product_id, position, url, alt, width, height)
         SELECT $1, coalesce(max(position) + 1, 0), $2, '', 400, 300
         FROM product_images WHERE product_id = $1",
    )
    .bind(id)
    .bind(&legacy)
    .execute(&app.db)
    .await
    .unwrap();
    server::render_images(&app.db, &app.media_dir)
        .await
        .unwrap();
    for name in [
        "legacy-100w.webp",
        "legacy-200w.jpg",
        "legacy-400w.webp",
        "legacy-400w.jpg",
    ] {
        assert!(folder.join(name).is_file(), "{name}");
    }
    let rendered: bool = sqlx::query_scalar("SELECT renditions FROM product_images WHERE url = $1")
        .bind(&legacy)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(rendered);
}
