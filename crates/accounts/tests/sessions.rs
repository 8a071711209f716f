//! Sessions under concurrency and revocation: the lockout when guesses race, refresh tokens
//! presented by several callers at once, and access tokens of ended sessions.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Duration;
use futures_util::future::join_all;
use praline_kernel::session::RECHECK_MILLIS;
use praline_testkit::{PASSWORD, Session, TestApp, body_json};
use serde_json::{Value, json};

/// Login limits high enough that only the lockout decides.
fn without_login_limits(c: &mut praline_kernel::config::Config) {
    let accounts = c.sections.entry("accounts").or_insert_with(|| toml::Value::Table(Default::default()));
    if let toml::Value::Table(t) = accounts {
        t.insert("login_per_ip_per_minute".into(), toml::Value::Integer(10_000));
        t.insert("login_per_account_per_minute".into(), toml::Value::Integer(10_000));
    }
}

async fn refresh(app: &TestApp, token: &str) -> reqwest::Response {
    app.post("/api/v1/auth/refresh").json(&json!({"refresh_token": token})).send().await.unwrap()
}

fn token(body: &Value, name: &str) -> String {
    body[name].as_str().unwrap_or_else(|| panic!("no {name} in {body}")).to_string()
}

async fn me_status(app: &TestApp, access_token: &str) -> u16 {
    app.get("/api/v1/me").bearer_auth(access_token).send().await.unwrap().status().as_u16()
}

/// A route that takes the caller from the token alone (the catalog's optional viewer), without
/// loading the account: what an ended session's token could still reach if only `/me` checked.
async fn catalog_status(app: &TestApp, user: &Session) -> u16 {
    let path = format!("/api/v1/sellers/{}/products", user.user_id);
    app.get(&path).bearer_auth(&user.token).send().await.unwrap().status().as_u16()
}

#[actix_web::test]
async fn parallel_wrong_passwords_lock_the_account_after_exactly_five_failures() {
    let app = TestApp::builder().config(without_login_limits).spawn();
    let buyer = app.buyer().await;
    let guesses = (0..10).map(|_| app.login(&buyer.email, "Wrong!2345"));
    let statuses: Vec<u16> = join_all(guesses).await.iter().map(|r| r.status().as_u16()).collect();
    // Only the four failures before the fifth were answered "wrong password"; every other
    // guess was refused by the lock, so no more than five were ever weighed while unlocked.
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 4, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 423).count(), 6, "{statuses:?}");
    assert_eq!(app.login(&buyer.email, PASSWORD).await.status(), 423);
}

#[actix_web::test]
async fn the_right_password_racing_nine_wrong_ones_leaves_the_account_locked() {
    let app = TestApp::builder().config(without_login_limits).spawn();
    let buyer = app.buyer().await;
    let mut attempts: Vec<_> = (0..9).map(|_| app.login(&buyer.email, "Wrong!2345")).collect();
    attempts.insert(4, app.login(&buyer.email, PASSWORD));
    let responses = join_all(attempts).await;
    let right = responses[4].status().as_u16();
    let wrong: Vec<u16> =
        responses.iter().enumerate().filter(|(i, _)| *i != 4).map(|(_, r)| r.status().as_u16()).collect();
    assert!(right == 200 || right == 423, "the right password got {right}");
    assert!(wrong.iter().all(|s| *s == 401 || *s == 423), "{wrong:?}");
    // A success may reset the count once, before the lock; at least five wrong guesses follow it
    // (there are nine), so whatever the order the account ends locked.
    let answered_wrong = wrong.iter().filter(|s| **s == 401).count();
    if right == 423 {
        assert_eq!(answered_wrong, 4, "no success reset the count: {wrong:?}");
    } else {
        assert!((4..=8).contains(&answered_wrong), "{wrong:?}");
    }
    assert!(wrong.contains(&423), "{wrong:?}");
    assert_eq!(app.login(&buyer.email, PASSWORD).await.status(), 423);
}

#[actix_web::test]
async fn simultaneous_refreshes_with_one_token_all_get_working_successors() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let answers = join_all((0..6).map(|_| refresh(&app, &buyer.refresh_token))).await;
    let mut sessions = Vec::new();
    for answer in answers {
        assert_eq!(answer.status(), 200);
        sessions.push(body_json(answer).await);
    }
    for session in &sessions {
        assert_eq!(me_status(&app, &token(session, "access_token")).await, 200);
    }
    // Each caller's successor keeps the session going, and so does its successor in turn.
    let mut latest = Vec::new();
    for session in &sessions {
        let next = refresh(&app, &token(session, "refresh_token")).await;
        assert_eq!(next.status(), 200, "a successor was refused");
        latest.push(body_json(next).await);
    }
    assert_eq!(me_status(&app, &token(&latest[0], "access_token")).await, 200);
}

