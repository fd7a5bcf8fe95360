//! Uploaded image files on local disk. Each upload gets a new random name under its product's
//! folder, so an address never changes content and can be cached for a year; the database row
//! is the only reference to it. Next to it go its renditions (`domain::picture`): smaller WebP
//! and JPEG copies, decoded and encoded on a blocking thread, one picture at a time.

use std::path::{Path, PathBuf};

use crate::domain::image::{ImageKind, MAX_PIXELS, MAX_SIDE};
use crate::domain::picture::{rendition_url, scaled_height, widths_for, Format};

/// The public address prefix of uploaded files.
pub const URL_PREFIX: &str = "/media/uploads/";

/// Writes the bytes under `dir` and returns their public address. The file appears whole or
/// not at all (written aside, then renamed).
pub async fn store(
    dir: &Path,
    product: i64,
    kind: ImageKind,
    bytes: &[u8],
) -> std::io::Result<String> {
    let folder = dir.join(product.to_string());
    tokio::fs::create_dir_all(&folder).await?;
    let name = format!(
        "{}.{}",
        &crate::auth::session::new_token()[..24],
        kind.extension()
    );
    write_whole(&folder.join(&name), bytes).await?;
    Ok(format!("{URL_PREFIX}{product}/{name}"))
}

/// Writes a file that appears whole or not at all (written aside, then renamed).
async fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let partial = path.with_file_name(format!(".{name}.part"));
    tokio::fs::write(&partial, bytes).await?;
    tokio::fs::rename(&partial, path).await
}

/// Why renditions could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The file's pixels cannot be decoded (damaged, or over the decoder's limits).
    #[error("the picture cannot be decoded: {0}")]
    Decode(String),
    #[error("a rendition could not be encoded: {0}")]
    Encode(String),
    #[error("a rendition could not be written: {0}")]
    Write(#[from] std::io::Error),
}

/// One picture decoded and scaled at a time: a 40-megapixel upload takes 160 MB while decoded.
static RENDERING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// Makes the WebP and JPEG renditions of the upload at `url` (whose bytes are `bytes`) next to
/// it. Returns the picture's width and height as shown (after its EXIF orientation). Metadata
/// (EXIF, including any location) is not copied into the renditions.
pub async fn render(dir: &Path, url: &str, bytes: Vec<u8>) -> Result<(u32, u32), RenderError> {
    let _turn = RENDERING
        .acquire()
        .await
        .expect("the semaphore is never closed");
    let (size, files) = tokio::task::spawn_blocking(move || renditions(&bytes))
        .await
        .map_err(|e| RenderError::Decode(e.to_string()))??;
    for (width, format, data) in files {
        let target = rendition_url(url, width, format);
        let path = path_of(dir, &target).ok_or_else(|| {
            RenderError::Write(std::io::Error::other(format!("not an upload: {target}")))
        })?;
        write_whole(&path, &data).await?;
    }
    Ok(size)
}

type Rendition = (u32, Format, Vec<u8>);

/// Decodes and scales: the largest rendition from the original, each smaller one from the one
/// above it (a few times faster than from the original, and as sharp).
fn renditions(bytes: &[u8]) -> Result<((u32, u32), Vec<Rendition>), RenderError> {
    use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

    let decode = |e: image::ImageError| RenderError::Decode(e.to_string());
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| RenderError::Decode(e.to_string()))?;
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode)?;
    // Unreadable EXIF is not a reason to refuse the pixels.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(decode)?;
    picture.apply_orientation(orientation);
    let (w, h) = (picture.width(), picture.height());
    let opaque = !picture.color().has_alpha();

    let mut files = Vec::new();
    let mut source = picture;
    for width in widths_for(w).into_iter().rev() {
        let height = scaled_height(w, h, width);
        let scaled = if (source.width(), source.height()) == (width, height) {
            source.clone()
        } else {
            source.resize_exact(width, height, image::imageops::FilterType::Triangle)
        };
        files.push((width, Format::Webp, webp_of(&scaled, opaque)?));
        files.push((width, Format::Jpeg, jpeg_of(&scaled)?));
        source = scaled;
    }
    Ok(((w, h), files))
}

