//! Orders paid by card against the fake PortOne: the order waits for its payment, payments'
//! verification places it through commerce's hook, an unpaid order expires and releases its
//! stock, a failed prepare keeps nothing, and card refunds are partial PortOne cancels, once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use praline_testkit::fakes::FakePortOne;
use praline_testkit::{Session, TestApp, body_json};
use serde_json::{Value, json};

async fn card_shop(fake: &FakePortOne) -> (TestApp, Shop) {
    let app = TestApp::builder().config(fake.settings(5_000)).spawn();
    fake.set_webhook_url(&app.url("/api/v1/payments/portone/webhook"));
    shop_on(app).await
}

fn card_buy_now(product_id: i64, amount: i64, address_id: i64) -> Value {
    json!({"buy_now": {"product_id": product_id, "amount": amount}, "address_id": address_id, "payment": "card"})
}

async fn stock(seller: &Session, id: i64) -> (i64, String) {
    let p = product_json(seller, id).await;
    (p["stock"].as_i64().unwrap(), p["state"].as_str().unwrap().to_string())
}

async fn complete(buyer: &Session, imp_uid: &str, merchant_uid: &str) -> (u16, Value) {
    let response = buyer
        .post("/api/v1/payments/portone/complete")
        .json(&json!({"imp_uid": imp_uid, "merchant_uid": merchant_uid}))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, body_json(response).await)
}

/// Places a card order of `amount` units; the 201 body.
async fn card_order(shop: &Shop, product_id: i64, amount: i64) -> Value {
    let response = order(&shop.buyer, &card_buy_now(product_id, amount, shop.address_id)).await;
    let status = response.status();
    let body = body_json(response).await;
    assert_eq!(status, 201, "{body}");
    body
}

