//! A product's images: alt text, order and deletion as server functions; uploads arrive as
//! multipart form posts at `POST /admin/products/{id}/images` (a plain route in the server
//! crate) and are handled by [`ssr::upload`]. Sellers manage only their own products' images.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::image::UploadRefusal;
use crate::domain::product_edit::ProductEditor;
use crate::error::AppError;

/// Sets an image's alt text (what screen readers say; empty uses the product's name).
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/products/image/alt")]
pub async fn set_image_alt(
    product: i64,
    image: i64,
    alt: String,
) -> Result<ProductEditor, AppError> {
    super::respond(ssr::alt(product, image, alt).await)
}

/// Moves an image one place earlier (`direction` "up") or later ("down") in the gallery, or to
/// `position` (from 1; dragged there); the first image is the product's main picture.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/products/image/move")]
pub async fn move_image(
    product: i64,
    image: i64,
    #[server(default)] direction: String,
    #[server(default)] position: Option<u32>,
) -> Result<ProductEditor, AppError> {
    super::respond(ssr::reorder(product, image, direction, position).await)
}

/// Deletes an image (and its file, when it was uploaded).
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/products/image/delete")]
pub async fn delete_image(product: i64, image: i64) -> Result<ProductEditor, AppError> {
    super::respond(ssr::delete(product, image).await)
}

