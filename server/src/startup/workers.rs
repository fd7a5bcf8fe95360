//! The background tasks every instance runs: email outbox, event relay and consumer, and the
//! reservation sweeper.

use std::sync::Arc;
use std::time::Duration;

use app::state::AppState;
use sqlx::PgPool;

use crate::config::Settings;

/// Starts the worker that delivers the email outbox. A message claimed when the process stops
/// is sent again by any instance once its claim runs out: nothing is lost.
pub fn spawn_outbox_worker(
    settings: &Settings,
    db: PgPool,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let transport = crate::mail::Transport::from_settings(&settings.mail)?;
    let from = crate::mail::parse_from(&settings.mail_from)?;
    if matches!(transport, crate::mail::Transport::Mailbox(_)) && !settings.development {
        tracing::warn!("OXCART_SMTP_URL is not set: emails go to a local folder, not to shoppers");
    }
    let poll = Duration::from_millis(settings.outbox_poll_ms);
    Ok(tokio::spawn(crate::mail::run_worker(
        db, transport, from, poll,
    )))
}

/// Publishes committed domain events to the Redis stream (see `app::relay`) as soon as a
/// transaction that recorded some commits (the `oxcart_events` notification wakes it), at
/// once again while batches are full, and at the latest every `OXCART_EVENTS_POLL_MS` (a
/// notification missed while the listener reconnects; the only way with
/// `OXCART_EVENTS_WAKE=false`). Trims published events past their
/// retention once a minute. Runs in every instance; one publishes at a time.
pub fn spawn_event_relay(settings: &Settings, state: AppState) -> tokio::task::JoinHandle<()> {
    const BATCH: i64 = 500;
    let poll = Duration::from_millis(settings.events_poll_ms);
    let retention = settings.events_retention_secs;
    let max_len = settings.events_stream_max;
    let stream = app::relay::stream_key(state.auth.redis_prefix);
    let wake = Arc::new(tokio::sync::Notify::new());
    if settings.events_wake {
        tokio::spawn(wake_on_events(state.db.clone(), wake.clone()));
    }
    tokio::spawn(async move {
        let mut last_trim = std::time::Instant::now();
        loop {
            match app::relay::relay_once(&state.db, &state.redis, &stream, max_len, BATCH).await {
                Ok(n) if n as i64 == BATCH => continue,
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "domain events not published yet"),
            }
            if last_trim.elapsed() > Duration::from_secs(60) {
                last_trim = std::time::Instant::now();
                match app::relay::trim(&state.db, retention).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(events = n, "published domain events trimmed"),
                    Err(error) => tracing::warn!(%error, "could not trim domain events"),
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(poll) => {}
                _ = wake.notified() => {}
            }
        }
    })
}

/// Wakes the relay whenever a transaction that recorded events commits (`NOTIFY
/// oxcart_events`), for as long as the relay runs; reconnects after connection trouble.
async fn wake_on_events(db: PgPool, wake: Arc<tokio::sync::Notify>) {
    loop {
        let listener = async {
            let mut listener = sqlx::postgres::PgListener::connect_with(&db).await?;
            listener.listen(app::relay::WAKE_CHANNEL).await?;
            Ok::<_, sqlx::Error>(listener)
        };
        match listener.await {
            Ok(mut listener) => {
                // `try_recv` answers None when the connection was lost.
                while let Ok(Some(_)) = listener.try_recv().await {
                    wake.notify_one();
                }
            }
            Err(error) => tracing::debug!(%error, "event relay: no wake-up listener; polling"),
        }
        if Arc::strong_count(&wake) == 1 {
            return;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// The store's reactions to its own events (`app::consumers`): this instance's reader in the
/// stream's consumer group. It first takes over entries a dead reader left unacknowledged for
/// a minute, then waits for new ones; an entry whose handling failed stays unacknowledged and
/// is tried again that way.
pub fn spawn_event_consumer(settings: &Settings, state: AppState) -> tokio::task::JoinHandle<()> {
    const WAIT_MS: u64 = 5_000;
    const STALE_MS: u64 = 60_000;
    const BATCH: usize = 100;
    let redis_url = settings.redis_url.expose().to_string();
    let stream = app::relay::stream_key(state.auth.redis_prefix);
    let group = app::consumers::GROUP;
    let consumer = format!("instance-{}", uuid::Uuid::new_v4().simple());
    tokio::spawn(async move {
        loop {
            let ready = async {
                app::relay::ensure_group(&state.redis, &stream, group).await?;
                let name = format!("{stream}:{group}:{consumer}");
                app::relay::reader_connection(&redis_url, &name, WAIT_MS).await
            };
            let mut conn = match ready.await {
                Ok(conn) => conn,
                Err(error) => {
                    tracing::warn!(%error, "event consumer: cannot reach Redis; retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            };
            let mut last_claim: Option<std::time::Instant> = None;
            loop {
                let stale_due = last_claim.is_none_or(|at| at.elapsed() > Duration::from_secs(10));
                let read = if stale_due {
                    last_claim = Some(std::time::Instant::now());
                    app::relay::claim_stale(&mut conn, &stream, group, &consumer, STALE_MS, BATCH)
                        .await
                } else {
                    app::relay::read_group(&mut conn, &stream, group, &consumer, BATCH, WAIT_MS)
                        .await
                };
                let deliveries = match read {
                    Ok(deliveries) => deliveries,
                    Err(error) => {
                        tracing::warn!(%error, "event consumer: stream read failed; reconnecting");
                        tokio::time::sleep(Duration::from_millis(500)).await;
                        break;
                    }
                };
                let mut done = Vec::with_capacity(deliveries.len());
                for (id, event) in deliveries {
                    let handled = match &event {
                        Some(event) => app::consumers::handle(&state, event).await,
                        None => Ok(()),
                    };
                    match handled {
                        Ok(()) => done.push(id),
                        Err(error) => {
                            let event = event.as_ref().map(|e| e.id);
                            tracing::warn!(%error, ?event, "event not handled yet; retried in a minute");
                        }
                    }
                }
                if let Err(error) = app::relay::ack(&mut conn, &stream, group, &done).await {
                    tracing::warn!(%error, "event consumer: acknowledgement failed; reconnecting");
                    break;
                }
            }
        }
    })
}

/// Every `OXCART_RESERVATION_SWEEP_MS`: releases the stock of unpaid orders whose reservation
/// ended (cancelling them) and retries refunds the provider has not confirmed. Safe in every
/// instance at once: orders and refunds are claimed with SKIP LOCKED. (Low-stock emails are
/// sent by the event consumer, on `low_stock.crossed`.)
pub fn spawn_reservation_sweeper(
    settings: &Settings,
    state: AppState,
) -> tokio::task::JoinHandle<()> {
    let every = Duration::from_millis(settings.reservation_sweep_ms);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            // Orders about to be given up are asked about first (a lost webhook, a shopper who
            // paid and never came back).
            let within = (every.as_secs() as i64).max(1) * 2 + 5;
            if let Err(error) = app::payments::reconcile_expiring(&state, within).await {
                tracing::warn!(%error, "could not ask the providers about expiring checkouts");
            }
            match app::db::orders::release_expired(&state.db, 100).await {
                Ok(released) if !released.is_empty() => {
                    tracing::info!(count = released.len(), "expired reservations released");
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "could not release expired reservations"),
            }
            match app::payments::refunds::retry_due_refunds(&state, 20).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(refunds = n, "pending refunds retried"),
                Err(error) => tracing::warn!(%error, "could not retry pending refunds"),
            }
        }
    })
}
