//! `SessionContext`: who is signed in, loaded once and refreshed after sign-in or sign-out.

use leptos::prelude::*;

use crate::domain::account::Viewer;
use crate::error::AppError;
use crate::server_fns::account::get_viewer;

#[derive(Clone, Copy)]
pub struct SessionContext {
    pub viewer: Resource<Result<Option<Viewer>, AppError>>,
    version: RwSignal<u32>,
}

impl SessionContext {
    /// Creates the context and provides it to the app.
    pub fn provide() -> SessionContext {
        let version = RwSignal::new(0);
        let viewer = Resource::new(move || version.get(), |_| get_viewer());
        let context = SessionContext { viewer, version };
        provide_context(context);
        context
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
