//! The signed-in account's saved addresses. Every function here needs a signed-in account
//! (`auth::require_user`) and touches only that account's addresses.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::address::{Address, AddressFields};
use crate::error::AppError;

/// The account's addresses, the default first.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "account/addresses")]
pub async fn list_addresses() -> Result<Vec<Address>, AppError> {
    super::no_store();
    super::respond(ssr::list().await)
}

/// Creates an address (no `id`) or updates one. A checked `make_default` makes it the default
/// shipping address; the first address is the default anyway.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/addresses/save")]
pub async fn save_address(
    id: Option<i64>,
    address: AddressFields,
    make_default: Option<String>,
) -> Result<i64, AppError> {
    super::respond(ssr::save(id, address, make_default.is_some()).await)
}

/// Makes an address the default shipping address.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/addresses/default")]
pub async fn set_default_address(id: i64) -> Result<(), AppError> {
    super::respond(ssr::set_default(id).await)
}

/// Deletes an address.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "account/addresses/delete")]
pub async fn delete_address(id: i64) -> Result<(), AppError> {
    super::respond(ssr::delete(id).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::auth;
    use crate::db::addresses::{self, Saved};
    use crate::domain::address::{Address, AddressFields, MAX_ADDRESSES};
    use crate::error::AppError;
    use crate::state::app_state;

    fn not_found() -> AppError {
        AppError::NotFound("address".into())
    }

    pub async fn list() -> Result<Vec<Address>, AppError> {
        let state = app_state()?;
        let me = auth::require_user(&state).await?;
        Ok(addresses::list(&state.db, me.user_id).await?)
    }

    pub async fn save(
        id: Option<i64>,
        raw: AddressFields,
        make_default: bool,
    ) -> Result<i64, AppError> {
        let state = app_state()?;
        let me = auth::require_user(&state).await?;
        let fields =
            AddressFields::parse(raw, &state.store.ship_to).map_err(AppError::from_mistakes)?;
        match addresses::save(&state.db, me.user_id, id, &fields, make_default).await? {
            Saved::Saved(id) => Ok(id),
            Saved::NotFound => Err(not_found()),
            Saved::TooMany => Err(AppError::Conflict(format!(
                "You can keep at most {MAX_ADDRESSES} addresses. Delete one first."
            ))),
        }
    }

    pub async fn set_default(id: i64) -> Result<(), AppError> {
        let state = app_state()?;
        let me = auth::require_user(&state).await?;
        match addresses::set_default(&state.db, me.user_id, id).await? {
            true => Ok(()),
            false => Err(not_found()),
        }
    }

    pub async fn delete(id: i64) -> Result<(), AppError> {
        let state = app_state()?;
        let me = auth::require_user(&state).await?;
        match addresses::delete(&state.db, me.user_id, id).await? {
            true => Ok(()),
            false => Err(not_found()),
        }
    }
}
