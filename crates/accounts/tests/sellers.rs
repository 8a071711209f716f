//! Sellers: applying (at signup, later, as a multipart form with a logo), the operator's
//! decision, the seller's own profile, the public seller card, and sealed bank data.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use praline_kernel::db;
use praline_testkit::fakes::TINY_PNG;
use praline_testkit::{PASSWORD, TestApp, body_json, image_form};
use serde_json::{Value, json};

#[actix_web::test]
async fn a_seller_applies_at_signup_and_an_admin_approves_with_an_email() {
    let app = TestApp::spawn();
    let seller_fields = json!({"company_name": "초코공방", "business_number": "123-45-67890", "owner_name": "김초코",
        "contact": "02-1234-5678", "bank_name": "국민은행", "account_number": "123456-01-234567", "account_holder": "김초코"});
    let created = app
        .post("/api/v1/auth/signup")
        .json(&json!({"email": "seller@example.com", "password": PASSWORD, "nickname": "choco", "role": "seller", "seller": seller_fields}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(body_json(created).await["user"]["seller_status"], "pending");
    let code = app.last_code("seller@example.com");
    let verify = json!({"email": "seller@example.com", "code": code});
    app.post("/api/v1/auth/email/verify").json(&verify).send().await.unwrap();
    let seller = app.session("seller@example.com", PASSWORD).await;
    assert_eq!(seller.login["user"]["roles"], json!(["buyer"]));

    let buyer = app.buyer().await;
    let admin = app.admin().await;
    // Only admins see the applications; a buyer is refused.
    let refused = buyer.get("/api/v1/admin/seller-applications").send().await.unwrap();
    assert_eq!(refused.status(), 403);
    let list = admin.get_json("/api/v1/admin/seller-applications?status=pending").await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["account_number"], "12345601234567");
    let seller_id = list["items"][0]["user_id"].as_i64().unwrap();
    let approved =
        admin.post(&format!("/api/v1/admin/seller-applications/{seller_id}/approve")).send().await.unwrap();
    assert_eq!(approved.status(), 200);
    let mail = app.outbox().into_iter().rev().find(|m| m.to.contains("seller@example.com")).unwrap();
    assert!(mail.subject.contains("승인"), "{}", mail.subject);
    // The seller role appears on the next refresh, from the database.
    let refreshed = seller.refreshed(&app).await;
    assert_eq!(refreshed.login["user"]["roles"], json!(["buyer", "seller"]));
    // Bank data: the seller sees it, another buyer cannot reach it, the public profile has none.
    assert_eq!(refreshed.get_json("/api/v1/me/seller").await["bank_name"], "국민은행");
    let not_theirs = buyer.get("/api/v1/me/seller").send().await.unwrap();
    assert_eq!(not_theirs.status(), 404);
    let public = app.get(&format!("/api/v1/users/{seller_id}")).send().await.unwrap().text().await.unwrap();
    assert!(!public.contains("국민은행") && !public.contains("seller@example.com"), "{public}");
}

#[actix_web::test]
async fn a_rejection_needs_a_reason_and_emails_it() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let fields = json!({"company_name": "Cacao Lab", "business_number": "1234567890", "owner_name": "Lee",
        "contact": "01012345678", "bank_name": "신한은행", "account_number": "110123456789", "account_holder": "Lee"});
    let applied = buyer.post("/api/v1/me/seller").json(&fields).send().await.unwrap();
    assert_eq!(applied.status(), 201);
    let twice = buyer.post("/api/v1/me/seller").json(&fields).send().await.unwrap();
    assert_eq!(body_json(twice).await["error"]["code"], "already_seller");
    let admin = app.admin().await;
    let reject = |reason: &str| {
        admin
            .post(&format!("/api/v1/admin/seller-applications/{}/reject", buyer.user_id))
            .json(&json!({"reason": reason}))
            .send()
    };
    assert_eq!(reject(" ").await.unwrap().status(), 400);
    assert_eq!(reject("사업자 번호를 확인할 수 없습니다").await.unwrap().status(), 200);
    let mail = app.outbox().into_iter().rev().find(|m| m.to == buyer.email).unwrap();
    assert!(mail.body.contains("사업자 번호를 확인할 수 없습니다"), "{}", mail.body);

    // A rejected applicant fixes the details and applies again: back in the queue.
    let mut fixed = fields.clone();
    fixed["business_number"] = json!("2234567890");
    let again = buyer.post("/api/v1/me/seller").json(&fixed).send().await.unwrap();
    assert_eq!(again.status(), 201);
    let again = body_json(again).await;
    assert_eq!(again["status"], "pending");
    assert_eq!(again["business_number"], "2234567890");
    assert!(again["reject_reason"].is_null());
}

