//! The order-line state machine through the real app: who may move what, refunds to the buyer
//! once, restock without resurrection, confirmation rewards, the auto-confirm job, and that
//! another user's objects are not found.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use futures_util::future::join_all;
use praline_testkit::body_json;
use serde_json::{Value, json};

fn line_id(order: &Value) -> i64 {
    order["lines"][0]["id"].as_i64().unwrap()
}

#[actix_web::test]
async fn every_move_of_the_table_by_its_actor_and_every_wrong_actor_or_move_is_refused() {
    let (app, shop) = shop().await;
    let product = product(&shop.seller, shop.category, 1_000, 50).await;
    let (buyer, seller) = (&shop.buyer, &shop.seller);
    let stranger = app.seller().await;

    // The happy path: seller placed → preparing → shipped → delivered, buyer confirms.
    let line = line_id(&bought(buyer, product, 1, shop.address_id).await);
    for (who, to) in [(buyer, "preparing"), (seller, "shipped"), (buyer, "cancelled"), (seller, "confirmed")]
    {
        let refused = move_line(who, line, to).await;
        assert_eq!(refused.status(), 409, "{to} from placed");
        let error = body_json(refused).await;
        assert_eq!(error["error"]["code"], "invalid_transition");
        assert_eq!(error["error"]["status"], "placed");
    }
    assert_eq!(move_line(&stranger, line, "preparing").await.status(), 404, "neither buyer nor seller");
    assert_eq!(moved(seller, line, "preparing").await["status"], "preparing");
    assert_eq!(moved(seller, line, "preparing").await["status"], "preparing", "the same `to` again is a 200");
    let shipped = seller
        .post(&format!("/api/v1/order-lines/{line}/transitions"))
        .json(&json!({"to": "shipped", "tracking_number": "CJ-1234"}))
        .send()
        .await
        .unwrap();
    assert_eq!(body_json(shipped).await["tracking_number"], "CJ-1234");
    assert_eq!(move_line(buyer, line, "delivered").await.status(), 409, "only the seller delivers");
    let delivered = moved(seller, line, "delivered").await;
    assert!(delivered["auto_confirm_at"].is_string());
    assert_eq!(move_line(seller, line, "confirmed").await.status(), 409, "only the buyer confirms");
    let confirmed = moved(buyer, line, "confirmed").await;
    assert_eq!(confirmed["status"], "confirmed");
    assert!(confirmed["auto_confirm_at"].is_null());
    assert_eq!(entries(&app, buyer.user_id, "purchase_reward").await, vec![(50, Some(line))]);
    assert_eq!(entries(&app, seller.user_id, "seller_settlement").await, vec![(1_000, Some(line))]);
    assert_eq!(product_json(seller, product).await["sales_count"], 1);
    for to in ["refund_requested", "placed", "delivered"] {
        assert_eq!(move_line(buyer, line, to).await.status(), 409, "confirmed is final ({to})");
    }
    assert_eq!(moved(buyer, line, "confirmed").await["status"], "confirmed");
    assert_eq!(entries(&app, buyer.user_id, "purchase_reward").await.len(), 1, "no second reward");

    // Seller cancels a placed line: the buyer gets the points back, the stock returns.
    let line = line_id(&bought(buyer, product, 3, shop.address_id).await);
    let before = balance(&app, buyer.user_id).await;
    let cancelled = seller
        .post(&format!("/api/v1/order-lines/{line}/transitions"))
        .json(&json!({"to": "cancelled", "reason": "품절"}))
        .send()
        .await
        .unwrap();
    assert_eq!(body_json(cancelled).await["reason"], "품절");
    assert_eq!(balance(&app, buyer.user_id).await, before + 3_000);
    assert_eq!(entries(&app, seller.user_id, "refund").await, vec![], "never to the seller");
    assert_eq!(product_json(seller, product).await["stock"], 50 - 1);

    // Buyer asks for a refund from each open status, and may withdraw back to it.
    for path in
        [vec![], vec!["preparing"], vec!["preparing", "shipped"], vec!["preparing", "shipped", "delivered"]]
    {
        let line = line_id(&bought(buyer, product, 1, shop.address_id).await);
        for to in &path {
            moved(seller, line, to).await;
        }
        let from = path.last().copied().unwrap_or("placed");
        let asked = moved(buyer, line, "refund_requested").await;
        assert_eq!(asked["previous_status"], from);
        assert!(asked["auto_confirm_at"].is_null(), "auto-confirm paused");
        assert_eq!(move_line(seller, line, "preparing").await.status(), 409);
        let other = if from == "placed" { "shipped" } else { "placed" };
        assert_eq!(move_line(buyer, line, other).await.status(), 409, "only back to {from}");
        let back = moved(buyer, line, from).await;
        assert_eq!(back["status"], from);
        assert!(back["previous_status"].is_null());
        moved(buyer, line, "refund_requested").await;
        assert_eq!(move_line(buyer, line, "refunded").await.status(), 409, "only the seller refunds");
        let before = balance(&app, buyer.user_id).await;
        assert_eq!(moved(seller, line, "refunded").await["status"], "refunded");
        assert_eq!(balance(&app, buyer.user_id).await, before + 1_000);
    }
    // Unknown statuses are 400; pending_payment is never a target.
    let line = line_id(&bought(buyer, product, 1, shop.address_id).await);
    let unknown = buyer.post(&format!("/api/v1/order-lines/{line}/transitions")).json(&json!({"to": "lost"}));
    assert_eq!(unknown.send().await.unwrap().status(), 400);
    assert_eq!(move_line(seller, line, "pending_payment").await.status(), 409);
    // A points order cannot be "cancelled" as unpaid.
    let order_id = bought(buyer, product, 1, shop.address_id).await["id"].as_i64().unwrap();
    let cancel = buyer.post(&format!("/api/v1/orders/{order_id}/cancel")).send().await.unwrap();
    assert_eq!(cancel.status(), 409);
    assert_eq!(body_json(cancel).await["error"]["code"], "invalid_transition");
}

