//! Praline's chat domain.
//!
//! Owns chat rooms and messages, and the realtime fan-out over WebSocket (in-process, or across gateways through Redis pub/sub).
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
//! // The hub must be registered in `AppState::settings` (the gateway does it at start-up:
//! // `settings.with(praline_chat::ChatHub::new(redis_url, prefix))`); the WebSocket goes at
//! // the site root, and needs a server that hands a connection over after its 101
//! // (`praline_kernel::takeover`; `praline_gateway::server` is one). Under a plain
//! // `HttpServer` the socket route answers 400.
//! let (app, openapi) = App::new()
//!     .into_utoipa_app()
//!     .service(scope("/api/v1").configure(praline_chat::configure))
//!     .split_for_parts();
//! let app = app.configure(praline_chat::configure_socket);
//! # let _ = (app, openapi);
//! ```

pub mod error;
pub mod http;
pub mod hub;
pub mod model;
pub mod schema;
pub mod service;
pub mod ws;

pub use error::ChatError;
pub use http::configure;
pub use hub::{ChatConfig, ChatHub};
pub use ws::configure_socket;
