//! Catalog CSV over HTTP: export (admins everything, sellers their own), an unchanged export
//! re-imported changes nothing, an edited file updates and adds products and variants without
//! touching stock, and a file with any mistake is refused row by row with nothing applied.

mod common;

use common::shop::{assert_ledger_balanced, parse};
use common::{fetch, post_multipart, send, sign_in, spawn_app, Reply, TestApp};
use serde_json::Value;

async fn app() -> TestApp {
    let app = spawn_app().await;
    app::auth::accounts::load_demo_accounts(&app.db)
        .await
        .unwrap();
    app
}

async fn export(app: &TestApp, cookie: Option<&str>) -> Reply {
    let req = app
        .client
        .get(format!("{}/admin/export/products.csv", app.address));
    send(req, cookie, "text/csv").await
}

async fn import(app: &TestApp, cookie: Option<&str>, csv: &[u8], accept: &str) -> Reply {
    let parts = [("file", Some(("catalog.csv", "text/csv")), csv)];
    post_multipart(app, "/admin/import/products", &parts, cookie, accept).await
}

const JSON: &str = "application/json";

/// Rows of cells (in export column order) as a CSV file, quoted by the exporter.
fn to_csv(rows: &[Vec<String>]) -> String {
    use app::domain::catalog_csv::{export, ExportRow};
    use app::domain::product_edit::{ProductForm, VariantForm};
    let rows: Vec<ExportRow> = rows
        .iter()
        .map(|c| ExportRow {
            product: ProductForm {
                slug: c[0].clone(),
                name: c[1].clone(),
                brand: c[2].clone(),
                category: c[3].clone(),
                description: c[4].clone(),
                specs: c[5].clone(),
                active: c[6] == "yes",
            },
            variant: VariantForm {
                sku: c[7].clone(),
                options: c[8].clone(),
                price: c[9].clone(),
                compare_at: c[10].clone(),
                threshold: c[11].clone(),
            },
            variant_active: c[12] == "yes",
        })
        .collect();
    export(&rows)
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db).await.unwrap()
}

