//! `AppError`: the one error type of server functions and pages, serializable so the browser
//! gets the same variants the server returned. Internal details are logged, never sent.

use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("{0} was not found")]
    NotFound(String),
    #[error("please sign in")]
    Unauthorized,
    #[error("you are not allowed to do that")]
    Forbidden,
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// Several fields of one form are wrong: (field, message) each.
    #[error("please correct the highlighted fields")]
    Fields(Vec<(String, String)>),
    #[error("{sku} is out of stock ({available} available)")]
    OutOfStock { sku: String, available: i64 },
    #[error("{0}")]
    Conflict(String),
    #[error("too many requests; try again in {retry_after_secs} seconds")]
    RateLimited { retry_after_secs: u64 },
    #[error("something went wrong on our side; please try again")]
    Internal,
    /// The request never reached the server function, or its answer could not be read.
    #[error("could not reach the store: {0}")]
    Transport(String),
}

impl AppError {
    /// A message to show next to one form field.
    pub fn invalid(field: &str, message: impl Into<String>) -> AppError {
        AppError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// Mistakes in several fields of one form: one of them as `Invalid`, more as `Fields`.
    pub fn from_mistakes<F: Into<String>>(mut mistakes: Vec<(&str, F)>) -> AppError {
        if mistakes.len() == 1 {
            let (field, message) = mistakes.remove(0);
            return AppError::invalid(field, message);
        }
        AppError::Fields(
            mistakes
                .into_iter()
                .map(|(f, m)| (f.to_string(), m.into()))
                .collect(),
        )
    }

    /// The HTTP status a response carrying this error should have.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound(_) => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Invalid { .. } | AppError::Fields(_) => 422,
            AppError::OutOfStock { .. } | AppError::Conflict(_) => 409,
            AppError::RateLimited { .. } => 429,
            AppError::Internal => 500,
            AppError::Transport(_) => 502,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = crate::server_fns::codec::TextJsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => AppError::Invalid {
                field: "request".to_string(),
                message: msg,
            },
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;

    impl From<sqlx::Error> for AppError {
        fn from(err: sqlx::Error) -> Self {
            match err {
                sqlx::Error::RowNotFound => AppError::NotFound("record".to_string()),
                // Postgres refuses NUL (and other bytes its encoding lacks) in text: the
                // caller's input, not a server failure. Most such input is refused at the
                // HTTP boundary already; this covers form bodies.
                sqlx::Error::Database(db)
                    if matches!(db.code().as_deref(), Some("22021" | "22P05")) =>
                {
                    AppError::invalid(
                        "request",
                        "Text may not contain control characters such as NUL.",
                    )
                }
                other => {
                    tracing::error!(error = %other, "database error");
                    AppError::Internal
                }
            }
        }
    }

    impl From<redis::RedisError> for AppError {
        fn from(err: redis::RedisError) -> Self {
            tracing::error!(error = %err, "redis error");
            AppError::Internal
        }
    }
}
