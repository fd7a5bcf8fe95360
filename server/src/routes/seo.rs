//! `GET /robots.txt` and `GET /sitemap.xml`.

use app::state::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/robots.txt", get(robots))
        .route("/sitemap.xml", get(sitemap))
}

async fn robots(State(state): State<AppState>) -> impl IntoResponse {
    let body = format!(
        "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /search?\n\nSitemap: {}/sitemap.xml\n",
        state.store.site_url
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body)
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn sitemap(State(state): State<AppState>) -> axum::response::Response {
    let entries = match app::db::catalog::sitemap_entries(&state.db).await {
        Ok(entries) => entries,
        Err(e) => {
            tracing::error!(error = %e, "sitemap query failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let site = &state.store.site_url;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    xml.push_str(&format!("  <url><loc>{}/</loc></url>\n", xml_escape(site)));
    for e in entries {
        xml.push_str(&format!(
            "  <url><loc>{}{}</loc>",
            xml_escape(site),
            xml_escape(&e.path)
        ));
        if let Some(date) = e.last_modified {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response()
}
