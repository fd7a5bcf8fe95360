//! Domain events: written by the database in the same transaction as the change, published by
//! the relay to the Redis stream at least once and in order, one relay at a time, read back by
//! idempotent consumers that catch up after an outage; trimmed after their retention.

mod common;

use app::domain::events::{DomainEvent, Seen};
use app::relay::{publish, read_after, relay_once, stream_key};
use common::shop::{choose, form, place, sku_with_stock};
use common::{redis_url, spawn_app_with, TestApp};
use redis::aio::ConnectionManager;

const MAX_LEN: usize = 10_000;

/// A store whose own relay stays idle after its first pass (the tests drive it).
async fn app() -> (TestApp, ConnectionManager, String) {
    let app = spawn_app_with(|s| {
        s.events_poll_ms = 60_000;
        s.events_wake = false;
    })
    .await;
    let redis = server::startup::connect_redis(&redis_url(), false)
        .await
        .unwrap();
    let stream = stream_key(&app.redis_prefix);
    (app, redis, stream)
}

/// Runs the relay until every event written so far is published. A relay may find the lock
/// taken for a moment (this app's own relay, or a crashed batch whose rollback is still on its
/// way): it tries again.
async fn publish_all(app: &TestApp, redis: &ConnectionManager, stream: &str, batch: i64) {
    for _ in 0..250 {
        relay_once(&app.db, redis, stream, MAX_LEN, batch)
            .await
            .unwrap();
        if app::db::events::lag(&app.db).await.unwrap().0 == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("events still waiting after 5 s");
}

/// Claims a batch, waiting while another relay (this app's own) holds the lock.
async fn claim(app: &TestApp, limit: i64) -> app::db::events::Batch {
    for _ in 0..250 {
        if let Some(batch) = app::db::events::claim_batch(&app.db, limit).await.unwrap() {
            return batch;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the relay lock stayed taken for 5 s");
}

async fn events_of(app: &TestApp, subject: &str) -> Vec<(String, serde_json::Value)> {
    sqlx::query_as("SELECT type, data FROM domain_events WHERE subject = $1 ORDER BY id")
        .bind(subject)
        .fetch_all(&app.db)
        .await
        .unwrap()
}

/// Everything in the stream from the start, as a consumer that remembers what it applied.
async fn consume_all(redis: &ConnectionManager, stream: &str, seen: &mut Seen) -> Vec<DomainEvent> {
    let mut after = "0".to_string();
    let mut applied = Vec::new();
    loop {
        let batch = read_after(&mut redis.clone(), stream, &after, 100, None)
            .await
            .unwrap();
        let Some((last, _)) = batch.last() else {
            return applied;
        };
        after = last.clone();
        for (_, event) in batch {
            if seen.first_time(event.id) {
                applied.push(event);
            }
        }
    }
}

#[tokio::test]
async fn events_are_written_with_their_change_and_never_for_one_rolled_back() {
    let (app, _, _) = app().await;
    let (sku, _) = sku_with_stock(&app, 20, 0).await;
    let subject = format!("variant:{sku}");
    let before = events_of(&app, &subject).await.len();

    // A change that rolls back leaves no event.
    let mut tx = app.db.begin().await.unwrap();
    sqlx::query("UPDATE variants SET stock_on_hand = 2 WHERE sku = $1")
        .bind(&sku)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(events_of(&app, &subject).await.len(), before);

    // A committed one writes its event, with what can be sold now.
    sqlx::query("UPDATE variants SET stock_on_hand = 2 WHERE sku = $1")
        .bind(&sku)
        .execute(&app.db)
        .await
        .unwrap();
    let events = events_of(&app, &subject).await;
    let (kind, data) = events.last().unwrap();
    assert_eq!(kind, "stock.changed");
    assert_eq!(
        (data["sku"].as_str(), data["available"].as_i64()),
        (Some(sku.as_str()), Some(2))
    );
    // Falling to the threshold (5 by default) raised the low-stock alert: its event too.
    assert!(events
        .iter()
        .any(|(k, d)| k == "low_stock.crossed" && d["level"] == 2));

    // An order: placed (holding stock: available drops), then paid.
    let (number, _, pay) = place(&app, form(&sku, 1, "tok-events-order-01")).await;
    let (status, _) = choose(&app, &pay, "pay").await;
    assert_eq!(status, 303);
    let order = events_of(&app, &format!("order:{number}")).await;
    let kinds: Vec<&str> = order.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(kinds, ["order.placed", "order.paid"]);
    assert_eq!(order[1].1["previous"], "pending");
    let stock: Vec<i64> = events_of(&app, &subject)
        .await
        .iter()
        .filter(|(k, _)| k == "stock.changed")
        .map(|(_, d)| d["available"].as_i64().unwrap())
        .collect();
    assert_eq!(
        &stock[stock.len() - 3..],
        [2, 1, 1],
        "one held at placing, then sold (on hand 1, nothing held)"
    );

    // A catalog edit: product.changed.
    sqlx::query("UPDATE variants SET price_minor = price_minor + 100 WHERE sku = $1")
        .bind(&sku)
        .execute(&app.db)
        .await
        .unwrap();
    let (product_id,): (i64,) = sqlx::query_as("SELECT product_id FROM variants WHERE sku = $1")
        .bind(&sku)
        .fetch_one(&app.db)
        .await
        .unwrap();
    let product = events_of(&app, &format!("product:{product_id}")).await;
    assert_eq!(product.last().unwrap().0, "product.changed");
}

#[tokio::test]
async fn the_relay_publishes_in_order_and_a_crash_mid_batch_loses_and_doubles_nothing() {
    let (app, redis, stream) = app().await;
    let (sku, _) = sku_with_stock(&app, 50, 1).await;
    for level in 10..20 {
        sqlx::query("UPDATE variants SET stock_on_hand = $2 WHERE sku = $1")
            .bind(&sku)
            .bind(level)
            .execute(&app.db)
            .await
            .unwrap();
    }
    let written: Vec<i64> = sqlx::query_scalar("SELECT id FROM domain_events ORDER BY id")
        .fetch_all(&app.db)
        .await
        .unwrap();

    // A relay publishes part of a batch to Redis and dies before marking it published.
    let batch = claim(&app, 4).await;
    publish(&redis, &stream, MAX_LEN, &batch.events)
        .await
        .unwrap();
    drop(batch);
    // Restarted, relays publish everything; the first four go out a second time.
    publish_all(&app, &redis, &stream, 5).await;
    let mut seen = Seen::new(10_000);
    let applied = consume_all(&redis, &stream, &mut seen).await;
    let ids: Vec<i64> = applied.iter().map(|e| e.id).collect();
    assert_eq!(ids, written, "every event exactly once, in order");
    let raw = read_after(&mut redis.clone(), &stream, "0", 10_000, None)
        .await
        .unwrap();
    assert!(
        raw.len() > written.len(),
        "the crash did deliver some twice"
    );
    let (waiting, _) = app::db::events::lag(&app.db).await.unwrap();
    assert_eq!(waiting, 0);
    assert_eq!(
        applied
            .iter()
            .rfind(|e| e.kind == "stock.changed")
            .unwrap()
            .data["available"],
        19
    );
}

#[tokio::test]
async fn two_relays_never_publish_at_once() {
    let (app, redis, stream) = app().await;
    let (sku, _) = sku_with_stock(&app, 5, 2).await;
    sqlx::query("UPDATE variants SET stock_on_hand = 4 WHERE sku = $1")
        .bind(&sku)
        .execute(&app.db)
        .await
        .unwrap();
    let first = claim(&app, 100).await;
    assert!(!first.events.is_empty());
    // Another instance's relay finds the lock taken and publishes nothing.
    assert!(app::db::events::claim_batch(&app.db, 100)
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        relay_once(&app.db, &redis, &stream, MAX_LEN, 100)
            .await
            .unwrap(),
        0
    );
    publish(&redis, &stream, MAX_LEN, &first.events)
        .await
        .unwrap();
    first.published().await.unwrap();
    // Released: the next claim finds nothing left.
    let next = claim(&app, 100).await;
    assert!(next.events.is_empty());
}

#[tokio::test]
async fn a_consumer_that_was_down_catches_up_from_its_last_id() {
    let (app, redis, stream) = app().await;
    let (sku, _) = sku_with_stock(&app, 30, 3).await;
    let set = |level: i32| {
        let (db, sku) = (app.db.clone(), sku.clone());
        async move {
            sqlx::query("UPDATE variants SET stock_on_hand = $2 WHERE sku = $1")
                .bind(&sku)
                .bind(level)
                .execute(&db)
                .await
                .unwrap();
        }
    };
    set(20).await;
    publish_all(&app, &redis, &stream, 100).await;
    let read = read_after(&mut redis.clone(), &stream, "0", 1000, None)
        .await
        .unwrap();
    let (last, _) = read.last().unwrap().clone();
    // Down while three more changes are published.
    for level in [21, 22, 23] {
        set(level).await;
    }
    publish_all(&app, &redis, &stream, 100).await;
    let missed = read_after(&mut redis.clone(), &stream, &last, 1000, None)
        .await
        .unwrap();
    let levels: Vec<i64> = missed
        .iter()
        .filter(|(_, e)| e.kind == "stock.changed")
        .map(|(_, e)| e.data["available"].as_i64().unwrap())
        .collect();
    assert_eq!(levels, [21, 22, 23]);
    // A reader waiting for new events gets the next one as it is published.
    let (_, newest) = missed.last().unwrap().clone();
    // A waiting read has a connection of its own.
    let config = redis::AsyncConnectionConfig::new()
        .set_response_timeout(Some(std::time::Duration::from_secs(10)));
    let mut own = redis::Client::open(redis_url())
        .unwrap()
        .get_multiplexed_async_connection_with_config(&config)
        .await
        .unwrap();
    let waiting = {
        let (stream, after) = (stream.clone(), missed.last().unwrap().0.clone());
        tokio::spawn(async move { read_after(&mut own, &stream, &after, 10, Some(5_000)).await })
    };
    set(24).await;
    publish_all(&app, &redis, &stream, 100).await;
    let got = waiting.await.unwrap().unwrap();
    assert!(got.iter().all(|(_, e)| e.id > newest.id));
    assert_eq!(got.last().unwrap().1.data["available"], 24);
}

#[tokio::test]
async fn published_events_are_trimmed_after_their_retention_and_waiting_ones_never() {
    let (app, redis, stream) = app().await;
    let (sku, _) = sku_with_stock(&app, 5, 4).await;
    sqlx::query("UPDATE variants SET stock_on_hand = 3 WHERE sku = $1")
        .bind(&sku)
        .execute(&app.db)
        .await
        .unwrap();
    publish_all(&app, &redis, &stream, 100).await;
    sqlx::query("UPDATE domain_events SET published_at = now() - interval '2 hours'")
        .execute(&app.db)
        .await
        .unwrap();
    sqlx::query("UPDATE variants SET stock_on_hand = 4 WHERE sku = $1")
        .bind(&sku)
        .execute(&app.db)
        .await
        .unwrap();
    let trimmed = app::relay::trim(&app.db, 3600).await.unwrap();
    assert!(trimmed > 0);
    let left: Vec<Option<i64>> =
        sqlx::query_scalar("SELECT extract(epoch FROM published_at)::bigint FROM domain_events")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert!(
        !left.is_empty() && left.iter().all(Option::is_none),
        "{left:?}"
    );
    let (waiting, oldest_ms) = app::db::events::lag(&app.db).await.unwrap();
    assert_eq!(waiting, left.len() as i64);
    assert!(oldest_ms >= 0);
}
