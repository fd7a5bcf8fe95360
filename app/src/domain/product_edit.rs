//! Editing the catalog from the dashboard: what a product and a variant form must hold, read
//! field by field (every mistake reported at once, next to its field), and the dashboard's read
//! models of products.

use serde::{Deserialize, Serialize};

use super::money::{parse_major_amount, Currency, Money};

/// Field errors: (field name, message).
pub type FieldErrors = Vec<(String, String)>;

/// A product form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductForm {
    pub name: String,
    /// Empty: made from the name.
    pub slug: String,
    pub brand: String,
    /// A category slug.
    pub category: String,
    pub description: String,
    /// One "Name: value" per line.
    pub specs: String,
    pub active: bool,
}

/// A product form that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidProduct {
    pub name: String,
    pub slug: String,
    pub brand: String,
    pub category: String,
    pub description: String,
    pub specs: Vec<(String, String)>,
    pub active: bool,
}

/// "Samsung 990 PRO 2TB!" -> "samsung-990-pro-2tb".
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-')
        .chars()
        .take(80)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 80
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Reads "Name: value" lines (blank lines skipped).
pub fn parse_specs(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut specs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match line.split_once(':') {
            Some((name, value)) if !name.trim().is_empty() && !value.trim().is_empty() => {
                specs.push((name.trim().to_string(), value.trim().to_string()))
            }
            _ => return Err(format!("Line {}: write it as \"Name: value\".", i + 1)),
        }
    }
    if specs.len() > 50 {
        return Err("At most 50 specification lines.".into());
    }
    Ok(specs)
}

/// Writes specs back as the form shows them.
pub fn specs_text(specs: &[(String, String)]) -> String {
    specs
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn required(errors: &mut FieldErrors, field: &str, value: &str, what: &str, max: usize) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.push((field.into(), format!("Enter the {what}.")));
    } else if value.chars().count() > max {
        errors.push((
            field.into(),
            format!("Keep the {what} under {max} characters."),
        ));
    }
    value.to_string()
}

/// Checks a product form; every problem at once.
pub fn validate_product(form: &ProductForm) -> Result<ValidProduct, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = required(&mut errors, "name", &form.name, "product name", 200);
    let brand = required(&mut errors, "brand", &form.brand, "brand", 100);
    let slug = match form.slug.trim() {
        "" => slugify(&name),
        typed => typed.to_string(),
    };
    if !name.is_empty() && !is_slug(&slug) {
        errors.push((
            "slug".into(),
            "Use lowercase letters, digits and single dashes, like gaming-mouse-2.".into(),
        ));
    }
    let category = form.category.trim().to_string();
    if category.is_empty() {
        errors.push(("category".into(), "Choose a category.".into()));
    }
    let description = form.description.trim().to_string();
    if description.chars().count() > 5000 {
        errors.push((
            "description".into(),
            "Keep the description under 5000 characters.".into(),
        ));
    }
    let specs = parse_specs(&form.specs).unwrap_or_else(|message| {
        errors.push(("specs".into(), message));
        Vec::new()
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidProduct {
        name,
        slug,
        brand,
        category,
        description,
        specs,
        active: form.active,
    })
}

/// A variant form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantForm {
    pub sku: String,
    /// "Colour: Black, Size: M" (empty for a product's only variant).
    pub options: String,
    /// Major units, "19.99".
    pub price: String,
    /// Empty, or the "was" price, above the price.
    pub compare_at: String,
    pub threshold: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidVariant {
    pub sku: String,
    pub options: Vec<(String, String)>,
    pub price_minor: i64,
    pub compare_at_minor: Option<i64>,
    pub threshold: i32,
}

/// Reads "Colour: Black, Size: M".
pub fn parse_options(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut options = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once(':') {
            Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => {
                options.push((k.trim().to_string(), v.trim().to_string()))
            }
            _ => return Err("Write options as \"Colour: Black, Size: M\".".into()),
        }
    }
    Ok(options)
}

