//! The tables this crate owns. Filled by the community issue.
