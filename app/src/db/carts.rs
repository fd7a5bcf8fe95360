//! Carts: the SKU facts carts are checked and priced against (Postgres), and signed-in
//! customers' carts in Redis. Every Redis change is one Lua script, so it is atomic: two tabs
//! adding the same item at once both count, and a quantity never passes its cap.
//!
//! Keys (each with the instance's prefix), all expiring after the idle time, refreshed on use:
//! - `cart:{user}`: hash SKU -> quantity;
//! - `cart:{user}:meta`: hash with `version` (bumped by every change) and `seen:{SKU}` (the unit
//!   price, in minor units, the shopper last saw for that line);
//! - `cart:{user}:merges`: the last `MERGES_KEPT` merge ids applied, as a sorted set scored by
//!   the cart version they made (a retried merge does nothing; older ids fall off, so the key
//!   never grows past that many).

use std::collections::HashMap;

use redis::aio::ConnectionManager;
use sqlx::types::Json;
use sqlx::{PgPool, Row};

use crate::domain::cart::{CartLine, SkuFacts};
use crate::domain::money::{Currency, Money};

/// What the store knows of a SKU, for checking and pricing cart lines.
#[derive(Clone, Debug)]
pub struct SkuRecord {
    pub facts: SkuFacts,
    pub product_name: String,
    pub product_slug: String,
    pub options: String,
    pub image_url: String,
    pub price: Money,
}

/// The records of these SKUs (unknown SKUs are absent).
pub async fn sku_records(
    pool: &PgPool,
    skus: &[String],
) -> Result<HashMap<String, SkuRecord>, sqlx::Error> {
    if skus.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = sqlx::query(
        "SELECT v.sku, p.name, p.slug, v.options, v.price_minor, v.currency,
                (v.stock_on_hand - v.stock_reserved) AS available,
                (v.active AND p.active) AS sellable,
                coalesce((SELECT i.url FROM product_images i WHERE i.product_id = p.id
                          ORDER BY i.position LIMIT 1), '') AS image_url
         FROM variants v JOIN products p ON p.id = v.product_id
         WHERE v.sku = ANY($1)",
    )
    .bind(skus)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let Json(options): Json<Vec<(String, String)>> = r.try_get("options")?;
            let options = options
                .iter()
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
                .join(" / ");
            let product_name: String = r.try_get("name")?;
            let name = if options.is_empty() {
                product_name.clone()
            } else {
                format!("{product_name} ({options})")
            };
            let currency: String = r.try_get("currency")?;
            let sku: String = r.try_get("sku")?;
            let sellable: bool = r.try_get("sellable")?;
            // An unpublished product is not revealed to whoever guesses one of its SKUs: its
            // line is dropped by the cart check, with a notice naming the SKU only.
            let name = if sellable { name } else { sku.clone() };
            let stock: i32 = r.try_get("available")?;
            Ok((
                sku,
                SkuRecord {
                    facts: SkuFacts {
                        name,
                        available: u32::try_from(stock).unwrap_or(0),
                        sellable,
                    },
                    product_name,
                    product_slug: r.try_get("slug")?,
                    options,
                    image_url: r.try_get("image_url")?,
                    price: Money::new(
                        r.try_get("price_minor")?,
                        Currency::parse(&currency).unwrap_or(Currency::Usd),
                    ),
                },
            ))
        })
        .collect()
}

/// A customer's cart as stored in Redis.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredCart {
    /// False when Redis has no cart for the customer (never used, expired, or lost).
    pub exists: bool,
    pub version: u64,
    /// Sorted by SKU (a hash has no order).
    pub lines: Vec<CartLine>,
    /// SKU -> unit price (minor units) the shopper last saw.
    pub seen: HashMap<String, i64>,
}

/// The Redis keys of one customer's cart.
pub struct CartKeys {
    lines: String,
    meta: String,
    merges: String,
}

impl CartKeys {
    pub fn new(prefix: &str, user_id: i64) -> CartKeys {
        let base = format!("{prefix}:cart:{user_id}");
        CartKeys {
            meta: format!("{base}:meta"),
            merges: format!("{base}:merges"),
            lines: base,
        }
    }
}

/// Reads a customer's cart.
pub async fn load(redis: &ConnectionManager, keys: &CartKeys) -> redis::RedisResult<StoredCart> {
    let mut conn = redis.clone();
    let (lines, meta): (HashMap<String, u32>, HashMap<String, String>) = redis::pipe()
        .hgetall(&keys.lines)
        .hgetall(&keys.meta)
        .query_async(&mut conn)
        .await?;
    let mut lines: Vec<CartLine> = lines
        .into_iter()
        .map(|(sku, quantity)| CartLine { sku, quantity })
        .collect();
    lines.sort_by(|a, b| a.sku.cmp(&b.sku));
    let seen = meta
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("seen:")?.to_string(), v.parse().ok()?)))
        .collect();
    Ok(StoredCart {
        exists: !meta.is_empty(),
        version: meta
            .get("version")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
        lines,
        seen,
    })
}

