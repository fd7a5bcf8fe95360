//! The storefront over HTTP: status codes, SEO tags, bad parameters and plain routes.

mod common;

use common::spawn_app;

#[tokio::test]
async fn health_and_readiness_report_both_services() {
    let app = spawn_app().await;
    let health = app.get("/healthz").await;
    assert_eq!((health.status, health.body.as_str()), (200, "ok"));
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, 200);
    let json: serde_json::Value = serde_json::from_str(&ready.body).unwrap();
    assert_eq!(json, serde_json::json!({"status": "ready"}));
    assert!(ready.headers.contains_key("x-request-id"));
}

#[tokio::test]
async fn home_page_renders_shelves_and_seo_tags() {
    let app = spawn_app().await;
    let page = app.get("/").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("<title>PC parts, peripherals and games | Oxcart</title>"),
        "{}",
        &page.body[..2000.min(page.body.len())]
    );
    assert!(page
        .body
        .contains(r#"<link href="https://shop.test/" rel="canonical">"#));
    assert!(page.body.contains(r#"property="og:title""#));
    assert!(
        page.body.contains("Shop by category")
            && page.body.contains("New arrivals")
            && page.body.contains("Deals")
    );
}

#[tokio::test]
async fn category_page_lists_products_with_canonical_url() {
    let app = spawn_app().await;
    let page = app.get("/c/graphics-cards?sort=price_asc&page=1").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1"));
    assert!(page.body.contains("Graphics Cards"));
    assert!(page
        .body
        .contains(r#"href="https://shop.test/c/graphics-cards?sort=price_asc""#));
    assert!(page.body.contains("/p/asus-dual-geforce-rtx-4060-8gb"));
    assert!(page.body.contains(r#"name="description""#));
}

#[tokio::test]
async fn product_page_has_json_ld_open_graph_and_canonical() {
    let app = spawn_app().await;
    let page = app
        .get("/p/asus-tuf-gaming-geforce-rtx-4070-super-12gb")
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"<script type="application/ld+json">"#));
    assert!(page.body.contains(r#""@type":"Product""#));
    assert!(page
        .body
        .contains(r#"property="og:type" content="product""#));
    assert!(page
        .body
        .contains(r#"href="https://shop.test/p/asus-tuf-gaming-geforce-rtx-4070-super-12gb""#));
    assert!(page.body.contains("Specifications"));
    assert!(page
        .body
        .contains("<title>ASUS TUF Gaming GeForce RTX 4070 SUPER 12GB | Oxcart</title>"));
}

#[tokio::test]
async fn variant_and_picture_parameters_pick_what_the_page_shows() {
    let app = spawn_app().await;
    let page = app
        .get("/p/samsung-990-pro-nvme-ssd?variant=SSD-0001-2TB&image=2")
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(">SSD-0001-2TB<"),
        "the chosen SKU is shown"
    );
    assert!(page
        .body
        .contains("/media/demo/samsung-990-pro-nvme-ssd/2.svg"));
    let bogus = app
        .get("/p/samsung-990-pro-nvme-ssd?variant=NOPE&image=999")
        .await;
    assert_eq!(bogus.status, 200);
}

#[tokio::test]
async fn unknown_products_categories_and_paths_are_helpful_404s() {
    let app = spawn_app().await;
    for path in [
        "/p/no-such-product",
        "/c/no-such-category",
        "/definitely/not/here",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, 404, "{path}");
        assert!(page.body.contains("We couldn"), "{path}");
        assert!(page.body.contains("Search products"), "{path}");
    }
}

#[tokio::test]
async fn nonsense_parameters_never_break_a_listing() {
    let app = spawn_app().await;
    let long = "x".repeat(10_240);
    let cases = [
        "/search?page=-3".to_string(),
        "/search?page=abc".to_string(),
        "/search?page=99999999999999999999".to_string(),
        "/search?sort=bogus".to_string(),
        "/search?min=500&max=100".to_string(),
        "/search?min=abc&max=-1".to_string(),
        format!("/search?q={long}"),
        "/search?q=%27%3B%20DROP%20TABLE%20products%3B--".to_string(),
        "/search?brand=NoSuchBrand&in_stock=yes&colour=plaid".to_string(),
        "/c/graphics-cards?page=0&sort=&brand=".to_string(),
    ];
    for path in cases {
        let page = app.get(&path).await;
        assert_eq!(page.status, 200, "{}", &path[..path.len().min(80)]);
    }
    // Control characters (NUL, which Postgres refuses in text) get a clear 400 page.
    let page = app.get("/search?q=%00%01%02").await;
    assert_eq!(page.status, 400);
    assert!(page.body.contains("control characters"), "{}", page.body);
    let still: i64 = sqlx::query_scalar("SELECT count(*) FROM products")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(still >= 344);
}

#[tokio::test]
async fn search_text_is_always_escaped() {
    let app = spawn_app().await;
    let page = app
        .get("/search?q=%3C%2Ftitle%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<script>alert(1)</script>"));
    assert!(!page.body.contains("</title><script>"));
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[tokio::test]
async fn a_page_past_the_end_shows_the_last_page() {
    let app = spawn_app().await;
    let page = app.get("/c/cpus?page=50").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(r#"href="https://shop.test/c/cpus""#),
        "11 CPUs fit on page 1"
    );
}

#[tokio::test]
async fn typo_search_says_what_it_searched_for() {
    let app = spawn_app().await;
    let page = app.get("/search?q=kebyoard").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Showing results for"));
    assert!(page.body.contains("Keyboard"));
}

#[tokio::test]
async fn sitemap_and_robots_list_the_store() {
    let app = spawn_app().await;
    let sitemap = app.get("/sitemap.xml").await;
    assert_eq!(sitemap.status, 200);
    assert!(sitemap
        .body
        .contains("<loc>https://shop.test/c/graphics-cards</loc>"));
    assert!(sitemap.body.matches("<loc>https://shop.test/p/").count() >= 344);
    let robots = app.get("/robots.txt").await;
    assert!(robots
        .body
        .contains("Sitemap: https://shop.test/sitemap.xml"));
}

#[tokio::test]
async fn product_pictures_are_generated_svg_with_cache_headers() {
    let app = spawn_app().await;
    let svg = app.get("/media/demo/amd-ryzen-5-7600x/1.svg").await;
    assert_eq!(svg.status, 200);
    assert_eq!(svg.headers["content-type"], "image/svg+xml");
    assert!(svg.headers["cache-control"]
        .to_str()
        .unwrap()
        .contains("max-age=86400"));
    assert!(svg.body.starts_with("<svg"));
    assert_eq!(
        app.get("/media/demo/amd-ryzen-5-7600x/99.svg").await.status,
        404
    );
    assert_eq!(app.get("/media/demo/nope/1.svg").await.status, 404);
}

#[tokio::test]
async fn server_functions_answer_json_and_not_found_is_404() {
    let app = spawn_app().await;
    let listing = app
        .get("/api/catalog/listing?category=cpus&query=sort%3Dprice_asc")
        .await;
    assert_eq!(listing.status, 200);
    let json: serde_json::Value = serde_json::from_str(&listing.body).unwrap();
    assert!(json["total"].as_i64().unwrap() >= 10);
    let missing = app.get("/api/catalog/product?slug=nope").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("NotFound"));
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(format!("{}/search", app.address))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "br");
}
