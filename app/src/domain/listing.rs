//! Building page read models from catalog facts: titles, descriptions, breadcrumbs, canonical
//! URLs and structured data.

use super::catalog::{
    choose_variant, CategoryLink, Crumb, Facets, Listing, ProductCard, ProductDetail, ProductFacts,
};
use super::money::Currency;
use super::query::{page_count, CatalogQuery};

/// What a listing page is built from.
pub struct ListingParts<'a> {
    pub site_url: &'a str,
    /// The category, its description, ancestors (root first) and children.
    pub category: Option<(CategoryLink, String, Vec<CategoryLink>, Vec<CategoryLink>)>,
    pub corrected_words: Vec<String>,
    pub query: CatalogQuery,
    pub products: Vec<ProductCard>,
    pub total: i64,
    pub facets: Facets,
    pub currency: Currency,
}

/// The path of a category page.
pub fn category_path(slug: &str) -> String {
    format!("/c/{slug}")
}

/// The path of a product page.
pub fn product_path(slug: &str) -> String {
    format!("/p/{slug}")
}

/// A path with an optional query string.
pub fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// Assembles a listing page: title, description, trail and canonical URL.
pub fn build_listing(parts: ListingParts<'_>) -> Listing {
    let query = parts.query;
    let typed = query.words();
    let corrected_text = (!parts.corrected_words.is_empty() && parts.corrected_words != typed)
        .then(|| parts.corrected_words.join(" "));
    let (path, title, description, category, breadcrumbs, subcategories) = match parts.category {
        Some((link, description, ancestors, children)) => {
            let mut trail: Vec<Crumb> = vec![Crumb {
                name: "Home".into(),
                href: "/".into(),
            }];
            trail.extend(ancestors.iter().map(|a| Crumb {
                name: a.name.clone(),
                href: category_path(&a.slug),
            }));
            let title = match &query.text {
                Some(text) => format!("“{text}” in {}", link.name),
                None => link.name.clone(),
            };
            (
                category_path(&link.slug),
                title,
                description,
                Some(link),
                trail,
                children,
            )
        }
        None => {
            let title = match &query.text {
                Some(text) => format!("Search results for “{text}”"),
                None => "All products".to_string(),
            };
            let trail = vec![Crumb {
                name: "Home".into(),
                href: "/".into(),
            }];
            (
                String::from("/search"),
                title,
                String::new(),
                None,
                trail,
                Vec::new(),
            )
        }
    };
    let description = if description.is_empty() {
        format!(
            "{} products: {title}. Fast delivery, real stock levels.",
            parts.total
        )
    } else {
        description
    };
    Listing {
        canonical: format!(
            "{}{}",
            parts.site_url,
            with_query(&path, &query.to_query_string(parts.currency))
        ),
        title,
        description,
        category,
        breadcrumbs,
        subcategories,
        corrected_text,
        page_count: page_count(parts.total),
        total: parts.total,
        products: parts.products,
        facets: parts.facets,
        currency: parts.currency,
        query,
        when_empty: None,
    }
}

/// Assembles a product page from the product, its category trail (root first) and related products.
pub fn build_product_detail(
    product: ProductFacts,
    trail: Vec<CategoryLink>,
    related: Vec<ProductCard>,
    site_url: &str,
) -> ProductDetail {
    let mut breadcrumbs = vec![Crumb {
        name: "Home".into(),
        href: "/".into(),
    }];
    breadcrumbs.extend(trail.into_iter().map(|c| Crumb {
        href: category_path(&c.slug),
        name: c.name,
    }));
    ProductDetail {
        canonical: format!("{site_url}{}", product_path(&product.slug)),
        site_url: site_url.to_string(),
        product,
        breadcrumbs,
        related,
        delivery: None,
    }
}

