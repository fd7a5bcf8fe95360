//! Connections to Postgres and Redis.

use std::time::Duration;

use anyhow::Context;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;

use crate::config::Settings;

/// A Postgres pool for the configured database, creating the database first if it is missing.
pub async fn connect_postgres(settings: &Settings) -> anyhow::Result<PgPool> {
    use sqlx::migrate::MigrateDatabase;
    let url = settings.database_url.expose();
    if !sqlx::Postgres::database_exists(url)
        .await
        .context("reaching Postgres (DATABASE_URL)")?
    {
        tracing::info!("creating the database named in DATABASE_URL");
        sqlx::Postgres::create_database(url)
            .await
            .context("creating the database (DATABASE_URL)")?;
    }
    let options: sqlx::postgres::PgConnectOptions = url.parse().context("parsing DATABASE_URL")?;
    // No statement may hold a connection for ever (a runaway query, a lock wait): it is
    // cancelled after OXCART_DB_STATEMENT_TIMEOUT_MS and the request gets an error.
    let timeout = format!("{}ms", settings.database_statement_timeout_ms);
    // No JIT: the store's statements are short, and a plan whose cost is overestimated (stale
    // statistics after a bulk load, a generic plan of a prepared statement) spent 100-180 ms
    // compiling a query that then ran in 0.3 ms (README, Performance: the dashboard's orders).
    let options = options.options([("statement_timeout", timeout.as_str()), ("jit", "off")]);
    PgPoolOptions::new()
        .max_connections(settings.database_max_connections)
        .acquire_timeout(Duration::from_secs(5))
        // sqlx pings every connection it hands out, a round trip to Postgres before every query
        // (half of a page's round trips). Only a connection that sat idle for a second is
        // pinged now: one in steady use has just answered, and one broken since (Postgres
        // restarted in that second) fails its query once and is dropped from the pool.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= Duration::from_secs(1) {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(true)
            })
        })
        .connect_with(options)
        .await
        .context("connecting to Postgres (DATABASE_URL)")
}

/// A Redis connection manager (reconnects by itself after an outage).
pub async fn connect_redis(url: &str, lazy: bool) -> anyhow::Result<ConnectionManager> {
    let client = redis::Client::open(url).context("parsing REDIS_URL")?;
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Some(Duration::from_secs(2)))
        .set_response_timeout(Some(Duration::from_secs(2)))
        .set_number_of_retries(1);
    if lazy {
        return ConnectionManager::new_lazy_with_config(client, config)
            .context("creating the Redis client");
    }
    ConnectionManager::new_with_config(client, config)
        .await
        .context("connecting to Redis (REDIS_URL)")
}
