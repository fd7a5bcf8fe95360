//! The middleware in front of the catalog's routes: answers from the cache, and stores what
//! it renders, one render per page at a time.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::Notify;

use super::respond::{answer, build_entry, hit, negotiate};
use super::{is_catalog_page, PageCache, MAX_PAGE_BYTES, WAIT_FOR_RENDER};

/// Middleware around the app's routes: serves catalog pages from the cache, and stores what it
/// renders.
pub async fn serve(State(cache): State<Arc<PageCache>>, req: Request, next: Next) -> Response {
    let cacheable_request = (req.method() == Method::GET || req.method() == Method::HEAD)
        && is_catalog_page(req.uri().path());
    if !cacheable_request || !cache.usable() {
        return next.run(req).await;
    }
    let key = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |p| p.as_str().to_owned());
    let encoding = negotiate(req.headers());
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    if let Some(entry) = cache.get(&key) {
        return hit(&cache, &entry, encoding, if_none_match.as_ref());
    }
    // A HEAD answer reaches this layer with its body already removed by the router: only
    // GET renders are stored.
    if req.method() != Method::GET {
        return next.run(req).await;
    }
    // One render per page: if another request is rendering it, wait for that render.
    let turn = {
        let mut rendering = cache.rendering.lock().unwrap_or_else(|e| e.into_inner());
        match rendering.get(&key) {
            Some(notify) => Err(notify.clone()),
            None => {
                rendering.insert(key.clone(), Arc::new(Notify::new()));
                Ok(Rendering {
                    cache: cache.clone(),
                    key: key.clone(),
                })
            }
        }
    };
    let _rendering = match turn {
        Ok(rendering) => rendering,
        Err(notify) => {
            let done = notify.notified();
            // The render may have finished between the lookup above and now.
            if let Some(entry) = cache.get(&key) {
                return hit(&cache, &entry, encoding, if_none_match.as_ref());
            }
            let still_rendering = cache
                .rendering
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&key)
                .is_some_and(|current| Arc::ptr_eq(current, &notify));
            if still_rendering {
                let _ = tokio::time::timeout(WAIT_FOR_RENDER, done).await;
            }
            if let Some(entry) = cache.get(&key) {
                return hit(&cache, &entry, encoding, if_none_match.as_ref());
            }
            // That render was not kept (an error page, a catalog change meanwhile): render.
            metrics::counter!("oxcart_page_cache_total", "result" => "bypass").increment(1);
            return next.run(req).await;
        }
    };
    let generation = cache.generation.load(Ordering::SeqCst);
    let res = next.run(req).await;
    let storable = res.status() == StatusCode::OK
        && !res.headers().contains_key(header::SET_COOKIE)
        && !res.headers().contains_key(header::CONTENT_ENCODING)
        && res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"));
    if !storable {
        metrics::counter!("oxcart_page_cache_total", "result" => "bypass").increment(1);
        return res;
    }
    let (parts, body) = res.into_parts();
    let body = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(body) => body,
        Err(error) => {
            tracing::warn!(%error, "page not cached: its body could not be read");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let permit = cache.compressing.acquire().await;
    let entry = match tokio::task::spawn_blocking(move || build_entry(&parts, body)).await {
        Ok(entry) => Arc::new(entry),
        Err(error) => {
            tracing::error!(%error, "page compression failed");
            let mut res = Response::new(Body::from("Something went wrong on our side."));
            *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return res;
        }
    };
    drop(permit);
    metrics::counter!("oxcart_page_cache_total", "result" => "miss").increment(1);
    cache.put(key, entry.clone(), generation);
    answer(&cache, &entry, encoding, if_none_match.as_ref(), "miss")
}

/// The render of one page in progress. Dropping it (the render finished, failed, or its client
/// went away) lets the requests waiting for it go on.
struct Rendering {
    cache: Arc<PageCache>,
    key: String,
}

impl Drop for Rendering {
    fn drop(&mut self) {
        let mut rendering = self
            .cache
            .rendering
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(notify) = rendering.remove(&self.key) {
            notify.notify_waiters();
        }
    }
}
