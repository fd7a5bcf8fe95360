//! The catalog listing query: what a shopper asked for in the URL, parsed and clamped so that
//! any query string (hand-edited, truncated, hostile) becomes a valid query. The same type
//! writes canonical URLs back, so links for filters, sorting and pages share one format.

use super::money::{parse_major_amount, Currency};
use serde::{Deserialize, Serialize};

/// Products per listing page.
pub const PAGE_SIZE: u32 = 24;
/// Pages beyond this are clamped; the database clamps again to the last real page.
pub const MAX_PAGE: u32 = 10_000;
/// Longer search text is cut to this many characters.
pub const MAX_TEXT_CHARS: usize = 200;
/// At most this many words of the search text are searched for.
pub const MAX_WORDS: usize = 8;
/// At most this many brand filters are kept.
pub const MAX_BRANDS: usize = 20;
const MAX_BRAND_CHARS: usize = 60;
/// At most this many specification filters (`spec=Name:Value`) are kept.
pub const MAX_SPECS: usize = 20;
const MAX_SPEC_NAME_CHARS: usize = 60;
const MAX_SPEC_VALUE_CHARS: usize = 100;
const MAX_WORD_CHARS: usize = 32;

/// Listing order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    /// Best text match first; without search text ("Featured"), newest first. Products in
    /// stock come before sold-out ones either way.
    #[default]
    Relevance,
    PriceAsc,
    PriceDesc,
    Newest,
    Name,
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Relevance,
        Sort::PriceAsc,
        Sort::PriceDesc,
        Sort::Newest,
        Sort::Name,
    ];

    /// Parses the `sort` URL parameter; unknown values give None.
    pub fn parse(value: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.param() == value.trim())
    }

    /// The value used in the `sort` URL parameter.
    pub fn param(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Newest => "newest",
            Sort::Name => "name",
        }
    }

    /// The label shown in the sort picker: the default order is "Best match" for a search and
    /// "Featured" for a category or the whole catalog (there is nothing to match).
    pub fn label(self, has_text: bool) -> &'static str {
        match self {
            Sort::Relevance if has_text => "Best match",
            Sort::Relevance => "Featured",
            Sort::PriceAsc => "Price: low to high",
            Sort::PriceDesc => "Price: high to low",
            Sort::Newest => "Newest",
            Sort::Name => "Name: A to Z",
        }
    }
}

/// A clamped, valid listing query. Prices are minor units of the store currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogQuery {
    pub text: Option<String>,
    pub brands: Vec<String>,
    /// Specification filters, (name, value), from `spec=Name:Value`: values of one name are
    /// alternatives, different names must all match. Only the category's spec facets are kept
    /// (see [`CatalogQuery::keep_specs`]).
    pub specs: Vec<(String, String)>,
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    pub in_stock: bool,
    /// Search the words as typed, without correcting misspellings (`exact=1`: the listing's
    /// "Search instead for …" link).
    pub exact: bool,
    pub sort: Sort,
    pub page: u32,
}

impl Default for CatalogQuery {
    fn default() -> Self {
        CatalogQuery {
            text: None,
            brands: Vec::new(),
            specs: Vec::new(),
            min_price: None,
            max_price: None,
            in_stock: false,
            exact: false,
            sort: Sort::Relevance,
            page: 1,
        }
    }
}

