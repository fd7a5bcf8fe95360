//! The catalog as CSV: one row per variant, its product's fields repeated on each row. Export
//! writes it; import reads it back, checks every row with the editor's own rules, and reports
//! every mistake with its line and column. A file with any mistake changes nothing.
//!
//! The CSV reading and writing itself (RFC 4180, formula guard) is in [`super::csv`].

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::csv::{cell, parse, uncell};
use super::money::Currency;
use super::product_edit::{
    validate_product, validate_variant, ProductForm, ValidProduct, ValidVariant, VariantForm,
};

/// Every column, in export order.
pub const COLUMNS: [&str; 13] = [
    "product_slug",
    "name",
    "brand",
    "category",
    "description",
    "specs",
    "product_active",
    "sku",
    "options",
    "price",
    "compare_at",
    "low_stock_threshold",
    "variant_active",
];
/// Columns an import file must have (the others take their defaults when absent).
pub const REQUIRED: [&str; 6] = ["product_slug", "name", "brand", "category", "sku", "price"];
/// Most variant rows in one file.
pub const MAX_ROWS: usize = 5_000;

/// One mistake in an import file. `line` is the file's line where the row starts (1 is the
/// header).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: usize,
    pub column: String,
    pub message: String,
}

impl RowError {
    pub fn new(line: usize, column: &str, message: impl Into<String>) -> RowError {
        RowError {
            line,
            column: column.to_string(),
            message: message.into(),
        }
    }
}

/// What an import did, or why it did nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub applied: bool,
    pub rows: usize,
    pub products_created: usize,
    pub products_updated: usize,
    pub variants_created: usize,
    pub variants_updated: usize,
    pub errors: Vec<RowError>,
}

/// One exported variant row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportRow {
    pub product: ProductForm,
    pub variant: VariantForm,
    pub variant_active: bool,
}

/// One checked import row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    pub line: usize,
    pub product: ValidProduct,
    pub variant: ValidVariant,
    pub variant_active: bool,
}

fn yes_no(flag: bool) -> &'static str {
    if flag {
        "yes"
    } else {
        "no"
    }
}

