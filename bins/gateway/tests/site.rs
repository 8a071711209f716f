//! The storefront: only pages and assets, from the binary or from `web_dir`, with every
//! decision taken on the normalised path.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use praline_gateway::site;
use praline_kernel::config::Environment;
use praline_kernel::crypto::Secrets;
use praline_testkit::TestApp;

/// Sends `GET <path>` exactly as written (reqwest would resolve `..` and `%2e%2e` itself) and
/// returns the status code.
fn raw_status(addr: SocketAddr, method: &str, path: &str) -> u16 {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n") && stream.read(&mut byte).unwrap() == 1 {
        head.push(byte[0]);
    }
    let line = String::from_utf8_lossy(&head);
    line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no status in {line:?}"))
}

/// The paths that must never reach a development page or a file outside the allowlist.
const BYPASSES: &[&str] = &[
    "/dev/outbox.html",
    "//dev/outbox.html",
    "///dev/outbox.html",
    "/x/../dev/outbox.html",
    "/%2e%2e/dev/outbox.html",
    "/x/%2e%2e/dev/outbox.html",
    "/dev/./outbox.html",
    "/dev%2foutbox.html",
];

/// Never served in any environment, from either source.
const NEVER_SERVED: &[&str] = &[
    "/e2e/lib/api.mjs",
    "//e2e/lib/api.mjs",
    "/css/../e2e/lib/api.mjs",
    "/e2e/README.md",
    "/e2e/package.json",
    "/e2e/run.sh",
    "/e2e/tests/10-accounts.test.mjs",
    "/tooling/package.json",
    "/.gitignore",
    "/../Cargo.toml",
    "/css/..%2f..%2fCargo.toml",
    "/index.html%00",
    "/css%5capp.css",
];

/// The app in `env`, serving the pages from the binary (`web_dir` empty) or from `web/`.
fn app(env: Environment, embedded_pages: bool) -> TestApp {
    let builder = TestApp::builder().config(move |c| {
        c.env = env;
        if embedded_pages {
            c.web_dir = PathBuf::new();
        }
    });
    match env {
        Environment::Production => builder.secrets(&Secrets::generate_env()).spawn(),
        Environment::Development => builder.spawn(),
    }
}

