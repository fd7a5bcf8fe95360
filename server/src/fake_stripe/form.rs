//! Stripe's form-encoded request bodies (`a[b][0][c]=v`) read into JSON, and the checks on
//! their parameters, answered with Stripe's `parameter_missing` / `parameter_invalid_integer`.

use serde_json::{Map, Value};

use super::api_error::ApiError;

/// Reads a Stripe form body (`a[b][0][c]=v`) into JSON: nested objects, indexed arrays.
pub fn parse_form(body: &[u8]) -> Value {
    let mut root = Value::Object(Map::new());
    for (key, value) in form_urlencoded::parse(body) {
        let mut path: Vec<String> = Vec::new();
        let (head, rest) = key.split_once('[').unwrap_or((&key, ""));
        path.push(head.to_string());
        for part in rest.split('[') {
            let part = part.trim_end_matches(']');
            if !part.is_empty() {
                path.push(part.to_string());
            }
        }
        let mut node = &mut root;
        for (i, segment) in path.iter().enumerate() {
            let Some(map) = node.as_object_mut() else {
                break;
            };
            if i + 1 == path.len() {
                map.insert(segment.clone(), Value::String(value.to_string()));
                break;
            }
            node = map
                .entry(segment.clone())
                .or_insert_with(|| Value::Object(Map::new()));
        }
    }
    arrays(root)
}

/// Objects whose keys are all indexes become arrays.
fn arrays(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let indexed = !map.is_empty() && map.keys().all(|k| k.parse::<usize>().is_ok());
            if indexed {
                let mut items: Vec<(usize, Value)> = map
                    .into_iter()
                    .map(|(k, v)| (k.parse().unwrap_or(0), arrays(v)))
                    .collect();
                items.sort_by_key(|(i, _)| *i);
                Value::Array(items.into_iter().map(|(_, v)| v).collect())
            } else {
                Value::Object(map.into_iter().map(|(k, v)| (k, arrays(v))).collect())
            }
        }
        other => other,
    }
}

pub(super) fn int(value: &Value, param: &str) -> Result<i64, ApiError> {
    match value.as_str() {
        None => Err(ApiError::missing(param)),
        Some(text) => text
            .parse()
            .map_err(|_| ApiError::invalid(param, format!("Invalid integer: {text}"))),
    }
}

pub(super) fn text<'a>(value: &'a Value, param: &str) -> Result<&'a str, ApiError> {
    value
        .as_str()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::missing(param))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stripe_form_bodies_read_as_nested_json() {
        let body = b"mode=payment&line_items%5B0%5D%5Bquantity%5D=2&line_items[0][price_data][currency]=usd\
&line_items[1][quantity]=1&metadata[order_id]=7&expand[0]=a&expand[1]=b";
        let form = parse_form(body);
        assert_eq!(form["mode"], "payment");
        assert_eq!(form["line_items"][0]["quantity"], "2");
        assert_eq!(form["line_items"][0]["price_data"]["currency"], "usd");
        assert_eq!(form["line_items"][1]["quantity"], "1");
        assert_eq!(form["metadata"]["order_id"], "7");
        assert_eq!(form["expand"], json!(["a", "b"]));
    }
}