/// How `change_line` treats the quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Add to the line's quantity (creating it).
    Add,
    /// Set the line's quantity; 0 removes it.
    Set,
}

/// What a line change did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changed {
    /// The line now has `now` (0: removed); `wanted` is what it would have had without the cap.
    Quantity { now: u32, wanted: u32 },
    /// The cart already has `max_lines` other lines.
    CartFull,
}

const CHANGE_LINE: &str = r#"
local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local amount = tonumber(ARGV[3])
local new = amount
if ARGV[2] == 'add' then new = cur + amount end
if cur == 0 and new > 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[6]) then return {-1, 0} end
local wanted = new
local cap = tonumber(ARGV[4])
if new > cap then new = cap end
if new <= 0 then
  new = 0
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], 'seen:' .. ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], new)
  redis.call('HSET', KEYS[2], 'seen:' .. ARGV[1], ARGV[7])
end
redis.call('HINCRBY', KEYS[2], 'version', 1)
redis.call('EXPIRE', KEYS[1], ARGV[5])
redis.call('EXPIRE', KEYS[2], ARGV[5])
return {new, wanted}
"#;

/// Adds to or sets one line, atomically, never above `cap` (stock and line maximum), and
/// records `seen_price` as the price the shopper saw.
#[allow(clippy::too_many_arguments)]
pub async fn change_line(
    redis: &ConnectionManager,
    keys: &CartKeys,
    sku: &str,
    change: Change,
    quantity: u32,
    cap: u32,
    max_lines: usize,
    seen_price: i64,
    ttl_secs: u64,
) -> redis::RedisResult<Changed> {
    let mut conn = redis.clone();
    let (now, wanted): (i64, i64) = redis::Script::new(CHANGE_LINE)
        .key(&keys.lines)
        .key(&keys.meta)
        .arg(sku)
        .arg(if change == Change::Add { "add" } else { "set" })
        .arg(quantity)
        .arg(cap)
        .arg(ttl_secs)
        .arg(max_lines)
        .arg(seen_price)
        .invoke_async(&mut conn)
        .await?;
    Ok(match now {
        -1 => Changed::CartFull,
        now => Changed::Quantity {
            now: u32::try_from(now).unwrap_or(0),
            wanted: u32::try_from(wanted).unwrap_or(u32::MAX),
        },
    })
}

/// How many merge ids a cart remembers: a merge is retried within seconds, never after 50
/// other merges.
pub const MERGES_KEPT: usize = 50;

const REPLACE: &str = r#"
if redis.call('TYPE', KEYS[3]).ok == 'set' then redis.call('DEL', KEYS[3]) end
if ARGV[1] ~= '' and redis.call('ZSCORE', KEYS[3], ARGV[1]) then return 'duplicate' end
local version = redis.call('HGET', KEYS[2], 'version') or '0'
if version ~= ARGV[2] then return 'stale' end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[2], 'version', version)
for i = 4, #ARGV, 3 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('HSET', KEYS[2], 'seen:' .. ARGV[i], ARGV[i + 2])
end
local made = redis.call('HINCRBY', KEYS[2], 'version', 1)
if ARGV[1] ~= '' then
  redis.call('ZADD', KEYS[3], made, ARGV[1])
  redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -51)
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[3], ARGV[3])
return 'replaced'
"#;

/// What `replace` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replaced {
    Replaced,
    /// This merge id was applied before: nothing changed.
    Duplicate,
    /// The cart changed since `expected_version` was read: nothing changed; read and retry.
    Stale,
}

/// Replaces the cart's lines in one step, if its version is still `expected_version` and
/// `merge_id` (when not empty) was never applied. `lines` carry (SKU, quantity, seen price).
pub async fn replace(
    redis: &ConnectionManager,
    keys: &CartKeys,
    merge_id: &str,
    expected_version: u64,
    lines: &[(String, u32, i64)],
    ttl_secs: u64,
) -> redis::RedisResult<Replaced> {
    let mut conn = redis.clone();
    let replace = redis::Script::new(REPLACE);
    let mut script = replace.prepare_invoke();
    script
        .key(&keys.lines)
        .key(&keys.meta)
        .key(&keys.merges)
        .arg(merge_id)
        .arg(expected_version)
        .arg(ttl_secs);
    for (sku, quantity, seen) in lines {
        script.arg(sku).arg(quantity).arg(seen);
    }
    let result: String = script.invoke_async(&mut conn).await?;
    Ok(match result.as_str() {
        "duplicate" => Replaced::Duplicate,
        "stale" => Replaced::Stale,
        _ => Replaced::Replaced,
    })
}
