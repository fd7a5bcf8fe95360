//! The frame of every page: header (logo, search, category navigation with a drawer on small
//! screens), main content and footer. Works without JavaScript: the drawer is a popover.

use leptos::html;
use leptos::prelude::*;

use crate::components::settled;
use leptos_router::hooks::use_location;

use leptos::form::ActionForm;

use crate::components::cart::{CartButton, CartDrawer};
use crate::components::forms::message_for;
use crate::components::search_box::SearchBox;
use crate::context::session::use_session;
use crate::domain::catalog::CategoryBranch;
use crate::domain::listing::category_path;
use crate::server_fns::catalog::list_categories;
use crate::server_fns::recovery::ResendVerification;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let categories = Resource::new(|| (), |_| list_categories());
    let location = use_location();
    let chrome = Memo::new(move |_| location.pathname.with(|p| Chrome::for_path(p)));
    let header = move || {
        match chrome.get() {
        Chrome::Store => view! {
            <Announcement />
            <header class="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur print:hidden">
                <div class="mx-auto flex max-w-7xl flex-wrap items-center gap-2 px-3 py-2 sm:flex-nowrap sm:gap-4 sm:px-6">
                    <MobileMenu categories />
                    <Logo />
                    <SearchBox />
                    <AccountLink />
                    <CartButton />
                </div>
                <DesktopNav categories />
            </header>
        }.into_any(),
        // Checkout keeps only the way back: no search, menus or cart to wander off to.
        Chrome::Checkout => view! {
            <header class="border-b border-slate-200 bg-white print:hidden" data-testid="checkout-header">
                <div class="mx-auto flex max-w-5xl items-center justify-between gap-3 px-3 py-3 sm:px-6">
                    <Logo />
                    <p class="flex items-center gap-1.5 text-sm font-semibold text-emerald-800">
                        <svg aria-hidden="true" viewBox="0 0 20 20" class="h-4 w-4" fill="currentColor"><path fill-rule="evenodd" d="M10 2a4 4 0 0 0-4 4v2H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-1V6a4 4 0 0 0-4-4zm2 6V6a2 2 0 1 0-4 0v2h4z" clip-rule="evenodd" /></svg>
                        "Secure checkout"
                    </p>
                    <a href="/cart" class="link text-sm">"Back to cart"</a>
                </div>
            </header>
        }.into_any(),
        // The dashboard's pages bring their own frame (`pages::admin::shell`).
        Chrome::Dashboard => ().into_any(),
    }
    };
    view! {
        <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 btn-primary">
            "Skip to content"
        </a>
        {header}
        <VerifyBanner />
        <main id="main" class="mx-auto min-h-[60vh] max-w-7xl px-3 py-4 sm:px-6 sm:py-6">{children()}</main>
        {move || (chrome.get() != Chrome::Dashboard).then(|| view! { <Footer /> })}
        <CartDrawer />
    }
}

/// Which frame a page gets: the storefront's, checkout's minimal one, or none (the dashboard
/// draws its own).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chrome {
    Store,
    Checkout,
    Dashboard,
}

impl Chrome {
    fn for_path(path: &str) -> Self {
        if path.starts_with("/checkout") {
            Chrome::Checkout
        } else if path == "/admin" || path.starts_with("/admin/") {
            Chrome::Dashboard
        } else {
            Chrome::Store
        }
    }
}

/// The store's logo and name, linking home.
#[component]
pub(crate) fn Logo() -> impl IntoView {
    let name = crate::context::store::use_store().name;
    view! {
        <a href="/" class="focus-ring flex shrink-0 items-center gap-2 rounded-md text-lg font-extrabold tracking-tight text-slate-900">
            <img src="/favicon.svg" alt="" width="28" height="28" />
            <span>{name}</span>
        </a>
    }
}