/// (sku, price_minor, stock_on_hand, active) of every variant, for before/after comparisons.
async fn variants(app: &TestApp) -> Vec<(String, i64, i32, bool)> {
    sqlx::query_as("SELECT sku, price_minor, stock_on_hand, active FROM variants ORDER BY sku")
        .fetch_all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn export_and_reimport_then_edit_the_catalog_through_a_file() {
    let app = app().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;

    // The export: every variant on a row, as a download.
    let r = export(&app, Some(&admin)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.headers["content-type"], "text/csv; charset=utf-8");
    assert!(r.headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let csv = r.body;
    let rows = app::domain::csv::parse(&csv).unwrap();
    assert_eq!(rows[0].1, app::domain::catalog_csv::COLUMNS);
    let total = count(&app, "SELECT count(*) FROM variants").await;
    assert_eq!(rows.len() as i64 - 1, total);

    // Importing it unchanged changes nothing.
    let before = variants(&app).await;
    let r = import(&app, Some(&admin), csv.as_bytes(), JSON).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let report = parse(&r.body);
    assert_eq!(report["applied"], true);
    assert_eq!(report["rows"], total);
    for n in [
        "products_created",
        "products_updated",
        "variants_created",
        "variants_updated",
    ] {
        assert_eq!(report[n], 0, "{n}: {report}");
    }
    assert_eq!(variants(&app).await, before);

    // An edited file: one price changed, one variant retired, a new product with two
    // variants, and a new variant of an existing product.
    let (_, first) = &rows[1];
    let (slug, sku) = (first[0].clone(), first[7].clone());
    let mut edited: Vec<Vec<String>> = rows[1..].iter().map(|(_, cells)| cells.clone()).collect();
    for cells in edited.iter_mut().filter(|c| c[7] == sku) {
        cells[9] = "1234.50".into();
        cells[12] = "no".into();
    }
    let stock_of = |sku: &str| before.iter().find(|v| v.0 == sku).map(|v| v.2).unwrap();
    let mut extra = edited[0].clone();
    extra[7] = format!("{sku}-NEW");
    extra[8] = "Edition: Import".into();
    extra[9] = "77.00".into();
    edited.push(extra);
    let mut text = to_csv(&edited);
    text.push_str("trackball-csv-1,Orbit CSV Trackball,Oxcart Labs,mice,\"Imported, with a comma\",\"Weight: 120 g\nButtons: 4\",yes,ORBIT-CSV-BLK,Colour: Black,59.00,69.00,3,yes\r\n");
    text.push_str("trackball-csv-1,Orbit CSV Trackball,Oxcart Labs,mice,\"Imported, with a comma\",\"Weight: 120 g\nButtons: 4\",yes,ORBIT-CSV-WHT,Colour: White,61.00,,,yes\r\n");
    let r = import(&app, Some(&admin), text.as_bytes(), JSON).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let report = parse(&r.body);
    assert_eq!(report["products_created"], 1, "{report}");
    assert_eq!(report["variants_created"], 3, "{report}");
    assert_eq!(report["variants_updated"], 1, "{report}");
    assert_eq!(report["products_updated"], 0, "{report}");

    let after = variants(&app).await;
    let changed = after.iter().find(|v| v.0 == sku).unwrap();
    assert_eq!(
        (changed.1, changed.2, changed.3),
        (123_450, stock_of(&sku), false)
    );
    let added: Vec<(String, i64, i32)> = sqlx::query_as(
        "SELECT v.sku, v.price_minor, v.stock_on_hand FROM variants v JOIN products p ON p.id = v.product_id
         WHERE p.slug = 'trackball-csv-1' ORDER BY v.position",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        added,
        vec![
            ("ORBIT-CSV-BLK".to_string(), 5900, 0),
            ("ORBIT-CSV-WHT".to_string(), 6100, 0)
        ]
    );
    let owner: String = sqlx::query_scalar(
        "SELECT p.slug FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = $1",
    )
    .bind(format!("{sku}-NEW"))
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(owner, slug);
    // Stock is untouched everywhere, and the ledger still adds up.
    for (sku, _, stock, _) in &before {
        assert_eq!(
            after.iter().find(|v| &v.0 == sku).unwrap().2,
            *stock,
            "{sku}"
        );
    }
    assert_ledger_balanced(&app).await;
    // The shop finds the new product at once, and the import is audited.
    let page = app.get("/search?q=orbit+csv+trackball").await;
    assert!(page.body.contains("Orbit CSV Trackball"));
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_log WHERE action = 'catalog.import'"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn a_file_with_any_mistake_is_refused_row_by_row_and_changes_nothing() {
    let app = app().await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let (other_slug, taken_sku): (String, String) = sqlx::query_as(
        "SELECT p.slug, v.sku FROM variants v JOIN products p ON p.id = v.product_id ORDER BY v.id LIMIT 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_ne!(other_slug, "csv-good");
    let before = variants(&app).await;
    let products = count(&app, "SELECT count(*) FROM products").await;
    let header = app::domain::catalog_csv::COLUMNS.join(",");
    let text = format!(
        "{header}\n\
         csv-good,Good Row,Oxcart,mice,,,yes,CSV-GOOD-1,,10.00,,,yes\n\
         csv-bad,Bad Category,Oxcart,no-such-category,,,yes,CSV-BAD-1,,10.00,,,yes\n\
         csv-thief,Thief,Oxcart,mice,,,yes,{taken_sku},,10.00,,,yes\n"
    );
    // Rows that pass the form rules are then checked against the store: unknown category,
    // a SKU of another product.
    let r = import(&app, Some(&admin), text.as_bytes(), JSON).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let report = parse(&r.body);
    assert_eq!(report["applied"], false);
    let errors = report["errors"].as_array().unwrap();
    let at = |line: i64, column: &str| {
        errors
            .iter()
            .any(|e| e["line"] == line && e["column"] == column)
    };
    assert!(at(3, "category") && at(4, "sku"), "{errors:?}");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[1]["message"].as_str().unwrap().contains(&other_slug));

    // Form mistakes are reported for every row at once.
    let text = format!(
        "{header}\n\
         csv-good,Good Row,Oxcart,mice,,,yes,CSV-GOOD-1,,10.00,,,yes\n\
         csv-bad,,Oxcart,mice,,,maybe,CSV-BAD-1,,ten,,,yes\n\
         csv-bad-2,Short row,Oxcart\n"
    );
    let r = import(&app, Some(&admin), text.as_bytes(), JSON).await;
    assert_eq!(r.status, 422);
    let report = parse(&r.body);
    let columns: Vec<(i64, String)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_i64().unwrap(),
                e["column"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for expected in [
        (3, "name"),
        (3, "product_active"),
        (3, "price"),
        (4, "file"),
    ] {
        assert!(
            columns.contains(&(expected.0, expected.1.to_string())),
            "{expected:?} in {columns:?}"
        );
    }

    // Files that are not CSV text at all.
    let r = import(&app, Some(&admin), b"\xff\xfe\x00bad", JSON).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("UTF-8"), "{}", r.body);
    let r = import(&app, Some(&admin), b"", JSON).await;
    assert_eq!(r.status, 422);

    // Nothing was applied, not even the good rows.
    assert_eq!(count(&app, "SELECT count(*) FROM products").await, products);
    assert_eq!(variants(&app).await, before);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_log WHERE action = 'catalog.import'"
        )
        .await,
        0
    );

    // A browser is sent to the import page, which shows the same report.
    let r = import(&app, Some(&admin), text.as_bytes(), "text/html").await;
    assert_eq!(r.status, 303);
    let location = r.location().to_string();
    let key = location
        .strip_prefix("/admin/import?report=")
        .unwrap_or_else(|| panic!("{location}"));
    let a = fetch(
        &app,
        &format!("admin/import/report?key={key}"),
        Some(&admin),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let shown: Value = parse(&a.body);
    assert_eq!(shown["errors"], report["errors"]);
    let page = app
        .client
        .get(format!("{}{location}", app.address))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Nothing was imported") && html.contains("product_active"));
}

#[tokio::test]
async fn only_admins_import_and_sellers_export_only_their_own_products() {
    let app = app().await;
    let seller = sign_in(&app, "seller@oxcart.test", "oxcart-seller-demo").await;
    let customer = sign_in(&app, "customer@oxcart.test", "oxcart-customer-demo").await;
    let admin = sign_in(&app, "admin@oxcart.test", "oxcart-admin-demo").await;
    let own: String =
        sqlx::query_scalar("SELECT slug FROM products WHERE active ORDER BY id LIMIT 1")
            .fetch_one(&app.db)
            .await
            .unwrap();
    sqlx::query("UPDATE products SET seller_id = (SELECT id FROM users WHERE email = 'seller@oxcart.test') WHERE slug = $1")
        .bind(&own)
        .execute(&app.db)
        .await
        .unwrap();

    assert_eq!(export(&app, None).await.status, 401);
    assert_eq!(export(&app, Some(&customer)).await.status, 403);
    let r = export(&app, Some(&seller)).await;
    assert_eq!(r.status, 200);
    let rows = app::domain::csv::parse(&r.body).unwrap();
    assert!(rows.len() > 1);
    assert!(
        rows[1..].iter().all(|(_, cells)| cells[0] == own),
        "a seller exported others' products"
    );

    let csv = export(&app, Some(&admin)).await.body;
    for (cookie, status) in [(None, 401), (Some(&customer), 403), (Some(&seller), 403)] {
        let r = import(&app, cookie.map(String::as_str), csv.as_bytes(), JSON).await;
        assert_eq!(r.status, status, "{}", r.body);
    }
    let r = import(&app, Some(&seller), csv.as_bytes(), "text/html").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.headers["location"], "/admin/import");
    let a = fetch(&app, "admin/import/report?key=abc", Some(&seller)).await;
    assert_eq!(a.status, 403);
}
