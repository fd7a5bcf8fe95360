//! The header's search box. Without JavaScript it is a plain GET form to `/search`; with it,
//! after two characters it suggests as the shopper types (the corrected search, a few categories
//! and products with picture and price), as an ARIA combobox: arrow keys move through the
//! suggestions, Enter opens the one chosen (or searches), Escape closes the list.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::components::picture::Pic;
use crate::domain::catalog::Suggestions;
use crate::domain::listing::{category_path, product_path, with_query};
use crate::server_fns::catalog::suggest;

/// Typing pauses this long before suggestions are asked for.
const PAUSE: Duration = Duration::from_millis(150);
const LIST_ID: &str = "search-suggestions";

/// The search page for `text`.
fn search_href(text: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", text)
        .finish();
    with_query("/search", &query)
}

/// One suggestion: where it leads and what it shows.
#[derive(Clone, PartialEq)]
enum Choice {
    Search(String),
    Category(String, String),
    Product(crate::domain::catalog::ProductCard),
}

impl Choice {
    fn href(&self) -> String {
        match self {
            Choice::Search(text) => search_href(text),
            Choice::Category(slug, _) => category_path(slug),
            Choice::Product(card) => product_path(&card.slug),
        }
    }
}

fn choices(typed: &str, found: &Suggestions) -> Vec<Choice> {
    let search = found.corrected.clone().unwrap_or_else(|| typed.to_string());
    let mut list = vec![Choice::Search(search)];
    list.extend(
        found
            .categories
            .iter()
            .map(|c| Choice::Category(c.slug.clone(), c.name.clone())),
    );
    list.extend(found.products.iter().cloned().map(Choice::Product));
    list
}

/// Everything the box keeps, in one signal (one signal type is less code in the bundle than
/// several).
#[derive(Clone, Default, PartialEq)]
struct BoxState {
    /// What the box holds, trimmed.
    typed: String,
    /// The suggestions and the text they are for.
    found: Option<(String, Suggestions)>,
    open: bool,
    active: Option<usize>,
}

impl BoxState {
    /// The suggestions on show: none while closed or while those for the text are awaited.
    fn list(&self) -> Vec<Choice> {
        match &self.found {
            Some((text, found)) if self.open && *text == self.typed => choices(text, found),
            _ => Vec::new(),
        }
    }

    fn close(&mut self) {
        self.open = false;
        self.active = None;
    }
}

