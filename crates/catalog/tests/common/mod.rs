//! The catalog test shop and request shortcuts, shared by the catalog's API test files.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use praline_kernel::db;
use praline_testkit::{Session, TestApp, body_json};
use serde_json::{Value, json};

/// Two approved sellers, a buyer, an administrator and the demo categories, no products.
pub struct Shop {
    pub admin: Session,
    pub seller1: Session,
    pub seller2: Session,
    pub buyer: Session,
    pub chocolate: i64,
    pub cake: i64,
}

pub async fn shop() -> (TestApp, Shop) {
    let app = TestApp::spawn();
    let now = app.clock.now();
    let categories = db::run(&app.state.pool, move |conn| {
        praline_catalog::service::category::ensure(conn, &praline_catalog::demo::CATEGORIES, now)
    })
    .await
    .unwrap();
    let category = |name: &str| categories.iter().find(|c| c.name == name).unwrap().id;
    let shop = Shop {
        admin: app.admin().await,
        seller1: app.user().company("초코더쿠").seller().await,
        seller2: app.seller().await,
        buyer: app.buyer().await,
        chocolate: category("초콜릿"),
        cake: category("케이크"),
    };
    (app, shop)
}

pub async fn create(seller: &Session, body: Value) -> reqwest::Response {
    seller.post("/api/v1/products").json(&body).send().await.unwrap()
}

pub async fn product(seller: &Session, category: i64, name: &str, price: i64, stock: i64) -> Value {
    let response = create(
        seller,
        json!({"category_id": category, "name": name, "description": "설명 description", "price": price, "stock": stock}),
    )
    .await;
    assert_eq!(response.status(), 201);
    body_json(response).await
}

/// The status of `GET path` for a visitor.
pub async fn visitor_status(app: &TestApp, path: &str) -> u16 {
    app.get(path).send().await.unwrap().status().as_u16()
}

/// The status of `request` once sent.
pub async fn status(request: reqwest::RequestBuilder) -> u16 {
    request.send().await.unwrap().status().as_u16()
}

pub async fn names(app: &TestApp, path: &str) -> Vec<String> {
    let response = app.get(path).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    body_json(response).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

pub async fn seller_card_count(app: &TestApp, seller: &Session) -> i64 {
    let card = app.get(&format!("/api/v1/sellers/{}", seller.user_id)).send().await.unwrap();
    body_json(card).await["product_count"].as_i64().unwrap()
}
