//! Sales analytics for admins: the figures of a date range (definitions in
//! `domain::analytics`).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::analytics::Analytics;
use crate::error::AppError;

/// Figures for `from`..=`to` (`YYYY-MM-DD`, UTC); empty dates mean the last 30 days.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "admin/analytics")]
pub async fn get_analytics(from: String, to: String) -> Result<Analytics, AppError> {
    super::no_store();
    super::respond(ssr::figures(from, to).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::auth::require_role;
    use crate::db::analytics;
    use crate::domain::account::Role;
    use crate::domain::analytics::{Analytics, MAX_RANGE_DAYS};
    use crate::domain::order::{format_utc, parse_date};
    use crate::error::AppError;
    use crate::payments::now_secs;
    use crate::state::app_state;

    fn day(secs: i64) -> String {
        format_utc(secs)[..10].to_string()
    }

    pub async fn figures(from: String, to: String) -> Result<Analytics, AppError> {
        let state = app_state()?;
        require_role(&state, Role::Admin).await?;
        let now = now_secs();
        let date = |text: &str, field: &str, default: String| match text.trim() {
            "" => Ok(default),
            t => parse_date(t)
                .ok_or_else(|| AppError::invalid(field, "Enter a date like 2026-11-21.")),
        };
        let from = date(&from, "from", day(now - 29 * 86_400))?;
        let to = date(&to, "to", day(now))?;
        let span = analytics::range_days(&state.db, &from, &to).await?;
        if span < 0 {
            return Err(AppError::invalid(
                "to",
                "The end date is before the start date.",
            ));
        }
        if span >= MAX_RANGE_DAYS {
            return Err(AppError::invalid(
                "to",
                format!("Choose at most {MAX_RANGE_DAYS} days."),
            ));
        }
        Ok(analytics::figures(&state.db, &from, &to, state.store.currency).await?)
    }
}
