//! The store's settings and footer pages: anyone reads a page (`/help/{slug}`); admins edit
//! the settings and the pages in the dashboard (`/admin/store`).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::settings::{SettingsForm, StorePage};
use crate::error::AppError;

/// What the dashboard's store page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreSettingsView {
    pub form: SettingsForm,
    /// The announcement bar as shoppers see it now (None: no bar).
    pub announcement: Option<String>,
    pub pages: Vec<StorePage>,
}

/// A footer page (Shipping, Returns, ...). Public and cached with the catalog.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "catalog/page")]
pub async fn get_help_page(slug: String) -> Result<StorePage, AppError> {
    super::respond(ssr::page(slug).await)
}

#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/store")]
pub async fn admin_store() -> Result<StoreSettingsView, AppError> {
    super::no_store();
    super::respond(ssr::admin_store().await)
}

/// Saves the settings (admins); every mistake is reported at once, the form keeps what was
/// typed.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/store/settings")]
pub async fn save_store_settings(settings: SettingsForm) -> Result<StoreSettingsView, AppError> {
    super::respond(ssr::save_settings(settings).await)
}

/// Saves a footer page's title and text (admins).
#[server(output = crate::server_fns::codec::TextJson, endpoint = "admin/store/page")]
pub async fn save_store_page(
    slug: String,
    title: String,
    body: String,
) -> Result<StorePage, AppError> {
    super::respond(ssr::save_page(slug, title, body).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::StoreSettingsView;
    use crate::auth::require_role;
    use crate::db::settings as db;
    use crate::domain::account::Role;
    use crate::domain::money::Money;
    use crate::domain::settings::{fill_placeholders, validate_page, SettingsForm, StorePage};
    use crate::error::AppError;
    use crate::state::{app_state, AppState};

    /// The page as shoppers read it: its placeholders filled from the settings.
    pub async fn page(slug: String) -> Result<StorePage, AppError> {
        let state = app_state()?;
        let mut page = db::page(&state.db, slug.trim())
            .await?
            .ok_or_else(|| AppError::NotFound("page".into()))?;
        page.body = fill_placeholders(&page.body, &state.settings.get().settings);
        Ok(page)
    }

    async fn current(state: &AppState) -> Result<StoreSettingsView, AppError> {
        let loaded = state.settings.get();
        let free_from = state
            .checkout
            .shipping
            .free_from
            .map(|minor| Money::new(minor, state.store.currency));
        Ok(StoreSettingsView {
            form: SettingsForm::of(&loaded.settings),
            announcement: loaded.settings.announcement_text(free_from),
            pages: db::pages(&state.db).await?,
        })
    }

    pub async fn admin_store() -> Result<StoreSettingsView, AppError> {
        let state = app_state()?;
        require_role(&state, Role::Admin).await?;
        current(&state).await
    }

    pub async fn save_settings(form: SettingsForm) -> Result<StoreSettingsView, AppError> {
        let state = app_state()?;
        let me = require_role(&state, Role::Admin).await?;
        let mut mistakes = match form.validate() {
            Ok(settings) if db::zone_exists(&state.db, &settings.delivery.time_zone).await? => {
                db::save(&state.db, &settings, me.user_id).await?;
                // This instance at once; the others on `store.changed`.
                state.settings.reload(&state.db).await?;
                return current(&state).await;
            }
            Ok(_) => Vec::new(),
            Err(mistakes) => mistakes,
        };
        if !mistakes.iter().any(|(field, _)| *field == "time_zone")
            && !db::zone_exists(&state.db, form.time_zone.trim()).await?
        {
            mistakes.push((
                "time_zone",
                "This time zone is unknown: use a name like America/New_York or Europe/Paris."
                    .into(),
            ));
        }
        Err(AppError::from_mistakes(mistakes))
    }

    pub async fn save_page(
        slug: String,
        title: String,
        body: String,
    ) -> Result<StorePage, AppError> {
        let state = app_state()?;
        let me = require_role(&state, Role::Admin).await?;
        let (title, body) =
            validate_page(slug.trim(), &title, &body).map_err(AppError::from_mistakes)?;
        if !db::save_page(&state.db, slug.trim(), &title, &body, me.user_id).await? {
            return Err(AppError::NotFound("page".into()));
        }
        db::page(&state.db, slug.trim())
            .await?
            .ok_or_else(|| AppError::NotFound("page".into()))
    }
}
