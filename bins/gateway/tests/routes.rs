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

/// The document's schemas are keyed by type name alone, so two crates' `TicketRequest`s would
/// silently become one (and one operation would document the other's body): every type that
/// derives `ToSchema` has a name of its own across the workspace.
#[test]
fn schema_type_names_are_unique_across_crates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["crates", "bins/gateway/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut seen: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    let mut clashes = Vec::new();
    for file in files.iter().filter(|f| f.components().any(|c| c.as_os_str() == "src")) {
        let text = std::fs::read_to_string(file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !(line.trim_start().starts_with("#[derive(") && line.contains("ToSchema")) {
                continue;
            }
            let Some(decl) =
                lines[i + 1..].iter().find(|l| l.contains("pub struct ") || l.contains("pub enum "))
            else {
                continue;
            };
            let name = decl
                .split_whitespace()
                .skip_while(|w| *w != "struct" && *w != "enum")
                .nth(1)
                .unwrap_or("")
                .trim_end_matches(['{', ';', '('])
                .split('<')
                .next()
                .unwrap_or("")
                .to_string();
            let place = format!("{}:{}", file.display(), i + 1);
            if let Some(first) = seen.insert(name.clone(), place.clone()) {
                clashes.push(format!("{name}: {first} and {place}"));
            }
        }
    }
    assert!(clashes.is_empty(), "schema names used twice: {clashes:#?}");
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
    // The testkit's fake providers and the PortOne simulator (PortOne's API, mounted at the site
    // root in development only) are not our API.
    let ours = |f: &&std::path::PathBuf| {
        f.components().any(|c| c.as_os_str() == "src")
            && !f.components().any(|c| c.as_os_str() == "testkit")
            && !f.ends_with("portone/simulator.rs")
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
            // The chat WebSocket is no REST operation: it is described in prose on the `chat` tag.
            if trimmed.contains(".route(\"")
                && !trimmed.contains("/openapi.json")
                && !trimmed.contains("\"/ws/chat/")
            {
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
    // A literal path is not its templated neighbour: /payments/topups is not /payments/{merchant_uid}.
    let topups = app
        .client
        .request(reqwest::Method::OPTIONS, app.url("/api/v1/payments/topups"))
        .send()
        .await
        .unwrap();
    assert_eq!(topups.status(), 405);
    assert_eq!(topups.headers()["allow"], "POST");
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

/// The `#[utoipa::path]` block above each route macro and the signature of the handler below it.
fn annotated_handlers(root: &Path) -> Vec<(String, String, String)> {
    let mut files = Vec::new();
    for dir in ["crates", "bins/gateway/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut found = Vec::new();
    for file in files.iter().filter(|f| f.components().any(|c| c.as_os_str() == "src")) {
        let text = std::fs::read_to_string(file).unwrap();
        for (at, _) in text.match_indices("#[utoipa::path(") {
            let rest = &text[at..];
            let Some(fn_at) = rest.find("pub async fn ") else { continue };
            let annotation = rest[..fn_at].to_string();
            let signature =
                rest[fn_at..rest[fn_at..].find('{').map_or(rest.len(), |end| fn_at + end)].to_string();
            let name = signature["pub async fn ".len()..].split('(').next().unwrap().to_string();
            found.push((format!("{}::{name}", file.display()), annotation, signature));
        }
    }
    found
}

/// Whether a handler needs a token is said next to it: `security(("bearer" = []))` for an
/// `AuthUser`, `security((), ("bearer" = []))` for a `MaybeAuthUser`, nothing otherwise; the
/// document's 401s and security requirements follow from that.
#[test]
fn every_handler_declares_the_token_it_reads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let handlers = annotated_handlers(&root);
    assert!(handlers.len() > 40, "{}", handlers.len());
    let mut problems = Vec::new();
    for (name, annotation, signature) in handlers {
        let optional = signature.contains("MaybeAuthUser");
        let required = !optional && signature.contains("AuthUser");
        let says_optional = annotation.contains(r#"security((), ("bearer" = []))"#);
        let says_required = annotation.contains(r#"security(("bearer" = []))"#);
        let ok = match (required, optional) {
            (true, _) => says_required && !says_optional,
            (_, true) => says_optional && !says_required,
            _ => !annotation.contains("security("),
        };
        if !ok {
            problems.push(name);
        }
    }
    assert!(
        problems.is_empty(),
        "handlers whose annotation does not match the token they read: {problems:#?}"
    );
}

#[test]
fn shared_error_responses_are_defined_once_and_referenced_by_what_an_operation_is() {
    let doc = serde_json::to_value(document(false)).unwrap();
    let components = &doc["components"];
    assert_eq!(components["securitySchemes"]["bearer"]["scheme"], "bearer");
    for name in [
        "InvalidInput",
        "Unauthenticated",
        "NotFound",
        "PayloadTooLarge",
        "UnsupportedMediaType",
        "RateLimited",
    ] {
        let schema = &components["responses"][name]["content"]["application/json"]["schema"]["$ref"];
        assert_eq!(schema, "#/components/schemas/ErrorEnvelope", "{name}");
    }
    assert!(components["responses"]["RateLimited"]["headers"]["Retry-After"].is_object());
    let shared =
        |op: &serde_json::Value, status: &str| op["responses"][status]["$ref"].as_str().map(str::to_string);
    let signup = &doc["paths"]["/api/v1/auth/signup"]["post"];
    for status in ["400", "413", "415", "429"] {
        assert!(shared(signup, status).is_some(), "signup {status}: {signup}");
    }
    assert!(signup["responses"].get("401").is_none());
    let me = &doc["paths"]["/api/v1/me"]["get"];
    assert_eq!(me["security"], serde_json::json!([{"bearer": []}]));
    assert_eq!(shared(me, "401").as_deref(), Some("#/components/responses/Unauthenticated"));
    let product = &doc["paths"]["/api/v1/products/{id}"]["get"];
    assert_eq!(product["security"], serde_json::json!([{}, {"bearer": []}]));
    assert_eq!(shared(product, "404").as_deref(), Some("#/components/responses/NotFound"));
    // Both path parameters of a two-parameter path are declared.
    let image = &doc["paths"]["/api/v1/products/{id}/images/{image_id}"]["delete"]["parameters"];
    let names: Vec<&str> = image.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["id", "image_id"]);
    // Every response says what it is (OpenAPI requires a description or a reference).
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, response) in op["responses"].as_object().unwrap() {
                let described = response.get("$ref").is_some()
                    || response["description"].as_str().is_some_and(|d| !d.is_empty());
                assert!(described, "{method} {path} {status}: {response}");
            }
        }
    }
}

#[test]
fn limits_in_the_schema_come_from_the_checks() {
    let doc = serde_json::to_value(document(false)).unwrap();
    let schemas = &doc["components"]["schemas"];
    let products = &doc["paths"]["/api/v1/products"]["get"]["parameters"];
    let param = |name: &str| {
        products.as_array().unwrap().iter().find(|p| p["name"] == name).unwrap()["schema"].clone()
    };
    assert_eq!(param("per_page")["maximum"], praline_kernel::page::MAX_PER_PAGE);
    assert_eq!(param("page")["minimum"], 1);
    assert_eq!(param("min_price")["maximum"], praline_catalog::model::MAX_PRICE);
    assert_eq!(param("sort")["enum"][0], "recent");
    let store = &doc["paths"]["/api/v1/sellers/{user_id}/products"]["get"]["parameters"];
    let per_page = store.as_array().unwrap().iter().find(|p| p["name"] == "per_page").unwrap();
    assert_eq!(per_page["in"], "query");
    assert_eq!(per_page["schema"]["maximum"], praline_kernel::page::MAX_PER_PAGE);
    let category = &schemas["CategoryRequest"]["properties"]["name"];
    assert_eq!(category["minLength"], 1);
    assert_eq!(category["maxLength"], praline_catalog::model::MAX_CATEGORY_CHARS);
    assert_eq!(schemas["RejectRequest"]["properties"]["reason"]["maxLength"], 500);
    assert_eq!(schemas["CreateProductRequest"]["properties"]["stock"]["minimum"], 0);
    assert!(
        schemas["CustomsCodeRequest"]["properties"]["customs_code"]["pattern"]
            .as_str()
            .unwrap()
            .contains("[Pp][0-9]{12}")
    );
}

#[actix_web::test]
async fn a_wrong_method_on_a_site_root_operation_is_405_with_allow() {
    let app = TestApp::spawn();
    let response = app.client.request(reqwest::Method::TRACE, app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET");
    assert_eq!(app.post("/readyz").send().await.unwrap().status(), 405);
    assert_eq!(app.get("/healthz").send().await.unwrap().status(), 200);
}

#[actix_web::test]
async fn json_bodies_are_objects_and_whole_floats_are_the_integers_they_equal() {
    use serde_json::json;
    let app = TestApp::spawn();
    // serde would read a struct from an array of its fields; no schema allows that.
    let array = app.post("/api/v1/auth/login").json(&json!(["a@b.cd", "Praline!2026"])).send().await.unwrap();
    assert_eq!(array.status(), 400);
    assert_eq!(body_json(array).await["error"]["code"], "invalid_input");
    let null = app.post("/api/v1/auth/logout").json(&serde_json::Value::Null).send().await.unwrap();
    assert_eq!(null.status(), 400);
    let admin = app.admin().await;
    let category =
        admin.post("/api/v1/admin/categories").json(&json!({"name": "초콜릿"})).send().await.unwrap();
    let category_id = body_json(category).await["id"].as_i64().unwrap();
    let seller = app.seller().await;
    let body = json!({"category_id": category_id, "name": "Truffle", "price": 12000.0, "stock": 3e0});
    let created = seller.post("/api/v1/products").json(&body).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let created = body_json(created).await;
    assert_eq!((created["price"].as_i64(), created["stock"].as_i64()), (Some(12000), Some(3)));
    let body = json!({"category_id": category_id, "name": "Truffle", "price": 1.5, "stock": 3});
    assert_eq!(seller.post("/api/v1/products").json(&body).send().await.unwrap().status(), 400);
}
