//! Payment routes: the webhook every provider notifies (`POST /webhooks/{provider}`, raw body,
//! signature checked; exempt from the Origin check, since providers send no Origin), and the
//! test provider's hosted checkout page (`/pay/test/{id}`), which only exists when that provider
//! is configured.

use std::sync::Arc;

use app::domain::mail::escape_html;
use app::domain::money::{Currency, Money};
use app::payments::test_provider::{Choice, TestProvider};
use app::payments::{handle_notification, Answer};
use app::state::AppState;
use axum::body::Bytes;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

pub fn router(test_provider: Option<Arc<TestProvider>>) -> Router<AppState> {
    let router = Router::new().route("/webhooks/{provider}", post(webhook));
    match test_provider {
        Some(provider) => router.route(
            "/pay/test/{reference}",
            get({
                let provider = provider.clone();
                move |state, path| hosted_page(state, path, provider.clone())
            })
            .post(move |state, path, form| choose(state, path, form, provider.clone())),
        ),
        None => router,
    }
}

async fn webhook(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if state.payments.get(&provider).is_none() {
        return (StatusCode::NOT_FOUND, "unknown payment provider").into_response();
    }
    match handle_notification(&state, &provider, &headers, &body).await {
        Answer::Ok => (StatusCode::OK, "ok").into_response(),
        Answer::Rejected => (StatusCode::BAD_REQUEST, "invalid notification").into_response(),
        Answer::Retry => (StatusCode::INTERNAL_SERVER_ERROR, "try again").into_response(),
    }
}

fn page(store: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Test payment | {store}</title>\
         <style>body{{font-family:system-ui,sans-serif;background:#f1f5f9;color:#0f172a;margin:0;padding:16px}}\
         main{{max-width:420px;margin:24px auto;background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:20px}}\
         .note{{background:#fef3c7;color:#78350f;border-radius:8px;padding:8px 10px;font-size:14px}}\
         .amount{{font-size:32px;font-weight:800;margin:8px 0}}\
         button{{display:block;width:100%;font:inherit;font-weight:600;border-radius:8px;padding:12px;margin-top:10px;cursor:pointer;border:1px solid #cbd5e1;background:#fff;color:#0f172a}}\
         button.pay{{background:#4338ca;border-color:#4338ca;color:#fff}}\
         button:focus-visible{{outline:2px solid #4f46e5;outline-offset:2px}}</style></head>\
         <body><main>{body}</main></body></html>",
        store = escape_html(store),
    ))
}

async fn hosted_page(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    provider: Arc<TestProvider>,
) -> Response {
    let session = match provider.session(&reference).await {
        Ok(Some(session)) => session,
        Ok(None) => {
            let body = "<h1>Checkout not found</h1><p>This payment link is unknown or too old.</p>";
            return (StatusCode::NOT_FOUND, page(&state.store.name, body)).into_response();
        }
        Err(error) => {
            tracing::error!(%error, "test provider unavailable");
            let body = "<h1>Payment unavailable</h1><p>Please try again in a moment.</p>";
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                page(&state.store.name, body),
            )
                .into_response();
        }
    };
    let currency = session["currency"]
        .as_str()
        .and_then(Currency::parse)
        .unwrap_or(state.store.currency);
    let amount = Money::new(session["amount_total"].as_i64().unwrap_or(0), currency);
    let number = session["metadata"]["order_number"].as_str().unwrap_or("");
    let open = session["status"].as_str() == Some("open")
        && session["expires_at"]
            .as_i64()
            .is_some_and(|t| t > app::payments::now_secs());
    let actions = if open {
        "<form method=\"post\">\
         <button class=\"pay\" name=\"choice\" value=\"pay\">Pay</button>\
         <button name=\"choice\" value=\"decline\">Decline (the payment fails)</button>\
         <button name=\"choice\" value=\"abandon\">Abandon (back to the store)</button></form>"
            .to_string()
    } else {
        let back = session["success_url"]
            .as_str()
            .unwrap_or("/")
            .replace("{CHECKOUT_SESSION_ID}", &reference);
        format!(
            "<p>This checkout is closed.</p><p><a href=\"{}\">Back to your order</a></p>",
            escape_html(&back)
        )
    };
    let body = format!(
        "<p class=\"note\">Test payment provider: no real money moves.</p>\
         <p>Order <strong data-testid=\"pay-order\">{number}</strong> at {store}</p>\
         <p class=\"amount\" data-testid=\"pay-amount\">{amount}</p>\
         <p>{email}</p>{actions}",
        number = escape_html(number),
        store = escape_html(&state.store.name),
        amount = escape_html(&amount.to_string()),
        email = escape_html(session["customer_email"].as_str().unwrap_or("")),
    );
    (
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        page(&state.store.name, &body),
    )
        .into_response()
}

#[derive(Deserialize)]
struct ChoiceForm {
    choice: String,
}

async fn choose(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    Form(form): Form<ChoiceForm>,
    provider: Arc<TestProvider>,
) -> Response {
    let Some(choice) = Choice::parse(&form.choice) else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            "choose pay, decline or abandon",
        )
            .into_response();
    };
    let outcome = match provider.choose(&reference, choice).await {
        Ok(Some(outcome)) => outcome,
        Ok(None) => return (StatusCode::NOT_FOUND, "unknown checkout").into_response(),
        Err(error) => {
            tracing::error!(%error, "test provider unavailable");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "payment unavailable; try again",
            )
                .into_response();
        }
    };
    // The notification takes the same signed path as a real provider's webhook.
    if let (Some(body), Some(signature)) = (&outcome.body, &outcome.signature) {
        let mut headers = HeaderMap::new();
        if let Ok(value) = signature.parse() {
            headers.insert("stripe-signature", value);
        }
        match handle_notification(&state, "test", &headers, body).await {
            Answer::Ok => {}
            answer => {
                tracing::error!(?answer, "test provider notification not applied");
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "payment recorded but not applied yet; reload your order page",
                )
                    .into_response();
            }
        }
    }
    Redirect::to(&outcome.redirect).into_response()
}
