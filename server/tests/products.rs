//! Catalog management over HTTP: creating a product and its variants (every mistake reported
//! next to its field), finding it in the storefront, a stale edit refused, variants retired,
//! and the seller boundaries: sellers see and edit only their own products, admins assign them.

mod common;

use common::shop::parse;
use common::{call, fetch, sign_in, spawn_app, TestApp};
use serde_json::Value;

async fn app() -> TestApp {
    let app = spawn_app().await;
    app::auth::accounts::load_demo_accounts(&app.db)
        .await
        .unwrap();
    app
}

fn product_form<'a>(
    id: &'a str,
    version: &'a str,
    name: &'a str,
    slug: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", id),
        ("version", version),
        ("name", name),
        ("slug", slug),
        ("brand", "Oxcart Labs"),
        ("category", "mice"),
        ("description", "A mouse for testing."),
        ("specs", "Weight: 58 g\nSensor: optical"),
        ("active", "on"),
    ]
}

/// Creates a product with its first variant (SKU from the name).
async fn create(app: &TestApp, cookie: &str, name: &str) -> Value {
    let sku = app::domain::product_edit::slugify(name).to_ascii_uppercase();
    let mut form = product_form("0", "0", name, "");
    form.extend([
        ("sku", sku.as_str()),
        ("price", "29.99"),
        ("options", ""),
        ("compare_at", ""),
        ("threshold", ""),
    ]);
    let a = call(app, "admin/products/save", &form, Some(cookie)).await;
    assert_eq!(a.status, 200, "{}", a.body);
    parse(&a.body)
}

async fn add_variant(
    app: &TestApp,
    cookie: &str,
    product: i64,
    sku: &str,
    price: &str,
) -> (u16, String) {
    let product = product.to_string();
    let a = call(
        app,
        "admin/products/variant",
        &[
            ("product", product.as_str()),
            ("original", ""),
            ("sku", sku),
            ("options", "Colour: Black"),
            ("price", price),
            ("compare_at", ""),
            ("threshold", "3"),
        ],
        Some(cookie),
    )
    .await;
    (a.status, a.body)
}

