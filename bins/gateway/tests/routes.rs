//! The router and the OpenAPI document come from one registration: the list of operations is a
//! reviewed snapshot, every documented operation reaches a handler, every handler is
//! documented, and a wrong method on a known path is 405 with `Allow`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use praline_gateway::openapi::{Operations, document};
use praline_testkit::{TestApp, body_json};

/// A new route shows up here as a snapshot diff in review.
#[test]
fn the_documented_operations_are_the_reviewed_list() {
    insta::assert_snapshot!("operations", Operations::of(&document(false)).lines().join("\n"));
}

#[actix_web::test]
async fn the_served_document_is_the_registered_one_and_lists_the_contract() {
    let app = TestApp::spawn();
    let served = body_json(app.get("/api/v1/openapi.json").send().await.unwrap()).await;
    let registered = serde_json::to_value(document(false)).unwrap();
    assert_eq!(served, registered);
    // Site-root routes live outside the API prefix.
    assert!(served["paths"]["/healthz"]["get"].is_object());
    assert!(served["paths"]["/api/v1/products/{id}"]["get"].is_object());
}

/// Fills each `{param}` with `1`.
fn concrete(template: &str) -> String {
    template.split('/').map(|s| if s.starts_with('{') { "1" } else { s }).collect::<Vec<_>>().join("/")
}

#[actix_web::test]
async fn every_documented_operation_reaches_a_handler() {
    let app = TestApp::spawn();
    let operations = Operations::of(&document(false));
    let mut unmounted = Vec::new();
    for line in operations.lines() {
        let (method, template) = line.split_once(' ').unwrap();
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = app.client.request(method, app.url(&concrete(template))).send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        // The fallback answers "No API route" (404) or 405; a handler answers anything else.
        if status == 405 || text.contains("No API route") {
            unmounted.push(format!("{line} -> {status}"));
        }
    }
    assert!(unmounted.is_empty(), "documented but not mounted: {unmounted:?}");
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A handler is mounted only through `configure` with its route macro, and `utoipa::path` on it
/// documents it; a bare `.route(…)` or an undocumented route macro would be a route the document
/// does not know.
#[test]
fn every_route_macro_is_documented_and_no_route_bypasses_the_registration() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["crates", "bins/gateway/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    let route_macro = ["#[get(\"", "#[post(\"", "#[put(\"", "#[patch(\"", "#[delete(\""];
    let mut problems = Vec::new();
    // The testkit's fake providers are not our API.
    let ours = |f: &&std::path::PathBuf| {
        f.components().any(|c| c.as_os_str() == "src") && !f.components().any(|c| c.as_os_str() == "testkit")
    };
    for file in files.iter().filter(ours) {
        let text = std::fs::read_to_string(file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            if route_macro.iter().any(|m| trimmed.starts_with(m)) {
                let attrs = lines[..i].iter().rev().take_while(|l| !l.trim().is_empty() && !l.contains('}'));
                if !attrs.clone().any(|l| l.contains("#[utoipa::path")) {
                    problems.push(format!(
                        "{}:{}: route macro without #[utoipa::path]",
                        file.display(),
                        i + 1
                    ));
                }
            }
            if trimmed.contains(".route(\"") && !trimmed.contains("/openapi.json") {
                problems.push(format!("{}:{}: a route outside the registration", file.display(), i + 1));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[actix_web::test]
async fn a_wrong_method_on_a_known_path_is_405_with_allow() {
    let app = TestApp::spawn();
    let response =
        app.client.request(reqwest::Method::TRACE, app.url("/api/v1/categories")).send().await.unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET");
    assert_eq!(body_json(response).await["error"]["code"], "method_not_allowed");
    let product = app.put("/api/v1/products/12").send().await.unwrap();
    assert_eq!(product.status(), 405);
    let allow = product.headers()["allow"].to_str().unwrap().to_string();
    assert_eq!(allow, "DELETE, GET, PATCH");
    // An unknown path stays 404.
    assert_eq!(app.put("/api/v1/nothing-here").send().await.unwrap().status(), 404);
}

#[actix_web::test]
async fn production_neither_mounts_nor_documents_development_operations() {
    let production = TestApp::builder()
        .config(|c| c.env = praline_kernel::config::Environment::Production)
        .secrets(&praline_kernel::crypto::Secrets::generate_env())
        .spawn();
    let doc = body_json(production.get("/api/v1/openapi.json").send().await.unwrap()).await;
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.keys().all(|p| !p.contains("/dev/")), "{:?}", paths.keys());
    assert_eq!(production.get("/api/v1/dev/outbox").send().await.unwrap().status(), 404);
}

/// The codes given to `ApiError::new(status, "code", …)` (and the kernel's own constructors).
fn server_error_codes(root: &Path) -> std::collections::BTreeSet<String> {
    let mut files = Vec::new();
    for dir in ["crates", "bins/gateway/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut codes = std::collections::BTreeSet::new();
    for file in files.iter().filter(|f| !f.components().any(|c| c.as_os_str() == "tests")) {
        let text = std::fs::read_to_string(file).unwrap();
        for start in ["ApiError::new(", "Self::new("] {
            for (at, _) in text.match_indices(start) {
                let rest = &text[at + start.len()..];
                let Some(comma) = rest.find(',') else { continue };
                let after = rest[comma + 1..].trim_start();
                let Some(quoted) = after.strip_prefix('"') else { continue };
                let code: String = quoted.chars().take_while(|c| *c != '"').collect();
                if !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    codes.insert(code);
                }
            }
        }
    }
    codes
}

/// The keys of one language block of `web/js/i18n/errors.js`.
fn translated(errors_js: &str, language: &str) -> std::collections::BTreeSet<String> {
    let opening = format!("\n  {language}: {{\n");
    let block = errors_js.split(&opening).nth(1).expect("the language block exists");
    let block = &block[..block.find("\n  },").expect("the language block closes")];
    block
        .lines()
        .filter_map(|line| line.strip_prefix("    ")?.split_once(": ").map(|(key, _)| key.to_string()))
        .collect()
}

/// No user ever sees a raw error code: every code the server can answer has a Korean and an
/// English text in the storefront's dictionary.
#[test]
fn every_error_code_the_server_answers_is_translated_in_korean_and_english() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let codes = server_error_codes(&root);
    assert!(codes.contains("rate_limited") && codes.contains("category_taken"), "{codes:?}");
    let errors_js = std::fs::read_to_string(root.join("web/js/i18n/errors.js")).unwrap();
    for language in ["ko", "en"] {
        let texts = translated(&errors_js, language);
        let missing: Vec<&String> = codes.iter().filter(|code| !texts.contains(*code)).collect();
        assert!(
            missing.is_empty(),
            "error codes without a {language} text in web/js/i18n/errors.js: {missing:?}"
        );
    }
}
