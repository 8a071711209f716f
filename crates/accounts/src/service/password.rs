//! bcrypt off the async executor, at most one hash per core at a time.

use std::sync::OnceLock;

use tokio::sync::Semaphore;

use crate::error::AccountsError;
use crate::model::Password;

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)))
}

/// A real hash of a random password, checked when the e-mail is unknown so that an unknown
/// e-mail takes as long as a wrong password.
fn dummy_hash(cost: u32) -> String {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY
        .get_or_init(|| {
            bcrypt::hash(praline_kernel::crypto::random_token(24), cost).unwrap_or_else(|_| String::new())
        })
        .clone()
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, AccountsError> {
    let _permit = permits().acquire().await.map_err(|e| AccountsError::Internal(e.to_string()))?;
    actix_web::web::block(f).await.map_err(|e| AccountsError::Internal(e.to_string()))
}

/// Hashes a password with bcrypt at `cost`.
pub async fn hash(password: &Password, cost: u32) -> Result<String, AccountsError> {
    let plain = password.expose().to_string();
    blocking(move || bcrypt::hash(plain, cost))
        .await?
        .map_err(|e| AccountsError::Internal(format!("bcrypt: {e}")))
}

/// Checks a password against a stored hash; with no hash, spends the same time and says no.
pub async fn verify(password: &str, stored: Option<&str>, cost: u32) -> Result<bool, AccountsError> {
    let plain = password.to_string();
    let stored = stored.map(str::to_string);
    let real = stored.is_some();
    let matched = blocking(move || {
        let hash = stored.unwrap_or_else(|| dummy_hash(cost));
        bcrypt::verify(plain, &hash).unwrap_or(false)
    })
    .await?;
    Ok(real && matched)
}