/// "Colour: Black, Size: M".
pub fn options_text(options: &[(String, String)]) -> String {
    options
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a variant form; every problem at once.
pub fn validate_variant(
    form: &VariantForm,
    currency: Currency,
) -> Result<ValidVariant, FieldErrors> {
    let mut errors = FieldErrors::new();
    let sku = form.sku.trim().to_ascii_uppercase();
    let sku_ok = (2..=64).contains(&sku.len())
        && sku
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && sku
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    if !sku_ok {
        errors.push((
            "sku".into(),
            "Use 2 to 64 letters, digits and dashes, like MOUSE-01-BLACK.".into(),
        ));
    }
    let options = parse_options(&form.options).unwrap_or_else(|m| {
        errors.push(("options".into(), m));
        Vec::new()
    });
    let price = parse_major_amount(&form.price, currency);
    if price.is_none() {
        errors.push(("price".into(), "Enter a price like 19.99.".into()));
    }
    let compare_at = match form.compare_at.trim() {
        "" => None,
        text => match (parse_major_amount(text, currency), price) {
            (Some(c), Some(p)) if c > p => Some(c),
            (Some(_), Some(p)) => {
                errors.push((
                    "compare_at".into(),
                    format!(
                        "The \"was\" price must be above {}.",
                        Money::new(p, currency)
                    ),
                ));
                None
            }
            (None, _) => {
                errors.push((
                    "compare_at".into(),
                    "Enter a price like 24.99, or leave it empty.".into(),
                ));
                None
            }
            _ => None,
        },
    };
    let threshold = match form.threshold.trim() {
        "" => 5,
        text => match text.parse::<i32>() {
            Ok(n) if (0..=100_000).contains(&n) => n,
            _ => {
                errors.push((
                    "threshold".into(),
                    "Enter a whole number from 0 to 100000.".into(),
                ));
                0
            }
        },
    };
    match (errors.is_empty(), price) {
        (true, Some(price_minor)) => Ok(ValidVariant {
            sku,
            options,
            price_minor,
            compare_at_minor: compare_at,
            threshold,
        }),
        _ => Err(errors),
    }
}

/// A category in the dashboard's tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// The parent's slug (None at the top).
    pub parent: Option<String>,
    /// 0 at the top.
    pub depth: i32,
    /// Products in it and in its subcategories (active or hidden).
    pub products: i64,
    /// The specifications its listing filters by, in order.
    pub spec_facets: Vec<String>,
    /// The specification names its products (and its subcategories') have, most common first:
    /// what an admin can choose spec facets from.
    pub spec_names: Vec<String>,
}

/// At most this many spec facets per category (the database checks it too).
pub const MAX_SPEC_FACETS: usize = 8;

/// Reads a category's spec facets from the form: names separated by commas or new lines, in
/// order; blanks dropped, repeats (ignoring case) kept once.
pub fn parse_spec_facets(text: &str) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = Vec::new();
    for name in text
        .split([',', '\n'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        if name.contains(':') {
            return Err(format!(
                "“{name}”: a specification name has no colon (write just the name, like Chipset)."
            ));
        }
        if name.chars().count() > 60 {
            return Err("A specification name has at most 60 characters.".into());
        }
        if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(name.to_string());
        }
    }
    if names.len() > MAX_SPEC_FACETS {
        return Err(format!(
            "At most {MAX_SPEC_FACETS} filters: shoppers read a short list."
        ));
    }
    Ok(names)
}

/// Checks a category form: (name, slug); the slug is made from the name when empty.
pub fn validate_category(name: &str, slug: &str) -> Result<(String, String), FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = required(&mut errors, "name", name, "category name", 100);
    let slug = match slug.trim() {
        "" => slugify(&name),
        typed => typed.to_string(),
    };
    if !name.is_empty() && !is_slug(&slug) {
        errors.push((
            "slug".into(),
            "Use lowercase letters, digits and single dashes, like gaming-mice.".into(),
        ));
    }
    if errors.is_empty() {
        Ok((name, slug))
    } else {
        Err(errors)
    }
}

/// A row of the dashboard's product list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminProductRow {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub brand: String,
    pub category: String,
    pub variants: i64,
    pub stock: i64,
    pub active: bool,
    pub seller: Option<String>,
    pub updated: String,
    /// The cheapest and dearest active variant (None: no variant on sale).
    pub prices: Option<(super::money::Money, super::money::Money)>,
    /// The first picture.
    pub image: Option<super::picture::Picture>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminProductPage {
    pub rows: Vec<AdminProductRow>,
    pub page: u32,
    pub has_more: bool,
    pub total: i64,
}

/// A variant as the editor shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantRow {
    pub form: VariantForm,
    pub stock_on_hand: i32,
    pub active: bool,
}

