//! Wishes and follows: idempotent set/unset, counts on catalog's and accounts' aggregates, and
//! races that leave one row and a right count.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{code, product_json, send, shop, status};
use diesel::prelude::*;
use futures_util::future::join_all;
use praline_testkit::body_json;
use serde_json::json;

#[actix_web::test]
async fn wishing_is_an_idempotent_toggle_counted_on_the_product() {
    let (app, shop) = shop().await;
    let path = format!("/api/v1/products/{}/wish", shop.product);

    let (s, visitor) = send(app.get(&path)).await;
    assert_eq!((s, visitor["wished"].as_bool(), visitor["wish_count"].as_i64()), (200, Some(false), Some(0)));
    assert_eq!(status(app.put(&path)).await, 401);

    for _ in 0..2 {
        let (s, body) = send(shop.buyer.put(&path)).await;
        assert_eq!((s, body["wished"].as_bool(), body["wish_count"].as_i64()), (200, Some(true), Some(1)));
    }
    let (_, other) = send(shop.buyer2.put(&path)).await;
    assert_eq!(other["wish_count"], 2);
    assert_eq!(product_json(&app, shop.product).await["wish_count"], 2);
    assert_eq!(shop.buyer.get_json(&path).await["wished"], true);
    assert_eq!(send(app.get(&path)).await.1["wished"], false);

    for _ in 0..2 {
        let (s, body) = send(shop.buyer.delete(&path)).await;
        assert_eq!((s, body["wished"].as_bool(), body["wish_count"].as_i64()), (200, Some(false), Some(1)));
    }
    assert_eq!(product_json(&app, shop.product).await["wish_count"], 1);
}

#[actix_web::test]
async fn nobody_wishes_for_their_own_or_an_invisible_product() {
    let (app, shop) = shop().await;
    let (s, body) = send(shop.seller1.put(&format!("/api/v1/products/{}/wish", shop.product))).await;
    assert_eq!((s, code(&body)), (403, "own_product"));
    assert_eq!(status(shop.buyer.put("/api/v1/products/999999/wish")).await, 404);
    assert_eq!(status(app.get("/api/v1/products/999999/wish")).await, 404);

    let hide =
        shop.seller2.patch(&format!("/api/v1/products/{}", shop.product2)).json(&json!({"state": "hidden"}));
    assert_eq!(status(hide).await, 200);
    assert_eq!(status(shop.buyer.put(&format!("/api/v1/products/{}/wish", shop.product2))).await, 404);
    assert_eq!(status(app.get(&format!("/api/v1/products/{}/wish", shop.product2))).await, 404);
}

#[actix_web::test]
async fn the_wishlist_shows_visible_products_newest_first_with_when_they_were_wished() {
    let (app, shop) = shop().await;
    let third = common::product(&shop.seller2, shop.category, "화이트 바", 3_000).await;
    for id in [shop.product, shop.product2, third] {
        assert_eq!(status(shop.buyer.put(&format!("/api/v1/products/{id}/wish"))).await, 200);
        app.clock.advance(chrono::Duration::seconds(1));
    }
    let list = shop.buyer.get_json("/api/v1/me/wishlist").await;
    let ids: Vec<i64> = list["items"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [third, shop.product2, shop.product]);
    assert_eq!(list["total"], 3);
    assert!(list["items"][0]["wished_at"].is_string());
    assert_eq!(list["items"][2]["seller"]["company_name"], "초코더쿠");
    assert_eq!(list["items"][2]["wish_count"], 1);

    // A product its seller deleted leaves the list; it can still be taken off.
    assert_eq!(status(shop.seller2.delete(&format!("/api/v1/products/{third}"))).await, 204);
    let list = shop.buyer.get_json("/api/v1/me/wishlist?per_page=1&page=2").await;
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][0]["id"], shop.product);
    let (s, body) = send(shop.buyer.delete(&format!("/api/v1/products/{third}/wish"))).await;
    assert_eq!((s, body["wished"].as_bool()), (200, Some(false)));
    assert_eq!(status(app.get("/api/v1/me/wishlist")).await, 401);
    assert_eq!(status(shop.buyer.get("/api/v1/me/wishlist?per_page=101")).await, 400);
}

