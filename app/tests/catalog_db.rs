//! Catalog queries against real Postgres: each test gets a fresh database (sqlx::test), migrated
//! and loaded with the demo catalog.

use app::db::catalog::{category_by_slug, product_page};
use app::db::listing::{correct_words, search as run_search, ListingFilter};
use app::db::seed::{load_demo_catalog, store_is_empty};
use app::domain::catalog::ProductCard;
use app::domain::money::Currency;
use app::domain::query::{CatalogQuery, Sort, PAGE_SIZE};
use sqlx::PgPool;

async fn seeded(pool: &PgPool) {
    load_demo_catalog(pool, &app::demo::catalog())
        .await
        .expect("demo catalog loads");
}

fn query(raw: &str) -> CatalogQuery {
    CatalogQuery::from_query_string(raw, Currency::Usd)
}

async fn search(
    pool: &PgPool,
    raw: &str,
    category: Option<&str>,
) -> (Vec<String>, i64, Vec<ProductCard>) {
    let q = query(raw);
    let words = correct_words(pool, &q.words()).await.unwrap();
    let ids = match category {
        Some(slug) => Some(
            category_by_slug(pool, slug)
                .await
                .unwrap()
                .expect("category")
                .subtree_ids,
        ),
        None => None,
    };
    let filter = ListingFilter {
        words: &words,
        category_ids: ids.as_deref(),
        spec_facets: &[],
        query: &q,
    };
    let found = run_search(pool, &filter).await.unwrap();
    (words, found.total, found.products)
}

