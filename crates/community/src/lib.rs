//! Praline's community domain.
//!
//! Owns reviews, review likes, wishlists, follows, product inquiries, notices, support inquiries and attendance.
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
//!     .service(scope("/api/v1").configure(praline_community::configure))
//!     .split_for_parts();
//! # let _ = (app, openapi);
//! ```

pub mod demo;
pub mod error;
pub mod http;
pub mod mail;
pub mod model;
pub mod schema;
pub mod service;

pub use error::CommunityError;
pub use http::configure;
pub use service::CommunityConfig;
