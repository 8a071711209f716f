//! Contact data through the real app: e-mail change, phone by SMS, customs code, addresses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use praline_kernel::db;
use praline_testkit::fakes::FakeSens;
use praline_testkit::{TestApp, body_json};
use serde_json::{Value, json};

const PASSWORD: &str = "Choco!2345";

fn last_email_code(app: &TestApp, to: &str) -> String {
    let mail =
        app.outbox().into_iter().rev().find(|m| m.kind == "email" && m.to.contains(to)).expect("an e-mail");
    mail.body
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 10 && l.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
        .unwrap()
        .to_string()
}

fn sms_code(text: &str) -> String {
    let start = text.find('[').unwrap();
    let rest = &text[start + 1..];
    let start = rest.find('[').map(|i| i + 1).unwrap_or(0);
    rest[start..].chars().take_while(char::is_ascii_digit).collect()
}

async fn buyer(app: &TestApp, email: &str, nickname: &str) -> String {
    let signup = json!({"email": email, "password": PASSWORD, "nickname": nickname});
    assert_eq!(app.post("/api/v1/auth/signup").json(&signup).send().await.unwrap().status(), 201);
    let code = last_email_code(app, email);
    app.post("/api/v1/auth/email/verify").json(&json!({"email": email, "code": code})).send().await.unwrap();
    let session = body_json(
        app.post("/api/v1/auth/login")
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    session["access_token"].as_str().unwrap().to_string()
}

/// Verifies a phone through the development outbox.
async fn verify_phone(app: &TestApp, token: &str, phone: &str) {
    assert_eq!(
        app.put("/api/v1/me/phone")
            .bearer_auth(token)
            .json(&json!({"phone": phone}))
            .send()
            .await
            .unwrap()
            .status(),
        202
    );
    let sms = app.outbox().into_iter().rev().find(|m| m.kind == "sms").unwrap();
    let code = sms_code(&sms.body);
    let ok = app
        .post("/api/v1/me/phone/verify")
        .bearer_auth(token)
        .json(&json!({"code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

fn address(recipient: &str, default: bool) -> Value {
    json!({"postal_code": "06236", "address": "서울특별시 강남구 테헤란로 123", "detail_address": "4층",
        "recipient": recipient, "phone": "010-9876-5432", "is_default": default})
}

#[actix_web::test]
async fn a_phone_is_verified_by_a_signed_sens_sms() {
    let sens = FakeSens::start();
    let (base, service, access, secret) =
        (sens.base_url.clone(), sens.service_id.clone(), sens.access_key.clone(), sens.secret_key.clone());
    let app = TestApp::builder()
        .config(move |c| {
            c.sms.sens_base_url = base;
            c.sms.sens_service_id = service;
            c.sms.sens_access_key = access;
            c.sms.sens_secret_key = secret;
            c.sms.sender = "0212345678".into();
        })
        .spawn();
    let token = buyer(&app, "phone@example.com", "phone1").await;
    let bad = app
        .put("/api/v1/me/phone")
        .bearer_auth(&token)
        .json(&json!({"phone": "12345"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let sent = app
        .put("/api/v1/me/phone")
        .bearer_auth(&token)
        .json(&json!({"phone": "010-1234-5678"}))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 202);
    let messages = sens.sent();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].to, "01012345678");
    assert_eq!(messages[0].from, "0212345678");
    let code = sms_code(&messages[0].content);
    assert_eq!(code.len(), 4);
    let wrong = if code == "0000" { "1111" } else { "0000" };
    let refused = app
        .post("/api/v1/me/phone/verify")
        .bearer_auth(&token)
        .json(&json!({"code": wrong}))
        .send()
        .await
        .unwrap();
    assert_eq!(body_json(refused).await["error"]["code"], "code_invalid");
    let verified = app
        .post("/api/v1/me/phone/verify")
        .bearer_auth(&token)
        .json(&json!({"code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(body_json(verified).await["user"]["phone_verified"], true);
}

#[actix_web::test]
async fn a_sens_refusal_is_a_provider_error() {
    let sens = FakeSens::start();
    let (base, service, access) = (sens.base_url.clone(), sens.service_id.clone(), sens.access_key.clone());
    let app = TestApp::builder()
        .config(move |c| {
            c.sms.sens_base_url = base;
            c.sms.sens_service_id = service;
            c.sms.sens_access_key = access;
            c.sms.sens_secret_key = "not-the-secret".into();
            c.sms.sender = "0212345678".into();
        })
        .spawn();
    let token = buyer(&app, "sensfail@example.com", "sensfail").await;
    let response = app
        .put("/api/v1/me/phone")
        .bearer_auth(&token)
        .json(&json!({"phone": "01012345678"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 502);
    assert_eq!(body_json(response).await["error"]["code"], "provider_error");
    assert!(sens.sent().is_empty());
}

#[actix_web::test]
async fn addresses_need_a_verified_phone_stop_at_five_and_keep_one_default() {
    let app = TestApp::spawn();
    let token = buyer(&app, "addr@example.com", "addr1").await;
    let early = app
        .post("/api/v1/me/addresses")
        .bearer_auth(&token)
        .json(&address("홍길동", false))
        .send()
        .await
        .unwrap();
    assert_eq!(body_json(early).await["error"]["code"], "phone_unverified");
    verify_phone(&app, &token, "01011112222").await;

    let bad = app
        .post("/api/v1/me/addresses")
        .bearer_auth(&token)
        .json(&json!({"postal_code": "1234", "address": "x", "recipient": "y", "phone": "01012345678"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let mut ids = Vec::new();
    for i in 0..5 {
        let created = app
            .post("/api/v1/me/addresses")
            .bearer_auth(&token)
            .json(&address(&format!("받는이{i}"), false))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201);
        let body = body_json(created).await;
        assert_eq!(body["phone"], "01098765432");
        // The first address becomes the default by itself.
        assert_eq!(body["is_default"], i == 0);
        ids.push(body["id"].as_i64().unwrap());
    }
    let sixth = app
        .post("/api/v1/me/addresses")
        .bearer_auth(&token)
        .json(&address("여섯", false))
        .send()
        .await
        .unwrap();
    assert_eq!(sixth.status(), 409);
    assert_eq!(body_json(sixth).await["error"]["code"], "address_limit");
    // Editing is never blocked by the limit, and moving the default leaves exactly one.
    let edited = app
        .put(&format!("/api/v1/me/addresses/{}", ids[3]))
        .bearer_auth(&token)
        .json(&address("새이름", true))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), 200);
    let list = body_json(app.get("/api/v1/me/addresses").bearer_auth(&token).send().await.unwrap()).await;
    let defaults: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["is_default"] == true)
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(defaults, vec![ids[3]]);
    // Deleting the default hands the role to another address.
    assert_eq!(
        app.delete(&format!("/api/v1/me/addresses/{}", ids[3]))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    let list = body_json(app.get("/api/v1/me/addresses").bearer_auth(&token).send().await.unwrap()).await;
    assert_eq!(list.as_array().unwrap().len(), 4);
    assert_eq!(list.as_array().unwrap().iter().filter(|a| a["is_default"] == true).count(), 1);

    // Another user's addresses are not found, not forbidden.
    let other = buyer(&app, "other@example.com", "other1").await;
    let theirs = app
        .put(&format!("/api/v1/me/addresses/{}", ids[0]))
        .bearer_auth(&other)
        .json(&address("x", false))
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 404);
    assert_eq!(
        app.delete(&format!("/api/v1/me/addresses/{}", ids[0]))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let their_list =
        body_json(app.get("/api/v1/me/addresses").bearer_auth(&other).send().await.unwrap()).await;
    assert_eq!(their_list, json!([]));
}

#[actix_web::test]
async fn the_email_changes_only_after_the_new_address_confirms() {
    let app = TestApp::spawn();
    let token = buyer(&app, "old@example.com", "mover").await;
    buyer(&app, "taken@example.com", "taker").await;
    let taken = app
        .post("/api/v1/me/email")
        .bearer_auth(&token)
        .json(&json!({"new_email": "TAKEN@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(body_json(taken).await["error"]["code"], "email_taken");
    let asked = app
        .post("/api/v1/me/email")
        .bearer_auth(&token)
        .json(&json!({"new_email": "new@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 202);
    let code = last_email_code(&app, "new@example.com");
    let confirmed = app
        .post("/api/v1/me/email/confirm")
        .bearer_auth(&token)
        .json(&json!({"code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(body_json(confirmed).await["user"]["email"], "new@example.com");
    let login = app
        .post("/api/v1/auth/login")
        .json(&json!({"email": "new@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let old = app
        .post("/api/v1/auth/login")
        .json(&json!({"email": "old@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 401);
}

#[actix_web::test]
async fn personal_data_is_sealed_in_the_database_and_the_customs_code_is_masked() {
    let app = TestApp::spawn();
    let token = buyer(&app, "private@example.com", "private1").await;
    let bad = app
        .put("/api/v1/me/customs-code")
        .bearer_auth(&token)
        .json(&json!({"customs_code": "X123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let saved = app
        .put("/api/v1/me/customs-code")
        .bearer_auth(&token)
        .json(&json!({"customs_code": "p987654321098"}))
        .send()
        .await
        .unwrap();
    assert_eq!(body_json(saved).await["customs_code"], "*********1098");
    let me = body_json(app.get("/api/v1/me").bearer_auth(&token).send().await.unwrap()).await;
    assert_eq!(me["customs_code"], "*********1098");
    verify_phone(&app, &token, "01055556666").await;
    let addr = json!({"postal_code": "48058", "address": "부산광역시 해운대구 비밀로 77", "detail_address": "비밀동 101호",
        "recipient": "비밀수령인", "phone": "01077778888"});
    assert_eq!(
        app.post("/api/v1/me/addresses").bearer_auth(&token).json(&addr).send().await.unwrap().status(),
        201
    );

    let dump = db::run(&app.state.pool, |conn| {
        use diesel::prelude::*;
        use praline_accounts::schema::{
            accounts_addresses as a, accounts_email_codes as c, accounts_users as u,
        };
        let users: Vec<(Option<String>, Option<String>)> =
            u::table.select((u::phone_sealed, u::customs_code_sealed)).load(conn)?;
        let addresses: Vec<(String, String, String, String, String)> = a::table
            .select((
                a::postal_code_sealed,
                a::address_sealed,
                a::detail_address_sealed,
                a::recipient_sealed,
                a::phone_sealed,
            ))
            .load(conn)?;
        let codes: Vec<String> = c::table.select(c::target).load(conn)?;
        Ok::<_, praline_kernel::db::DbError>(format!("{users:?}{addresses:?}{codes:?}"))
    })
    .await
    .unwrap();
    for plain in ["01055556666", "P987654321098", "48058", "비밀로", "비밀동", "비밀수령인", "01077778888"]
    {
        assert!(!dump.contains(plain), "{plain} is stored in plain text");
    }
}

fn image_form(bytes: Vec<u8>, file_name: &str) -> reqwest::multipart::Form {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(file_name.to_string())
        .mime_str("image/png")
        .unwrap();
    reqwest::multipart::Form::new().part("image", part)
}

#[actix_web::test]
async fn an_avatar_upload_is_checked_by_its_bytes_and_replaces_the_old_file() {
    use praline_testkit::fakes::TINY_PNG;
    let app = TestApp::spawn();
    let token = buyer(&app, "avatar@example.com", "avatar1").await;
    let first = app
        .put("/api/v1/me/avatar")
        .bearer_auth(&token)
        .multipart(image_form(TINY_PNG.to_vec(), "me.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    let first_url = body_json(first).await["user"]["avatar_url"].as_str().unwrap().to_string();
    let served = app.get(&first_url).send().await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");

    let text = app
        .put("/api/v1/me/avatar")
        .bearer_auth(&token)
        .multipart(image_form(b"hello, not an image".to_vec(), "evil.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(text.status(), 415);
    assert_eq!(body_json(text).await["error"]["code"], "unsupported_media_type");
    let mut huge = TINY_PNG.to_vec();
    huge.resize(6 * 1024 * 1024, 0);
    let too_big = app
        .put("/api/v1/me/avatar")
        .bearer_auth(&token)
        .multipart(image_form(huge, "big.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(too_big.status(), 413);
    assert_eq!(body_json(too_big).await["error"]["code"], "payload_too_large");

    let second = app
        .put("/api/v1/me/avatar")
        .bearer_auth(&token)
        .multipart(image_form(TINY_PNG.to_vec(), "again.png"))
        .send()
        .await
        .unwrap();
    let second_url = body_json(second).await["user"]["avatar_url"].as_str().unwrap().to_string();
    assert_ne!(first_url, second_url);
    assert_eq!(app.get(&first_url).send().await.unwrap().status(), 404, "the replaced file is deleted");
    assert_eq!(app.get(&second_url).send().await.unwrap().status(), 200);
    let anonymous =
        app.put("/api/v1/me/avatar").multipart(image_form(TINY_PNG.to_vec(), "x.png")).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[actix_web::test]
async fn codes_go_out_over_smtp_when_a_server_is_configured() {
    use praline_testkit::fakes::SmtpSink;
    let sink = SmtpSink::start();
    let url = sink.url();
    let app = TestApp::builder()
        .config(move |c| {
            c.mail.smtp_url = url;
            c.mail.from = "Praline <no-reply@shop.test>".into();
        })
        .spawn();
    let signup = json!({"email": "smtp@example.com", "password": PASSWORD, "nickname": "smtp1"});
    assert_eq!(app.post("/api/v1/auth/signup").json(&signup).send().await.unwrap().status(), 201);
    let mails = sink.received();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, vec!["smtp@example.com".to_string()]);
    assert_eq!(mails[0].from, "no-reply@shop.test");
    assert!(mails[0].data.contains("Subject: "));
    // Nothing went to the development outbox.
    assert!(app.outbox().is_empty());
}
