//! The dashboard's own frame around each of its pages (the storefront's header, search,
//! category bar and footer are left out on `/admin`): a sidebar on wide screens, a compact
//! "Menu" on phones (a `<details>`, so it opens without JavaScript), both listing the sections
//! the signed-in account can open, the way back to the store and to the account.
//! It also holds the page's toast (`super::toast`), which says what each action did.
//! It is part of the dashboard's lazily loaded chunks (`pages::lazy`), not of the first load.

use leptos::prelude::*;

use crate::components::settled;
use leptos_router::hooks::use_location;

use crate::components::layout::Logo;
use crate::context::session::use_session;
use crate::domain::dashboard::{section_for, SECTIONS};

#[component]
pub fn AdminShell(children: Children) -> impl IntoView {
    let location = use_location();
    let current = Memo::new(move |_| location.pathname.with(|p| section_for(p)));
    let current_label = move || {
        SECTIONS
            .iter()
            .find(|(href, _, _)| *href == current.get())
            .map_or("Overview", |(_, label, _)| *label)
    };
    let toast = super::toast::Toasts::provide();
    view! {
        <super::toast::Toast message=toast />
        <div class="lg:grid lg:grid-cols-[12rem_minmax(0,1fr)] lg:gap-8 print:block" data-testid="admin-shell">
            // On phones the menu opens in the flow of the page, pushing it down: nothing is
            // covered, and it closes with its own button or by going to a section.
            <div class="mb-4 border-b border-slate-200 pb-3 lg:hidden print:hidden">
                <div class="flex items-center gap-2">
                    <Logo />
                    <span class="truncate text-sm font-semibold text-slate-600">"Dashboard"</span>
                </div>
                <details class="mt-2" data-testid="admin-menu">
                    <summary class="focus-ring flex min-h-10 cursor-pointer list-none items-center gap-2 rounded-lg border border-slate-300 bg-white px-3 text-sm font-semibold text-slate-800 hover:bg-slate-100 [&::-webkit-details-marker]:hidden">
                        <svg aria-hidden="true" viewBox="0 0 24 24" class="h-5 w-5" fill="none" stroke="currentColor" stroke-width="2"><path d="M4 6h16M4 12h16M4 18h16" /></svg>
                        <span>"Menu"</span>
                        <span class="ml-auto truncate font-normal text-slate-600">{current_label}</span>
                    </summary>
                    <div class="mt-2">
                        <Sections current />
                    </div>
                </details>
            </div>
            <aside class="hidden lg:block print:hidden">
                <div class="sticky top-4 space-y-4">
                    <Logo />
                    <p class="text-xs font-bold uppercase tracking-wide text-slate-500">"Dashboard"</p>
                    <Sections current />
                </div>
            </aside>
            <div class="min-w-0">{children()}</div>
        </div>
    }
}

/// The sections the signed-in account can open (the current one marked), then the way out.
#[component]
fn Sections(current: Memo<&'static str>) -> impl IntoView {
    let viewer = use_session().page_viewer();
    let item = "focus-ring block rounded-lg px-3 py-2 text-sm font-semibold text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-indigo-700 aria-[current=page]:text-white";
    view! {
        <Suspense fallback=|| view! { <div class="h-40" aria-hidden="true"></div> }>
            {move || Suspend::new(async move {
                let viewer = settled(viewer).await.ok().flatten();
                let role = viewer.as_ref().map(|v| v.role).filter(|r| r.can_use_dashboard());
                let email = viewer.map(|v| v.email);
                view! {
                    {role.map(|role| view! {
                        <nav aria-label="Dashboard">
                            <ul class="space-y-0.5">
                                {SECTIONS.into_iter().filter(|(_, _, least)| role.at_least(*least)).map(|(href, label, _)| view! {
                                    <li>
                                        <a href=href class=item aria-current=move || (current.get() == href).then_some("page")>{label}</a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </nav>
                    })}
                    <ul class="mt-3 space-y-0.5 border-t border-slate-200 pt-3">
                        <li><a href="/" class=item>"View the store"</a></li>
                        <li><a href="/account" class=item>"Your account"</a></li>
                    </ul>
                    {email.map(|email| view! {
                        <p class="mt-2 px-3 text-xs text-slate-600">"Signed in as" <span class="block [overflow-wrap:anywhere]">{email}</span></p>
                    })}
                }
            })}
        </Suspense>
    }
}