#[actix_web::test]
async fn two_racing_refunds_of_one_line_pay_once() {
    let (app, shop) = shop().await;
    let product = product(&shop.seller, shop.category, 4_000, 5).await;
    let line = line_id(&bought(&shop.buyer, product, 2, shop.address_id).await);
    moved(&shop.buyer, line, "refund_requested").await;
    let before = balance(&app, shop.buyer.user_id).await;
    let responses = join_all((0..10).map(|_| move_line(&shop.seller, line, "refunded"))).await;
    assert!(responses.iter().all(|r| r.status() == 200), "every repeat is a harmless 200");
    assert_eq!(balance(&app, shop.buyer.user_id).await, before + 8_000);
    assert_eq!(entries(&app, shop.buyer.user_id, "refund").await, vec![(8_000, Some(line))]);
    assert_eq!(product_json(&shop.seller, product).await["stock"], 5);
}

#[actix_web::test]
async fn a_refund_restocks_a_deleted_product_without_resurrecting_it() {
    let (_app, shop) = shop().await;
    let product = product(&shop.seller, shop.category, 1_000, 1).await;
    let line = line_id(&bought(&shop.buyer, product, 1, shop.address_id).await);
    assert_eq!(product_json(&shop.seller, product).await["state"], "sold_out");
    let deleted = shop.seller.delete(&format!("/api/v1/products/{product}")).send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    moved(&shop.buyer, line, "refund_requested").await;
    moved(&shop.seller, line, "refunded").await;
    let after = product_json(&shop.seller, product).await;
    assert_eq!(after["state"], "deleted");
    assert_eq!(after["stock"], 1);
    // A sold-out product that is still listed goes back on sale.
    let other = common::product(&shop.seller, shop.category, 1_000, 1).await;
    let line = line_id(&bought(&shop.buyer, other, 1, shop.address_id).await);
    moved(&shop.seller, line, "cancelled").await;
    assert_eq!(product_json(&shop.seller, other).await["state"], "on_sale");
}

#[actix_web::test]
async fn delivered_lines_confirm_by_themselves_after_seven_days_with_a_member_double_reward() {
    use praline_gateway::jobs;
    let (app, shop) = shop().await;
    let product = product(&shop.seller, shop.category, 10_001, 5).await;
    let line = line_id(&bought(&shop.buyer, product, 1, shop.address_id).await);
    for to in ["preparing", "shipped", "delivered"] {
        moved(&shop.seller, line, to).await;
    }
    // The buyer becomes a member (9,900 points) before the job runs.
    let joined = shop.buyer.post("/api/v1/membership").send().await.unwrap();
    assert_eq!(joined.status(), 201);
    app.clock.advance(chrono::Duration::days(6));
    assert_eq!(
        jobs::run_now(&app.state, "commerce.auto_confirm").await.unwrap(),
        "confirmed 0 order lines delivered 7 days ago"
    );
    app.clock.advance(chrono::Duration::days(1));
    assert_eq!(
        jobs::run_now(&app.state, "commerce.auto_confirm").await.unwrap(),
        "confirmed 1 order lines delivered 7 days ago"
    );
    assert_eq!(
        jobs::run_now(&app.state, "commerce.auto_confirm").await.unwrap(),
        "confirmed 0 order lines delivered 7 days ago"
    );
    // A week later the access token has expired; the refresh token still works.
    let buyer = shop.buyer.refreshed(&app).await;
    let order = buyer.get_json("/api/v1/orders").await;
    assert_eq!(order["items"][0]["status"], "confirmed");
    // ⌈5 % of 10,001⌉ = 501, doubled for a member.
    assert_eq!(entries(&app, shop.buyer.user_id, "purchase_reward").await, vec![(1_002, Some(line))]);
    assert_eq!(entries(&app, shop.seller.user_id, "seller_settlement").await, vec![(10_001, Some(line))]);
}

