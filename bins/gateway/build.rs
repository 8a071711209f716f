//! Rebuilds the release binary when a page or asset of `web/` changes.
//!
//! Release builds embed `web/` (see `src/site.rs`); rust-embed's `include_bytes!` notices
//! edits to embedded files but not files added to a folder. Debug builds read `web/` at run
//! time, so they are not rebuilt for page edits. The browser tests' folder is not watched (its
//! output changes on every run), so a new top-level page is noticed at the next rebuild of the
//! crate rather than at once.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_CFG_DEBUG_ASSERTIONS").is_some() {
        return;
    }
    for folder in ["admin", "seller", "dev", "css", "js", "img"] {
        println!("cargo:rerun-if-changed=../../web/{folder}");
    }
    let Ok(entries) = std::fs::read_dir("../../web") else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".html") || name.starts_with("favicon.") {
            println!("cargo:rerun-if-changed=../../web/{name}");
        }
    }
}
