//! Praline's commerce domain.
//!
//! Owns carts, orders and order lines: checkout, atomic stock reservation through `catalog`, payment through `payments`, and the order-line state machine.
//!
//! The crate follows the same rooms as every domain crate: [`schema`] (its own tables only),
//! [`model`] (rows and queries), [`service`] (use cases over `&mut Conn`, no HTTP),
//! [`http`] (DTOs, thin handlers and [`configure`]) and [`error`].
//!
//! ```no_run
//! use actix_web::App;
//!
//! // Mount this domain's routes under /api/v1 in your own actix-web service:
//! let app = App::new().service(actix_web::web::scope("/api/v1").configure(praline_commerce::configure));
//! # let _ = app;
//! ```

pub mod error;
pub mod http;
pub mod model;
pub mod schema;
pub mod service;

pub use error::CommerceError;
pub use http::{configure, openapi};
