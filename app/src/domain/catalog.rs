//! Catalog read models (what the storefront shows) and the stock-status and variant-choice
//! rules behind them.

use super::money::{Currency, Money};
use super::picture::Picture;
use super::query::CatalogQuery;
use serde::{Deserialize, Serialize};

/// What the shopper is told about availability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StockStatus {
    InStock,
    /// At or below the low-stock threshold: "Only N left".
    Low(u32),
    OutOfStock,
}

impl StockStatus {
    /// Zero (or less) on hand is out of stock; at or below the threshold is low; else in stock.
    pub fn from_level(on_hand: i64, low_threshold: i64) -> StockStatus {
        if on_hand <= 0 {
            StockStatus::OutOfStock
        } else if on_hand <= low_threshold {
            StockStatus::Low(u32::try_from(on_hand).unwrap_or(u32::MAX))
        } else {
            StockStatus::InStock
        }
    }

    pub fn label(self) -> String {
        match self {
            StockStatus::InStock => "In stock".to_string(),
            StockStatus::Low(n) => format!("Only {n} left"),
            StockStatus::OutOfStock => "Out of stock".to_string(),
        }
    }

    pub fn is_available(self) -> bool {
        !matches!(self, StockStatus::OutOfStock)
    }
}

/// A link to a category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryLink {
    pub slug: String,
    pub name: String,
}

/// A top-level category with its children, for navigation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryBranch {
    pub slug: String,
    pub name: String,
    pub children: Vec<CategoryLink>,
}

/// A product as shown in a grid: the cheapest active variant's price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductCard {
    pub slug: String,
    pub name: String,
    pub brand: String,
    /// The first picture, described by the product's name.
    pub image: Option<Picture>,
    pub price: Money,
    pub compare_at: Option<Money>,
    /// True when variants have different prices ("From $X").
    pub price_varies: bool,
    pub stock: StockStatus,
}

/// What the search box suggests while a shopper types: the search as it will run (corrected
/// when a word was misspelt), a few categories and products matching it, and how many match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestions {
    /// The corrected search text, when it differs from what was typed.
    pub corrected: Option<String>,
    pub categories: Vec<CategoryLink>,
    pub products: Vec<ProductCard>,
    pub total: i64,
}

/// A facet value with the number of products it would show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    pub value: String,
    pub label: String,
    pub count: i64,
}

/// A price band with its count; `max` None means "and above".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceBand {
    pub min: i64,
    pub max: Option<i64>,
    pub count: i64,
}

/// Upper edges (minor units) of the price bands offered as filters: under $50, $50 to $100, ...
pub const PRICE_BAND_EDGES: [i64; 6] = [5_000, 10_000, 25_000, 50_000, 100_000, 200_000];

/// The band `[min, max)` for band index `i` of [`PRICE_BAND_EDGES`] (index 6 is "and above").
pub fn price_band(i: usize) -> (i64, Option<i64>) {
    let min = if i == 0 {
        0
    } else {
        PRICE_BAND_EDGES[(i - 1).min(5)]
    };
    (min, PRICE_BAND_EDGES.get(i).copied())
}

/// Counts for each filter, each computed with every other filter applied.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub categories: Vec<FacetCount>,
    pub brands: Vec<FacetCount>,
    pub price_bands: Vec<PriceBand>,
    pub in_stock: i64,
    /// The category's spec facets, in its order; a facet none of the products has is left out.
    pub specs: Vec<SpecFacet>,
}

/// A specification the listing filters by ("Memory"), with its values and their counts, in
/// natural order ("8 GB" before "12 GB").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecFacet {
    pub name: String,
    pub values: Vec<FacetCount>,
}

/// Compares texts the way people read numbers in them: "8 GB" < "12 GB" < "12 GB GDDR6X",
/// digit runs by value, the rest ignoring case.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> Vec<(bool, String)> {
        let mut out: Vec<(bool, String)> = Vec::new();
        for c in s.chars() {
            let digit = c.is_ascii_digit();
            match out.last_mut() {
                Some((d, run)) if *d == digit => run.push(c),
                _ => out.push((digit, c.to_string())),
            }
        }
        out
    }
    let (x, y) = (chunks(a), chunks(b));
    for (p, q) in x.iter().zip(&y) {
        let order = match (p, q) {
            ((true, m), (true, n)) => {
                let (m, n) = (m.trim_start_matches('0'), n.trim_start_matches('0'));
                m.len().cmp(&n.len()).then_with(|| m.cmp(n))
            }
            ((_, m), (_, n)) => m.to_lowercase().cmp(&n.to_lowercase()),
        };
        if order.is_ne() {
            return order;
        }
    }
    x.len().cmp(&y.len()).then_with(|| a.cmp(b))
}