/// "Sign in" for guests; "Account" for shoppers; and "Dashboard" too for sellers and admins.
/// Who is signed in is known only in the browser (`SessionContext`), so the page as rendered by
/// the server, shared by every visitor, carries a neutral "Account" link (which asks guests to
/// sign in); it is replaced once the browser knows.
#[component]
fn AccountLink() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    // Signing in comes back to the page it started from.
    let sign_in = move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        let here = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        let next = (here != "/").then_some(here);
        format!(
            "/account/sign-in{}",
            crate::domain::account::next_query(next.as_deref())
        )
    };
    let class = "focus-ring inline-block min-w-[4.5rem] shrink-0 rounded-md px-2 py-2 text-center text-sm font-semibold text-slate-800 hover:bg-slate-100";
    view! {
        <div class="ml-auto flex shrink-0 items-center gap-1 sm:ml-0" data-testid="account-links">
            <Suspense fallback=move || view! { <a href="/account" class=class>"Account"</a> }>
                {move || Suspend::new(async move {
                    match settled(session.viewer).await {
                        Ok(Some(viewer)) => view! {
                            {viewer.role.can_use_dashboard().then_some(view! { <a href="/admin" class=class>"Dashboard"</a> })}
                            <a href="/account" class=class aria-label="Your account">"Account"</a>
                        }.into_any(),
                        _ => view! { <a href=sign_in class=class>"Sign in"</a> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// A gentle reminder for accounts whose email is not confirmed, with "resend".
#[component]
fn VerifyBanner() -> impl IntoView {
    let session = use_session();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match settled(session.viewer).await {
                    Ok(Some(viewer)) if !viewer.email_verified => Some(view! { <ResendNotice email=viewer.email /> }),
                    _ => None,
                }
            })}
        </Suspense>
    }
}

#[component]
fn ResendNotice(email: String) -> impl IntoView {
    let resend = ServerAction::<ResendVerification>::new();
    let status = move || match resend.value().get() {
        Some(Ok(())) => Some("Sent. Check your inbox.".to_string()),
        Some(Err(e)) => Some(message_for(&e)),
        None => None,
    };
    view! {
        <aside aria-label="Email confirmation" class="border-b border-amber-200 bg-amber-50 text-sm text-amber-950" data-testid="verify-banner">
            <div class="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 sm:px-6">
                <p class="min-w-0">"Please confirm your email address: we sent a link to " <strong class="break-all">{email}</strong>"."</p>
                <ActionForm action=resend>
                    <button type="submit" class="focus-ring rounded font-semibold text-amber-950 underline underline-offset-2" disabled=move || resend.pending().get()>
                        "Resend the link"
                    </button>
                </ActionForm>
                <p role="status" aria-live="polite">{status}</p>
            </div>
        </aside>
    }
}

#[component]
fn DesktopNav(
    categories: Resource<Result<Vec<CategoryBranch>, crate::error::AppError>>,
) -> impl IntoView {
    view! {
        <nav aria-label="Categories" class="hidden border-t border-slate-100 md:block">
            <ul class="mx-auto flex max-w-7xl gap-1 overflow-x-auto px-4 py-1 text-sm sm:px-6">
                <Suspense fallback=|| view! { <li class="h-8" aria-hidden="true"></li> }>
                    {move || Suspend::new(async move {
                        settled(categories).await.unwrap_or_default().into_iter().map(|branch| view! {
                            <li>
                                <a href=category_path(&branch.slug) class="focus-ring block whitespace-nowrap rounded-md px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900">
                                    {branch.name}
                                </a>
                            </li>
                        }).collect_view()
                    })}
                </Suspense>
            </ul>
        </nav>
    }
}

/// The phone menu: a panel over the whole height of the screen, from the left, above a scrim.
/// It is an HTML popover, so it opens, closes on the scrim, the × and Escape, and gives focus
/// back to the menu button without JavaScript. With JavaScript, Tab stays inside it and a
/// navigation closes it.
#[component]
fn MobileMenu(
    categories: Resource<Result<Vec<CategoryBranch>, crate::error::AppError>>,
) -> impl IntoView {
    let panel = NodeRef::<html::Div>::new();
    let location = use_location();
    // Only on a change of page: the menu works before the app hydrates (a native popover), and a
    // menu a shopper opened meanwhile must stay open when hydration runs the effect's first time.
    Effect::watch(
        move || (location.pathname.get(), location.search.get()),
        move |_, _, _| {
            if let Some(el) = panel.get_untracked() {
                hide_popover(&el);
            }
        },
        false,
    );
    let link = "focus-ring block rounded-md py-2";
    view! {
        <button type="button" popovertarget="category-menu" aria-label="Browse categories"
            class="focus-ring flex h-10 w-10 shrink-0 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100 md:hidden">
            <svg aria-hidden="true" viewBox="0 0 24 24" class="h-6 w-6" fill="none" stroke="currentColor" stroke-width="2"><path d="M4 6h16M4 12h16M4 18h16" /></svg>
        </button>
        <div id="category-menu" popover="auto" node_ref=panel data-testid="category-menu"
            class="fixed inset-y-0 left-0 right-auto m-0 h-dvh max-h-none w-80 max-w-[85vw] overflow-y-auto border-0 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
            on:keydown=move |ev| {
                if let Some(el) = panel.get_untracked() {
                    keep_tab_inside(&el, &ev);
                }
            }
            on:click=move |ev| {
                if let Some(el) = panel.get_untracked() {
                    close_on_scrim(&el, &ev);
                }
            }>
            <nav aria-label="All categories" class="p-4">
                <div class="mb-3 flex items-center justify-between gap-2">
                    <p class="text-lg font-bold">"Categories"</p>
                    <button type="button" popovertarget="category-menu" popovertargetaction="hide" autofocus
                        class="focus-ring -mr-2 flex h-10 w-10 items-center justify-center rounded-md text-2xl leading-none text-slate-700 hover:bg-slate-100"
                        aria-label="Close the menu">"×"</button>
                </div>
                <Suspense fallback=|| view! { <p class="text-slate-600">"Loading categories…"</p> }>
                    {move || Suspend::new(async move {
                        settled(categories).await.unwrap_or_default().into_iter().map(|branch| view! {
                            <div class="mb-3">
                                <a href=category_path(&branch.slug) class=format!("{link} font-semibold text-slate-900")>{branch.name}</a>
                                <ul class="ml-3 border-l border-slate-200 pl-3">
                                    {branch.children.into_iter().map(|c| view! {
                                        <li><a href=category_path(&c.slug) class=format!("{link} text-slate-700")>{c.name}</a></li>
                                    }).collect_view()}
                                </ul>
                            </div>
                        }).collect_view()
                    })}
                </Suspense>
            </nav>
        </div>
    }
}

/// Closes an open popover (`hidePopover()`; a closed one is left alone).
fn hide_popover(_el: &leptos::web_sys::HtmlDivElement) {
    #[cfg(feature = "hydrate")]
    if _el.matches(":popover-open").unwrap_or(false) {
        let _ = _el.hide_popover();
    }
}

/// A click on the scrim (the panel's `::backdrop`, which belongs to the panel) closes it.
fn close_on_scrim(_panel: &leptos::web_sys::HtmlDivElement, _ev: &leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        let on_panel = _ev
            .target()
            .is_some_and(|t| &t == AsRef::<leptos::web_sys::EventTarget>::as_ref(_panel));
        // The panel sits at the screen's left edge: beyond its width is the scrim.
        if on_panel && _ev.client_x() > _panel.offset_width() {
            hide_popover(_panel);
        }
    }
}

/// Tab from the last focusable element of `panel` goes to its first, Shift+Tab from the first
/// to the last: focus stays in an open panel (a menu, a lightbox) until it is closed.
pub(crate) fn keep_tab_inside(
    _panel: &leptos::web_sys::HtmlElement,
    _ev: &leptos::ev::KeyboardEvent,
) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if _ev.key() != "Tab" {
            return;
        }
        let Ok(all) = _panel.query_selector_all("a[href], button, input, [tabindex='0']") else {
            return;
        };
        let at = |i: u32| {
            all.item(i)
                .and_then(|n| n.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        };
        let (Some(first), Some(last)) = (at(0), at(all.length().saturating_sub(1))) else {
            return;
        };
        let active = document().active_element();
        let is = |el: &leptos::web_sys::HtmlElement| {
            active
                .as_ref()
                .is_some_and(|a| a == el.unchecked_ref::<leptos::web_sys::Element>())
        };
        let target = match (_ev.shift_key(), is(&first), is(&last)) {
            (true, true, _) => last,
            (false, _, true) => first,
            _ => return,
        };
        _ev.prevent_default();
        let _ = target.focus();
    }
}

