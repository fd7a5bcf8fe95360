//! Catalog reads: navigation, home page, listings (category or search) and product pages.
//! All are cacheable GETs at stable endpoints under `/api/catalog/`.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::catalog::{CategoryBranch, Home, Listing, ProductDetail, Suggestions};
use crate::error::AppError;

/// The category tree for navigation.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "catalog/categories")]
pub async fn list_categories() -> Result<Vec<CategoryBranch>, AppError> {
    let state = crate::state::app_state()?;
    super::respond(
        crate::db::catalog::category_tree(&state.db)
            .await
            .map_err(AppError::from),
    )
}

/// Featured categories, new arrivals and deals.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "catalog/home")]
pub async fn get_home() -> Result<Home, AppError> {
    super::respond(ssr::home().await)
}

/// One page of a listing. `category` is a category slug (None: the whole store); `query` is
/// the page's raw URL query string, parsed and clamped on the server.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "catalog/listing")]
pub async fn search_products(category: Option<String>, query: String) -> Result<Listing, AppError> {
    super::respond(ssr::listing(category, query).await)
}

/// Suggestions for the search box while a shopper types (two characters or more): the
/// corrected text, up to 3 categories and 5 products, best match first.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "catalog/suggest")]
pub async fn suggest(q: String) -> Result<Suggestions, AppError> {
    super::respond(ssr::suggest(q).await)
}

/// A product page by slug, with related products.
#[server(output = crate::server_fns::codec::TextJson, input = GetUrl, endpoint = "catalog/product")]
pub async fn get_product(slug: String) -> Result<ProductDetail, AppError> {
    super::respond(ssr::product(slug).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::db::{catalog, listing, shelves};
    use crate::domain::catalog::{
        CategoryLink, Home, Listing, ProductDetail, Suggestions, WhenEmpty,
    };
    use crate::domain::listing::{build_listing, build_product_detail, ListingParts};
    use crate::domain::query::{page_count, CatalogQuery};
    use crate::error::AppError;
    use crate::state::app_state;

    pub async fn home() -> Result<Home, AppError> {
        let state = app_state()?;
        let shelves = shelves::home_shelves(&state.db, 8).await?;
        Ok(Home {
            featured: shelves.featured,
            new_arrivals: shelves.new_arrivals,
            deals: shelves.deals,
            canonical: format!("{}/", state.store.site_url),
        })
    }

    pub async fn listing(category: Option<String>, raw_query: String) -> Result<Listing, AppError> {
        let state = app_state()?;
        let db = &state.db;
        let mut query = CatalogQuery::from_query_string(&raw_query, state.store.currency);
        let place = match category.as_deref() {
            Some(slug) => Some(
                catalog::category_by_slug(db, slug)
                    .await?
                    .ok_or_else(|| AppError::NotFound("category".into()))?,
            ),
            None => None,
        };
        let spec_facets = place
            .as_ref()
            .map(|p| p.spec_facets.clone())
            .unwrap_or_default();
        query.keep_specs(&spec_facets);
        let words = if query.exact {
            query.words()
        } else {
            listing::correct_words(db, &query.words()).await?
        };
        let category_ids = place.as_ref().map(|p| p.subtree_ids.as_slice());
        let found = loop {
            let filter = listing::ListingFilter {
                words: &words,
                category_ids,
                spec_facets: &spec_facets,
                query: &query,
            };
            let found = listing::search(db, &filter).await?;
            let last = page_count(found.total);
            if query.page <= last {
                break found;
            }
            // A page past the end shows the last page.
            query.page = last;
        };
        let listing::SearchResult {
            total,
            products,
            facets,
        } = found;
        let mut listing = build_listing(ListingParts {
            site_url: &state.store.site_url,
            category: place.map(|p| (p.link, p.description, p.ancestors, p.children)),
            corrected_words: words,
            query,
            products,
            total,
            facets,
            currency: state.store.currency,
        });
        if listing.total == 0 {
            listing.when_empty = Some(when_empty(db).await?);
        }
        Ok(listing)
    }

    /// What a listing without results offers: the top categories and up to 4 best sellers,
    /// topped up with the newest products in stock when fewer have sold.
    async fn when_empty(db: &sqlx::PgPool) -> Result<WhenEmpty, AppError> {
        const SHELF: usize = 4;
        let mut best_sellers = shelves::best_sellers(db, SHELF as i64).await?;
        if best_sellers.len() < SHELF {
            for card in shelves::new_arrivals(db, 2 * SHELF as i64).await? {
                if best_sellers.len() < SHELF
                    && card.stock != crate::domain::catalog::StockStatus::OutOfStock
                    && best_sellers.iter().all(|b| b.slug != card.slug)
                {
                    best_sellers.push(card);
                }
            }
        }
        Ok(WhenEmpty {
            categories: shelves::featured_categories(db).await?,
            best_sellers,
        })
    }

    pub async fn suggest(text: String) -> Result<Suggestions, AppError> {
        const PRODUCTS: usize = 5;
        const CATEGORIES: usize = 3;
        let state = app_state()?;
        let db = &state.db;
        let query = CatalogQuery::for_text(&text);
        let words = query.words();
        let long_enough = query.text.as_ref().is_some_and(|t| t.chars().count() >= 2);
        if !long_enough || words.is_empty() {
            return Ok(Suggestions::default());
        }
        let corrected = listing::correct_words(db, &words).await?;
        let filter = listing::ListingFilter {
            words: &corrected,
            category_ids: None,
            spec_facets: &[],
            query: &query,
        };
        let found = listing::search(db, &filter).await?;
        Ok(Suggestions {
            corrected: (corrected != words).then(|| corrected.join(" ")),
            categories: found
                .facets
                .categories
                .into_iter()
                .take(CATEGORIES)
                .map(|c| CategoryLink {
                    slug: c.value,
                    name: c.label,
                })
                .collect(),
            products: found.products.into_iter().take(PRODUCTS).collect(),
            total: found.total,
        })
    }

    pub async fn product(slug: String) -> Result<ProductDetail, AppError> {
        let state = app_state()?;
        let page = catalog::product_page(&state.db, slug.trim())
            .await?
            .ok_or_else(|| AppError::NotFound("product".into()))?;
        let mut detail =
            build_product_detail(page.facts, page.trail, page.related, &state.store.site_url);
        detail.delivery = Some(
            state
                .settings
                .promise(crate::domain::order::ShippingMethod::Standard),
        );
        Ok(detail)
    }
}
