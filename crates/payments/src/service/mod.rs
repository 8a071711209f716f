//! Use cases: `fn(conn, …, typed input, now) -> Result<T, PaymentsError>`; no HTTP here.
//!
//! - [`ledger`]: the public wallet API other crates call ([`credit`], [`debit`], [`balance`]),
//!   joining the caller's transaction.
//! - [`wallet`]: what a user reads about their points (summary, entries, calendar) and the
//!   operators' adjustments.
//! - [`membership`]: subscribe, cancel, resume, the renewal job, and [`is_member`].

pub mod ledger;
pub mod membership;
pub mod wallet;

pub use ledger::{Posted, balance, credit, debit};
pub use membership::{is_member, members_among};
