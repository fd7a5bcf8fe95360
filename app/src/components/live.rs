//! Live updates in the browser: an `EventSource` on `/events` for the subjects a page shows,
//! open while the component that asked lives. The server renders the page as it is; events
//! only change it after hydration (and without JavaScript nothing changes: the page works as
//! before). The browser reconnects by itself after a drop, sending the last event's id, and the
//! server sends what was missed.

use serde_json::Value;

/// Follows `subjects` (`variant:SKU`, `order:OX-…`) and calls `on_event(type, data)` for each
/// event of one of `kinds`; `key` is a guest order's private key.
pub fn follow(
    subjects: &[String],
    key: Option<&str>,
    kinds: &'static [&'static str],
    on_event: impl Fn(&str, &Value) + 'static,
) {
    if subjects.is_empty() {
        return;
    }
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("subjects", &subjects.join(","));
    if let Some(key) = key.filter(|k| !k.is_empty()) {
        query.append_pair("key", key);
    }
    let url = format!("/events?{}", query.finish());
    open(url, kinds, on_event);
}

#[cfg(feature = "hydrate")]
fn open(url: String, kinds: &'static [&'static str], on_event: impl Fn(&str, &Value) + 'static) {
    use leptos::prelude::on_cleanup;
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::JsCast;

    let Ok(source) = web_sys::EventSource::new(&url) else {
        return;
    };
    let on_event = std::rc::Rc::new(on_event);
    type Listener = Closure<dyn Fn(web_sys::MessageEvent)>;
    let listeners: Vec<Listener> = kinds
        .iter()
        .map(|kind| {
            let on_event = on_event.clone();
            let listener =
                Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                    let data = e
                        .data()
                        .as_string()
                        .and_then(|text| serde_json::from_str::<Value>(&text).ok());
                    if let Some(data) = data {
                        on_event(kind, &data["data"]);
                    }
                });
            let _ =
                source.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
            listener
        })
        .collect();
    // The body says when the stream is open (tests wait for it before changing anything).
    let opened = Closure::<dyn Fn()>::new(|| {
        if let Some(body) = leptos::prelude::document().body() {
            let _ = body.set_attribute("data-live", "open");
        }
    });
    source.set_onopen(Some(opened.as_ref().unchecked_ref()));
    // Closed (and its listeners dropped) with the component.
    let held = send_wrapper::SendWrapper::new((source, listeners, opened));
    on_cleanup(move || {
        let (source, listeners, opened) = held.take();
        source.close();
        drop((listeners, opened));
    });
}

#[cfg(not(feature = "hydrate"))]
fn open(_url: String, _kinds: &'static [&'static str], _on_event: impl Fn(&str, &Value) + 'static) {
}
