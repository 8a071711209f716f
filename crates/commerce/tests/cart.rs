//! The cart through the real app: one line per product under concurrency, live product data,
//! limits, and re-adding past orders.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use futures_util::future::join_all;
use praline_testkit::body_json;
use serde_json::json;

async fn add(buyer: &praline_testkit::Session, product: i64, amount: i64) -> reqwest::Response {
    buyer
        .post("/api/v1/cart/items")
        .json(&json!({"product_id": product, "amount": amount}))
        .send()
        .await
        .unwrap()
}

#[actix_web::test]
async fn parallel_adds_of_one_product_merge_into_one_line() {
    let (_app, shop) = shop().await;
    let product = product(&shop.seller, shop.category, 1_500, 500).await;
    let responses = join_all((0..20).map(|_| add(&shop.buyer, product, 3))).await;
    let statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 19, "{statuses:?}");
    let cart = shop.buyer.get_json("/api/v1/cart").await;
    assert_eq!(cart["count"], 1);
    assert_eq!(cart["items"][0]["amount"], 60);
    assert_eq!(cart["items"][0]["line_total"], 60 * 1_500);
    assert_eq!(cart["total_price"], 60 * 1_500);
    assert_eq!(cart["items"][0]["available"], true);
    assert_eq!(cart["items"][0]["product"]["seller"]["user_id"], shop.seller.user_id);
}

#[actix_web::test]
async fn adding_checks_amounts_stock_ownership_and_state() {
    let (app, shop) = shop().await;
    let product = product(&shop.seller, shop.category, 1_000, 5).await;
    for amount in [0, 1_000, -1] {
        assert_eq!(add(&shop.buyer, product, amount).await.status(), 400, "{amount}");
    }
    let short = add(&shop.buyer, product, 6).await;
    assert_eq!(short.status(), 409);
    let short = body_json(short).await;
    assert_eq!(short["error"]["code"], "insufficient_stock");
    assert_eq!(short["error"]["stock"], 5);
    assert_eq!(add(&shop.buyer, product, 5).await.status(), 201);
    let merged_too_many = add(&shop.buyer, product, 1).await;
    assert_eq!(merged_too_many.status(), 409, "merged amounts are held to the stock too");
    let own = add(&shop.seller, product, 1).await;
    assert_eq!(own.status(), 403);
    assert_eq!(body_json(own).await["error"]["code"], "own_product");
    assert_eq!(add(&shop.buyer, 424_242, 1).await.status(), 404);
    let hidden = common::product(&shop.seller, shop.category, 1_000, 5).await;
    let hide =
        shop.seller.patch(&format!("/api/v1/products/{hidden}")).json(&json!({"state": "hidden"})).send();
    assert_eq!(hide.await.unwrap().status(), 200);
    assert_eq!(add(&shop.buyer, hidden, 1).await.status(), 404, "not visible to the buyer");
    let stopped = common::product(&shop.seller, shop.category, 1_000, 5).await;
    let stop = shop
        .seller
        .patch(&format!("/api/v1/products/{stopped}"))
        .json(&json!({"state": "discontinued"}))
        .send();
    assert_eq!(stop.await.unwrap().status(), 200);
    let unavailable = add(&shop.buyer, stopped, 1).await;
    assert_eq!(unavailable.status(), 409);
    assert_eq!(body_json(unavailable).await["error"]["code"], "product_unavailable");
    let _ = app;
}