#[component]
pub fn SearchBox() -> impl IntoView {
    let location = use_location();
    let current = move || location.query.with(|q| q.get("q").unwrap_or_default());
    let state = RwSignal::new(BoxState::default());
    let list = move || state.with(BoxState::list);
    let shown = move || !list().is_empty();
    let navigate = use_navigate();
    let go = move |href: String| {
        state.update(BoxState::close);
        navigate(&href, Default::default());
    };
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev).trim().to_string();
        let long_enough = text.chars().count() >= 2;
        state.update(|s| {
            s.typed = text.clone();
            s.active = None;
            s.open = long_enough;
        });
        if !long_enough {
            return;
        }
        set_timeout(
            move || {
                // Superseded by more typing.
                if state.with_untracked(|s| s.typed != text) {
                    return;
                }
                leptos::task::spawn_local(async move {
                    if let Ok(suggestions) = suggest(text.clone()).await {
                        // An answer that comes back after more typing is stale: the newer
                        // request's answer is on its way.
                        state.update(|s| {
                            if s.typed == text {
                                s.found = Some((text, suggestions));
                            }
                        });
                    }
                });
            },
            PAUSE,
        );
    };
    let on_key = {
        let go = go.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let list = state.with_untracked(BoxState::list);
            let count = list.len();
            match ev.key().as_str() {
                "ArrowDown" | "ArrowUp" if count > 0 => {
                    ev.prevent_default();
                    let down = ev.key() == "ArrowDown";
                    state.update(|s| {
                        s.active = match (s.active, down) {
                            (None, true) => Some(0),
                            (None, false) => Some(count - 1),
                            (Some(i), true) => Some((i + 1) % count),
                            (Some(i), false) => Some((i + count - 1) % count),
                        }
                    });
                }
                "Enter" => {
                    let chosen = state
                        .with_untracked(|s| s.active)
                        .and_then(|i| list.get(i).map(Choice::href));
                    if let Some(href) = chosen {
                        ev.prevent_default();
                        go(href);
                    }
                }
                "Escape" if state.with_untracked(|s| s.open) => {
                    ev.prevent_default();
                    state.update(BoxState::close);
                }
                _ => {}
            }
        }
    };
    let option_id = |i: usize| format!("suggestion-{i}");
    view! {
        <form action="/search" method="get" role="search" on:submit=move |_| state.update(BoxState::close) class="relative order-last flex w-full min-w-0 items-center sm:order-none sm:w-auto sm:flex-1">
            <label for="site-search" class="sr-only">"Search products"</label>
            <input
                id="site-search"
                name="q"
                type="search"
                maxlength="200"
                placeholder="Search products"
                autocomplete="off"
                role="combobox"
                aria-autocomplete="list"
                aria-controls=LIST_ID
                aria-expanded=move || shown().to_string()
                aria-activedescendant=move || state.with(|s| s.active).filter(|_| shown()).map(option_id)
                value=current
                on:input=on_input
                on:keydown=on_key
                on:focus=move |_| state.update(|s| s.open = s.typed.chars().count() >= 2)
                on:blur=move |_| state.update(BoxState::close)
                class="focus-ring min-w-0 flex-1 rounded-l-lg border border-slate-300 bg-white px-3 py-2 text-base"
            />
            <button type="submit" class="focus-ring rounded-r-lg border border-l-0 border-indigo-700 bg-indigo-700 px-3 py-2 font-semibold text-white hover:bg-indigo-800">
                "Search"
            </button>
            // Pressing on a suggestion must not blur the box first (which would close the list).
            <ul id=LIST_ID role="listbox" aria-label="Suggestions" hidden=move || !shown()
                on:mousedown=|ev| ev.prevent_default()
                class="absolute left-0 right-0 top-full z-40 mt-1 max-h-[70vh] overflow-y-auto rounded-lg border border-slate-200 bg-white py-1 shadow-lg">
                {move || list().into_iter().enumerate().map(|(i, choice)| {
                    let href = choice.href();
                    let go = go.clone();
                    let is_active = move || state.with(|s| s.active == Some(i));
                    view! {
                        <li id=option_id(i) role="option" aria-selected=move || is_active().to_string()
                            class="flex cursor-pointer items-center gap-3 px-3 py-2 text-sm aria-selected:bg-indigo-50 hover:bg-slate-100"
                            on:click=move |_| go(href.clone())>
                            {match choice {
                                Choice::Search(text) => view! {
                                    <span aria-hidden="true" class="w-10 text-center text-slate-500">"⌕"</span>
                                    <span>"Search for " <strong>{text}</strong></span>
                                }.into_any(),
                                Choice::Category(_, name) => view! {
                                    <span class="w-10 text-center text-xs font-semibold uppercase text-slate-500">"In"</span>
                                    <span class="font-medium">{name}</span>
                                }.into_any(),
                                Choice::Product(card) => view! {
                                    <span class="block h-10 w-10 shrink-0 overflow-hidden rounded bg-slate-100">
                                        {card.image.clone().map(|picture| view! { <Pic picture slot_px=40 sizes="40px" decorative=true class="h-10 w-10 object-contain" /> })}
                                    </span>
                                    <span class="min-w-0 flex-1 truncate">{card.name.clone()}</span>
                                    <span class="font-semibold">{if card.price_varies { format!("From {}", card.price) } else { card.price.to_string() }}</span>
                                }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </form>
    }
}
