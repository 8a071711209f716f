//! The shared ground every Praline crate stands on.
//!
//! `praline-kernel` knows nothing about users, products or orders. It provides the pieces every
//! domain needs in the same shape: layered [`config`], the [`db`] connection over PostgreSQL or
//! SQLite with embedded migrations, one [`error::ApiError`] envelope, [`auth`] primitives (JWT
//! claims and the `AuthUser` extractor), [`crypto`] for sealed personal data, [`page`] types, a
//! settable [`clock`], the business [`calendar`], file [`storage`], outbound [`messaging`] and the
//! rule for [`text`] query parameters.
//!
//! ```no_run
//! use praline_kernel::{config::Config, db};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let config = Config::load()?;
//! let pool = db::connect(&config.database_url(), config.database.pool_size)?;
//! let mut conn = pool.get()?;
//! db::run_migrations(&mut conn)?;
//! # Ok(()) }
//! ```

pub mod auth;
pub mod calendar;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod db;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod lease;
pub mod messaging;
pub mod openapi;
pub mod page;
pub mod ratelimit;
pub mod redis;
pub mod schema;
pub mod session;
pub mod state;
pub mod storage;
pub mod takeover;
pub mod text;
pub mod upload;

pub use error::{ApiError, ApiResult};
pub use state::AppState;
