//! Loading placeholders shown while data arrives after a navigation.

use leptos::prelude::*;

/// A grid of grey product-card shapes.
#[component]
pub fn GridSkeleton(#[prop(default = 8)] count: usize) -> impl IntoView {
    view! {
        <div role="status" aria-live="polite" class="animate-pulse">
            <span class="sr-only">"Loading products…"</span>
            <div class="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4" aria-hidden="true">
                {(0..count).map(|_| view! {
                    <div class="card overflow-hidden">
                        <div class="aspect-square bg-slate-200"></div>
                        <div class="space-y-2 p-3">
                            <div class="h-3 w-1/3 rounded bg-slate-200"></div>
                            <div class="h-4 w-5/6 rounded bg-slate-200"></div>
                            <div class="h-4 w-1/2 rounded bg-slate-200"></div>
                        </div>
                    </div>
                }).collect_view()}
            </div>
        </div>
    }
}

/// The shape of a product page.
#[component]
pub fn ProductSkeleton() -> impl IntoView {
    view! {
        <div role="status" aria-live="polite" class="animate-pulse">
            <span class="sr-only">"Loading product…"</span>
            <div class="grid gap-6 md:grid-cols-2" aria-hidden="true">
                <div class="aspect-square rounded-xl bg-slate-200"></div>
                <div class="space-y-3">
                    <div class="h-4 w-1/4 rounded bg-slate-200"></div>
                    <div class="h-8 w-3/4 rounded bg-slate-200"></div>
                    <div class="h-6 w-1/3 rounded bg-slate-200"></div>
                    <div class="h-24 rounded bg-slate-200"></div>
                </div>
            </div>
        </div>
    }
}
