//! Random secrets (session ids, CSRF tokens) and their comparison. Secrets
//! come from the operating system's generator, never from `fastrand`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Bytes of randomness in a session id or CSRF token.
pub const SECRET_BYTES: usize = 32;

/// 32 random bytes, base64url without padding (43 characters).
pub fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::getrandom(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// Whether `text` has the shape of [`random_token`]'s output; anything else
/// (a tampered or forged cookie) is refused before any lookup.
pub fn is_token_shaped(text: &str) -> bool {
    URL_SAFE_NO_PAD
        .decode(text)
        .is_ok_and(|bytes| bytes.len() == SECRET_BYTES)
}

/// Hex SHA-256 of a token: what the session store keeps instead of the id.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Equality that takes the same time wherever the first difference is.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_shaped() {
        let a = random_token().unwrap();
        let b = random_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(is_token_shaped(&a));
        assert!(!is_token_shaped(&a[..42]));
        assert!(!is_token_shaped(&format!("{}=", &a[..42])));
        assert!(!is_token_shaped("not a token at all, with spaces"));
        assert!(!is_token_shaped(""));
    }

    #[test]
    fn hash_and_compare() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }
}
