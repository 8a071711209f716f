//! Accounts through the real app, on the backend named by PRALINE_TEST_BACKEND.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Duration;
use praline_testkit::{PASSWORD, Session, TestApp, body_json};
use serde_json::json;

async fn signup(app: &TestApp, email: &str, nickname: &str) -> reqwest::Response {
    app.post("/api/v1/auth/signup")
        .json(&json!({"email": email, "password": PASSWORD, "nickname": nickname}))
        .send()
        .await
        .unwrap()
}

async fn verify(app: &TestApp, email: &str, code: &str) -> reqwest::Response {
    app.post("/api/v1/auth/email/verify").json(&json!({"email": email, "code": code})).send().await.unwrap()
}

async fn refresh(app: &TestApp, refresh_token: &str) -> reqwest::Response {
    app.post("/api/v1/auth/refresh").json(&json!({"refresh_token": refresh_token})).send().await.unwrap()
}

async fn forgot_and_reset(app: &TestApp, email: &str, new_password: &str) -> reqwest::Response {
    let forgot =
        app.post("/api/v1/auth/password/forgot").json(&json!({"email": email})).send().await.unwrap();
    assert_eq!(forgot.status(), 202);
    let code = app.last_code(email);
    app.post("/api/v1/auth/password/reset")
        .json(&json!({"email": email, "code": code, "new_password": new_password}))
        .send()
        .await
        .unwrap()
}