impl CatalogQuery {
    /// Parses a URL query string (with or without the leading `?`). Never fails: unknown keys
    /// and unusable values are ignored, numbers are clamped, and min/max prices are swapped
    /// when given the wrong way round.
    pub fn from_query_string(raw: &str, currency: Currency) -> CatalogQuery {
        let mut query = CatalogQuery::default();
        let raw = raw.strip_prefix('?').unwrap_or(raw);
        for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
            match key.as_ref() {
                "q" => query.text = normalize_text(&value),
                "brand" => query.add_brand(&value),
                "spec" => query.add_spec(&value),
                "min" => query.min_price = parse_major_amount(&value, currency),
                "max" => query.max_price = parse_major_amount(&value, currency),
                "in_stock" => query.in_stock = matches!(value.as_ref(), "1" | "true" | "on"),
                "exact" => query.exact = matches!(value.as_ref(), "1" | "true" | "on"),
                "sort" => query.sort = Sort::parse(&value).unwrap_or_default(),
                "page" => query.page = parse_page(&value),
                _ => {}
            }
        }
        if let (Some(min), Some(max)) = (query.min_price, query.max_price) {
            if min > max {
                query.min_price = Some(max);
                query.max_price = Some(min);
            }
        }
        query
    }

    /// A search for `text` (normalised as the `q` parameter is), everything else default.
    pub fn for_text(text: &str) -> CatalogQuery {
        CatalogQuery {
            text: normalize_text(text),
            ..CatalogQuery::default()
        }
    }

    fn add_brand(&mut self, value: &str) {
        let brand: String = value.trim().chars().take(MAX_BRAND_CHARS).collect();
        if !brand.is_empty() && self.brands.len() < MAX_BRANDS && !self.brands.contains(&brand) {
            self.brands.push(brand);
        }
    }

    /// Adds a `Name:Value` specification filter (split at the first colon; spec names never
    /// hold one), ignoring malformed, duplicate and surplus ones.
    fn add_spec(&mut self, raw: &str) {
        let Some((name, value)) = raw.split_once(':') else {
            return;
        };
        let name: String = name.trim().chars().take(MAX_SPEC_NAME_CHARS).collect();
        let value: String = value.trim().chars().take(MAX_SPEC_VALUE_CHARS).collect();
        let spec = (name, value);
        if !spec.0.is_empty()
            && !spec.1.is_empty()
            && self.specs.len() < MAX_SPECS
            && !self.specs.contains(&spec)
        {
            self.specs.push(spec);
        }
    }

    /// Keeps only the specification filters whose name is one of `names` (a category's spec
    /// facets, compared ignoring case), written as the facet spells it: a filter the page
    /// does not offer would narrow it invisibly.
    pub fn keep_specs(&mut self, names: &[String]) {
        let specs = std::mem::take(&mut self.specs);
        for (name, value) in specs {
            if let Some(facet) = names.iter().find(|n| n.eq_ignore_ascii_case(&name)) {
                let spec = (facet.clone(), value);
                if !self.specs.contains(&spec) {
                    self.specs.push(spec);
                }
            }
        }
    }

    /// The canonical query string (without `?`): parameters in a fixed order, defaults left out.
    pub fn to_query_string(&self, currency: Currency) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(text) = &self.text {
            out.append_pair("q", text);
        }
        for brand in &self.brands {
            out.append_pair("brand", brand);
        }
        for (name, value) in &self.specs {
            out.append_pair("spec", &format!("{name}:{value}"));
        }
        let per = currency.minor_per_major();
        let major = |minor: i64| {
            if minor % per == 0 {
                (minor / per).to_string()
            } else {
                format!("{}.{:02}", minor / per, minor % per)
            }
        };
        if let Some(min) = self.min_price {
            out.append_pair("min", &major(min));
        }
        if let Some(max) = self.max_price {
            out.append_pair("max", &major(max));
        }
        if self.in_stock {
            out.append_pair("in_stock", "1");
        }
        // Only meaningful with search text.
        if self.exact && self.text.is_some() {
            out.append_pair("exact", "1");
        }
        if self.sort != Sort::Relevance {
            out.append_pair("sort", self.sort.param());
        }
        if self.page > 1 {
            out.append_pair("page", &self.page.to_string());
        }
        out.finish()
    }

    /// The same query on another page.
    pub fn with_page(&self, page: u32) -> CatalogQuery {
        CatalogQuery {
            page: page.clamp(1, MAX_PAGE),
            ..self.clone()
        }
    }

    /// The query with `brand` added, or removed when already chosen; back to page 1.
    pub fn toggling_brand(&self, brand: &str) -> CatalogQuery {
        let mut next = self.with_page(1);
        if let Some(i) = next.brands.iter().position(|b| b == brand) {
            next.brands.remove(i);
        } else {
            next.add_brand(brand);
        }
        next
    }

    /// The query with the specification filter (name, value) added, or removed when already
    /// chosen; back to page 1.
    pub fn toggling_spec(&self, name: &str, value: &str) -> CatalogQuery {
        let mut next = self.with_page(1);
        if let Some(i) = next.specs.iter().position(|(n, v)| n == name && v == value) {
            next.specs.remove(i);
        } else {
            next.add_spec(&format!("{name}:{value}"));
        }
        next
    }

    /// The query without any specification filter: what a link to another category carries,
    /// as each category has its own spec facets.
    pub fn without_specs(&self) -> CatalogQuery {
        CatalogQuery {
            specs: Vec::new(),
            ..self.with_page(1)
        }
    }

    /// The query with a price range (minor units); back to page 1.
    pub fn with_price(&self, min: Option<i64>, max: Option<i64>) -> CatalogQuery {
        CatalogQuery {
            min_price: min,
            max_price: max,
            ..self.with_page(1)
        }
    }

    /// The query with "in stock only" flipped; back to page 1.
    pub fn toggling_in_stock(&self) -> CatalogQuery {
        CatalogQuery {
            in_stock: !self.in_stock,
            ..self.with_page(1)
        }
    }

    /// True when any filter beyond the search text is set.
    pub fn has_filters(&self) -> bool {
        self.filter_count() > 0
    }

    /// How many filters are in force, as chips show them: each brand, each specification, the
    /// price range (one, whichever ends are set) and "in stock only".
    pub fn filter_count(&self) -> usize {
        self.brands.len()
            + self.specs.len()
            + usize::from(self.min_price.is_some() || self.max_price.is_some())
            + usize::from(self.in_stock)
    }

    /// The search words: lower-cased alphanumeric runs, at most [`MAX_WORDS`], each cut short.
    pub fn words(&self) -> Vec<String> {
        let Some(text) = &self.text else {
            return Vec::new();
        };
        let mut words: Vec<String> = Vec::new();
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            let word: String = word.to_lowercase().chars().take(MAX_WORD_CHARS).collect();
            if !word.is_empty() && !words.contains(&word) {
                words.push(word);
            }
            if words.len() == MAX_WORDS {
                break;
            }
        }
        words
    }

    /// The offset of the first product on the current page.
    pub fn offset(&self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * i64::from(PAGE_SIZE)
    }
}

