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

/// `[[id, [field, value, …]], …]` entries whose `event` field is an event.
fn entries(value: &redis::Value) -> Vec<(String, DomainEvent)> {
    items(value)
        .into_iter()
        .filter_map(|entry| {
            let parts = items(entry);
            let id = text(parts.first()?)?;
            let fields = items(parts.get(1)?);
            let event = fields
                .chunks(2)
                .find(|kv| kv.len() == 2 && text(kv[0]).as_deref() == Some("event"))
                .and_then(|kv| text(kv[1]))
                .and_then(|json| DomainEvent::parse(&json))?;
            Some((id, event))
        })
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
