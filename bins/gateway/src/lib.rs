//! The Praline gateway: one actix-web app composed of every domain crate.
//!
//! The gateway is thin. It builds the shared [`praline_kernel::AppState`] ([`startup`]), wraps
//! the app in the cross-cutting middleware ([`middleware`]), mounts each domain's routes under
//! `/api/v1`, answers `/healthz` and `/readyz` ([`health`]), publishes the OpenAPI document
//! ([`openapi`]) and serves the storefront's pages and assets last ([`site`]).

pub mod app;
pub mod dev;
pub mod health;
pub mod jobs;
pub mod middleware;
pub mod openapi;
pub mod seed;
pub mod server;
pub mod site;
pub mod startup;

pub use app::build_app;
pub use startup::{StartupError, build_state};
