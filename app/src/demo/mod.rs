//! The deterministic demo catalog of a PC and gaming store: categories, products, variants,
//! stock and pictures, generated from the tables in `data.rs`. The same build always yields
//! the same catalog. Server only.

pub mod accounts;
mod data;

use data::{leaves, Axis, LeafTable, GAMES, GAME_PLATFORMS, TOP_LEVEL};

/// A category to create; `parent` is the parent's slug.
#[derive(Debug, Clone)]
pub struct DemoCategory {
    pub slug: String,
    pub name: String,
    pub parent: Option<String>,
    pub description: String,
    pub position: i32,
    /// The specifications its listing filters by.
    pub spec_facets: Vec<String>,
}

/// A product with its variants and pictures.
#[derive(Debug, Clone)]
pub struct DemoProduct {
    pub slug: String,
    pub category: String,
    pub name: String,
    pub brand: String,
    pub description: String,
    pub specs: Vec<(String, String)>,
    pub variants: Vec<DemoVariant>,
    pub image_count: i32,
    /// Days after 2025-06-01 the product was added.
    pub added_day: i32,
}

#[derive(Debug, Clone)]
pub struct DemoVariant {
    pub sku: String,
    pub options: Vec<(String, String)>,
    pub price_minor: i64,
    pub compare_at_minor: Option<i64>,
    pub stock: i32,
    pub low_stock_threshold: i32,
}

/// The whole demo catalog.
pub struct DemoCatalog {
    pub categories: Vec<DemoCategory>,
    pub products: Vec<DemoProduct>,
}

/// Builds the demo catalog. Deterministic: no clock, no randomness beyond a seeded hash.
pub fn catalog() -> DemoCatalog {
    let mut categories = Vec::new();
    for (i, (slug, name, description)) in TOP_LEVEL.iter().enumerate() {
        categories.push(DemoCategory {
            slug: slug.to_string(),
            name: name.to_string(),
            parent: None,
            description: description.to_string(),
            position: i as i32,
            spec_facets: data::spec_facets(slug),
        });
    }
    let mut products = Vec::new();
    let leaf_count = leaves().count();
    for (i, leaf) in leaves().enumerate() {
        categories.push(DemoCategory {
            slug: leaf.slug.to_string(),
            name: leaf.name.to_string(),
            parent: Some(leaf.parent.to_string()),
            description: leaf.blurb.to_string(),
            position: i as i32,
            spec_facets: data::spec_facets(leaf.slug),
        });
        for (n, line) in leaf
            .lines
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .enumerate()
        {
            products.push(product_from_line(leaf, n, line));
        }
    }
    for (i, (slug, name, platform, prefix)) in GAME_PLATFORMS.iter().enumerate() {
        categories.push(DemoCategory {
            slug: slug.to_string(),
            name: name.to_string(),
            parent: Some("games".to_string()),
            description: format!("Boxed games and download codes for {platform}."),
            position: (leaf_count + i) as i32,
            spec_facets: data::spec_facets(slug),
        });
        let code = prefix.chars().next().unwrap_or('P');
        for (n, game) in GAMES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .enumerate()
        {
            let f: Vec<&str> = game.split('|').collect();
            if f.len() == 6 && f[5].contains(code) {
                products.push(game_product(slug, platform, prefix, n, &f));
            }
        }
    }
    DemoCatalog {
        categories,
        products,
    }
}

fn product_from_line(leaf: &LeafTable, n: usize, line: &str) -> DemoProduct {
    let f: Vec<&str> = line.split('|').collect();
    let (brand, model, dollars) = (f[0], f[1], f[2].parse::<i64>().unwrap_or(99));
    let values = f.get(3).copied().unwrap_or("");
    let specs: Vec<(String, String)> = leaf
        .spec_keys
        .split(';')
        .zip(values.split(';'))
        .filter(|(_, v)| !v.trim().is_empty() && v.trim() != "-")
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect();
    let name = format!("{brand} {model}");
    let sku_base = format!("{}-{:04}", leaf.sku_prefix, n + 1);
    let axis = leaf.axis.filter(|a| dollars >= a.min_dollars);
    build_product(
        leaf.slug, &name, brand, leaf.blurb, specs, &sku_base, dollars, axis,
    )
}

