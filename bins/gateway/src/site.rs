//! The storefront: the pages of `web/` and their assets, from the binary or from a folder.
//!
//! Every build carries the pages inside the binary ([`EmbeddedSite`]), so `praline serve`
//! works from any directory. When `web_dir` is set (`PRALINE_WEB_DIR`), the pages are read
//! from that folder instead, so edits show without a rebuild. Debug builds embed the pages
//! too (rust-embed's `debug-embed`), so the tests exercise the very copy a release serves.
//!
//! Only pages and their assets are ever served, whatever the source: top-level `*.html`,
//! `admin/*.html`, `seller/*.html`, `dev/*.html` (development only), `css/`, `js/`, `img/` and
//! the favicon ([`is_servable`]). The browser tests, tooling, notes and dotfiles that also
//! live in `web/` answer 404 and are not even embedded. Every decision is taken on the
//! request path after one normalisation ([`SitePath::parse`]), never on the raw path.

use std::borrow::Cow;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_files::NamedFile;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse, fn_service};
use actix_web::guard::{Guard, GuardContext};
use actix_web::http::Method;
use actix_web::http::header::{self, EntityTag, HttpDate};
use actix_web::web::Bytes;
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use praline_kernel::config::Config;
use rust_embed::RustEmbed;

/// The pages and assets of `web/`, built into the binary.
///
/// The patterns mirror [`is_servable`] (a test checks every embedded path against it); the
/// excludes keep the browser tests (and the demo password they hold), tooling and notes out.
#[derive(RustEmbed)]
#[folder = "../../web"]
#[include = "*.html"]
#[include = "css/**"]
#[include = "js/**"]
#[include = "img/**"]
#[include = "vendor/**/*.js"]
#[include = "vendor/**/*.css"]
#[include = "favicon.svg"]
#[include = "favicon.ico"]
#[exclude = "e2e/**"]
#[exclude = "tooling/**"]
#[exclude = "**/node_modules/**"]
#[exclude = "**/.*"]
#[exclude = "**/*.md"]
#[exclude = "**/package*.json"]
#[exclude = "**/*.test.*"]
#[exclude = "**/*.spec.*"]
#[exclude = "**/*.sh"]
pub struct EmbeddedSite;

/// The paths built into the binary, sorted.
pub fn embedded_files() -> Vec<String> {
    let mut files: Vec<String> = EmbeddedSite::iter().map(Cow::into_owned).collect();
    files.sort();
    files
}

/// How long browsers may reuse an asset before asking again (with its ETag or date).
const ASSET_CACHE: &str = "public, max-age=300";
/// Pages are always revalidated, so a deploy shows at once.
const PAGE_CACHE: &str = "no-cache";
/// The page shown for unknown paths.
const NOT_FOUND_PAGE: &str = "404.html";

/// The content type of a servable file, by extension; `None` for anything the site never serves.
pub fn content_type(path: &str) -> Option<&'static str> {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    Some(match extension.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => return None,
    })
}

/// True for files that live beside the pages but are never served: notes, package manifests,
/// tests and scripts.
fn is_tooling_file(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.ends_with(".md")
        || name.ends_with(".sh")
        || (name.starts_with("package") && name.ends_with(".json"))
        || name.contains(".test.")
        || name.contains(".spec.")
}

/// Whether the site may serve `path` (normalised, relative, `/`-separated): the allowlist.
pub fn is_servable(path: &str, development: bool) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    let Some(name) = segments.last().copied() else { return false };
    if segments.iter().any(|s| s.is_empty() || s.starts_with('.') || *s == "node_modules")
        || is_tooling_file(name)
    {
        return false;
    }
    let page = name.to_ascii_lowercase().ends_with(".html");
    match segments.as_slice() {
        ["favicon.svg" | "favicon.ico"] => true,
        [_] | ["admin" | "seller", _] => page,
        ["dev", _] => page && development,
        ["css" | "js" | "img", _, ..] => !page && content_type(name).is_some(),
        // Third-party modules copied from npm (each folder keeps its LICENSE, which is not served).
        ["vendor", _, _, ..] => name.ends_with(".js") || name.ends_with(".css"),
        _ => false,
    }
}

