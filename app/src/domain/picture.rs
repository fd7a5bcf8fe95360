//! Pictures as pages show them: an image's address, its stored size and, for uploads, the
//! smaller copies (renditions) made when it was uploaded, so a 400 px card never downloads a
//! 5 MB original. Renditions are WebP (what browsers take) with a JPEG fallback, at the standard
//! widths below the original's width, and live next to the original under predictable names:
//! `/media/uploads/12/abc.png` → `/media/uploads/12/abc-400w.webp` and `abc-400w.jpg`.

use serde::{Deserialize, Serialize};

/// The widths renditions are made at (pixels), when the original is wider: from gallery
/// thumbnails (64 CSS pixels) to a product page's main picture on a wide, dense screen.
pub const WIDTHS: [u32; 5] = [100, 200, 400, 800, 1600];

/// The formats renditions are made in, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Webp,
    Jpeg,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
        }
    }
}

/// The widths to make for an original `width` pixels wide: every standard width below it and,
/// when it is narrower than the largest, the original width itself (never upscaled).
pub fn widths_for(width: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < width).collect();
    if width > 0 && width < WIDTHS[WIDTHS.len() - 1] {
        widths.push(width);
    }
    widths
}

/// The height of a `width`-wide rendition of a `w`×`h` original (at least 1).
pub fn scaled_height(w: u32, h: u32, width: u32) -> u32 {
    if w == 0 {
        return h.max(1);
    }
    let scaled = (u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w);
    scaled.clamp(1, u64::from(u32::MAX)) as u32
}

/// The address of the `width` rendition of the image at `url`, in `format`.
pub fn rendition_url(url: &str, width: u32, format: Format) -> String {
    let (dir, name) = url.rsplit_once('/').unwrap_or(("", url));
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    format!("{dir}/{stem}-{width}w.{}", format.extension())
}

/// An image as a page draws it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Picture {
    pub url: String,
    pub alt: String,
    /// The original's size, when known (uploads); demo pictures are square SVGs.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Whether smaller copies were made (uploads since renditions exist).
    pub renditions: bool,
}

impl Picture {
    /// `srcset` for `format`, or None when the picture has no renditions.
    pub fn srcset(&self, format: Format) -> Option<String> {
        if !self.renditions {
            return None;
        }
        let widths = widths_for(self.width?);
        (!widths.is_empty()).then(|| {
            widths
                .iter()
                .map(|w| format!("{} {w}w", rendition_url(&self.url, *w, format)))
                .collect::<Vec<_>>()
                .join(", ")
        })
    }

    /// What an `<img>` loads when `srcset` is not understood: the smallest rendition at least
    /// `slot` pixels wide in JPEG (every browser decodes it), else the original.
    pub fn fallback(&self, slot: u32) -> String {
        match (self.renditions, self.width) {
            (true, Some(width)) => {
                let widths = widths_for(width);
                match widths.iter().find(|w| **w >= slot).or(widths.last()) {
                    Some(w) => rendition_url(&self.url, *w, Format::Jpeg),
                    None => self.url.clone(),
                }
            }
            _ => self.url.clone(),
        }
    }

    /// The `width` and `height` attributes for a slot `slot` pixels wide: the original's aspect
    /// ratio (so the browser reserves the right box before the file arrives), square when unknown.
    pub fn box_for(&self, slot: u32) -> (u32, u32) {
        match (self.width, self.height) {
            (Some(w), Some(h)) if w > 0 && h > 0 => (slot, scaled_height(w, h, slot)),
            _ => (slot, slot),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale() {
        assert_eq!(widths_for(5000), vec![100, 200, 400, 800, 1600]);
        assert_eq!(widths_for(1600), vec![100, 200, 400, 800]);
        assert_eq!(widths_for(1000), vec![100, 200, 400, 800, 1000]);
        assert_eq!(widths_for(300), vec![100, 200, 300]);
        assert_eq!(widths_for(120), vec![100, 120]);
        assert_eq!(widths_for(60), vec![60]);
        assert_eq!(widths_for(0), Vec::<u32>::new());
    }

    #[test]
    fn renditions_sit_next_to_the_original() {
        assert_eq!(
            rendition_url("/media/uploads/12/abc.png", 400, Format::Webp),
            "/media/uploads/12/abc-400w.webp"
        );
        assert_eq!(
            rendition_url("/media/uploads/12/abc.jpg", 200, Format::Jpeg),
            "/media/uploads/12/abc-200w.jpg"
        );
        assert_eq!(scaled_height(4000, 3000, 400), 300);
        assert_eq!(scaled_height(3, 1, 200), 67);
        assert_eq!(scaled_height(10_000, 1, 200), 1);
    }

    #[test]
    fn srcset_lists_each_rendition_and_the_fallback_fits_the_slot() {
        let p = Picture {
            url: "/media/uploads/3/x.png".into(),
            alt: String::new(),
            width: Some(1000),
            height: Some(500),
            renditions: true,
        };
        assert_eq!(
            p.srcset(Format::Webp).unwrap(),
            "/media/uploads/3/x-100w.webp 100w, /media/uploads/3/x-200w.webp 200w, \
             /media/uploads/3/x-400w.webp 400w, /media/uploads/3/x-800w.webp 800w, \
             /media/uploads/3/x-1000w.webp 1000w"
        );
        assert_eq!(p.fallback(400), "/media/uploads/3/x-400w.jpg");
        assert_eq!(p.fallback(3000), "/media/uploads/3/x-1000w.jpg");
        assert_eq!(p.box_for(400), (400, 200));

        let demo = Picture {
            url: "/media/demo/mouse/1.svg".into(),
            ..Picture::default()
        };
        assert_eq!(demo.srcset(Format::Webp), None);
        assert_eq!(demo.fallback(400), "/media/demo/mouse/1.svg");
        assert_eq!(demo.box_for(400), (400, 400));
    }
}
