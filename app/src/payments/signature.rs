//! Signed payment notifications, in Stripe's scheme (the test provider signs the same way):
//! the header `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` where the HMAC, keyed
//! with the endpoint secret, covers `<t>.<raw body>`. A signature is accepted when one `v1`
//! matches (compared in constant time) and `t` is within the tolerance of now.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Stripe's default tolerance: five minutes either side.
pub const TOLERANCE_SECS: i64 = 300;

/// Why a notification was refused (HTTP 400; nothing changes).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("missing or malformed signature header")]
    Malformed,
    #[error("signature timestamp outside the tolerance")]
    Stale,
    #[error("no signature matches")]
    Mismatch,
}

fn mac(secret: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The header value for a body signed at `timestamp`.
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let digest = mac(secret, timestamp, body).finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("t={timestamp},v1={hex}")
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Checks a signature header against the raw body.
pub fn verify(secret: &str, header: &str, body: &[u8], now: i64) -> Result<(), SignatureError> {
    let mut timestamp = None;
    let mut candidates = Vec::new();
    for part in header.split(',') {
        let (key, value) = part
            .trim()
            .split_once('=')
            .ok_or(SignatureError::Malformed)?;
        match key {
            "t" => {
                timestamp = Some(
                    value
                        .parse::<i64>()
                        .map_err(|_| SignatureError::Malformed)?,
                )
            }
            "v1" => candidates.push(unhex(value).ok_or(SignatureError::Malformed)?),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if candidates.is_empty() {
        return Err(SignatureError::Malformed);
    }
    // abs_diff: a crafted `t` (i64::MIN) must not overflow.
    if now.abs_diff(timestamp) > TOLERANCE_SECS.unsigned_abs() {
        return Err(SignatureError::Stale);
    }
    let matches = candidates
        .iter()
        .any(|c| mac(secret, timestamp, body).verify_slice(c).is_ok());
    if matches {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";

    #[test]
    fn a_signed_body_verifies_within_the_tolerance() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign(SECRET, 1_700_000_000, body);
        assert!(header.starts_with("t=1700000000,v1="));
        assert_eq!(verify(SECRET, &header, body, 1_700_000_000), Ok(()));
        assert_eq!(verify(SECRET, &header, body, 1_700_000_300), Ok(()));
        assert_eq!(verify(SECRET, &header, body, 1_699_999_700), Ok(()));
        assert_eq!(
            verify(SECRET, &header, body, 1_700_000_301),
            Err(SignatureError::Stale)
        );
        // Several v1 entries (a rolled secret): any match is enough.
        let other = sign("whsec_old", 1_700_000_000, body);
        let both = format!("{},{}", header, other.split(',').nth(1).unwrap());
        assert_eq!(verify(SECRET, &both, body, 1_700_000_000), Ok(()));
    }

    #[test]
    fn tampering_or_a_wrong_secret_is_refused() {
        let body = br#"{"id":"evt_1","amount":100}"#;
        let header = sign(SECRET, 1_700_000_000, body);
        let tampered = br#"{"id":"evt_1","amount":999}"#;
        assert_eq!(
            verify(SECRET, &header, tampered, 1_700_000_000),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify("whsec_other", &header, body, 1_700_000_000),
            Err(SignatureError::Mismatch)
        );
        for bad in [
            "",
            "t=abc,v1=00",
            "v1=00",
            "t=1700000000",
            "t=1700000000,v1=zz",
            "garbage",
        ] {
            assert_eq!(
                verify(SECRET, bad, body, 1_700_000_000),
                Err(SignatureError::Malformed),
                "{bad}"
            );
        }
    }

    #[test]
    fn extreme_timestamps_are_stale_not_a_panic() {
        let body = b"{}";
        for t in [i64::MIN, i64::MAX, i64::MIN + 1] {
            let header = format!("t={t},v1=00");
            assert_eq!(
                verify(SECRET, &header, body, 1_700_000_000),
                Err(SignatureError::Stale),
                "{t}"
            );
        }
        assert_eq!(
            verify(SECRET, "t=0,v1=00", body, i64::MAX),
            Err(SignatureError::Stale)
        );
    }

    #[test]
    fn matches_an_independent_computation() {
        // HMAC-SHA256(key "whsec_test_secret", "1700000000.{}"), computed with Python's hmac.
        assert_eq!(
            sign(SECRET, 1_700_000_000, b"{}"),
            "t=1700000000,v1=ceb8863f7208fa249a6cd8f951e993c7563412aca65866f6272283debe143ab3"
        );
    }
}