/// The store's announcement (free shipping, returns, warranty: from the settings) above the
/// header; none when the admin turned it off.
#[component]
fn Announcement() -> impl IntoView {
    crate::context::store::use_store().trust.announcement.map(|text| view! {
        <p class="bg-slate-900 px-3 py-1.5 text-center text-xs font-medium text-white sm:text-sm print:hidden" data-testid="announcement">{text}</p>
    })
}

#[component]
fn Footer() -> impl IntoView {
    let store = crate::context::store::use_store();
    let prices = format!(
        "Prices in {}. Shipping and tax are calculated at checkout.",
        store.currency.name()
    );
    let marks: Vec<_> = store
        .payment_methods
        .iter()
        .flat_map(|m| crate::domain::store::marks(&m.name))
        .collect();
    view! {
        <footer class="mt-12 border-t border-slate-200 bg-white print:hidden">
            <div class="mx-auto grid max-w-7xl gap-6 px-4 py-8 text-sm text-slate-700 sm:grid-cols-2 sm:px-6 lg:grid-cols-4">
                <div>
                    <p class="font-bold text-slate-900">{store.name}</p>
                    <p>"Real stock, honest prices, secure checkout."</p>
                </div>
                <nav aria-label="Shop">
                    <ul class="space-y-1">
                        <li><a class="link" href="/search">"All products"</a></li>
                        <li><a class="link" href="/search?sort=newest">"New arrivals"</a></li>
                    </ul>
                </nav>
                <nav aria-label="Help">
                    <ul class="space-y-1">
                        {crate::domain::settings::PAGES.map(|(slug, title)| view! {
                            <li><a class="link" href=format!("/help/{slug}")>{title}</a></li>
                        })}
                    </ul>
                </nav>
                <div class="space-y-2">
                    <p>{prices}</p>
                    {(!marks.is_empty()).then(|| view! {
                        <ul aria-label="Ways to pay" class="flex flex-wrap gap-1.5" data-testid="payment-marks">
                            {marks.iter().map(|(file, name)| view! {
                                <li><img src=format!("/marks/{file}.svg") alt=*name title=*name width="38" height="24" /></li>
                            }).collect_view()}
                        </ul>
                    })}
                </div>
            </div>
        </footer>
    }
}