#[actix_web::test]
async fn the_database_holds_no_plaintext_bank_fields() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let fields = json!({"company_name": "Sealed Co", "business_number": "1234567890", "owner_name": "Kim",
        "contact": "01012345678", "bank_name": "우리은행비밀", "account_number": "987654321098", "account_holder": "비밀예금주"});
    assert_eq!(buyer.post("/api/v1/me/seller").json(&fields).send().await.unwrap().status(), 201);
    let dump = db::run(&app.state.pool, |conn| {
        use diesel::prelude::*;
        use praline_accounts::schema::accounts_sellers::dsl::*;
        accounts_sellers
            .select((bank_name_sealed, account_number_sealed, account_holder_sealed))
            .load::<(String, String, String)>(conn)
            .map_err(praline_kernel::db::DbError::from)
    })
    .await
    .unwrap();
    let text = format!("{dump:?}");
    for secret in ["우리은행비밀", "987654321098", "비밀예금주"] {
        assert!(!text.contains(secret), "{secret} stored in plain text");
    }
}

#[actix_web::test]
async fn a_seller_edits_the_profile_and_a_taken_company_name_is_refused() {
    let app = TestApp::spawn();
    let fields = |company: &str| {
        json!({"company_name": company, "business_number": "1234567890", "owner_name": "Kim",
            "contact": "01012345678", "bank_name": "국민은행", "account_number": "123456789012", "account_holder": "Kim"})
    };
    let first = app.buyer().await;
    let second = app.buyer().await;
    first.post("/api/v1/me/seller").json(&fields("Cacao One")).send().await.unwrap();
    let clash = second.post("/api/v1/me/seller").json(&fields(" cacao  ONE")).send().await.unwrap();
    assert_eq!(body_json(clash).await["error"]["code"], "company_name_taken");
    second.post("/api/v1/me/seller").json(&fields("Cacao Two")).send().await.unwrap();

    let edit = |changes: Value| second.patch("/api/v1/me/seller").json(&changes).send();
    let edited = edit(json!({"company_name": "Cacao Deux", "bank_name": "하나은행"})).await.unwrap();
    assert_eq!(edited.status(), 200);
    let body = body_json(edited).await;
    assert_eq!(body["company_name"], "Cacao Deux");
    assert_eq!(body["bank_name"], "하나은행");
    assert_eq!(body["account_number"], "123456789012");
    let taken = edit(json!({"company_name": "CACAO ONE"})).await.unwrap();
    assert_eq!(taken.status(), 409);
    assert_eq!(body_json(taken).await["error"]["code"], "company_name_taken");
    assert_eq!(edit(json!({})).await.unwrap().status(), 200);
    assert_eq!(edit(json!({"business_number": "12"})).await.unwrap().status(), 400);
    let no_profile = app.buyer().await;
    let missing =
        no_profile.patch("/api/v1/me/seller").json(&json!({"owner_name": "x"})).send().await.unwrap();
    assert_eq!(missing.status(), 404);
}

#[actix_web::test]
async fn the_public_seller_card_shows_approved_sellers_only_and_never_bank_data() {
    use praline_accounts::service::seller::{SellerCounter, adjust_count};
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let id = buyer.user_id;
    let fields = json!({"company_name": "Card Cacao", "business_number": "1234567890", "owner_name": "Park",
        "contact": "0212345678", "bank_name": "기업은행", "account_number": "111222333444", "account_holder": "Park"});
    buyer.post("/api/v1/me/seller").json(&fields).send().await.unwrap();
    // Pending: no public page yet.
    assert_eq!(app.get(&format!("/api/v1/sellers/{id}")).send().await.unwrap().status(), 404);
    let admin = app.admin().await;
    admin.post(&format!("/api/v1/admin/seller-applications/{id}/approve")).send().await.unwrap();

    // Other domains feed the counts through accounts' service.
    db::run(&app.state.pool, move |conn| {
        adjust_count(conn, id, SellerCounter::Products, 3)?;
        adjust_count(conn, id, SellerCounter::Followers, 2)?;
        adjust_count(conn, id, SellerCounter::Products, -1)
    })
    .await
    .unwrap();
    let below_zero =
        db::run(&app.state.pool, move |conn| adjust_count(conn, id, SellerCounter::Followers, -5)).await;
    assert!(below_zero.is_err());

    let card = app.get(&format!("/api/v1/sellers/{id}")).send().await.unwrap();
    assert_eq!(card.status(), 200);
    let text = card.text().await.unwrap();
    for secret in ["기업은행", "111222333444", "1234567890", buyer.email.as_str()] {
        assert!(!text.contains(secret), "{secret} on the public card: {text}");
    }
    let card: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(card["company_name"], "Card Cacao");
    assert_eq!(card["product_count"], 2);
    assert_eq!(card["follower_count"], 2);
    // A suspended seller disappears from public view.
    admin.post(&format!("/api/v1/admin/users/{id}/suspend")).send().await.unwrap();
    assert_eq!(app.get(&format!("/api/v1/sellers/{id}")).send().await.unwrap().status(), 404);
}

