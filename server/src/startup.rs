//! Building the application: connections, state, the router with its middleware, and serving
//! with graceful shutdown.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use app::auth::rate_limit::{Limit, Limits};
use app::domain::account::SessionPolicy;
use app::domain::cart::CartLimits;
use app::payments::paypal::{PayPalConfig, PayPalProvider};
use app::payments::stripe::StripeProvider;
use app::payments::test_provider::TestProvider;
use app::payments::{PaymentProvider, Payments};
use app::state::{AppState, AuthConfig, CartConfig, CheckoutConfig, SharedState, StoreConfig};
use axum::http::{HeaderName, Request};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;

use crate::config::{DemoData, PayPalSettings, PaymentProviderChoice, Settings, StripeSettings};
use crate::routes;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

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

fn paypal_provider(paypal: &PayPalSettings, store_name: &str) -> PayPalProvider {
    PayPalProvider::new(PayPalConfig {
        client_id: paypal.client_id.clone(),
        client_secret: paypal.client_secret.expose().to_string(),
        webhook_id: paypal.webhook_id.clone(),
        api_base: paypal.api_base.clone(),
        brand: store_name.to_string(),
    })
    // Building the HTTP client only fails when TLS cannot be set up at all.
    .expect("an HTTP client for PayPal")
}

fn stripe_provider(stripe: &StripeSettings) -> StripeProvider {
    StripeProvider::new(
        stripe.secret_key.expose(),
        stripe.webhook_secret.expose(),
        stripe.api_base.as_deref(),
    )
    // Building the client only fails on a key that is not a valid header value, which the
    // settings refuse.
    .expect("a Stripe key the settings accepted")
}

/// Shared state from settings and already-open connections.
pub fn build_state(settings: &Settings, db: PgPool, redis: ConnectionManager) -> AppState {
    let redis_prefix: &'static str = Box::leak(settings.redis_prefix.clone().into_boxed_str());
    let mut test_payments = None;
    let providers: Vec<Arc<dyn PaymentProvider>> = settings
        .payment_providers
        .iter()
        .map(|choice| -> Arc<dyn PaymentProvider> {
            match choice {
                PaymentProviderChoice::Test => {
                    let provider = Arc::new(TestProvider {
                        secret: settings.test_payments_secret.expose().to_string(),
                        site_url: settings.site_url.clone(),
                        redis: redis.clone(),
                        prefix: redis_prefix,
                    });
                    test_payments = Some(provider.clone());
                    provider
                }
                PaymentProviderChoice::Stripe(stripe) => Arc::new(stripe_provider(stripe)),
                PaymentProviderChoice::PayPal(paypal) => {
                    Arc::new(paypal_provider(paypal, &settings.store_name))
                }
            }
        })
        .collect();
    let payments = Payments::new(providers);
    let limit = |name, max| Limit {
        name,
        max,
        window_secs: settings.limit_window_secs,
    };
    AppState::new(SharedState {
        leptos_options: settings.leptos.clone(),
        db,
        redis,
        store: StoreConfig {
            site_url: settings.site_url.clone(),
            name: settings.store_name.clone(),
            currency: settings.currency,
            ship_to: settings.ship_to.clone(),
            logo: settings.store_logo.clone(),
            support_email: settings.support_email.clone(),
        },
        auth: AuthConfig {
            sessions: SessionPolicy {
                idle_secs: settings.session_idle_days * 86_400,
                absolute_secs: settings.session_max_days * 86_400,
            },
            secure_cookies: settings.cookie_secure,
            limits: Limits {
                sign_in_per_ip: limit("sign-in-ip", settings.limit_sign_in_per_ip),
                sign_in_per_email: limit("sign-in-email-ip", settings.limit_sign_in_per_email),
                sign_in_per_email_global: limit(
                    "sign-in-email",
                    settings.limit_sign_in_per_email_global,
                ),
                sign_up_per_ip: limit("sign-up-ip", settings.limit_sign_up_per_ip),
                sign_up_per_email: limit("sign-up-email", settings.limit_sign_up_per_email),
                stock_alerts_per_ip: limit("stock-alerts-ip", settings.limit_stock_alerts_per_ip),
                stock_alerts_per_email: limit(
                    "stock-alerts-email",
                    settings.limit_stock_alerts_per_email,
                ),
                reset_per_ip: limit("reset-ip", settings.limit_reset_per_ip),
                reset_per_email: limit("reset-email", settings.limit_reset_per_email),
                resend_per_account: limit("resend-account", settings.limit_resend_per_account),
                reset_confirm_per_ip: limit(
                    "reset-confirm-ip",
                    settings.limit_reset_confirm_per_ip,
                ),
                password_check_per_account: limit(
                    "password-check-account",
                    settings.limit_password_check_per_account,
                ),
                checkout_per_ip: limit("checkout-ip", settings.limit_checkout_per_ip),
                api_per_ip: Limit {
                    name: "api-ip",
                    max: settings.limit_api_per_minute,
                    window_secs: 60,
                },
                pages_per_ip: Limit {
                    name: "pages-ip",
                    max: settings.limit_pages_per_minute,
                    window_secs: 60,
                },
            },
            trust_forwarded_for: settings.trust_forwarded_for,
            // Leaked once per state built (once per process, or per test app): a few bytes.
            redis_prefix,
        },
        cart: CartConfig {
            limits: CartLimits {
                max_quantity: settings.cart_max_quantity,
                max_lines: settings.cart_max_lines,
            },
            idle_secs: settings.cart_idle_days * 86_400,
        },
        checkout: CheckoutConfig {
            shipping: settings.shipping,
            reserve_secs: settings.reservation_secs,
            holds: settings.holds,
        },
        payments,
        test_payments,
        media: app::state::MediaConfig {
            dir: settings.media_dir.clone(),
            max_bytes: settings.image_max_bytes,
        },
        settings: Arc::default(),
    })
}