#[tokio::test]
async fn admins_create_products_that_appear_in_the_storefront() {
    let app = app().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;

    // Every mistake at once, each next to its field.
    let mut bad = product_form("0", "0", " ", "");
    bad[4] = ("brand", "");
    bad[6] = ("description", "fine");
    bad[7] = ("specs", "no colon here");
    let a = call(&app, "admin/products/save", &bad, Some(&admin)).await;
    assert_eq!(a.status, 422, "{}", a.body);
    // (The first variant's SKU and price are missing too.)
    for field in ["name", "brand", "specs", "sku", "price"] {
        assert!(
            a.body.contains(&format!("\"{field}\"")),
            "{field} in {}",
            a.body
        );
    }

    let editor = create(&app, &admin, "Testmouse Pro 9").await;
    let id = editor["id"].as_i64().unwrap();
    assert_eq!(editor["form"]["slug"], "testmouse-pro-9");
    assert_eq!(editor["version"], 1);
    // Its address is taken now.
    let mut taken = product_form("0", "0", "Another", "testmouse-pro-9");
    taken.extend([("sku", "ANOTHER-1"), ("price", "5")]);
    let a = call(&app, "admin/products/save", &taken, Some(&admin)).await;
    assert!(a.status == 422 && a.body.contains("slug"), "{}", a.body);
    // And a first variant's SKU must be free.
    let mut dup = product_form("0", "0", "Another", "");
    dup.extend([("sku", "TESTMOUSE-PRO-9"), ("price", "5")]);
    let a = call(&app, "admin/products/save", &dup, Some(&admin)).await;
    assert!(
        a.status == 422 && a.body.contains("Another variant has this SKU"),
        "{}",
        a.body
    );

    // Two variants; a bad one is refused field by field; a SKU is unique.
    assert_eq!(
        add_variant(&app, &admin, id, "TMP9-BLACK", "49.99").await.0,
        200
    );
    let (status, body) = add_variant(&app, &admin, id, "TMP9-WHITE", "54.50").await;
    assert_eq!(status, 200, "{body}");
    let editor = parse(&body);
    assert_eq!(editor["variants"].as_array().unwrap().len(), 3);
    assert_eq!(editor["variants"][2]["form"]["price"], "54.50");
    let (status, body) = add_variant(&app, &admin, id, "x", "cheap").await;
    assert!(
        status == 422 && body.contains("sku") && body.contains("price"),
        "{body}"
    );
    let (status, body) = add_variant(&app, &admin, id, "TMP9-BLACK", "10").await;
    assert!(
        status == 422 && body.contains("Another variant has this SKU"),
        "{body}"
    );

    // The storefront shows it at once.
    let product = fetch(&app, "catalog/product?slug=testmouse-pro-9", None).await;
    assert_eq!(product.status, 200, "{}", product.body);
    assert!(product.body.contains("TMP9-WHITE"));
    let page = app.get("/search?q=testmouse").await;
    assert!(page.body.contains("Testmouse Pro 9"), "search finds it");

    // Retiring a variant takes it out of the shop (it stays for past orders).
    let a = call(
        &app,
        "admin/products/variant/active",
        &[("sku", "TMP9-WHITE"), ("active", "false")],
        Some(&admin),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let product = fetch(&app, "catalog/product?slug=testmouse-pro-9", None).await;
    assert!(!product.body.contains("TMP9-WHITE"), "{}", product.body);
    let audit = parse(
        &fetch(
            &app,
            &format!("admin/audit?subject=product:{id}"),
            Some(&admin),
        )
        .await
        .body,
    );
    assert_eq!(audit[0]["action"], "product.create");
}

#[tokio::test]
async fn a_stale_edit_is_refused_and_changes_nothing() {
    let app = app().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let editor = create(&app, &admin, "Stale Mouse").await;
    let id = editor["id"].as_i64().unwrap().to_string();
    // Two admins opened version 1; the first saves.
    let a = call(
        &app,
        "admin/products/save",
        &product_form(&id, "1", "Stale Mouse II", "stale-mouse"),
        Some(&admin),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(parse(&a.body)["version"], 2);
    // The second saves on top of version 1: refused, and the first one's change stands.
    let a = call(
        &app,
        "admin/products/save",
        &product_form(&id, "1", "Stale Mouse III", "stale-mouse"),
        Some(&admin),
    )
    .await;
    assert_eq!(a.status, 409, "{}", a.body);
    assert!(
        a.body.contains("Someone else changed this product"),
        "{}",
        a.body
    );
    let now = parse(
        &fetch(
            &app,
            &format!("admin/products/editor?id={id}"),
            Some(&admin),
        )
        .await
        .body,
    );
    assert_eq!(now["form"]["name"], "Stale Mouse II");
    let audit = parse(
        &fetch(
            &app,
            &format!("admin/audit?subject=product:{id}"),
            Some(&admin),
        )
        .await
        .body,
    );
    assert_eq!(audit[0]["action"], "product.update");
    assert!(audit[0]["before"]
        .as_str()
        .unwrap()
        .contains("Stale Mouse\""));
    assert!(audit[0]["after"]
        .as_str()
        .unwrap()
        .contains("Stale Mouse II"));

    // A variant saved from a page loaded at version 1 is refused too, and changes nothing.
    let sku = now["variants"][0]["form"]["sku"]
        .as_str()
        .unwrap()
        .to_string();
    let variant = |version: &'static str, price: &'static str| {
        let (id, sku) = (id.clone(), sku.clone());
        let app = &app;
        let admin = &admin;
        async move {
            call(
                app,
                "admin/products/variant",
                &[
                    ("product", id.as_str()),
                    ("version", version),
                    ("original", sku.as_str()),
                    ("sku", sku.as_str()),
                    ("options", ""),
                    ("price", price),
                    ("compare_at", ""),
                    ("threshold", "3"),
                ],
                Some(admin),
            )
            .await
        }
    };
    let a = variant("1", "1.00").await;
    assert_eq!(a.status, 409, "{}", a.body);
    assert!(a.body.contains("Someone else changed this product"));
    let a = variant("2", "31.00").await;
    assert_eq!(a.status, 200, "{}", a.body);
    let saved = parse(&a.body);
    assert_eq!(saved["variants"][0]["form"]["price"], "31.00");
    assert_eq!(saved["version"], 3);
}

#[tokio::test]
async fn sellers_see_and_edit_only_their_own_products() {
    let app = app().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let seller = sign_in(&app, "seller@oxcart.test", "oxcart-seller-demo").await;
    let seller_id: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'seller@oxcart.test'")
            .fetch_one(&app.db)
            .await
            .unwrap();

    // What a seller creates is theirs; they see only their own.
    let mine = create(&app, &seller, "Seller Mouse").await;
    assert_eq!(mine["seller_id"], seller_id);
    let list = parse(
        &fetch(&app, "admin/products?q=&sort=&page=1", Some(&seller))
            .await
            .body,
    );
    assert_eq!(list["total"], 1, "{list}");
    let (status, _) = add_variant(
        &app,
        &seller,
        mine["id"].as_i64().unwrap(),
        "SELLER-MOUSE-1",
        "19.99",
    )
    .await;
    assert_eq!(status, 200);

    // A store product: invisible and untouchable for the seller.
    let theirs = create(&app, &admin, "Store Mouse").await;
    let id = theirs["id"].as_i64().unwrap();
    assert_eq!(
        fetch(
            &app,
            &format!("admin/products/editor?id={id}"),
            Some(&seller)
        )
        .await
        .status,
        404
    );
    let ids = id.to_string();
    let a = call(
        &app,
        "admin/products/save",
        &product_form(&ids, "1", "Mine now", "store-mouse"),
        Some(&seller),
    )
    .await;
    assert_eq!(a.status, 404);
    assert_eq!(
        add_variant(&app, &seller, id, "STORE-MOUSE-9", "9.99")
            .await
            .0,
        404
    );
    let (_, sku) = add_variant(&app, &admin, id, "STORE-MOUSE-1", "9.99").await;
    assert!(sku.contains("STORE-MOUSE-1"));
    let a = call(
        &app,
        "admin/products/variant/active",
        &[("sku", "STORE-MOUSE-1"), ("active", "false")],
        Some(&seller),
    )
    .await;
    assert_eq!(a.status, 404);
    assert_eq!(
        fetch(
            &app,
            "admin/inventory/stock?sku=STORE-MOUSE-1",
            Some(&seller)
        )
        .await
        .status,
        404
    );
    // A seller cannot hand a product to someone (the field is ignored for them).
    let mine_id = mine["id"].as_i64().unwrap().to_string();
    let mut form = product_form(&mine_id, "2", "Seller Mouse", "seller-mouse");
    form.push(("seller", ""));
    let version = parse(
        &fetch(
            &app,
            &format!("admin/products/editor?id={}", mine["id"]),
            Some(&seller),
        )
        .await
        .body,
    )["version"]
        .as_i64()
        .unwrap()
        .to_string();
    form[1] = ("version", &version);
    let a = call(&app, "admin/products/save", &form, Some(&seller)).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(parse(&a.body)["seller_id"], seller_id);

    // The admin assigns the store product to the seller, who then sees it.
    let seller_text = seller_id.to_string();
    let mut form = product_form(&ids, "2", "Store Mouse", "store-mouse");
    form.push(("seller", &seller_text));
    let a = call(&app, "admin/products/save", &form, Some(&admin)).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(
        fetch(
            &app,
            &format!("admin/products/editor?id={id}"),
            Some(&seller)
        )
        .await
        .status,
        200
    );
    let audit = parse(
        &fetch(
            &app,
            &format!("admin/audit?subject=product:{id}"),
            Some(&admin),
        )
        .await
        .body,
    );
    assert_eq!(audit[0]["action"], "product.assign");
    // Only seller accounts can own products.
    let mut form = product_form(&ids, "3", "Store Mouse", "store-mouse");
    let admin_id: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'admin@oxcart.test'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let admin_text = admin_id.to_string();
    form.push(("seller", &admin_text));
    let a = call(&app, "admin/products/save", &form, Some(&admin)).await;
    assert!(a.status == 422 && a.body.contains("seller"), "{}", a.body);

    // Customers and guests get nothing.
    let customer = sign_in(&app, "customer@oxcart.test", "oxcart-customer-demo").await;
    assert_eq!(
        fetch(&app, "admin/products?q=&sort=&page=1", Some(&customer))
            .await
            .status,
        403
    );
    assert_eq!(
        fetch(&app, "admin/products?q=&sort=&page=1", None)
            .await
            .status,
        401
    );
    assert_eq!(
        call(
            &app,
            "admin/products/save",
            &product_form("0", "0", "X", ""),
            Some(&customer)
        )
        .await
        .status,
        403
    );
}

#[tokio::test]
async fn sellers_see_only_their_own_order_lines() {
    let app = common::spawn_app_with(|s| {
        s.test_payments_secret = server::config::Secret::new("whsec_seller_lines");
    })
    .await;
    app::auth::accounts::load_demo_accounts(&app.db)
        .await
        .unwrap();
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let seller = sign_in(&app, "seller@oxcart.test", "oxcart-seller-demo").await;
    // The seller's product, with stock, and a store product.
    let mine = create(&app, &seller, "Seller Pad").await;
    let mine_sku = mine["variants"][0]["form"]["sku"]
        .as_str()
        .unwrap()
        .to_string();
    let (store_sku, _) = common::shop::sku_with_stock(&app, 5, 0).await;
    sqlx::query("UPDATE variants SET stock_on_hand = 5 WHERE sku = $1")
        .bind(&mine_sku)
        .execute(&app.db)
        .await
        .unwrap();
    // A guest buys one of each in one order, and pays.
    let mut body = common::shop::form(&store_sku, 1, "tok-seller-lines-0001");
    body["form"]["lines"] =
        serde_json::json!([{"sku": store_sku, "quantity": 1}, {"sku": mine_sku, "quantity": 2}]);
    let (number, _, pay) = common::shop::place(&app, body).await;
    assert_eq!(common::shop::choose(&app, &pay, "pay").await.0, 303);

    // The seller sees their line only, without the customer.
    let a = fetch(&app, "admin/sales", Some(&seller)).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let lines = parse(&a.body);
    assert_eq!(lines.as_array().unwrap().len(), 1, "{lines}");
    assert_eq!(lines[0]["sku"], mine_sku.as_str());
    assert_eq!(lines[0]["quantity"], 2);
    assert_eq!(lines[0]["number"], number.as_str());
    assert!(!a.body.contains("grace@example.com") && !a.body.contains(&store_sku));
    // Not the whole order, and no order management.
    let (status, _) = common::shop::order(&app, &number, "", Some(&seller)).await;
    assert_eq!(status, 404);
    assert_eq!(
        fetch(
            &app,
            &format!("admin/orders/detail?number={number}"),
            Some(&seller)
        )
        .await
        .status,
        403
    );
    let a = call(
        &app,
        "admin/orders/move",
        &[
            ("number", &number),
            ("transition", "process"),
            ("carrier", ""),
            ("tracking", ""),
            ("note", ""),
        ],
        Some(&seller),
    )
    .await;
    assert_eq!(a.status, 403);
    // The admin sees the whole order.
    let (status, view) = common::shop::order(&app, &number, "", Some(&admin)).await;
    assert_eq!(status, 200);
    assert_eq!(view["lines"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn admins_build_the_category_tree() {
    let app = app().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let save = |id: String, name: &'static str, slug: &'static str, parent: &'static str| {
        let (app, admin) = (&app, admin.clone());
        async move {
            call(
                app,
                "admin/categories/save",
                &[
                    ("id", id.as_str()),
                    ("name", name),
                    ("slug", slug),
                    ("parent", parent),
                ],
                Some(&admin),
            )
            .await
        }
    };
    let find = |tree: &Value, slug: &str| -> Value {
        tree.as_array()
            .unwrap()
            .iter()
            .find(|c| c["slug"] == slug)
            .cloned()
            .unwrap_or(Value::Null)
    };
    // A new top-level category, then a child under it.
    let a = save("0".into(), "Gadgets", "", "").await;
    assert_eq!(a.status, 200, "{}", a.body);
    let gadgets = find(&parse(&a.body), "gadgets");
    assert_eq!(
        (gadgets["depth"].as_i64(), gadgets["parent"].is_null()),
        (Some(0), true)
    );
    let a = save("0".into(), "Desk Toys", "", "gadgets").await;
    let tree = parse(&a.body);
    let toys = find(&tree, "desk-toys");
    assert_eq!(
        (toys["depth"].as_i64(), toys["parent"].as_str()),
        (Some(1), Some("gadgets"))
    );
    // Mistakes: no name, a taken slug, an unknown parent, a cycle.
    let a = save("0".into(), "", "", "").await;
    assert!(a.status == 422 && a.body.contains("name"), "{}", a.body);
    assert!(save("0".into(), "Mice again", "mice", "")
        .await
        .body
        .contains("Another category has this address"));
    assert!(save("0".into(), "Orphan", "", "no-such")
        .await
        .body
        .contains("parent"));
    let gadgets_id = gadgets["id"].as_i64().unwrap().to_string();
    let a = save(gadgets_id.clone(), "Gadgets", "gadgets", "desk-toys").await;
    assert!(
        a.status == 422 && a.body.contains("own subcategories"),
        "{}",
        a.body
    );
    // Rename and move: the mice move under gadgets, keeping their products.
    let mice = find(&tree, "mice");
    let a = save(
        mice["id"].as_i64().unwrap().to_string(),
        "Computer Mice",
        "mice",
        "gadgets",
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let mice = find(&parse(&a.body), "mice");
    assert_eq!(
        (mice["name"].as_str(), mice["parent"].as_str()),
        (Some("Computer Mice"), Some("gadgets"))
    );
    assert!(mice["products"].as_i64().unwrap() > 0);
    // A category's count includes its subcategories' products (gadgets has none of its own).
    assert_eq!(
        find(&parse(&a.body), "gadgets")["products"],
        mice["products"]
    );
    assert_eq!(app.get("/c/mice").await.status, 200);
    // Reorder: desk-toys came first under gadgets; move the mice up.
    let order = |tree: &Value| -> Vec<String> {
        tree.as_array()
            .unwrap()
            .iter()
            .filter(|c| c["parent"] == "gadgets")
            .map(|c| c["slug"].as_str().unwrap().to_string())
            .collect()
    };
    let before = order(&parse(
        &fetch(&app, "admin/categories", Some(&admin)).await.body,
    ));
    assert_eq!(before, ["desk-toys", "mice"]);
    let a = call(
        &app,
        "admin/categories/reorder",
        &[
            ("id", &mice["id"].as_i64().unwrap().to_string()),
            ("up", "true"),
        ],
        Some(&admin),
    )
    .await;
    assert_eq!(order(&parse(&a.body)), ["mice", "desk-toys"]);
    // Sellers may not.
    let seller = sign_in(&app, "seller@oxcart.test", "oxcart-seller-demo").await;
    assert_eq!(
        fetch(&app, "admin/categories", Some(&seller)).await.status,
        403
    );
    let audit = parse(
        &fetch(
            &app,
            &format!("admin/audit?subject=category:{}", mice["id"]),
            Some(&admin),
        )
        .await
        .body,
    );
    assert_eq!(audit[0]["action"], "category.reorder");
}

#[tokio::test]
async fn admins_choose_the_specifications_a_category_filters_by() {
    let app = app().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let tree = parse(&fetch(&app, "admin/categories", Some(&admin)).await.body);
    let mice = tree
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "mice")
        .cloned()
        .unwrap();
    // The dashboard offers the spec names its products have.
    let offered: Vec<&str> = mice["spec_names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        offered.contains(&"Max DPI") && offered.contains(&"Weight"),
        "{offered:?}"
    );
    let id = mice["id"].as_i64().unwrap().to_string();
    let save = |facets: &'static str, name: &'static str| {
        let (app, admin, id) = (&app, admin.clone(), id.clone());
        async move {
            call(
                app,
                "admin/categories/save",
                &[
                    ("id", id.as_str()),
                    ("name", name),
                    ("slug", "mice"),
                    ("parent", "peripherals"),
                    ("spec_facets", facets),
                ],
                Some(&admin),
            )
            .await
        }
    };
    // Every mistake at once: no name, and a name with a colon; nothing is saved.
    let refused = save("Max DPI: 26000", "").await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.body.contains("spec_facets") && refused.body.contains("\"name\""),
        "{}",
        refused.body
    );
    // Saved: the shop's listing (cached before) filters by the new facets, in the given order.
    let before = app.get("/c/mice").await.body;
    let saved = save(" max dpi ,Weight,, weight", "Mice").await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let row = parse(&saved.body)
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "mice")
        .cloned()
        .unwrap();
    assert_eq!(row["spec_facets"], serde_json::json!(["max dpi", "Weight"]));
    let mut after = String::new();
    for _ in 0..50 {
        after = app.get("/c/mice").await.body;
        if after != before {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let dpi = after.find(">max dpi<").expect("the DPI facet");
    let weight = after.find(">Weight<").expect("the weight facet");
    assert!(dpi < weight);
    // Each value's count is what choosing it shows; a value no mouse has shows none.
    let listing = |query: String| {
        let app = &app;
        async move {
            let path = format!(
                "catalog/listing?category=mice&query={}",
                urlencoding(&query)
            );
            let answer = fetch(app, &path, None).await;
            assert_eq!(answer.status, 200, "{}", answer.body);
            parse(&answer.body)
        }
    };
    let all = listing(String::new()).await;
    let weight = &all["facets"]["specs"][1];
    assert_eq!(weight["name"], "Weight");
    let first = &weight["values"][0];
    let chosen = listing(format!("spec=Weight:{}", first["value"].as_str().unwrap())).await;
    assert_eq!(chosen["total"], first["count"]);
    assert!(chosen["total"].as_i64().unwrap() < all["total"].as_i64().unwrap());
    assert_eq!(listing("spec=Weight:999 g".into()).await["total"], 0);
    // Sellers and customers may not change them.
    let seller = sign_in(&app, "seller@oxcart.test", "oxcart-seller-demo").await;
    let refused = call(
        &app,
        "admin/categories/save",
        &[
            ("id", id.as_str()),
            ("name", "Mice"),
            ("slug", "mice"),
            ("parent", "peripherals"),
            ("spec_facets", ""),
        ],
        Some(&seller),
    )
    .await;
    assert_eq!(refused.status, 403);
    let audit = parse(
        &fetch(
            &app,
            &format!("admin/audit?subject=category:{id}"),
            Some(&admin),
        )
        .await
        .body,
    );
    let after: Value = serde_json::from_str(audit[0]["after"].as_str().unwrap()).unwrap();
    assert_eq!(
        after["spec_facets"],
        serde_json::json!(["max dpi", "Weight"])
    );
}

fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
