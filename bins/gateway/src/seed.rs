//! Demo data: `praline seed-demo`, and the first start of an empty development database.
//!
//! Each domain contributes its part in dependency order; every part is idempotent, so running
//! the command twice changes nothing the second time.

use praline_kernel::AppState;

/// What seeding did, line by line, for the operator to read.
#[derive(Debug, Default)]
pub struct SeedReport {
    pub lines: Vec<String>,
}

/// Why seeding stopped.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SeedError(pub String);

/// Seeds every domain's demo data.
pub async fn seed_demo(_state: &AppState) -> Result<SeedReport, SeedError> {
    Ok(SeedReport::default())
}

/// True when no domain has any data yet (the first start of a fresh database).
pub async fn is_empty(_state: &AppState) -> Result<bool, SeedError> {
    Ok(true)
}