/// The catalog as CSV text, header first.
pub fn export(rows: &[ExportRow]) -> String {
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for row in rows {
        let (p, v) = (&row.product, &row.variant);
        let cells = [
            p.slug.as_str(),
            &p.name,
            &p.brand,
            &p.category,
            &p.description,
            &p.specs,
            yes_no(p.active),
            &v.sku,
            &v.options,
            &v.price,
            &v.compare_at,
            &v.threshold,
            yes_no(row.variant_active),
        ];
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn flag(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "yes" | "y" | "true" | "1" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// The CSV column a form field is reported under.
fn column_of(field: &str) -> &str {
    match field {
        "slug" => "product_slug",
        "threshold" => "low_stock_threshold",
        other => other,
    }
}

/// Reads an import file: every row checked, every mistake reported. Rows of one product must
/// agree on its fields; a SKU may appear once.
pub fn read(text: &str, currency: Currency) -> Result<Vec<ImportRow>, Vec<RowError>> {
    let records = parse(text).map_err(|e| vec![RowError::new(e.line, "file", e.message)])?;
    let Some(((_, header), rows)) = records.split_first() else {
        return Err(vec![RowError::new(1, "file", "The file is empty.")]);
    };
    let header: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let mut errors = Vec::new();
    for name in &header {
        if !COLUMNS.contains(&name.as_str()) {
            errors.push(RowError::new(
                1,
                name,
                format!(
                    "Unknown column \"{name}\". The columns are: {}.",
                    COLUMNS.join(", ")
                ),
            ));
        }
    }
    for name in REQUIRED {
        if !header.iter().any(|h| h == name) {
            errors.push(RowError::new(
                1,
                name,
                format!("The column \"{name}\" is missing."),
            ));
        }
    }
    if rows.is_empty() {
        errors.push(RowError::new(
            2,
            "file",
            "The file has a header but no rows.",
        ));
    }
    if rows.len() > MAX_ROWS {
        errors.push(RowError::new(
            1,
            "file",
            format!("At most {MAX_ROWS} rows per file; split it."),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = Vec::new();
    let mut skus: HashMap<String, usize> = HashMap::new();
    let mut products: HashMap<String, (usize, ValidProduct)> = HashMap::new();
    for (line, cells) in rows {
        let line = *line;
        if cells.len() != header.len() {
            errors.push(RowError::new(
                line,
                "file",
                format!(
                    "This row has {} cells; the header has {}.",
                    cells.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let get = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .map(|i| uncell(&cells[i]).to_string())
                .unwrap_or_default()
        };
        let mut row_errors = Vec::new();
        let slug = get("product_slug").trim().to_string();
        if slug.is_empty() {
            row_errors.push(RowError::new(
                line,
                "product_slug",
                "Enter the product's address (slug): rows with the same one are one product.",
            ));
        }
        let mut flag_of = |name: &str| {
            flag(&get(name)).unwrap_or_else(|| {
                row_errors.push(RowError::new(line, name, "Write yes or no."));
                true
            })
        };
        let (product_active, variant_active) =
            (flag_of("product_active"), flag_of("variant_active"));
        let product = validate_product(&ProductForm {
            name: get("name"),
            slug: slug.clone(),
            brand: get("brand"),
            category: get("category"),
            description: get("description"),
            specs: get("specs"),
            active: product_active,
        });
        let variant = validate_variant(
            &VariantForm {
                sku: get("sku"),
                options: get("options"),
                price: get("price"),
                compare_at: get("compare_at"),
                threshold: get("low_stock_threshold"),
            },
            currency,
        );
        for (field, message) in product
            .as_ref()
            .err()
            .into_iter()
            .chain(variant.as_ref().err())
            .flatten()
        {
            if !(field == "slug" && slug.is_empty()) {
                row_errors.push(RowError::new(line, column_of(field), message.clone()));
            }
        }
        let sku = get("sku").trim().to_ascii_uppercase();
        if !sku.is_empty() {
            if let Some(first) = skus.insert(sku.clone(), line) {
                row_errors.push(RowError::new(
                    line,
                    "sku",
                    format!("{sku} is also on line {first}; a SKU may appear once."),
                ));
            }
        }
        if let (Ok(p), Ok(v), true) = (product, variant, row_errors.is_empty()) {
            match products.get(&p.slug) {
                Some((first, seen)) if *seen != p => row_errors.push(RowError::new(
                    line,
                    "product_slug",
                    format!("The product's fields differ from line {first}, which has the same product_slug; rows of one product must agree."),
                )),
                Some(_) => {}
                None => {
                    products.insert(p.slug.clone(), (line, p.clone()));
                }
            }
            if row_errors.is_empty() {
                out.push(ImportRow {
                    line,
                    product: p,
                    variant: v,
                    variant_active,
                });
            }
        }
        errors.extend(row_errors);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "product_slug,name,brand,category,description,specs,product_active,sku,options,price,compare_at,low_stock_threshold,variant_active\n";

    fn export_row(sku: &str, description: &str) -> ExportRow {
        ExportRow {
            product: ProductForm {
                name: "Glide, \"Pro\" Mouse".into(),
                slug: "glide-pro-mouse".into(),
                brand: "Oxcart".into(),
                category: "mice".into(),
                description: description.into(),
                specs: "Weight: 60 g\nSensor: optical".into(),
                active: true,
            },
            variant: VariantForm {
                sku: sku.into(),
                options: "Colour: Black".into(),
                price: "39.99".into(),
                compare_at: String::new(),
                threshold: "5".into(),
            },
            variant_active: false,
        }
    }

    #[test]
    fn export_then_import_gives_back_the_same_catalog() {
        let rows = [
            export_row("GP-BLK", "=HYPERLINK(\"x\") is not a formula here"),
            export_row("GP-WHT", "=HYPERLINK(\"x\") is not a formula here"),
        ];
        let text = export(&rows);
        assert!(
            text.contains("\"'=HYPERLINK(\"\"x\"\") is not a formula here\""),
            "{text}"
        );
        let back = read(&text, Currency::Usd).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].product.name, "Glide, \"Pro\" Mouse");
        assert_eq!(
            back[0].product.description,
            "=HYPERLINK(\"x\") is not a formula here"
        );
        assert_eq!(back[0].product.specs.len(), 2);
        assert_eq!(back[1].variant.sku, "GP-WHT");
        assert_eq!(back[1].variant.price_minor, 3999);
        assert!(!back[1].variant_active);
        // The second row starts on the line after the first row's two-line specs cell.
        assert_eq!((back[0].line, back[1].line), (2, 4));
    }

    #[test]
    fn every_mistake_is_reported_with_its_line_and_column() {
        let text = format!(
            "{HEADER}\
             mouse-a,Mouse A,Oxcart,mice,,,yes,MA-1,,19.99,,,yes\n\
             mouse-a,Mouse A,Oxcart,mice,,,yes,MA-2,Colour,abc,,,maybe\n\
             ,Mouse B,,mice,,Weight 60,yes,MA-1,,5.00,4.00,-1,yes\n\
             mouse-a,Mouse A renamed,Oxcart,mice,,,yes,MA-3,,9.99,,,yes\n\
             mouse-c,Mouse C,Oxcart,mice,,,yes,MC-1,,9.99\n"
        );
        let errors = read(&text, Currency::Usd).unwrap_err();
        let at =
            |line: usize, column: &str| errors.iter().any(|e| e.line == line && e.column == column);
        assert!(
            at(3, "options") && at(3, "price") && at(3, "variant_active"),
            "{errors:#?}"
        );
        assert!(
            at(4, "product_slug") && at(4, "brand") && at(4, "specs"),
            "{errors:#?}"
        );
        assert!(
            at(4, "compare_at") && at(4, "low_stock_threshold") && at(4, "sku"),
            "{errors:#?}"
        );
        assert!(
            at(5, "product_slug"),
            "rows of one product must agree: {errors:#?}"
        );
        assert!(at(6, "file"), "short row: {errors:#?}");
        assert!(
            !errors.iter().any(|e| e.line == 2),
            "line 2 is fine: {errors:#?}"
        );
    }

    #[test]
    fn the_header_is_checked_first() {
        let errors = read("product_slug,name,prce\nx,y,z\n", Currency::Usd).unwrap_err();
        assert!(errors
            .iter()
            .any(|e| e.column == "prce" && e.message.contains("Unknown column")));
        assert!(errors
            .iter()
            .any(|e| e.column == "price" && e.message.contains("missing")));
        assert_eq!(
            read("", Currency::Usd).unwrap_err()[0].message,
            "The file is empty."
        );
        assert!(read(HEADER, Currency::Usd).unwrap_err()[0]
            .message
            .contains("no rows"));
    }

    #[test]
    fn optional_columns_take_their_defaults() {
        let rows = read(
            "sku,price,name,brand,category,product_slug\nK-1,5,Key,Oxcart,keyboards,key\n",
            Currency::Usd,
        )
        .unwrap();
        assert!(rows[0].product.active && rows[0].variant_active);
        assert_eq!(rows[0].variant.threshold, 5);
        assert_eq!(rows[0].variant.price_minor, 500);
    }
}