fn webp_of(picture: &image::DynamicImage, opaque: bool) -> Result<Vec<u8>, RenderError> {
    const QUALITY: f32 = 78.0;
    let (w, h) = (picture.width(), picture.height());
    let encoded = if opaque {
        let rgb = picture.to_rgb8();
        webp::Encoder::from_rgb(&rgb, w, h).encode_simple(false, QUALITY)
    } else {
        let rgba = picture.to_rgba8();
        webp::Encoder::from_rgba(&rgba, w, h).encode_simple(false, QUALITY)
    };
    encoded
        .map(|m| m.to_vec())
        .map_err(|e| RenderError::Encode(format!("{e:?}")))
}

/// JPEG has no transparency: transparent parts become white, like the page behind them.
fn jpeg_of(picture: &image::DynamicImage) -> Result<Vec<u8>, RenderError> {
    let mut rgb = image::RgbImage::new(picture.width(), picture.height());
    for (out, px) in rgb.pixels_mut().zip(picture.to_rgba8().pixels()) {
        let [r, g, b, a] = px.0;
        let over_white =
            |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        out.0 = [over_white(r), over_white(g), over_white(b)];
    }
    let mut data = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut data, 80)
        .encode_image(&rgb)
        .map_err(|e| RenderError::Encode(e.to_string()))?;
    Ok(data)
}

/// The file behind an uploaded image's address; None for addresses that are not uploads
/// (demo pictures) or that try to leave the directory.
pub fn path_of(dir: &Path, url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix(URL_PREFIX)?;
    let (product, name) = rest.split_once('/')?;
    let safe = |s: &str| {
        !s.is_empty()
            && !s.starts_with('.')
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
    };
    (product.bytes().all(|b| b.is_ascii_digit()) && !product.is_empty() && safe(name))
        .then(|| dir.join(product).join(name))
}

/// Removes an uploaded image's file and its renditions (`<name>-<width>w.<webp|jpg>` beside
/// it); files already gone are fine.
pub async fn remove(dir: &Path, url: &str) {
    let Some(path) = path_of(dir, url) else {
        return;
    };
    let mut doomed = vec![path.clone()];
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let is_rendition = |name: &str| {
        name.strip_prefix(stem)
            .and_then(|rest| rest.strip_prefix('-'))
            .and_then(|rest| rest.split_once("w."))
            .is_some_and(|(width, ext)| {
                !width.is_empty()
                    && width.bytes().all(|b| b.is_ascii_digit())
                    && [Format::Webp, Format::Jpeg]
                        .iter()
                        .any(|f| f.extension() == ext)
            })
    };
    if let (Some(folder), false) = (path.parent(), stem.is_empty()) {
        if let Ok(mut entries) = tokio::fs::read_dir(folder).await {
            while let Ok(Some(entry)) = entries.next_entry().await {
                if entry.file_name().to_str().is_some_and(is_rendition) {
                    doomed.push(entry.path());
                }
            }
        }
    }
    for path in doomed {
        match tokio::fs::remove_file(&path).await {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                tracing::warn!(error = %e, path = %path.display(), "could not remove an image file")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_upload_addresses_map_to_files_inside_the_directory() {
        let dir = Path::new("/srv/media");
        assert_eq!(
            path_of(dir, "/media/uploads/12/abc123.png"),
            Some(PathBuf::from("/srv/media/12/abc123.png"))
        );
        assert_eq!(path_of(dir, "/media/demo/mouse/1.svg"), None);
        assert_eq!(path_of(dir, "/media/uploads/12/../../etc/passwd"), None);
        assert_eq!(path_of(dir, "/media/uploads/../x.png"), None);
        assert_eq!(path_of(dir, "/media/uploads/12/.hidden"), None);
    }
}