/// Reads the store's settings (announcement, returns, delivery times) before the first page.
/// When the database cannot be read the store starts with the defaults (readiness says the
/// database is down) and `follow_store_settings` tries again every few seconds.
pub async fn load_store_settings(state: &AppState) {
    if let Err(error) = state.settings.reload(&state.db).await {
        tracing::warn!(%error, "could not read the store's settings; using the defaults until it can");
    }
}

/// Keeps this instance's settings current: reloaded on `store.changed` from any instance,
/// when the stream reader reconnects (it may have missed one) and every five minutes (the
/// store's UTC offset moves with daylight saving).
/// The page cache is emptied once they are read (a page rendered between the event and the
/// reload would otherwise keep the old announcement).
fn follow_store_settings(
    hub: &crate::live::Hub,
    state: AppState,
    pages: Arc<crate::page_cache::PageCache>,
) {
    let mut events = hub.subscribe();
    let mut connected = hub.connected();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            let reload = tokio::select! {
                _ = every.tick() => true,
                changed = connected.changed() => match changed {
                    Ok(()) => *connected.borrow_and_update(),
                    Err(_) => return,
                },
                got = events.recv() => match got {
                    Ok(live) => live.1.kind == "store.changed",
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => true,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                },
            };
            if reload {
                match state.settings.reload(&state.db).await {
                    Ok(()) => pages.clear(),
                    Err(error) => {
                        tracing::warn!(%error, "could not reload the store's settings; trying again in 5 s");
                        every.reset_after(std::time::Duration::from_secs(5));
                    }
                }
            }
        }
    });
}

