//! The product editor's image gallery: upload (a plain multipart form, so it works before the
//! page hydrates or without JavaScript; with it, several files at once, dropped anywhere on the
//! gallery or chosen together, with previews and progress: `super::upload`), alt text, order
//! (↑/↓ buttons, or dragging a picture onto another's place) and deletion.

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
    // With JavaScript: several files at once, dropped or chosen (`super::upload`).
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let file_over = RwSignal::new(false);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    // The picture being dragged to another place, and where it is dropped.
    let dragged = StoredValue::new(None::<i64>);
    let place = ServerAction::<MoveImage>::new();
    // Files dropped elsewhere on the editor are ignored instead of opened by the browser in
    // place of the page (and what was typed in it).
    let over = window_event_listener(leptos::ev::dragover, |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
        }
    });
    let drop = window_event_listener(leptos::ev::drop, |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
        }
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
    });
    follow(
        Signal::derive(move || place.value().get()),
        current,
        "Pictures reordered",
        true,
    );
    view! {
        <section id="images" class="card space-y-4 p-4 sm:p-6" aria-labelledby="images-heading"
            class:ring-2=move || file_over.get() class:ring-indigo-500=move || file_over.get()
            on:dragover=move |ev| {
                if dragged.get_value().is_none() && carries_files(&ev) {
                    ev.prevent_default();
                    file_over.set(true);
                }
            }
            on:dragleave=move |_| file_over.set(false)
            on:drop=move |ev| {
                file_over.set(false);
                // A full gallery still takes the drop: the server's refusal is listed.
                if dragged.get_value().is_none() && carries_files(&ev) {
                    ev.prevent_default();
                    dropped(product, &ev, max_bytes, current);
                }
            }>
            <h2 id="images-heading" class="text-lg font-bold">"Images"</h2>
            <p id="upload-hint" class="text-sm text-slate-600">{hint}</p>
            {if images.is_empty() {
                view! { <p class="text-sm font-semibold text-amber-900">"No images yet: the shop shows a placeholder."</p> }.into_any()
            } else {
                view! {
                    <ol class="space-y-3" data-testid="images">
                        {images.into_iter().enumerate().map(|(at, image)| {
                            let last = at + 1 == count;
                            view! { <li><ImageRow product image at last current dragged place /></li> }
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
                        class="space-y-3 border-t border-slate-200 pt-4" aria-label="Upload an image" node_ref=form_ref
                        on:submit=move |ev| {
                            if live.get_untracked() {
                                ev.prevent_default();
                                chosen(product, form_ref, max_bytes, current);
                            } else {
                                sending.set(true);
                            }
                        }>
                        <h3 class="font-bold">"Add images"</h3>
                        <p class="js-only rounded-lg border-2 border-dashed border-slate-300 p-3 text-center text-sm text-slate-600">
                            "Drop pictures anywhere on this card, or choose several files below."
                        </p>
                        <div class="space-y-1">
                            <label for="field-image" class="block text-sm font-semibold">"Image file"</label>
                            <input id="field-image" name="image" type="file" required=true disabled=full multiple=move || live.get()
                                accept="image/jpeg,image/png,image/webp" aria-describedby="upload-hint field-image-error"
                                aria-invalid=upload_error.is_some().to_string()
                                class="focus-ring block w-full text-sm file:mr-3 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:font-semibold" />
                            <p id="field-image-error" class="min-h-5 text-sm text-rose-700" role="alert">{upload_error.clone()}</p>
                        </div>
                        <Field label="Alt text" name="alt" id="field-upload-alt" value=typed_alt
                            error=Signal::derive(|| None) maxlength=MAX_ALT
                            hint="What the picture shows, for shoppers who cannot see it. Empty: the product's name. Several files at once get the product's name; give each its own below." />
                        {full.then(|| view! { <p class="text-sm font-semibold text-amber-900">{format!("This product has {MAX_PER_PRODUCT} images, the most allowed: delete one to add another.")}</p> })}
                        <p role="status" class="text-sm font-semibold text-emerald-800">{uploaded.then_some("Image uploaded.")}</p>
                        <button type="submit" class="btn-primary disabled:cursor-wait disabled:opacity-70" disabled=move || full || sending.get()
                            aria-busy=move || sending.get().to_string()>
                            {move || if sending.get() { "Uploading…" } else { "Upload" }}
                        </button>
                    </form>
                    }
                })}
            </Transition>
            <super::upload::UploadList />
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
    dragged: StoredValue<Option<i64>>,
    place: ServerAction<MoveImage>,
) -> impl IntoView {
    let alt = ServerAction::<SetImageAlt>::new();
    let reorder = ServerAction::<MoveImage>::new();
    let delete = ServerAction::<DeleteImage>::new();
    let answer: Answer<ProductEditor> = Signal::derive(move || alt.value().get());
    let moved: Answer<ProductEditor> = Signal::derive(move || reorder.value().get());
    let deleted: Answer<ProductEditor> = Signal::derive(move || delete.value().get());
    follow(answer, current, "Alt text saved", true);
    follow(moved, current, "Pictures reordered", true);
    follow(deleted, current, "Picture deleted", true);
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
    let over = RwSignal::new(false);
    view! {
        <div class="flex flex-col gap-3 rounded-lg border border-slate-200 p-3 sm:flex-row"
            class:border-indigo-600=move || over.get() class:bg-indigo-50=move || over.get()
            data-testid="image-row"
            on:dragover=move |ev| {
                if dragged.get_value().is_some() {
                    ev.prevent_default();
                    over.set(true);
                }
            }
            on:dragleave=move |_| over.set(false)
            on:drop=move |ev| {
                over.set(false);
                if let Some(from) = dragged.get_value() {
                    ev.prevent_default();
                    dragged.set_value(None);
                    if from != id {
                        place.dispatch(MoveImage { product, image: from, direction: String::new(), position: Some(at as u32 + 1) });
                    }
                }
            }>
            <img src=image.url.clone() alt=shown_alt width="112" height="112" loading="lazy" draggable="true"
                title="Drag onto another picture to take its place"
                class="h-28 w-28 shrink-0 cursor-grab rounded-md border border-slate-200 bg-slate-100 object-contain"
                on:dragstart=move |ev| {
                    dragged.set_value(Some(id));
                    start_drag(&ev, id);
                }
                on:dragend=move |_| dragged.set_value(None) />
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

/// Whether a drag carries files (from the computer) rather than a picture of the gallery.
fn carries_files(_ev: &leptos::ev::DragEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        _ev.data_transfer()
            .is_some_and(|dt| dt.types().includes(&"Files".into(), 0))
    }
    #[cfg(not(feature = "hydrate"))]
    false
}

/// Marks a gallery picture's drag as a move.
fn start_drag(_ev: &leptos::ev::DragEvent, _id: i64) {
    #[cfg(feature = "hydrate")]
    if let Some(dt) = _ev.data_transfer() {
        let _ = dt.set_data("text/plain", &format!("image {_id}"));
        dt.set_effect_allowed("move");
    }
}

/// Uploads the files dropped on the gallery.
fn dropped(
    _product: i64,
    _ev: &leptos::ev::DragEvent,
    _max_bytes: u64,
    _current: RwSignal<Option<ProductEditor>>,
) {
    #[cfg(feature = "hydrate")]
    if let Some(list) = _ev.data_transfer().and_then(|dt| dt.files()) {
        let files = (0..list.length()).filter_map(|i| list.get(i)).collect();
        super::upload::enqueue(_product, files, String::new(), _max_bytes, _current);
    }
}

/// Uploads the files chosen in the form (with its alt text when there is one file), then
/// empties the file field.
fn chosen(
    _product: i64,
    _form: NodeRef<leptos::html::Form>,
    _max_bytes: u64,
    _current: RwSignal<Option<ProductEditor>>,
) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let Some(form) = _form.get_untracked() else {
            return;
        };
        let field = |name: &str| {
            form.query_selector(&format!("[name={name}]"))
                .ok()
                .flatten()
                .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
        };
        let Some(input) = field("image") else {
            return;
        };
        let files: Vec<_> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        // The files are on their way: the field is ready for the next; the alt text stays.
        input.set_value("");
        let alt = field("alt").map(|input| input.value()).unwrap_or_default();
        super::upload::enqueue(_product, files, alt, _max_bytes, _current);
    }
}