/// Why this account's last upload was refused (the key comes with the redirect back to the
/// editor); None for an unknown, expired or another account's key.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/products/image/refusal")]
pub async fn get_upload_refusal(key: String) -> Result<Option<UploadRefusal>, AppError> {
    super::no_store();
    super::respond(ssr::refusal(key).await)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::auth::{require_role, SignedIn};
    use crate::db::images::{self, NewImage, Room};
    use crate::domain::account::Role;
    use crate::domain::image::{clean_alt, inspect, ImageMove, Rejection, MAX_PER_PRODUCT};
    use crate::domain::product_edit::ProductEditor;
    use crate::error::AppError;
    use crate::state::{app_state, AppState};

    fn scope(me: &SignedIn) -> Option<i64> {
        (me.viewer.role == Role::Seller).then_some(me.user_id)
    }

    fn not_found() -> AppError {
        AppError::NotFound("image".into())
    }

    fn full() -> AppError {
        AppError::invalid(
            "image",
            format!("A product can have at most {MAX_PER_PRODUCT} images; delete one first."),
        )
    }

    async fn staff() -> Result<(AppState, SignedIn), AppError> {
        let state = app_state()?;
        let me = require_role(&state, Role::Seller).await?;
        Ok((state, me))
    }

    const REFUSAL: &str = "upload-refusal";

    /// Keeps a refused upload's reason and alt text for the editor; returns the key.
    pub async fn remember_refusal(
        state: &AppState,
        me: &SignedIn,
        refusal: &crate::domain::image::UploadRefusal,
    ) -> Result<String, AppError> {
        let prefix = state.auth.redis_prefix;
        Ok(crate::db::flash::remember(&state.redis, prefix, REFUSAL, me.user_id, refusal).await?)
    }

    pub async fn refusal(
        key: String,
    ) -> Result<Option<crate::domain::image::UploadRefusal>, AppError> {
        let state = app_state()?;
        let me = require_role(&state, Role::Seller).await?;
        let prefix = state.auth.redis_prefix;
        Ok(crate::db::flash::recall(&state.redis, prefix, REFUSAL, me.user_id, key.trim()).await?)
    }

    /// Whether `me` may add an image to `product` (a seller's own product or any for an admin,
    /// with room in its gallery): checked before the upload's body is read.
    pub async fn may_upload(state: &AppState, me: &SignedIn, product: i64) -> Result<(), AppError> {
        if !me.viewer.role.at_least(Role::Seller) {
            return Err(AppError::Forbidden);
        }
        match images::can_add(&state.db, product, scope(me)).await? {
            Room::Free => Ok(()),
            Room::Full => Err(full()),
            Room::NotFound => Err(AppError::NotFound("product".into())),
        }
    }

    /// Checks and stores an uploaded file for a product (`me` must be its seller or an admin):
    /// the bytes must be a JPEG, PNG or WebP within the size limit, whatever the file is called.
    pub async fn upload(
        state: &AppState,
        me: &SignedIn,
        product: i64,
        bytes: &[u8],
        alt: &str,
    ) -> Result<(), AppError> {
        if !me.viewer.role.at_least(Role::Seller) {
            return Err(AppError::Forbidden);
        }
        let info = inspect(bytes, state.media.max_bytes)
            .map_err(|r| AppError::invalid("image", r.message()))?;
        let alt = clean_alt(alt).map_err(|m| AppError::invalid("alt", m))?;
        match images::can_add(&state.db, product, scope(me)).await? {
            Room::Free => {}
            Room::Full => return Err(full()),
            Room::NotFound => return Err(AppError::NotFound("product".into())),
        }
        let url = crate::media::store(&state.media.dir, product, info.kind, bytes)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, dir = %state.media.dir.display(), "could not store an image");
                AppError::Internal
            })?;
        // The smaller copies pages load; a file whose pixels cannot be decoded is refused.
        let (width, height) =
            match crate::media::render(&state.media.dir, &url, bytes.to_vec()).await {
                Ok(size) => size,
                Err(crate::media::RenderError::Decode(e)) => {
                    tracing::info!(error = %e, product, "undecodable upload");
                    crate::media::remove(&state.media.dir, &url).await;
                    let kind = info.kind.name();
                    return Err(AppError::invalid(
                        "image",
                        Rejection::Damaged(kind).message(),
                    ));
                }
                Err(e) => {
                    tracing::error!(error = %e, %url, "could not make an upload's renditions");
                    crate::media::remove(&state.media.dir, &url).await;
                    return Err(AppError::Internal);
                }
            };
        let image = NewImage {
            url: &url,
            alt: &alt,
            width: width as i32,
            height: height as i32,
            renditions: true,
        };
        let added = images::add(&state.db, product, scope(me), &image, me.user_id).await;
        match added {
            Ok(Room::Free) => {
                tracing::info!(by = me.user_id, product, %url, "image uploaded");
                Ok(())
            }
            other => {
                crate::media::remove(&state.media.dir, &url).await;
                match other? {
                    Room::Full => Err(full()),
                    _ => Err(AppError::NotFound("product".into())),
                }
            }
        }
    }

    pub async fn alt(product: i64, image: i64, alt: String) -> Result<ProductEditor, AppError> {
        let (state, me) = staff().await?;
        let alt = clean_alt(&alt).map_err(|m| AppError::invalid("alt", m))?;
        if !images::set_alt(&state.db, product, image, &alt, scope(&me), me.user_id).await? {
            return Err(not_found());
        }
        super::super::products::ssr::load(&state, &me, product).await
    }

    pub async fn reorder(
        product: i64,
        image: i64,
        direction: String,
        position: Option<u32>,
    ) -> Result<ProductEditor, AppError> {
        let (state, me) = staff().await?;
        let how = ImageMove::parse(&direction, position).ok_or_else(|| {
            AppError::invalid("direction", "Move an image up, down or to a place from 1.")
        })?;
        if !images::move_image(&state.db, product, image, how, scope(&me), me.user_id).await? {
            return Err(not_found());
        }
        super::super::products::ssr::load(&state, &me, product).await
    }

    pub async fn delete(product: i64, image: i64) -> Result<ProductEditor, AppError> {
        let (state, me) = staff().await?;
        let deleted = images::delete(&state.db, product, image, scope(&me), me.user_id)
            .await?
            .ok_or_else(not_found)?;
        if !deleted.still_used {
            crate::media::remove(&state.media.dir, &deleted.url).await;
        }
        super::super::products::ssr::load(&state, &me, product).await
    }
}