/// The whole HTTP application: Leptos pages and server functions, plain routes, static files,
/// compression, cache headers, CSRF and rate-limit checks, and request tracing with a request id.
pub fn build_router(state: AppState, settings: &Settings) -> Router {
    let routes = generate_route_list(app::App);
    let leptos_state = state.clone();
    let stream = app::relay::stream_key(state.auth.redis_prefix);
    let hub = crate::live::Hub::start(
        settings.redis_url.expose().to_string(),
        stream.clone(),
        state.redis.clone(),
        format!("{stream}:live"),
    );
    let page_cache =
        crate::page_cache::PageCache::start(&hub, settings.page_cache_bytes, settings.cdn_seconds);
    follow_store_settings(&hub, state.clone(), page_cache.clone());
    let router = Router::new()
        .merge(routes::health::router())
        .merge(routes::seo::router())
        .merge(routes::media::router(&settings.media_dir))
        .merge(routes::uploads::router(settings.image_max_bytes))
        .merge(routes::payments::router(state.test_payments.clone()))
        .merge(routes::live::router(hub.clone()))
        .merge(routes::metrics::public_router(
            settings.metrics_token.clone(),
        ));
    dev_tools(router, settings)
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let development = settings.development;
                move || {
                    provide_context(leptos_state.clone());
                    routes::headers::page_csp(development);
                }
            },
            {
                let options = state.leptos_options.clone();
                move || app::shell(options.clone())
            },
        )
        .route_layer(axum::middleware::from_fn(routes::metrics::mark_route))
        // Unknown paths render the app's 404 page with the same context as every page (the
        // store's settings, its categories, the CSP nonce).
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            {
                let (state, development) = (state.clone(), settings.development);
                move || {
                    provide_context(state.clone());
                    routes::headers::page_csp(development);
                }
            },
            app::shell,
        ))
        // Innermost: catalog pages from memory (`page_cache`), behind every check below.
        .layer(axum::middleware::from_fn_with_state(
            page_cache,
            crate::page_cache::serve,
        ))
        .layer(axum::middleware::from_fn(routes::api::error_status))
        .layer(axum::middleware::from_fn_with_state(state.clone(), routes::api::per_client_ceiling))
        .layer(axum::middleware::from_fn_with_state(state.clone(), routes::csrf::same_origin_only))
        .layer(axum::middleware::from_fn(routes::static_cache_headers))
        .layer(axum::middleware::from_fn(routes::boundary::refuse_hostile_input))
        .layer(axum::middleware::from_fn_with_state(
            routes::headers::Https(settings.site_url.starts_with("https://")),
            routes::headers::security_headers,
        ))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        // One INFO line per request with its status and latency; the span carries the method,
        // the path and query with secrets redacted, and the request id.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<_>| {
                    let id = req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    let uri = crate::telemetry::redacted_uri(req.uri());
                    tracing::info_span!("request", method = %req.method(), uri = %uri, request_id = %id)
                })
                .on_response(
                    DefaultOnResponse::new()
                        .level(tracing::Level::INFO)
                        .latency_unit(LatencyUnit::Micros),
                )
                .on_failure(DefaultOnFailure::new().level(tracing::Level::WARN)),
        )
        .layer(axum::middleware::from_fn(routes::metrics::track))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        // Outermost: a panic anywhere below becomes a logged 500 page, never a dropped connection.
        .layer(CatchPanicLayer::custom(routes::panic_response))
        .with_state(state)
}

/// The benchmark route and the development mailbox, in builds with the dev-tools feature.
#[cfg(feature = "dev-tools")]
fn dev_tools(mut router: Router<AppState>, settings: &Settings) -> Router<AppState> {
    if settings.bench_routes {
        router = router.merge(routes::bench::router());
    }
    if let crate::config::MailSettings::Mailbox(dir) = &settings.mail {
        if settings.development {
            router = router.merge(routes::dev_mailbox::router(dir.clone()));
        }
    }
    router
}

#[cfg(not(feature = "dev-tools"))]
fn dev_tools(router: Router<AppState>, _settings: &Settings) -> Router<AppState> {
    router
}

/// Migrates, loads demo data when configured and empty, and serves until Ctrl-C or SIGTERM.
pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    settings.check_production_safety()?;
    let db = connect_postgres(&settings).await?;
    app::db::migrate(&db).await.context("running migrations")?;
    let load = match settings.demo_data {
        DemoData::Never => false,
        DemoData::Always => true,
        DemoData::Auto => app::db::seed::store_is_empty(&db).await?,
    };
    if load {
        load_demo(&db).await?;
    }
    let redis = connect_redis(settings.redis_url.expose(), false).await?;
    let addr = settings.leptos.site_addr;
    spawn_outbox_worker(&settings, db.clone())?;
    let state = build_state(&settings, db, redis);
    load_store_settings(&state).await;
    spawn_reservation_sweeper(&settings, state.clone());
    spawn_event_relay(&settings, state.clone());
    spawn_event_consumer(&settings, state.clone());
    if let Some(addr) = settings.metrics_addr {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding OXCART_METRICS_ADDR {addr}"))?;
        tracing::info!(%addr, "metrics at /metrics");
        let metrics = routes::metrics::private_router(state.clone());
        tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, metrics).await {
                tracing::error!(%error, "metrics listener stopped");
            }
        });
    }
    let router = build_router(state, &settings);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!(%addr, site_url = %settings.site_url, "listening");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Loads the demo catalog and the demo accounts (idempotent). Development only: the callers
/// check `Settings::check_production_safety` first.
pub async fn load_demo(db: &PgPool) -> anyhow::Result<()> {
    let report = app::db::seed::load_demo_catalog(db, &app::demo::catalog())
        .await
        .context("loading the demo catalog")?;
    tracing::info!(?report, "demo catalog loaded");
    let accounts = app::auth::accounts::load_demo_accounts(db)
        .await
        .map_err(|e| anyhow::anyhow!("loading demo accounts: {e}"))?;
    tracing::info!(
        created = accounts,
        "demo accounts loaded (development passwords in the README)"
    );
    Ok(())
}

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

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received: finishing in-flight requests");
}
