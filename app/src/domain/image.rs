//! Product images: what an uploaded file is, judged by its bytes (never by its name or the
//! browser's claimed type), and the rules an image and its alt text must meet.
//!
//! Accepted: JPEG, PNG and WebP whose header can be read and whose size is sane. SVG is refused
//! (it can carry scripts and external references); so is everything else.

use serde::{Deserialize, Serialize};

/// Largest width or height accepted, in pixels.
pub const MAX_SIDE: u32 = 10_000;
/// Most pixels accepted (a decompression-bomb guard for anything that later decodes it).
pub const MAX_PIXELS: u64 = 40_000_000;
/// Most images one product may have.
pub const MAX_PER_PRODUCT: usize = 12;
/// Longest alt text, in characters.
pub const MAX_ALT: usize = 250;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
}

impl ImageKind {
    /// The file extension images of this kind are stored under.
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "jpg",
            ImageKind::Png => "png",
            ImageKind::Webp => "webp",
        }
    }

    /// "JPEG", "PNG", "WebP".
    pub fn name(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "JPEG",
            ImageKind::Png => "PNG",
            ImageKind::Webp => "WebP",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::Webp => "image/webp",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    pub kind: ImageKind,
    pub width: u32,
    pub height: u32,
}

/// Why an upload was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    Empty,
    TooLarge { max_bytes: usize },
    Svg,
    Unsupported(&'static str),
    NotAnImage,
    Damaged(&'static str),
    TooBig { width: u32, height: u32 },
}

impl Rejection {
    /// The message shown next to the upload field.
    pub fn message(&self) -> String {
        match self {
            Rejection::Empty => "Choose an image file to upload.".into(),
            Rejection::TooLarge { max_bytes } => format!(
                "This file is too large: images can be at most {}.",
                human_size(*max_bytes)
            ),
            Rejection::Svg => {
                "SVG images are not accepted (they can carry scripts). Export it as PNG or WebP.".into()
            }
            Rejection::Unsupported(kind) => {
                format!("{kind} images are not accepted. Use JPEG, PNG or WebP.")
            }
            Rejection::NotAnImage => {
                "This file is not an image. Use a JPEG, PNG or WebP file.".into()
            }
            Rejection::Damaged(kind) => {
                format!("This {kind} file is damaged or incomplete and cannot be read.")
            }
            Rejection::TooBig { width, height } => format!(
                "This image is {width}×{height} pixels; the most is {MAX_SIDE} pixels a side and {} megapixels.",
                MAX_PIXELS / 1_000_000
            ),
        }
    }
}

/// "5 MB", "512 KB", "100 bytes".
pub fn human_size(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MB", b >> 20),
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{} KB", b >> 10),
        b => format!("{b} bytes"),
    }
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn le16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 3)?;
    Some(u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// PNG: the signature, an IHDR chunk first (its size), and an IEND chunk at the end.
fn png(b: &[u8]) -> Option<(u32, u32)> {
    if be32(b, 8)? != 13 || b.get(12..16)? != b"IHDR" {
        return None;
    }
    let end = b.len().checked_sub(12)?;
    if b.get(end + 4..end + 8)? != b"IEND" {
        return None;
    }
    Some((be32(b, 16)?, be32(b, 20)?))
}

/// JPEG: walks the segments after the start-of-image marker to the first start-of-frame,
/// which holds the size.
fn jpeg(b: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        if *b.get(at)? != 0xFF {
            return None;
        }
        let mut marker = *b.get(at + 1)?;
        while marker == 0xFF {
            at += 1;
            marker = *b.get(at + 1)?;
        }
        at += 2;
        match marker {
            // Markers without a payload.
            0x01 | 0xD0..=0xD7 => continue,
            // End of image or start of scan before any frame: no size.
            0xD9 | 0xDA => return None,
            _ => {}
        }
        let length = be16(b, at)? as usize;
        if length < 2 {
            return None;
        }
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let (height, width) = (be16(b, at + 3)?, be16(b, at + 5)?);
            return Some((width, height));
        }
        at += length;
    }
}