#[actix_web::test]
async fn a_seller_uploads_a_logo_and_a_buyer_without_a_profile_cannot() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let upload =
        || buyer.put("/api/v1/me/seller/logo").multipart(image_form(TINY_PNG.to_vec(), "logo.png")).send();
    assert_eq!(upload().await.unwrap().status(), 404);
    let fields = json!({"company_name": "Logo Co", "business_number": "1234567890", "owner_name": "Kim",
        "contact": "0212345678", "bank_name": "국민은행", "account_number": "123456789012", "account_holder": "Kim"});
    buyer.post("/api/v1/me/seller").json(&fields).send().await.unwrap();
    let saved = upload().await.unwrap();
    assert_eq!(saved.status(), 200);
    let logo = body_json(saved).await["logo_url"].as_str().unwrap().to_string();
    assert_eq!(app.get(&logo).send().await.unwrap().headers()["content-type"], "image/png");
}

#[actix_web::test]
async fn a_seller_can_apply_with_a_multipart_form_and_a_logo() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let form = |extra: Option<(&'static str, &'static str)>| {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in [
            ("company_name", "Form Cacao"),
            ("business_number", "1234567890"),
            ("owner_name", "Jung"),
            ("contact", "0212345678"),
            ("bank_name", "우리은행"),
            ("account_number", "100200300400"),
            ("account_holder", "Jung"),
        ] {
            form = form.text(k, v);
        }
        if let Some((k, v)) = extra {
            form = form.text(k, v);
        }
        form.part("logo", reqwest::multipart::Part::bytes(TINY_PNG.to_vec()).file_name("logo.png"))
    };
    let sneaky =
        buyer.post("/api/v1/me/seller").multipart(form(Some(("status", "approved")))).send().await.unwrap();
    assert_eq!(sneaky.status(), 400);
    let created = buyer.post("/api/v1/me/seller").multipart(form(None)).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let body = body_json(created).await;
    assert_eq!(body["status"], "pending");
    assert_eq!(body["bank_name"], "우리은행");
    let logo = body["logo_url"].as_str().unwrap();
    assert_eq!(app.get(logo).send().await.unwrap().status(), 200);
}

#[actix_web::test]
async fn with_auto_approve_on_a_seller_application_is_approved_at_once() {
    let app = TestApp::builder()
        .config(|c| {
            if let Some(toml::Value::Table(accounts)) = c.sections.get_mut("accounts") {
                accounts.insert("auto_approve_sellers".into(), toml::Value::Boolean(true));
            }
        })
        .spawn();
    let buyer = app.buyer().await;
    let fields = json!({"company_name": "Auto Cacao", "business_number": "1234567890", "owner_name": "Han",
        "contact": "0212345678", "bank_name": "국민은행", "account_number": "123456789012", "account_holder": "Han"});
    let created = buyer.post("/api/v1/me/seller").json(&fields).send().await.unwrap();
    assert_eq!(body_json(created).await["status"], "approved");
    assert_eq!(buyer.refreshed(&app).await.login["user"]["roles"], json!(["buyer", "seller"]));
    // An application made at signup is approved at once too.
    let at_signup = app.seller().await;
    assert_eq!(at_signup.login["user"]["seller_status"], "approved");
    assert_eq!(at_signup.login["user"]["roles"], json!(["buyer", "seller"]));
}
