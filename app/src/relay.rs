//! The event relay: committed domain events go from the `domain_events` table to the Redis
//! stream `{prefix}:events`, in id order, by one relay at a time (`db::events::claim_batch`),
//! marked published only after Redis took them. A relay that dies between the two publishes the
//! batch again: delivery is at least once, and consumers skip event ids they have seen
//! (`domain::events::Seen`). The stream is capped (`MAXLEN ~`), so a consumer that was down
//! catches up from its last stream id as long as it was away for less than the cap.

use redis::aio::ConnectionManager;
use sqlx::PgPool;

use crate::db::events as db;
use crate::domain::events::DomainEvent;

#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("redis: {0}")]
    Redis(#[from] redis::RedisError),
}

/// The Postgres channel a transaction that recorded events notifies when it commits (the
/// `record_event` function): it wakes the relays.
pub const WAKE_CHANNEL: &str = "oxcart_events";

/// The stream every instance publishes to and reads from.
pub fn stream_key(prefix: &str) -> String {
    format!("{prefix}:events")
}

/// Publishes one batch of up to `limit` events. Returns how many went out (0 when none wait
/// or another relay is publishing).
pub async fn relay_once(
    pool: &PgPool,
    redis: &ConnectionManager,
    stream: &str,
    max_len: usize,
    limit: i64,
) -> Result<usize, RelayError> {
    let Some(batch) = db::claim_batch(pool, limit).await? else {
        return Ok(0);
    };
    if batch.events.is_empty() {
        // Ended at once, so the relay lock is not held by an idle connection.
        batch.abandon().await?;
        return Ok(0);
    }
    // On failure the batch is given back unpublished and goes out with the next one.
    if let Err(error) = publish(redis, stream, max_len, &batch.events).await {
        batch.abandon().await?;
        return Err(error.into());
    }
    let sent = batch.events.len();
    batch.published().await?;
    Ok(sent)
}

/// Appends events to the stream in one round trip; returns their stream ids.
pub async fn publish(
    redis: &ConnectionManager,
    stream: &str,
    max_len: usize,
    events: &[DomainEvent],
) -> Result<Vec<String>, redis::RedisError> {
    let mut pipe = redis::pipe();
    for event in events {
        pipe.cmd("XADD")
            .arg(stream)
            .arg("MAXLEN")
            .arg("~")
            .arg(max_len)
            .arg("*")
            .arg("event")
            .arg(event.to_json());
    }
    let mut redis = redis.clone();
    pipe.query_async(&mut redis).await
}

/// Reads up to `count` events after stream id `after` (`0` for the oldest kept, `$` for only
/// new ones), waiting up to `block_ms` for one when none is there. Returns each with its
/// stream id (the next `after`). A waiting read holds its connection: give it one of its own
/// whose response timeout is longer than the wait (`redis::AsyncConnectionConfig`), never the
/// shared `ConnectionManager`, whose other users would wait behind it.
pub async fn read_after<C: redis::aio::ConnectionLike + Send>(
    redis: &mut C,
    stream: &str,
    after: &str,
    count: usize,
    block_ms: Option<u64>,
) -> Result<Vec<(String, DomainEvent)>, redis::RedisError> {
    let mut cmd = redis::cmd("XREAD");
    cmd.arg("COUNT").arg(count);
    if let Some(ms) = block_ms {
        cmd.arg("BLOCK").arg(ms);
    }
    cmd.arg("STREAMS").arg(stream).arg(after);
    let reply: redis::Value = cmd.query_async(redis).await?;
    Ok(stream_entries(&reply))
}

/// A connection of its own for reads that wait up to `wait_ms` for news (`read_after`,
/// `read_group`): its response timeout is longer than the wait. Named `name` in Redis
/// (`CLIENT LIST`), so an operator sees whose it is.
pub async fn reader_connection(
    redis_url: &str,
    name: &str,
    wait_ms: u64,
) -> Result<redis::aio::MultiplexedConnection, redis::RedisError> {
    let config = redis::AsyncConnectionConfig::new()
        .set_response_timeout(Some(std::time::Duration::from_millis(wait_ms + 2_000)))
        .set_connection_timeout(Some(std::time::Duration::from_secs(2)));
    let mut connection = redis::Client::open(redis_url)?
        .get_multiplexed_async_connection_with_config(&config)
        .await?;
    redis::cmd("CLIENT")
        .arg("SETNAME")
        .arg(name)
        .query_async::<()>(&mut connection)
        .await?;
    Ok(connection)
}

/// Creates the consumer group `group` (reading from entries added from now on) unless it
/// exists. A group remembers what it was given: a consumer that was down catches up.
pub async fn ensure_group(
    redis: &ConnectionManager,
    stream: &str,
    group: &str,
) -> Result<(), redis::RedisError> {
    let mut redis = redis.clone();
    let created: Result<(), redis::RedisError> = redis::cmd("XGROUP")
        .arg("CREATE")
        .arg(stream)
        .arg(group)
        .arg("$")
        .arg("MKSTREAM")
        .query_async(&mut redis)
        .await;
    match created {
        Err(error) if error.code() == Some("BUSYGROUP") => Ok(()),
        other => other,
    }
}

/// An entry a group consumer was given: its stream id, and the event unless it was unreadable
/// (acknowledge those too, or they come back forever).
pub type Delivery = (String, Option<DomainEvent>);

