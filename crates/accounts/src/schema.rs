//! The tables this crate owns. Filled by the accounts issue.
