//! A short confirmation of what an action did ("Marked shipped · customer emailed"), at the
//! bottom of the screen: announced to screen readers, gone after a few seconds or on ×.

use leptos::prelude::*;

#[component]
pub fn Toast(message: Signal<Option<String>>) -> impl IntoView {
    let shown = RwSignal::new(None::<String>);
    // Each new message restarts the timer; an older message's timer leaves a newer one alone.
    let shown_at = StoredValue::new(0_u64);
    Effect::new(move |_| {
        let Some(text) = message.get() else { return };
        let stamp = shown_at.get_value() + 1;
        shown_at.set_value(stamp);
        shown.set(Some(text));
        #[cfg(feature = "hydrate")]
        set_timeout(
            move || {
                if shown_at.get_value() == stamp {
                    shown.set(None);
                }
            },
            std::time::Duration::from_secs(6),
        );
    });
    view! {
        <div role="status" aria-live="polite" class="pointer-events-none fixed inset-x-0 bottom-4 z-40 flex justify-center px-3 print:hidden">
            {move || shown.get().map(|text| view! {
                <p class="pointer-events-auto flex max-w-md items-center gap-3 rounded-lg bg-slate-900 px-4 py-3 text-sm font-semibold text-white shadow-lg" data-testid="toast">
                    <span>{text}</span>
                    <button type="button" aria-label="Dismiss" class="focus-ring rounded px-1 text-lg leading-none text-slate-300 hover:text-white" on:click=move |_| shown.set(None)>"×"</button>
                </p>
            })}
        </div>
    }
}

/// The toast of the dashboard page on screen, provided by its frame (`AdminShell`).
#[derive(Clone, Copy)]
pub struct Toasts(RwSignal<Option<String>>);

impl Toasts {
    /// Provides the page's toasts and returns what its `Toast` shows.
    pub fn provide() -> Signal<Option<String>> {
        let message = RwSignal::new(None);
        provide_context(Toasts(message));
        message.into()
    }

    /// The page's toasts (none outside the dashboard: then saying does nothing).
    pub fn get() -> Option<Toasts> {
        use_context::<Toasts>()
    }

    /// Shows `text` (again, if it is the same as the last).
    pub fn say(self, text: impl Into<String>) {
        self.0.set(Some(text.into()));
    }
}

/// Says `text(value)` in the page's toast each time `answer` turns out a success.
pub fn toast_on_success<T: Clone + Send + Sync + 'static>(
    answer: crate::components::forms::Answer<T>,
    text: impl Fn(&T) -> String + Send + Sync + 'static,
) {
    let toasts = Toasts::get();
    Effect::new(move |_| {
        if let (Some(toasts), Some(Ok(value))) = (toasts, answer.get()) {
            toasts.say(text(&value));
        }
    });
}