fn game_product(category: &str, platform: &str, prefix: &str, n: usize, f: &[&str]) -> DemoProduct {
    let (publisher, title, dollars) = (f[0], f[1], f[2].parse::<i64>().unwrap_or(59));
    let specs = vec![
        ("Platform".to_string(), platform.to_string()),
        ("Genre".to_string(), f[3].to_string()),
        ("Age rating".to_string(), format!("ESRB {}", f[4])),
        ("Publisher".to_string(), publisher.to_string()),
    ];
    let name = format!("{title} ({platform})");
    let sku_base = format!("{prefix}-{:04}", n + 1);
    let axis = (category != "switch-games")
        .then_some(data::EDITION)
        .filter(|a| dollars >= a.min_dollars);
    let blurb = "A full game with a physical or digital copy, ready to play.";
    build_product(
        category, &name, publisher, blurb, specs, &sku_base, dollars, axis,
    )
}

#[allow(clippy::too_many_arguments)]
fn build_product(
    category: &str,
    name: &str,
    brand: &str,
    blurb: &str,
    specs: Vec<(String, String)>,
    sku_base: &str,
    dollars: i64,
    axis: Option<Axis>,
) -> DemoProduct {
    let seed = hash(name);
    let discounted = seed % 100 < 22;
    let options: Vec<(Option<(&str, &str)>, i64)> = match axis {
        Some(a) => a
            .options
            .iter()
            .map(|(label, pct)| (Some((a.name, *label)), *pct))
            .collect(),
        None => vec![(None, 100)],
    };
    let variants = options
        .iter()
        .map(|(option, pct)| {
            let sku = match option {
                Some((_, label)) => format!("{sku_base}-{}", sku_suffix(label)),
                None => sku_base.to_string(),
            };
            let price_minor = (dollars * pct / 100) * 100 + 99;
            let v_seed = hash(&sku);
            DemoVariant {
                options: option
                    .map(|(k, v)| vec![(k.to_string(), v.to_string())])
                    .unwrap_or_default(),
                price_minor,
                compare_at_minor: discounted
                    .then(|| (price_minor * (110 + (seed / 7 % 26) as i64) / 100) / 100 * 100 + 99),
                stock: stock_level(v_seed),
                low_stock_threshold: 5,
                sku,
            }
        })
        .collect();
    let spec_text: Vec<String> = specs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    DemoProduct {
        slug: slugify(name),
        category: category.to_string(),
        name: name.to_string(),
        brand: brand.to_string(),
        description: format!("{name} from {brand}. {blurb} {}.", spec_text.join(". ")),
        specs,
        variants,
        image_count: 2 + (seed % 3) as i32,
        added_day: (seed / 101 % 500) as i32,
    }
}

/// Plenty for most variants, a few low (at or under the threshold of 5), about one in ten none.
fn stock_level(seed: u64) -> i32 {
    match seed % 100 {
        0..=9 => 0,
        10..=21 => 1 + (seed / 100 % 5) as i32,
        _ => 8 + (seed / 100 % 143) as i32,
    }
}

fn sku_suffix(label: &str) -> String {
    label
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase()
        .chars()
        .take(8)
        .collect()
}

