//! Use cases: `fn(conn, …, actor, typed input, now) -> Result<T, CommerceError>`. No HTTP here.
//!
//! - [`cart`]: the buyer's cart, live product data, re-adding past orders.
//! - [`checkout`]: `place_order`, one transaction: prices from the database, stock reserved
//!   through catalog in ascending product id, points debited through payments.
//! - [`card`]: orders paid by card: the payment recorded at checkout, prepared at PortOne,
//!   placed by payments' verification hook ([`card::OrderPayments`]), refunds through PortOne.
//! - [`order`]: the buyer's orders and the line state machine (refunds, restock, confirmation).
//! - [`seller`]: the seller's order board and statistics.
//! - [`admin`]: the operators' order search.

pub mod admin;
pub mod card;
pub mod cart;
pub mod checkout;
pub mod order;
pub mod seller;

use chrono::{DateTime, Utc};
use praline_accounts::AccountsConfig;
use praline_kernel::crypto::Secrets;
use praline_kernel::db::Conn;
use serde::{Deserialize, Serialize};

use crate::error::CommerceError;

/// The `[commerce]` configuration section.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct CommerceConfig {
    /// What one shipment costs the seller, in won (seller statistics).
    pub shipping_expense: i64,
}

impl Default for CommerceConfig {
    fn default() -> Self {
        CommerceConfig { shipping_expense: 3_000 }
    }
}

impl CommerceConfig {
    /// Reads `[commerce]` from the configuration (once, at start-up).
    pub fn load(config: &praline_kernel::config::Config) -> Result<CommerceConfig, String> {
        config.section::<CommerceConfig>("commerce").map_err(|e| format!("[commerce]: {e}"))
    }
}

/// What services that touch personal data need besides the connection: the time, the secrets
/// (shipping snapshots are sealed) and the accounts settings (saving a new address).
#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub now: DateTime<Utc>,
    pub secrets: &'a Secrets,
    pub accounts: &'a AccountsConfig,
}

impl<'a> Env<'a> {
    /// The accounts crate's environment with the same time and secrets.
    pub fn accounts_env(&self) -> praline_accounts::service::Env<'a> {
        praline_accounts::service::Env { now: self.now, secrets: self.secrets, config: self.accounts }
    }
}

/// Refuses unless `user_id`'s account is active.
pub fn require_active(
    conn: &mut Conn,
    user_id: i64,
) -> Result<praline_accounts::service::Account, CommerceError> {
    Ok(praline_accounts::service::active_account(conn, user_id)?)
}

/// Refuses unless `user_id` is an active administrator (checked in the database).
pub fn require_admin(conn: &mut Conn, user_id: i64) -> Result<(), CommerceError> {
    praline_accounts::service::require_admin(conn, user_id)?;
    Ok(())
}

/// Refuses unless `user_id` is an active, approved seller.
pub fn require_seller(conn: &mut Conn, user_id: i64) -> Result<(), CommerceError> {
    require_active(conn, user_id)?;
    if praline_accounts::service::is_approved_seller(conn, user_id)? {
        Ok(())
    } else {
        Err(CommerceError::NotSeller)
    }
}