#[actix_web::test]
async fn twenty_parallel_wish_puts_and_deletes_leave_a_count_equal_to_the_rows() {
    let (app, shop) = shop().await;
    let path = format!("/api/v1/products/{}/wish", shop.product);
    let mut buyers = vec![shop.buyer.clone(), shop.buyer2.clone()];
    for _ in 0..3 {
        buyers.push(app.buyer().await);
    }
    // 20 requests at once: every buyer PUTs twice and DELETEs twice, interleaved.
    let requests = (0..20).map(|i| {
        let buyer = &buyers[i % buyers.len()];
        if (i / buyers.len()) % 2 == 0 { buyer.put(&path).send() } else { buyer.delete(&path).send() }
    });
    let responses = join_all(requests).await;
    assert!(responses.iter().all(|r| r.as_ref().unwrap().status() == 200));

    // Then 20 threads on the service itself, each with its own connection.
    let threads: Vec<_> = (0..20)
        .map(|i| {
            let pool = app.state.pool.clone();
            let (user, product, now) = (buyers[i % buyers.len()].user_id, shop.product, app.clock.now());
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                if i % 3 == 0 {
                    praline_community::service::wish::unwish(&mut conn, user, product).unwrap();
                } else {
                    praline_community::service::wish::wish(&mut conn, user, product, now).unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }

    let mut conn = app.state.pool.get().unwrap();
    let rows: i64 = praline_community::schema::community_wishes::table
        .filter(praline_community::schema::community_wishes::product_id.eq(shop.product))
        .count()
        .get_result(&mut conn)
        .unwrap();
    let count = product_json(&app, shop.product).await["wish_count"].as_i64().unwrap();
    assert_eq!(count, rows);
    let state = send(app.get(&path)).await.1;
    assert_eq!(state["wish_count"].as_i64(), Some(rows));
}

#[actix_web::test]
async fn following_is_an_idempotent_toggle_counted_on_the_seller_card() {
    let (app, shop) = shop().await;
    let path = format!("/api/v1/sellers/{}/follow", shop.seller1.user_id);
    let card = || async {
        body_json(app.get(&format!("/api/v1/sellers/{}", shop.seller1.user_id)).send().await.unwrap()).await
    };

    let (s, visitor) = send(app.get(&path)).await;
    assert_eq!(
        (s, visitor["following"].as_bool(), visitor["follower_count"].as_i64()),
        (200, Some(false), Some(0))
    );
    assert_eq!(status(app.put(&path)).await, 401);
    for _ in 0..2 {
        let (s, body) = send(shop.buyer.put(&path)).await;
        assert_eq!(
            (s, body["following"].as_bool(), body["follower_count"].as_i64()),
            (200, Some(true), Some(1))
        );
    }
    assert_eq!(send(shop.buyer2.put(&path)).await.1["follower_count"], 2);
    assert_eq!(card().await["follower_count"], 2);
    assert_eq!(shop.buyer.get_json(&path).await["following"], true);

    for _ in 0..2 {
        let (s, body) = send(shop.buyer.delete(&path)).await;
        assert_eq!(
            (s, body["following"].as_bool(), body["follower_count"].as_i64()),
            (200, Some(false), Some(1))
        );
    }
    assert_eq!(card().await["follower_count"], 1);

    let (s, body) = send(shop.seller1.put(&path)).await;
    assert_eq!((s, code(&body)), (403, "forbidden"));
    // Only approved sellers can be followed.
    let buyer_path = format!("/api/v1/sellers/{}/follow", shop.buyer2.user_id);
    assert_eq!(status(shop.buyer.put(&buyer_path)).await, 404);
    assert_eq!(status(app.get(&buyer_path)).await, 404);
    let pending = app.pending_seller().await;
    assert_eq!(status(shop.buyer.put(&format!("/api/v1/sellers/{}/follow", pending.user_id))).await, 404);
}

#[actix_web::test]
async fn my_follows_list_the_seller_cards_newest_first() {
    let (app, shop) = shop().await;
    for seller in [&shop.seller1, &shop.seller2] {
        assert_eq!(status(shop.buyer.put(&format!("/api/v1/sellers/{}/follow", seller.user_id))).await, 200);
        app.clock.advance(chrono::Duration::seconds(1));
    }
    let list = shop.buyer.get_json("/api/v1/me/follows").await;
    assert_eq!(list["total"], 2);
    let first = &list["items"][0];
    assert_eq!(first["user_id"], shop.seller2.user_id);
    assert_eq!(first["follower_count"], 1);
    assert_eq!(first["product_count"], 1);
    assert!(first["followed_at"].is_string());
    assert_eq!(list["items"][1]["company_name"], "초코더쿠");
    assert_eq!(status(app.get("/api/v1/me/follows")).await, 401);
}
