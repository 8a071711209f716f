//! Use cases: `fn(conn, …, typed input, now) -> Result<T, PaymentsError>`; no HTTP here.
//!
//! - [`ledger`]: the public wallet API other crates call ([`credit`], [`debit`], [`balance`]),
//!   joining the caller's transaction.
//! - [`wallet`]: what a user reads about their points (summary, entries, calendar) and the
//!   operators' adjustments.
//! - [`membership`]: subscribe, cancel, resume, the renewal job, and [`is_member`].
//! - [`card`]: card payments at PortOne (top-ups, orders' payments, verification exactly once,
//!   refunds, the reconcile job); the only async services, since they call PortOne.
//! - [`hooks`]: the effects crates above register for their payments' purposes.

pub mod card;
pub mod hooks;
pub mod ledger;
pub mod membership;
pub mod wallet;

pub use ledger::{Posted, balance, credit, debit, debit_new_reference};
pub use membership::{is_member, members_among};
