//! Several pictures at once, with JavaScript: dropped on the editor's upload area or chosen
//! together in its file field, each is sent on its own, one after another, to the same
//! `POST /admin/products/{id}/images` the plain form uses (asking for JSON, which answers with
//! the gallery), shown with a preview and its progress; the gallery follows each upload and
//! the page's toast says how it went. Without JavaScript the plain form sends one file.
//!
//! The queue belongs to the editor's page ([`Uploads::provide`]), not to the editor view,
//! which is drawn again whenever the product changes (each upload changes it).

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
use crate::domain::product_edit::ProductEditor;

/// How far one file has got (files are sent only in the browser).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Progress {
    Waiting,
    /// Percent of the file sent.
    Sending(u8),
    Done,
    Refused(String),
}

/// One file of the queue, as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Sent {
    key: usize,
    name: String,
    /// An object URL of the file itself, for its preview.
    preview: String,
    progress: Progress,
}

/// The editor page's upload queue.
#[derive(Clone, Copy)]
pub struct Uploads {
    files: RwSignal<Vec<Sent>>,
}

impl Uploads {
    /// Called by the editor's page: the queue outlives the editor view drawn inside it.
    pub fn provide() {
        provide_context(Uploads {
            files: RwSignal::new(Vec::new()),
        });
    }

    fn get() -> Option<Uploads> {
        use_context::<Uploads>()
    }
}

/// The list of files being (or just) uploaded, with their previews and progress.
#[component]
pub fn UploadList() -> impl IntoView {
    let Some(uploads) = Uploads::get() else {
        return ().into_any();
    };
    view! {
        <Show when=move || uploads.files.with(|f| !f.is_empty())>
            <ul class="space-y-2" aria-label="Uploads" data-testid="uploads">
                <For each=move || uploads.files.get() key=|s| (s.key, s.progress.clone()) let:sent>
                    <li class="flex items-center gap-3 rounded-lg border border-slate-200 p-2">
                        {if matches!(sent.progress, Progress::Refused(_)) {
                            view! { <span aria-hidden="true" class="flex h-12 w-12 shrink-0 items-center justify-center rounded bg-rose-50 text-xl font-bold text-rose-700">"!"</span> }.into_any()
                        } else {
                            view! { <img src=sent.preview.clone() alt="" width="48" height="48" class="h-12 w-12 shrink-0 rounded object-cover" /> }.into_any()
                        }}
                        <div class="min-w-0 flex-1 text-sm">
                            <p class="truncate font-semibold">{sent.name.clone()}</p>
                            {match sent.progress {
                                Progress::Waiting => view! { <p class="text-slate-600">"Waiting…"</p> }.into_any(),
                                Progress::Sending(p) => view! {
                                    <progress class="h-2 w-full" max="100" value=p.to_string() aria-label=format!("Uploading {}", sent.name)></progress>
                                }.into_any(),
                                Progress::Done => view! { <p class="font-semibold text-emerald-800">"Uploaded"</p> }.into_any(),
                                Progress::Refused(why) => view! { <p class="text-rose-700" role="alert">{why}</p> }.into_any(),
                            }}
                        </div>
                    </li>
                </For>
            </ul>
        </Show>
    }
    .into_any()
}

