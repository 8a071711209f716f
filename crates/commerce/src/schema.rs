//! The tables this crate owns. Filled by the commerce issue.
