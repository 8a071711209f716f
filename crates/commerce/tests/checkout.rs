//! Checkout through the real app: one transaction, stock and points under concurrency, and the
//! Idempotency-Key rules.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use futures_util::future::join_all;
use praline_testkit::body_json;
use serde_json::json;

#[actix_web::test]
async fn two_hundred_concurrent_checkouts_of_ten_units_sell_exactly_ten() {
    let (app, shop) = shop().await;
    let product = product(&shop.seller, shop.category, 1_000, 10).await;
    let body = buy_now(product, 1, shop.address_id);
    let responses = join_all((0..200).map(|_| order(&shop.buyer, &body))).await;
    let mut created = 0;
    let mut short = 0;
    for response in responses {
        match response.status().as_u16() {
            201 => created += 1,
            409 => {
                let error = body_json(response).await;
                assert_eq!(error["error"]["code"], "insufficient_stock", "{error}");
                assert_eq!(error["error"]["product_ids"], json!([product]));
                short += 1;
            }
            other => panic!("unexpected {other}: {}", response.text().await.unwrap()),
        }
    }
    assert_eq!((created, short), (10, 190));
    let after = product_json(&shop.seller, product).await;
    assert_eq!(after["stock"], 0);
    assert_eq!(after["state"], "sold_out");
    let orders = shop.buyer.get_json("/api/v1/orders?per_page=100").await;
    assert_eq!(orders["total"], 10);
    assert_eq!(balance(&app, shop.buyer.user_id).await, 29_900 - 10 * 1_000);
}

#[actix_web::test]
async fn twenty_concurrent_checkouts_from_a_balance_covering_five_pay_exactly_five() {
    let (app, shop) = shop().await;
    let product = product(&shop.seller, shop.category, 1_000, 100).await;
    set_balance(&app, shop.buyer.user_id, 5_000).await;
    let body = buy_now(product, 1, shop.address_id);
    let responses = join_all((0..20).map(|_| order(&shop.buyer, &body))).await;
    let mut created = 0;
    for response in responses {
        match response.status().as_u16() {
            201 => created += 1,
            402 => {
                let error = body_json(response).await;
                assert_eq!(error["error"]["code"], "insufficient_points");
                assert_eq!(error["error"]["required"], 1_000);
                assert!(error["error"]["balance"].as_i64().unwrap() < 1_000);
            }
            other => panic!("unexpected {other}: {}", response.text().await.unwrap()),
        }
    }
    assert_eq!(created, 5);
    assert_eq!(balance(&app, shop.buyer.user_id).await, 0);
    // A refused checkout wrote nothing: the stock holds only the five sold units back.
    assert_eq!(product_json(&shop.seller, product).await["stock"], 95);
}

#[actix_web::test]
async fn the_same_idempotency_key_ten_times_in_parallel_makes_one_order_and_identical_replays() {
    let (app, shop) = shop().await;
    let product = product(&shop.seller, shop.category, 2_500, 10).await;
    let body = buy_now(product, 2, shop.address_id);
    let key = fresh_key();
    let responses = join_all((0..10).map(|_| order_with_key(&shop.buyer, &key, &body))).await;
    let mut bodies = Vec::new();
    for response in responses {
        match response.status().as_u16() {
            201 => bodies.push(response.text().await.unwrap()),
            409 => assert_eq!(body_json(response).await["error"]["code"], "idempotency_key_in_progress"),
            other => panic!("unexpected {other}"),
        }
    }
    // Once the first has finished, every retry is its replay.
    let replay = order_with_key(&shop.buyer, &key, &body).await;
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    let first = replay.text().await.unwrap();
    assert!(bodies.iter().all(|b| *b == first), "every 201 is the same order");
    assert_eq!(shop.buyer.get_json("/api/v1/orders").await["total"], 1);
    assert_eq!(product_json(&shop.seller, product).await["stock"], 8);
    assert_eq!(balance(&app, shop.buyer.user_id).await, 29_900 - 5_000);

    // The same key with another body is refused; another caller's same key is their own.
    let other = order_with_key(&shop.buyer, &key, &buy_now(product, 1, shop.address_id)).await;
    assert_eq!(other.status(), 422);
    assert_eq!(body_json(other).await["error"]["code"], "idempotency_key_reused");
    let (stranger, address) = ready_buyer(&app).await;
    let theirs = order_with_key(&stranger, &key, &buy_now(product, 1, address)).await;
    assert_eq!(theirs.status(), 201);
    assert!(theirs.headers().get("idempotent-replayed").is_none());
}

