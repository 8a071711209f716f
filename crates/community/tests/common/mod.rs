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