/// WebP: the RIFF container (its length must fit the file) and the first chunk's size field,
/// for each of the three formats (lossy VP8, lossless VP8L, extended VP8X).
fn webp(b: &[u8]) -> Option<(u32, u32)> {
    let riff_len = le32(b, 4)? as usize;
    if riff_len.checked_add(8)? > b.len() || riff_len < 12 {
        return None;
    }
    match b.get(12..16)? {
        b"VP8 " => {
            if b.get(23..26)? != [0x9D, 0x01, 0x2A] {
                return None;
            }
            Some((le16(b, 26)? & 0x3FFF, le16(b, 28)? & 0x3FFF))
        }
        b"VP8L" => {
            if *b.get(20)? != 0x2F {
                return None;
            }
            let bits = le32(b, 21)?;
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
        _ => None,
    }
}

/// Whether the start of a file looks like SVG or another XML/HTML text document.
fn looks_like_markup(b: &[u8]) -> bool {
    let head = &b[..b.len().min(1024)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with('<') && (text.contains("<svg") || text.starts_with("<?xml"))
}

/// What an uploaded file is, from its bytes alone, within `max_bytes`.
pub fn inspect(bytes: &[u8], max_bytes: usize) -> Result<ImageInfo, Rejection> {
    if bytes.is_empty() {
        return Err(Rejection::Empty);
    }
    if bytes.len() > max_bytes {
        return Err(Rejection::TooLarge { max_bytes });
    }
    let (kind, size) = if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        (ImageKind::Png, png(bytes))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        (ImageKind::Jpeg, jpeg(bytes))
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        (ImageKind::Webp, webp(bytes))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Err(Rejection::Unsupported("GIF"));
    } else if bytes.get(4..12).is_some_and(|b| b.starts_with(b"ftyp")) {
        return Err(Rejection::Unsupported("HEIC and AVIF"));
    } else if bytes.starts_with(b"BM") && bytes.len() > 26 {
        return Err(Rejection::Unsupported("BMP"));
    } else if looks_like_markup(bytes) {
        return Err(Rejection::Svg);
    } else {
        return Err(Rejection::NotAnImage);
    };
    let name = kind.name();
    let (width, height) = size.ok_or(Rejection::Damaged(name))?;
    if width == 0 || height == 0 {
        return Err(Rejection::Damaged(name));
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Rejection::TooBig { width, height });
    }
    Ok(ImageInfo {
        kind,
        width,
        height,
    })
}

/// Alt text: trimmed, inner whitespace collapsed, at most `MAX_ALT` characters, no control
/// characters. Empty is allowed (the product's name is used instead when shown).
pub fn clean_alt(text: &str) -> Result<String, String> {
    let cleaned = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if cleaned.chars().any(char::is_control) {
        return Err("Alt text cannot contain control characters.".into());
    }
    if cleaned.chars().count() > MAX_ALT {
        return Err(format!("Alt text can be at most {MAX_ALT} characters."));
    }
    Ok(cleaned)
}

/// Why an upload from the editor was refused, with the alt text that was typed, kept for the
/// editor the browser is sent back to (`db::flash`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadRefusal {
    pub message: String,
    pub alt: String,
}

/// One image as the editor shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminImage {
    pub id: i64,
    pub url: String,
    pub alt: String,
    pub width: Option<i32>,
    pub height: Option<i32>,
}

/// Where an image goes in its product's gallery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageMove {
    /// One place earlier ("↑ Earlier").
    Earlier,
    /// One place later ("↓ Later").
    Later,
    /// To this place, 0 first (dragged there); past the end means last.
    To(usize),
}

impl ImageMove {
    /// From the editor's forms: `direction` "up" or "down", or a `position` counted from 1
    /// (where the image was dropped), which wins when both are given.
    pub fn parse(direction: &str, position: Option<u32>) -> Option<ImageMove> {
        match (position, direction) {
            (Some(0), _) => None,
            (Some(n), _) => Some(ImageMove::To(n as usize - 1)),
            (None, "up") => Some(ImageMove::Earlier),
            (None, "down") => Some(ImageMove::Later),
            (None, _) => None,
        }
    }
}

