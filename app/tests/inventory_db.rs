//! The stock ledger and low-stock alerts against real Postgres: every change of stock on hand is
//! a ledger row (written by the database, whoever changes it), adjustments by staff with their
//! audit entries, held units protected, seller scoping, the ledger being append-only, and one
//! alert (and one email per admin) per crossing of the threshold.

use app::db::inventory::{self, Adjusted};
use app::db::seed::load_demo_catalog;
use app::domain::inventory::{Adjustment, MovementKind};
use app::domain::mail::EmailContent;
use sqlx::PgPool;

async fn setup(pool: &PgPool) -> (String, i64) {
    load_demo_catalog(pool, &app::demo::catalog())
        .await
        .expect("demo catalog loads");
    let sku: String =
        sqlx::query_scalar("SELECT sku FROM variants WHERE active ORDER BY sku LIMIT 1")
            .fetch_one(pool)
            .await
            .unwrap();
    let admin: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, role) VALUES ('boss@example.com', 'x', 'admin') RETURNING id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    // A known start: 10 on hand, threshold 5, nothing held, already above the threshold.
    sqlx::query(
        "UPDATE variants SET stock_on_hand = 10, stock_reserved = 0, low_stock_threshold = 5 WHERE sku = $1",
    )
    .bind(&sku)
    .execute(pool)
    .await
    .unwrap();
    (sku, admin)
}

async fn balanced(pool: &PgPool) {
    assert_eq!(
        inventory::ledger_mismatches(pool).await.unwrap(),
        Vec::<String>::new(),
        "stock on hand equals the sum of the ledger for every variant"
    );
}

async fn adjust(pool: &PgPool, sku: &str, a: Adjustment, by: i64, reason: &str) -> Adjusted {
    inventory::adjust(pool, sku, a, by, None, reason)
        .await
        .unwrap()
}

async fn alerts(pool: &PgPool, sku: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM low_stock_alerts a JOIN variants v ON v.id = a.variant_id WHERE v.sku = $1",
    )
    .bind(sku)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn every_stock_change_is_in_the_ledger(pool: PgPool) {
    let (sku, admin) = setup(&pool).await;
    balanced(&pool).await;
    assert_eq!(
        adjust(&pool, &sku, Adjustment::Receive(5), admin, "delivery 118").await,
        Adjusted::Done {
            before: 10,
            level: 15
        }
    );
    assert_eq!(
        adjust(&pool, &sku, Adjustment::Count(12), admin, "shelf count").await,
        Adjusted::Done {
            before: 15,
            level: 12
        }
    );
    assert_eq!(
        adjust(&pool, &sku, Adjustment::WriteOff(2), admin, "dropped").await,
        Adjusted::Done {
            before: 12,
            level: 10
        }
    );
    // A count that matches changes nothing and writes nothing.
    assert_eq!(
        adjust(&pool, &sku, Adjustment::Count(10), admin, "recount").await,
        Adjusted::Done {
            before: 10,
            level: 10
        }
    );
    let history = inventory::history(&pool, &sku, 10).await.unwrap();
    let seen: Vec<(MovementKind, i32, i32)> = history
        .iter()
        .take(3)
        .map(|m| (m.kind, m.delta, m.level))
        .collect();
    assert_eq!(
        seen,
        [
            (MovementKind::Damage, -2, 10),
            (MovementKind::Correction, -3, 12),
            (MovementKind::Receipt, 5, 15),
        ]
    );
    assert_eq!(history[0].actor, "boss@example.com");
    assert_eq!(history[0].reason, "dropped");
    // A hand-written UPDATE is recorded too, as a correction by the system.
    sqlx::query("UPDATE variants SET stock_on_hand = 7 WHERE sku = $1")
        .bind(&sku)
        .execute(&pool)
        .await
        .unwrap();
    let latest = &inventory::history(&pool, &sku, 1).await.unwrap()[0];
    assert_eq!(
        (latest.kind, latest.delta, latest.level),
        (MovementKind::Correction, -3, 7)
    );
    assert_eq!(latest.actor, "Oxcart");
    balanced(&pool).await;

    // Each adjustment is audited with before and after.
    let audit = app::db::audit::recent(&pool, Some(&format!("variant:{sku}")), 10)
        .await
        .unwrap();
    assert_eq!(audit.len(), 3, "{audit:?}");
    assert_eq!(audit[0].action, "stock.adjust");
    assert!(
        audit[0].before.contains("12") && audit[0].after.contains("10"),
        "{audit:?}"
    );

    // The ledger cannot be rewritten.
    assert!(sqlx::query("UPDATE stock_movements SET delta = 100")
        .execute(&pool)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM stock_movements")
        .execute(&pool)
        .await
        .is_err());
    balanced(&pool).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn adjustments_keep_held_units_and_respect_sellers(pool: PgPool) {
    let (sku, admin) = setup(&pool).await;
    sqlx::query("UPDATE variants SET stock_reserved = 4 WHERE sku = $1")
        .bind(&sku)
        .execute(&pool)
        .await
        .unwrap();
    let Adjusted::Refused(message) = adjust(&pool, &sku, Adjustment::WriteOff(7), admin, "x").await
    else {
        panic!("removing held units must be refused");
    };
    assert!(message.contains("held for unpaid orders"), "{message}");
    assert!(matches!(
        adjust(&pool, &sku, Adjustment::Count(3), admin, "x").await,
        Adjusted::Refused(_)
    ));
    assert_eq!(
        adjust(&pool, &sku, Adjustment::WriteOff(6), admin, "x").await,
        Adjusted::Done {
            before: 10,
            level: 4
        }
    );
    assert_eq!(
        adjust(&pool, "NO-SUCH-SKU", Adjustment::Receive(1), admin, "").await,
        Adjusted::NotFound
    );

    // A seller reaches only their own products' stock.
    let seller: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, role) VALUES ('seller@example.com', 'x', 'seller') RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let theirs = inventory::adjust(
        &pool,
        &sku,
        Adjustment::Receive(1),
        seller,
        Some(seller),
        "",
    )
    .await;
    assert_eq!(theirs.unwrap(), Adjusted::NotFound);
    assert!(inventory::stock(&pool, &sku, Some(seller))
        .await
        .unwrap()
        .is_none());
    sqlx::query("UPDATE products SET seller_id = $2 WHERE id = (SELECT product_id FROM variants WHERE sku = $1)")
        .bind(&sku)
        .bind(seller)
        .execute(&pool)
        .await
        .unwrap();
    let mine = inventory::adjust(
        &pool,
        &sku,
        Adjustment::Receive(1),
        seller,
        Some(seller),
        "",
    )
    .await;
    assert_eq!(
        mine.unwrap(),
        Adjusted::Done {
            before: 4,
            level: 5
        }
    );
    assert!(inventory::stock(&pool, &sku, Some(seller))
        .await
        .unwrap()
        .is_some());
    balanced(&pool).await;
}