/// A short meta description: the product description cut at a word boundary near 155 characters.
pub fn meta_description(text: &str) -> String {
    const LIMIT: usize = 155;
    if text.chars().count() <= LIMIT {
        return text.to_string();
    }
    let cut: String = text.chars().take(LIMIT).collect();
    let cut = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

/// schema.org `Product` JSON-LD for the product page, with one offer per variant. The result
/// is safe to embed in a `<script>` element: `<`, `>` and `&` are escaped as JSON unicode.
pub fn product_json_ld(detail: &ProductDetail, selected_sku: Option<&str>) -> String {
    let p = &detail.product;
    let chosen = choose_variant(&p.variants, selected_sku);
    let offers: Vec<serde_json::Value> = p
        .variants
        .iter()
        .map(|v| {
            serde_json::json!({
                "@type": "Offer",
                "sku": v.sku,
                "price": v.price.decimal_string(),
                "priceCurrency": v.price.currency.code(),
                "availability": if v.stock.is_available() { "https://schema.org/InStock" } else { "https://schema.org/OutOfStock" },
                "url": format!("{}?variant={}", detail.canonical, v.sku),
            })
        })
        .collect();
    let images: Vec<String> = p
        .images
        .iter()
        .map(|i| format!("{}{}", detail.site_url, i.url))
        .collect();
    let value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": p.name,
        "description": p.description,
        "brand": { "@type": "Brand", "name": p.brand },
        "sku": chosen.map(|v| v.sku.clone()),
        "image": images,
        "url": detail.canonical,
        "offers": offers,
    });
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::{StockStatus, VariantView};
    use crate::domain::money::Money;
    use crate::domain::picture::Picture;

    fn parts(query: &str, corrected: &[&str]) -> ListingParts<'static> {
        ListingParts {
            site_url: "https://shop.test",
            category: None,
            corrected_words: corrected.iter().map(|s| s.to_string()).collect(),
            query: CatalogQuery::from_query_string(query, Currency::Usd),
            products: Vec::new(),
            total: 30,
            facets: Facets::default(),
            currency: Currency::Usd,
        }
    }

    #[test]
    fn search_listing_titles_and_canonical_urls_use_the_normalised_query() {
        let listing = build_listing(parts("page=2&q=%20rtx%20&sort=bogus", &["rtx"]));
        assert_eq!(listing.title, "Search results for “rtx”");
        assert_eq!(listing.canonical, "https://shop.test/search?q=rtx&page=2");
        assert_eq!(listing.page_count, 2);
        assert_eq!(listing.corrected_text, None);
    }

    #[test]
    fn a_corrected_search_reports_what_was_searched() {
        let listing = build_listing(parts("q=kebyoard", &["keyboard"]));
        assert_eq!(listing.corrected_text.as_deref(), Some("keyboard"));
    }

    #[test]
    fn category_listings_have_a_trail_from_home() {
        let mut p = parts("", &[]);
        let gpus = CategoryLink {
            slug: "graphics-cards".into(),
            name: "Graphics Cards".into(),
        };
        let parent = CategoryLink {
            slug: "components".into(),
            name: "PC Components".into(),
        };
        p.category = Some((gpus, "Fast cards.".into(), vec![parent], vec![]));
        let listing = build_listing(p);
        assert_eq!(listing.title, "Graphics Cards");
        assert_eq!(listing.description, "Fast cards.");
        assert_eq!(listing.canonical, "https://shop.test/c/graphics-cards");
        let names: Vec<&str> = listing
            .breadcrumbs
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["Home", "PC Components"]);
    }

    #[test]
    fn meta_descriptions_are_cut_at_a_word() {
        let long = "word ".repeat(60);
        let cut = meta_description(&long);
        assert!(cut.chars().count() <= 156 && cut.ends_with('…'), "{cut}");
        assert_eq!(meta_description("Short."), "Short.");
    }

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let product = ProductFacts {
            slug: "x".into(),
            name: "</script><script>alert(1)</script>".into(),
            brand: "B&B".into(),
            description: String::new(),
            specs: vec![],
            images: vec![Picture {
                url: "/media/x.svg".into(),
                ..Picture::default()
            }],
            variants: vec![VariantView {
                sku: "X-1".into(),
                options: vec![],
                price: Money::new(129_999, Currency::Usd),
                compare_at: None,
                stock: StockStatus::InStock,
            }],
        };
        let detail = build_product_detail(product, vec![], vec![], "https://shop.test");
        let json = product_json_ld(&detail, None);
        assert!(!json.contains('<') && !json.contains('&'), "{json}");
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed["name"], "</script><script>alert(1)</script>");
        assert_eq!(parsed["offers"][0]["price"], "1299.99");
        assert_eq!(parsed["image"][0], "https://shop.test/media/x.svg");
    }
}
