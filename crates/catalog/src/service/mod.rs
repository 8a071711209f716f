//! Use cases: `fn(conn, actor, typed input) -> Result<T, CatalogError>`. No HTTP here.
//!
//! Writes that touch more than one row run in one transaction, and the seller card's
//! `product_count` (owned by accounts) moves in the same transaction as the change that caused it.

pub mod aggregate;
pub mod category;
pub mod image;
pub mod listing;
pub mod product;

use praline_accounts::service as accounts;
use praline_kernel::db::Conn;
use serde::{Deserialize, Serialize};

use crate::error::CatalogError;

/// The `[catalog]` configuration section.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct CatalogConfig {
    /// How long a list's total count may be reused, in milliseconds (0: count every time).
    /// Counting 100,000 rows costs more than reading a page, so totals are shared briefly.
    pub count_cache_ms: u64,
}

impl Default for CatalogConfig {
    fn default() -> Self {
        CatalogConfig { count_cache_ms: 2_000 }
    }
}

impl CatalogConfig {
    /// Reads `[catalog]` from the configuration (once, at start-up).
    pub fn load(config: &praline_kernel::config::Config) -> Result<CatalogConfig, String> {
        config.section::<CatalogConfig>("catalog").map_err(|e| format!("[catalog]: {e}"))
    }
}

/// Refuses unless `user_id` is an active administrator (checked in the database).
pub fn require_admin(conn: &mut Conn, user_id: i64) -> Result<(), CatalogError> {
    accounts::require_admin(conn, user_id)?;
    Ok(())
}

/// Refuses unless `user_id`'s account is active (a suspended seller's token stops working).
pub fn require_active(conn: &mut Conn, user_id: i64) -> Result<(), CatalogError> {
    accounts::active_account(conn, user_id)?;
    Ok(())
}

/// True when `user_id` is an active administrator.
pub fn is_admin(conn: &mut Conn, user_id: i64) -> Result<bool, CatalogError> {
    match accounts::require_admin(conn, user_id) {
        Ok(_) => Ok(true),
        Err(praline_accounts::AccountsError::NotAdmin | praline_accounts::AccountsError::Inactive) => {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}
