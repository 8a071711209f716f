//! Rebuilds the binary when a page or asset of `web/` changes.
//!
//! Every build embeds `web/` (see `src/site.rs`; debug builds too, so the tests exercise the
//! very copy a release serves); rust-embed's `include_bytes!` notices edits to embedded files
//! but not files added to a folder. For live editing, point `PRALINE_WEB_DIR` at `web/`. The
//! browser tests' folder is not watched (its output changes on every run), so a new top-level
//! page is noticed at the next rebuild of the crate rather than at once.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
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
