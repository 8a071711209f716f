//! The tables this crate owns. Filled by the chat issue.