/// A request path after normalisation: percent-decoded segments with empty, `.` and `..`
/// segments resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePath {
    segments: Vec<String>,
    folder: bool,
}

impl SitePath {
    /// Normalises a raw (still percent-encoded) URI path. `None` when the path is not one the
    /// site could ever serve: a bad escape, non-UTF-8, an encoded `/`, a backslash, NUL or
    /// another control character, or a `..` that climbs above the root.
    pub fn parse(raw: &str) -> Option<SitePath> {
        let mut segments: Vec<String> = Vec::new();
        let mut folder = true;
        for raw_segment in raw.split('/') {
            let segment = percent_decode(raw_segment)?;
            if segment.chars().any(|c| c == '/' || c == '\\' || c.is_control()) {
                return None;
            }
            match segment.as_str() {
                "" | "." => folder = true,
                ".." => {
                    segments.pop()?;
                    folder = true;
                }
                _ => {
                    segments.push(segment);
                    folder = false;
                }
            }
        }
        Some(SitePath { segments, folder })
    }

    /// The normalised path without its leading `/` (`""` for the root).
    pub fn relative(&self) -> String {
        self.segments.join("/")
    }

    /// True when the path named a folder (`/`, `/admin/`, `/x/..`).
    pub fn is_folder(&self) -> bool {
        self.folder
    }
}

/// Decodes `%XX` escapes; `None` for a malformed escape or bytes that are not UTF-8.
fn percent_decode(segment: &str) -> Option<String> {
    if !segment.contains('%') {
        return Some(segment.to_string());
    }
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// True when `raw` is already in normal form: no escapes, no empty, `.` or `..` segments, no
/// backslash or control characters. The uploads scope only answers such paths.
pub fn is_normal(raw: &str) -> bool {
    !raw.contains('%')
        && SitePath::parse(raw).is_some_and(|p| {
            let mut normal = format!("/{}", p.relative());
            if p.is_folder() && !p.segments.is_empty() {
                normal.push('/');
            }
            normal == raw
        })
}

/// A guard that matches only paths in normal form (see [`is_normal`]); anything else falls
/// through to the site, which normalises it and answers 404.
pub fn normal_path() -> impl Guard {
    NormalPath
}

struct NormalPath;

impl Guard for NormalPath {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        is_normal(ctx.head().uri.path())
    }
}

/// Where the pages come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The copy inside the binary ([`EmbeddedSite`]).
    Embedded,
    /// A folder on disk (`web_dir`).
    Disk(PathBuf),
}

impl Source {
    /// An explicitly set `web_dir` means that folder; empty (the default) the embedded copy.
    pub fn from_config(config: &Config) -> Source {
        if config.web_dir.as_os_str().is_empty() {
            Source::Embedded
        } else {
            Source::Disk(config.web_dir.clone())
        }
    }
}

/// The static site: the source of its files and whether development pages are shown.
#[derive(Debug, Clone)]
pub struct Site {
    source: Source,
    development: bool,
}

/// The service that answers every request no route took: `.default_service(site::service(&config))`.
pub fn service(
    config: &Config,
) -> impl ServiceFactory<
    ServiceRequest,
    Config = (),
    Response = ServiceResponse,
    Error = actix_web::Error,
    InitError = (),
> + 'static {
    let site = Rc::new(Site { source: Source::from_config(config), development: !config.is_production() });
    fn_service(move |req: ServiceRequest| {
        let site = Rc::clone(&site);
        async move {
            let (req, _) = req.into_parts();
            let response = site.respond(&req).await;
            Ok(ServiceResponse::new(req, response))
        }
    })
}

/// One file found for a request: its normalised relative path and its content.
enum Found {
    Embedded(String, rust_embed::EmbeddedFile),
    Disk(String, Box<NamedFile>),
}

impl Site {
    async fn respond(&self, req: &HttpRequest) -> HttpResponse {
        let readable = matches!(*req.method(), Method::GET | Method::HEAD);
        let found = match SitePath::parse(req.uri().path()) {
            Some(path) => self.find(&path).await,
            None => None,
        };
        match found {
            Some(_) if !readable => HttpResponse::MethodNotAllowed()
                .insert_header((header::ALLOW, "GET, HEAD"))
                .content_type("text/plain; charset=utf-8")
                .body("Method not allowed"),
            Some(found) => self.file_response(req, found),
            None => self.not_found(req).await,
        }
    }