#[actix_web::test]
async fn a_card_order_waits_for_its_payment_and_verification_places_it() {
    let fake = FakePortOne::start();
    let (app, shop) = card_shop(&fake).await;
    let product = product(&shop.seller, shop.category, 12_000, 5).await;
    let added = shop
        .buyer
        .post("/api/v1/cart/items")
        .json(&json!({"product_id": product, "amount": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201);
    let cart_line = body_json(added).await["id"].as_i64().unwrap();
    let points_before = balance(&app, shop.buyer.user_id).await;

    let body = json!({"cart_item_ids": [cart_line], "address_id": shop.address_id, "payment": "card"});
    let response = order(&shop.buyer, &body).await;
    assert_eq!(response.status(), 201);
    let placed = body_json(response).await;
    assert_eq!(placed["status"], "pending_payment");
    assert_eq!(placed["lines"][0]["status"], "pending_payment");
    assert_eq!(placed["paid_at"], Value::Null);
    let payment = &placed["payment"];
    assert_eq!((payment["purpose"].clone(), payment["amount"].clone()), (json!("order"), json!(24_000)));
    assert_eq!(payment["order_id"], placed["id"]);
    assert!(payment["expires_at"].is_string());
    assert_eq!(payment["checkout"]["provider"], "portone");
    assert_eq!(payment["checkout"]["request"]["amount"], 24_000);
    let merchant_uid = payment["merchant_uid"].as_str().unwrap().to_string();
    assert_eq!(fake.prepared(&merchant_uid), Some(24_000));
    assert_eq!(stock(&shop.seller, product).await.0, 3, "the stock is held");
    assert_eq!(shop.buyer.get_json("/api/v1/cart").await["count"], 1, "the cart line stays until paid");
    let board = shop.seller.get_json("/api/v1/seller/orders").await;
    assert_eq!(board["total"], 0, "unpaid lines never reach the seller");

    let paid = fake.approve(&merchant_uid).unwrap();
    let (status, verified) = complete(&shop.buyer, &paid.imp_uid, &merchant_uid).await;
    assert_eq!((status, verified["status"].clone()), (200, json!("paid")), "{verified}");
    assert_eq!(fake.send_webhook(&paid).await.unwrap(), 200);

    let order_id = placed["id"].as_i64().unwrap();
    let after = shop.buyer.get_json(&format!("/api/v1/orders/{order_id}")).await;
    assert_eq!(after["status"], "placed");
    assert!(after["paid_at"].is_string());
    assert_eq!(after["payment"]["status"], "paid");
    assert!(after["payment"].get("checkout").is_none());
    assert_eq!(shop.buyer.get_json("/api/v1/cart").await["count"], 0, "the cart line left at verification");
    assert_eq!(shop.seller.get_json("/api/v1/seller/orders").await["total"], 1);
    assert_eq!(balance(&app, shop.buyer.user_id).await, points_before, "no points were taken");
    assert_eq!(stock(&shop.seller, product).await.0, 3);
}

#[actix_web::test]
async fn an_unpaid_card_order_expires_after_thirty_minutes_and_releases_its_stock() {
    let fake = FakePortOne::start();
    let (app, shop) = card_shop(&fake).await;
    let product = product(&shop.seller, shop.category, 5_000, 2).await;
    let placed = card_order(&shop, product, 2).await;
    assert_eq!(stock(&shop.seller, product).await, (0, "sold_out".to_string()));
    let merchant_uid = placed["payment"]["merchant_uid"].as_str().unwrap().to_string();
    fake.decline(&merchant_uid).unwrap();

    praline_gateway::jobs::run_now(&app.state, "payments.reconcile").await.unwrap();
    let order_id = placed["id"].as_i64().unwrap();
    assert_eq!(shop.buyer.get_json(&format!("/api/v1/orders/{order_id}")).await["status"], "pending_payment");

    app.clock.advance(chrono::Duration::minutes(31));
    let report = praline_gateway::jobs::run_now(&app.state, "payments.reconcile").await.unwrap();
    assert!(report.contains("expired 1"), "{report}");
    // Half an hour later the access tokens have expired: sign in again.
    let buyer = app.session(&shop.buyer.email, &shop.buyer.password).await;
    let seller = app.session(&shop.seller.email, &shop.seller.password).await;
    let after = buyer.get_json(&format!("/api/v1/orders/{order_id}")).await;
    assert_eq!(after["status"], "cancelled");
    assert_eq!(after["payment"]["status"], "expired");
    assert_eq!(stock(&seller, product).await, (2, "on_sale".to_string()));

    // Money arriving now goes back in full.
    let late = fake.approve(&merchant_uid).unwrap();
    let (status, body) = complete(&buyer, &late.imp_uid, &merchant_uid).await;
    assert_eq!((status, body["error"]["code"].clone()), (409, json!("payment_expired")));
    assert_eq!(fake.payment(&late.imp_uid).unwrap().status, "cancelled");
    assert_eq!(stock(&seller, product).await.0, 2);
}

#[actix_web::test]
async fn a_failed_prepare_at_portone_keeps_no_order_no_stock_and_no_payment() {
    let fake = FakePortOne::start();
    let (_app, shop) = card_shop(&fake).await;
    let product = product(&shop.seller, shop.category, 5_000, 4).await;
    fake.switch(|s| s.fail_next = 2);
    let response = order(&shop.buyer, &card_buy_now(product, 1, shop.address_id)).await;
    assert_eq!(response.status(), 502);
    assert_eq!(body_json(response).await["error"]["code"], "provider_error");
    assert_eq!(shop.buyer.get_json("/api/v1/orders").await["total"], 0);
    assert_eq!(stock(&shop.seller, product).await.0, 4);
    // The retry (a new attempt) works.
    fake.switch(|s| s.fail_next = 0);
    card_order(&shop, product, 1).await;
    assert_eq!(stock(&shop.seller, product).await.0, 3);
}

#[actix_web::test]
async fn the_buyer_abandons_an_unpaid_card_order_and_late_money_goes_back() {
    let fake = FakePortOne::start();
    let (_app, shop) = card_shop(&fake).await;
    let product = product(&shop.seller, shop.category, 7_000, 3).await;
    let placed = card_order(&shop, product, 1).await;
    let order_id = placed["id"].as_i64().unwrap();
    let merchant_uid = placed["payment"]["merchant_uid"].as_str().unwrap().to_string();

    let cancelled = shop.buyer.post(&format!("/api/v1/orders/{order_id}/cancel")).send().await.unwrap();
    assert_eq!(cancelled.status(), 200);
    let cancelled = body_json(cancelled).await;
    assert_eq!(
        (cancelled["status"].clone(), cancelled["payment"]["status"].clone()),
        (json!("cancelled"), json!("expired"))
    );
    assert_eq!(stock(&shop.seller, product).await.0, 3);

    let paid = fake.approve(&merchant_uid).unwrap();
    let (status, _) = complete(&shop.buyer, &paid.imp_uid, &merchant_uid).await;
    assert_eq!(status, 409);
    assert_eq!(fake.cancels(), vec![(merchant_uid, None)]);
}

#[actix_web::test]
async fn a_wrong_amount_cancels_the_card_order_and_releases_its_stock() {
    let fake = FakePortOne::start();
    let (_app, shop) = card_shop(&fake).await;
    let product = product(&shop.seller, shop.category, 9_000, 2).await;
    let placed = card_order(&shop, product, 1).await;
    let merchant_uid = placed["payment"]["merchant_uid"].as_str().unwrap().to_string();
    fake.switch(|s| s.charge_amount = Some(900));
    let paid = fake.approve(&merchant_uid).unwrap();
    let (status, body) = complete(&shop.buyer, &paid.imp_uid, &merchant_uid).await;
    assert_eq!((status, body["error"]["code"].clone()), (409, json!("payment_mismatch")));
    let order_id = placed["id"].as_i64().unwrap();
    let after = shop.buyer.get_json(&format!("/api/v1/orders/{order_id}")).await;
    assert_eq!(after["status"], "cancelled");
    assert_eq!(after["payment"]["fail_reason"], "amount_mismatch");
    assert_eq!(stock(&shop.seller, product).await.0, 2);
}

#[actix_web::test]
async fn card_refunds_are_partial_portone_cancels_made_once_per_line() {
    let fake = FakePortOne::start();
    let (app, shop) = card_shop(&fake).await;
    let first = product(&shop.seller, shop.category, 10_000, 5).await;
    let second = product(&shop.seller, shop.category, 4_000, 5).await;
    for (id, amount) in [(first, 1), (second, 2)] {
        let added = shop
            .buyer
            .post("/api/v1/cart/items")
            .json(&json!({"product_id": id, "amount": amount}))
            .send()
            .await
            .unwrap();
        assert_eq!(added.status(), 201);
    }
    let cart = shop.buyer.get_json("/api/v1/cart").await;
    let ids: Vec<i64> = cart["items"].as_array().unwrap().iter().map(|l| l["id"].as_i64().unwrap()).collect();
    let response =
        order(&shop.buyer, &json!({"cart_item_ids": ids, "address_id": shop.address_id, "payment": "card"}))
            .await;
    assert_eq!(response.status(), 201);
    let placed = body_json(response).await;
    let merchant_uid = placed["payment"]["merchant_uid"].as_str().unwrap().to_string();
    let paid = fake.approve(&merchant_uid).unwrap();
    assert_eq!(complete(&shop.buyer, &paid.imp_uid, &merchant_uid).await.0, 200);
    let lines = placed["lines"].as_array().unwrap();
    let line =
        |product: i64| lines.iter().find(|l| l["product_id"] == product).unwrap()["id"].as_i64().unwrap();
    let points = balance(&app, shop.buyer.user_id).await;

    // The seller cancels the 8,000 line: a partial cancel at PortOne, the stock back.
    moved(&shop.seller, line(second), "cancelled").await;
    assert_eq!(fake.cancels(), vec![(merchant_uid.clone(), Some(8_000))]);
    assert_eq!(fake.payment(&paid.imp_uid).unwrap().cancel_amount, 8_000);
    moved(&shop.seller, line(second), "cancelled").await;
    assert_eq!(fake.cancels().len(), 1, "a repeated move refunds nothing more");
    assert_eq!(stock(&shop.seller, second).await.0, 5);
    assert_eq!(balance(&app, shop.buyer.user_id).await, points, "card money never comes back as points");

    // PortOne down: 502 and the line unchanged; the retry refunds the rest.
    moved(&shop.buyer, line(first), "refund_requested").await;
    fake.switch(|s| s.fail_next = 1);
    let failed = move_line(&shop.seller, line(first), "refunded").await;
    assert_eq!(failed.status(), 502);
    let order_id = placed["id"].as_i64().unwrap();
    let now = shop.buyer.get_json(&format!("/api/v1/orders/{order_id}")).await;
    let status_of = |o: &Value, id: i64| {
        o["lines"].as_array().unwrap().iter().find(|l| l["id"] == id).unwrap()["status"].clone()
    };
    assert_eq!(status_of(&now, line(first)), "refund_requested");
    moved(&shop.seller, line(first), "refunded").await;
    let after = shop.buyer.get_json(&format!("/api/v1/orders/{order_id}")).await;
    assert_eq!(after["status"], "refunded");
    assert_eq!(
        (after["payment"]["status"].clone(), after["payment"]["cancel_amount"].clone()),
        (json!("cancelled"), json!(18_000))
    );
    assert_eq!(fake.payment(&paid.imp_uid).unwrap().status, "cancelled");
}

#[actix_web::test]
async fn two_racing_refunds_of_a_card_line_refund_it_once() {
    let fake = FakePortOne::start();
    let (_app, shop) = card_shop(&fake).await;
    let product = product(&shop.seller, shop.category, 6_000, 5).await;
    let placed = card_order(&shop, product, 1).await;
    let merchant_uid = placed["payment"]["merchant_uid"].as_str().unwrap().to_string();
    let paid = fake.approve(&merchant_uid).unwrap();
    assert_eq!(complete(&shop.buyer, &paid.imp_uid, &merchant_uid).await.0, 200);
    let line_id = placed["lines"][0]["id"].as_i64().unwrap();
    moved(&shop.buyer, line_id, "refund_requested").await;

    let (a, b) = tokio::join!(
        move_line(&shop.seller, line_id, "refunded"),
        move_line(&shop.seller, line_id, "refunded")
    );
    let statuses = [a.status().as_u16(), b.status().as_u16()];
    assert!(statuses.contains(&200), "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 502), "{statuses:?}");
    assert_eq!(fake.cancels().len(), 1, "PortOne refunded the line once");
    assert_eq!(fake.payment(&paid.imp_uid).unwrap().cancel_amount, 6_000);
}

#[actix_web::test]
async fn without_portone_keys_in_production_a_card_order_is_503_and_reserves_nothing() {
    let app = TestApp::builder().config(|c| c.env = praline_kernel::config::Environment::Production).spawn();
    let (_app, shop) = shop_on(app).await;
    let product = product(&shop.seller, shop.category, 5_000, 1).await;
    let response = order(&shop.buyer, &card_buy_now(product, 1, shop.address_id)).await;
    assert_eq!(response.status(), 503);
    assert_eq!(body_json(response).await["error"]["code"], "unavailable");
    assert_eq!(stock(&shop.seller, product).await.0, 1);
    assert_eq!(shop.buyer.get_json("/api/v1/orders").await["total"], 0);
}
