//! The hosted approval page a shopper is sent to (Approve / Cancel), and its two buttons.

use std::sync::Arc;

use app::domain::mail::escape_html;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{with_query, FakePayPal};

#[derive(Deserialize)]
pub(super) struct TokenQuery {
    token: String,
}

pub(super) async fn approval_page(
    State(fake): State<Arc<FakePayPal>>,
    Query(query): Query<TokenQuery>,
) -> Response {
    let Some(order) = fake.order(&query.token) else {
        return (
            StatusCode::NOT_FOUND,
            Html("<h1>This checkout link is not valid</h1>".to_string()),
        )
            .into_response();
    };
    let id = escape_html(&query.token);
    let unit = &order["purchase_units"][0];
    let currency = unit["amount"]["currency_code"].as_str().unwrap_or("USD");
    let rows: String = unit["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|i| {
            format!(
                "<tr><td>{} × {}</td><td>{} {currency}</td></tr>",
                escape_html(i["name"].as_str().unwrap_or("")),
                escape_html(i["quantity"].as_str().unwrap_or("")),
                escape_html(i["unit_amount"]["value"].as_str().unwrap_or("")),
            )
        })
        .collect();
    let open = matches!(
        order["status"].as_str(),
        Some("CREATED" | "PAYER_ACTION_REQUIRED")
    );
    let actions = if open {
        format!(
            "<form method=\"post\" action=\"/checkoutnow/{id}/approve\"><button class=\"pay\">Pay with PayPal</button></form>\
             <form method=\"post\" action=\"/checkoutnow/{id}/cancel\"><button>Cancel and return to the store</button></form>"
        )
    } else {
        format!(
            "<p>This order is {}.</p>",
            escape_html(&order["status"].as_str().unwrap_or("").to_ascii_lowercase())
        )
    };
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>PayPal Checkout (fake)</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:0;padding:16px;background:#f5f7fa;color:#001c64}}\
         main{{max-width:440px;margin:16px auto;background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px #0002}}\
         table{{width:100%;border-collapse:collapse}}td{{padding:6px 0;border-bottom:1px solid #e6e9ef}}td+td{{text-align:right}}\
         .note{{background:#fff4e5;color:#7a3e00;padding:8px;border-radius:8px;font-size:14px}}\
         button{{display:block;width:100%;margin-top:10px;padding:12px;font:inherit;font-weight:600;border-radius:999px;border:1px solid #99a1b3;background:#fff;color:#001c64;cursor:pointer}}\
         button.pay{{background:#ffc439;border-color:#ffc439}}button:focus-visible{{outline:2px solid #001c64;outline-offset:2px}}</style></head>\
         <body><main><p class=\"note\">Local fake of PayPal: no real account is charged.</p>\
         <h1 style=\"font-size:20px\">{payee}</h1><table>{rows}\
         <tr><td>Shipping</td><td>{shipping} {currency}</td></tr><tr><td>Tax</td><td>{tax} {currency}</td></tr>\
         <tr><th scope=\"row\" style=\"text-align:left\">Total</th><td data-testid=\"paypal-total\"><strong>{total} {currency}</strong></td></tr></table>\
         {actions}</main></body></html>",
        payee = escape_html(
            order["purchase_units"][0]["description"]
                .as_str()
                .unwrap_or("PayPal Checkout")
        ),
        shipping = escape_html(unit["amount"]["breakdown"]["shipping"]["value"].as_str().unwrap_or("0.00")),
        tax = escape_html(unit["amount"]["breakdown"]["tax_total"]["value"].as_str().unwrap_or("0.00")),
        total = escape_html(unit["amount"]["value"].as_str().unwrap_or("")),
    );
    Html(body).into_response()
}

pub(super) async fn approve(
    State(fake): State<Arc<FakePayPal>>,
    Path(id): Path<String>,
) -> Response {
    match fake.approve_order(&id).await {
        Some(back) => Redirect::to(&back).into_response(),
        None => (StatusCode::NOT_FOUND, "unknown order").into_response(),
    }
}

pub(super) async fn cancel(
    State(fake): State<Arc<FakePayPal>>,
    Path(id): Path<String>,
) -> Response {
    match fake.order(&id) {
        Some(order) => {
            let back = order["payment_source"]["paypal"]["experience_context"]["cancel_url"]
                .as_str()
                .unwrap_or("/");
            Redirect::to(&with_query(back, &[("token", &id)])).into_response()
        }
        None => (StatusCode::NOT_FOUND, "unknown order").into_response(),
    }
}
