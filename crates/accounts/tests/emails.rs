//! The words every e-mail and text message says, pinned by a snapshot (codes as `[CODE]`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Duration;
use praline_testkit::{PASSWORD, TestApp, code_in};
use serde_json::{Value, json};

/// The last message sent, as the snapshot shows it.
fn last_sent(app: &TestApp, what: &str) -> Value {
    let message = app.outbox().pop().expect("a message was sent");
    let mut body = message.body.replace("\r\n", "\n");
    if let Some(code) = code_in(&body) {
        body = body.replacen(&code, "[CODE]", 1);
    }
    json!({"what": what, "kind": message.kind, "to": message.to, "subject": message.subject, "body": body})
}

#[actix_web::test]
async fn every_message_the_app_sends_reads_as_written() {
    let app = TestApp::spawn();
    let mut sent = Vec::new();

    let signup = json!({"email": "newbie@example.com", "password": PASSWORD, "nickname": "새내기"});
    assert_eq!(app.post("/api/v1/auth/signup").json(&signup).send().await.unwrap().status(), 201);
    sent.push(last_sent(&app, "signup verification code"));
    app.clock.advance(Duration::minutes(2));
    let resend = app.post("/api/v1/auth/email/resend").json(&json!({"email": "newbie@example.com"})).send();
    assert_eq!(resend.await.unwrap().status(), 202);
    sent.push(last_sent(&app, "verification code sent again"));

    let buyer = app.user().email("buyer@example.com").nickname("초코러버").buyer().await;
    let forgot = app.post("/api/v1/auth/password/forgot").json(&json!({"email": "buyer@example.com"})).send();
    assert_eq!(forgot.await.unwrap().status(), 202);
    sent.push(last_sent(&app, "password reset code"));
    let change = buyer.post("/api/v1/me/email").json(&json!({"new_email": "moved@example.com"})).send();
    assert_eq!(change.await.unwrap().status(), 202);
    sent.push(last_sent(&app, "e-mail change code"));
    let phone = buyer.put("/api/v1/me/phone").json(&json!({"phone": "010-1234-5678"})).send();
    assert_eq!(phone.await.unwrap().status(), 202);
    sent.push(last_sent(&app, "phone code by SMS"));

    app.user().email("seller@example.com").nickname("쇼콜라티에").company("초코공방").seller().await;
    sent.push(last_sent(&app, "seller approved"));
    let applicant = app
        .user()
        .email("applicant@example.com")
        .nickname("지원자")
        .company("카카오랩")
        .pending_seller()
        .await;
    let admin = app.admin().await;
    let rejected = admin
        .post(&format!("/api/v1/admin/seller-applications/{}/reject", applicant.user_id))
        .json(&json!({"reason": "사업자 번호를 확인할 수 없습니다"}))
        .send();
    assert_eq!(rejected.await.unwrap().status(), 200);
    sent.push(last_sent(&app, "seller rejected with the reason"));

    insta::assert_json_snapshot!("messages", sent);
}