/// One step of a breadcrumb trail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crumb {
    pub name: String,
    pub href: String,
}

/// A listing: a category or search results, one page of them, and the facets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub title: String,
    pub description: String,
    /// Absolute canonical URL of this listing page.
    pub canonical: String,
    pub category: Option<CategoryLink>,
    pub breadcrumbs: Vec<Crumb>,
    pub subcategories: Vec<CategoryLink>,
    pub query: CatalogQuery,
    /// The words actually searched when the shopper's were corrected ("kebyoard" -> "keyboard").
    pub corrected_text: Option<String>,
    pub products: Vec<ProductCard>,
    pub total: i64,
    pub page_count: u32,
    pub facets: Facets,
    /// The currency prices and price filters are in.
    pub currency: Currency,
    /// Where to go next when nothing matched (none otherwise).
    pub when_empty: Option<WhenEmpty>,
}

/// What a listing without results offers instead: the store's top categories and its best
/// sellers of the last 30 days (newest products when little has sold), all in stock.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhenEmpty {
    pub categories: Vec<CategoryTile>,
    pub best_sellers: Vec<ProductCard>,
}

/// One purchasable version of a product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantView {
    pub sku: String,
    /// Option values in display order, such as ("Capacity", "2 TB").
    pub options: Vec<(String, String)>,
    pub price: Money,
    pub compare_at: Option<Money>,
    pub stock: StockStatus,
}

impl VariantView {
    /// "2 TB / Black", or "Standard" for a product without options.
    pub fn label(&self) -> String {
        if self.options.is_empty() {
            return "Standard".to_string();
        }
        self.options
            .iter()
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// A product as stored: what the product page is built from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductFacts {
    pub slug: String,
    pub name: String,
    pub brand: String,
    pub description: String,
    pub specs: Vec<(String, String)>,
    pub images: Vec<Picture>,
    pub variants: Vec<VariantView>,
}

/// Everything the product page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub product: ProductFacts,
    pub breadcrumbs: Vec<Crumb>,
    pub related: Vec<ProductCard>,
    /// Absolute canonical URL of the product page.
    pub canonical: String,
    /// Absolute URL of the site, for building absolute image URLs.
    pub site_url: String,
    /// When an order placed now would leave and arrive with standard shipping.
    pub delivery: Option<super::delivery::DeliveryPromise>,
}

/// The home page's content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Home {
    pub featured: Vec<CategoryTile>,
    pub new_arrivals: Vec<ProductCard>,
    pub deals: Vec<ProductCard>,
    pub canonical: String,
}

/// A category on the home page, with a picture from one of its products.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryTile {
    pub slug: String,
    pub name: String,
    pub product_count: i64,
    pub image_url: Option<String>,
}

/// The variant to show: the requested SKU when the product has it, else the first one in stock,
/// else the first. None only for a product without variants.
pub fn choose_variant<'a>(
    variants: &'a [VariantView],
    requested: Option<&str>,
) -> Option<&'a VariantView> {
    requested
        .and_then(|sku| variants.iter().find(|v| v.sku.eq_ignore_ascii_case(sku)))
        .or_else(|| variants.iter().find(|v| v.stock.is_available()))
        .or_else(|| variants.first())
}

/// The gallery position to show for a requested `image` parameter (1-based), clamped.
pub fn choose_image(count: usize, requested: Option<&str>) -> usize {
    let wanted = requested
        .and_then(|r| r.trim().parse::<usize>().ok())
        .unwrap_or(1);
    wanted.clamp(1, count.max(1)) - 1
}