#[actix_web::test]
async fn a_missing_or_malformed_key_is_400_and_a_refusal_is_replayed_but_a_5xx_is_not_kept() {
    let fake = praline_testkit::fakes::FakePortOne::start();
    let (app, shop) = shop_on(praline_testkit::TestApp::builder().config(fake.settings(5_000)).spawn()).await;
    let product = product(&shop.seller, shop.category, 1_000, 1).await;
    let body = buy_now(product, 1, shop.address_id);
    let missing = shop.buyer.post("/api/v1/orders").json(&body).send().await.unwrap();
    assert_eq!(missing.status(), 400);
    assert_eq!(body_json(missing).await["error"]["code"], "invalid_input");
    for bad in ["", "with space", &"x".repeat(256), "한글"] {
        let response = shop.buyer.post("/api/v1/orders").header("Idempotency-Key", bad).json(&body).send();
        assert_eq!(response.await.unwrap().status(), 400, "{bad:?}");
    }
    // A 4xx is kept: the same key answers the same refusal even after the cause is gone.
    let key = fresh_key();
    let too_many = buy_now(product, 2, shop.address_id);
    let refused = order_with_key(&shop.buyer, &key, &too_many).await;
    assert_eq!(refused.status(), 409);
    let again = order_with_key(&shop.buyer, &key, &too_many).await;
    assert_eq!(again.status(), 409);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    // A 502 (PortOne failed to register the card payment) leaves nothing behind: the key can be
    // used anew.
    let card = json!({"buy_now": {"product_id": product, "amount": 1}, "address_id": shop.address_id, "payment": "card"});
    let key = fresh_key();
    fake.switch(|s| s.fail_next = 2);
    let unavailable = order_with_key(&shop.buyer, &key, &card).await;
    assert_eq!(unavailable.status(), 502);
    assert_eq!(body_json(unavailable).await["error"]["code"], "provider_error");
    let points = order_with_key(&shop.buyer, &key, &body).await;
    assert_eq!(points.status(), 201, "the key was not kept after a 503");
    // Keys expire after 24 hours and the purge job removes them.
    app.clock.advance(chrono::Duration::hours(25));
    let report = praline_gateway::jobs::run_now(&app.state, "kernel.purge_idempotency_keys").await.unwrap();
    assert_eq!(report, "removed 2 expired idempotency keys");
}