#[actix_web::test]
async fn another_buyers_cart_line_order_order_line_and_address_are_not_found_everywhere() {
    let (app, shop) = shop().await;
    let product = product(&shop.seller, shop.category, 1_000, 20).await;
    let added =
        shop.buyer.post("/api/v1/cart/items").json(&json!({"product_id": product, "amount": 1})).send();
    let cart_line = body_json(added.await.unwrap()).await["id"].as_i64().unwrap();
    let order = bought(&shop.buyer, product, 1, shop.address_id).await;
    let (order_id, line) = (order["id"].as_i64().unwrap(), line_id(&order));
    let (thief, thief_address) = ready_buyer(&app).await;
    let cases: Vec<(&str, reqwest::RequestBuilder)> = vec![
        (
            "patch cart line",
            thief.patch(&format!("/api/v1/cart/items/{cart_line}")).json(&json!({"amount": 2})),
        ),
        ("delete cart line", thief.delete(&format!("/api/v1/cart/items/{cart_line}"))),
        ("get order", thief.get(&format!("/api/v1/orders/{order_id}"))),
        ("cancel order", thief.post(&format!("/api/v1/orders/{order_id}/cancel"))),
        ("re-add order", thief.post(&format!("/api/v1/cart/items/from-order/{order_id}"))),
        ("re-add line", thief.post(&format!("/api/v1/cart/items/from-line/{line}"))),
        (
            "move line",
            thief
                .post(&format!("/api/v1/order-lines/{line}/transitions"))
                .json(&json!({"to": "refund_requested"})),
        ),
        (
            "order with their cart line",
            thief.post("/api/v1/orders").header("Idempotency-Key", fresh_key()).json(
                &json!({"cart_item_ids": [cart_line], "address_id": thief_address, "payment": "points"}),
            ),
        ),
        (
            "order to their address",
            thief.post("/api/v1/orders").header("Idempotency-Key", fresh_key()).json(&buy_now(
                product,
                1,
                shop.address_id,
            )),
        ),
    ];
    for (what, request) in cases {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 404, "{what}");
    }
    // Bulk delete skips lines that are not the caller's.
    let bulk = thief.delete(&format!("/api/v1/cart/items?ids={cart_line}")).send().await.unwrap();
    assert_eq!(bulk.status(), 204);
    assert_eq!(shop.buyer.get_json("/api/v1/cart").await["count"], 1);
    assert_eq!(
        shop.buyer.get_json(&format!("/api/v1/orders/{order_id}")).await["lines"][0]["status"],
        "placed"
    );
    assert_eq!(thief.get_json("/api/v1/orders").await["total"], 0);
}

#[actix_web::test]
async fn the_order_status_follows_the_aggregate_rule() {
    let (_app, shop) = shop().await;
    let a = product(&shop.seller, shop.category, 1_000, 10).await;
    let b = product(&shop.seller, shop.category, 1_000, 10).await;
    let mut lines = Vec::new();
    for id in [a, b] {
        let added =
            shop.buyer.post("/api/v1/cart/items").json(&json!({"product_id": id, "amount": 1})).send();
        lines.push(body_json(added.await.unwrap()).await["id"].as_i64().unwrap());
    }
    let placed = order(
        &shop.buyer,
        &json!({"cart_item_ids": lines, "address_id": shop.address_id, "payment": "points"}),
    )
    .await;
    let placed = body_json(placed).await;
    let (order_id, first, second) = (
        placed["id"].as_i64().unwrap(),
        placed["lines"][0]["id"].as_i64().unwrap(),
        placed["lines"][1]["id"].as_i64().unwrap(),
    );
    let status =
        || async { shop.buyer.get_json(&format!("/api/v1/orders/{order_id}")).await["status"].clone() };
    assert_eq!(status().await, "placed");
    moved(&shop.seller, first, "preparing").await;
    assert_eq!(status().await, "placed", "the first of placed, preparing…");
    moved(&shop.buyer, second, "refund_requested").await;
    assert_eq!(status().await, "refund_requested");
    moved(&shop.seller, second, "refunded").await;
    assert_eq!(status().await, "preparing", "closed lines do not count while another is open");
    moved(&shop.buyer, first, "refund_requested").await;
    moved(&shop.seller, first, "refunded").await;
    assert_eq!(status().await, "refunded");
    let list = shop.buyer.get_json("/api/v1/orders").await;
    assert_eq!(list["items"][0]["status"], "refunded");
    assert_eq!(list["items"][0]["line_count"], 2);
    // Re-adding the order puts both products back.
    let again = shop.buyer.post(&format!("/api/v1/cart/items/from-order/{order_id}")).send().await.unwrap();
    assert_eq!(again.status(), 200);
    let again = body_json(again).await;
    assert_eq!(again["added"].as_array().unwrap().len(), 2);
    assert_eq!(again["skipped"], json!([]));
}
