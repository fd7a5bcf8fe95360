//! Building the application: connections, state, the router with its middleware, background
//! workers, and serving with graceful shutdown.

mod connections;
mod router;
mod state;
mod workers;

use anyhow::Context;
use sqlx::PgPool;

pub use connections::{connect_postgres, connect_redis};
pub use router::build_router;
pub use state::{build_state, load_store_settings};
pub use workers::{
    spawn_event_consumer, spawn_event_relay, spawn_outbox_worker, spawn_reservation_sweeper,
};

use crate::config::{DemoData, Settings};
use crate::routes;

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