    /// The file a normalised path names, if it is servable and exists: the path itself, or
    /// the folder's `index.html`.
    async fn find(&self, path: &SitePath) -> Option<Found> {
        let relative = path.relative();
        if !path.is_folder()
            && let Some(found) = self.open(&relative).await
        {
            return Some(found);
        }
        let index =
            if relative.is_empty() { "index.html".to_string() } else { format!("{relative}/index.html") };
        self.open(&index).await
    }

    /// Opens `relative` from the source when the allowlist lets it through.
    async fn open(&self, relative: &str) -> Option<Found> {
        if !is_servable(relative, self.development) {
            return None;
        }
        match &self.source {
            Source::Embedded => {
                EmbeddedSite::get(relative).map(|file| Found::Embedded(relative.into(), file))
            }
            Source::Disk(dir) => {
                let path = dir.join(relative);
                let file = actix_web::web::block(move || NamedFile::open(path)).await.ok()?.ok()?;
                file.metadata().is_file().then(|| Found::Disk(relative.into(), Box::new(file)))
            }
        }
    }

    fn file_response(&self, req: &HttpRequest, found: Found) -> HttpResponse {
        let (relative, mut response) = match found {
            Found::Embedded(relative, file) => {
                let response = embedded_response(req, &relative, file);
                (relative, response)
            }
            Found::Disk(relative, file) => {
                let response = disk_file(*file, &relative).into_response(req);
                (relative, response)
            }
        };
        let cache = if relative.ends_with(".html") { PAGE_CACHE } else { ASSET_CACHE };
        if let Ok(value) = header::HeaderValue::from_str(cache) {
            response.headers_mut().insert(header::CACHE_CONTROL, value);
        }
        response
    }

    /// 404: the site's 404 page for GET, a short text otherwise.
    async fn not_found(&self, req: &HttpRequest) -> HttpResponse {
        let page = match (req.method() == Method::GET, &self.source) {
            (false, _) => None,
            (true, Source::Embedded) => EmbeddedSite::get(NOT_FOUND_PAGE).map(|file| body_bytes(file.data)),
            (true, Source::Disk(dir)) => {
                let path = dir.join(NOT_FOUND_PAGE);
                actix_web::web::block(move || std::fs::read(path))
                    .await
                    .ok()
                    .and_then(Result::ok)
                    .map(Bytes::from)
            }
        };
        match page {
            Some(page) => HttpResponse::NotFound()
                .content_type("text/html; charset=utf-8")
                .insert_header((header::CACHE_CONTROL, PAGE_CACHE))
                .body(page),
            None => HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("Not found"),
        }
    }
}

/// A file from disk with our content type; actix-files adds the ETag and Last-Modified and
/// answers conditional and range requests.
fn disk_file(file: NamedFile, relative: &str) -> NamedFile {
    let mime = content_type(relative)
        .and_then(|t| t.parse().ok())
        .unwrap_or(actix_web::mime::APPLICATION_OCTET_STREAM);
    file.set_content_type(mime).disable_content_disposition().use_etag(true).use_last_modified(true)
}

fn body_bytes(data: Cow<'static, [u8]>) -> Bytes {
    match data {
        Cow::Borrowed(bytes) => Bytes::from_static(bytes),
        Cow::Owned(bytes) => Bytes::from(bytes),
    }
}

