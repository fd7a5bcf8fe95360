//! `SessionContext`: who is signed in, refreshed after sign-in or sign-out.
//!
//! The shell's copy (`viewer`: header links, the confirmation banner, the cart) is loaded in the
//! browser only, after hydration. Leptos writes every resource created during server rendering
//! into the page, so a viewer loaded on the server would put the shopper's name and email into
//! every catalog page; without it, a catalog page is the same HTML for every visitor and can be
//! shared (the page cache, a CDN). Private pages (account, dashboard) take their own copy with
//! [`SessionContext::page_viewer`], which is rendered on the server too, so they work without
//! JavaScript.

use leptos::prelude::*;

use crate::domain::account::Viewer;
use crate::error::AppError;
use crate::server_fns::account::get_viewer;

pub type ViewerResult = Result<Option<Viewer>, AppError>;

#[derive(Clone, Copy)]
pub struct SessionContext {
    /// Who is signed in, as the browser knows it (pending on the server).
    pub viewer: LocalResource<ViewerResult>,
    version: RwSignal<u32>,
}

impl SessionContext {
    /// Creates the context and provides it to the app.
    pub fn provide() -> SessionContext {
        let version = RwSignal::new(0);
        let viewer = LocalResource::new(move || {
            version.track();
            get_viewer()
        });
        let context = SessionContext { viewer, version };
        provide_context(context);
        context
    }

    /// A private page's own view of who is signed in, loaded during server rendering too (and
    /// then written into that page only). Follows [`SessionContext::refresh`].
    pub fn page_viewer(&self) -> Resource<ViewerResult> {
        let version = self.version;
        Resource::new(move || version.get(), |_| get_viewer())
    }

    /// Loads the viewer again (after signing in or out).
    pub fn refresh(&self) {
        self.version.update(|v| *v += 1);
    }
}

/// The session context provided by `App`.
pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}
