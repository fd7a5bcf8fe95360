//! A product picture as an `<img>` that asks for the smallest copy that fills its slot: WebP
//! renditions through `<picture>`, JPEG renditions for browsers without WebP, the original for
//! pictures without renditions (the demo's SVGs). `width`/`height` carry the stored aspect ratio
//! so the box is reserved before the file arrives.

use leptos::prelude::*;

use crate::domain::picture::{Format, Picture};

/// `slot_px`: the widest the picture is drawn, in CSS pixels; `sizes`: the `sizes` attribute that
/// says so to the browser. `priority`: the page's main picture (loaded at once, first);
/// otherwise `eager` loads it at once and the rest wait until they near the viewport.
#[component]
pub fn Pic(
    picture: Picture,
    slot_px: u32,
    sizes: &'static str,
    #[prop(optional)] priority: bool,
    #[prop(optional)] eager: bool,
    #[prop(optional)] decorative: bool,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let (width, height) = picture.box_for(slot_px);
    let webp = picture.srcset(Format::Webp);
    let jpeg = picture.srcset(Format::Jpeg);
    let sized = jpeg.is_some().then_some(sizes);
    let alt = if decorative {
        String::new()
    } else {
        picture.alt.clone()
    };
    view! {
        <picture class="contents">
            {webp.map(|srcset| view! { <source type=Format::Webp.mime() srcset=srcset sizes=sizes /> })}
            <img src=picture.fallback(slot_px) srcset=jpeg sizes=sized alt=alt width=width height=height
                 loading=if priority || eager { "eager" } else { "lazy" }
                 fetchpriority=priority.then_some("high") decoding="async"
                 class=class data-testid=testid />
        </picture>
    }
}