#[actix_web::test]
async fn a_points_order_snapshots_its_lines_seals_its_shipping_and_empties_the_cart_lines_it_took() {
    let (app, shop) = shop().await;
    let cheap = product(&shop.seller, shop.category, 1_200, 5).await;
    let dear = product(&shop.seller, shop.category, 3_000, 5).await;
    let kept = product(&shop.seller, shop.category, 500, 5).await;
    let mut line_ids = Vec::new();
    for (id, amount) in [(dear, 2), (cheap, 1), (kept, 1)] {
        let added =
            shop.buyer.post("/api/v1/cart/items").json(&json!({"product_id": id, "amount": amount})).send();
        line_ids.push(body_json(added.await.unwrap()).await["id"].as_i64().unwrap());
    }
    let body = json!({"cart_item_ids": [line_ids[0], line_ids[1]], "new_address": address_body("박받음"), "payment": "points"});
    let response = order(&shop.buyer, &body).await;
    assert_eq!(response.status(), 201);
    let placed = body_json(response).await;
    assert_eq!(placed["status"], "placed");
    assert_eq!(placed["payment_method"], "points");
    assert_eq!(placed["payment"], serde_json::Value::Null);
    assert_eq!(placed["total_price"], 2 * 3_000 + 1_200);
    assert_eq!(placed["shipping"]["recipient"], "박받음");
    assert_eq!(placed["shipping"]["phone"], "01098765432");
    let lines = placed["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["product_id"], cheap, "lines in ascending product id");
    assert_eq!(lines[1]["unit_price"], 3_000);
    assert_eq!(lines[1]["line_total"], 6_000);
    assert_eq!(lines[1]["seller"]["user_id"], shop.seller.user_id);
    assert!(lines[1]["seller"]["company_name"].as_str().unwrap().starts_with("Cacao House"));
    // The seller's later price change does not touch the snapshot.
    let patch = shop.seller.patch(&format!("/api/v1/products/{dear}")).json(&json!({"price": 9_999})).send();
    assert_eq!(patch.await.unwrap().status(), 200);
    let order_id = placed["id"].as_i64().unwrap();
    let again = shop.buyer.get_json(&format!("/api/v1/orders/{order_id}")).await;
    assert_eq!(again["lines"][1]["unit_price"], 3_000);
    // The two ordered lines left the cart; the third stayed. A new address is not saved.
    let cart = shop.buyer.get_json("/api/v1/cart").await;
    assert_eq!(cart["count"], 1);
    assert_eq!(cart["items"][0]["product_id"], kept);
    assert_eq!(shop.buyer.get_json("/api/v1/me/addresses").await.as_array().unwrap().len(), 1);
    assert_eq!(balance(&app, shop.buyer.user_id).await, 29_900 - 7_200);
    // The shipping snapshot is sealed at rest.
    let stored: String = praline_kernel::db::run(&app.state.pool, move |conn| {
        use diesel::prelude::*;
        use praline_commerce::schema::commerce_orders as o;
        o::table
            .find(order_id)
            .select(o::shipping_recipient_sealed)
            .first::<String>(conn)
            .map_err(praline_kernel::db::DbError::from)
    })
    .await
    .unwrap();
    assert!(!stored.contains("박받음"));
}

#[actix_web::test]
async fn checkout_refusals_write_nothing() {
    let (app, shop) = shop().await;
    let product = product(&shop.seller, shop.category, 1_000, 3).await;
    let hidden = product_json(&shop.seller, product).await;
    assert_eq!(hidden["state"], "on_sale");
    // An unverified phone is 403.
    let unverified = app.buyer().await;
    let response = order(
        &unverified,
        &json!({"buy_now": {"product_id": product, "amount": 1},
        "new_address": address_body("x"), "payment": "points"}),
    )
    .await;
    assert_eq!(response.status(), 403);
    assert_eq!(body_json(response).await["error"]["code"], "phone_unverified");
    // Own product, with the ids.
    verify_phone(&app, &shop.seller).await;
    let own = order(
        &shop.seller,
        &json!({"buy_now": {"product_id": product, "amount": 1},
        "new_address": address_body("x"), "payment": "points"}),
    )
    .await;
    assert_eq!(own.status(), 403);
    let own = body_json(own).await;
    assert_eq!(own["error"]["code"], "own_product");
    assert_eq!(own["error"]["product_ids"], json!([product]));
    // Both or neither of the item choices, or of the address choices: 400.
    for bad in [
        json!({"address_id": shop.address_id, "payment": "points"}),
        json!({"buy_now": {"product_id": product, "amount": 1}, "cart_item_ids": [1], "address_id": shop.address_id, "payment": "points"}),
        json!({"buy_now": {"product_id": product, "amount": 1}, "payment": "points"}),
        json!({"buy_now": {"product_id": product, "amount": 0}, "address_id": shop.address_id, "payment": "points"}),
        json!({"buy_now": {"product_id": product, "amount": 1}, "address_id": shop.address_id, "payment": "cash"}),
        json!({"buy_now": {"product_id": product, "amount": 1}, "address_id": shop.address_id, "payment": "points", "price": 1}),
    ] {
        assert_eq!(order(&shop.buyer, &bad).await.status(), 400, "{bad}");
    }
    // Another buyer's address, or an unknown product: 404.
    let (_, their_address) = ready_buyer(&app).await;
    assert_eq!(order(&shop.buyer, &buy_now(product, 1, their_address)).await.status(), 404);
    assert_eq!(order(&shop.buyer, &buy_now(987_654, 1, shop.address_id)).await.status(), 404);
    // A hidden product is not visible: 404; a discontinued one is unavailable: 409.
    let discontinue = shop
        .seller
        .patch(&format!("/api/v1/products/{product}"))
        .json(&json!({"state": "discontinued"}))
        .send();
    assert_eq!(discontinue.await.unwrap().status(), 200);
    let gone = order(&shop.buyer, &buy_now(product, 1, shop.address_id)).await;
    assert_eq!(gone.status(), 409);
    assert_eq!(body_json(gone).await["error"]["code"], "product_unavailable");
    // Saving a sixth address is 409 address_limit, and nothing was ordered.
    for i in 0..4 {
        let saved = shop.buyer.post("/api/v1/me/addresses").json(&address_body(&format!("r{i}"))).send();
        assert_eq!(saved.await.unwrap().status(), 201);
    }
    let other = common::product(&shop.seller, shop.category, 1_000, 3).await;
    let mut sixth = address_body("여섯");
    sixth["save"] = json!(true);
    let full = order(
        &shop.buyer,
        &json!({"buy_now": {"product_id": other, "amount": 1}, "new_address": sixth, "payment": "points"}),
    )
    .await;
    assert_eq!(full.status(), 409);
    assert_eq!(body_json(full).await["error"]["code"], "address_limit");
    assert_eq!(product_json(&shop.seller, other).await["stock"], 3);
    assert_eq!(shop.buyer.get_json("/api/v1/orders").await["total"], 0);
    assert_eq!(balance(&app, shop.buyer.user_id).await, 29_900);
}

#[actix_web::test]
async fn a_points_checkout_keeps_to_its_statement_budget() {
    use praline_accounts::AccountsConfig;
    use praline_commerce::CommerceError;
    use praline_commerce::model::PaymentMethod;
    use praline_commerce::service::Env;
    use praline_commerce::service::checkout::{self, Items, PlaceOrder, ShipTo};
    use praline_testkit::statements_of;

    let (app, shop) = shop().await;
    let product = product(&shop.seller, shop.category, 1_000, 10).await;
    set_balance(&app, shop.buyer.user_id, 10_000).await;
    let accounts = app.state.settings.get::<AccountsConfig>().unwrap();
    let (secrets, now) = (app.state.secrets.clone(), app.clock.now());
    let (buyer, address) = (shop.buyer.user_id, shop.address_id);
    let statements = praline_kernel::db::run(&app.state.pool, move |conn| {
        let env = Env { now, secrets: &secrets, accounts: &accounts };
        let input = PlaceOrder {
            items: Items::BuyNow { product_id: product, amount: 1 },
            ship_to: ShipTo::Saved(address),
            payment: PaymentMethod::Points,
        };
        Ok::<_, CommerceError>(statements_of(conn, |c| {
            checkout::place_order(c, &env, buyer, input).unwrap();
        }))
    })
    .await
    .unwrap();
    // The writes pgbench measures (order, line, debit, ledger entry, stock) and what a real
    // checkout must read around them: the buyer, the product, its seller, the address, the
    // transaction around them.
    assert!(statements.len() <= 11, "{} statements: {statements:#?}", statements.len());
    assert_eq!(balance(&app, buyer).await, 9_000);
}
