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
//!
//! ```no_run
//! # async fn example() {
//! let app = praline_testkit::TestApp::spawn();
//! let response = app.get("/healthz").send().await.unwrap();
//! assert_eq!(response.status(), 200);
//! # }
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod app;
mod db;
pub mod fakes;

pub use app::{TestApp, TestAppBuilder, body_json};
pub use db::{TestDb, backend, workspace_dir};
pub use praline_kernel::messaging::outbox::OutboxMessage;