/// Up to `count` entries the group has given no one yet, for `consumer`, waiting up to
/// `block_ms` for one (on a connection of its own, as for `read_after`).
pub async fn read_group<C: redis::aio::ConnectionLike + Send>(
    redis: &mut C,
    stream: &str,
    group: &str,
    consumer: &str,
    count: usize,
    block_ms: u64,
) -> Result<Vec<Delivery>, redis::RedisError> {
    let reply: redis::Value = redis::cmd("XREADGROUP")
        .arg("GROUP")
        .arg(group)
        .arg(consumer)
        .arg("COUNT")
        .arg(count)
        .arg("BLOCK")
        .arg(block_ms)
        .arg("STREAMS")
        .arg(stream)
        .arg(">")
        .query_async(redis)
        .await?;
    let streams = match &reply {
        redis::Value::Map(pairs) => pairs.iter().map(|(_, e)| e).collect(),
        _ => items(&reply)
            .into_iter()
            .filter_map(|stream| items(stream).get(1).copied())
            .collect::<Vec<_>>(),
    };
    Ok(streams.into_iter().flat_map(deliveries).collect())
}

/// Takes over up to `count` entries given to a consumer of the group that has not acknowledged
/// them for `min_idle_ms` (it died while handling them): at-least-once delivery.
pub async fn claim_stale<C: redis::aio::ConnectionLike + Send>(
    redis: &mut C,
    stream: &str,
    group: &str,
    consumer: &str,
    min_idle_ms: u64,
    count: usize,
) -> Result<Vec<Delivery>, redis::RedisError> {
    let reply: redis::Value = redis::cmd("XAUTOCLAIM")
        .arg(stream)
        .arg(group)
        .arg(consumer)
        .arg(min_idle_ms)
        .arg("0-0")
        .arg("COUNT")
        .arg(count)
        .query_async(redis)
        .await?;
    Ok(items(&reply)
        .get(1)
        .map(|e| deliveries(e))
        .unwrap_or_default())
}

/// Acknowledges handled entries: the group will not give them out again.
pub async fn ack<C: redis::aio::ConnectionLike + Send>(
    redis: &mut C,
    stream: &str,
    group: &str,
    ids: &[String],
) -> Result<(), redis::RedisError> {
    if ids.is_empty() {
        return Ok(());
    }
    redis::cmd("XACK")
        .arg(stream)
        .arg(group)
        .arg(ids)
        .query_async(redis)
        .await
}

/// Entries of the stream that `group` has handed out and not had acknowledged yet (0 when the
/// group does not exist yet).
pub async fn unhandled(
    redis: &ConnectionManager,
    stream: &str,
    group: &str,
) -> Result<i64, redis::RedisError> {
    let mut redis = redis.clone();
    let reply: Result<redis::Value, _> = redis::cmd("XPENDING")
        .arg(stream)
        .arg(group)
        .query_async(&mut redis)
        .await;
    match reply {
        // Summary form: [count, first id, last id, consumers].
        Ok(reply) => Ok(match items(&reply).first() {
            Some(redis::Value::Int(n)) => *n,
            _ => 0,
        }),
        Err(error) if error.code() == Some("NOGROUP") => Ok(0),
        Err(error) => Err(error),
    }
}

/// The newest stream id (`0-0` when the stream is empty): where a new reader starts.
pub async fn last_id(redis: &ConnectionManager, stream: &str) -> Result<String, redis::RedisError> {
    let mut redis = redis.clone();
    let reply: redis::Value = redis::cmd("XREVRANGE")
        .arg(stream)
        .arg("+")
        .arg("-")
        .arg("COUNT")
        .arg(1)
        .query_async(&mut redis)
        .await?;
    Ok(entries(&reply)
        .into_iter()
        .next()
        .map(|(id, _)| id)
        .unwrap_or_else(|| "0-0".into()))
}

fn text(value: &redis::Value) -> Option<String> {
    match value {
        redis::Value::BulkString(bytes) => String::from_utf8(bytes.clone()).ok(),
        redis::Value::SimpleString(s) => Some(s.clone()),
        _ => None,
    }
}

fn items(value: &redis::Value) -> Vec<&redis::Value> {
    match value {
        redis::Value::Array(items) | redis::Value::Set(items) => items.iter().collect(),
        redis::Value::Map(pairs) => pairs.iter().flat_map(|(k, v)| [k, v]).collect(),
        _ => Vec::new(),
    }
}

/// `[[id, [field, value, …]], …]` entries, each with its `event` field read as an event.
fn deliveries(value: &redis::Value) -> Vec<Delivery> {
    items(value)
        .into_iter()
        .filter_map(|entry| {
            let parts = items(entry);
            let id = text(parts.first()?)?;
            let event = parts.get(1).and_then(|fields| {
                items(fields)
                    .chunks(2)
                    .find(|kv| kv.len() == 2 && text(kv[0]).as_deref() == Some("event"))
                    .and_then(|kv| text(kv[1]))
                    .and_then(|json| DomainEvent::parse(&json))
            });
            Some((id, event))
        })
        .collect()
}

/// The entries that hold an event.
fn entries(value: &redis::Value) -> Vec<(String, DomainEvent)> {
    deliveries(value)
        .into_iter()
        .filter_map(|(id, event)| Some((id, event?)))
        .collect()
}

/// XREAD's answer: per stream, `[name, entries]` (an array in RESP2, a map in RESP3).
fn stream_entries(reply: &redis::Value) -> Vec<(String, DomainEvent)> {
    match reply {
        redis::Value::Map(pairs) => pairs.iter().flat_map(|(_, e)| entries(e)).collect(),
        _ => items(reply)
            .into_iter()
            .flat_map(|stream| items(stream).get(1).map(|e| entries(e)).unwrap_or_default())
            .collect(),
    }
}

/// Deletes events published longer ago than `retention_secs`.
pub async fn trim(pool: &PgPool, retention_secs: i64) -> Result<u64, sqlx::Error> {
    db::trim_published(pool, retention_secs).await
}