#[actix_web::test]
async fn production_hides_development_pages_whatever_the_path_spelling() {
    for embedded_pages in [false, true] {
        let app = app(Environment::Production, embedded_pages);
        for path in BYPASSES.iter().chain(NEVER_SERVED) {
            assert_eq!(raw_status(app.addr, "GET", path), 404, "{path} (embedded: {embedded_pages})");
        }
        // A denied path gets the 404 page, like any unknown page.
        let denied = app.get("/e2e/lib/api.mjs").send().await.unwrap();
        assert_eq!(denied.status(), 404);
        assert!(denied.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        assert!(!denied.text().await.unwrap().contains("DEMO_PASSWORD"));
        assert_eq!(app.get("/").send().await.unwrap().status(), 200);
    }
}

#[actix_web::test]
async fn development_shows_its_pages_but_never_the_tests_or_tooling() {
    for embedded_pages in [false, true] {
        let app = app(Environment::Development, embedded_pages);
        assert_eq!(raw_status(app.addr, "GET", "/dev/outbox.html"), 200);
        assert_eq!(raw_status(app.addr, "GET", "/x/../dev/outbox.html"), 200);
        assert_eq!(raw_status(app.addr, "GET", "/%2e%2e/dev/outbox.html"), 404);
        for path in NEVER_SERVED {
            assert_eq!(raw_status(app.addr, "GET", path), 404, "{path} (embedded: {embedded_pages})");
        }
    }
}

#[actix_web::test]
async fn pages_and_assets_carry_their_content_types_and_cache_headers() {
    for embedded_pages in [false, true] {
        let app = app(Environment::Development, embedded_pages);
        for (path, content_type, cache) in [
            ("/", "text/html", "no-cache"),
            ("/admin/", "text/html", "no-cache"),
            ("/seller/products.html", "text/html", "no-cache"),
            ("/css/app.css", "text/css", "max-age="),
            ("/js/api.js", "text/javascript", "max-age="),
            ("/js/pages/home.js", "text/javascript", "max-age="),
            ("/img/logo.svg", "image/svg+xml", "max-age="),
            ("/favicon.svg", "image/svg+xml", "max-age="),
        ] {
            let response = app.get(path).send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            let headers = response.headers();
            assert!(headers["content-type"].to_str().unwrap().starts_with(content_type), "{path}");
            assert!(headers["cache-control"].to_str().unwrap().contains(cache), "{path}");
            assert_eq!(headers["x-content-type-options"], "nosniff");
        }
        let missing = app.get("/no-such-page.html").send().await.unwrap();
        assert_eq!(missing.status(), 404);
        assert_eq!(missing.headers()["cache-control"], "no-cache");
    }
}

#[actix_web::test]
async fn assets_answer_conditional_requests_with_304_and_head_without_a_body() {
    for embedded_pages in [false, true] {
        let app = app(Environment::Development, embedded_pages);
        let first = app.get("/css/app.css").send().await.unwrap();
        let etag = first.headers()["etag"].clone();
        let modified = first.headers()["last-modified"].clone();
        let length = first.bytes().await.unwrap().len();
        assert!(length > 0);
        let by_tag = app.get("/css/app.css").header("if-none-match", etag).send().await.unwrap();
        assert_eq!(by_tag.status(), 304, "embedded: {embedded_pages}");
        let by_date = app.get("/css/app.css").header("if-modified-since", modified).send().await.unwrap();
        assert_eq!(by_date.status(), 304, "embedded: {embedded_pages}");
        let stale = app.get("/css/app.css").header("if-none-match", "\"old\"").send().await.unwrap();
        assert_eq!(stale.status(), 200);

        let head = app.client.head(app.url("/css/app.css")).send().await.unwrap();
        assert_eq!(head.status(), 200);
        assert_eq!(head.headers()["content-length"], length.to_string().as_str());
        assert!(head.bytes().await.unwrap().is_empty());
        assert_eq!(app.client.head(app.url("/e2e/lib/api.mjs")).send().await.unwrap().status(), 404);

        assert_eq!(app.post("/index.html").send().await.unwrap().status(), 405);
        assert_eq!(app.post("/e2e/lib/api.mjs").send().await.unwrap().status(), 404);
    }
}

#[actix_web::test]
async fn uploads_are_reached_only_through_normal_paths() {
    let app = TestApp::spawn();
    std::fs::write(app.data_dir().join("secret.txt"), "not for the web").unwrap();
    let key = app.state.storage.put(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "gif").unwrap();
    let url = app.state.storage.url(&key);
    assert_eq!(raw_status(app.addr, "GET", &url), 200);
    let (folder, name) = key.split_once('/').unwrap();
    for path in [
        format!("/uploads//{key}"),
        format!("//uploads/{key}"),
        format!("/uploads/./{key}"),
        format!("/uploads/{folder}%2f{name}"),
        format!("/x/..{url}"),
        "/uploads/../secret.txt".to_string(),
        "/uploads/%2e%2e/secret.txt".to_string(),
        "/uploads/..%2fsecret.txt".to_string(),
    ] {
        assert_eq!(raw_status(app.addr, "GET", &path), 404, "{path}");
    }
}

#[test]
fn the_embedded_storefront_holds_pages_and_assets_only() {
    let files = site::embedded_files();
    assert!(files.iter().any(|f| f == "index.html"), "{files:?}");
    assert!(files.iter().any(|f| f == "404.html"), "{files:?}");
    assert!(files.iter().any(|f| f == "css/app.css"), "{files:?}");
    assert!(files.iter().any(|f| f == "dev/outbox.html"), "{files:?}");
    for file in &files {
        assert!(!file.starts_with("e2e/") && !file.starts_with("tooling/"), "{file}");
        assert!(site::is_servable(file, true), "embedded but never served: {file}");
    }
}

/// A `praline serve` child process, killed when dropped (also when the test panics).
struct Server {
    child: Child,
    dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("praline.log")).unwrap_or_default()
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[actix_web::test]
async fn the_binary_serves_the_storefront_from_an_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    let log = std::fs::File::create(dir.path().join("praline.log")).unwrap();
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_praline"))
        .arg("serve")
        .current_dir(dir.path())
        .env_clear()
        .env("PRALINE_DATA_DIR", dir.path().join("data"))
        .env("PRALINE_BIND", addr.to_string())
        .env("PRALINE_ENV", "development")
        // The first start seeds the demo shop; cheap hashes keep that quick.
        .env("PRALINE_ACCOUNTS__BCRYPT_COST", "4")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let mut server = Server { child, dir };
    let client = reqwest::Client::new();
    let url = |path: &str| format!("http://{addr}{path}");

    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Ok(response) = client.get(url("/readyz")).send().await
            && response.status() == 200
        {
            break;
        }
        if let Some(status) = server.child.try_wait().unwrap() {
            panic!("praline exited with {status}:\n{}", server.log());
        }
        assert!(Instant::now() < deadline, "praline was not ready in time:\n{}", server.log());
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    }

    for (path, content_type) in
        [("/", "text/html"), ("/product.html", "text/html"), ("/css/app.css", "text/css")]
    {
        let response = client.get(url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with(content_type), "{path}");
    }
    for path in ["/e2e/lib/api.mjs", "/e2e/README.md", "/tooling/package.json"] {
        assert_eq!(client.get(url(path)).send().await.unwrap().status(), 404, "{path}");
    }
    // Nothing but the data folder (and the log) appeared in the working directory.
    let mut entries: Vec<String> = std::fs::read_dir(server.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    assert_eq!(entries, ["data", "praline.log"]);
}