/// An embedded file with an ETag (its SHA-256) and Last-Modified (its build-time date); a
/// matching `If-None-Match` or a later `If-Modified-Since` gets 304.
fn embedded_response(req: &HttpRequest, relative: &str, file: rust_embed::EmbeddedFile) -> HttpResponse {
    let etag = EntityTag::new_strong(hex::encode(&file.metadata.sha256_hash()[..16]));
    let modified =
        file.metadata.last_modified().map(|secs| HttpDate::from(UNIX_EPOCH + Duration::from_secs(secs)));
    let not_modified = match req.get_header::<header::IfNoneMatch>() {
        Some(header::IfNoneMatch::Any) => true,
        Some(header::IfNoneMatch::Items(tags)) => tags.iter().any(|tag| tag.weak_eq(&etag)),
        None => match (modified, req.get_header::<header::IfModifiedSince>()) {
            (Some(modified), Some(header::IfModifiedSince(since))) => {
                SystemTime::from(modified) <= SystemTime::from(since)
            }
            _ => false,
        },
    };
    let mut response = if not_modified { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response.insert_header(header::ETag(etag));
    if let Some(modified) = modified {
        response.insert_header(header::LastModified(modified));
    }
    if not_modified {
        return response.finish();
    }
    response
        .content_type(content_type(relative).unwrap_or("application/octet-stream"))
        .body(body_bytes(file.data))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(raw: &str) -> Option<String> {
        SitePath::parse(raw).map(|p| p.relative())
    }

    #[test]
    fn paths_are_normalised_before_any_decision() {
        assert_eq!(normalised("/"), Some(String::new()));
        assert_eq!(normalised("//dev/outbox.html").as_deref(), Some("dev/outbox.html"));
        assert_eq!(normalised("///dev/outbox.html").as_deref(), Some("dev/outbox.html"));
        assert_eq!(normalised("/x/../dev/outbox.html").as_deref(), Some("dev/outbox.html"));
        assert_eq!(normalised("/x/%2e%2E/dev/./outbox.html").as_deref(), Some("dev/outbox.html"));
        assert_eq!(normalised("/css/app%2ecss").as_deref(), Some("css/app.css"));
        assert!(SitePath::parse("/admin/").unwrap().is_folder());
        assert!(!SitePath::parse("/admin").unwrap().is_folder());
    }

    #[test]
    fn paths_that_climb_out_or_hide_separators_are_refused() {
        for raw in [
            "/..",
            "/%2e%2e/dev/outbox.html",
            "/x/../../etc/passwd",
            "/css%2f..%2f..%2fsecrets",
            "/css%5capp.css",
            "/css\\app.css",
            "/index.html%00.css",
            "/bad%zz",
            "/bad%2",
            "/%ff.html",
        ] {
            assert_eq!(SitePath::parse(raw), None, "{raw}");
        }
    }

    #[test]
    fn only_pages_and_assets_are_servable() {
        for path in [
            "index.html",
            "404.html",
            "admin/users.html",
            "seller/products.html",
            "css/app.css",
            "js/pages/home.js",
            "js/i18n/catalog.js",
            "img/logo.svg",
            "vendor/uplot/uPlot.esm.js",
            "vendor/uplot/uPlot.min.css",
            "favicon.svg",
            "favicon.ico",
        ] {
            assert!(is_servable(path, false), "{path}");
        }
        assert!(is_servable("dev/outbox.html", true));
        for path in [
            "dev/outbox.html",
            "e2e/lib/api.mjs",
            "e2e/README.md",
            "e2e/run.sh",
            "tooling/package.json",
            "tooling/node_modules/x/index.js",
            "README.md",
            "package.json",
            "package-lock.json",
            ".env",
            "js/.eslintrc.json",
            "js/ui.test.mjs",
            "js/node_modules/x.js",
            "vendor/uplot/LICENSE",
            "vendor/uplot/README.md",
            "vendor/x.js",
            "vendor/uplot/x.html",
            "css/notes.md",
            "js/page.html",
            "admin/x/y.html",
            "admin/app.css",
            "secrets.dev.toml",
            "uploads/ab/abcd.png",
            "",
            "css",
        ] {
            assert!(!is_servable(path, false), "{path}");
        }
    }

    #[test]
    fn only_normal_paths_reach_the_uploads() {
        assert!(is_normal("/uploads/ab/abcdef.png"));
        assert!(is_normal("/uploads/"));
        for raw in [
            "/uploads/../secrets.dev.toml",
            "/uploads/%2e%2e/secrets.dev.toml",
            "/uploads//ab/abcdef.png",
            "/uploads/./ab/abcdef.png",
            "/uploads/ab%2fabcdef.png",
            "//uploads/ab/abcdef.png",
        ] {
            assert!(!is_normal(raw), "{raw}");
        }
    }
}
