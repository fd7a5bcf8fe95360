//! Short-lived notes for the page a browser is sent to after a plain form post (an import's
//! report; a refused upload's reason with the alt text that was typed): kept in Redis for 15
//! minutes under a random key that the redirect carries, and readable only by the account that
//! caused them. The page shows what the server wrote, never text taken from its own address.

use redis::aio::ConnectionManager;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// How long a note is kept.
pub const TTL_SECS: u64 = 900;

fn redis_key(prefix: &str, kind: &str, actor_id: i64, key: &str) -> String {
    format!("{prefix}:{kind}:{actor_id}:{key}")
}

/// Keeps `note` for `actor_id`; returns the key to put in the redirect.
pub async fn remember<T: Serialize>(
    redis: &ConnectionManager,
    prefix: &str,
    kind: &str,
    actor_id: i64,
    note: &T,
) -> redis::RedisResult<String> {
    let key = crate::auth::session::new_token()[..20].to_string();
    let body = serde_json::to_string(note).unwrap_or_default();
    let mut conn = redis.clone();
    redis::cmd("SET")
        .arg(redis_key(prefix, kind, actor_id, &key))
        .arg(body)
        .arg("EX")
        .arg(TTL_SECS)
        .query_async::<()>(&mut conn)
        .await?;
    Ok(key)
}

/// A note kept by [`remember`] for this account; None when the key is malformed, unknown,
/// expired or another account's.
pub async fn recall<T: DeserializeOwned>(
    redis: &ConnectionManager,
    prefix: &str,
    kind: &str,
    actor_id: i64,
    key: &str,
) -> redis::RedisResult<Option<T>> {
    if key.is_empty() || key.len() > 40 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let mut conn = redis.clone();
    let body: Option<String> = redis::cmd("GET")
        .arg(redis_key(prefix, kind, actor_id, key))
        .query_async(&mut conn)
        .await?;
    Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
}
