//! The hosted checkout page a shopper is sent to (Pay / Cancel), and its two buttons.

use std::sync::Arc;

use app::domain::mail::escape_html;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::FakeStripe;

fn money(minor: i64, currency: &str) -> String {
    let code = currency.to_ascii_uppercase();
    match app::domain::money::Currency::parse(&code) {
        Some(c) => app::domain::money::Money::new(minor, c).to_string(),
        None => format!("{minor} {code}"),
    }
}

pub(super) async fn hosted_page(
    State(fake): State<Arc<FakeStripe>>,
    Path(id): Path<String>,
) -> Response {
    let Some(session) = fake.session(&id) else {
        return (
            StatusCode::NOT_FOUND,
            Html("<h1>Checkout not found</h1>".to_string()),
        )
            .into_response();
    };
    let currency = session["currency"].as_str().unwrap_or("usd");
    let rows: String = fake
        .lines(&id)
        .iter()
        .map(|l| {
            format!(
                "<tr><td>{} × {}</td><td>{}</td></tr>",
                escape_html(&l.name),
                l.quantity,
                money(l.unit_amount * l.quantity, currency)
            )
        })
        .collect();
    let shipping = session["total_details"]["amount_shipping"]
        .as_i64()
        .unwrap_or(0);
    let total = session["amount_total"].as_i64().unwrap_or(0);
    let open = session["status"] == "open";
    let actions = if open {
        format!(
            "<form method=\"post\"><label>Card number<input value=\"4242 4242 4242 4242\" readonly></label>\
             <button class=\"pay\">Pay {}</button></form>\
             <form method=\"post\" action=\"/c/cancel/{id}\"><button>Back to the store</button></form>",
            money(total, currency),
            id = escape_html(&id),
        )
    } else {
        format!(
            "<p>This checkout is {}.</p>",
            escape_html(session["status"].as_str().unwrap_or(""))
        )
    };
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Checkout (fake Stripe)</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:0;padding:16px;background:#f6f9fc;color:#1a1f36}}\
         main{{max-width:440px;margin:16px auto;background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px #0002}}\
         table{{width:100%;border-collapse:collapse}}td{{padding:6px 0;border-bottom:1px solid #e3e8ee}}td+td{{text-align:right}}\
         .note{{background:#fff4e5;color:#7a3e00;padding:8px;border-radius:8px;font-size:14px}}\
         label{{display:block;margin-top:12px;font-size:14px}}input{{display:block;width:100%;box-sizing:border-box;padding:10px;font:inherit;margin-top:4px}}\
         button{{display:block;width:100%;margin-top:10px;padding:12px;font:inherit;font-weight:600;border-radius:8px;border:1px solid #c1c9d2;background:#fff;cursor:pointer}}\
         button.pay{{background:#635bff;border-color:#635bff;color:#fff}}button:focus-visible{{outline:2px solid #1a1f36;outline-offset:2px}}</style></head>\
         <body><main><p class=\"note\">Local fake of Stripe Checkout: no real card is charged.</p>\
         <p>{email}</p><table>{rows}<tr><td>Shipping</td><td>{shipping}</td></tr>\
         <tr><th scope=\"row\" style=\"text-align:left\">Total due</th><td data-testid=\"stripe-total\"><strong>{total}</strong></td></tr></table>\
         {actions}</main></body></html>",
        email = escape_html(session["customer_email"].as_str().unwrap_or("")),
        shipping = money(shipping, currency),
        total = money(total, currency),
    );
    Html(body).into_response()
}

pub(super) async fn pay(State(fake): State<Arc<FakeStripe>>, Path(id): Path<String>) -> Response {
    match fake.pay_session(&id).await {
        Some(success) => Redirect::to(&success).into_response(),
        None => (StatusCode::NOT_FOUND, "unknown checkout").into_response(),
    }
}

pub(super) async fn cancel(
    State(fake): State<Arc<FakeStripe>>,
    Path(id): Path<String>,
) -> Response {
    match fake.session(&id) {
        Some(session) => {
            Redirect::to(session["cancel_url"].as_str().unwrap_or("/")).into_response()
        }
        None => (StatusCode::NOT_FOUND, "unknown checkout").into_response(),
    }
}
