//! Test support for Praline (a dev-dependency only).
//!
//! - [`TestDb`]: a database of its own for every test, on the backend chosen by
//!   `PRALINE_TEST_BACKEND=sqlite|postgres` (default `sqlite`). SQLite tests get a file in a
//!   temporary folder; PostgreSQL tests get a fresh database copied from a template that is
//!   migrated once (per migration set) under an advisory lock, so test processes can run in
//!   parallel. The server is `PRALINE_TEST_POSTGRES_URL` (default
//!   `postgres://postgres@127.0.0.1:5432/postgres`).
//! - [`TestApp`]: the real gateway app (`praline_gateway::build_app`) serving on a loopback
//!   port, with a settable clock, its own data folder and a reqwest client.
//! - People made through the app: `app.buyer()`, `app.seller()` (approved by an administrator),
//!   `app.pending_seller()`, `app.admin()`, or `app.user().email(…).buyer()` for chosen values;
//!   each is a signed-in [`Session`] whose `get`/`post`/… carry its bearer token.
//!
//! ```no_run
//! # async fn example() {
//! let app = praline_testkit::TestApp::spawn();
//! let response = app.get("/healthz").send().await.unwrap();
//! assert_eq!(response.status(), 200);
//! let buyer = app.buyer().await;
//! let me = buyer.get_json("/api/v1/me").await;
//! assert_eq!(me["user"]["id"], buyer.user_id);
//! # }
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod app;
mod db;
pub mod fakes;
mod users;

pub use app::{TestApp, TestAppBuilder, body_json};
pub use db::{TestDb, backend, count_statements, statements_of, workspace_dir};
pub use praline_kernel::messaging::outbox::OutboxMessage;
pub use users::{PASSWORD, Session, UserBuilder, code_in};

/// A multipart form with one `image` part, as the upload endpoints take it. The part claims
/// `image/png` whatever the bytes are, so tests show the app trusts the bytes, not the claim.
pub fn image_form(bytes: Vec<u8>, file_name: &str) -> reqwest::multipart::Form {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string());
    reqwest::multipart::Form::new().part("image", part.mime_str("image/png").unwrap())
}
