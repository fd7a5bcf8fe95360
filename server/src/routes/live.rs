//! `GET /events?subjects=variant:SKU,order:OX-…[&key=…]`: Server-Sent Events for the subjects a
//! page shows. Stock and product subjects are public (what can be sold, never what is held); an
//! order's updates reach only its customer, the holder of its private key, or an admin. Each
//! event carries its stream id, so a browser that reconnects (`Last-Event-ID`) gets what it
//! missed from Redis first. Heartbeats every 15 seconds keep proxies from closing the stream;
//! a client holds at most `MAX_CONNECTIONS_PER_CLIENT` connections on an instance and a
//! connection follows at most `MAX_SUBJECTS` subjects.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use app::domain::account::Role;
use app::domain::events::{parse_subjects, stream_id_parts, Subject, STAFF_KINDS};
use app::state::AppState;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use crate::live::{Hub, Live};

pub fn router(hub: Arc<Hub>) -> Router<AppState> {
    Router::new()
        .route("/events", get(events))
        .layer(Extension(hub))
}

#[derive(Deserialize)]
struct Params {
    #[serde(default)]
    subjects: String,
    #[serde(default)]
    key: String,
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        message.to_string(),
    )
        .into_response()
}

/// Whether the caller is a signed-in admin (the `staff` subject).
async fn is_admin(state: &AppState, headers: &HeaderMap) -> Result<bool, Response> {
    let me = app::auth::signed_in_by_headers(state, headers)
        .await
        .map_err(|_| refuse(StatusCode::SERVICE_UNAVAILABLE, "try again"))?;
    Ok(me.is_some_and(|me| me.viewer.role.at_least(Role::Admin)))
}

/// Whether the caller may follow `number`: its customer, an admin, or the holder of its key.
async fn may_follow_order(
    state: &AppState,
    headers: &HeaderMap,
    number: &str,
    key: &str,
) -> Result<bool, Response> {
    let unavailable = |_| refuse(StatusCode::SERVICE_UNAVAILABLE, "try again");
    let Some(order) = app::db::orders::by_number(&state.db, number)
        .await
        .map_err(unavailable)?
    else {
        return Ok(false);
    };
    let me = app::auth::signed_in_by_headers(state, headers)
        .await
        .map_err(|_| refuse(StatusCode::SERVICE_UNAVAILABLE, "try again"))?;
    if let Some(me) = &me {
        if Some(me.user_id) == order.user_id || me.viewer.role.at_least(Role::Admin) {
            return Ok(true);
        }
    }
    if key.is_empty() || key.len() > 128 {
        return Ok(false);
    }
    let hash = app::auth::session::hash_token(key);
    app::db::orders::opens(&state.db, order.id, &hash)
        .await
        .map_err(unavailable)
}

/// What a connection following `subjects` is sent of an event (None: nothing).
fn sse_event(live: &Live, subjects: &[Subject]) -> Option<Event> {
    let (id, event) = live.as_ref();
    if !event.concerns(subjects) {
        return None;
    }
    let staff = subjects.contains(&Subject::Staff) && STAFF_KINDS.contains(&event.kind.as_str());
    let data = if staff {
        event.staff_data()?
    } else {
        event.public_data()?
    };
    Some(
        Event::default()
            .id(id.clone())
            .event(event.kind.clone())
            .data(
                serde_json::json!({
                    "id": event.id, "at": event.at, "subject": event.subject, "data": data,
                })
                .to_string(),
            ),
    )
}

async fn events(
    State(state): State<AppState>,
    Extension(hub): Extension<Arc<Hub>>,
    headers: HeaderMap,
    request: axum::extract::Request,
) -> Response {
    let Query(params) = match Query::<Params>::try_from_uri(request.uri()) {
        Ok(q) => q,
        Err(_) => return refuse(StatusCode::BAD_REQUEST, "unreadable query"),
    };
    let subjects = match parse_subjects(&params.subjects) {
        Ok(subjects) => subjects,
        Err(message) => return refuse(StatusCode::BAD_REQUEST, &message),
    };
    for subject in &subjects {
        let allowed = match subject {
            Subject::Order(number) => may_follow_order(&state, &headers, number, &params.key).await,
            Subject::Staff => is_admin(&state, &headers).await,
            Subject::Variant(_) | Subject::Product(_) => Ok(true),
        };
        match allowed {
            Ok(true) => {}
            // The same answer whether an order exists or not.
            Ok(false) => return refuse(StatusCode::FORBIDDEN, "not allowed to follow that"),
            Err(response) => return response,
        }
    }
    let client = app::auth::rate_limit::client_ip_of(
        &headers,
        request.extensions(),
        state.auth.trust_forwarded_for,
    );
    let Some(slot) = hub.admit(&client) else {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "too many live connections from this client",
        );
    };
    // Subscribed before the backlog is read, so nothing falls between the two.
    let rx = hub.subscribe();
    let resume = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .filter(|id| stream_id_parts(id).is_some())
        .map(str::to_string);
    let mut backlog: Vec<Live> = Vec::new();
    if let Some(after) = &resume {
        let stream = app::relay::stream_key(state.auth.redis_prefix);
        let mut redis = state.redis.clone();
        match app::relay::read_after(&mut redis, &stream, after, 1000, None).await {
            Ok(missed) => backlog = missed.into_iter().map(Arc::new).collect(),
            Err(error) => tracing::warn!(%error, "live updates: backlog not read"),
        }
    }
    let last = backlog
        .last()
        .map(|l| l.0.clone())
        .or(resume)
        .and_then(|id| stream_id_parts(&id));
    let feed = Feed {
        backlog: backlog.into(),
        rx,
        last,
        subjects,
        _slot: slot,
    };
    let stream = futures::stream::unfold(feed, |mut feed| async move {
        let event = feed.next().await?;
        Some((Ok::<Event, Infallible>(event), feed))
    });
    (
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))),
    )
        .into_response()
}

/// One connection's events: the backlog it missed, then the live ones, for its subjects.
struct Feed {
    backlog: std::collections::VecDeque<Live>,
    rx: tokio::sync::broadcast::Receiver<Live>,
    /// The newest stream id sent (live events at or before it were in the backlog).
    last: Option<(u64, u64)>,
    subjects: Vec<Subject>,
    _slot: crate::live::Slot,
}

impl Feed {
    async fn next(&mut self) -> Option<Event> {
        while let Some(live) = self.backlog.pop_front() {
            if let Some(event) = sse_event(&live, &self.subjects) {
                return Some(event);
            }
        }
        loop {
            match self.rx.recv().await {
                Ok(live) => {
                    let id = stream_id_parts(&live.0);
                    if self.last.is_some() && id <= self.last {
                        continue;
                    }
                    self.last = id;
                    if let Some(event) = sse_event(&live, &self.subjects) {
                        return Some(event);
                    }
                }
                // Too slow to keep up: end, and the browser reconnects with its last id.
                Err(RecvError::Lagged(_)) | Err(RecvError::Closed) => return None,
            }
        }
    }
}