#[actix_web::test]
async fn signup_verify_login_credits_the_welcome_bonus() {
    let app = TestApp::spawn();
    let created = signup(&app, "Buyer@Example.com", "초코러버").await;
    assert_eq!(created.status(), 201);
    let user = body_json(created).await["user"].clone();
    assert_eq!(user["email"], "buyer@example.com");
    assert_eq!(user["email_verified"], false);
    // Inactive until the code is confirmed.
    let early = app.login("buyer@example.com", PASSWORD).await;
    assert_eq!(body_json(early).await["error"]["code"], "email_unverified");

    let code = app.last_code("buyer@example.com");
    assert_eq!(verify(&app, "buyer@example.com", &code).await.status(), 200);
    let response = app.login("buyer@example.com", PASSWORD).await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("praline_refresh=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let session = Session::from_login(&app, response, PASSWORD).await;
    assert_eq!(session.login["token_type"], "Bearer");
    let me = session.get_json("/api/v1/me").await;
    assert_eq!(me["points"], 29_900);
    assert_eq!(me["user"]["nickname"], "초코러버");
    assert_eq!(me["user"]["roles"], json!(["buyer"]));
}

#[actix_web::test]
async fn mass_assignment_fields_are_rejected_at_signup() {
    let app = TestApp::spawn();
    for (field, value) in [
        ("is_admin", json!(true)),
        ("roles", json!(["admin"])),
        ("email_verified", json!(true)),
        ("points", json!(1_000_000)),
    ] {
        let mut body = json!({"email": "sneaky@example.com", "password": PASSWORD, "nickname": "sneaky"});
        body[field] = value;
        let response = app.post("/api/v1/auth/signup").json(&body).send().await.unwrap();
        assert_eq!(response.status(), 400, "{field}");
        let error = body_json(response).await;
        assert_eq!(error["error"]["code"], "invalid_input");
        assert_eq!(error["error"]["fields"][field], "unknown field");
    }
    let admin_role = app
        .post("/api/v1/auth/signup")
        .json(&json!({"email": "sneaky@example.com", "password": PASSWORD, "nickname": "sneaky", "role": "admin"}))
        .send()
        .await
        .unwrap();
    assert_eq!(admin_role.status(), 400);
    let malformed = app
        .post("/api/v1/auth/signup")
        .header("content-type", "application/json")
        .body("{\"email\":")
        .send()
        .await
        .unwrap();
    assert_eq!(body_json(malformed).await["error"]["code"], "invalid_input");
    // Nothing was created by any of these.
    let login = app.login("sneaky@example.com", PASSWORD).await;
    assert_eq!(body_json(login).await["error"]["code"], "invalid_credentials");
}

#[actix_web::test]
async fn signup_validates_fields_and_refuses_a_taken_email() {
    let app = TestApp::spawn();
    let bad = app
        .post("/api/v1/auth/signup")
        .json(&json!({"email": "not-an-email", "password": "short", "nickname": "a b"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert_eq!(signup(&app, "taken@example.com", "first").await.status(), 201);
    let again = signup(&app, "TAKEN@example.com", "second").await;
    assert_eq!(again.status(), 409);
    assert_eq!(body_json(again).await["error"]["code"], "email_taken");
}

#[actix_web::test]
async fn unknown_email_and_wrong_password_get_the_same_refusal() {
    let app = TestApp::spawn();
    let real = app.buyer().await;
    let unknown = body_json(app.login("nobody@example.com", PASSWORD).await).await;
    let wrong = body_json(app.login(&real.email, "Wrong!2345").await).await;
    assert_eq!(unknown["error"]["code"], "invalid_credentials");
    assert_eq!(wrong["error"]["code"], "invalid_credentials");
    assert_eq!(unknown["error"]["message"], wrong["error"]["message"]);
}

#[actix_web::test]
async fn five_wrong_passwords_lock_the_account_and_a_reset_unlocks_it() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let (email, password) = (buyer.email.as_str(), buyer.password.as_str());
    for _ in 0..4 {
        assert_eq!(app.login(email, "Wrong!2345").await.status(), 401);
    }
    let fifth = app.login(email, "Wrong!2345").await;
    assert_eq!(fifth.status(), 423);
    let body = body_json(fifth).await;
    assert_eq!(body["error"]["code"], "account_locked");
    assert_eq!(body["error"]["retry_after"], 900);
    assert!(body["error"]["message"].as_str().unwrap().contains("15"));
    // Even the right password is refused while locked.
    assert_eq!(app.login(email, password).await.status(), 423);
    // The lock ends by itself after 15 minutes...
    app.clock.advance(Duration::minutes(16));
    assert_eq!(app.login(email, password).await.status(), 200);
    // ...or at once with a password reset.
    for _ in 0..5 {
        app.login(email, "Wrong!2345").await;
    }
    assert_eq!(app.login(email, password).await.status(), 423);
    app.clock.advance(Duration::minutes(2));
    assert_eq!(forgot_and_reset(&app, email, "NewChoco!99").await.status(), 200);
    assert_eq!(app.login(email, "NewChoco!99").await.status(), 200);
}

#[actix_web::test]
async fn refresh_rotates_and_reusing_an_old_token_revokes_the_family() {
    let app = TestApp::spawn();
    let session = app.buyer().await;
    let first = session.refresh_token.clone();
    let rotated = refresh(&app, &first).await;
    assert_eq!(rotated.status(), 200);
    let second = body_json(rotated).await["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(first, second);
    // The first token was already used, and not moments ago: someone copied it. The family ends.
    app.clock.advance(chrono::Duration::seconds(11));
    let reuse = refresh(&app, &first).await;
    assert_eq!(reuse.status(), 401);
    assert_eq!(body_json(reuse).await["error"]["code"], "refresh_invalid");
    assert_eq!(refresh(&app, &second).await.status(), 401);
    // The cookie works too, and logout ends the session.
    let fresh = app.session(&session.email, &session.password).await;
    let cookie = format!("praline_refresh={}", fresh.refresh_token);
    let by_cookie = app.post("/api/v1/auth/refresh").header("cookie", &cookie).send().await.unwrap();
    assert_eq!(by_cookie.status(), 200);
    let latest = body_json(by_cookie).await["refresh_token"].as_str().unwrap().to_string();
    let out = app.post("/api/v1/auth/logout").json(&json!({"refresh_token": latest})).send().await.unwrap();
    assert_eq!(out.status(), 204);
    assert_eq!(refresh(&app, &latest).await.status(), 401);
}

#[actix_web::test]
async fn a_browser_retrying_a_just_rotated_token_keeps_its_session_but_a_thief_does_not() {
    let app = TestApp::spawn();
    let session = app.buyer().await;
    let first = session.refresh_token.clone();
    let second = body_json(refresh(&app, &first).await).await["refresh_token"].as_str().unwrap().to_string();
    // The page navigated away before storing `second`, so the next page sends `first` again.
    app.clock.advance(chrono::Duration::seconds(3));
    let retried = refresh(&app, &first).await;
    assert_eq!(retried.status(), 200);
    let third = body_json(retried).await["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(third, second);
    let fresh = session_alive_with(&app, &third).await;
    // Once a newer token has been used, replaying an old one is theft, grace or not.
    assert_eq!(refresh(&app, &first).await.status(), 401);
    assert_eq!(refresh(&app, &fresh).await.status(), 401, "the session was ended");
}

async fn session_alive_with(app: &TestApp, token: &str) -> String {
    let response = refresh(app, token).await;
    assert_eq!(response.status(), 200);
    body_json(response).await["refresh_token"].as_str().unwrap().to_string()
}

#[actix_web::test]
async fn login_sets_a_readable_session_marker_that_logout_clears() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let response = app.login(&buyer.email, &buyer.password).await;
    let cookies: Vec<String> =
        response.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let refresh = cookies.iter().find(|c| c.starts_with("praline_refresh=")).unwrap();
    let marker = cookies.iter().find(|c| c.starts_with("praline_session=")).unwrap();
    assert!(refresh.contains("HttpOnly"));
    assert!(marker.starts_with("praline_session=1;"), "the marker carries no secret: {marker}");
    assert!(!marker.contains("HttpOnly"), "pages read the marker");
    assert!(marker.contains("SameSite=Strict"));
    let token = body_json(response).await["refresh_token"].as_str().unwrap().to_string();
    let out = app.post("/api/v1/auth/logout").json(&json!({"refresh_token": token})).send().await.unwrap();
    let cleared: Vec<String> =
        out.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    assert!(
        cleared.iter().any(|c| c.starts_with("praline_session=;") && c.contains("Max-Age=0")),
        "{cleared:?}"
    );
}

#[actix_web::test]
async fn codes_expire_after_five_minutes_and_lock_after_five_wrong_tries() {
    let app = TestApp::spawn();
    let resend = || app.post("/api/v1/auth/email/resend").json(&json!({"email": "codes@example.com"})).send();
    assert_eq!(signup(&app, "codes@example.com", "codes1").await.status(), 201);
    let code = app.last_code("codes@example.com");
    app.clock.advance(Duration::minutes(6));
    let late = verify(&app, "codes@example.com", &code).await;
    assert_eq!(body_json(late).await["error"]["code"], "code_expired");

    assert_eq!(resend().await.unwrap().status(), 202);
    // A second resend within a minute is refused.
    assert_eq!(resend().await.unwrap().status(), 429);
    let fresh = app.last_code("codes@example.com");
    for attempt in 1..=5 {
        let wrong = verify(&app, "codes@example.com", "WRONGCODE1").await;
        let expected = if attempt < 5 { 400 } else { 429 };
        assert_eq!(wrong.status(), expected, "attempt {attempt}");
    }
    assert_eq!(verify(&app, "codes@example.com", &fresh).await.status(), 429);
    // Resend for unknown addresses answers the same 202: no probing.
    let unknown = app
        .post("/api/v1/auth/email/resend")
        .json(&json!({"email": "ghost@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 202);
}

#[actix_web::test]
async fn twenty_simultaneous_verifications_credit_the_bonus_once() {
    let app = TestApp::spawn();
    assert_eq!(signup(&app, "race@example.com", "race1").await.status(), 201);
    let code = app.last_code("race@example.com");
    let attempts = (0..20).map(|_| verify(&app, "race@example.com", &code));
    let responses = futures_util::future::join_all(attempts).await;
    let ok = responses.iter().filter(|r| r.status() == 200).count();
    assert_eq!(ok, 1);
    let session = app.session("race@example.com", PASSWORD).await;
    assert_eq!(session.get_json("/api/v1/me").await["points"], 29_900);
}

#[actix_web::test]
async fn a_suspended_user_is_refused_at_once_and_cannot_refresh() {
    let app = TestApp::spawn();
    let buyer = app.user().email("bad@example.com").buyer().await;
    let admin = app.admin().await;
    let id = buyer.user_id;
    assert_eq!(admin.get_json("/api/v1/admin/users?q=BAD@").await["total"], 1);
    let suspended = admin
        .post(&format!("/api/v1/admin/users/{id}/suspend"))
        .json(&json!({"reason": "spam"}))
        .send()
        .await
        .unwrap();
    assert_eq!(suspended.status(), 200);
    assert_eq!(buyer.get("/api/v1/me").send().await.unwrap().status(), 401);
    assert_eq!(refresh(&app, &buyer.refresh_token).await.status(), 401);
    let relogin = body_json(app.login(&buyer.email, PASSWORD).await).await;
    assert_eq!(relogin["error"]["code"], "account_suspended");
    admin.post(&format!("/api/v1/admin/users/{id}/unsuspend")).send().await.unwrap();
    assert_eq!(app.login(&buyer.email, PASSWORD).await.status(), 200);
}

#[actix_web::test]
async fn changing_the_password_ends_other_sessions() {
    let app = TestApp::spawn();
    let phone = app.buyer().await;
    let laptop = app.session(&phone.email, &phone.password).await;
    let change = |current: &str| {
        laptop
            .put("/api/v1/me/password")
            .json(&json!({"current_password": current, "new_password": "Brand!New99"}))
            .send()
    };
    let wrong = change("Nope!12345").await.unwrap();
    assert_eq!(body_json(wrong).await["error"]["code"], "wrong_password");
    assert_eq!(change(PASSWORD).await.unwrap().status(), 204);
    assert_eq!(refresh(&app, &phone.refresh_token).await.status(), 401);
    assert_eq!(refresh(&app, &laptop.refresh_token).await.status(), 200);
}

#[actix_web::test]
async fn profile_edits_are_validated_and_the_public_profile_hides_the_email() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let long = "가".repeat(51);
    let bad = buyer.patch("/api/v1/me").json(&json!({"introduction": long})).send().await.unwrap();
    assert_eq!(bad.status(), 400);
    let ok = buyer
        .patch("/api/v1/me")
        .json(&json!({"nickname": "새이름", "introduction": "초콜릿 좋아해요"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let public = body_json(app.get(&format!("/api/v1/users/{}", buyer.user_id)).send().await.unwrap()).await;
    assert_eq!(public["nickname"], "새이름");
    assert!(public.get("email").is_none());
    let anonymous = app.get("/api/v1/me").send().await.unwrap();
    assert_eq!(body_json(anonymous).await["error"]["code"], "unauthenticated");
}

#[actix_web::test]
async fn withdrawal_makes_the_account_dormant_and_a_reset_reactivates_it() {
    let app = TestApp::spawn();
    let session = app.buyer().await;
    let withdraw = |password: &str| session.delete("/api/v1/me").json(&json!({"password": password})).send();
    let wrong = withdraw("Nope!12345").await.unwrap();
    assert_eq!(wrong.status(), 403);
    assert_eq!(body_json(wrong).await["error"]["code"], "wrong_password");
    assert_eq!(withdraw(PASSWORD).await.unwrap().status(), 204);
    assert_eq!(session.get("/api/v1/me").send().await.unwrap().status(), 401);
    assert_eq!(refresh(&app, &session.refresh_token).await.status(), 401);
    let dormant = body_json(app.login(&session.email, PASSWORD).await).await;
    assert_eq!(dormant["error"]["code"], "account_dormant");

    assert_eq!(forgot_and_reset(&app, &session.email, "Welcome!Back1").await.status(), 200);
    assert_eq!(app.login(&session.email, "Welcome!Back1").await.status(), 200);
}

#[actix_web::test]
async fn control_characters_and_long_text_in_admin_filters_are_a_400() {
    let app = TestApp::spawn();
    let admin = app.admin().await;
    let long = "a".repeat(101);
    for (path, field) in [
        ("/api/v1/admin/users?q=a%00b".to_string(), "q"),
        ("/api/v1/admin/users?q=%00%00%00".to_string(), "q"),
        ("/api/v1/admin/users?q=%1f".to_string(), "q"),
        (format!("/api/v1/admin/users?q={long}"), "q"),
        ("/api/v1/admin/seller-applications?status=pending%00".to_string(), "status"),
    ] {
        let response = admin.get(&path).send().await.unwrap();
        assert_eq!(response.status(), 400, "{path}");
        let error = body_json(response).await;
        assert_eq!(error["error"]["code"], "invalid_input", "{path}");
        assert!(error["error"]["fields"][field].is_string(), "{path}: {error}");
    }
    assert_eq!(admin.get("/api/v1/admin/users?q=admin").send().await.unwrap().status(), 200);
    assert_eq!(admin.get("/api/v1/admin/users?unknown=1").send().await.unwrap().status(), 400);
}