/// Everything the product editor needs. `id` 0 for a new product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductEditor {
    pub id: i64,
    /// The version the form was loaded at (a save against an older one is refused).
    pub version: i32,
    pub form: ProductForm,
    pub seller_id: Option<i64>,
    pub variants: Vec<VariantRow>,
    /// The gallery in order (the first is the main picture).
    pub images: Vec<crate::domain::image::AdminImage>,
    /// The largest image file the store accepts, in bytes.
    pub image_max_bytes: u64,
    /// (slug, "Parent › Child") to choose from.
    pub categories: Vec<(String, String)>,
    /// (id, email) of seller accounts (admins only; empty for sellers).
    pub sellers: Vec<(i64, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ProductForm {
        ProductForm {
            name: "Viper Mini Mouse".into(),
            slug: String::new(),
            brand: "Razer".into(),
            category: "mice".into(),
            description: "Light.".into(),
            specs: "Weight: 61 g\n\nDPI: 8500".into(),
            active: true,
        }
    }

    #[test]
    fn spec_facets_are_names_separated_by_commas_or_lines() {
        assert_eq!(
            parse_spec_facets(" Chipset, memory\nMemory ,, \n Boost clock ").unwrap(),
            ["Chipset", "memory", "Boost clock"]
        );
        assert_eq!(parse_spec_facets("  ").unwrap(), Vec::<String>::new());
        assert!(parse_spec_facets("Chipset: NVIDIA")
            .unwrap_err()
            .contains("no colon"));
        assert!(parse_spec_facets(&"x".repeat(61)).is_err());
        let nine = (1..=9)
            .map(|i| format!("S{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert!(parse_spec_facets(&nine).unwrap_err().contains("At most 8"));
    }

    #[test]
    fn categories_need_a_name_and_a_clean_slug() {
        assert_eq!(
            validate_category(" Gaming Mice ", ""),
            Ok(("Gaming Mice".into(), "gaming-mice".into()))
        );
        assert_eq!(validate_category("", "").unwrap_err()[0].0, "name");
        assert_eq!(
            validate_category("Mice", "Bad Slug").unwrap_err()[0].0,
            "slug"
        );
    }

    #[test]
    fn slugs_come_from_names() {
        assert_eq!(slugify("Samsung 990 PRO 2TB!"), "samsung-990-pro-2tb");
        assert_eq!(slugify("  --Über  Mouse-- "), "ber-mouse");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn a_good_product_form_reads_cleanly() {
        let p = validate_product(&form()).unwrap();
        assert_eq!(p.slug, "viper-mini-mouse");
        assert_eq!(
            p.specs,
            [
                ("Weight".into(), "61 g".into()),
                ("DPI".into(), "8500".into())
            ]
        );
        assert_eq!(specs_text(&p.specs), "Weight: 61 g\nDPI: 8500");
    }

    #[test]
    fn every_product_mistake_is_reported_at_once() {
        let bad = ProductForm {
            name: " ".into(),
            brand: String::new(),
            category: String::new(),
            specs: "Weight 61 g".into(),
            ..form()
        };
        let errors = validate_product(&bad).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["name", "brand", "category", "specs"]);
        let bad_slug = ProductForm {
            slug: "Not A Slug".into(),
            ..form()
        };
        assert_eq!(validate_product(&bad_slug).unwrap_err()[0].0, "slug");
    }

    #[test]
    fn variants_are_checked_field_by_field() {
        let good = VariantForm {
            sku: " mouse-01-black ".into(),
            options: "Colour: Black".into(),
            price: "49.99".into(),
            compare_at: "59.99".into(),
            threshold: String::new(),
        };
        let v = validate_variant(&good, Currency::Usd).unwrap();
        assert_eq!(
            (
                v.sku.as_str(),
                v.price_minor,
                v.compare_at_minor,
                v.threshold
            ),
            ("MOUSE-01-BLACK", 4999, Some(5999), 5)
        );
        assert_eq!(options_text(&v.options), "Colour: Black");
        let bad = VariantForm {
            sku: "-".into(),
            options: "Black".into(),
            price: "free".into(),
            compare_at: "10".into(),
            threshold: "-1".into(),
        };
        let fields: Vec<String> = validate_variant(&bad, Currency::Usd)
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["sku", "options", "price", "threshold"]);
        let cheaper_was = VariantForm {
            compare_at: "40".into(),
            ..good
        };
        assert_eq!(
            validate_variant(&cheaper_was, Currency::Usd).unwrap_err()[0].0,
            "compare_at"
        );
    }
}