#[actix_web::test]
async fn unavailable_lines_stay_greyed_out_and_out_of_the_total() {
    let (_app, shop) = shop().await;
    let a = product(&shop.seller, shop.category, 1_000, 5).await;
    let b = product(&shop.seller, shop.category, 2_000, 5).await;
    let c = product(&shop.seller, shop.category, 3_000, 5).await;
    let mut ids = Vec::new();
    for p in [a, b, c] {
        ids.push(body_json(add(&shop.buyer, p, 2).await).await["id"].as_i64().unwrap());
    }
    let patch = |id: i64, body: serde_json::Value| {
        shop.seller.patch(&format!("/api/v1/products/{id}")).json(&body).send()
    };
    assert_eq!(patch(a, json!({"stock": 1})).await.unwrap().status(), 200);
    assert_eq!(patch(b, json!({"state": "discontinued"})).await.unwrap().status(), 200);
    let cart = shop.buyer.get_json("/api/v1/cart").await;
    let items = cart["items"].as_array().unwrap();
    assert_eq!(
        items.iter().map(|i| i["product_id"].as_i64().unwrap()).collect::<Vec<_>>(),
        vec![c, b, a],
        "newest first"
    );
    assert_eq!(items[2]["unavailable_reason"], "insufficient_stock");
    assert_eq!(items[1]["unavailable_reason"], "discontinued");
    assert_eq!(items[0]["available"], true);
    assert_eq!(cart["total_price"], 6_000);
    // Such lines cannot be ordered.
    let refused = order(
        &shop.buyer,
        &json!({"cart_item_ids": [ids[0]], "address_id": shop.address_id, "payment": "points"}),
    )
    .await;
    assert_eq!(refused.status(), 409);
    assert_eq!(body_json(refused).await["error"]["product_ids"], json!([a]));
    // PATCH sets the amount; bulk delete removes the caller's lines.
    let set = shop
        .buyer
        .patch(&format!("/api/v1/cart/items/{}", ids[0]))
        .json(&json!({"amount": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    assert_eq!(body_json(set).await["available"], true);
    let set = shop
        .buyer
        .patch(&format!("/api/v1/cart/items/{}", ids[1]))
        .json(&json!({"amount": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(body_json(set).await["error"]["code"], "product_unavailable");
    for bad in ["", "a", "1,,2", &(1..=101).map(|i| i.to_string()).collect::<Vec<_>>().join(",")] {
        let response = shop.buyer.delete(&format!("/api/v1/cart/items?ids={bad}")).send().await.unwrap();
        assert_eq!(response.status(), 400, "{bad}");
    }
    let bulk = shop
        .buyer
        .delete(&format!("/api/v1/cart/items?ids={},{},999999", ids[0], ids[1]))
        .send()
        .await
        .unwrap();
    assert_eq!(bulk.status(), 204);
    assert_eq!(shop.buyer.get_json("/api/v1/cart").await["count"], 1);
    let gone = shop.buyer.delete(&format!("/api/v1/cart/items/{}", ids[0])).send().await.unwrap();
    assert_eq!(gone.status(), 404);
}

#[actix_web::test]
async fn a_cart_holds_at_most_one_hundred_lines() {
    let (app, shop) = shop().await;
    let now = app.clock.now();
    let (seller, category) = (shop.seller.user_id, shop.category);
    let ids: Vec<i64> = praline_kernel::db::run(&app.state.pool, move |conn| {
        (0..101)
            .map(|i| {
                let input = praline_catalog::service::product::NewProduct {
                    category_id: category,
                    name: format!("봉봉 {i}"),
                    description: "x".into(),
                    price: 100,
                    stock: 5,
                    state: None,
                };
                praline_catalog::service::product::create(conn, seller, input, now).map(|p| p.id)
            })
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .unwrap();
    for id in &ids[..90] {
        assert_eq!(add(&shop.buyer, *id, 1).await.status(), 201);
    }
    // The last 11 at once: 10 fit, the limit holds under concurrency.
    let racing = join_all(ids[90..].iter().map(|id| add(&shop.buyer, *id, 1))).await;
    let statuses: Vec<u16> = racing.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 10, "{statuses:?}");
    let refused = ids[90 + statuses.iter().position(|s| *s == 409).unwrap()];
    assert_eq!(shop.buyer.get_json("/api/v1/cart").await["count"], 100);
    let full = add(&shop.buyer, refused, 1).await;
    assert_eq!(full.status(), 409);
    assert_eq!(add(&shop.buyer, ids[0], 1).await.status(), 200, "merging is not a new line");
}

#[actix_web::test]
async fn an_order_line_goes_back_into_the_cart_with_its_amount() {
    let (_app, shop) = shop().await;
    let product = product(&shop.seller, shop.category, 1_000, 10).await;
    let order = bought(&shop.buyer, product, 2, shop.address_id).await;
    let line = order["lines"][0]["id"].as_i64().unwrap();
    let first = shop.buyer.post(&format!("/api/v1/cart/items/from-line/{line}")).send().await.unwrap();
    assert_eq!(first.status(), 201);
    assert_eq!(body_json(first).await["amount"], 2);
    let second = shop.buyer.post(&format!("/api/v1/cart/items/from-line/{line}")).send().await.unwrap();
    assert_eq!(second.status(), 200);
    assert_eq!(body_json(second).await["amount"], 4);
    // A product that left sale is skipped with its reason.
    let stop = shop
        .seller
        .patch(&format!("/api/v1/products/{product}"))
        .json(&json!({"state": "discontinued"}))
        .send();
    assert_eq!(stop.await.unwrap().status(), 200);
    let order_id = order["id"].as_i64().unwrap();
    let again = body_json(
        shop.buyer.post(&format!("/api/v1/cart/items/from-order/{order_id}")).send().await.unwrap(),
    )
    .await;
    assert_eq!(again["added"], json!([]));
    assert_eq!(again["skipped"][0]["reason"], "product_unavailable");
    assert_eq!(again["skipped"][0]["product_id"], product);
}
