//! A product's pictures full screen: an HTML popover (opens from the gallery's picture, closes
//! on ×, Escape or Back to the page, gives focus back, all without JavaScript) holding a strip
//! of pictures that snaps one per screen, so a swipe (or the arrow keys on the focused strip)
//! goes to the next. Tapping a picture zooms it to 2.5× (a checkbox and CSS in
//! `style/tailwind.css`, so keyboard users toggle it with Space); a zoomed picture pans with a
//! finger, the wheel or the scroll bars. With JavaScript it also opens at the picture on show,
//! zooms where it was tapped, has previous/next buttons, answers ←/→ anywhere inside and keeps
//! Tab inside until it is closed.

use leptos::html;
use leptos::prelude::*;

use crate::components::picture::Pic;
use crate::domain::picture::Picture;

/// The popover's id, for the buttons that open it (`popovertarget`).
pub const LIGHTBOX: &str = "lightbox";

#[component]
pub fn Lightbox(images: Vec<Picture>, name: String, start: Memo<usize>) -> impl IntoView {
    let panel = NodeRef::<html::Div>::new();
    let strip = NodeRef::<html::Ul>::new();
    let count = images.len();
    let go = move |by: i32| {
        if let Some(strip) = strip.get_untracked() {
            strip.scroll_by_with_x_and_y(f64::from(by * strip.client_width()), 0.0);
        }
    };
    let label = format!("Pictures of {name}");
    let arrow = "focus-ring absolute top-1/2 z-10 flex h-11 w-11 -translate-y-1/2 items-center justify-center rounded-full bg-white/90 text-2xl font-bold text-slate-900 shadow hover:bg-white";
    view! {
        <div id=LIGHTBOX popover="auto" node_ref=panel role="dialog" aria-label=label
            data-testid="lightbox"
            class="fixed inset-0 m-0 h-dvh max-h-none w-screen max-w-none border-0 bg-slate-950 p-0 text-white backdrop:bg-slate-950"
            on:toggle=move |_| {
                // Opened: show the picture the gallery shows.
                if let (Some(panel), Some(strip)) = (panel.get_untracked(), strip.get_untracked()) {
                    if panel.matches(":popover-open").unwrap_or(false) {
                        let width = strip.client_width();
                        strip.set_scroll_left(width * i32::try_from(start.get_untracked()).unwrap_or(0));
                    }
                }
            }
            on:keydown=move |ev| {
                match ev.key().as_str() {
                    "ArrowLeft" => go(-1),
                    "ArrowRight" => go(1),
                    _ => {
                        if let Some(panel) = panel.get_untracked() {
                            crate::components::layout::keep_tab_inside(&panel, &ev);
                        }
                        return;
                    }
                }
                ev.prevent_default();
            }>
            <div class="flex h-full flex-col">
                <div class="flex items-center justify-between gap-2 px-3 py-1">
                    <p class="truncate text-sm font-semibold">{name}</p>
                    <button type="button" popovertarget=LIGHTBOX popovertargetaction="hide" autofocus
                        aria-label="Close the pictures" data-testid="lightbox-close"
                        class="focus-ring -mr-1 flex h-11 w-11 shrink-0 items-center justify-center rounded-full text-3xl leading-none hover:bg-white/10">
                        "×"
                    </button>
                </div>
                <div class="relative min-h-0 flex-1">
                    <ul node_ref=strip tabindex="0" aria-label="Pictures, one per screen" class="lightbox-strip focus-ring flex h-full snap-x snap-mandatory overflow-x-auto overscroll-x-contain">
                        {images.into_iter().enumerate().map(|(i, picture)| {
                            let id = format!("zoom-{}", i + 1);
                            view! {
                                <li class="relative h-full w-full flex-none snap-center" data-testid="lightbox-slide">
                                    <input type="checkbox" id=id.clone() class="lightbox-zoom sr-only" aria-label=format!("Zoom picture {} of {count}", i + 1) />
                                    <label for=id class="lightbox-pane" on:click=zoom_where_tapped>
                                        <Pic picture slot_px=1600 sizes="100vw" />
                                    </label>
                                    <p class="pointer-events-none absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full bg-slate-900/80 px-3 py-1 text-sm tabular-nums" aria-hidden="true">
                                        {format!("{} / {count}", i + 1)}
                                    </p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {(count > 1).then(|| view! {
                        <button type="button" class=format!("js-only left-2 {arrow}") aria-label="Previous picture" on:click=move |_| go(-1)>"‹"</button>
                        <button type="button" class=format!("js-only right-2 {arrow}") aria-label="Next picture" on:click=move |_| go(1)>"›"</button>
                    })}
                </div>
                <p class="px-3 py-2 text-center text-xs text-slate-300">
                    {if count > 1 { "Swipe for the next picture. Tap a picture to zoom." } else { "Tap the picture to zoom." }}
                </p>
            </div>
        </div>
    }
}

/// Once a tap has zoomed a picture, scrolls it so the tapped point is in the middle.
fn zoom_where_tapped(_ev: leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        // The tap lands on the picture, which fills the pane.
        let target = _ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlElement>().ok());
        let pane = _ev
            .current_target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlElement>().ok());
        let (Some(target), Some(pane)) = (target, pane) else {
            return;
        };
        let (tw, th) = (target.client_width(), target.client_height());
        if tw <= 0 || th <= 0 {
            return;
        }
        let fx = f64::from(_ev.offset_x()) / f64::from(tw);
        let fy = f64::from(_ev.offset_y()) / f64::from(th);
        // The checkbox changes after this click: scroll on the next frame.
        request_animation_frame(move || {
            let (w, h) = (pane.scroll_width(), pane.scroll_height());
            let (cw, ch) = (pane.client_width(), pane.client_height());
            if w > cw {
                pane.set_scroll_left((fx * f64::from(w)) as i32 - cw / 2);
                pane.set_scroll_top((fy * f64::from(h)) as i32 - ch / 2);
            }
        });
    }
}