#[actix_web::test]
async fn the_rotated_token_presented_after_the_grace_ends_the_whole_family() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let answers = join_all((0..3).map(|_| refresh(&app, &buyer.refresh_token))).await;
    let mut successors = Vec::new();
    for answer in answers {
        assert_eq!(answer.status(), 200);
        successors.push(body_json(answer).await);
    }
    app.clock.advance(Duration::seconds(11));
    assert_eq!(refresh(&app, &buyer.refresh_token).await.status(), 401);
    for successor in &successors {
        assert_eq!(me_status(&app, &token(successor, "access_token")).await, 401);
        assert_eq!(refresh(&app, &token(successor, "refresh_token")).await.status(), 401);
    }
    assert_eq!(me_status(&app, &buyer.token).await, 401);
}

#[actix_web::test]
async fn an_access_token_stops_working_at_logout() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let other = app.session(&buyer.email, &buyer.password).await;
    assert_eq!(me_status(&app, &buyer.token).await, 200);
    let out =
        app.post("/api/v1/auth/logout").json(&json!({"refresh_token": buyer.refresh_token})).send().await;
    assert_eq!(out.unwrap().status(), 204);
    assert_eq!(me_status(&app, &buyer.token).await, 401);
    // Anything else the token would reach is refused too, and other sessions go on.
    assert_eq!(catalog_status(&app, &buyer).await, 401);
    assert_eq!(me_status(&app, &other.token).await, 200);
}

#[actix_web::test]
async fn a_password_change_ends_the_other_sessions_access_tokens_at_once() {
    let app = TestApp::spawn();
    let phone = app.buyer().await;
    let laptop = app.session(&phone.email, &phone.password).await;
    assert_eq!(me_status(&app, &phone.token).await, 200);
    let change = laptop
        .put("/api/v1/me/password")
        .json(&json!({"current_password": PASSWORD, "new_password": "Brand!New99"}))
        .send()
        .await
        .unwrap();
    assert_eq!(change.status(), 204);
    assert_eq!(me_status(&app, &phone.token).await, 401);
    assert_eq!(me_status(&app, &laptop.token).await, 200);
}

#[actix_web::test]
async fn suspension_and_withdrawal_end_access_tokens_everywhere() {
    let app = TestApp::spawn();
    let admin = app.admin().await;
    let suspended = app.buyer().await;
    let withdrawn = app.buyer().await;
    assert_ne!(catalog_status(&app, &suspended).await, 401);
    assert_ne!(catalog_status(&app, &withdrawn).await, 401);

    let suspend = admin.post(&format!("/api/v1/admin/users/{}/suspend", suspended.user_id)).send().await;
    assert_eq!(suspend.unwrap().status(), 200);
    assert_eq!(me_status(&app, &suspended.token).await, 401);
    assert_eq!(catalog_status(&app, &suspended).await, 401);
    // Lifting the suspension does not bring old sessions back.
    admin.post(&format!("/api/v1/admin/users/{}/unsuspend", suspended.user_id)).send().await.unwrap();
    assert_eq!(catalog_status(&app, &suspended).await, 401);

    let withdraw = withdrawn.delete("/api/v1/me").json(&json!({"password": PASSWORD})).send().await;
    assert_eq!(withdraw.unwrap().status(), 204);
    assert_eq!(me_status(&app, &withdrawn.token).await, 401);
    assert_eq!(catalog_status(&app, &withdrawn).await, 401);
}

#[actix_web::test]
async fn a_logout_on_one_gateway_is_honoured_by_another_within_the_recheck_bound() {
    let redis_url =
        std::env::var("PRALINE_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let secrets = praline_kernel::crypto::Secrets::generate_env();
    let prefix = format!("praline-test-sessions-{}", std::process::id());
    let (url, pre) = (redis_url.clone(), prefix.clone());
    let a = TestApp::builder()
        .secrets(&secrets)
        .config(move |c| {
            c.redis.url = url;
            c.redis.prefix = pre;
        })
        .spawn();
    // Gateway B serves the same shop: the same database, secrets and Redis.
    let database = a.state.config.database.url.clone();
    let b = TestApp::builder()
        .secrets(&secrets)
        .config(move |c| {
            c.database.url = database;
            c.redis.url = redis_url;
            c.redis.prefix = prefix;
        })
        .spawn();
    b.clock.set(a.clock.now());
    let buyer = a.buyer().await;
    assert_eq!(me_status(&b, &buyer.token).await, 200, "B accepts A's session");

    let out = a.post("/api/v1/auth/logout").json(&json!({"refresh_token": buyer.refresh_token})).send().await;
    assert_eq!(out.unwrap().status(), 204);
    assert_eq!(me_status(&a, &buyer.token).await, 401, "the revoking gateway knows at once");
    b.clock.advance(Duration::milliseconds(RECHECK_MILLIS + 1));
    assert_eq!(me_status(&b, &buyer.token).await, 401, "the other gateway within the bound");
}
