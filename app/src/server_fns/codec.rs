//! The encoding of every server function's answer: JSON, as server_fn's default `Json`, but
//! decoded in the browser from text (`serde_json::from_str`), the way Leptos decodes the
//! resources a server-rendered page carries. With server_fn's own `Json` (which decodes from
//! bytes) every answer type got two JSON deserializers in the WASM bundle, one per reader;
//! sharing the reader keeps one (README, Performance: the storefront bundle).

use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::{de::DeserializeOwned, Serialize};

/// JSON answers read as text. Use through [`TextJson`].
pub struct TextJsonEncoding;

/// `#[server(output = crate::server_fns::codec::TextJson, …)]`.
pub type TextJson = Post<TextJsonEncoding>;

impl ContentType for TextJsonEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for TextJsonEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for TextJsonEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for TextJsonEncoding {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(serde::de::Error::custom)?;
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Answer {
        name: String,
        cents: i64,
    }

    #[test]
    fn answers_round_trip_and_bad_bytes_are_an_error() {
        let answer = Answer {
            name: "Café".into(),
            cents: 1999,
        };
        let bytes = <TextJsonEncoding as Encodes<Answer>>::encode(&answer).unwrap();
        assert_eq!(&bytes[..], b"{\"name\":\"Caf\xc3\xa9\",\"cents\":1999}");
        let back: Answer = <TextJsonEncoding as Decodes<Answer>>::decode(bytes).unwrap();
        assert_eq!(back, answer);
        let invalid = Bytes::from_static(b"{\"name\":\"\xff\",\"cents\":1}");
        assert!(<TextJsonEncoding as Decodes<Answer>>::decode(invalid).is_err());
    }
}

/// Every server function answers through [`TextJson`]: one left on server_fn's default `Json`
/// would quietly bring the second JSON reader back into the bundle for its answer type.
#[cfg(test)]
mod every_server_fn {
    #[test]
    fn declares_the_text_json_output() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut missing = Vec::new();
        let mut seen = 0;
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).unwrap();
                for line in source
                    .lines()
                    .map(str::trim)
                    .filter(|l| l.starts_with("#[server(") && l.contains("endpoint"))
                {
                    seen += 1;
                    if !line.contains("output = crate::server_fns::codec::TextJson,") {
                        missing.push(format!("{}: {line}", path.display()));
                    }
                }
            }
        }
        assert!(seen > 50, "found only {seen} server functions under {dir}");
        assert!(
            missing.is_empty(),
            "server functions without TextJson:\n{}",
            missing.join("\n")
        );
    }
}
