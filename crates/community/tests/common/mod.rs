//! The community test shop and request shortcuts, shared by the community's test files.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use praline_kernel::db;
use praline_testkit::{Session, TestApp, body_json};
use serde_json::{Value, json};

/// Two approved sellers with a product each, two buyers, an administrator.
pub struct Shop {
    pub admin: Session,
    pub seller1: Session,
    pub seller2: Session,
    pub buyer: Session,
    pub buyer2: Session,
    pub category: i64,
    /// seller1's product.
    pub product: i64,
    /// seller2's product.
    pub product2: i64,
}

pub async fn shop() -> (TestApp, Shop) {
    shop_of(TestApp::spawn()).await
}

pub async fn shop_of(app: TestApp) -> (TestApp, Shop) {
    let now = app.clock.now();
    let categories = db::run(&app.state.pool, move |conn| {
        praline_catalog::service::category::ensure(conn, &["초콜릿", "케이크"], now)
    })
    .await
    .unwrap();
    let seller1 = app.user().company("초코더쿠").seller().await;
    let seller2 = app.seller().await;
    let category = categories[0].id;
    let first = product(&seller1, category, "다크 트러플", 12_000).await;
    let second = product(&seller2, category, "밀크 바", 5_000).await;
    let shop = Shop {
        admin: app.admin().await,
        seller1,
        seller2,
        buyer: app.buyer().await,
        buyer2: app.buyer().await,
        category,
        product: first,
        product2: second,
    };
    (app, shop)
}

/// A new on-sale product of `seller`; its id.
pub async fn product(seller: &Session, category: i64, name: &str, price: i64) -> i64 {
    let response = seller
        .post("/api/v1/products")
        .json(&json!({"category_id": category, "name": name, "description": "설명", "price": price, "stock": 10}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    body_json(response).await["id"].as_i64().unwrap()
}

/// The status of `request` once sent.
pub async fn status(request: reqwest::RequestBuilder) -> u16 {
    request.send().await.unwrap().status().as_u16()
}

/// The status and JSON body of `request` (Null for an empty body).
pub async fn send(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap() })
}

/// The error code of a failed response body.
pub fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

/// The product's public page.
pub async fn product_json(app: &TestApp, id: i64) -> Value {
    body_json(app.get(&format!("/api/v1/products/{id}")).send().await.unwrap()).await
}

/// Adds `points` to a user's wallet (an administrator's adjustment).
pub async fn credit(app: &TestApp, user_id: i64, points: i64) {
    let now = app.clock.now();
    db::run(&app.state.pool, move |conn| {
        praline_payments::service::credit(
            conn,
            user_id,
            praline_payments::model::EntryKind::AdminAdjustment,
            points,
            None,
            "test",
            now,
        )
    })
    .await
    .unwrap();
}

/// A user's points balance.
pub async fn balance(app: &TestApp, user_id: i64) -> i64 {
    db::run(&app.state.pool, move |conn| praline_payments::service::balance(conn, user_id)).await.unwrap()
}

fn next_phone() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    let n = N.fetch_add(1, Ordering::Relaxed);
    format!("010{:08}", 30_000_000 + n + u64::from(std::process::id() % 1000) * 10_000)
}

/// Makes `buyer` ready to order (verified phone, one address) and gives them points; returns
/// the address id.
pub async fn ready_to_order(app: &TestApp, buyer: &Session, points: i64) -> i64 {
    let phone = next_phone();
    assert_eq!(status(buyer.put("/api/v1/me/phone").json(&json!({"phone": phone}))).await, 202);
    let code = app.last_code(&phone);
    assert_eq!(status(buyer.post("/api/v1/me/phone/verify").json(&json!({"code": code}))).await, 200);
    let address = json!({"postal_code": "06236", "address": "서울특별시 강남구 테헤란로 123",
        "detail_address": "4층", "recipient": "김구매", "phone": "010-9876-5432"});
    let (s, saved) = send(buyer.post("/api/v1/me/addresses").json(&address)).await;
    assert_eq!(s, 201, "{saved}");
    credit(app, buyer.user_id, points).await;
    saved["id"].as_i64().unwrap()
}

/// Buys one of `product` with points; returns the order line's id (status `placed`).
pub async fn ordered_line(buyer: &Session, product: i64, address_id: i64) -> i64 {
    let key = format!("community-{}", praline_kernel::crypto::random_token(12));
    let body = json!({"buy_now": {"product_id": product, "amount": 1}, "address_id": address_id, "payment": "points"});
    let (s, order) = send(buyer.post("/api/v1/orders").header("Idempotency-Key", key).json(&body)).await;
    assert_eq!(s, 201, "{order}");
    order["lines"][0]["id"].as_i64().unwrap()
}

/// Moves a line through preparing, shipped and delivered (the seller) to confirmed (the buyer).
pub async fn confirm(seller: &Session, buyer: &Session, line: i64) {
    let path = format!("/api/v1/order-lines/{line}/transitions");
    for (who, body) in [
        (seller, json!({"to": "preparing"})),
        (seller, json!({"to": "shipped", "tracking_number": "CJ-1234"})),
        (seller, json!({"to": "delivered"})),
        (buyer, json!({"to": "confirmed"})),
    ] {
        let (s, moved) = send(who.post(&path).json(&body)).await;
        assert_eq!(s, 200, "{body}: {moved}");
    }
}

/// A confirmed line of `product` bought by `buyer`.
pub async fn confirmed_line(app: &TestApp, seller: &Session, buyer: &Session, product: i64) -> i64 {
    let address = ready_to_order(app, buyer, 100_000).await;
    let line = ordered_line(buyer, product, address).await;
    confirm(seller, buyer, line).await;
    line
}

/// The multipart form of a review (text only; add a `photo` part for a photo review).
pub fn review_form(rating: i64) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("title", "정말 맛있어요")
        .text("content", "진하고 부드러운 초콜릿이에요. 또 살게요!")
        .text("rating", rating.to_string())
        .text("delivery", "fast")
        .text("service", "friendly")
        .text("rebuy", "yes")
}

/// A review form with a photo.
pub fn photo_review_form(rating: i64) -> reqwest::multipart::Form {
    let part = reqwest::multipart::Part::bytes(praline_testkit::fakes::TINY_PNG.to_vec()).file_name("a.png");
    review_form(rating).part("photo", part.mime_str("image/png").unwrap())
}

/// Writes a review of `line`; returns the response body (201 expected).
pub async fn review(buyer: &Session, line: i64, form: reqwest::multipart::Form) -> Value {
    let (s, body) = send(buyer.post(&format!("/api/v1/order-lines/{line}/review")).multipart(form)).await;
    assert_eq!(s, 201, "{body}");
    body
}
