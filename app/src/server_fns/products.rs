//! Catalog management for sellers and admins: the product list, the editor, saving a product
//! (every field checked at once; a save against an older version is refused, not applied),
//! variants added, edited and retired. Sellers see and edit only their own products, and what
//! they create is theirs; admins see everything and assign products to sellers.

// Form posts arrive as one argument per field.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::domain::product_edit::{AdminProductPage, ProductEditor, ProductForm, VariantForm};
use crate::error::AppError;

/// Products matching `q` (name, brand, slug or SKU), sorted by `sort` (newest, name, updated,
/// stock), 50 a page.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/products")]
pub async fn admin_products(
    q: String,
    sort: String,
    page: u32,
) -> Result<AdminProductPage, AppError> {
    super::no_store();
    super::respond(ssr::list(q, sort, page).await)
}

/// The editor's data; `id` 0 for a new product.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/products/editor")]
pub async fn get_product_editor(id: i64) -> Result<ProductEditor, AppError> {
    super::no_store();
    super::respond(ssr::editor(id).await)
}

/// Creates (`id` 0, with its first variant: `sku`, `options`, `price`, `compare_at`,
/// `threshold`) or updates a product loaded at `version`. `active` is "on" when ticked;
/// `seller` is a seller's account id or empty (admins only).
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/products/save")]
pub async fn save_product(
    id: i64,
    version: i32,
    name: String,
    slug: String,
    brand: String,
    category: String,
    description: String,
    specs: String,
    active: Option<String>,
    seller: Option<String>,
    sku: Option<String>,
    options: Option<String>,
    price: Option<String>,
    compare_at: Option<String>,
    threshold: Option<String>,
) -> Result<ProductEditor, AppError> {
    let product = ProductForm {
        name,
        slug,
        brand,
        category,
        description,
        specs,
        active: active.is_some_and(|a| a == "on" || a == "true"),
    };
    let first = VariantForm {
        sku: sku.unwrap_or_default(),
        options: options.unwrap_or_default(),
        price: price.unwrap_or_default(),
        compare_at: compare_at.unwrap_or_default(),
        threshold: threshold.unwrap_or_default(),
    };
    super::respond(ssr::save(id, version, product, first, seller).await)
}

/// Adds a variant (`original` empty) or edits the one with SKU `original`. `version`: the
/// product version the form was loaded at (the editor always sends it; a save against an older
/// one is refused with 409).
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/products/variant")]
pub async fn save_variant(
    product: i64,
    version: Option<i32>,
    original: String,
    sku: String,
    options: String,
    price: String,
    compare_at: String,
    threshold: String,
) -> Result<ProductEditor, AppError> {
    super::respond(
        ssr::variant(
            product, version, original, sku, options, price, compare_at, threshold,
        )
        .await,
    )
}

/// Retires a variant (`active` false: no longer sold, kept for past orders) or restores it.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/products/variant/active")]
pub async fn set_variant_active(sku: String, active: bool) -> Result<ProductEditor, AppError> {
    super::respond(ssr::set_active(sku, active).await)
}

