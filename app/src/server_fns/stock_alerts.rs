//! Back-in-stock alerts: asked for on a sold-out variant's product page; confirmed and stopped
//! from the emailed links. The email itself goes out when the variant is available again
//! (`notify`, driven by `stock.changed` events).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::stock_alerts::{AlertView, Subscribed};
use crate::error::AppError;

/// What the product page says after a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertRequested {
    pub outcome: Subscribed,
    pub email: String,
}

/// A confirmed alert; `available_now` when the variant can already be bought again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertConfirmed {
    pub alert: AlertView,
    pub available_now: bool,
}

/// Asks to be emailed once when the sold-out variant `sku` is back. A signed-in shopper's
/// verified address is on the list at once; any other address gets a confirmation link first.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "alerts/subscribe")]
pub async fn request_stock_alert(sku: String, email: String) -> Result<AlertRequested, AppError> {
    let result = ssr::request(sku.clone(), email).await;
    match result {
        // A form posted without JavaScript goes back to the product page, which says why.
        Err(error) if ssr::sent_back(&sku, &error).await => Err(error),
        other => super::respond(other),
    }
}

/// Confirms an alert from its emailed link.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "alerts/confirm")]
pub async fn confirm_stock_alert(token: String) -> Result<AlertConfirmed, AppError> {
    super::respond(ssr::confirm(token).await)
}

/// Stops an alert from its emailed link.
#[server(output = crate::server_fns::codec::TextJson, endpoint = "alerts/stop")]
pub async fn stop_stock_alert(token: String) -> Result<AlertView, AppError> {
    super::respond(ssr::stop(token).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{AlertConfirmed, AlertRequested};
    use crate::auth::{self, accounts as flows, rate_limit, session};
    use crate::db::stock_alerts::{self as db, NewAlert};
    use crate::domain::account::Email;
    use crate::domain::mail;
    use crate::domain::stock_alerts::{AlertView, Refused, Subscribed, STOPPED};
    use crate::error::AppError;
    use crate::state::app_state;

    fn no_alert() -> AppError {
        AppError::invalid(
            "token",
            "This alert has ended: it was stopped, or its email was sent. Ask again on the product page.",
        )
    }

    pub async fn request(sku: String, email: String) -> Result<AlertRequested, AppError> {
        let state = app_state()?;
        let email = Email::parse(&email).map_err(|m| AppError::invalid("email", m))?;
        let me = auth::signed_in(&state).await?;
        let (limits, prefix) = (state.auth.limits, state.auth.redis_prefix);
        let ip = rate_limit::client_ip(state.auth.trust_forwarded_for);
        rate_limit::hit(&state.redis, prefix, limits.stock_alerts_per_ip, &ip).await?;
        rate_limit::hit(
            &state.redis,
            prefix,
            limits.stock_alerts_per_email,
            email.as_str(),
        )
        .await?;
        // Only the account's own, verified address skips the confirmation link.
        let confirmed = me
            .as_ref()
            .is_some_and(|m| m.viewer.email_verified && m.viewer.email == email.as_str());
        let token = session::new_token();
        let token_hash = session::hash_token(&token);
        let alert = NewAlert {
            sku: sku.trim(),
            email: email.as_str(),
            user_id: me.as_ref().map(|m| m.user_id),
            confirmed,
            token_hash: &token_hash,
        };
        let store = &state.store;
        let compose = |view: &AlertView, outcome: Subscribed| {
            let title = view.title();
            match outcome {
                Subscribed::Confirmed => mail::stock_alert_listed(&store.brand(), &title, &token),
                _ => mail::stock_alert_confirm(&store.brand(), &title, &token),
            }
        };
        let (outcome, view) = match db::subscribe(&state.db, &alert, compose).await? {
            Ok(done) => done,
            Err(Refused::TooMany) => {
                return Err(AppError::invalid("email", Refused::TooMany.message()))
            }
            Err(refused) => return Err(AppError::Conflict(refused.message().into())),
        };
        // Whether an address already waits is its owner's business: anyone else (a guest, or
        // an account giving another address) is told what every unconfirmed request is told.
        let outcome = match outcome {
            Subscribed::AlreadyWaiting if !confirmed => Subscribed::ConfirmationSent,
            outcome => outcome,
        };
        // Without JavaScript: back to the product page, which says what happened.
        back_to_product(&view, outcome.code());
        Ok(AlertRequested {
            outcome,
            email: email.as_str().to_string(),
        })
    }

    pub async fn confirm(token: String) -> Result<AlertConfirmed, AppError> {
        let state = app_state()?;
        let hash = flows::token_hash(&token)?;
        let (alert, available_now) = db::confirm(&state.db, &hash).await?.ok_or_else(no_alert)?;
        back_to_product(&alert, Subscribed::Confirmed.code());
        Ok(AlertConfirmed {
            alert,
            available_now,
        })
    }

    pub async fn stop(token: String) -> Result<AlertView, AppError> {
        let state = app_state()?;
        let hash = flows::token_hash(&token)?;
        let alert = db::stop(&state.db, &hash).await?.ok_or_else(no_alert)?;
        back_to_product(&alert, STOPPED);
        Ok(alert)
    }

    /// A refused request from a form posted without JavaScript: back to the product page with
    /// the reason's code (`redirect_note`). False when the caller is the app (it shows the
    /// error itself) or the product is unknown.
    pub async fn sent_back(sku: &str, error: &AppError) -> bool {
        if !crate::server_fns::is_plain_form() {
            return false;
        }
        let code = match error {
            AppError::Invalid { message, .. } if message == Refused::TooMany.message() => {
                "too-many"
            }
            AppError::Invalid { .. } => "invalid-email",
            AppError::Conflict(_) => "in-stock",
            AppError::RateLimited { .. } => "busy",
            _ => return false,
        };
        let Ok(state) = app_state() else {
            return false;
        };
        match db::link_of(&state.db, sku.trim()).await {
            Ok(Some(link)) => {
                crate::server_fns::after_plain_form(Some(&format!("{link}&alert={code}")));
                true
            }
            _ => false,
        }
    }

    /// Without JavaScript: to the product page, which says what happened (`alert=`).
    fn back_to_product(alert: &AlertView, code: &str) {
        crate::server_fns::after_plain_form(Some(&format!("{}&alert={code}", alert.link)));
    }
}
