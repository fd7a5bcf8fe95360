//! PayPal's error answers, and what they mean to the store: a refusal (retrying cannot help) or
//! PayPal being unavailable.

use serde_json::Value;

use super::{NotificationError, ProviderError};

/// PayPal's error answer (`name`, `message`, `details[].issue`), or no answer at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayPalError {
    /// None when PayPal did not answer (network, timeout).
    pub status: Option<u16>,
    pub name: String,
    /// The first detail's `issue` (`ORDER_ALREADY_CAPTURED`, `INSTRUMENT_DECLINED`...).
    pub issue: Option<String>,
    pub message: String,
}

impl PayPalError {
    pub(super) fn no_answer(error: impl std::fmt::Display) -> PayPalError {
        PayPalError {
            status: None,
            name: "NO_ANSWER".into(),
            issue: None,
            message: error.to_string(),
        }
    }

    /// Reads PayPal's error body (Orders and Payments answer `{name, message, details,
    /// debug_id}`; the token endpoint `{error, error_description}`).
    pub fn from_answer(status: u16, body: &[u8]) -> PayPalError {
        let value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let detail = &value["details"][0];
        let name = value["name"]
            .as_str()
            .or(value["error"].as_str())
            .unwrap_or("HTTP_ERROR")
            .to_string();
        let mut message = value["message"]
            .as_str()
            .or(value["error_description"].as_str())
            .unwrap_or("no message")
            .to_string();
        if let Some(description) = detail["description"].as_str() {
            message = format!("{message} {description}");
        }
        if let Some(debug_id) = value["debug_id"].as_str() {
            message = format!("{message} (debug id {debug_id})");
        }
        PayPalError {
            status: Some(status),
            name,
            issue: detail["issue"].as_str().map(str::to_string),
            message,
        }
    }

    /// Whether PayPal refused the call itself (retrying the same call cannot help), as opposed
    /// to not answering or failing on its side.
    pub fn definite(&self) -> bool {
        matches!(self.status, Some(s) if (400..500).contains(&s) && s != 408 && s != 429)
    }

    pub(super) fn issue_is(&self, issue: &str) -> bool {
        self.issue.as_deref() == Some(issue)
    }
}

impl std::fmt::Display for PayPalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.status, &self.issue) {
            (Some(status), Some(issue)) => write!(
                f,
                "PayPal answered {status} {} ({issue}): {}",
                self.name, self.message
            ),
            (Some(status), None) => {
                write!(
                    f,
                    "PayPal answered {status} {}: {}",
                    self.name, self.message
                )
            }
            (None, _) => write!(f, "PayPal did not answer: {}", self.message),
        }
    }
}

impl From<PayPalError> for ProviderError {
    fn from(error: PayPalError) -> ProviderError {
        if error.definite() {
            ProviderError::Refused(error.to_string())
        } else {
            ProviderError::Unavailable(error.to_string())
        }
    }
}

impl From<PayPalError> for NotificationError {
    fn from(error: PayPalError) -> NotificationError {
        NotificationError::Unavailable(error.to_string())
    }
}