/// A product's name on a card, under its brand: without the brand repeated in front ("ASUS TUF
/// Gaming GeForce RTX 4070" under "ASUS" reads "TUF Gaming GeForce RTX 4070"), so the model
/// number fits in the card's lines.
pub fn card_title<'a>(brand: &str, name: &'a str) -> &'a str {
    let brand = brand.trim();
    let rest = name
        .get(..brand.len())
        .filter(|head| !brand.is_empty() && head.eq_ignore_ascii_case(brand))
        .map(|_| &name[brand.len()..])
        .filter(|rest| rest.starts_with(' '))
        .map(str::trim_start);
    match rest {
        Some(rest) if !rest.is_empty() => rest,
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_values_sort_the_way_people_read_numbers() {
        let mut values = vec![
            "12 GB GDDR6X",
            "8 GB GDDR6",
            "16 GB GDDR6X",
            "12 GB GDDR6",
            "24 GB GDDR6X",
            "6 / 12",
            "16 / 32",
            "08 GB",
            "ddr5",
            "DDR4",
        ];
        values.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            values,
            [
                "6 / 12",
                "08 GB",
                "8 GB GDDR6",
                "12 GB GDDR6",
                "12 GB GDDR6X",
                "16 / 32",
                "16 GB GDDR6X",
                "24 GB GDDR6X",
                "DDR4",
                "ddr5"
            ]
        );
    }

    #[test]
    fn card_titles_drop_the_brand_they_repeat() {
        assert_eq!(
            card_title("ASUS", "ASUS TUF Gaming GeForce RTX 4070"),
            "TUF Gaming GeForce RTX 4070"
        );
        assert_eq!(card_title("asus", "ASUS  ROG Strix"), "ROG Strix");
        assert_eq!(card_title("MSI", "MSI"), "MSI");
        assert_eq!(card_title("MSI", "MSIX Monitor"), "MSIX Monitor");
        assert_eq!(
            card_title("Samsung", "990 PRO NVMe SSD"),
            "990 PRO NVMe SSD"
        );
        assert_eq!(card_title("", "Keyboard"), "Keyboard");
        assert_eq!(card_title("É", "É Ü"), "Ü");
        assert_eq!(card_title("Ab", "Éb x"), "Éb x");
    }
    use crate::domain::money::Currency;

    fn variant(sku: &str, on_hand: i64) -> VariantView {
        VariantView {
            sku: sku.to_string(),
            options: vec![("Colour".into(), sku.to_string())],
            price: Money::new(1_000, Currency::Usd),
            compare_at: None,
            stock: StockStatus::from_level(on_hand, 5),
        }
    }

    #[test]
    fn stock_status_follows_level_and_threshold() {
        assert_eq!(StockStatus::from_level(0, 5), StockStatus::OutOfStock);
        assert_eq!(StockStatus::from_level(-1, 5), StockStatus::OutOfStock);
        assert_eq!(StockStatus::from_level(3, 5), StockStatus::Low(3));
        assert_eq!(StockStatus::from_level(5, 5), StockStatus::Low(5));
        assert_eq!(StockStatus::from_level(6, 5), StockStatus::InStock);
        assert_eq!(StockStatus::Low(3).label(), "Only 3 left");
    }

    #[test]
    fn requested_variant_wins_when_it_exists() {
        let vs = [variant("A", 0), variant("B", 10)];
        assert_eq!(choose_variant(&vs, Some("a")).unwrap().sku, "A");
    }

    #[test]
    fn unknown_or_missing_variant_falls_back_to_first_in_stock() {
        let vs = [variant("A", 0), variant("B", 10)];
        assert_eq!(choose_variant(&vs, Some("nope")).unwrap().sku, "B");
        assert_eq!(choose_variant(&vs, None).unwrap().sku, "B");
        let none_in_stock = [variant("A", 0), variant("B", 0)];
        assert_eq!(choose_variant(&none_in_stock, None).unwrap().sku, "A");
        assert!(choose_variant(&[], None).is_none());
    }

    #[test]
    fn image_choice_is_clamped_to_the_gallery() {
        assert_eq!(choose_image(3, Some("2")), 1);
        assert_eq!(choose_image(3, Some("99")), 2);
        assert_eq!(choose_image(3, Some("-1")), 0);
        assert_eq!(choose_image(3, Some("x")), 0);
        assert_eq!(choose_image(0, None), 0);
    }

    #[test]
    fn price_bands_cover_every_price_once() {
        assert_eq!(price_band(0), (0, Some(5_000)));
        assert_eq!(price_band(1), (5_000, Some(10_000)));
        assert_eq!(price_band(6), (200_000, None));
    }

    #[test]
    fn variant_label_joins_option_values() {
        let mut v = variant("A", 1);
        v.options = vec![
            ("Capacity".into(), "2 TB".into()),
            ("Colour".into(), "Black".into()),
        ];
        assert_eq!(v.label(), "2 TB / Black");
        v.options.clear();
        assert_eq!(v.label(), "Standard");
    }
}
