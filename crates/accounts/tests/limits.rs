//! Rate limits on login, code sends and code checks; shared across gateways through Redis.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use praline_testkit::{TestApp, body_json};
use serde_json::json;

fn with_limits(pairs: &'static [(&'static str, i64)]) -> impl FnOnce(&mut praline_kernel::config::Config) {
    move |c| {
        let accounts = c.sections.entry("accounts").or_insert_with(|| toml::Value::Table(Default::default()));
        if let toml::Value::Table(t) = accounts {
            for (k, v) in pairs {
                t.insert(k.to_string(), toml::Value::Integer(*v));
            }
        }
    }
}

#[actix_web::test]
async fn logins_are_limited_per_address_and_the_window_ends() {
    let app = TestApp::builder().config(with_limits(&[("login_per_ip_per_minute", 3)])).spawn();
    for i in 0..3 {
        assert_eq!(app.login(&format!("u{i}@example.com"), "Wrong!2345").await.status(), 401);
    }
    let limited = app.login("u9@example.com", "Wrong!2345").await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
    assert_eq!(body_json(limited).await["error"]["code"], "rate_limited");
    app.clock.advance(chrono::Duration::seconds(61));
    assert_eq!(app.login("u9@example.com", "Wrong!2345").await.status(), 401);
}

#[actix_web::test]
async fn code_sends_are_limited_per_address() {
    let app = TestApp::builder().config(with_limits(&[("code_sends_per_ip_per_hour", 2)])).spawn();
    for i in 0..2 {
        let response = app
            .post("/api/v1/auth/signup")
            .json(&json!({"email": format!("s{i}@example.com"), "password": "Choco!2345", "nickname": format!("s{i}nick")}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
    }
    let third = app
        .post("/api/v1/auth/password/forgot")
        .json(&json!({"email": "s0@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(third.status(), 429);
}

#[actix_web::test]
async fn login_limits_are_shared_across_gateways_through_redis() {
    let redis_url =
        std::env::var("PRALINE_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let prefix = format!("praline-test-{}", hex_suffix());
    // Gateways of one shop share their secrets (the limit keys are keyed hashes).
    let secrets = praline_kernel::crypto::Secrets::generate_env();
    let gateway = |url: String, prefix: String| {
        TestApp::builder()
            .secrets(&secrets)
            .config(with_limits(&[("login_per_account_per_minute", 2)]))
            .config(move |c| {
                c.redis.url = url;
                c.redis.prefix = prefix;
            })
            .spawn()
    };
    let a = gateway(redis_url.clone(), prefix.clone());
    let b = gateway(redis_url, prefix);
    // Both gateways count against the same account.
    b.clock.set(a.clock.now());
    assert_eq!(a.login("shared@example.com", "Wrong!2345").await.status(), 401);
    assert_eq!(b.login("shared@example.com", "Wrong!2345").await.status(), 401);
    assert_eq!(a.login("shared@example.com", "Wrong!2345").await.status(), 429);
    assert_eq!(b.login("shared@example.com", "Wrong!2345").await.status(), 429);
    // Another account is not affected.
    assert_eq!(b.login("other@example.com", "Wrong!2345").await.status(), 401);
}

fn hex_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    format!("{}-{}", std::process::id(), SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos())
}
