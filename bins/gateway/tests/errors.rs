//! Every kind of failure answers the one error envelope of API.md; the snapshot pins the
//! statuses, codes, messages and extra members clients rely on.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use praline_testkit::fakes::TINY_PNG;
use praline_testkit::{PASSWORD, TestApp, image_form};
use serde_json::{Value, json};

/// What a client sees of a failure: status, content type, `Retry-After` and the body.
async fn seen(case: &str, response: reqwest::Response) -> Value {
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_string());
    let (status, content_type, retry_after) =
        (response.status().as_u16(), header("content-type"), header("retry-after"));
    let text = response.text().await.unwrap();
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{case}: not JSON: {text}"));
    json!({"case": case, "status": status, "content_type": content_type, "retry_after": retry_after, "body": body})
}

#[actix_web::test]
async fn every_kind_of_failure_answers_the_same_envelope() {
    let app = TestApp::spawn();
    let buyer = app.user().email("taken@example.com").buyer().await;
    let signup = |body: Value| app.post("/api/v1/auth/signup").json(&body).send();
    let mut cases = Vec::new();

    let unknown_field =
        json!({"email": "new@example.com", "password": PASSWORD, "nickname": "new1", "is_admin": true});
    cases.push(seen("unknown field", signup(unknown_field).await.unwrap()).await);
    let bad_json =
        app.post("/api/v1/auth/signup").header("content-type", "application/json").body("{\"email\":").send();
    cases.push(seen("malformed JSON", bad_json.await.unwrap()).await);
    let invalid = json!({"email": "not-an-email", "password": "short", "nickname": "a b"});
    cases.push(seen("invalid fields", signup(invalid).await.unwrap()).await);
    cases.push(seen("no token", app.get("/api/v1/me").send().await.unwrap()).await);
    cases.push(
        seen("bad token", app.get("/api/v1/me").bearer_auth("not-a-token").send().await.unwrap()).await,
    );
    cases.push(seen("wrong role", buyer.get("/api/v1/admin/users").send().await.unwrap()).await);
    cases.push(seen("not found", app.get("/api/v1/products/999999").send().await.unwrap()).await);
    cases.push(seen("unknown API path", app.get("/api/v1/does-not-exist").send().await.unwrap()).await);
    cases.push(seen("wrong method", app.delete("/api/v1/openapi.json").send().await.unwrap()).await);
    let taken = json!({"email": "TAKEN@example.com", "password": PASSWORD, "nickname": "second"});
    cases.push(seen("e-mail taken", signup(taken).await.unwrap()).await);
    let avatar =
        |bytes: Vec<u8>, name: &str| buyer.put("/api/v1/me/avatar").multipart(image_form(bytes, name)).send();
    let mut huge = TINY_PNG.to_vec();
    huge.resize(6 * 1024 * 1024, 0);
    cases.push(seen("payload too large", avatar(huge, "big.png").await.unwrap()).await);
    cases.push(seen("not an image", avatar(b"hello".to_vec(), "evil.png").await.unwrap()).await);
    let json_as_text = buyer.patch("/api/v1/me").header("content-type", "text/plain").body("{}").send();
    cases.push(seen("wrong content type", json_as_text.await.unwrap()).await);
    for _ in 0..4 {
        app.login(&buyer.email, "Wrong!2345").await;
    }
    cases.push(seen("account locked", app.login(&buyer.email, "Wrong!2345").await).await);

    // One login a minute, at a fixed time, so `Retry-After` is always the same.
    let limited = TestApp::builder()
        .config(|c| {
            if let Some(toml::Value::Table(accounts)) = c.sections.get_mut("accounts") {
                accounts.insert("login_per_ip_per_minute".into(), toml::Value::Integer(1));
            }
        })
        .spawn();
    limited.clock.set(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 20).unwrap());
    limited.login("someone@example.com", PASSWORD).await;
    cases.push(seen("rate limited", limited.login("someone@example.com", PASSWORD).await).await);

    insta::assert_json_snapshot!("error_envelopes", cases);
}
