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

/// Waits for what a `Suspend` shows (a resource), unless the page it renders for has been
/// abandoned meanwhile; `match settled(resource).await { … }` instead of `resource.await`.
///
/// When a browser closes the connection while the server renders a page (a shopper leaving
/// before it arrived), Leptos tears the page's reactive tree down, yet a `<Suspense>` whose
/// resource settles afterwards can still poll its children once more (leptos 0.8.23). With the
/// tree gone every context lookup fails: the view built after the `.await` panicked the worker
/// in `expect_context` ("expected context of type SessionContext"), and awaiting a
/// `LocalResource` panicked inside leptos ("Reading from a LocalResource outside Suspense").
/// On the server this checks that the app's contexts are still reachable before and after
/// waiting, and otherwise never finishes: nobody is waiting for that page any more, and the
/// pending future is dropped with it. In the browser it is the plain `.await`.
#[cfg(feature = "ssr")]
pub async fn settled<F: std::future::IntoFuture>(resource: F) -> F::Output {
    let abandoned = || use_context::<crate::context::session::SessionContext>().is_none();
    if abandoned() {
        return std::future::pending().await;
    }
    let value = resource.await;
    if abandoned() {
        return std::future::pending().await;
    }
    value
}

/// In the browser: the plain `.await` (see the server's version).
#[cfg(not(feature = "ssr"))]
pub fn settled<F: std::future::IntoFuture>(resource: F) -> F::IntoFuture {
    resource.into_future()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use std::future::Future;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::task::{Context, Poll, Waker};

    use leptos::prelude::*;

    use super::settled;
    use crate::context::session::SessionContext;

    fn poll_once<F: Future + ?Sized>(future: std::pin::Pin<&mut F>) -> Poll<F::Output> {
        future.poll(&mut Context::from_waker(Waker::noop()))
    }

    /// A page's `Suspend` waiting through `settled` for a resource (which settles with 7); the
    /// page is torn down meanwhile when `abandoned`. What the `Suspend` sees after it settles.
    fn settle(abandoned: bool) -> Poll<u32> {
        let page = Owner::new();
        page.with(SessionContext::provide);
        let suspend = page.child();
        let ready = Arc::new(AtomicBool::new(false));
        let gate = ready.clone();
        let resource = std::future::poll_fn(move |_| match gate.load(Ordering::SeqCst) {
            true => Poll::Ready(7),
            false => Poll::Pending,
        });
        let mut waiting = Box::pin(settled(resource));
        assert!(suspend.with(|| poll_once(waiting.as_mut())).is_pending());
        if abandoned {
            // The browser left: the page's reactive tree is gone, then the resource settles.
            drop(page);
        }
        ready.store(true, Ordering::SeqCst);
        suspend.with(|| poll_once(waiting.as_mut()))
    }

    #[test]
    fn a_page_still_rendered_gets_its_value() {
        assert_eq!(settle(false), Poll::Ready(7));
    }

    #[test]
    fn a_page_abandoned_while_waiting_never_builds_its_view() {
        assert!(settle(true).is_pending());
    }

    #[test]
    fn a_local_resource_of_an_abandoned_page_is_not_read() {
        // Awaiting a `LocalResource` outside its Suspense panics inside leptos on the server.
        let orphan = Owner::new();
        orphan.with(|| {
            let resource = LocalResource::new(|| async { 7 });
            let mut waiting = Box::pin(settled(resource));
            assert!(poll_once(waiting.as_mut()).is_pending());
        });
    }
}
