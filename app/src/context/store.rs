//! The store's public settings (`StoreFacts`) for every page: on the server from `AppState`,
//! in the browser from the `<meta name="oxcart-store">` tag the server wrote into the head, so
//! both builds render the same store name, currency and countries.

use leptos::prelude::*;

use crate::domain::store::StoreFacts;

const META_NAME: &str = "oxcart-store";

/// Provides the facts to the app (called once by `App`).
pub fn provide() {
    provide_context(load());
}

/// The facts provided by `App`.
pub fn use_store() -> StoreFacts {
    use_context::<StoreFacts>().unwrap_or_default()
}

/// The head tag carrying the facts to the browser (rendered by the server's shell).
pub fn head_tag() -> impl IntoView {
    let json = serde_json::to_string(&load()).unwrap_or_default();
    view! { <meta name=META_NAME content=json /> }
}

#[cfg(feature = "ssr")]
fn load() -> StoreFacts {
    use_context::<crate::state::AppState>()
        .map(|state| state.store_facts())
        .unwrap_or_default()
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
fn load() -> StoreFacts {
    document()
        .query_selector(&format!("meta[name={META_NAME}]"))
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
fn load() -> StoreFacts {
    StoreFacts::default()
}
