//! The product editor's image gallery: upload (a plain multipart form, so it works before the
//! page hydrates or without JavaScript), alt text, order and deletion.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::products::follow;
use crate::components::forms::{field_error, form_error, Answer, Field, FormAlert};
use crate::domain::image::{human_size, AdminImage, MAX_ALT, MAX_PER_PRODUCT};
use crate::domain::product_edit::ProductEditor;
use crate::server_fns::images::{get_upload_refusal, DeleteImage, MoveImage, SetImageAlt};

#[component]
pub fn ProductImages(
    product: i64,
    images: Vec<AdminImage>,
    max_bytes: u64,
    current: RwSignal<Option<ProductEditor>>,
) -> impl IntoView {
    // A refused upload comes back as ?image_error=<key>: the server kept the reason and the
    // alt text that was typed under that key (what was typed stays).
    let query = use_query_map();
    let refusal_key = move || query.read().get("image_error").unwrap_or_default();
    let refusal = Resource::new(refusal_key, |key| async move {
        if key.is_empty() {
            None
        } else {
            get_upload_refusal(key).await.ok().flatten()
        }
    });
    let just_uploaded = move || query.read().get("uploaded").is_some();
    let count = images.len();
    let full = count >= MAX_PER_PRODUCT;
    let hint = format!(
        "JPEG, PNG or WebP, at most {}. SVG is not accepted. The first image is the main picture.",
        human_size(max_bytes as usize)
    );
    // Set once the upload is sent: the button cannot send it twice while the page waits.
    let sending = RwSignal::new(false);
    view! {
        <section id="images" class="card space-y-4 p-4 sm:p-6" aria-labelledby="images-heading">
            <h2 id="images-heading" class="text-lg font-bold">"Images"</h2>
            <p id="upload-hint" class="text-sm text-slate-600">{hint}</p>
            {if images.is_empty() {
                view! { <p class="text-sm font-semibold text-amber-900">"No images yet: the shop shows a placeholder."</p> }.into_any()
            } else {
                view! {
                    <ol class="space-y-3" data-testid="images">
                        {images.into_iter().enumerate().map(|(at, image)| {
                            let last = at + 1 == count;
                            view! { <li><ImageRow product image at last current /></li> }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <Transition fallback=|| view! { <p role="status" class="text-sm text-slate-600">"Loading…"</p> }>
                {move || refusal.get().map(|refused| {
                    let (upload_error, typed_alt) = match refused {
                        Some(r) => (Some(r.message), r.alt),
                        None => (None, String::new()),
                    };
                    let uploaded = just_uploaded() && upload_error.is_none();
                    view! {
                    <form method="post" enctype="multipart/form-data" action=format!("/admin/products/{product}/images")
                        class="space-y-3 border-t border-slate-200 pt-4" aria-label="Upload an image"
                        on:submit=move |_| sending.set(true)>
                        <h3 class="font-bold">"Add an image"</h3>
                        <div class="space-y-1">
                            <label for="field-image" class="block text-sm font-semibold">"Image file"</label>
                            <input id="field-image" name="image" type="file" required=true disabled=full
                                accept="image/jpeg,image/png,image/webp" aria-describedby="upload-hint field-image-error"
                                aria-invalid=upload_error.is_some().to_string()
                                class="focus-ring block w-full text-sm file:mr-3 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:font-semibold" />
                            <p id="field-image-error" class="min-h-5 text-sm text-rose-700" role="alert">{upload_error.clone()}</p>
                        </div>
                        <Field label="Alt text" name="alt" id="field-upload-alt" value=typed_alt
                            error=Signal::derive(|| None) maxlength=MAX_ALT
                            hint="What the picture shows, for shoppers who cannot see it. Empty: the product's name." />
                        {full.then(|| view! { <p class="text-sm font-semibold text-amber-900">{format!("This product has {MAX_PER_PRODUCT} images, the most allowed: delete one to add another.")}</p> })}
                        <p role="status" class="text-sm font-semibold text-emerald-800">{uploaded.then_some("Image uploaded.")}</p>
                        <button type="submit" class="btn-primary disabled:cursor-wait disabled:opacity-70" disabled=move || full || sending.get()
                            aria-busy=move || sending.get().to_string()>
                            {move || if sending.get() { "Uploading…" } else { "Upload image" }}
                        </button>
                    </form>
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ImageRow(
    product: i64,
    image: AdminImage,
    at: usize,
    last: bool,
    current: RwSignal<Option<ProductEditor>>,
) -> impl IntoView {
    let alt = ServerAction::<SetImageAlt>::new();
    let reorder = ServerAction::<MoveImage>::new();
    let delete = ServerAction::<DeleteImage>::new();
    let answer: Answer<ProductEditor> = Signal::derive(move || alt.value().get());
    let moved: Answer<ProductEditor> = Signal::derive(move || reorder.value().get());
    let deleted: Answer<ProductEditor> = Signal::derive(move || delete.value().get());
    follow(answer, current);
    follow(moved, current);
    follow(deleted, current);
    let other = Signal::derive(move || {
        form_error(answer, &["alt"])
            .get()
            .or_else(|| form_error(moved, &[]).get())
            .or_else(|| form_error(deleted, &[]).get())
    });
    let n = at + 1;
    let id = image.id;
    let hidden = move || {
        view! {
            <input type="hidden" name="product" value=product.to_string() />
            <input type="hidden" name="image" value=id.to_string() />
        }
    };
    let shown_alt = if image.alt.is_empty() {
        format!("Image {n}")
    } else {
        image.alt.clone()
    };
    view! {
        <div class="flex flex-col gap-3 rounded-lg border border-slate-200 p-3 sm:flex-row">
            <img src=image.url.clone() alt=shown_alt width="112" height="112" loading="lazy"
                class="h-28 w-28 shrink-0 rounded-md border border-slate-200 bg-slate-100 object-contain" />
            <div class="min-w-0 flex-1 space-y-2">
                <p class="text-sm font-semibold">
                    {format!("Image {n}")}
                    {(at == 0).then_some(view! { <span class="ml-2 rounded-full bg-indigo-100 px-2 py-0.5 text-xs font-bold text-indigo-900">"Main picture"</span> })}
                    {image.width.zip(image.height).map(|(w, h)| view! { <span class="ml-2 font-normal text-slate-600">{format!("{w}×{h}")}</span> })}
                </p>
                <ActionForm action=alt attr:class="flex flex-col gap-2 sm:flex-row sm:items-start" attr:aria-label=format!("Alt text of image {n}")>
                    {hidden()}
                    <div class="flex-1">
                        <Field label="Alt text" name="alt" id=format!("image-{id}-alt") value=image.alt.clone() error=field_error(answer, "alt") maxlength=MAX_ALT />
                    </div>
                    <button type="submit" class="btn-secondary sm:mt-6">"Save alt text"</button>
                </ActionForm>
                <div class="flex flex-wrap gap-2">
                    <ActionForm action=reorder>
                        {hidden()}
                        <input type="hidden" name="direction" value="up" />
                        <button type="submit" class="btn-secondary" disabled=at == 0 aria-label=format!("Move image {n} earlier")>"↑ Earlier"</button>
                    </ActionForm>
                    <ActionForm action=reorder>
                        {hidden()}
                        <input type="hidden" name="direction" value="down" />
                        <button type="submit" class="btn-secondary" disabled=last aria-label=format!("Move image {n} later")>"↓ Later"</button>
                    </ActionForm>
                    // Deleting asks first (a `<details>`, so it works without JavaScript too).
                    <details class="group">
                        <summary class="btn-secondary inline-block cursor-pointer list-none text-rose-800" aria-label=format!("Delete image {n}")>"Delete"</summary>
                        <div class="mt-2 rounded-lg border border-rose-200 bg-rose-50 p-3 text-sm">
                            <p>{format!("Delete image {n}? The file is removed from the shop for good.")}</p>
                            <ActionForm action=delete attr:class="mt-2">
                                {hidden()}
                                <button type="submit" class="btn-primary bg-rose-700 hover:bg-rose-800" aria-label=format!("Yes, delete image {n}")
                                    disabled=move || delete.pending().get()>"Yes, delete it"</button>
                            </ActionForm>
                        </div>
                    </details>
                </div>
                <FormAlert message=other />
            </div>
        </div>
    }
}
