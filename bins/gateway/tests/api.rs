//! The gateway's own promises, tested through the real app on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use praline_accounts::demo::DEMO_PASSWORD;
use praline_testkit::{PASSWORD, TestApp, body_json};
use serde_json::Value;

#[actix_web::test]
async fn healthz_answers_ok() {
    let app = TestApp::spawn();
    let response = app.get("/healthz").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(body_json(response).await, serde_json::json!({"status": "ok"}));
}

#[actix_web::test]
async fn readyz_is_ready_when_the_database_answers() {
    let app = TestApp::spawn();
    let response = app.get("/readyz").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body = body_json(response).await;
    assert_eq!(body["database"], "ok");
    assert_eq!(body["redis"], "not_configured");
}

#[actix_web::test]
async fn readyz_checks_redis_when_it_is_configured() {
    let redis_url =
        std::env::var("PRALINE_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let app = TestApp::builder().config(move |c| c.redis.url = redis_url).spawn();
    let response = app.get("/readyz").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(body_json(response).await["redis"], "ok");
}

#[actix_web::test]
async fn readyz_is_503_while_configured_redis_is_down() {
    // Nothing listens on port 1.
    let app = TestApp::builder().config(|c| c.redis.url = "redis://127.0.0.1:1".into()).spawn();
    let response = app.get("/readyz").send().await.unwrap();
    assert_eq!(response.status(), 503);
    let body = body_json(response).await;
    assert_eq!(body["redis"], "down");
    assert_eq!(body["database"], "ok");
}

async fn assert_envelope(response: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status(), status);
    let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
    assert!(content_type.starts_with("application/json"), "{content_type}");
    let body = body_json(response).await;
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    body
}

#[actix_web::test]
async fn unknown_api_paths_answer_the_json_envelope() {
    let app = TestApp::spawn();
    for path in ["/api/v1/does-not-exist", "/api/v1/", "/api/v2/products", "/api", "/api/v1/openapi.json/x"] {
        assert_envelope(app.get(path).send().await.unwrap(), 404, "not_found").await;
    }
    let posted = app
        .post("/api/v1/nothing")
        .header("content-type", "application/json")
        .body("{bad json")
        .send()
        .await
        .unwrap();
    assert_envelope(posted, 404, "not_found").await;
}

#[actix_web::test]
async fn a_wrong_method_on_an_api_route_answers_the_json_envelope() {
    let app = TestApp::spawn();
    let response = app.delete("/api/v1/openapi.json").send().await.unwrap();
    let status = response.status().as_u16();
    assert!(status == 404 || status == 405, "{status}");
    let body = body_json(response).await;
    assert!(body["error"]["code"].is_string(), "{body}");
}

#[actix_web::test]
async fn an_oversized_body_is_refused_with_413_before_it_is_read() {
    let app = TestApp::builder().config(|c| c.http.upload_limit = 1024).spawn();
    let response = app.post("/api/v1/anything").body(vec![b'x'; 4096]).send().await.unwrap();
    assert_envelope(response, 413, "payload_too_large").await;
}

#[actix_web::test]
async fn every_response_carries_security_headers_and_a_request_id() {
    let app = TestApp::spawn();
    for path in ["/", "/healthz", "/api/v1/nope"] {
        let response = app.get(path).send().await.unwrap();
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), "{csp}");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert!(!headers["x-request-id"].is_empty());
    }
    let echoed = app.get("/healthz").header("x-request-id", "abc-123").send().await.unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "abc-123");
    let forged = app.get("/healthz").header("x-request-id", "bad id\twith spaces").send().await.unwrap();
    assert_ne!(forged.headers()["x-request-id"], "bad id\twith spaces");
}

#[actix_web::test]
async fn the_storefront_index_is_served_at_the_root_and_unknown_pages_are_404() {
    let app = TestApp::spawn();
    let response = app.get("/").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = response.text().await.unwrap();
    assert!(html.contains("<html"), "{html}");
    let missing = app.get("/no-such-page.html").send().await.unwrap();
    assert_eq!(missing.status(), 404);
}

#[actix_web::test]
async fn uploaded_files_are_served_with_long_cache_and_nosniff() {
    let app = TestApp::spawn();
    let key = app.state.storage.put(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "gif").unwrap();
    let response = app.get(&app.state.storage.url(&key)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/gif");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(response.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    let traversal = app.get("/uploads/../secrets.dev.toml").send().await.unwrap();
    assert_ne!(traversal.status(), 200);
}

#[actix_web::test]
async fn the_openapi_document_is_published() {
    let app = TestApp::spawn();
    let response = app.get("/api/v1/openapi.json").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let doc = body_json(response).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["paths"]["/healthz"]["get"].is_object(), "{doc}");
    assert!(doc["paths"]["/readyz"]["get"].is_object(), "{doc}");
}

