//! Praline's payments domain.
//!
//! Owns the points ledger and wallet balances, PortOne card payments and membership. Knows only user ids.
//!
//! Other crates move points through [`service::credit`] and [`service::debit`] inside their own
//! transaction, and ask [`service::is_member`] when a reward doubles for members:
//!
//! ```no_run
//! use praline_payments::model::{EntryKind, Reference, ReferenceKind};
//! use praline_payments::{PaymentsError, service};
//!
//! # fn pay(conn: &mut praline_kernel::db::Conn, buyer: i64, order_id: i64, total: i64) -> Result<(), PaymentsError> {
//! let now = chrono::Utc::now();
//! let order = Some(Reference::new(ReferenceKind::Order, order_id));
//! // Err(PaymentsError::InsufficientPoints { balance, required }) when the balance is short.
//! service::debit(conn, buyer, EntryKind::OrderPayment, total, order, "order", now)?;
//! let doubled = service::is_member(conn, buyer, now)?;
//! # let _ = doubled; Ok(()) }
//! ```
//!
//! The crate follows the same rooms as every domain crate: [`schema`] (its own tables only),
//! [`model`] (rows and queries), [`service`] (use cases over `&mut Conn`, no HTTP),
//! [`http`] (DTOs, thin handlers and [`configure`]) and [`error`].
//!
//! ```no_run
//! use actix_web::App;
//! use utoipa_actix_web::{AppExt, scope};
//!
//! // Mount this domain's routes under /api/v1 in your own actix-web service; the OpenAPI
//! // document of those routes comes from the same registration.
//! let (app, openapi) = App::new()
//!     .into_utoipa_app()
//!     .service(scope("/api/v1").configure(praline_payments::configure))
//!     .split_for_parts();
//! # let _ = (app, openapi);
//! ```

pub mod error;
pub mod http;
pub mod mail;
pub mod model;
pub mod portone;
pub mod schema;
pub mod service;

pub use error::PaymentsError;
pub use http::configure;
