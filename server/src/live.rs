//! Live updates: one reader per instance follows the Redis event stream (on a connection of its
//! own, since its reads wait) and fans the events out to this instance's Server-Sent Events
//! connections (`routes::live`) and to its page cache (`page_cache`), which also follows
//! whether the reader is connected. Any instance serves any subscriber: the events come from
//! Redis, written by whichever instance's relay published them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::domain::events::DomainEvent;
use tokio::sync::{broadcast, watch};

/// An event with its stream id (the SSE id a reconnecting browser sends back).
pub type Live = Arc<(String, DomainEvent)>;

/// The most live connections one client (IP address, or IPv6 /64) may hold on one instance.
pub const MAX_CONNECTIONS_PER_CLIENT: usize = 8;

pub struct Hub {
    tx: broadcast::Sender<Live>,
    /// True while the reader is connected and in place (it resumes where it stopped, so
    /// nothing published while it was away is lost, unless the stream was trimmed past it).
    connected: watch::Sender<bool>,
    connections: Mutex<HashMap<String, usize>>,
}

/// A client's hold on one of its live connections; released when the connection ends.
pub struct Slot {
    hub: Arc<Hub>,
    client: String,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut connections = self
            .hub
            .connections
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(n) = connections.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                connections.remove(&self.client);
            }
        }
    }
}

impl Hub {
    /// Starts following `stream` from its newest entry; its Redis connection is named `name`
    /// (`CLIENT LIST` shows it).
    pub fn start(
        redis_url: String,
        stream: String,
        redis: redis::aio::ConnectionManager,
        name: String,
    ) -> Arc<Hub> {
        let (tx, _) = broadcast::channel(4096);
        let (connected, _) = watch::channel(false);
        let hub = Arc::new(Hub {
            tx: tx.clone(),
            connected: connected.clone(),
            connections: Mutex::new(HashMap::new()),
        });
        tokio::spawn(follow(redis_url, stream, redis, name, tx, connected));
        hub
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Live> {
        self.tx.subscribe()
    }

    /// Whether the reader is connected, now and as it changes.
    pub fn connected(&self) -> watch::Receiver<bool> {
        self.connected.subscribe()
    }

    /// A connection slot for `client`, or None when it holds the most it may.
    pub fn admit(self: &Arc<Self>, client: &str) -> Option<Slot> {
        let mut connections = self.connections.lock().unwrap_or_else(|e| e.into_inner());
        let held = connections.entry(client.to_string()).or_insert(0);
        if *held >= MAX_CONNECTIONS_PER_CLIENT {
            return None;
        }
        *held += 1;
        Some(Slot {
            hub: self.clone(),
            client: client.to_string(),
        })
    }

    /// Live connections held now, on this instance.
    pub fn connections(&self) -> usize {
        self.connections
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .sum()
    }
}

/// How long one read of the stream waits for news before asking again.
const WAIT_MS: u64 = 5_000;

/// Reads the stream for ever, reconnecting after errors without losing its place.
async fn follow(
    redis_url: String,
    stream: String,
    redis: redis::aio::ConnectionManager,
    name: String,
    tx: broadcast::Sender<Live>,
    connected: watch::Sender<bool>,
) {
    let mut after: Option<String> = None;
    loop {
        connected.send_replace(false);
        let mut connection = match app::relay::reader_connection(&redis_url, &name, WAIT_MS).await {
            Ok(connection) => connection,
            Err(error) => {
                tracing::warn!(%error, "live updates: cannot reach Redis; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if after.is_none() {
            match app::relay::last_id(&redis, &stream).await {
                Ok(id) => after = Some(id),
                Err(error) => {
                    tracing::warn!(%error, "live updates: cannot read the stream; retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            }
        }
        connected.send_replace(true);
        loop {
            let from = after.clone().unwrap_or_else(|| "$".into());
            match app::relay::read_after(&mut connection, &stream, &from, 500, Some(WAIT_MS)).await
            {
                Ok(events) => {
                    for (id, event) in events {
                        after = Some(id.clone());
                        // No subscriber is not an error.
                        let _ = tx.send(Arc::new((id, event)));
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "live updates: stream read failed; reconnecting");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    break;
                }
            }
        }
    }
}