fn mail(alert: &app::domain::inventory::LowStockAlert) -> EmailContent {
    let brand = app::domain::mail::Brand {
        name: "Oxcart",
        site_url: "http://127.0.0.1:3000",
        logo: None,
        support_email: Some("help@oxcart.test"),
    };
    app::domain::mail::low_stock(
        &brand,
        &alert.sku,
        &alert.product,
        alert.level,
        alert.threshold,
    )
}

#[sqlx::test(migrations = "../migrations")]
async fn low_stock_alerts_once_per_crossing(pool: PgPool) {
    let (sku, admin) = setup(&pool).await;
    sqlx::query(
        "INSERT INTO users (email, password_hash, role) VALUES ('second-admin@example.com', 'x', 'admin')",
    )
    .execute(&pool)
    .await
    .unwrap();
    // 10 -> 6: still above 5.
    adjust(&pool, &sku, Adjustment::WriteOff(4), admin, "x").await;
    assert_eq!(alerts(&pool, &sku).await, 0);
    // 6 -> 5: crosses (at or under the threshold) -> one alert.
    adjust(&pool, &sku, Adjustment::WriteOff(1), admin, "x").await;
    assert_eq!(alerts(&pool, &sku).await, 1);
    // Further down: no new alert.
    adjust(&pool, &sku, Adjustment::WriteOff(3), admin, "x").await;
    adjust(&pool, &sku, Adjustment::Count(1), admin, "x").await;
    assert_eq!(alerts(&pool, &sku).await, 1);
    // Each alert is emailed once to every admin, however often the worker runs.
    assert_eq!(inventory::queue_alert_emails(&pool, mail).await.unwrap(), 1);
    assert_eq!(inventory::queue_alert_emails(&pool, mail).await.unwrap(), 0);
    let emails: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE kind = 'low-stock'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(emails, 2);
    // Back above re-arms; dropping again alerts again.
    adjust(&pool, &sku, Adjustment::Receive(20), admin, "x").await;
    assert_eq!(alerts(&pool, &sku).await, 1);
    adjust(&pool, &sku, Adjustment::Count(2), admin, "x").await;
    assert_eq!(alerts(&pool, &sku).await, 2);
    // Raising the threshold over the stock counts as a crossing too.
    adjust(&pool, &sku, Adjustment::Receive(10), admin, "x").await;
    sqlx::query("UPDATE variants SET low_stock_threshold = 50 WHERE sku = $1")
        .bind(&sku)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(alerts(&pool, &sku).await, 3);

    let open = inventory::open_alerts(&pool, None, 10).await.unwrap();
    assert_eq!(open.len(), 3);
    assert_eq!((open[0].level, open[0].threshold), (12, 50));
    assert!(inventory::dismiss_alert(&pool, open[0].id).await.unwrap());
    assert!(!inventory::dismiss_alert(&pool, open[0].id).await.unwrap());
    assert_eq!(
        inventory::open_alerts(&pool, None, 10).await.unwrap().len(),
        2
    );
    let low = inventory::low_stock(&pool, None, 500).await.unwrap();
    assert!(low.iter().any(|r| r.sku == sku));
}
