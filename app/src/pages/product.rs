//! The product page: gallery, variant picker, stock, specs, breadcrumbs and related products.
//! The chosen variant and picture are URL parameters (`?variant=SKU&image=2`), so both work
//! without JavaScript and links to a specific variant can be shared.

use leptos::prelude::*;

use crate::components::settled;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{ErrorPage, PageMeta};
use crate::components::lightbox::{Lightbox, LIGHTBOX};
use crate::components::picture::Pic;
use crate::components::product_card::ProductShelf;
use crate::components::skeleton::ProductSkeleton;
use crate::components::status::{Breadcrumbs, PriceTag, StockBadge};
use crate::domain::catalog::{
    choose_image, choose_variant, ProductDetail, StockStatus, VariantView,
};
use crate::domain::listing::{meta_description, product_json_ld};
use crate::domain::picture::Picture;
use crate::error::AppError;
use crate::server_fns::catalog::get_product;
use crate::server_fns::stock_alerts::request_stock_alert;

#[component]
pub fn ProductPage() -> impl IntoView {
    crate::components::mark_hydrated();
    let params = use_params_map();
    let product = Resource::new(
        move || params.with(|p| p.get("slug").unwrap_or_default()),
        get_product,
    );
    view! {
        <Suspense fallback=|| view! { <ProductSkeleton /> }>
            {move || Suspend::new(async move {
                match settled(product).await {
                    Ok(detail) => view! { <ProductView detail /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A link to this page with other `variant` / `image` parameters.
fn page_link(variant: Option<&str>, image: Option<usize>) -> String {
    let mut qs = form_urlencoded::Serializer::new(String::new());
    if let Some(v) = variant {
        qs.append_pair("variant", v);
    }
    if let Some(i) = image {
        qs.append_pair("image", &i.to_string());
    }
    format!("?{}", qs.finish())
}

#[component]
fn ProductView(detail: ProductDetail) -> impl IntoView {
    let query = use_query_map();
    let p = detail.product.clone();
    let json_ld = product_json_ld(&detail, None);
    let first_image = p
        .images
        .first()
        .map(|i| format!("{}{}", detail.site_url, i.url));
    let variants = StoredValue::new(p.variants.clone());
    let requested = move || query.with(|q| q.get("variant"));
    // Availability as it changes while the page is open (sold out elsewhere, restocked).
    let live_stock = RwSignal::new(std::collections::HashMap::<String, StockStatus>::new());
    let subjects: Vec<String> = p
        .variants
        .iter()
        .map(|v| format!("variant:{}", v.sku))
        .collect();
    crate::components::live::follow(&subjects, None, &["stock.changed"], move |_, data| {
        let sku = data["sku"].as_str().map(str::to_string);
        let stock = serde_json::from_value::<StockStatus>(data["stock"].clone()).ok();
        if let (Some(sku), Some(stock)) = (sku, stock) {
            live_stock.update(|m| {
                m.insert(sku, stock);
            });
        }
    });
    let selected = Memo::new(move |_| {
        let mut chosen =
            variants.with_value(|vs| choose_variant(vs, requested().as_deref()).cloned());
        if let Some(v) = chosen.as_mut() {
            if let Some(stock) = live_stock.with(|m| m.get(&v.sku).copied()) {
                v.stock = stock;
            }
        }
        chosen
    });
    view! {
        <PageMeta title=p.name.clone() description=meta_description(&p.description) canonical=detail.canonical.clone() og_type="product" image=first_image.unwrap_or_default() />
        <script type="application/ld+json" inner_html=json_ld></script>
        <Breadcrumbs trail=detail.breadcrumbs.clone() current=p.name.clone() />
        <AlertNote />
        <div class="grid gap-6 md:grid-cols-2 md:gap-10">
            <Gallery images=p.images.clone() name=p.name.clone() selected_sku=Signal::derive(move || selected.get().map(|v| v.sku)) />
            <div>
                <p class="text-sm font-semibold uppercase tracking-wide text-slate-600">{p.brand.clone()}</p>
                <h1 class="mt-1 text-2xl font-extrabold tracking-tight sm:text-3xl">{p.name.clone()}</h1>
                {move || selected.get().map(|v| view! { <SelectedVariant variant=v /> })}
                <VariantPicker variants=p.variants.clone() selected=Signal::derive(move || selected.get().map(|v| v.sku)) />
                <AddToCart selected=Signal::derive(move || selected.get()) name=p.name.clone() />
                <BackInStock selected=Signal::derive(move || selected.get()) />
                <Promises delivery=detail.delivery.clone() />
                <Share name=p.name.clone() url=detail.canonical.clone() />
            </div>
        </div>
        // The description and the specifications side by side on wide screens.
        <div class="mt-8 grid gap-8 md:grid-cols-2 md:gap-10">
            <section aria-labelledby="about-heading">
                <h2 id="about-heading" class="mb-2 text-lg font-bold">"About this product"</h2>
                <p class="text-slate-700">{p.description.clone()}</p>
            </section>
            <Specs specs=p.specs.clone() />
        </div>
        {(!detail.related.is_empty()).then(|| view! { <ProductShelf title="Related products" products=detail.related.clone() /> })}
    }
}

#[component]
fn SelectedVariant(variant: VariantView) -> impl IntoView {
    view! {
        <div class="mt-3 space-y-2" aria-live="polite">
            <PriceTag price=variant.price compare_at=variant.compare_at large=true />
            <div class="flex flex-wrap items-center gap-3 text-sm">
                <StockBadge stock=variant.stock />
                <span class="text-slate-600">"SKU: " <span data-testid="sku" class="font-mono">{variant.sku.clone()}</span></span>
            </div>
        </div>
    }
}

#[component]
fn VariantPicker(variants: Vec<VariantView>, selected: Signal<Option<String>>) -> impl IntoView {
    if variants.len() < 2 {
        return ().into_any();
    }
    let axis = variants[0]
        .options
        .first()
        .map(|(k, _)| k.clone())
        .unwrap_or_else(|| "Option".into());
    view! {
        <fieldset class="mt-5">
            <legend class="mb-2 text-sm font-bold">{axis}</legend>
            <ul class="flex flex-wrap gap-2">
                {variants.into_iter().map(|v| {
                    let sku = v.sku.clone();
                    let is_on = Memo::new(move |_| selected.get().as_deref() == Some(sku.as_str()));
                    let class = move || if is_on.get() {
                        "focus-ring block rounded-lg border-2 border-indigo-700 bg-indigo-50 px-3 py-2 text-sm font-semibold text-indigo-900"
                    } else {
                        "focus-ring block rounded-lg border-2 border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:border-slate-500"
                    };
                    // Each choice with its price, so they compare without clicking through.
                    let note = if v.stock.is_available() {
                        v.price.to_string()
                    } else {
                        format!("{}, sold out", v.price)
                    };
                    view! {
                        <li>
                            <a href=page_link(Some(&v.sku), None) class=class aria-current=move || is_on.get().then_some("true") data-sku=v.sku.clone()>
                                {v.label()}
                                <span class="ml-1.5 text-xs font-normal text-slate-600">{note}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </fieldset>
    }
    .into_any()
}

/// The picture chosen (`?image=`), thumbnails to choose another, and the lightbox it opens.
#[component]
fn Gallery(
    images: Vec<Picture>,
    name: String,
    selected_sku: Signal<Option<String>>,
) -> impl IntoView {
    let query = use_query_map();
    let count = images.len();
    let all = images.clone();
    let images = StoredValue::new(images);
    let current =
        Memo::new(move |_| choose_image(count, query.with(|q| q.get("image")).as_deref()));
    let main = move || images.with_value(|imgs| imgs.get(current.get()).cloned());
    view! {
        <div>
            <div class="card relative aspect-square overflow-hidden">
                {move || main().map(|img| view! {
                    <button type="button" popovertarget=LIGHTBOX class="focus-ring group block h-full w-full cursor-zoom-in"
                        aria-label=move || format!("Enlarge picture {} of {count}", current.get() + 1) data-testid="enlarge">
                        <Pic picture=img slot_px=640 sizes="(min-width: 1280px) 596px, (min-width: 768px) 50vw, 100vw" priority=true class="h-full w-full object-cover" testid="main-image" />
                        <span aria-hidden="true" class="absolute bottom-2 right-2 flex h-9 w-9 items-center justify-center rounded-full bg-white/90 text-slate-800 shadow group-hover:bg-white">
                            <svg viewBox="0 0 24 24" class="h-5 w-5" fill="none" stroke="currentColor" stroke-width="2"><path d="M15 3h6v6M9 21H3v-6M21 3l-7 7M3 21l7-7" /></svg>
                        </span>
                    </button>
                })}
            </div>
            {(count > 1).then(|| view! {
                <ul class="mt-3 flex gap-2" aria-label="Product pictures">
                    {images.get_value().into_iter().enumerate().map(|(i, img)| {
                        let on = move || current.get() == i;
                        view! {
                            <li>
                                <a href=move || page_link(selected_sku.get().as_deref(), Some(i + 1))
                                   aria-current=move || on().then_some("true")
                                   aria-label=format!("Show picture {} of {count}", i + 1)
                                   class=move || if on() { "focus-ring block h-16 w-16 overflow-hidden rounded-lg border-2 border-indigo-700" } else { "focus-ring block h-16 w-16 overflow-hidden rounded-lg border-2 border-transparent opacity-80 hover:opacity-100" }>
                                    <Pic picture=img slot_px=64 sizes="64px" decorative=true class="h-full w-full object-cover" />
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {(count > 0).then(|| view! { <Lightbox images=all name start=current /> })}
        </div>
    }
}

/// Delivery, returns and warranty beside "Add to cart", each linking to its page.
#[component]
fn Promises(delivery: Option<crate::domain::delivery::DeliveryPromise>) -> impl IntoView {
    let trust = crate::context::store::use_store().trust;
    let row = |href: &'static str, title: String, detail: Option<String>| {
        view! {
            <li>
                <a href=href class="focus-ring block rounded px-1 hover:bg-slate-50">
                    <span class="font-semibold text-slate-900">{title}</span>
                    {detail.map(|d| view! { <span class="block text-slate-700">{d}</span> })}
                </a>
            </li>
        }
    };
    view! {
        <ul class="mt-5 space-y-2 rounded-lg border border-slate-200 p-3 text-sm" data-testid="promises">
            {delivery.map(|d| row("/help/shipping", d.ships, Some(format!("Arrives {} with standard shipping", d.arrives))))}
            {trust.returns.map(|r| row("/help/returns", r, Some("Free returns on unused items".into())))}
            {trust.warranty.map(|w| row("/help/warranty", w, Some("Repair, replacement or refund".into())))}
        </ul>
    }
}

/// "Share": the product's link to copy (a button copies it with JavaScript) or email.
#[component]
fn Share(name: String, url: String) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let mail = format!(
        "mailto:?subject={}&body={}",
        mailto_param(&name),
        mailto_param(&url)
    );
    let copy = {
        let url = url.clone();
        move |_| {
            #[cfg(feature = "hydrate")]
            {
                let promise =
                    leptos::web_sys::window().map(|w| w.navigator().clipboard().write_text(&url));
                leptos::task::spawn_local(async move {
                    let done = match promise {
                        Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
                        None => false,
                    };
                    copied.set(Some(done));
                });
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (&url, copied);
        }
    };
    view! {
        <details class="mt-3 text-sm">
            <summary class="focus-ring w-fit cursor-pointer rounded font-semibold text-slate-800">"Share"</summary>
            <div class="mt-2 space-y-2">
                <label for="share-link" class="block text-slate-700">"Link to this product"</label>
                <div class="flex gap-2">
                    <input id="share-link" readonly value=url class="focus-ring min-w-0 flex-1 rounded-lg border border-slate-300 bg-slate-50 px-2 py-1.5" />
                    <button type="button" class="btn-secondary js-only" on:click=copy>"Copy"</button>
                </div>
                <p role="status" class="min-h-5 text-slate-700">
                    {move || copied.get().map(|ok| if ok { "Link copied." } else { "Copying failed: select the link and copy it." })}
                </p>
                <a class="link" href=mail>"Email this product"</a>
            </div>
        </details>
    }
}

/// Percent-encodes text for a `mailto:` parameter.
fn mailto_param(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

#[component]
fn Specs(specs: Vec<(String, String)>) -> impl IntoView {
    (!specs.is_empty()).then(|| view! {
        <section aria-labelledby="specs-heading">
            <h2 id="specs-heading" class="mb-2 text-lg font-bold">"Specifications"</h2>
            <table class="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
                <tbody>
                    {specs.into_iter().map(|(k, v)| view! {
                        <tr class="border-b border-slate-100 last:border-0">
                            <th scope="row" class="w-2/5 bg-slate-50 px-3 py-2 text-left font-medium text-slate-700">{k}</th>
                            <td class="px-3 py-2">{v}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    })
}

/// Quantity and "Add to cart" for the chosen variant. Needs JavaScript (the cart lives in the
/// browser or, signed in, behind the cart functions); without it the button says so.
#[component]
fn AddToCart(selected: Signal<Option<VariantView>>, name: String) -> impl IntoView {
    let cart = crate::context::cart::use_cart();
    let quantity = RwSignal::new(1_u32);
    let choices = crate::context::store::use_store().quantity_choices();
    let available = move || selected.with(|v| v.as_ref().is_some_and(|v| v.stock.is_available()));
    // "Only 3 left" offers 1 to 3; a sold-out variant none (the list is disabled).
    let most = move || match selected.with(|v| v.as_ref().map(|v| v.stock)) {
        Some(StockStatus::Low(n)) => n.min(*choices.end()),
        Some(StockStatus::OutOfStock) | None => 1,
        Some(StockStatus::InStock) => *choices.end(),
    };
    let add = move |_| {
        if let Some(v) = selected.get_untracked() {
            cart.add(v.sku, quantity.get_untracked());
        }
    };
    let label = move || {
        if available() {
            "Add to cart"
        } else {
            "Sold out"
        }
    };
    let disabled = move || !cart.ready.get() || !available() || cart.busy.get();
    view! {
        <div class="product-buy mt-5 flex flex-wrap items-end gap-3">
            <div>
                <label for="add-quantity" class="block text-sm font-semibold">"Quantity"</label>
                <select id="add-quantity" class="focus-ring mt-1 rounded-lg border border-slate-300 bg-white px-3 py-2.5 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500"
                    disabled=move || !available()
                    on:change=move |ev| quantity.set(event_target_value(&ev).parse().unwrap_or(1))>
                    {move || {
                        let most = most();
                        // A choice no longer offered (another variant) falls back to 1.
                        if quantity.get_untracked() > most {
                            quantity.set(1);
                        }
                        (1..=most).map(|n| view! { <option value=n selected=move || quantity.get() == n>{n}</option> }).collect_view()
                    }}
                </select>
            </div>
            <button type="button" data-testid="add-to-cart"
                class="btn-primary flex-1 px-6 py-3 disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-700 sm:flex-none"
                disabled=disabled
                on:click=add>
                {label}
            </button>
        </div>
        <p class="no-js-only mt-1 text-sm text-slate-600">"Adding to the cart needs JavaScript."</p>
        // On phones, once the button above has scrolled away, the same button in a bar at the
        // bottom of the screen (shown by a scroll-driven animation: `.buy-bar` in the stylesheet).
        <div class="buy-bar" role="group" aria-label="Add to cart" data-testid="buy-bar">
            <div class="min-w-0 flex-1">
                <p class="truncate text-sm font-semibold">{name}</p>
                <p class="text-sm text-slate-700">{move || selected.with(|v| v.as_ref().map(|v| v.price.to_string()))}</p>
            </div>
            <button type="button" class="btn-primary disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-700"
                disabled=disabled on:click=add>{label}</button>
        </div>
    }
}

/// "Email me when it's back", under a sold-out variant: one email when it can be bought again.
/// Without JavaScript the request comes back to this page with `alert=` (`AlertNote`).
#[component]
fn BackInStock(selected: Signal<Option<VariantView>>) -> impl IntoView {
    let sold_out_sku = Memo::new(move |_| {
        selected.with(|v| {
            v.as_ref()
                .filter(|v| !v.stock.is_available())
                .map(|v| v.sku.clone())
        })
    });
    move || {
        let sku = sold_out_sku.get()?;
        Some(back_in_stock_form(sku))
    }
}

/// A plain form (it posts without JavaScript) that a small handler sends when the app runs.
fn back_in_stock_form(sku: String) -> AnyView {
    // Signals and a task rather than an `Action`: less code shared with the lazily loaded pages,
    // which would otherwise move into the storefront's first bundle.
    let answer =
        RwSignal::new(None::<Result<crate::server_fns::stock_alerts::AlertRequested, AppError>>);
    let pending = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let done = move || match answer.get() {
        Some(Ok(done)) => Some(done.outcome.message(&done.email)),
        _ => None,
    };
    let error = move || match answer.get() {
        Some(Err(AppError::Invalid { message, .. })) => Some(message),
        Some(Err(other)) => Some(crate::components::forms::message_for(&other)),
        _ => None,
    };
    let for_request = sku.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(email) = input.get_untracked().map(|i| i.value()) else {
            return;
        };
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let sku = for_request.clone();
        leptos::task::spawn_local(async move {
            let result = request_stock_alert(sku, email).await;
            answer.set(Some(result));
            pending.set(false);
        });
    };
    // Set once the form is live (tests wait for it before submitting).
    let mounted = crate::components::mounted();
    view! {
        <section id="back-in-stock" class="mt-4 rounded-xl border border-slate-200 bg-white p-4" aria-labelledby="back-in-stock-heading">
            <h2 id="back-in-stock-heading" class="font-bold">"Email me when it's back"</h2>
            <div aria-live="polite">
                {move || done().map(|message| view! {
                    <p role="status" data-testid="alert-status" class="mt-2 rounded-lg bg-emerald-50 p-3 text-sm text-emerald-900">{message}</p>
                })}
            </div>
            <form method="post" action="/api/alerts/subscribe" on:submit=submit
                data-ready=move || mounted.get().to_string()
                class="mt-1 space-y-1" class:hidden=move || done().is_some()>
                <p class="text-sm text-slate-600">"We'll send one email when it's back in stock, then forget the request. No account needed."</p>
                <input type="hidden" name="sku" value=sku />
                <label for="alert-email" class="block pt-2 text-sm font-semibold">"Email"</label>
                <input id="alert-email" node_ref=input name="email" type="email" autocomplete="email" required maxlength="254"
                    aria-describedby="alert-email-error" aria-invalid=move || error().is_some().to_string()
                    class="focus-ring w-full rounded-lg border border-slate-300 px-3 py-2 aria-[invalid=true]:border-rose-600" />
                <p id="alert-email-error" class="min-h-5 text-sm text-rose-700" role="alert">{error}</p>
                <button type="submit" class="btn-secondary w-full sm:w-auto" disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                    {move || if pending.get() { "Saving…" } else { "Notify me" }}
                </button>
            </form>
        </section>
    }
    .into_any()
}

/// What a back-in-stock form posted without JavaScript (or an alert's emailed link) did,
/// from the `alert` code the page was sent back with.
#[component]
fn AlertNote() -> impl IntoView {
    alert_note()
}

fn alert_note() -> Option<AnyView> {
    use crate::domain::stock_alerts::{is_refusal, redirect_note};
    let code = use_query_map().with_untracked(|q| q.get("alert"))?;
    let note = redirect_note(&code)?;
    let (role, class) = if is_refusal(&code) {
        ("alert", "bg-rose-50 text-rose-800")
    } else {
        ("status", "bg-emerald-50 text-emerald-900")
    };
    Some(view! { <p role=role data-testid="alert-note" class=format!("mb-4 rounded-lg p-3 text-sm {class}")>{note}</p> }.into_any())
}
