//! The commerce test shop and request shortcuts, shared by the commerce test files.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU64, Ordering};

use praline_kernel::db;
use praline_payments::model::EntryKind;
use praline_testkit::{Session, TestApp, body_json};
use serde_json::{Value, json};

/// An approved seller, a buyer ready to order (verified phone, one saved address) and a category.
pub struct Shop {
    pub seller: Session,
    pub buyer: Session,
    pub address_id: i64,
    pub category: i64,
}

fn next() -> u64 {
    static N: AtomicU64 = AtomicU64::new(1);
    N.fetch_add(1, Ordering::Relaxed)
}

pub async fn shop() -> (TestApp, Shop) {
    shop_on(TestApp::spawn()).await
}

/// The test shop on an app of the caller's (e.g. one whose PortOne is a fake).
pub async fn shop_on(app: TestApp) -> (TestApp, Shop) {
    let now = app.clock.now();
    let categories = db::run(&app.state.pool, move |conn| {
        praline_catalog::service::category::ensure(conn, &["초콜릿"], now)
    })
    .await
    .unwrap();
    let seller = app.seller().await;
    let (buyer, address_id) = ready_buyer(&app).await;
    (app, Shop { seller, buyer, address_id, category: categories[0].id })
}

/// Verifies a phone through the development outbox.
pub async fn verify_phone(app: &TestApp, user: &Session) {
    let phone = format!("010{:08}", 10_000_000 + next() + u64::from(std::process::id() % 1000) * 10_000);
    let asked = user.put("/api/v1/me/phone").json(&json!({"phone": phone})).send().await.unwrap();
    assert_eq!(asked.status(), 202);
    let code = app.last_code(&phone);
    let ok = user.post("/api/v1/me/phone/verify").json(&json!({"code": code})).send().await.unwrap();
    assert_eq!(ok.status(), 200);
}

pub fn address_body(recipient: &str) -> Value {
    json!({"postal_code": "06236", "address": "서울특별시 강남구 테헤란로 123", "detail_address": "4층",
        "recipient": recipient, "phone": "010-9876-5432"})
}

/// A buyer with a verified phone and one saved (default) address.
pub async fn ready_buyer(app: &TestApp) -> (Session, i64) {
    let buyer = app.buyer().await;
    verify_phone(app, &buyer).await;
    let saved = buyer.post("/api/v1/me/addresses").json(&address_body("김구매")).send().await.unwrap();
    assert_eq!(saved.status(), 201);
    let id = body_json(saved).await["id"].as_i64().unwrap();
    (buyer, id)
}

/// A product of `seller` on sale; returns its id.
pub async fn product(seller: &Session, category: i64, price: i64, stock: i64) -> i64 {
    let name = format!("다크 초콜릿 {}", next());
    let body = json!({"category_id": category, "name": name, "description": "카카오 70%", "price": price, "stock": stock});
    let response = seller.post("/api/v1/products").json(&body).send().await.unwrap();
    assert_eq!(response.status(), 201);
    body_json(response).await["id"].as_i64().unwrap()
}

pub fn fresh_key() -> String {
    format!("key-{}-{}", next(), hex_token())
}

fn hex_token() -> String {
    praline_kernel::crypto::random_token(12)
}

/// `POST /orders` with `body` and `key`.
pub async fn order_with_key(buyer: &Session, key: &str, body: &Value) -> reqwest::Response {
    buyer.post("/api/v1/orders").header("Idempotency-Key", key).json(body).send().await.unwrap()
}

/// `POST /orders` with a fresh key.
pub async fn order(buyer: &Session, body: &Value) -> reqwest::Response {
    order_with_key(buyer, &fresh_key(), body).await
}

pub fn buy_now(product_id: i64, amount: i64, address_id: i64) -> Value {
    json!({"buy_now": {"product_id": product_id, "amount": amount}, "address_id": address_id, "payment": "points"})
}

/// Buys `amount` of a product with points; returns the order.
pub async fn bought(buyer: &Session, product_id: i64, amount: i64, address_id: i64) -> Value {
    let response = order(buyer, &buy_now(product_id, amount, address_id)).await;
    assert_eq!(response.status(), 201);
    body_json(response).await
}

/// Moves a line; returns the response.
pub async fn move_line(user: &Session, line_id: i64, to: &str) -> reqwest::Response {
    user.post(&format!("/api/v1/order-lines/{line_id}/transitions"))
        .json(&json!({"to": to}))
        .send()
        .await
        .unwrap()
}

/// Moves a line and expects 200.
pub async fn moved(user: &Session, line_id: i64, to: &str) -> Value {
    let response = move_line(user, line_id, to).await;
    let status = response.status();
    let body = body_json(response).await;
    assert_eq!(status, 200, "{to}: {body}");
    body
}

pub async fn balance(app: &TestApp, user_id: i64) -> i64 {
    db::run(&app.state.pool, move |conn| praline_payments::service::balance(conn, user_id)).await.unwrap()
}

/// Sets a user's balance to `target` with an admin adjustment.
pub async fn set_balance(app: &TestApp, user_id: i64, target: i64) {
    let current = balance(app, user_id).await;
    let now = app.clock.now();
    let delta = target - current;
    if delta == 0 {
        return;
    }
    db::run(&app.state.pool, move |conn| {
        if delta > 0 {
            praline_payments::service::credit(
                conn,
                user_id,
                EntryKind::AdminAdjustment,
                delta,
                None,
                "test",
                now,
            )
        } else {
            praline_payments::service::debit(
                conn,
                user_id,
                EntryKind::AdminAdjustment,
                -delta,
                None,
                "test",
                now,
            )
        }
    })
    .await
    .unwrap();
}

/// A product as its owner sees it.
pub async fn product_json(seller: &Session, id: i64) -> Value {
    seller.get_json(&format!("/api/v1/products/{id}")).await
}

/// The ledger entries of kind `kind` for a user.
pub async fn entries(app: &TestApp, user_id: i64, kind: &'static str) -> Vec<(i64, Option<i64>)> {
    use diesel::prelude::*;
    use praline_payments::schema::payments_ledger_entries as e;
    db::run(&app.state.pool, move |conn| {
        e::table
            .filter(e::user_id.eq(user_id))
            .filter(e::kind.eq(kind))
            .select((e::amount, e::reference_id))
            .load::<(i64, Option<i64>)>(conn)
            .map_err(db::DbError::from)
    })
    .await
    .unwrap()
}