/// The gallery order after moving the image `id`: `None` when it is not there or would not
/// move (already first or last, or dropped where it was).
pub fn moved(order: &[i64], id: i64, how: ImageMove) -> Option<Vec<i64>> {
    let at = order.iter().position(|&x| x == id)?;
    let to = match how {
        ImageMove::Earlier => at.checked_sub(1)?,
        ImageMove::Later => at + 1,
        ImageMove::To(place) => place.min(order.len() - 1),
    };
    if to >= order.len() || to == at {
        return None;
    }
    let mut next = order.to_vec();
    let image = next.remove(at);
    next.insert(to, image);
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: &[u8] = include_bytes!("../../../server/tests/fixtures/photo.jpg");
    const PNG: &[u8] = include_bytes!("../../../server/tests/fixtures/dot.png");
    const WEBP: &[u8] = include_bytes!("../../../server/tests/fixtures/square.webp");
    const WEBP_LOSSLESS: &[u8] =
        include_bytes!("../../../server/tests/fixtures/square-lossless.webp");
    const MB: usize = 1 << 20;

    fn info(kind: ImageKind, width: u32, height: u32) -> ImageInfo {
        ImageInfo {
            kind,
            width,
            height,
        }
    }

    #[test]
    fn real_files_are_recognised_with_their_size() {
        assert_eq!(inspect(JPEG, MB), Ok(info(ImageKind::Jpeg, 400, 300)));
        assert_eq!(inspect(PNG, MB), Ok(info(ImageKind::Png, 40, 30)));
        assert_eq!(inspect(WEBP, MB), Ok(info(ImageKind::Webp, 32, 32)));
        assert_eq!(
            inspect(WEBP_LOSSLESS, MB),
            Ok(info(ImageKind::Webp, 32, 32))
        );
    }

    #[test]
    fn the_name_does_not_matter_only_the_bytes() {
        // A script renamed to .png is still not an image.
        assert_eq!(
            inspect(b"#!/bin/sh\nrm -rf /\n", MB),
            Err(Rejection::NotAnImage)
        );
        assert_eq!(
            inspect(b"<html><body>hi</body></html>", MB),
            Err(Rejection::NotAnImage)
        );
    }

    #[test]
    fn svg_is_refused_with_a_reason() {
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert_eq!(inspect(svg, MB), Err(Rejection::Svg));
        assert_eq!(
            inspect(b"\xEF\xBB\xBF  <svg></svg>", MB),
            Err(Rejection::Svg)
        );
        assert!(Rejection::Svg.message().contains("SVG"));
    }

    #[test]
    fn other_image_formats_are_named_in_the_refusal() {
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
        assert_eq!(inspect(gif, MB), Err(Rejection::Unsupported("GIF")));
        let heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00";
        assert!(matches!(inspect(heic, MB), Err(Rejection::Unsupported(_))));
    }

    #[test]
    fn empty_and_oversized_files_are_refused() {
        assert_eq!(inspect(b"", MB), Err(Rejection::Empty));
        assert_eq!(
            inspect(JPEG, 1000),
            Err(Rejection::TooLarge { max_bytes: 1000 })
        );
        assert_eq!(
            Rejection::TooLarge { max_bytes: 5 * MB }.message(),
            "This file is too large: images can be at most 5 MB."
        );
    }

    #[test]
    fn truncated_or_forged_headers_are_damaged() {
        // The right magic bytes with nothing readable after them.
        assert_eq!(inspect(&JPEG[..20], MB), Err(Rejection::Damaged("JPEG")));
        assert_eq!(
            inspect(&PNG[..PNG.len() - 12], MB),
            Err(Rejection::Damaged("PNG"))
        );
        assert_eq!(
            inspect(&WEBP[..WEBP.len() - 10], MB),
            Err(Rejection::Damaged("WebP"))
        );
        assert_eq!(
            inspect(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A], MB),
            Err(Rejection::Damaged("PNG"))
        );
    }

    #[test]
    fn huge_dimensions_are_refused() {
        // The PNG fixture with its IHDR claiming 20000×20000 pixels.
        let mut forged = PNG.to_vec();
        forged[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        forged[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        assert_eq!(
            inspect(&forged, MB),
            Err(Rejection::TooBig {
                width: 20_000,
                height: 20_000
            })
        );
    }

    #[test]
    fn alt_text_is_tidied_and_limited() {
        assert_eq!(
            clean_alt("  Red   mouse,\n side view "),
            Ok("Red mouse, side view".into())
        );
        assert_eq!(clean_alt(""), Ok(String::new()));
        assert!(clean_alt(&"a".repeat(MAX_ALT + 1)).is_err());
        assert!(clean_alt("a\u{7}b").is_err());
    }

    #[test]
    fn moving_swaps_with_the_neighbour_and_stops_at_the_ends() {
        use ImageMove::{Earlier, Later};
        assert_eq!(moved(&[1, 2, 3], 2, Earlier), Some(vec![2, 1, 3]));
        assert_eq!(moved(&[1, 2, 3], 2, Later), Some(vec![1, 3, 2]));
        assert_eq!(moved(&[1, 2, 3], 1, Earlier), None);
        assert_eq!(moved(&[1, 2, 3], 3, Later), None);
        assert_eq!(moved(&[1, 2, 3], 9, Earlier), None);
    }

    #[test]
    fn a_dropped_image_takes_its_place_and_the_others_close_up() {
        use ImageMove::To;
        assert_eq!(moved(&[1, 2, 3, 4], 4, To(0)), Some(vec![4, 1, 2, 3]));
        assert_eq!(moved(&[1, 2, 3, 4], 1, To(2)), Some(vec![2, 3, 1, 4]));
        assert_eq!(moved(&[1, 2, 3, 4], 2, To(99)), Some(vec![1, 3, 4, 2]));
        assert_eq!(moved(&[1, 2, 3, 4], 3, To(2)), None);
        assert_eq!(moved(&[1, 2, 3, 4], 9, To(0)), None);
        assert_eq!(ImageMove::parse("up", None), Some(ImageMove::Earlier));
        assert_eq!(ImageMove::parse("down", None), Some(ImageMove::Later));
        assert_eq!(ImageMove::parse("", Some(1)), Some(To(0)));
        assert_eq!(ImageMove::parse("up", Some(3)), Some(To(2)));
        assert_eq!(ImageMove::parse("", Some(0)), None);
        assert_eq!(ImageMove::parse("sideways", None), None);
    }

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(human_size(5 * MB), "5 MB");
        assert_eq!(human_size(1536 * 1024), "1.5 MB");
        assert_eq!(human_size(2048), "2 KB");
    }
}