/// Sellers: the paid order lines of their own products, newest first (no customer or payment
/// details). Admins see every seller's lines in the order screens instead.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/sales")]
pub async fn my_sales() -> Result<Vec<crate::domain::order::SellerLine>, AppError> {
    super::no_store();
    super::respond(ssr::sales().await)
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::auth::{require_role, SignedIn};
    use crate::db::products::{self, Saved, VariantSaved};
    use crate::domain::account::Role;
    use crate::domain::product_edit::{
        validate_product, validate_variant, AdminProductPage, ProductEditor, ProductForm,
        VariantForm,
    };
    use crate::error::AppError;
    use crate::state::{app_state, AppState};

    const PAGE: i64 = 50;

    async fn staff() -> Result<(AppState, SignedIn), AppError> {
        let state = app_state()?;
        let me = require_role(&state, Role::Seller).await?;
        Ok((state, me))
    }

    /// Sellers are limited to their own products.
    fn scope(me: &SignedIn) -> Option<i64> {
        (me.viewer.role == Role::Seller).then_some(me.user_id)
    }

    fn not_found() -> AppError {
        AppError::NotFound("product".into())
    }

    fn stale() -> AppError {
        AppError::Conflict(
            "Someone else changed this product after you opened it. Your changes were not saved: copy them, reload, and apply them again.".into(),
        )
    }

    fn fields(errors: Vec<(String, String)>) -> AppError {
        AppError::Fields(errors)
    }

    pub async fn list(q: String, sort: String, page: u32) -> Result<AdminProductPage, AppError> {
        let (state, me) = staff().await?;
        let page = page.clamp(1, 10_000);
        let q: String = q.chars().take(100).collect();
        let (mut rows, total) = products::list(
            &state.db,
            &q,
            &sort,
            scope(&me),
            PAGE + 1,
            i64::from(page - 1) * PAGE,
        )
        .await?;
        let has_more = rows.len() as i64 > PAGE;
        rows.truncate(PAGE as usize);
        Ok(AdminProductPage {
            rows,
            page,
            has_more,
            total,
        })
    }

    /// The editor's data for `id` (0: an empty form), as `me` may see it.
    pub(crate) async fn load(
        state: &AppState,
        me: &SignedIn,
        id: i64,
    ) -> Result<ProductEditor, AppError> {
        let categories = products::category_choices(&state.db).await?;
        let sellers = if me.viewer.role == Role::Admin {
            products::sellers(&state.db).await?
        } else {
            Vec::new()
        };
        if id == 0 {
            return Ok(ProductEditor {
                id: 0,
                version: 0,
                form: ProductForm {
                    active: true,
                    ..ProductForm::default()
                },
                seller_id: scope(me),
                variants: Vec::new(),
                images: Vec::new(),
                image_max_bytes: state.media.max_bytes as u64,
                categories,
                sellers,
            });
        }
        let (version, form, seller_id, variants) = products::load(&state.db, id, scope(me))
            .await?
            .ok_or_else(not_found)?;
        let images = crate::db::images::list(&state.db, id).await?;
        Ok(ProductEditor {
            id,
            version,
            form,
            seller_id,
            variants,
            images,
            image_max_bytes: state.media.max_bytes as u64,
            categories,
            sellers,
        })
    }

    pub async fn sales() -> Result<Vec<crate::domain::order::SellerLine>, AppError> {
        let state = app_state()?;
        let me = require_role(&state, Role::Seller).await?;
        if me.viewer.role != Role::Seller {
            return Ok(Vec::new());
        }
        Ok(crate::db::orders::admin::seller_lines(&state.db, me.user_id, 200).await?)
    }

    pub async fn editor(id: i64) -> Result<ProductEditor, AppError> {
        let (state, me) = staff().await?;
        load(&state, &me, id).await
    }

    pub async fn save(
        id: i64,
        version: i32,
        form: ProductForm,
        first: VariantForm,
        seller: Option<String>,
    ) -> Result<ProductEditor, AppError> {
        let (state, me) = staff().await?;
        let product = validate_product(&form);
        // A new product comes with its first variant: every mistake of both at once.
        let first = (id == 0).then(|| validate_variant(&first, state.store.currency));
        let (product, first) = match (product, first) {
            (Ok(p), None) => (p, None),
            (Ok(p), Some(Ok(v))) => (p, Some(v)),
            (p, v) => {
                let mut errors = p.err().unwrap_or_default();
                errors.extend(v.and_then(Result::err).unwrap_or_default());
                return Err(fields(errors));
            }
        };
        // Admins choose the owner; a seller's products stay theirs.
        let owner = match (me.viewer.role, seller.as_deref().map(str::trim)) {
            (Role::Admin, Some("")) => Some(None),
            (Role::Admin, Some(text)) => {
                Some(Some(text.parse::<i64>().map_err(|_| {
                    AppError::invalid("seller", "Choose a seller from the list.")
                })?))
            }
            (Role::Admin, None) => None,
            _ => None,
        };
        let saved = if let Some(first) = first {
            let owner = scope(&me).or(owner.flatten());
            let currency = state.store.currency;
            products::create(&state.db, &product, &first, currency, owner, me.user_id).await?
        } else {
            products::update(
                &state.db,
                id,
                version,
                &product,
                owner,
                scope(&me),
                me.user_id,
            )
            .await?
        };
        match saved {
            Saved::Done(id) => {
                tracing::info!(by = me.user_id, product = id, "product saved");
                // Search's typo correction knows the new words at once.
                crate::db::listing::refresh_search_words(&state.db).await?;
                load(&state, &me, id).await
            }
            Saved::Stale => Err(stale()),
            Saved::SlugTaken => Err(AppError::invalid(
                "slug",
                "Another product has this address; choose another.",
            )),
            Saved::NoCategory => Err(AppError::invalid(
                "category",
                "Choose a category from the list.",
            )),
            Saved::NoSeller => Err(AppError::invalid(
                "seller",
                "Choose a seller from the list.",
            )),
            Saved::SkuTaken => Err(AppError::invalid("sku", "Another variant has this SKU.")),
            Saved::NotFound => Err(not_found()),
        }
    }

    pub async fn variant(
        product: i64,
        version: Option<i32>,
        original: String,
        sku: String,
        options: String,
        price: String,
        compare_at: String,
        threshold: String,
    ) -> Result<ProductEditor, AppError> {
        let (state, me) = staff().await?;
        let form = VariantForm {
            sku,
            options,
            price,
            compare_at,
            threshold,
        };
        let variant = validate_variant(&form, state.store.currency).map_err(fields)?;
        let original = original.trim();
        let original = (!original.is_empty()).then_some(original);
        match products::save_variant(
            &state.db,
            product,
            original,
            &variant,
            state.store.currency,
            scope(&me),
            version,
            me.user_id,
        )
        .await?
        {
            VariantSaved::Done => load(&state, &me, product).await,
            VariantSaved::Stale => Err(stale()),
            VariantSaved::SkuTaken => {
                Err(AppError::invalid("sku", "Another variant has this SKU."))
            }
            VariantSaved::NotFound => Err(not_found()),
        }
    }

    pub async fn set_active(sku: String, active: bool) -> Result<ProductEditor, AppError> {
        let (state, me) = staff().await?;
        match products::set_variant_active(&state.db, sku.trim(), active, scope(&me), me.user_id)
            .await?
        {
            Some(product) => load(&state, &me, product).await,
            None => Err(AppError::NotFound("variant".into())),
        }
    }
}