/// How many pages `total` products fill (at least one, so an empty listing has page 1).
pub fn page_count(total: i64) -> u32 {
    let pages = (total.max(0) + i64::from(PAGE_SIZE) - 1) / i64::from(PAGE_SIZE);
    u32::try_from(pages).unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE)
}

fn parse_page(value: &str) -> u32 {
    match value.trim().parse::<i64>() {
        Ok(n) => u32::try_from(n.clamp(1, i64::from(MAX_PAGE))).unwrap_or(1),
        Err(_) if !value.trim().is_empty() && value.trim().bytes().all(|b| b.is_ascii_digit()) => {
            MAX_PAGE
        }
        Err(_) => 1,
    }
}

/// Trims, folds runs of white space and control characters to one space, and cuts the text to
/// [`MAX_TEXT_CHARS`]. Empty text is no text.
fn normalize_text(value: &str) -> Option<String> {
    let folded = value
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let cut: String = folded.chars().take(MAX_TEXT_CHARS).collect();
    let cut = cut.trim().to_string();
    (!cut.is_empty()).then_some(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> CatalogQuery {
        CatalogQuery::from_query_string(raw, Currency::Usd)
    }

    #[test]
    fn an_empty_query_string_is_the_default_query() {
        assert_eq!(parse(""), CatalogQuery::default());
        assert_eq!(parse("?"), CatalogQuery::default());
    }

    #[test]
    fn reads_every_parameter() {
        let q = parse("?q=nvidia+4070&brand=ASUS&brand=MSI&min=100&max=999.99&in_stock=1&sort=price_asc&page=3");
        assert_eq!(q.text.as_deref(), Some("nvidia 4070"));
        assert_eq!(q.brands, ["ASUS", "MSI"]);
        assert_eq!((q.min_price, q.max_price), (Some(10_000), Some(99_999)));
        assert!(q.in_stock);
        assert_eq!(q.sort, Sort::PriceAsc);
        assert_eq!(q.page, 3);
    }

    #[test]
    fn pages_are_clamped_to_a_valid_range() {
        let cases = [
            ("page=-3", 1),
            ("page=0", 1),
            ("page=abc", 1),
            ("page=", 1),
            ("page=2.5", 1),
            ("page=7", 7),
            ("page=999999999999999999999999", MAX_PAGE),
            ("page=50000", MAX_PAGE),
        ];
        for (raw, page) in cases {
            assert_eq!(parse(raw).page, page, "{raw}");
        }
    }

    #[test]
    fn unknown_sort_values_fall_back_to_best_match() {
        assert_eq!(parse("sort=bogus").sort, Sort::Relevance);
        assert_eq!(parse("sort=newest").sort, Sort::Newest);
    }

    #[test]
    fn min_price_above_max_is_swapped() {
        let q = parse("min=500&max=100");
        assert_eq!((q.min_price, q.max_price), (Some(10_000), Some(50_000)));
    }

    #[test]
    fn unusable_prices_are_ignored() {
        let q = parse("min=-5&max=lots");
        assert_eq!((q.min_price, q.max_price), (None, None));
    }

    #[test]
    fn long_search_text_is_cut_and_whitespace_folded() {
        let long = "a".repeat(10_000);
        assert_eq!(
            parse(&format!("q={long}")).text.unwrap().len(),
            MAX_TEXT_CHARS
        );
        assert_eq!(
            parse("q=%20%20rtx%0A%094070%20").text.as_deref(),
            Some("rtx 4070")
        );
        assert_eq!(parse("q=%20%20").text, None);
    }

    #[test]
    fn words_are_lowercased_alphanumeric_runs_without_duplicates() {
        let q = parse("q=Robert'); DROP TABLE products;-- <script>RTX</script>");
        assert_eq!(
            q.words(),
            ["robert", "drop", "table", "products", "script", "rtx"]
        );
        let many = parse("q=a b c d e f g h i j k");
        assert_eq!(many.words().len(), MAX_WORDS);
    }

    #[test]
    fn brands_are_deduplicated_and_capped() {
        let raw: String = (0..50).map(|i| format!("brand=B{i}&")).collect();
        assert_eq!(parse(&raw).brands.len(), MAX_BRANDS);
        assert_eq!(parse("brand=ASUS&brand=ASUS&brand=").brands, ["ASUS"]);
    }

    #[test]
    fn query_strings_round_trip_in_canonical_order() {
        let raw =
            "q=rtx+4070&brand=ASUS&min=100&max=250.50&in_stock=1&exact=1&sort=price_desc&page=2";
        let q = parse(raw);
        assert_eq!(q.to_query_string(Currency::Usd), raw);
        assert_eq!(parse(&q.to_query_string(Currency::Usd)), q);
        assert_eq!(CatalogQuery::default().to_query_string(Currency::Usd), "");
        assert_eq!(parse("exact=1").to_query_string(Currency::Usd), "");
    }

    #[test]
    fn changing_a_filter_returns_to_the_first_page() {
        let q = parse("page=4");
        assert_eq!(q.toggling_brand("MSI").page, 1);
        assert_eq!(q.toggling_in_stock().page, 1);
        assert_eq!(q.with_price(Some(1), None).page, 1);
        assert_eq!(
            q.toggling_brand("MSI").toggling_brand("MSI").brands,
            Vec::<String>::new()
        );
    }

    #[test]
    fn spec_filters_are_name_value_pairs_split_at_the_first_colon() {
        let q = parse("spec=Chipset%3ANVIDIA+RTX+4070&spec=Ratio:16:9&spec=nocolon&spec=:x&spec=Memory:&spec=Chipset:NVIDIA RTX 4070");
        assert_eq!(
            q.specs,
            [
                ("Chipset".to_string(), "NVIDIA RTX 4070".to_string()),
                ("Ratio".to_string(), "16:9".to_string())
            ]
        );
        assert!(q.has_filters());
        let raw: String = (0..50).map(|i| format!("spec=S:{i}&")).collect();
        assert_eq!(parse(&raw).specs.len(), MAX_SPECS);
    }

    #[test]
    fn spec_filters_round_trip_and_toggle() {
        let q = parse("brand=MSI&spec=Memory%3A12+GB+GDDR6X&sort=name");
        assert_eq!(
            q.to_query_string(Currency::Usd),
            "brand=MSI&spec=Memory%3A12+GB+GDDR6X&sort=name"
        );
        assert_eq!(parse(&q.to_query_string(Currency::Usd)), q);
        let more = q.toggling_spec("Memory", "8 GB GDDR6");
        assert_eq!(more.specs.len(), 2);
        assert_eq!(
            more.toggling_spec("Memory", "12 GB GDDR6X").specs,
            [("Memory".to_string(), "8 GB GDDR6".to_string())]
        );
        assert!(more.without_specs().specs.is_empty());
        assert_eq!(more.without_specs().brands, ["MSI"]);
    }

    #[test]
    fn only_the_categorys_spec_facets_are_kept_as_the_facet_spells_them() {
        let mut q = parse("spec=chipset:AMD&spec=Colour:Red&spec=CHIPSET:AMD&spec=Memory:8 GB");
        q.keep_specs(&["Chipset".to_string(), "Memory".to_string()]);
        assert_eq!(
            q.specs,
            [
                ("Chipset".to_string(), "AMD".to_string()),
                ("Memory".to_string(), "8 GB".to_string())
            ]
        );
        q.keep_specs(&[]);
        assert!(q.specs.is_empty());
    }

    #[test]
    fn filters_are_counted_as_chips_show_them() {
        assert_eq!(parse("q=rtx&sort=name&page=2").filter_count(), 0);
        assert!(!parse("q=rtx").has_filters());
        let q = parse("brand=ASUS&brand=MSI&spec=Memory:8+GB&min=100&max=200&in_stock=1");
        assert_eq!(q.filter_count(), 5);
        assert_eq!(parse("max=200").filter_count(), 1);
    }

    #[test]
    fn page_count_covers_partial_pages_and_empty_listings() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(24), 1);
        assert_eq!(page_count(25), 2);
        assert_eq!(page_count(344), 15);
    }
}
