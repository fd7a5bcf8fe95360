//! Password hashing with argon2id (the crate's default parameters), always on a blocking
//! thread so hashing never stalls the async runtime; and the common-password list.

use std::collections::HashSet;
use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::SaltString;
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};

use crate::error::AppError;

fn internal(what: &str, err: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %err, "{what}");
    AppError::Internal
}

/// The PHC string of an argon2id hash of `password` with a fresh random salt.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|e| internal("password hashing task failed", e))?
    .map_err(|e| internal("password hashing failed", e))
}

/// Whether `password` matches the stored PHC string. With no stored hash (unknown email) a
/// dummy hash is checked instead, so both answers take the same time and reveal nothing.
pub async fn verify_password(password: String, phc: Option<String>) -> Result<bool, AppError> {
    let known = phc.is_some();
    let phc = match phc {
        Some(phc) => phc,
        None => dummy_hash().to_string(),
    };
    let matches = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&phc)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(|e| internal("password verification task failed", e))?;
    Ok(known && matches)
}

/// A typed password cut just past the longest allowed one: longer inputs cannot match (the
/// policy caps passwords) and would only cost hashing time.
pub fn truncated(password: String) -> String {
    password
        .chars()
        .take(crate::domain::account::MAX_PASSWORD_CHARS + 1)
        .collect()
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"no account has this password", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// Whether a lower-cased password is in the shipped list of common passwords.
pub fn is_common(lowercased: &str) -> bool {
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("../../data/common-passwords.txt")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
    .contains(lowercased)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let phc = hash_password("correct horse battery".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(
            verify_password("correct horse battery".into(), Some(phc.clone()))
                .await
                .unwrap()
        );
        assert!(!verify_password("wrong horse battery".into(), Some(phc))
            .await
            .unwrap());
        assert!(!verify_password("anything at all".into(), None)
            .await
            .unwrap());
    }

    #[test]
    fn the_common_list_is_loaded() {
        assert!(is_common("1234567890"));
        assert!(is_common("basketball"));
        assert!(!is_common("violet-otter-lamp-42"));
    }
}
