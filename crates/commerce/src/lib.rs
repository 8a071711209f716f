//! Praline's commerce domain.
//!
//! Owns carts, orders and order lines: checkout, atomic stock reservation through `catalog`, payment through `payments`, and the order-line state machine.
//!
//! The crate follows the same rooms as every domain crate: [`schema`] (its own tables only),
//! [`model`] (rows and queries), [`service`] (use cases over `&mut Conn`, no HTTP),
//! [`http`] (DTOs, thin handlers and [`configure`]) and [`error`]; [`demo`] seeds demo orders.
//!
//! Card checkout is not wired yet: `service::checkout::card_checkout_unavailable` answers 503
//! until payments' verification hook exists. The tables are ready for it: lines can wait in
//! `pending_payment`, an order keeps a `merchant_uid`, its `paid_at` and the cart lines to
//! remove once paid, and `service::order::cancel` abandons an unpaid order.
//!
//! ```no_run
//! use actix_web::App;
//! use utoipa_actix_web::{AppExt, scope};
//!
//! // Mount this domain's routes under /api/v1 in your own actix-web service; the OpenAPI
//! // document of those routes comes from the same registration.
//! let (app, openapi) = App::new()
//!     .into_utoipa_app()
//!     .service(scope("/api/v1").configure(praline_commerce::configure))
//!     .split_for_parts();
//! # let _ = (app, openapi);
//! ```

pub mod demo;
pub mod error;
pub mod http;
pub mod model;
pub mod schema;
pub mod service;

pub use error::CommerceError;
pub use http::configure;
