//! Contact data through the real app: e-mail change, phone by SMS, customs code, addresses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use praline_kernel::db;
use praline_testkit::fakes::{FakeSens, TINY_PNG};
use praline_testkit::{PASSWORD, Session, TestApp, body_json, code_in, image_form};
use serde_json::{Value, json};

/// Verifies a phone through the development outbox.
async fn verify_phone(app: &TestApp, user: &Session, phone: &str) {
    let asked = user.put("/api/v1/me/phone").json(&json!({"phone": phone})).send().await.unwrap();
    assert_eq!(asked.status(), 202);
    let code = app.last_code(phone);
    let ok = user.post("/api/v1/me/phone/verify").json(&json!({"code": code})).send().await.unwrap();
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
    let buyer = app.buyer().await;
    let ask = |phone: &str| buyer.put("/api/v1/me/phone").json(&json!({"phone": phone})).send();
    let check = |code: &str| buyer.post("/api/v1/me/phone/verify").json(&json!({"code": code})).send();
    assert_eq!(ask("12345").await.unwrap().status(), 400);
    assert_eq!(ask("010-1234-5678").await.unwrap().status(), 202);
    let messages = sens.sent();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].to, "01012345678");
    assert_eq!(messages[0].from, "0212345678");
    let code = code_in(&messages[0].content).expect("a code in the text");
    assert_eq!(code.len(), 4);
    let wrong = if code == "0000" { "1111" } else { "0000" };
    let refused = check(wrong).await.unwrap();
    assert_eq!(body_json(refused).await["error"]["code"], "code_invalid");
    let verified = check(&code).await.unwrap();
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
    let buyer = app.buyer().await;
    let response = buyer.put("/api/v1/me/phone").json(&json!({"phone": "01012345678"})).send().await.unwrap();
    assert_eq!(response.status(), 502);
    assert_eq!(body_json(response).await["error"]["code"], "provider_error");
    assert!(sens.sent().is_empty());
}

#[actix_web::test]
async fn addresses_need_a_verified_phone_stop_at_five_and_keep_one_default() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let add = |body: Value| buyer.post("/api/v1/me/addresses").json(&body).send();
    let early = add(address("홍길동", false)).await.unwrap();
    assert_eq!(body_json(early).await["error"]["code"], "phone_unverified");
    verify_phone(&app, &buyer, "01011112222").await;

    let bad = add(json!({"postal_code": "1234", "address": "x", "recipient": "y", "phone": "01012345678"}));
    assert_eq!(bad.await.unwrap().status(), 400);
    let mut ids = Vec::new();
    for i in 0..5 {
        let created = add(address(&format!("받는이{i}"), false)).await.unwrap();
        assert_eq!(created.status(), 201);
        let body = body_json(created).await;
        assert_eq!(body["phone"], "01098765432");
        // The first address becomes the default by itself.
        assert_eq!(body["is_default"], i == 0);
        ids.push(body["id"].as_i64().unwrap());
    }
    let sixth = add(address("여섯", false)).await.unwrap();
    assert_eq!(sixth.status(), 409);
    assert_eq!(body_json(sixth).await["error"]["code"], "address_limit");
    // Editing is never blocked by the limit, and moving the default leaves exactly one.
    let edited = buyer
        .put(&format!("/api/v1/me/addresses/{}", ids[3]))
        .json(&address("새이름", true))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), 200);
    let list = buyer.get_json("/api/v1/me/addresses").await;
    let defaults: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["is_default"] == true)
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(defaults, vec![ids[3]]);
    // Deleting the default hands the role to another address.
    let deleted = buyer.delete(&format!("/api/v1/me/addresses/{}", ids[3])).send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    let list = buyer.get_json("/api/v1/me/addresses").await;
    assert_eq!(list.as_array().unwrap().len(), 4);
    assert_eq!(list.as_array().unwrap().iter().filter(|a| a["is_default"] == true).count(), 1);

    // Another user's addresses are not found, not forbidden.
    let other = app.buyer().await;
    let theirs = other.put(&format!("/api/v1/me/addresses/{}", ids[0])).json(&address("x", false)).send();
    assert_eq!(theirs.await.unwrap().status(), 404);
    let removed = other.delete(&format!("/api/v1/me/addresses/{}", ids[0])).send().await.unwrap();
    assert_eq!(removed.status(), 404);
    assert_eq!(other.get_json("/api/v1/me/addresses").await, json!([]));
}

#[actix_web::test]
async fn the_email_changes_only_after_the_new_address_confirms() {
    let app = TestApp::spawn();
    let mover = app.buyer().await;
    let taker = app.buyer().await;
    let ask = |new_email: &str| mover.post("/api/v1/me/email").json(&json!({"new_email": new_email})).send();
    let taken = ask(&taker.email.to_uppercase()).await.unwrap();
    assert_eq!(body_json(taken).await["error"]["code"], "email_taken");
    assert_eq!(ask("new@example.com").await.unwrap().status(), 202);
    let code = app.last_code("new@example.com");
    let confirmed = mover.post("/api/v1/me/email/confirm").json(&json!({"code": code})).send().await.unwrap();
    assert_eq!(body_json(confirmed).await["user"]["email"], "new@example.com");
    assert_eq!(app.login("new@example.com", PASSWORD).await.status(), 200);
    assert_eq!(app.login(&mover.email, PASSWORD).await.status(), 401);
}

#[actix_web::test]
async fn personal_data_is_sealed_in_the_database_and_the_customs_code_is_masked() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let save = |code: &str| buyer.put("/api/v1/me/customs-code").json(&json!({"customs_code": code})).send();
    assert_eq!(save("X123").await.unwrap().status(), 400);
    let saved = save("p987654321098").await.unwrap();
    assert_eq!(body_json(saved).await["customs_code"], "*********1098");
    assert_eq!(buyer.get_json("/api/v1/me").await["customs_code"], "*********1098");
    verify_phone(&app, &buyer, "01055556666").await;
    let addr = json!({"postal_code": "48058", "address": "부산광역시 해운대구 비밀로 77", "detail_address": "비밀동 101호",
        "recipient": "비밀수령인", "phone": "01077778888"});
    assert_eq!(buyer.post("/api/v1/me/addresses").json(&addr).send().await.unwrap().status(), 201);

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

#[actix_web::test]
async fn an_avatar_upload_is_checked_by_its_bytes_and_replaces_the_old_file() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let upload =
        |bytes: Vec<u8>, name: &str| buyer.put("/api/v1/me/avatar").multipart(image_form(bytes, name)).send();
    let first = upload(TINY_PNG.to_vec(), "me.png").await.unwrap();
    assert_eq!(first.status(), 200);
    let first_url = body_json(first).await["user"]["avatar_url"].as_str().unwrap().to_string();
    let served = app.get(&first_url).send().await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");

    let text = upload(b"hello, not an image".to_vec(), "evil.png").await.unwrap();
    assert_eq!(text.status(), 415);
    assert_eq!(body_json(text).await["error"]["code"], "unsupported_media_type");
    let mut huge = TINY_PNG.to_vec();
    huge.resize(6 * 1024 * 1024, 0);
    let too_big = upload(huge, "big.png").await.unwrap();
    assert_eq!(too_big.status(), 413);
    assert_eq!(body_json(too_big).await["error"]["code"], "payload_too_large");

    let second = upload(TINY_PNG.to_vec(), "again.png").await.unwrap();
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