#[actix_web::test]
async fn cors_allows_only_configured_origins() {
    let app =
        TestApp::builder().config(|c| c.http.cors_origins = vec!["https://shop.example".into()]).spawn();
    let allowed = app
        .client
        .request(reqwest::Method::OPTIONS, app.url("/api/v1/openapi.json"))
        .header("origin", "https://shop.example")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert!(allowed.status().is_success());
    assert_eq!(allowed.headers()["access-control-allow-origin"], "https://shop.example");
    let other =
        app.get("/api/v1/openapi.json").header("origin", "https://evil.example").send().await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[actix_web::test]
async fn seeding_the_demo_twice_changes_nothing_and_its_logins_work() {
    let app = TestApp::spawn();
    assert!(praline_gateway::seed::is_empty(&app.state).await.unwrap());
    let first = praline_gateway::seed::seed_demo(&app.state).await.unwrap();
    let second = praline_gateway::seed::seed_demo(&app.state).await.unwrap();
    let (n, m) = (first.lines.len(), second.lines.len());
    assert_eq!(first.lines[..n - 3], second.lines[..m - 3]);
    assert_eq!(first.lines[n - 3], "Demo catalog: 40 products added.");
    assert_eq!(second.lines[m - 3], "Demo catalog: 0 products added.");
    assert_eq!(first.lines[n - 2], "Demo orders: 24 orders placed.");
    assert_eq!(second.lines[m - 2], "Demo orders: 0 orders placed.");
    assert!(first.lines[n - 1].starts_with("Demo community: 3 notices, 3 reviews"), "{}", first.lines[n - 1]);
    assert_eq!(second.lines[m - 1], "Demo community: 0 notices, 0 reviews, 0 wishes, 0 questions added.");
    assert!(!praline_gateway::seed::is_empty(&app.state).await.unwrap());
    let products = body_json(app.get("/api/v1/products?per_page=100").send().await.unwrap()).await;
    assert_eq!(products["total"], 40);
    let items = products["items"].as_array().unwrap();
    assert!(items.iter().any(|p| p["state"] == "sold_out"), "a few demo products are sold out");
    // Every count on a card is the count of real rows: the demo's reviews and wishes.
    let sum = |field: &str| items.iter().map(|p| p[field].as_i64().unwrap()).sum::<i64>();
    let mut wishes = 0;
    for n in 1..=3 {
        let demo_buyer = app.session(&format!("buyer{n}@praline.local"), DEMO_PASSWORD).await;
        wishes += demo_buyer.get_json("/api/v1/me/wishlist").await["total"].as_i64().unwrap();
    }
    assert_eq!(sum("wish_count"), wishes);
    assert!(wishes > 0);
    let mut reviews = 0;
    for p in items {
        let list =
            body_json(app.get(&format!("/api/v1/products/{}/reviews", p["id"])).send().await.unwrap()).await;
        assert_eq!(list["total"], p["rating_count"], "{}", p["name"]);
        reviews += list["total"].as_i64().unwrap();
    }
    assert_eq!(reviews, 3);
    assert!(items.iter().all(|p| (850..=23_000).contains(&p["price"].as_i64().unwrap())));
    let picture = app.get(items[0]["thumbnail_url"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(picture.headers()["content-type"], "image/png");
    let categories = body_json(app.get("/api/v1/categories").send().await.unwrap()).await;
    assert_eq!(categories.as_array().unwrap().len(), 7);
    let seller = app.session("seller1@praline.local", DEMO_PASSWORD).await;
    assert_eq!(seller.login["user"]["roles"], serde_json::json!(["buyer", "seller"]));
    // The welcome bonus was credited once, not once per seeding.
    let entries = seller.get_json("/api/v1/wallet/entries?per_page=100").await;
    let entries = entries["items"].as_array().unwrap();
    assert_eq!(entries.iter().filter(|e| e["kind"] == "signup_bonus").count(), 1);
    let settled: i64 = entries
        .iter()
        .filter(|e| e["kind"] == "seller_settlement")
        .map(|e| e["amount"].as_i64().unwrap())
        .sum();
    assert_eq!(seller.get_json("/api/v1/me").await["points"], 29_900 + settled);
    // Demo buyers can check out at once: a verified phone and one default address.
    let buyer = app.session("buyer1@praline.local", DEMO_PASSWORD).await;
    assert_eq!(buyer.login["user"]["phone_verified"], true);
    let addresses = buyer.get_json("/api/v1/me/addresses").await;
    assert_eq!(addresses.as_array().unwrap().len(), 1);
    assert_eq!(addresses[0]["is_default"], true);
    // Demo orders in every status a points order reaches, for the buyer and the sellers.
    let orders = buyer.get_json("/api/v1/orders?per_page=100").await;
    let mut statuses: Vec<String> = orders["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["status"].as_str().unwrap().to_string())
        .collect();
    statuses.sort();
    assert_eq!(
        statuses,
        [
            "cancelled",
            "confirmed",
            "delivered",
            "placed",
            "preparing",
            "refund_requested",
            "refunded",
            "shipped"
        ]
    );
    let board = seller.get_json("/api/v1/seller/orders").await;
    assert!(board["total"].as_i64().unwrap() > 0, "{board}");
}

#[actix_web::test]
async fn scheduled_jobs_purge_unverified_signups_and_anonymise_old_dormant_accounts_once_per_lease() {
    use praline_gateway::jobs;
    let app = TestApp::spawn();
    // A signup never verified, and an account that withdraws.
    let ghost = serde_json::json!({"email": "ghost@example.com", "password": PASSWORD, "nickname": "ghost1"});
    assert_eq!(app.post("/api/v1/auth/signup").json(&ghost).send().await.unwrap().status(), 201);
    let leaver = app.buyer().await;
    let withdrawn = leaver.delete("/api/v1/me").json(&serde_json::json!({"password": PASSWORD})).send();
    assert_eq!(withdrawn.await.unwrap().status(), 204);

    // Too early: nothing happens.
    assert_eq!(
        jobs::run_now(&app.state, "accounts.purge_unverified").await.unwrap(),
        "removed 0 unverified signups"
    );
    app.clock.advance(chrono::Duration::days(3));
    let ran = jobs::run_due(&app.state, "gateway-a").await;
    assert_eq!(ran.len(), jobs::all().len());
    // Another gateway in the same period finds the leases taken.
    assert!(jobs::run_due(&app.state, "gateway-b").await.is_empty());
    let ghost = app.login("ghost@example.com", PASSWORD).await;
    assert_eq!(body_json(ghost).await["error"]["code"], "invalid_credentials");
    // Still dormant (reactivatable) after 3 days; anonymised after 30.
    let profile = app.get(&format!("/api/v1/users/{}", leaver.user_id)).send().await.unwrap();
    assert_eq!(profile.status(), 404);
    app.clock.advance(chrono::Duration::days(28));
    assert_eq!(jobs::run_due(&app.state, "gateway-b").await.len(), jobs::all().len());
    let anonymised = app.login(&leaver.email, PASSWORD).await;
    assert_eq!(body_json(anonymised).await["error"]["code"], "invalid_credentials");
    let status = praline_kernel::db::run(&app.state.pool, |conn| {
        praline_kernel::lease::JobLease::all(conn).map_err(praline_kernel::db::DbError::from)
    })
    .await
    .unwrap();
    assert!(
        status.iter().all(|l| l.last_status.as_deref() == Some("ok") && l.holder == "gateway-b"),
        "{status:?}"
    );
    assert!(
        status.iter().any(|l| l.last_message.as_deref() == Some("anonymised 1 dormant accounts")),
        "{status:?}"
    );
    assert!(jobs::run_now(&app.state, "no.such.job").await.is_err());
}

#[actix_web::test]
async fn the_development_outbox_lists_sent_mail_and_is_hidden_in_production() {
    let app = TestApp::spawn();
    let signup = app
        .post("/api/v1/auth/signup")
        .json(&serde_json::json!({"email": "outbox@example.com", "password": "Sweet!2026choc", "nickname": "우편함"}))
        .send()
        .await
        .unwrap();
    assert_eq!(signup.status(), 201);
    let outbox = body_json(app.get("/api/v1/dev/outbox").send().await.unwrap()).await;
    let first = &outbox["items"][0];
    assert_eq!(first["kind"], "email");
    assert_eq!(first["to"], "outbox@example.com");
    assert!(first["body"].as_str().unwrap().len() > 10);
    assert_eq!(app.get("/dev/outbox.html").send().await.unwrap().status(), 200);

    let production = TestApp::builder()
        .config(|c| c.env = praline_kernel::config::Environment::Production)
        .secrets(&praline_kernel::crypto::Secrets::generate_env())
        .spawn();
    assert_eq!(production.get("/api/v1/dev/outbox").send().await.unwrap().status(), 404);
    assert_eq!(production.get("/dev/outbox.html").send().await.unwrap().status(), 404);
}
