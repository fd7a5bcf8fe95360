//! A moment shown in the visitor's own time zone and language: the server renders it in UTC
//! (it does not know the zone), and once the page is interactive the browser writes it again
//! with `Intl.DateTimeFormat` ("Dec 4, 2026, 8:39 PM"). `datetime` always holds the exact UTC
//! instant.

use leptos::prelude::*;

use crate::domain::order_view::iso_utc;

/// `unix`: the moment, Unix seconds; `utc`: how the server writes it ("2026-12-04 20:39 UTC").
#[component]
pub fn LocalTime(unix: i64, utc: String) -> impl IntoView {
    let text = RwSignal::new(utc);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(local) = local_text(unix) {
            text.set(local);
        }
    });
    view! { <time datetime=iso_utc(unix)>{move || text.get()}</time> }
}

/// The moment in the browser's zone and language, or None if the browser cannot say.
#[cfg(feature = "hydrate")]
fn local_text(unix: i64) -> Option<String> {
    use js_sys::{Array, Date, Intl, Object, Reflect};
    use leptos::wasm_bindgen::JsValue;
    let options = Object::new();
    Reflect::set(&options, &"dateStyle".into(), &"medium".into()).ok()?;
    Reflect::set(&options, &"timeStyle".into(), &"short".into()).ok()?;
    let format = Intl::DateTimeFormat::new(&Array::new(), &options);
    let date = Date::new(&JsValue::from_f64(unix as f64 * 1000.0));
    format.format().call1(&format, &date).ok()?.as_string()
}