/// Lists `files` for `product` and sends them one after another, with `alt` when there is a
/// single file (several get the product's name). Files that cannot be pictures, or are too
/// large, are listed as refused without being sent.
#[cfg(feature = "hydrate")]
pub fn enqueue(
    product: i64,
    files: Vec<leptos::web_sys::File>,
    alt: String,
    max_bytes: u64,
    current: RwSignal<Option<ProductEditor>>,
) {
    use std::collections::VecDeque;
    let Some(uploads) = Uploads::get() else {
        return;
    };
    let toasts = super::toast::Toasts::get();
    let alt = if files.len() == 1 { alt } else { String::new() };
    let first_key = uploads.files.with_untracked(|f| f.len());
    let mut queue = VecDeque::new();
    uploads.files.update(|list| {
        for (i, file) in files.into_iter().enumerate() {
            let refusal = check(&file, max_bytes);
            let progress = refusal.clone().map_or(Progress::Waiting, Progress::Refused);
            list.push(Sent {
                key: first_key + i,
                name: file.name(),
                preview: leptos::web_sys::Url::create_object_url_with_blob(&file)
                    .unwrap_or_default(),
                progress,
            });
            if refusal.is_none() {
                queue.push_back((first_key + i, file));
            }
        }
    });
    if queue.is_empty() {
        return;
    }
    leptos::task::spawn_local(async move {
        let (mut sent, mut refused) = (0, 0);
        while let Some((key, file)) = queue.pop_front() {
            let set = move |p: Progress| {
                uploads.files.update(|list| {
                    if let Some(s) = list.iter_mut().find(|s| s.key == key) {
                        s.progress = p;
                    }
                })
            };
            set(Progress::Sending(0));
            match send(product, &file, &alt, move |p| set(Progress::Sending(p))).await {
                Ok(images) => {
                    sent += 1;
                    set(Progress::Done);
                    current.update(|e| {
                        if let Some(e) = e.as_mut() {
                            e.images = images;
                        }
                    });
                }
                Err(why) => {
                    refused += 1;
                    set(Progress::Refused(why));
                }
            }
        }
        if let Some(toasts) = toasts {
            let pictures = |n: usize| format!("{n} picture{}", if n == 1 { "" } else { "s" });
            toasts.say(match refused {
                0 => format!("{} uploaded", pictures(sent)),
                _ => format!(
                    "{} uploaded · {refused} refused: see why below",
                    pictures(sent)
                ),
            });
        }
    });
}

/// Why a file cannot be sent at all (the server checks it again).
#[cfg(feature = "hydrate")]
fn check(file: &leptos::web_sys::File, max_bytes: u64) -> Option<String> {
    use crate::domain::image::human_size;
    if !matches!(
        file.type_().as_str(),
        "image/jpeg" | "image/png" | "image/webp"
    ) {
        return Some("Not a JPEG, PNG or WebP picture.".into());
    }
    (file.size() > max_bytes as f64).then(|| {
        format!(
            "Larger than {}: make it smaller and try again.",
            human_size(max_bytes as usize)
        )
    })
}

/// Sends one file, telling `progress` the percent sent; the gallery as the server answers it,
/// or why it was refused.
#[cfg(feature = "hydrate")]
async fn send(
    product: i64,
    file: &leptos::web_sys::File,
    alt: &str,
    progress: impl Fn(u8) + 'static,
) -> Result<Vec<crate::domain::image::AdminImage>, String> {
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{FormData, ProgressEvent, XmlHttpRequest};
    let broken = |_| "Your browser could not send the file; try again.".to_string();
    let xhr = XmlHttpRequest::new().map_err(broken)?;
    xhr.open_with_async("POST", &format!("/admin/products/{product}/images"), true)
        .map_err(broken)?;
    xhr.set_request_header("Accept", "application/json")
        .map_err(broken)?;
    let form = FormData::new().map_err(broken)?;
    form.append_with_blob_and_filename("image", file, &file.name())
        .map_err(broken)?;
    form.append_with_str("alt", alt).map_err(broken)?;
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| {
        if ev.length_computable() && ev.total() > 0.0 {
            progress((ev.loaded() / ev.total() * 100.0).clamp(0.0, 100.0) as u8);
        }
    });
    xhr.upload()
        .map_err(broken)?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let finished = js_sys::Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(&resolve)));
    xhr.send_with_opt_form_data(Some(&form)).map_err(broken)?;
    let _ = wasm_bindgen_futures::JsFuture::from(finished).await;
    drop(on_progress);
    let status = xhr.status().unwrap_or(0);
    let body = xhr.response_text().ok().flatten().unwrap_or_default();
    match status {
        201 => serde_json::from_str(&body)
            .map_err(|_| "Uploaded, but the answer was unreadable: reload the page.".to_string()),
        0 => Err("The connection was lost; try again.".into()),
        _ => Err(serde_json::from_str::<crate::error::AppError>(&body)
            .map(|e| crate::components::forms::message_for(&e))
            .unwrap_or_else(|_| format!("Refused by the server ({status})."))),
    }
}
