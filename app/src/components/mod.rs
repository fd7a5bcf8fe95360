//! Reusable view pieces shared by pages.

pub mod address;
pub mod cart;
pub mod facets;
pub mod forms;
pub mod hydration;
pub mod layout;
pub mod lightbox;
pub mod live;
pub mod local_time;
pub mod pagination;
pub mod picture;
pub mod product_card;
pub mod search_box;
pub mod skeleton;
pub mod status;

use leptos::prelude::*;

/// False while the calling component hydrates, true once its own effects run. A lazily loaded
/// page (`pages::lazy`) hydrates after the app's effects have run, so state that exists only in
/// the browser (the cart read from localStorage, who is signed in) must also wait for this, or
/// the page's first client render would not match the server's HTML.
pub fn mounted() -> Signal<bool> {
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    mounted.into()
}

/// Marks the body `data-hydrated` once the calling page has hydrated, so tests (and people) know
/// the page is live. Every route's page calls it: a lazily loaded page hydrates after the rest
/// of the app, so the app itself cannot tell.
pub fn mark_hydrated() {
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