#[sqlx::test(migrations = "../migrations")]
async fn loading_the_demo_catalog_twice_adds_nothing_the_second_time(pool: PgPool) {
    assert!(store_is_empty(&pool).await.unwrap());
    let first = load_demo_catalog(&pool, &app::demo::catalog())
        .await
        .unwrap();
    assert!(first.products >= 344 && first.categories >= 33, "{first:?}");
    let second = load_demo_catalog(&pool, &app::demo::catalog())
        .await
        .unwrap();
    assert_eq!(second, Default::default());
    let orphans: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM products p WHERE NOT EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(orphans, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_product_without_a_variant_is_refused_at_commit(pool: PgPool) {
    seeded(&pool).await;
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("INSERT INTO products (category_id, slug, name, brand) SELECT id, 'lonely', 'Lonely', 'X' FROM categories LIMIT 1")
        .execute(&mut *tx)
        .await
        .unwrap();
    let err = tx.commit().await.unwrap_err();
    assert!(err.to_string().contains("has no variant"), "{err}");
}

#[sqlx::test(migrations = "../migrations")]
async fn stock_can_never_go_below_zero(pool: PgPool) {
    seeded(&pool).await;
    let err = sqlx::query("UPDATE variants SET stock_on_hand = -1 WHERE sku = 'GPU-0001'")
        .execute(&pool)
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("variants_stock_non_negative")
            || message.contains("variants_reserved_within_stock"),
        "{err}"
    );
    // Nor can more be held for unpaid orders than is on hand.
    let err = sqlx::query(
        "UPDATE variants SET stock_reserved = stock_on_hand + 1 WHERE sku = 'GPU-0001'",
    )
    .execute(&pool)
    .await
    .unwrap_err();
    assert!(
        err.to_string().contains("variants_reserved_within_stock"),
        "{err}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn searching_nvidia_4070_finds_only_4070_cards_best_match_first(pool: PgPool) {
    seeded(&pool).await;
    let (words, total, products) = search(&pool, "q=nvidia+4070", None).await;
    assert_eq!(words, ["nvidia", "4070"]);
    assert!(total >= 4, "{total}");
    // Graphics cards named 4070 first; laptops with an RTX 4070 Laptop GPU after them.
    assert!(
        products[..4]
            .iter()
            .all(|p| p.name.contains("GeForce RTX 4070")),
        "{products:?}"
    );
    assert!(
        products
            .iter()
            .all(|p| p.name.contains("4070") || p.slug.contains("laptop")),
        "{products:?}"
    );
    let (_, _, exact) = search(&pool, "q=rtx+4070+super", None).await;
    assert!(exact[0].name.contains("4070 SUPER"), "{:?}", exact[0].name);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_misspelt_word_is_corrected_to_the_catalog_vocabulary(pool: PgPool) {
    seeded(&pool).await;
    let (words, total, products) = search(&pool, "q=kebyoard", None).await;
    assert_eq!(words, ["keyboard"]);
    assert!(total >= 5, "{total}");
    assert!(products
        .iter()
        .all(|p| p.name.to_lowercase().contains("keyboard")));
    let (words, _, _) = search(&pool, "q=logitec+mouse", None).await;
    assert_eq!(words, ["logitech", "mouse"]);
}

#[sqlx::test(migrations = "../migrations")]
async fn nonsense_and_hostile_text_finds_nothing_without_failing(pool: PgPool) {
    seeded(&pool).await;
    for raw in [
        "q=zzzqqqxxx",
        "q=%27%3B+DROP+TABLE+products%3B--",
        "q=%3Cscript%3Ealert(1)%3C/script%3E",
        "q=%26%7C%21%28%29%3A*",
    ] {
        let (_, total, products) = search(&pool, raw, None).await;
        assert_eq!((total, products.len()), (0, 0), "{raw}");
    }
    let still_there: i64 = sqlx::query_scalar("SELECT count(*) FROM products")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(still_there >= 344);
}

#[sqlx::test(migrations = "../migrations")]
async fn each_sort_order_orders_the_whole_listing(pool: PgPool) {
    seeded(&pool).await;
    let (_, _, asc) = search(&pool, "sort=price_asc", Some("components")).await;
    assert!(asc.windows(2).all(|w| w[0].price.minor <= w[1].price.minor));
    let (_, _, desc) = search(&pool, "sort=price_desc", Some("components")).await;
    assert!(desc
        .windows(2)
        .all(|w| w[0].price.minor >= w[1].price.minor));
    assert!(desc[0].price.minor > asc[0].price.minor);
    let (_, _, by_name) = search(&pool, "sort=name", Some("components")).await;
    assert!(by_name
        .windows(2)
        .all(|w| w[0].name.to_lowercase() <= w[1].name.to_lowercase()));
    let newest_slugs: Vec<String> = sqlx::query_scalar(
        "SELECT slug FROM products WHERE active ORDER BY created_at DESC, id DESC LIMIT 24",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let (_, _, newest) = search(&pool, "sort=newest", None).await;
    assert_eq!(
        newest.iter().map(|p| p.slug.clone()).collect::<Vec<_>>(),
        newest_slugs
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn pages_partition_the_listing_without_overlap(pool: PgPool) {
    seeded(&pool).await;
    let (_, total, first) = search(&pool, "sort=price_asc", None).await;
    let pages = (total + i64::from(PAGE_SIZE) - 1) / i64::from(PAGE_SIZE);
    assert_eq!(first.len(), PAGE_SIZE as usize);
    let mut seen = std::collections::HashSet::new();
    for page in 1..=pages {
        let (_, _, products) = search(&pool, &format!("sort=price_asc&page={page}"), None).await;
        let expected = if page == pages {
            total - (pages - 1) * i64::from(PAGE_SIZE)
        } else {
            i64::from(PAGE_SIZE)
        };
        assert_eq!(products.len() as i64, expected, "page {page}");
        for p in products {
            assert!(seen.insert(p.slug), "a product appeared twice");
        }
    }
    assert_eq!(seen.len() as i64, total);
    let (_, _, beyond) = search(&pool, &format!("page={}", pages + 1), None).await;
    assert!(beyond.is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn facet_counts_apply_every_filter_but_their_own(pool: PgPool) {
    seeded(&pool).await;
    let q = query("brand=ASUS&in_stock=1");
    let ids = category_by_slug(&pool, "graphics-cards")
        .await
        .unwrap()
        .unwrap()
        .subtree_ids;
    let filter = ListingFilter {
        words: &[],
        category_ids: Some(&ids),
        spec_facets: &[],
        query: &q,
    };
    let found = run_search(&pool, &filter).await.unwrap();
    let (f, total) = (found.facets, found.total);
    // Brand counts ignore the brand filter, so other brands still show what they would add.
    assert!(
        f.brands.iter().any(|b| b.value == "MSI" && b.count > 0),
        "{:?}",
        f.brands
    );
    let asus = f
        .brands
        .iter()
        .find(|b| b.value == "ASUS")
        .map(|b| b.count)
        .unwrap_or(0);
    assert_eq!(asus, total);
    // The category facet applies every filter: its counts add up to the total.
    assert_eq!(f.categories.iter().map(|c| c.count).sum::<i64>(), total);
    // Price bands ignore the price filter but keep brand and stock.
    assert_eq!(f.price_bands.iter().map(|b| b.count).sum::<i64>(), total);
    // The in-stock count keeps the brand filter and ignores the stock filter.
    let all_asus = query("brand=ASUS");
    let all = run_search(
        &pool,
        &ListingFilter {
            words: &[],
            category_ids: Some(&ids),
            spec_facets: &[],
            query: &all_asus,
        },
    )
    .await
    .unwrap()
    .total;
    assert_eq!(f.in_stock, total);
    assert!(all >= total);
}

#[sqlx::test(migrations = "../migrations")]
async fn price_filters_are_inclusive_and_in_stock_hides_sold_out_products(pool: PgPool) {
    seeded(&pool).await;
    let (_, _, cheap) = search(&pool, "min=100&max=199.99&sort=price_asc", None).await;
    assert!(!cheap.is_empty());
    assert!(cheap
        .iter()
        .all(|p| (10_000..=19_999).contains(&p.price.minor)));
    let (_, in_stock, products) = search(&pool, "in_stock=1", None).await;
    let (_, everything, _) = search(&pool, "", None).await;
    assert!(in_stock < everything);
    assert!(products.iter().all(|p| p.stock.is_available()));
}

#[sqlx::test(migrations = "../migrations")]
async fn inactive_products_are_hidden_from_pages_and_listings(pool: PgPool) {
    seeded(&pool).await;
    let slug = "amd-ryzen-5-7600x";
    assert!(product_page(&pool, slug).await.unwrap().is_some());
    sqlx::query("UPDATE products SET active = false WHERE slug = $1")
        .bind(slug)
        .execute(&pool)
        .await
        .unwrap();
    assert!(product_page(&pool, slug).await.unwrap().is_none());
    let (_, _, products) = search(&pool, "q=ryzen+7600x", None).await;
    assert!(products.iter().all(|p| p.slug != slug));
    let q = query("");
    let f = ListingFilter {
        words: &[],
        category_ids: None,
        spec_facets: &[],
        query: &q,
    };
    assert_eq!(q.sort, Sort::Relevance);
    assert!(run_search(&pool, &f).await.unwrap().total >= 343);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_default_order_puts_what_can_be_bought_first(pool: PgPool) {
    seeded(&pool).await;
    // The newest product sells out.
    let newest: String = sqlx::query_scalar(
        "SELECT slug FROM products WHERE active ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE variants SET stock_on_hand = 0, stock_reserved = 0
         WHERE product_id = (SELECT id FROM products WHERE slug = $1)",
    )
    .bind(&newest)
    .execute(&pool)
    .await
    .unwrap();
    for raw in ["", "q=ssd"] {
        let (_, total, _) = search(&pool, raw, None).await;
        let pages = (total + i64::from(PAGE_SIZE) - 1) / i64::from(PAGE_SIZE);
        let mut available = Vec::new();
        for page in 1..=pages {
            let (_, _, products) = search(&pool, &format!("{raw}&page={page}"), None).await;
            available.extend(products.iter().map(|p| p.stock.is_available()));
        }
        assert_eq!(available.len() as i64, total);
        assert!(
            available.windows(2).all(|w| w[0] || !w[1]),
            "{raw:?}: every product in stock comes before every sold-out one"
        );
    }
    let (_, _, first) = search(&pool, "", None).await;
    assert_ne!(first[0].slug, newest);
    // "Newest" is what it says.
    let (_, _, by_date) = search(&pool, "sort=newest", None).await;
    assert_eq!(by_date[0].slug, newest);
}

/// Demo products of a category whose spec `name` is one of `values` (any value when empty).
fn demo_count(category: &str, wanted: &[(&str, &[&str])]) -> i64 {
    app::demo::catalog()
        .products
        .iter()
        .filter(|p| p.category == category)
        .filter(|p| {
            wanted.iter().all(|(name, values)| {
                p.specs
                    .iter()
                    .any(|(n, v)| n == name && (values.is_empty() || values.contains(&v.as_str())))
            })
        })
        .count() as i64
}

#[sqlx::test(migrations = "../migrations")]
async fn spec_facets_filter_and_count_with_every_filter_but_their_own(pool: PgPool) {
    seeded(&pool).await;
    let place = category_by_slug(&pool, "graphics-cards")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(place.spec_facets, ["Chipset", "Memory"]);
    let run = |raw: String| {
        let (pool, place) = (pool.clone(), place.clone());
        async move {
            let mut q = query(&raw);
            q.keep_specs(&place.spec_facets);
            let filter = ListingFilter {
                words: &[],
                category_ids: Some(&place.subtree_ids),
                spec_facets: &place.spec_facets,
                query: &q,
            };
            run_search(&pool, &filter).await.unwrap()
        }
    };
    const X12: &str = "12 GB GDDR6X";
    const X16: &str = "16 GB GDDR6X";
    // No filter: every value of both facets, counts as the demo data has them.
    let all = run("".into()).await;
    let names: Vec<&str> = all.facets.specs.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Chipset", "Memory"]);
    let memory = &all.facets.specs[1];
    for v in &memory.values {
        assert_eq!(
            v.count,
            demo_count("graphics-cards", &[("Memory", &[v.value.as_str()])]),
            "{}",
            v.value
        );
    }
    assert_eq!(
        memory.values.iter().map(|v| v.count).sum::<i64>(),
        demo_count("graphics-cards", &[("Memory", &[])])
    );
    // Natural order: 8 GB before 12 GB before 16 GB.
    let order: Vec<&str> = memory.values.iter().map(|v| v.value.as_str()).collect();
    let pos = |v: &str| order.iter().position(|o| o.starts_with(v)).unwrap();
    assert!(
        pos("8 GB") < pos("12 GB") && pos("12 GB") < pos("16 GB"),
        "{order:?}"
    );
    // One value; two values of one spec are alternatives ("or").
    let one = run("spec=Memory:12+GB+GDDR6X".into()).await;
    assert_eq!(
        one.total,
        demo_count("graphics-cards", &[("Memory", &[X12])])
    );
    assert!(one.total > 0);
    let two = run("spec=Memory:12+GB+GDDR6X&spec=memory:16+GB+GDDR6X".into()).await;
    assert_eq!(
        two.total,
        demo_count("graphics-cards", &[("Memory", &[X12, X16])])
    );
    assert!(two.total > one.total);
    // The Memory facet ignores its own filter (every value still offered, same counts), while
    // the Chipset facet counts only 12/16 GB cards and adds up to the total.
    assert_eq!(two.facets.specs[1], all.facets.specs[1]);
    assert_eq!(
        two.facets.specs[0]
            .values
            .iter()
            .map(|v| v.count)
            .sum::<i64>(),
        two.total
    );
    // Different specs must all match ("and"), and brands count within the spec filters.
    let chipset = two.facets.specs[0].values[0].value.clone();
    let raw = query("spec=Memory:12+GB+GDDR6X&spec=Memory:16+GB+GDDR6X")
        .toggling_spec("Chipset", &chipset)
        .to_query_string(Currency::Usd);
    let both = run(raw).await;
    assert_eq!(
        both.total,
        demo_count(
            "graphics-cards",
            &[("Memory", &[X12, X16]), ("Chipset", &[chipset.as_str()])]
        )
    );
    assert_eq!(
        both.facets.brands.iter().map(|b| b.count).sum::<i64>(),
        both.total
    );
    // A spec the category does not filter by is dropped, not applied.
    let unknown = run("spec=Colour:Pink".into()).await;
    assert_eq!(unknown.total, all.total);
    // A value no product has finds nothing, without failing.
    let none = run("spec=Memory:1+TB+of+dreams".into()).await;
    assert_eq!(none.total, 0);
}

/// A paid (or not) order `days_ago` with one line of `units` of the product's first variant.
async fn sold(
    pool: &PgPool,
    n: i32,
    slug: &str,
    units: i32,
    status: &str,
    paid: bool,
    days_ago: i32,
) {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (number, email, checkout_token, access_hash, status, currency,
             subtotal_minor, shipping_minor, tax_minor, total_minor, tax_rate_bp, shipping_method,
             ship_name, ship_line1, ship_city, ship_postal_code, ship_country, stock_state,
             reserved_until, payment_provider, payment_id, refunded_minor, created_at)
         VALUES ($1, 'a@example.com', $1, '\\x00', $2, 'USD', 100, 0, 0, 100, 0, 'standard',
                 'A', 'B', 'C', 'D', 'US', 'committed', now(), 'test', $3, 0,
                 now() - make_interval(days => $4))
         RETURNING id",
    )
    .bind(format!("OX-BEST-{n:04}"))
    .bind(status)
    .bind(paid.then(|| format!("pi_best_{n}")))
    .bind(days_ago)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO order_lines (order_id, position, variant_id, sku, product_name, unit_price_minor, quantity, line_total_minor)
         SELECT $1, 1, v.id, v.sku, p.name, 100, $3, 100 * $3
         FROM products p JOIN variants v ON v.product_id = p.id
         WHERE p.slug = $2 ORDER BY v.position, v.id LIMIT 1",
    )
    .bind(id)
    .bind(slug)
    .bind(units)
    .execute(pool)
    .await
    .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn best_sellers_are_the_most_units_sold_lately_in_orders_that_count(pool: PgPool) {
    seeded(&pool).await;
    let slugs: Vec<String> = sqlx::query_scalar(
        "SELECT p.slug FROM products p WHERE p.active
           AND (SELECT sum(stock_on_hand - stock_reserved) FROM variants v WHERE v.product_id = p.id AND v.active) > 0
         ORDER BY p.id LIMIT 6",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let [a, b, c, d, e, f] = <[String; 6]>::try_from(slugs).unwrap();
    sold(&pool, 1, &a, 3, "paid", true, 1).await;
    sold(&pool, 2, &b, 5, "delivered", true, 2).await;
    sold(&pool, 3, &c, 9, "cancelled", true, 1).await; // cancelled: not a sale
    sold(&pool, 4, &c, 9, "refunded", true, 1).await; // refunded: not a sale
    sold(&pool, 5, &d, 7, "pending", false, 1).await; // never paid
    sold(&pool, 6, &e, 8, "shipped", true, 40).await; // too long ago
    sold(&pool, 7, &e, 1, "shipped", true, 3).await;
    sold(&pool, 8, &f, 10, "paid", true, 1).await;
    // The best seller of all has sold out since: it is not offered.
    sqlx::query("UPDATE variants SET stock_on_hand = stock_reserved WHERE product_id = (SELECT id FROM products WHERE slug = $1)")
        .bind(&f)
        .execute(&pool)
        .await
        .unwrap();
    let best = app::db::shelves::best_sellers(&pool, 4).await.unwrap();
    let names: Vec<&str> = best.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(names, [b.as_str(), a.as_str(), e.as_str()]);
    let two = app::db::shelves::best_sellers(&pool, 2).await.unwrap();
    assert_eq!(
        two.iter().map(|c| c.slug.as_str()).collect::<Vec<_>>(),
        [b.as_str(), a.as_str()]
    );
}

/// The home page's category tiles: each top-level category with the active products of its
/// whole subtree and the first picture (by product id) among them; an empty category has none.
/// Checked against the same facts computed here from plain rows.
#[sqlx::test(migrations = "../migrations")]
async fn featured_categories_count_each_subtree_and_show_its_first_picture(pool: PgPool) {
    seeded(&pool).await;
    sqlx::query(
        "INSERT INTO categories (slug, name, position) VALUES ('empty-shelf', 'Empty shelf', 99)",
    )
    .execute(&pool)
    .await
    .unwrap();
    // The first pictured product of one tree loses its picture, another one is deactivated:
    // the tile moves on to the next product that has both.
    let first_of = |slug: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "WITH RECURSIVE t AS (SELECT id FROM categories WHERE slug = $1
                   UNION SELECT c.id FROM categories c JOIN t ON c.parent_id = t.id)
                 SELECT p.id FROM products p JOIN t ON t.id = p.category_id
                  JOIN product_images i ON i.product_id = p.id AND i.position = 0
                 WHERE p.active ORDER BY p.id LIMIT 1",
            )
            .bind(slug)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let components = first_of("components").await;
    sqlx::query("DELETE FROM product_images WHERE product_id = $1")
        .bind(components)
        .execute(&pool)
        .await
        .unwrap();
    let peripherals = first_of("peripherals").await;
    sqlx::query("UPDATE products SET active = false WHERE id = $1")
        .bind(peripherals)
        .execute(&pool)
        .await
        .unwrap();

    let tiles = app::db::shelves::featured_categories(&pool).await.unwrap();

    // Expected, from the rows: walk each root's subtree in Rust.
    let categories: Vec<(i64, Option<i64>, String, String, i32)> =
        sqlx::query_as("SELECT id, parent_id, slug, name, position FROM categories")
            .fetch_all(&pool)
            .await
            .unwrap();
    let products: Vec<(i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT p.id, p.category_id, i.url FROM products p
         LEFT JOIN product_images i ON i.product_id = p.id AND i.position = 0 WHERE p.active",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut roots: Vec<_> = categories.iter().filter(|c| c.1.is_none()).collect();
    roots.sort_by(|a, b| (a.4, &a.3).cmp(&(b.4, &b.3)));
    let expected: Vec<(String, i64, Option<String>)> = roots
        .iter()
        .map(|root| {
            let mut tree = vec![root.0];
            let mut i = 0;
            while i < tree.len() {
                let parent = tree[i];
                tree.extend(
                    categories
                        .iter()
                        .filter(|c| c.1 == Some(parent))
                        .map(|c| c.0),
                );
                i += 1;
            }
            let mut inside: Vec<_> = products.iter().filter(|p| tree.contains(&p.1)).collect();
            inside.sort_by_key(|p| p.0);
            let picture = inside.iter().find_map(|p| p.2.clone());
            (root.2.clone(), inside.len() as i64, picture)
        })
        .collect();
    let got: Vec<_> = tiles
        .iter()
        .map(|t| (t.slug.clone(), t.product_count, t.image_url.clone()))
        .collect();
    assert_eq!(got, expected);
    assert!(expected.len() >= 3, "{expected:?}");
    let empty = tiles
        .iter()
        .find(|t| t.slug == "empty-shelf")
        .expect("empty tile");
    assert_eq!((empty.product_count, empty.image_url.as_deref()), (0, None));
    let components_tile = tiles.iter().find(|t| t.slug == "components").unwrap();
    assert!(components_tile.product_count > 0 && components_tile.image_url.is_some());
}

/// The listing query numbers its placeholders by what the request has: specification filters
/// without any spec facet to count (a caller that does not narrow them to the category's
/// facets) still filter, and count no spec facet.
#[sqlx::test(migrations = "../migrations")]
async fn spec_filters_without_spec_facets_still_filter(pool: PgPool) {
    seeded(&pool).await;
    let place = category_by_slug(&pool, "graphics-cards")
        .await
        .unwrap()
        .unwrap();
    let q = query("spec=Memory:12+GB+GDDR6X");
    assert_eq!(q.specs.len(), 1);
    let filter = ListingFilter {
        words: &[],
        category_ids: Some(&place.subtree_ids),
        spec_facets: &[],
        query: &q,
    };
    let found = run_search(&pool, &filter).await.unwrap();
    assert_eq!(
        found.total,
        demo_count("graphics-cards", &[("Memory", &["12 GB GDDR6X"])])
    );
    assert!(found.total > 0);
    assert!(found.facets.specs.is_empty());
}

/// A product page's single statement against the rows: active variants only, in their order;
/// pictures in order, one without alt text described by the product's name; the category trail
/// from the root; related products of the same category, closest in price first.
#[sqlx::test(migrations = "../migrations")]
async fn a_product_page_shows_what_is_stored(pool: PgPool) {
    seeded(&pool).await;
    let slug = "samsung-990-pro-nvme-ssd";
    let (id, category, name): (i64, i64, String) =
        sqlx::query_as("SELECT id, category_id, name FROM products WHERE slug = $1")
            .bind(slug)
            .fetch_one(&pool)
            .await
            .unwrap();
    // One variant retired, the last one moved first, the first picture without alt text.
    sqlx::query(
        "UPDATE variants SET active = false WHERE id = (SELECT min(id) FROM variants WHERE product_id = $1)",
    )
    .bind(id)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE variants SET position = -1 WHERE id = (SELECT max(id) FROM variants WHERE product_id = $1)",
    )
    .bind(id)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE product_images SET alt = '' WHERE product_id = $1 AND position = 0")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();

    let page = product_page(&pool, slug).await.unwrap().expect("the page");

    let skus: Vec<String> = sqlx::query_scalar(
        "SELECT sku FROM variants WHERE product_id = $1 AND active ORDER BY position, id",
    )
    .bind(id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(skus.len() >= 2, "{skus:?}");
    let got: Vec<_> = page.facts.variants.iter().map(|v| v.sku.clone()).collect();
    assert_eq!(got, skus);
    let cheapest: i64 = sqlx::query_scalar(
        "SELECT min(price_minor) FROM variants WHERE product_id = $1 AND active",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        page.facts.variants.iter().map(|v| v.price.minor).min(),
        Some(cheapest)
    );

    let pictures: Vec<(String, String)> = sqlx::query_as(
        "SELECT url, alt FROM product_images WHERE product_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(!pictures.is_empty());
    let expected: Vec<_> = pictures
        .into_iter()
        .map(|(url, alt)| (url, if alt.is_empty() { name.clone() } else { alt }))
        .collect();
    let got: Vec<_> = page
        .facts
        .images
        .iter()
        .map(|p| (p.url.clone(), p.alt.clone()))
        .collect();
    assert_eq!(got, expected);

    let trail: Vec<_> = page.trail.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(trail, ["components", "ssds"]);

    // Related, computed here: the other active products of the category with a price, by
    // distance to this product's cheapest price, then id.
    let mut others: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT p.id, p.slug, c.min_price FROM products p JOIN product_cards c ON c.product_id = p.id
         WHERE p.active AND p.category_id = $1 AND p.id <> $2 AND c.min_price IS NOT NULL",
    )
    .bind(category)
    .bind(id)
    .fetch_all(&pool)
    .await
    .unwrap();
    others.sort_by_key(|(id, _, price)| ((price - cheapest).abs(), *id));
    let expected: Vec<_> = others.iter().take(4).map(|o| o.1.clone()).collect();
    assert_eq!(expected.len(), 4, "{others:?}");
    let got: Vec<_> = page.related.iter().map(|c| c.slug.clone()).collect();
    assert_eq!(got, expected);
    assert!(page.related.iter().all(|c| c.image.is_some()));
}
