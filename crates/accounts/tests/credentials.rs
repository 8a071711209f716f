//! What the auth endpoints accept: every byte of a password counts, old hashes keep working,
//! and optional bodies are either absent or held to the JSON rules.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use praline_accounts::schema::accounts_users;
use praline_kernel::db::{self, DbError};
use praline_testkit::{PASSWORD, TestApp, body_json};
use serde_json::json;

async fn stored_hash(app: &TestApp, user_id: i64) -> String {
    db::run(&app.state.pool, move |conn| {
        accounts_users::table
            .find(user_id)
            .select(accounts_users::password_hash)
            .first::<Option<String>>(conn)
            .map_err(DbError::from)
    })
    .await
    .unwrap()
    .unwrap()
}

#[actix_web::test]
async fn every_byte_of_a_long_password_counts() {
    let app = TestApp::spawn();
    // 24 Hangul syllables are 72 bytes: all bcrypt itself would read.
    let password = format!("{}1!AAAA", "가".repeat(24));
    let buyer = app.user().password(&password).buyer().await;
    let other = format!("{}2@zzzz-different", "가".repeat(24));
    let refused = app.login(&buyer.email, &other).await;
    assert_eq!(body_json(refused).await["error"]["code"], "invalid_credentials");
    assert_eq!(app.login(&buyer.email, &password).await.status(), 200);
    assert!(stored_hash(&app, buyer.user_id).await.starts_with("$pbc1$"));
}

#[actix_web::test]
async fn a_password_hashed_the_old_way_still_signs_in_and_is_rehashed() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let old = bcrypt::hash(PASSWORD, 4).unwrap();
    let (id, stored) = (buyer.user_id, old.clone());
    db::run(&app.state.pool, move |conn| {
        diesel::update(accounts_users::table.find(id))
            .set(accounts_users::password_hash.eq(Some(stored)))
            .execute(conn)
            .map_err(DbError::from)
    })
    .await
    .unwrap();
    assert_eq!(app.login(&buyer.email, "Wrong!2345").await.status(), 401);
    assert_eq!(stored_hash(&app, id).await, old, "a failed login changes nothing");
    assert_eq!(app.login(&buyer.email, PASSWORD).await.status(), 200);
    let upgraded = stored_hash(&app, id).await;
    assert!(upgraded.starts_with("$pbc1$"), "{upgraded}");
    assert_eq!(app.login(&buyer.email, PASSWORD).await.status(), 200);
}

/// A request with an optional JSON body: `None` sends none.
fn with_body(request: reqwest::RequestBuilder, body: Option<(&str, &str)>) -> reqwest::RequestBuilder {
    match body {
        Some((content_type, text)) => request.header("content-type", content_type).body(text.to_string()),
        None => request,
    }
}

/// Bodies every optional-body endpoint refuses, with the status and the field named.
const BAD_BODIES: &[(&str, &str, u16, Option<&str>)] = &[
    ("application/json", r#"{"sneaky": true}"#, 400, Some("sneaky")),
    ("application/json", r#"{"refresh_token": 5, "reason": 5}"#, 400, None),
    ("application/json", r#"{"#, 400, None),
    ("application/json", "[]", 400, None),
    ("application/json", "null", 400, None),
    ("text/plain", r#"{"refresh_token": "x", "reason": "x"}"#, 415, None),
    ("application/x-www-form-urlencoded", "refresh_token=x&reason=x", 415, None),
];

async fn assert_refused(response: reqwest::Response, status: u16, field: Option<&str>, what: &str) {
    assert_eq!(response.status(), status, "{what}");
    let body = body_json(response).await;
    let code = if status == 415 { "unsupported_media_type" } else { "invalid_input" };
    assert_eq!(body["error"]["code"], code, "{what}: {body}");
    if let Some(field) = field {
        assert_eq!(body["error"]["fields"][field], "unknown field", "{what}: {body}");
    }
}

#[actix_web::test]
async fn logout_and_refresh_take_no_body_or_a_strict_json_one() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let cookie = format!("praline_refresh={}", buyer.refresh_token);
    for path in ["/api/v1/auth/refresh", "/api/v1/auth/logout"] {
        for (content_type, text, status, field) in BAD_BODIES {
            let request = app.post(path).header("cookie", &cookie);
            let response = with_body(request, Some((content_type, text))).send().await.unwrap();
            assert_refused(response, *status, *field, &format!("{path} {content_type} {text}")).await;
        }
    }
    // Nothing was read from those, so the session is untouched; absent and empty bodies fall
    // back to the cookie.
    let mut token = buyer.refresh_token.clone();
    for body in [None, Some(("application/json", "")), Some(("application/json", "{}"))] {
        let request = app.post("/api/v1/auth/refresh").header("cookie", format!("praline_refresh={token}"));
        let response = with_body(request, body).send().await.unwrap();
        assert_eq!(response.status(), 200, "{body:?}");
        token = body_json(response).await["refresh_token"].as_str().unwrap().to_string();
    }
    let by_body =
        app.post("/api/v1/auth/logout").json(&json!({"refresh_token": token})).send().await.unwrap();
    assert_eq!(by_body.status(), 204);
    assert_eq!(app.post("/api/v1/auth/logout").send().await.unwrap().status(), 204);
}

#[actix_web::test]
async fn suspension_takes_no_body_or_a_strict_json_one() {
    let app = TestApp::spawn();
    let admin = app.admin().await;
    let buyer = app.buyer().await;
    for action in ["suspend", "unsuspend"] {
        let path = format!("/api/v1/admin/users/{}/{action}", buyer.user_id);
        for (content_type, text, status, field) in BAD_BODIES {
            let response = with_body(admin.post(&path), Some((content_type, text))).send().await.unwrap();
            assert_refused(response, *status, *field, &format!("{action} {content_type} {text}")).await;
        }
        for body in
            [None, Some(("application/json", " ")), Some(("application/json", r#"{"reason": "spam"}"#))]
        {
            let response = with_body(admin.post(&path), body).send().await.unwrap();
            assert_eq!(response.status(), 200, "{action} {body:?}");
        }
    }
    // A refused body never suspended anyone: only the accepted ones did (and were lifted).
    assert_eq!(app.login(&buyer.email, PASSWORD).await.status(), 200);
}
