//! Uploaded image files on local disk. Each upload gets a new random name under its product's
//! folder, so an address never changes content and can be cached for a year; the database row
//! is the only reference to it.

use std::path::{Path, PathBuf};

use crate::domain::image::ImageKind;

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
    let partial = folder.join(format!(".{name}.part"));
    tokio::fs::write(&partial, bytes).await?;
    tokio::fs::rename(&partial, folder.join(&name)).await?;
    Ok(format!("{URL_PREFIX}{product}/{name}"))
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

/// Removes an uploaded image's file; a file already gone is fine.
pub async fn remove(dir: &Path, url: &str) {
    let Some(path) = path_of(dir, url) else {
        return;
    };
    match tokio::fs::remove_file(&path).await {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            tracing::warn!(error = %e, path = %path.display(), "could not remove an image file")
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
