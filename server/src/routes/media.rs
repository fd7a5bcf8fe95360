//! Product pictures.
//! - `GET /media/uploads/{product}/{name}`: uploaded images, from the media directory. Every
//!   upload gets a new name, so they are cached for a year as immutable.
//! - `GET /media/demo/{product}/{n}.svg`: pictures for the demo catalog, drawn here as SVG from
//!   the product's category, brand and name. Nothing is downloaded; the same URL always yields
//!   the same picture, so it is cached for a day.

use app::db::catalog::ArtworkSubject;
use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub fn router(media_dir: &std::path::Path) -> Router<AppState> {
    let uploads = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .service(ServeDir::new(media_dir));
    Router::new()
        .route("/media/demo/{product}/{file}", get(picture))
        .nest_service("/media/uploads", uploads)
}

async fn picture(
    State(state): State<AppState>,
    Path((product, file)): Path<(String, String)>,
) -> Response {
    let Some(view) = file
        .strip_suffix(".svg")
        .and_then(|n| n.parse::<u32>().ok())
        .filter(|n| (1..=8).contains(n))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match app::db::catalog::artwork_subject(&state.db, &product).await {
        Ok(Some(subject)) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            artwork(&subject, view),
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "artwork lookup failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The outline drawn for a category, in a 200x200 box centred at (200, 170).
fn icon(category: &str) -> &'static str {
    match category {
        "graphics-cards" => {
            r#"<rect x="90" y="110" width="220" height="110" rx="12"/><circle cx="155" cy="165" r="38"/><circle cx="245" cy="165" r="38"/>"#
        }
        "cpus" | "motherboards" => {
            r#"<rect x="130" y="100" width="140" height="140" rx="10"/><rect x="160" y="130" width="80" height="80" rx="6"/>"#
        }
        "keyboards" => {
            r#"<rect x="70" y="130" width="260" height="90" rx="12"/><path d="M90 155h220M90 180h220M90 205h220"/>"#
        }
        "mice" => r#"<rect x="160" y="90" width="80" height="140" rx="40"/><path d="M200 90v45"/>"#,
        "headsets" => {
            r#"<path d="M120 190a80 80 0 0 1 160 0"/><rect x="105" y="180" width="35" height="60" rx="10"/><rect x="260" y="180" width="35" height="60" rx="10"/>"#
        }
        "gaming-monitors" | "office-monitors" | "portable-monitors" => {
            r#"<rect x="80" y="90" width="240" height="140" rx="8"/><path d="M200 230v25M160 258h80"/>"#
        }
        "gaming-laptops" | "ultrabooks" => {
            r#"<rect x="105" y="95" width="190" height="120" rx="8"/><path d="M80 235h240l-15-20H95z"/>"#
        }
        "pc-games" | "playstation-games" | "xbox-games" | "switch-games" => {
            r#"<rect x="135" y="80" width="130" height="175" rx="8"/><circle cx="200" cy="165" r="40"/><circle cx="200" cy="165" r="8"/>"#
        }
        "gaming-chairs" => {
            r#"<rect x="150" y="70" width="100" height="120" rx="30"/><rect x="135" y="190" width="130" height="30" rx="10"/><path d="M200 220v30M160 260h80"/>"#
        }
        "routers" | "mesh-wifi" => {
            r#"<rect x="110" y="170" width="180" height="50" rx="12"/><path d="M150 170v-60M250 170v-60M170 140a40 40 0 0 1 60 0"/>"#
        }
        "ssds" | "hard-drives" | "memory" => {
            r#"<rect x="80" y="140" width="240" height="60" rx="6"/><path d="M110 200v15M140 200v15M170 200v15M200 200v15M230 200v15M260 200v15"/>"#
        }
        _ => r#"<path d="M200 85l75 43v86l-75 43-75-43v-86z"/>"#,
    }
}

/// Splits a name into at most three lines of about 24 characters.
fn wrap(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.len() + word.len() < 24 => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.truncate(3);
    lines
}

/// A 400x400 picture: a gradient from the product's hash, the category outline, brand and name.
pub fn artwork(subject: &ArtworkSubject, view: u32) -> String {
    let h = hash(&subject.name);
    let hue = h % 360;
    let hue2 = (hue + 40 + u64::from(view) * 25) % 360;
    let angle = (view - 1) * 12;
    let name_lines: String = wrap(&subject.name)
        .iter()
        .enumerate()
        .map(|(i, line)| {
            format!(
                r#"<text x="200" y="{}" font-size="18">{}</text>"#,
                318 + i * 22,
                escape(line)
            )
        })
        .collect();
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img" aria-label="{label}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl({hue},55%,28%)"/><stop offset="1" stop-color="hsl({hue2},60%,14%)"/></linearGradient></defs>
<rect width="400" height="400" fill="url(#g)"/>
<g fill="none" stroke="hsl({hue},80%,82%)" stroke-width="6" stroke-linecap="round" stroke-linejoin="round" transform="rotate({angle} 200 170)">{icon}</g>
<g fill="#fff" font-family="system-ui,sans-serif" text-anchor="middle">
<text x="200" y="290" font-size="20" font-weight="700" fill="hsl({hue},90%,85%)">{brand}</text>{name_lines}</g>
</svg>"##,
        label = escape(&subject.name),
        icon = icon(&subject.category_slug),
        brand = escape(&subject.brand.to_uppercase()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artwork_escapes_names_and_differs_per_view() {
        let subject = ArtworkSubject {
            name: "<script>Evil & Co</script>".into(),
            brand: "B&B".into(),
            category_slug: "mice".into(),
        };
        let one = artwork(&subject, 1);
        assert!(!one.contains("<script>") && one.contains("&lt;script&gt;"));
        assert_ne!(one, artwork(&subject, 2));
        assert_eq!(one, artwork(&subject, 1));
    }
}
