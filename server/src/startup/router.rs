//! The HTTP application: Leptos pages and server functions, plain routes and the middleware.

use std::sync::Arc;

use app::state::AppState;
use axum::http::{HeaderName, Request};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;

use crate::config::Settings;
use crate::routes;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

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
