//! `/admin/products`: the catalog list (search, sort, pages); `/admin/products/new` and
//! `/admin/products/{id}`: the product editor with its images and variants. A failed save keeps what was
//! typed and shows each mistake next to its field; a save against an older version says so.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::settled;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::denied;
use super::images::ProductImages;
use super::variants::{VariantFields, Variants};
use crate::components::forms::{field_error, form_error, Answer, Field, FormAlert, SubmitButton};
use crate::domain::product_edit::{AdminProductPage, ProductEditor};
use crate::server_fns::products::{admin_products, get_product_editor, SaveProduct};

#[component]
pub fn AdminProductsPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &str| query.read().get(name).unwrap_or_default();
    // After an `.await` nothing is tracked: read without subscribing.
    let param_now = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let list = Resource::new(
        move || {
            (
                param("q"),
                param("sort"),
                param("page").parse::<u32>().unwrap_or(1),
            )
        },
        |(q, sort, page)| admin_products(q, sort, page),
    );
    let sorts = [
        ("newest", "Newest"),
        ("name", "Name"),
        ("updated", "Recently edited"),
        ("stock", "Lowest stock"),
    ];
    view! {
        <Title text="Products" />
        <div class="space-y-5">
            <header class="space-y-3">
                <div class="flex flex-wrap items-center justify-between gap-2">
                    <h1 class="text-2xl font-extrabold">"Products"</h1>
                    <div class="flex flex-wrap gap-2">
                        <a class="btn-secondary" href="/admin/import">"Import or export CSV"</a>
                        <a class="btn-primary" href="/admin/products/new">"New product"</a>
                    </div>
                </div>
            </header>
            <form method="get" action="/admin/products" class="card flex flex-wrap items-end gap-3 p-4" aria-label="Find products">
                <div class="min-w-0 basis-full space-y-1 sm:basis-0 sm:flex-1">
                    <label for="product-q" class="block text-sm font-semibold">"Name, brand or SKU"</label>
                    <input id="product-q" name="q" type="search" value=move || param("q") class="focus-ring w-full rounded-lg border border-slate-300 px-3 py-2" />
                </div>
                <div class="space-y-1">
                    <label for="product-sort" class="block text-sm font-semibold">"Sort by"</label>
                    <select id="product-sort" name="sort" class="focus-ring rounded-lg border border-slate-300 bg-white px-3 py-2">
                        {sorts.into_iter().map(|(value, label)| view! {
                            <option value=value selected=move || param("sort") == value>{label}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="btn-secondary">"Show"</button>
            </form>
            <Suspense fallback=|| view! { <p role="status" class="text-slate-600">"Loading products…"</p> }>
                {move || Suspend::new(async move {
                    match settled(list).await {
                        Ok(page) => view! { <ProductList page q=param_now("q") sort=param_now("sort") /> }.into_any(),
                        Err(error) => denied(error),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ProductList(page: AdminProductPage, q: String, sort: String) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="card p-4 text-sm text-slate-600">"No products match. Try another name or SKU, or create one."</p> }.into_any();
    }
    let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let more = page.has_more.then(|| {
        format!(
            "?q={}&sort={}&page={}",
            encode(&q),
            encode(&sort),
            page.page + 1
        )
    });
    view! {
        <div class="space-y-2">
            <p class="text-sm text-slate-600">{format!("{} product{}", page.total, if page.total == 1 { "" } else { "s" })}</p>
            <div class="card overflow-hidden">
                <table class="w-full text-left text-sm" data-testid="admin-products">
                    <thead class="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
                        <tr>
                            <th scope="col" class="px-3 py-2">"Product"</th>
                            <th scope="col" class="hidden px-3 py-2 sm:table-cell">"Price"</th>
                            <th scope="col" class="hidden px-3 py-2 text-right sm:table-cell">"Stock"</th>
                            <th scope="col" class="hidden px-3 py-2 md:table-cell">"Status"</th>
                            <th scope="col" class="hidden px-3 py-2 lg:table-cell">"Seller"</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-200">
                        {page.rows.into_iter().map(|p| {
                            let price = p.prices.map(|(min, max)| if min == max { min.to_string() } else { format!("{min} – {max}") }).unwrap_or_else(|| "—".into());
                            let stock = format!("{} in stock", p.stock);
                            let status = if p.active { "Active" } else { "Hidden" };
                            let variants = format!("{} variant{}", p.variants, if p.variants == 1 { "" } else { "s" });
                            view! {
                                <tr class="hover:bg-slate-50">
                                    <td class="px-3 py-2">
                                        <a href=format!("/admin/products/{}", p.id) class="focus-ring flex items-center gap-3 rounded">
                                            {match p.image {
                                                Some(picture) => view! { <img src=picture.fallback(96) alt="" width="48" height="48" loading="lazy" class="h-12 w-12 shrink-0 rounded border border-slate-200 bg-white object-contain" /> }.into_any(),
                                                None => view! { <span class="h-12 w-12 shrink-0 rounded border border-dashed border-slate-300 bg-slate-50" aria-hidden="true"></span> }.into_any(),
                                            }}
                                            <span class="min-w-0">
                                                <span class="block font-semibold text-slate-900">{p.name.clone()}</span>
                                                <span class="block text-xs text-slate-600">{format!("{} · {} · {variants}", p.brand, p.category)}</span>
                                                // On phones the other columns fold into this line.
                                                <span class="block text-xs text-slate-700 sm:hidden">{format!("{price} · {stock} · {status}")}</span>
                                            </span>
                                        </a>
                                    </td>
                                    <td class="hidden whitespace-nowrap px-3 py-2 sm:table-cell">{price.clone()}</td>
                                    <td class="hidden px-3 py-2 text-right tabular-nums sm:table-cell">{p.stock}</td>
                                    <td class="hidden px-3 py-2 md:table-cell">
                                        <span class=if p.active { "rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-900" } else { "rounded-full bg-slate-200 px-2 py-0.5 text-xs font-semibold text-slate-800" }>{status}</span>
                                    </td>
                                    <td class="hidden break-all px-3 py-2 text-xs lg:table-cell">{p.seller.clone().unwrap_or_else(|| "Store".into())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {more.map(|href| view! { <p><a class="link" href=href>"More products"</a></p> })}
        </div>
    }
    .into_any()
}

#[component]
pub fn ProductEditorPage() -> impl IntoView {
    super::upload::Uploads::provide();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let editor = Resource::new(id, get_product_editor);
    // The editor after the last successful change (a failed one changes nothing on screen, so
    // what was typed stays).
    let current = RwSignal::new(None::<ProductEditor>);
    view! {
        <Title text="Edit product" />
        <div class="space-y-5">
            <header class="space-y-3">
                <p><a class="link text-sm" href="/admin/products">"← All products"</a></p>
            </header>
            <Suspense fallback=|| view! { <p role="status" class="text-slate-600">"Loading the product…"</p> }>
                {move || Suspend::new(async move {
                    match settled(editor).await {
                        Ok(loaded) => {
                            // The copy each change updates (an upload adds to its gallery).
                            current.set(Some(loaded.clone()));
                            view! { <Editor editor=loaded current /> }.into_any()
                        }
                        Err(crate::error::AppError::NotFound(_)) => {
                            crate::pages::set_http_status(404);
                            view! { <p class="card p-4" role="alert">"No such product, or it is not one of yours."</p> }.into_any()
                        }
                        Err(error) => denied(error),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// Keeps `current` at the last successful answer of `action` and says `said` in the page's
/// toast. `gallery`: the answer changed the pictures alone, so only they are taken from it (the
/// version a product or variant form saves against moves only with the saves that check it).
pub(super) fn follow(
    answer: Answer<ProductEditor>,
    current: RwSignal<Option<ProductEditor>>,
    said: &'static str,
    gallery: bool,
) {
    let toasts = super::toast::Toasts::get();
    Effect::new(move |_| {
        if let Some(Ok(editor)) = answer.get() {
            if let Some(toasts) = toasts {
                toasts.say(said);
            }
            current.update(|c| match c {
                Some(c) if gallery => c.images = editor.images,
                _ => *c = Some(editor),
            });
        }
    });
}

#[component]
fn Editor(editor: ProductEditor, current: RwSignal<Option<ProductEditor>>) -> impl IntoView {
    let save = ServerAction::<SaveProduct>::new();
    let answer: Answer<ProductEditor> = Signal::derive(move || save.value().get());
    let is_new = editor.id == 0;
    follow(
        answer,
        current,
        if is_new {
            "Product created"
        } else {
            "Product saved"
        },
        false,
    );
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(saved)) = answer.get() {
            if is_new {
                navigate(&format!("/admin/products/{}", saved.id), Default::default());
            }
        }
    });
    let f = editor.form.clone();
    const FIELDS: &[&str] = &[
        "name",
        "slug",
        "brand",
        "category",
        "description",
        "specs",
        "seller",
        "sku",
        "options",
        "price",
        "compare_at",
        "threshold",
    ];
    let area = move |name: &'static str,
                     label: &'static str,
                     hint: &'static str,
                     value: String,
                     rows: u32| {
        let id = format!("field-{name}");
        view! {
            <div class="space-y-1">
                <label for=id.clone() class="block text-sm font-semibold">{label}</label>
                <p id=format!("{id}-hint") class="text-xs text-slate-600">{hint}</p>
                <textarea id=id.clone() name=name rows=rows aria-describedby=format!("{id}-hint {id}-error")
                    aria-invalid=move || field_error(answer, name).get().is_some().to_string()
                    class="focus-ring w-full rounded-lg border border-slate-300 px-3 py-2 aria-[invalid=true]:border-rose-600">{value}</textarea>
                <p id=format!("{id}-error") class="min-h-5 text-sm text-rose-700" role="alert">{move || field_error(answer, name).get()}</p>
            </div>
        }
    };
    let title = if is_new {
        "New product".to_string()
    } else {
        f.name.clone()
    };
    // The product form is drawn once: a finished upload or a saved variant redraws the gallery
    // and the variants below it, and what is being typed in it stays. What a save changes
    // (the version it was made against, the name, the shop link) follows the latest answer.
    let latest = move |get: fn(&ProductEditor) -> String| current.with(|c| c.as_ref().map(get));
    let version = editor.version.to_string();
    let shop_link = format!("/p/{}", f.slug);
    let product_id = editor.id;
    view! {
        <section class="card space-y-4 p-4 sm:p-6" aria-labelledby="product-heading">
            <h1 id="product-heading" class="text-xl font-extrabold">{move || if is_new { title.clone() } else { latest(|e| e.form.name.clone()).unwrap_or_else(|| title.clone()) }}</h1>
            <ActionForm action=save attr:class="space-y-3" attr:aria-label="Product" attr:novalidate=true>
                <input type="hidden" name="id" value=editor.id.to_string() />
                <input type="hidden" name="version" value=move || latest(|e| e.version.to_string()).unwrap_or_else(|| version.clone()) />
                <div class="grid gap-3 sm:grid-cols-2">
                    <Field label="Name" name="name" required=true value=f.name.clone() error=field_error(answer, "name") />
                    <Field label="Brand" name="brand" required=true value=f.brand.clone() error=field_error(answer, "brand") maxlength=100 />
                    <Field label="Address (slug)" name="slug" value=f.slug.clone() error=field_error(answer, "slug") maxlength=80
                        hint="Shown in the link: /p/your-slug. Empty: made from the name." />
                    <div class="space-y-1">
                        <label for="field-category" class="block text-sm font-semibold">"Category"</label>
                        <select id="field-category" name="category" aria-describedby="field-category-error"
                            class="focus-ring w-full rounded-lg border border-slate-300 bg-white px-3 py-2">
                            <option value="" selected=f.category.is_empty()>"Choose…"</option>
                            {editor.categories.iter().map(|(slug, label)| view! {
                                <option value=slug.clone() selected=*slug == f.category>{label.clone()}</option>
                            }).collect_view()}
                        </select>
                        <p id="field-category-error" class="min-h-5 text-sm text-rose-700" role="alert">{move || field_error(answer, "category").get()}</p>
                    </div>
                </div>
                {area("description", "Description", "What a shopper reads on the product page.", f.description.clone(), 5)}
                {area("specs", "Specifications", "One per line, like \"Weight: 61 g\".", f.specs.clone(), 5)}
                {(!editor.sellers.is_empty() || editor.seller_id.is_some()).then(|| view! {
                    <div class="space-y-1">
                        <label for="field-seller" class="block text-sm font-semibold">"Seller"</label>
                        {if editor.sellers.is_empty() {
                            view! { <p class="text-sm">"Your product"</p> }.into_any()
                        } else {
                            view! {
                                <select id="field-seller" name="seller" class="focus-ring w-full rounded-lg border border-slate-300 bg-white px-3 py-2">
                                    <option value="" selected=editor.seller_id.is_none()>"The store itself"</option>
                                    {editor.sellers.iter().map(|(id, email)| view! {
                                        <option value=id.to_string() selected=Some(*id) == editor.seller_id>{email.clone()}</option>
                                    }).collect_view()}
                                </select>
                            }.into_any()
                        }}
                        <p class="min-h-5 text-sm text-rose-700" role="alert">{move || field_error(answer, "seller").get()}</p>
                    </div>
                })}
                {is_new.then(|| view! {
                    <fieldset class="grid gap-x-3 rounded-lg border border-slate-200 p-3 sm:grid-cols-3">
                        <legend class="px-1 text-sm font-bold">"First variant"</legend>
                        <VariantFields answer prefix="new".to_string() form=Default::default() />
                    </fieldset>
                })}
                <label class="flex items-center gap-2 text-sm font-semibold">
                    <input type="checkbox" name="active" value="on" checked=f.active class="focus-ring h-5 w-5 rounded border-slate-400" />
                    "Visible in the shop"
                </label>
                <FormAlert message=form_error(answer, FIELDS) />
                <SubmitButton label=if is_new { "Create product" } else { "Save product" } busy="Saving…" pending=Signal::from(save.pending()) />
            </ActionForm>
            {(!is_new).then(|| view! { <p><a class="link text-sm" href=move || latest(|e| format!("/p/{}", e.form.slug)).unwrap_or_else(|| shop_link.clone())>"See it in the shop"</a></p> })}
        </section>
        {(!is_new).then_some(move || current.with(|e| e.as_ref().map(|e| view! {
            <ProductImages product=product_id images=e.images.clone() max_bytes=e.image_max_bytes current />
            <Variants product=product_id version=e.version rows=e.variants.clone() current />
        })))}
    }
}