/// Lower-case ASCII words joined by single hyphens ("Baldur's Gate 3 (PS5)" -> "baldurs-gate-3-ps5").
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for ch in text.chars() {
        let ch = match ch {
            'é' | 'è' | 'ë' => 'e',
            'ö' | 'ó' => 'o',
            c => c,
        };
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if ch == '\'' || ch == '.' && slug.ends_with(|c: char| c.is_ascii_digit()) {
            continue;
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// FNV-1a: a stable hash, identical on every platform and Rust version.
fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_catalog_is_big_enough_and_deterministic() {
        let c = catalog();
        assert!(c.products.len() >= 344, "{} products", c.products.len());
        assert!(
            c.categories.len() >= 33,
            "{} categories",
            c.categories.len()
        );
        let again = catalog();
        assert_eq!(c.products.len(), again.products.len());
        assert_eq!(
            c.products[17].variants[0].stock,
            again.products[17].variants[0].stock
        );
    }

    #[test]
    fn every_spec_facet_is_a_spec_most_of_the_categorys_products_have() {
        let c = catalog();
        let slugs: HashSet<&str> = c.categories.iter().map(|c| c.slug.as_str()).collect();
        for (slug, _) in data::SPEC_FACETS {
            assert!(slugs.contains(slug), "{slug} is no demo category");
        }
        for category in c.categories.iter().filter(|c| !c.spec_facets.is_empty()) {
            // The category and its children.
            let within: Vec<&DemoProduct> = c
                .products
                .iter()
                .filter(|p| {
                    p.category == category.slug
                        || c.categories.iter().any(|child| {
                            child.slug == p.category
                                && child.parent.as_deref() == Some(&category.slug)
                        })
                })
                .collect();
            for facet in &category.spec_facets {
                let having = within
                    .iter()
                    .filter(|p| p.specs.iter().any(|(name, _)| name == facet))
                    .count();
                assert!(
                    having * 2 > within.len(),
                    "{}: only {having} of {} products have {facet}",
                    category.slug,
                    within.len()
                );
            }
        }
    }

    #[test]
    fn slugs_and_skus_are_unique_and_well_formed() {
        let c = catalog();
        let mut slugs = HashSet::new();
        let mut skus = HashSet::new();
        for p in &c.products {
            assert!(slugs.insert(p.slug.clone()), "duplicate slug {}", p.slug);
            assert!(!p.variants.is_empty(), "{} has no variant", p.slug);
            assert!(
                p.slug.split('-').all(|w| !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{}",
                p.slug
            );
            for v in &p.variants {
                assert!(skus.insert(v.sku.clone()), "duplicate sku {}", v.sku);
                assert!(v.compare_at_minor.is_none_or(|c| c > v.price_minor));
            }
        }
    }

    #[test]
    fn every_product_belongs_to_a_leaf_category_that_exists() {
        let c = catalog();
        let slugs: HashSet<&str> = c.categories.iter().map(|c| c.slug.as_str()).collect();
        for p in &c.products {
            assert!(slugs.contains(p.category.as_str()), "{}", p.category);
        }
    }

    #[test]
    fn stock_includes_plenty_low_and_none() {
        let c = catalog();
        let levels: Vec<i32> = c
            .products
            .iter()
            .flat_map(|p| p.variants.iter().map(|v| v.stock))
            .collect();
        assert!(levels.iter().filter(|s| **s == 0).count() > 10);
        assert!(levels.iter().filter(|s| (1..=5).contains(*s)).count() > 10);
        assert!(levels.iter().filter(|s| **s > 20).count() > 200);
        assert!(c.products.iter().filter(|p| p.variants.len() > 1).count() > 50);
    }

    #[test]
    fn the_browser_tests_have_enough_single_variant_products() {
        // end2end/tests/helpers.ts `itemsFor`: five ranges of 64 (four projects, four slots of
        // four products each).
        let single = catalog()
            .products
            .iter()
            .filter(|p| p.variants.len() == 1)
            .count();
        assert!(single >= 5 * 64, "{single} single-variant products");
    }

    #[test]
    fn slugify_makes_url_safe_words() {
        assert_eq!(slugify("Baldur's Gate 3 (PS5)"), "baldurs-gate-3-ps5");
        assert_eq!(slugify("Pokémon Scarlet"), "pokemon-scarlet");
        assert_eq!(
            slugify("Super Mario Bros. Wonder"),
            "super-mario-bros-wonder"
        );
        assert_eq!(slugify("G.Skill 2.5GbE"), "g-skill-25gbe");
    }
}
