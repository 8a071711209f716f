//! Password hashes: bcrypt over a pre-hash, off the async executor, at most one hash per core at
//! a time.
//!
//! bcrypt reads only the first 72 bytes of its input, and a password may be 64 Hangul
//! syllables (192 bytes), so the password is first reduced to
//! `base64(HMAC-SHA256(PREHASH_KEY, password))` (44 ASCII bytes, never a NUL) and that is given
//! to bcrypt. Such hashes are stored as `$pbc1$` + the bcrypt hash; a stored hash without the
//! marker is a plain bcrypt hash from before, which still verifies and is replaced at the next
//! successful login ([`needs_upgrade`]).

use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::Semaphore;

use crate::error::AccountsError;
use crate::model::Password;

/// Marks a bcrypt hash of the pre-hashed password (scheme version 1).
const PREHASHED: &str = "$pbc1$";
/// A fixed, public key: it separates this pre-hash from a bare SHA-256 of the password (no
/// lookup in lists of unsalted digests); it is not a secret pepper, so a lost key loses nothing.
const PREHASH_KEY: &[u8] = b"praline password prehash v1";

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)))
}

/// The whole password, reduced to 44 ASCII bytes for bcrypt.
fn prehash(password: &str) -> String {
    #[allow(clippy::expect_used)] // HMAC takes a key of any length
    let mut mac = Hmac::<Sha256>::new_from_slice(PREHASH_KEY).expect("any key length");
    mac.update(password.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

fn hash_now(password: &str, cost: u32) -> Result<String, bcrypt::BcryptError> {
    bcrypt::non_truncating_hash(prehash(password), cost).map(|hash| format!("{PREHASHED}{hash}"))
}

fn verify_now(password: &str, stored: &str) -> bool {
    match stored.strip_prefix(PREHASHED) {
        Some(hash) => bcrypt::non_truncating_verify(prehash(password), hash).unwrap_or(false),
        // A hash from before the pre-hash: plain bcrypt, only the first 72 bytes count.
        None => bcrypt::verify(password, stored).unwrap_or(false),
    }
}

/// True for a stored hash of the old scheme, which the next successful login replaces.
pub fn needs_upgrade(stored: &str) -> bool {
    !stored.starts_with(PREHASHED)
}

/// A real hash of a random password, checked when the e-mail is unknown so that an unknown
/// e-mail takes as long as a wrong password.
fn dummy_hash(cost: u32) -> String {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY
        .get_or_init(|| hash_now(&praline_kernel::crypto::random_token(24), cost).unwrap_or_default())
        .clone()
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, AccountsError> {
    let _permit = permits().acquire().await.map_err(|e| AccountsError::Internal(e.to_string()))?;
    actix_web::web::block(f).await.map_err(|e| AccountsError::Internal(e.to_string()))
}

/// Hashes a password at `cost` (bcrypt over the pre-hash, marked `$pbc1$`).
pub async fn hash(password: &Password, cost: u32) -> Result<String, AccountsError> {
    hash_plain(password.expose(), cost).await
}

/// Hashes a secret that is not an account password (a chat room's password) with the same
/// scheme, so it verifies with [`verify`].
pub async fn hash_secret(secret: &str, cost: u32) -> Result<String, AccountsError> {
    hash_plain(secret, cost).await
}

/// Hashes a password that was already accepted once (the upgrade of an old hash at login).
pub(crate) async fn hash_plain(password: &str, cost: u32) -> Result<String, AccountsError> {
    let plain = password.to_string();
    blocking(move || hash_now(&plain, cost))
        .await?
        .map_err(|e| AccountsError::Internal(format!("bcrypt: {e}")))
}

/// Checks a password against a stored hash of either scheme; with no hash, spends the same time
/// and says no.
pub async fn verify(password: &str, stored: Option<&str>, cost: u32) -> Result<bool, AccountsError> {
    let plain = password.to_string();
    let stored = stored.map(str::to_string);
    let real = stored.is_some();
    let matched = blocking(move || verify_now(&plain, &stored.unwrap_or_else(|| dummy_hash(cost)))).await?;
    Ok(real && matched)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_byte_of_a_long_password_counts() {
        let long = format!("{}1!AAAA", "가".repeat(24));
        let other = format!("{}2@zzzz-different", "가".repeat(24));
        let stored = hash_now(&long, 4).unwrap();
        assert!(stored.starts_with("$pbc1$$2b$04$"), "{stored}");
        assert!(verify_now(&long, &stored));
        assert!(!verify_now(&other, &stored));
        assert!(!needs_upgrade(&stored));
    }

    #[test]
    fn an_old_plain_bcrypt_hash_still_verifies() {
        let old = bcrypt::hash("Choco!2345", 4).unwrap();
        assert!(needs_upgrade(&old));
        assert!(verify_now("Choco!2345", &old));
        assert!(!verify_now("Choco!2346", &old));
        assert!(!verify_now("Choco!2345", "$pbc1$not-a-hash"));
    }
}
