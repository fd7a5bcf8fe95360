//! CSV as RFC 4180 has it: comma-separated, double-quoted cells (a quote doubled inside), CRLF
//! or LF line ends, newlines inside quoted cells. Cells a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-` or `@`) are written with a leading `'` and read back without it.

/// Why a file is not CSV, and the line where it went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

/// Splits CSV text into records, each with the line it starts on.
pub fn parse(text: &str) -> Result<Vec<(usize, Vec<String>)>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let (mut line, mut start) = (1, 1);
    let mut quoted = false;
    let mut after_quote = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    quoted = false;
                    after_quote = true;
                }
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !after_quote => quoted = true,
            ',' => {
                record.push(std::mem::take(&mut field));
                after_quote = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                record.push(std::mem::take(&mut field));
                after_quote = false;
                if !(record.len() == 1 && record[0].is_empty()) {
                    records.push((start, std::mem::take(&mut record)));
                }
                record.clear();
                line += 1;
                start = line;
            }
            _ if after_quote => {
                return Err(CsvError {
                    line,
                    message: "A quoted cell must end at a comma or the end of the line.".into(),
                })
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(CsvError {
            line: start,
            message: "A quoted cell is never closed (a \" is missing).".into(),
        });
    }
    if !field.is_empty() || !record.is_empty() || after_quote {
        record.push(field);
        records.push((start, record));
    }
    Ok(records)
}

/// Characters that make a spreadsheet read a cell as a formula when they start it (OWASP's
/// list: `= + - @`, TAB and CR, plus the full-width forms some locales evaluate).
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// Whether a spreadsheet could run the cell as a formula: it starts with one of
/// [`FORMULA_STARTS`], possibly after spaces or other whitespace.
fn is_formula(text: &str) -> bool {
    text.starts_with(FORMULA_STARTS)
        || text
            .trim_start_matches([' ', '\u{a0}', '\n'])
            .starts_with(FORMULA_STARTS)
}

/// A cell as written: quoted when needed; a leading `'` when a spreadsheet would run it as a
/// formula.
pub fn cell(text: &str) -> String {
    let guarded = if is_formula(text) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) || guarded != guarded.trim() {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// A cell as read: without the formula guard [`cell`] added.
pub fn uncell(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if is_formula(rest) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_follows_rfc_4180() {
        let records = parse("a,\"b,c\",\"d\"\"e\"\r\n\"multi\nline\",,\r\n\nlast,x,y").unwrap();
        assert_eq!(
            records,
            vec![
                (1, vec!["a".to_string(), "b,c".into(), "d\"e".into()]),
                (2, vec!["multi\nline".into(), String::new(), String::new()]),
                (5, vec!["last".into(), "x".into(), "y".into()]),
            ]
        );
        assert_eq!(parse("a,\"open\nb").unwrap_err().line, 1);
        assert_eq!(parse("x\n\"a\"b,c").unwrap_err().line, 2);
    }

    #[test]
    fn formulas_are_guarded_and_unguarded() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(uncell(&cell("=1+1")), "=1+1");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell(" padded"), "\" padded\"");
        assert_eq!(uncell("'plain"), "'plain");
    }

    #[test]
    fn tab_cr_full_width_and_spaced_formulas_are_guarded_too() {
        for formula in [
            "\t=1+1",
            "\r=1",
            "＝SUM(A1)",
            "＠x",
            "  =HYPERLINK(\"x\")",
            "\u{a0}+1",
        ] {
            let written = cell(formula);
            assert!(
                written.trim_start_matches('"').starts_with('\''),
                "{formula:?} -> {written:?}"
            );
            let read = parse(&written).unwrap()[0].1[0].clone();
            assert_eq!(uncell(&read), formula, "{written:?}");
        }
        assert_eq!(cell("RTX 4090"), "RTX 4090");
    }
}
