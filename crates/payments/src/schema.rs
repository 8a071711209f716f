//! The tables this crate owns. Filled by the payments issue.
