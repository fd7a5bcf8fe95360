//! Category management for admins: the tree, creating, renaming and moving a category, and
//! reordering siblings.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::product_edit::CategoryRow;
use crate::error::AppError;

#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/categories")]
pub async fn admin_categories() -> Result<Vec<CategoryRow>, AppError> {
    super::no_store();
    super::respond(ssr::tree().await)
}

/// Creates (`id` 0) or updates a category; `parent` is a category slug or empty for the top;
/// `spec_facets` the specification names its listing filters by, separated by commas.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/categories/save")]
pub async fn save_category(
    id: i64,
    name: String,
    slug: String,
    parent: String,
    #[server(default)] spec_facets: String,
) -> Result<Vec<CategoryRow>, AppError> {
    super::respond(ssr::save(id, name, slug, parent, spec_facets).await)
}

/// Moves a category before (`up` true) or after its neighbour among its siblings.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/categories/reorder")]
pub async fn reorder_category(id: i64, up: bool) -> Result<Vec<CategoryRow>, AppError> {
    super::respond(ssr::reorder(id, up).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::auth::require_role;
    use crate::db::categories::{self, CategorySaved};
    use crate::domain::account::Role;
    use crate::domain::product_edit::{parse_spec_facets, validate_category, CategoryRow};
    use crate::error::AppError;
    use crate::state::app_state;

    pub async fn tree() -> Result<Vec<CategoryRow>, AppError> {
        let state = app_state()?;
        require_role(&state, Role::Admin).await?;
        Ok(categories::tree(&state.db).await?)
    }

    pub async fn save(
        id: i64,
        name: String,
        slug: String,
        parent: String,
        spec_facets: String,
    ) -> Result<Vec<CategoryRow>, AppError> {
        let state = app_state()?;
        let me = require_role(&state, Role::Admin).await?;
        let checked = validate_category(&name, &slug);
        let facets = parse_spec_facets(&spec_facets);
        let ((name, slug), spec_facets) = match (checked, facets) {
            (Ok(named), Ok(facets)) => (named, facets),
            (checked, facets) => {
                let mut errors = checked.err().unwrap_or_default();
                if let Err(message) = facets {
                    errors.push(("spec_facets".into(), message));
                }
                return Err(AppError::Fields(errors));
            }
        };
        let parent = parent.trim();
        let parent = (!parent.is_empty()).then_some(parent);
        match categories::save(
            &state.db,
            id,
            &name,
            &slug,
            parent,
            &spec_facets,
            me.user_id,
        )
        .await?
        {
            CategorySaved::Done => {
                crate::db::listing::refresh_search_words(&state.db).await?;
                Ok(categories::tree(&state.db).await?)
            }
            CategorySaved::SlugTaken => Err(AppError::invalid(
                "slug",
                "Another category has this address.",
            )),
            CategorySaved::NoParent => Err(AppError::invalid(
                "parent",
                "Choose a parent from the list.",
            )),
            CategorySaved::Cycle => Err(AppError::invalid(
                "parent",
                "A category can't be moved under itself or one of its own subcategories.",
            )),
            CategorySaved::NotFound => Err(AppError::NotFound("category".into())),
        }
    }

    pub async fn reorder(id: i64, up: bool) -> Result<Vec<CategoryRow>, AppError> {
        let state = app_state()?;
        let me = require_role(&state, Role::Admin).await?;
        categories::reorder(&state.db, id, up, me.user_id).await?;
        Ok(categories::tree(&state.db).await?)
    }
}
