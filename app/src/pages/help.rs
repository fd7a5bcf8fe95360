//! `/help/{slug}`: the footer's pages (Shipping, Returns, Warranty, Contact, Privacy, Terms),
//! written by the store's admins in the dashboard. Text only: headings, paragraphs and lists.

use leptos::prelude::*;

use crate::components::settled;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::ErrorPage;
use crate::domain::settings::{blocks, Block, PAGES};
use crate::server_fns::settings::get_help_page;

#[component]
pub fn HelpPage() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(
        move || params.with(|p| p.get("slug").unwrap_or_default()),
        get_help_page,
    );
    let here = move || params.with(|p| p.get("slug").unwrap_or_default());
    view! {
        <div class="mx-auto grid max-w-5xl gap-6 md:grid-cols-[12rem_1fr]">
            <nav aria-label="Help pages" class="order-last md:order-none">
                <ul class="flex flex-wrap gap-1 md:flex-col">
                    {PAGES.map(|(slug, title)| view! {
                        <li>
                            <a href=format!("/help/{slug}") aria-current=move || (here() == slug).then_some("page")
                                class="focus-ring block rounded-lg px-3 py-1.5 text-sm font-semibold text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-slate-900 aria-[current=page]:text-white">
                                {title}
                            </a>
                        </li>
                    })}
                </ul>
            </nav>
            <Suspense fallback=|| view! { <p role="status" class="text-slate-600">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match settled(page).await {
                        Ok(page) => view! {
                            <Title text=page.title.clone() />
                            <article class="card space-y-3 p-5 sm:p-8" data-testid="help-page">
                                <h1 class="text-2xl font-extrabold tracking-tight">{page.title}</h1>
                                {blocks(&page.body).into_iter().map(|block| match block {
                                    Block::Heading(text) => view! { <h2 class="pt-2 text-lg font-bold">{text}</h2> }.into_any(),
                                    Block::Paragraph(text) => view! { <p class="leading-relaxed text-slate-800">{text}</p> }.into_any(),
                                    Block::List(items) => view! {
                                        <ul class="list-disc space-y-1 pl-6 text-slate-800">
                                            {items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}
                                        </ul>
                                    }.into_any(),
                                }).collect_view()}
                            </article>
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
