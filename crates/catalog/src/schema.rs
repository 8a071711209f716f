//! The tables this crate owns. Filled by the catalog issue.
