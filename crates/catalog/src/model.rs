//! Row types and their queries, as `impl` blocks on the rows.
