//! The browser entry point: hydrates the server-rendered page (first loading the code of a lazy
//! route, when the page is one).

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}
