//! Placing orders and applying payment events against real Postgres (one fresh database per
//! test, migrated and loaded with the demo catalog): no overselling under concurrent checkouts,
//! idempotent placement, exactly-once payment events in any order, reservations that expire.

use std::sync::atomic::{AtomicU64, Ordering};

use app::db::orders::{
    self, apply_payment_event, place, Applied, NewOrder, PaymentOutcome, PlaceError,
};
use app::db::seed::load_demo_catalog;
use app::domain::address::AddressFields;
use app::domain::cart::CartLine;
use app::domain::money::Currency;
use app::domain::order::{OrderStatus, ShippingMethod, ShippingRates, Transition};
use sqlx::PgPool;

async fn seeded(pool: &PgPool) {
    load_demo_catalog(pool, &app::demo::catalog())
        .await
        .expect("demo catalog loads");
}

/// Distinct SKUs of active products with at least `min` units, cheapest first.
async fn skus(pool: &PgPool, count: i64) -> Vec<(String, i64)> {
    sqlx::query_as(
        "SELECT v.sku, v.price_minor FROM variants v JOIN products p ON p.id = v.product_id
         WHERE v.active AND p.active AND v.stock_on_hand >= 20 ORDER BY v.sku LIMIT $1",
    )
    .bind(count)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn set_stock(pool: &PgPool, sku: &str, units: i32) {
    sqlx::query("UPDATE variants SET stock_on_hand = $2, stock_reserved = 0 WHERE sku = $1")
        .bind(sku)
        .bind(units)
        .execute(pool)
        .await
        .unwrap();
}

async fn stock(pool: &PgPool, sku: &str) -> (i32, i32) {
    sqlx::query_as("SELECT stock_on_hand, stock_reserved FROM variants WHERE sku = $1")
        .bind(sku)
        .fetch_one(pool)
        .await
        .unwrap()
}

fn address(country: &str, region: &str) -> AddressFields {
    AddressFields {
        full_name: "Grace Hopper".into(),
        line1: "1 Harbor Way".into(),
        line2: String::new(),
        city: "Arlington".into(),
        region: region.into(),
        postal_code: "22201".into(),
        country: country.into(),
        phone: String::new(),
    }
}

fn new_order(token: &str, lines: &[(&str, u32)]) -> NewOrder {
    NewOrder {
        checkout_token: token.to_string(),
        user_id: None,
        email: "grace@example.com".into(),
        lines: lines
            .iter()
            .map(|(sku, quantity)| CartLine {
                sku: sku.to_string(),
                quantity: *quantity,
            })
            .collect(),
        address: address("US", "CA"),
        method: ShippingMethod::Standard,
        rates: ShippingRates::default(),
        currency: Currency::Usd,
        expected_total: None,
        provider: "test".into(),
        reserve_secs: 1800,
        access_hash: vec![7; 32],
        client_key: "127.0.0.1".into(),
        browser_key: None,
        holds: app::domain::order::HoldLimits {
            per_email: 1000,
            per_client: 1000,
            per_browser: 1000,
            units_per_order: 1000,
        },
    }
}

static NUMBERS: AtomicU64 = AtomicU64::new(1);

fn next_number() -> u64 {
    NUMBERS.fetch_add(7919, Ordering::Relaxed)
}

async fn place_one(
    pool: &PgPool,
    order: &NewOrder,
) -> Result<(orders::OrderRow, bool), PlaceError> {
    place(pool, order, next_number).await
}

#[sqlx::test(migrations = "../migrations")]
async fn four_times_more_checkouts_than_units_never_oversell(pool: PgPool) {
    seeded(&pool).await;
    let all = skus(&pool, 3).await;
    let (hot, other) = (all[0].0.clone(), all[1].0.clone());
    set_stock(&pool, &hot, 6).await;
    set_stock(&pool, &other, 100).await;

    // 24 attempts on 6 units: 16 of one unit alone, 8 mixing it with another SKU.
    let mut tasks = Vec::new();
    for i in 0..24 {
        let pool = pool.clone();
        let (hot, other) = (hot.clone(), other.clone());
        tasks.push(tokio::spawn(async move {
            let lines: Vec<(&str, u32)> = if i % 3 == 0 {
                vec![(other.as_str(), 2), (hot.as_str(), 1)]
            } else {
                vec![(hot.as_str(), 1)]
            };
            place_one(&pool, &new_order(&format!("hot-{i}"), &lines)).await
        }));
    }
    let mut placed = Vec::new();
    let mut refused = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok((order, true)) => placed.push(order),
            Err(PlaceError::OutOfStock { sku, available, .. }) => {
                assert_eq!(sku, hot);
                assert_eq!(available, 0);
                refused += 1;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(placed.len(), 6, "exactly as many orders as units");
    assert_eq!(refused, 18);
    let (on_hand, reserved) = stock(&pool, &hot).await;
    assert_eq!((on_hand, reserved), (6, 6));
    // Per SKU, what orders hold equals what stock holds.
    let ordered: i64 =
        sqlx::query_scalar("SELECT coalesce(sum(quantity), 0) FROM order_lines WHERE sku = $1")
            .bind(&hot)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(ordered, 6);
    let other_ordered: i64 =
        sqlx::query_scalar("SELECT coalesce(sum(quantity), 0) FROM order_lines WHERE sku = $1")
            .bind(&other)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(i64::from(stock(&pool, &other).await.1), other_ordered);
    let negative: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM variants WHERE stock_on_hand < 0 OR stock_reserved < 0 OR stock_reserved > stock_on_hand",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(negative, 0);

    // Pay three: the sale leaves stock exactly once, even if the event comes twice.
    for (i, order) in placed.iter().take(3).enumerate() {
        let (reference, until) = (format!("cs_{i}"), order.reserved_until);
        orders::set_payment_session(&pool, order.id, &reference, "http://pay", until)
            .await
            .unwrap();
        for _ in 0..2 {
            apply_payment_event(
                &pool,
                "test",
                &format!("evt_paid_{i}"),
                "checkout.session.completed",
                &format!("cs_{i}"),
                &PaymentOutcome::Paid {
                    payment_id: format!("pi_{i}"),
                },
                None,
            )
            .await
            .unwrap();
        }
    }
    assert_eq!(stock(&pool, &hot).await, (3, 3));

    // The other three are abandoned: once their reservations end, the stock comes back.
    sqlx::query(
        "UPDATE orders SET reserved_until = now() - interval '1 second' WHERE status = 'pending'",
    )
    .execute(&pool)
    .await
    .unwrap();
    let released = orders::release_expired(&pool, 100).await.unwrap();
    assert_eq!(released.len(), 3);
    assert_eq!(stock(&pool, &hot).await, (3, 0));
    assert!(orders::release_expired(&pool, 100)
        .await
        .unwrap()
        .is_empty());
    let cancelled: i64 =
        sqlx::query_scalar("SELECT count(*) FROM orders WHERE status = 'cancelled'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(cancelled, 3);
    assert_eq!(
        stock(&pool, &other).await.1,
        0,
        "mixed orders released their other SKU too"
    );
    // Every unit sold is in the stock ledger: stock on hand equals the sum of its movements.
    assert_eq!(
        app::db::inventory::ledger_mismatches(&pool).await.unwrap(),
        Vec::<String>::new()
    );
    let (sales, sold): (i64, i64) = sqlx::query_as(
        "SELECT count(*), -sum(delta)::bigint FROM stock_movements m JOIN variants v ON v.id = m.variant_id
         WHERE v.sku = $1 AND m.kind = 'sale' AND m.order_id IS NOT NULL",
    )
    .bind(&hot)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((sales, sold), (3, 3), "one sale movement per paid order");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_double_submit_places_one_order(pool: PgPool) {
    seeded(&pool).await;
    let sku = skus(&pool, 1).await.remove(0).0;
    set_stock(&pool, &sku, 10).await;
    let order = new_order("double", &[(&sku, 2)]);
    let (a, b) = tokio::join!(place_one(&pool, &order), place_one(&pool, &order));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.0.id, b.0.id);
    assert!(a.1 ^ b.1, "exactly one of the two is new");
    let (again, new) = place_one(&pool, &order).await.unwrap();
    assert_eq!((again.id, new), (a.0.id, false));
    assert_eq!(stock(&pool, &sku).await, (10, 2));
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM orders")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
    let placed: i64 =
        sqlx::query_scalar("SELECT count(*) FROM domain_events WHERE type = 'order.placed'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        placed, 1,
        "one order.placed event (its email follows from it)"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_hosted_checkout_that_outlives_the_hold_extends_it(pool: PgPool) {
    seeded(&pool).await;
    let sku = skus(&pool, 1).await.remove(0).0;
    set_stock(&pool, &sku, 5).await;
    let (order, _) = place_one(&pool, &new_order("longer", &[(&sku, 1)]))
        .await
        .unwrap();
    let later = order.reserved_until + 1200;
    orders::set_payment_session(&pool, order.id, "cs_longer", "http://pay", later)
        .await
        .unwrap();
    let stored = orders::by_id(&pool, order.id).await.unwrap().unwrap();
    assert_eq!(stored.reserved_until, later);
    assert_eq!(stored.payment_reference.as_deref(), Some("cs_longer"));
    // Only the first session is recorded, and a hold is never shortened.
    orders::set_payment_session(
        &pool,
        order.id,
        "cs_other",
        "http://pay",
        order.reserved_until,
    )
    .await
    .unwrap();
    let stored = orders::by_id(&pool, order.id).await.unwrap().unwrap();
    assert_eq!(stored.reserved_until, later);
    assert_eq!(stored.payment_reference.as_deref(), Some("cs_longer"));
}

#[sqlx::test(migrations = "../migrations")]
async fn orders_snapshot_prices_and_refuse_changed_totals(pool: PgPool) {
    seeded(&pool).await;
    let found = skus(&pool, 2).await;
    let (sku, price) = found[0].clone();
    let (second, second_price) = found[1].clone();
    // Totals from database prices: subtotal, shipping (free from $100), then CA tax (7.25 %).
    let (order, _) = place_one(&pool, &new_order("snap", &[(&sku, 2), (&second, 1)]))
        .await
        .unwrap();
    let subtotal = price * 2 + second_price;
    let shipping = if subtotal >= 10_000 { 0 } else { 599 };
    let tax = app::domain::order::tax_on(subtotal + shipping, 725);
    assert_eq!(
        (order.subtotal, order.shipping, order.tax, order.total),
        (subtotal, shipping, tax, subtotal + shipping + tax)
    );
    assert_eq!(order.status, OrderStatus::Pending);
    assert!(order.number.starts_with("OX-"));

    sqlx::query("UPDATE variants SET price_minor = price_minor + 1000, compare_at_minor = NULL WHERE sku = $1")
        .bind(&sku)
        .execute(&pool)
        .await
        .unwrap();
    let lines = orders::lines(&pool, order.id).await.unwrap();
    assert_eq!(lines[0].sku, sku);
    assert_eq!(
        lines[0].unit_price, price,
        "later price changes never alter an order"
    );
    assert_eq!(lines[0].line_total, price * 2);

    // The shopper confirmed the old total: refused, nothing reserved.
    let before = stock(&pool, &sku).await;
    let mut stale = new_order("stale", &[(&sku, 1)]);
    stale.expected_total = Some(order.total);
    match place_one(&pool, &stale).await {
        Err(PlaceError::TotalChanged { now }) => assert_ne!(now.total.minor, order.total),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(stock(&pool, &sku).await, before);
    match place_one(&pool, &new_order("ghost", &[("NO-SUCH-SKU", 1)])).await {
        Err(PlaceError::OutOfStock { available: 0, .. }) => {}
        other => panic!("unexpected {other:?}"),
    }
}

async fn placed_with_session(pool: &PgPool, token: &str, sku: &str) -> orders::OrderRow {
    let (order, _) = place_one(pool, &new_order(token, &[(sku, 1)]))
        .await
        .unwrap();
    let reference = format!("cs_{token}");
    orders::set_payment_session(
        pool,
        order.id,
        &reference,
        "http://pay",
        order.reserved_until,
    )
    .await
    .unwrap();
    order
}

async fn event(pool: &PgPool, id: &str, reference: &str, outcome: PaymentOutcome) -> Applied {
    let kind = match outcome {
        PaymentOutcome::Paid { .. } => "checkout.session.completed",
        PaymentOutcome::Failed => "checkout.session.async_payment_failed",
        PaymentOutcome::Expired => "checkout.session.expired",
    };
    apply_payment_event(pool, "stripe", id, kind, reference, &outcome, None)
        .await
        .unwrap()
}

fn paid() -> PaymentOutcome {
    PaymentOutcome::Paid {
        payment_id: "pi_1".into(),
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn payment_events_apply_once_in_any_order(pool: PgPool) {
    seeded(&pool).await;
    let sku = skus(&pool, 1).await.remove(0).0;
    set_stock(&pool, &sku, 10).await;

    // The same event five times at once: one effect.
    let order = placed_with_session(&pool, "five", &sku).await;
    sqlx::query("UPDATE orders SET payment_provider = 'stripe'")
        .execute(&pool)
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for _ in 0..5 {
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            event(&pool, "evt_5", "cs_five", paid()).await
        }));
    }
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    let moved = results
        .iter()
        .filter(|r| matches!(r, Applied::Moved { .. }))
        .count();
    let duplicates = results.iter().filter(|r| **r == Applied::Duplicate).count();
    assert_eq!((moved, duplicates), (1, 4), "{results:?}");
    let now = orders::by_id(&pool, order.id).await.unwrap().unwrap();
    assert_eq!(
        (now.status, now.stock_state.as_str()),
        (OrderStatus::Paid, "committed")
    );
    assert_eq!(stock(&pool, &sku).await, (9, 0));
    let history = orders::history(&pool, order.id).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        (history[1].from.as_deref(), history[1].to.as_str()),
        (Some("pending"), "paid")
    );
    assert_eq!(history[1].actor, "provider:stripe");

    // Completed, then expired: stays paid.
    assert_eq!(
        event(&pool, "evt_5_expired", "cs_five", PaymentOutcome::Expired).await,
        Applied::Ignored {
            order_id: order.id,
            status: OrderStatus::Paid
        }
    );

    // Expired, then completed: cancelled and released first; the late payment is refunded.
    let late = placed_with_session(&pool, "late", &sku).await;
    sqlx::query("UPDATE orders SET payment_provider = 'stripe' WHERE id = $1")
        .bind(late.id)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        event(&pool, "evt_late_exp", "cs_late", PaymentOutcome::Expired).await,
        Applied::Moved {
            order_id: late.id,
            to: OrderStatus::Cancelled
        }
    );
    assert_eq!(stock(&pool, &sku).await, (9, 0));
    assert_eq!(
        event(&pool, "evt_late_paid", "cs_late", paid()).await,
        Applied::RefundNeeded {
            order_id: late.id,
            payment_id: "pi_1".into()
        }
    );
    assert_eq!(
        stock(&pool, &sku).await,
        (9, 0),
        "a cancelled order takes no stock"
    );
    let orders::Reserved::Refund(refund) = orders::reserve_refund(
        &pool,
        late.id,
        orders::RefundAmount::Remainder,
        true,
        "provider:stripe",
        "",
    )
    .await
    .unwrap() else {
        panic!("a paid, cancelled order has money to refund");
    };
    // Reserved: nothing is left for a second refund while this one is in flight.
    assert_eq!(
        orders::reserve_refund(
            &pool,
            late.id,
            orders::RefundAmount::Exactly(1),
            false,
            "staff:1",
            ""
        )
        .await
        .unwrap(),
        orders::Reserved::TooMuch { left: 0 }
    );
    orders::refund_succeeded(&pool, &refund, "provider:stripe")
        .await
        .unwrap();
    // Settling twice books once.
    orders::refund_succeeded(&pool, &refund, "provider:stripe")
        .await
        .unwrap();
    let refunded = orders::by_id(&pool, late.id).await.unwrap().unwrap();
    assert_eq!(
        (refunded.status, refunded.refunded),
        (OrderStatus::Refunded, late.total)
    );

    // A failed payment cancels and releases.
    let failed = placed_with_session(&pool, "failed", &sku).await;
    sqlx::query("UPDATE orders SET payment_provider = 'stripe' WHERE id = $1")
        .bind(failed.id)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(stock(&pool, &sku).await, (9, 1));
    assert_eq!(
        event(&pool, "evt_failed", "cs_failed", PaymentOutcome::Failed).await,
        Applied::Moved {
            order_id: failed.id,
            to: OrderStatus::Cancelled
        }
    );
    assert_eq!(stock(&pool, &sku).await, (9, 0));

    // Unknown orders are recorded and otherwise ignored; so is their duplicate.
    assert_eq!(
        event(&pool, "evt_ghost", "cs_nobody", paid()).await,
        Applied::UnknownOrder
    );
    assert_eq!(
        event(&pool, "evt_ghost", "cs_nobody", paid()).await,
        Applied::Duplicate
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn transitions_follow_the_status_machine_with_history(pool: PgPool) {
    seeded(&pool).await;
    let sku = skus(&pool, 1).await.remove(0).0;
    set_stock(&pool, &sku, 10).await;
    let order = placed_with_session(&pool, "life", &sku).await;
    let refused = orders::transition(&pool, order.id, Transition::Ship, "staff:1", "")
        .await
        .unwrap();
    assert!(refused.is_err(), "a pending order cannot ship");
    event_test_pay(&pool, "cs_life").await;
    for (t, want) in [
        (Transition::Process, OrderStatus::Processing),
        (Transition::Ship, OrderStatus::Shipped),
        (Transition::Deliver, OrderStatus::Delivered),
    ] {
        let (_, to) = orders::transition(&pool, order.id, t, "staff:1", "")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(to, want);
    }
    let cancel = orders::transition(&pool, order.id, Transition::Cancel, "shopper", "")
        .await
        .unwrap();
    assert!(cancel.is_err(), "a delivered order cannot be cancelled");
    let history = orders::history(&pool, order.id).await.unwrap();
    let path: Vec<&str> = history.iter().map(|h| h.to.as_str()).collect();
    assert_eq!(
        path,
        ["pending", "paid", "processing", "shipped", "delivered"]
    );
    assert_eq!(stock(&pool, &sku).await, (9, 0));

    // Cancelling a pending order gives its stock back.
    let second = placed_with_session(&pool, "second", &sku).await;
    assert_eq!(stock(&pool, &sku).await, (9, 1));
    orders::transition(
        &pool,
        second.id,
        Transition::Cancel,
        "shopper",
        "changed my mind",
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(stock(&pool, &sku).await, (9, 0));

    // Cancelling a paid order (before it ships) puts the sold unit back, once.
    let third = placed_with_session(&pool, "third", &sku).await;
    event_test_pay(&pool, "cs_third").await;
    assert_eq!(stock(&pool, &sku).await, (8, 0));
    let cancel = |id| orders::transition(&pool, id, Transition::Cancel, "shopper", "");
    cancel(third.id).await.unwrap().unwrap();
    assert_eq!(stock(&pool, &sku).await, (9, 0));
    assert!(cancel(third.id).await.unwrap().is_err());
    assert_eq!(stock(&pool, &sku).await, (9, 0));

    let moves: Vec<String> = sqlx::query_scalar(
        "SELECT type FROM domain_events WHERE type LIKE 'order.%' AND type <> 'order.placed'
         ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        moves,
        [
            "order.paid",
            "order.processing",
            "order.shipped",
            "order.delivered",
            "order.cancelled",
            "order.paid",
            "order.cancelled"
        ],
        "one event per move (the emails follow from them)"
    );
}

async fn event_test_pay(pool: &PgPool, reference: &str) {
    let applied = apply_payment_event(
        pool,
        "test",
        &format!("evt_{reference}"),
        "checkout.session.completed",
        reference,
        &paid(),
        None,
    )
    .await
    .unwrap();
    assert!(
        matches!(
            applied,
            Applied::Moved {
                to: OrderStatus::Paid,
                ..
            }
        ),
        "{applied:?}"
    );
}
