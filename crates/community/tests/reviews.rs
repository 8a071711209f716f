//! Reviews: only confirmed lines of the caller, once; rewards fixed at creation and taken back
//! exactly; the rating aggregate moving with every change; likes; hiding.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{
    balance, code, confirm, confirmed_line, credit, ordered_line, photo_review_form, product_json,
    ready_to_order, review, review_form, send, shop, status,
};
use serde_json::json;

#[actix_web::test]
async fn only_the_buyer_of_a_confirmed_line_reviews_it_once() {
    let (app, shop) = shop().await;
    let address = ready_to_order(&app, &shop.buyer, 100_000).await;
    let line = ordered_line(&shop.buyer, shop.product, address).await;
    let path = format!("/api/v1/order-lines/{line}/review");

    let (s, body) = send(shop.buyer.post(&path).multipart(review_form(5))).await;
    assert_eq!((s, code(&body)), (403, "not_confirmed"));
    confirm(&shop.seller1, &shop.buyer, line).await;
    assert_eq!(status(shop.buyer2.post(&path).multipart(review_form(5))).await, 404, "another buyer's line");
    assert_eq!(status(shop.seller1.post(&path).multipart(review_form(5))).await, 404);
    assert_eq!(status(app.post(&path).multipart(review_form(5))).await, 401);
    assert_eq!(
        status(shop.buyer.post("/api/v1/order-lines/999999/review").multipart(review_form(5))).await,
        404
    );
    assert_eq!(status(shop.buyer.post(&path).multipart(review_form(6))).await, 400);
    let short = review_form(5).text("extra", "x");
    assert_eq!(status(shop.buyer.post(&path).multipart(short)).await, 400, "unknown fields are refused");

    let created = review(&shop.buyer, line, review_form(4)).await;
    assert_eq!(created["review"]["rating"], 4);
    assert_eq!(created["review"]["order_line_id"], line);
    assert_eq!(created["review"]["hidden"], false, "the author sees `hidden`");
    let (s, body) = send(shop.buyer.post(&path).multipart(review_form(5))).await;
    assert_eq!((s, code(&body)), (409, "already_reviewed"));
    let product = product_json(&app, shop.product).await;
    assert_eq!((product["rating_count"].as_i64(), product["rating_avg"].as_f64()), (Some(1), Some(4.0)));
}

#[actix_web::test]
async fn rewards_are_one_and_five_percent_rounded_up_and_double_for_members() {
    let (app, shop) = shop().await;
    // 12,345 won: text ⌈123.45⌉ = 124, photo ⌈617.25⌉ = 618.
    let priced = common::product(&shop.seller1, shop.category, "가나슈 세트", 12_345).await;
    let address = ready_to_order(&app, &shop.buyer, 100_000).await;
    let text_line = ordered_line(&shop.buyer, priced, address).await;
    let photo_line = ordered_line(&shop.buyer, priced, address).await;
    for line in [text_line, photo_line] {
        confirm(&shop.seller1, &shop.buyer, line).await;
    }
    let reviewable = shop.buyer.get_json("/api/v1/me/reviewable-lines").await;
    assert_eq!(reviewable["total"], 2);
    assert_eq!(reviewable["items"][0]["reward"], json!({"text": 124, "photo": 618}));

    let before = balance(&app, shop.buyer.user_id).await;
    let text = review(&shop.buyer, text_line, review_form(5)).await;
    assert_eq!(text["reward"], json!({"kind": "text_review", "points": 124}));
    let photo = review(&shop.buyer, photo_line, photo_review_form(3)).await;
    assert_eq!(photo["reward"], json!({"kind": "photo_review", "points": 618}));
    assert!(photo["review"]["photo_url"].is_string());
    assert_eq!(balance(&app, shop.buyer.user_id).await - before, 124 + 618);
    assert_eq!(shop.buyer.get_json("/api/v1/me/reviewable-lines").await["total"], 0);

    // A member earns twice as much.
    let member_line = confirmed_line(&app, &shop.seller1, &shop.buyer2, priced).await;
    assert_eq!(status(shop.buyer2.post("/api/v1/membership")).await, 201);
    let member_photo = review(&shop.buyer2, member_line, photo_review_form(5)).await;
    assert_eq!(member_photo["reward"], json!({"kind": "photo_review", "points": 1_236}));
    let product = product_json(&app, priced).await;
    assert_eq!(product["rating_count"], 3);
    assert_eq!(product["rating_avg"], 4.33);
}

#[actix_web::test]
async fn deleting_takes_back_exactly_the_reward_or_nothing_when_the_balance_is_short() {
    let (app, shop) = shop().await;
    let line = confirmed_line(&app, &shop.seller1, &shop.buyer, shop.product).await;
    // 12,000 won with a photo: 600 points.
    let created = review(&shop.buyer, line, photo_review_form(5)).await;
    assert_eq!(created["reward"]["points"], 600);
    let path = format!("/api/v1/reviews/{}", created["review"]["id"]);

    // Spend the balance down to 599.
    let balance_now = balance(&app, shop.buyer.user_id).await;
    let take = shop.admin.post(&format!("/api/v1/admin/wallets/{}/adjustments", shop.buyer.user_id));
    let adjusted = take.json(&json!({"amount": 599 - balance_now, "memo": "test"}));
    assert_eq!(status(adjusted).await, 201);
    let (s, body) = send(shop.buyer.delete(&path)).await;
    assert_eq!((s, code(&body)), (402, "insufficient_points"));
    assert_eq!(
        (body["error"]["balance"].as_i64(), body["error"]["required"].as_i64()),
        (Some(599), Some(600))
    );
    assert_eq!(status(app.get(&path)).await, 200, "the review stays");
    assert_eq!(product_json(&app, shop.product).await["rating_count"], 1);

    credit(&app, shop.buyer.user_id, 1).await;
    assert_eq!(status(shop.buyer2.delete(&path)).await, 404);
    assert_eq!(status(shop.buyer.delete(&path)).await, 204);
    assert_eq!(balance(&app, shop.buyer.user_id).await, 0);
    assert_eq!(status(app.get(&path)).await, 404);
    let product = product_json(&app, shop.product).await;
    assert_eq!((product["rating_count"].as_i64(), product["rating_avg"].as_f64()), (Some(0), Some(0.0)));
    let entries = shop.buyer.get_json("/api/v1/wallet/entries").await;
    let reversal =
        entries["items"].as_array().unwrap().iter().find(|e| e["kind"] == "review_reversal").unwrap();
    assert_eq!(reversal["amount"], -600);
    // The line can be reviewed again.
    assert_eq!(shop.buyer.get_json("/api/v1/me/reviewable-lines").await["total"], 1);
}

#[actix_web::test]
async fn the_author_edits_and_replaces_the_photo_without_changing_the_reward() {
    let (app, shop) = shop().await;
    let line = confirmed_line(&app, &shop.seller1, &shop.buyer, shop.product).await;
    let created = review(&shop.buyer, line, review_form(5)).await;
    let path = format!("/api/v1/reviews/{}", created["review"]["id"]);

    assert_eq!(status(shop.buyer2.patch(&path).json(&json!({"rating": 1}))).await, 404);
    assert_eq!(status(shop.buyer.patch(&path).json(&json!({"content": "짧음"}))).await, 400);
    assert_eq!(status(shop.buyer.patch(&path).json(&json!({"delivery": "teleport"}))).await, 400);
    assert_eq!(status(shop.buyer.patch(&path).json(&json!({"reward_points": 1}))).await, 400);
    let (s, edited) =
        send(shop.buyer.patch(&path).json(&json!({"rating": 2, "rebuy": "no", "title": "생각보다 별로"})))
            .await;
    assert_eq!((s, edited["rating"].as_i64(), edited["rebuy"].as_str()), (200, Some(2), Some("no")));
    assert_eq!(edited["content"], created["review"]["content"]);
    assert_eq!(product_json(&app, shop.product).await["rating_avg"], 2.0);
    let list = send(app.get(&format!("/api/v1/products/{}/reviews", shop.product))).await.1;
    assert_eq!(list["evaluation"]["ratings"], json!({"1": 0, "2": 1, "3": 0, "4": 0, "5": 0}));
    assert_eq!(list["evaluation"]["rebuy"], json!({"yes": 0, "maybe": 0, "no": 1}));
    assert_eq!(
        send(app.get(&format!("/api/v1/products/{}/reviews?photo=true", shop.product))).await.1["total"],
        0
    );

    let before = balance(&app, shop.buyer.user_id).await;
    let form = praline_testkit::image_form(praline_testkit::fakes::TINY_PNG.to_vec(), "p.png");
    let (s, with_photo) = send(shop.buyer.put(&format!("{path}/photo")).multipart(form)).await;
    assert_eq!(s, 200);
    assert!(with_photo["photo_url"].is_string());
    assert_eq!(balance(&app, shop.buyer.user_id).await, before, "a later photo earns nothing");
    assert_eq!(
        send(app.get(&format!("/api/v1/products/{}/reviews?photo=true", shop.product))).await.1["total"],
        1
    );
    let form = praline_testkit::image_form(b"not an image".to_vec(), "p.png");
    assert_eq!(status(shop.buyer.put(&format!("{path}/photo")).multipart(form)).await, 415);
    let form = praline_testkit::image_form(praline_testkit::fakes::TINY_PNG.to_vec(), "p.png");
    assert_eq!(status(shop.buyer2.put(&format!("{path}/photo")).multipart(form)).await, 404);
}

#[actix_web::test]
async fn likes_are_idempotent_and_never_your_own() {
    let (app, shop) = shop().await;
    let line = confirmed_line(&app, &shop.seller1, &shop.buyer, shop.product).await;
    let created = review(&shop.buyer, line, review_form(5)).await;
    let path = format!("/api/v1/reviews/{}/like", created["review"]["id"]);

    let (s, body) = send(shop.buyer.put(&path)).await;
    assert_eq!((s, code(&body)), (403, "forbidden"));
    for _ in 0..2 {
        let (s, body) = send(shop.buyer2.put(&path)).await;
        assert_eq!((s, body["liked"].as_bool(), body["like_count"].as_i64()), (200, Some(true), Some(1)));
    }
    assert_eq!(send(shop.seller2.put(&path)).await.1["like_count"], 2);
    let review_path = format!("/api/v1/reviews/{}", created["review"]["id"]);
    assert_eq!(shop.buyer2.get_json(&review_path).await["liked"], true);
    let visitor = send(app.get(&review_path)).await.1;
    assert_eq!((visitor["liked"].as_bool(), visitor.get("hidden")), (Some(false), None));
    for _ in 0..2 {
        let (s, body) = send(shop.buyer2.delete(&path)).await;
        assert_eq!((s, body["liked"].as_bool(), body["like_count"].as_i64()), (200, Some(false), Some(1)));
    }
    assert_eq!(status(app.put(&path)).await, 401);
    assert_eq!(status(shop.buyer2.put("/api/v1/reviews/999999/like")).await, 404);
}

#[actix_web::test]
async fn hidden_reviews_leave_lists_and_ratings_but_keep_their_points() {
    let (app, shop) = shop().await;
    let first = confirmed_line(&app, &shop.seller1, &shop.buyer, shop.product).await;
    let second = confirmed_line(&app, &shop.seller1, &shop.buyer2, shop.product).await;
    let kept = review(&shop.buyer, first, review_form(5)).await;
    let hidden = review(&shop.buyer2, second, photo_review_form(1)).await;
    let path = format!("/api/v1/admin/reviews/{}", hidden["review"]["id"]);
    let points = balance(&app, shop.buyer2.user_id).await;

    assert_eq!(status(shop.buyer.post(&format!("{path}/hide"))).await, 403);
    let (s, body) = send(shop.admin.post(&format!("{path}/hide")).json(&json!({"reason": "욕설"}))).await;
    assert_eq!((s, body["hidden"].as_bool()), (200, Some(true)));
    assert_eq!(status(shop.admin.post(&format!("{path}/hide"))).await, 200, "a repeat changes nothing");
    let product = product_json(&app, shop.product).await;
    assert_eq!((product["rating_count"].as_i64(), product["rating_avg"].as_f64()), (Some(1), Some(5.0)));
    assert_eq!(balance(&app, shop.buyer2.user_id).await, points);

    let list = send(app.get(&format!("/api/v1/products/{}/reviews", shop.product))).await.1;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], kept["review"]["id"]);
    assert_eq!(list["evaluation"]["rating_count"], 1);
    let review_path = format!("/api/v1/reviews/{}", hidden["review"]["id"]);
    assert_eq!(status(app.get(&review_path)).await, 404);
    assert_eq!(status(shop.buyer.get(&review_path)).await, 404);
    assert_eq!(shop.buyer2.get_json(&review_path).await["hidden"], true);
    assert_eq!(shop.admin.get_json(&review_path).await["hidden"], true);
    let mine = shop.buyer2.get_json("/api/v1/me/reviews").await;
    assert_eq!((mine["total"].as_i64(), mine["items"][0]["hidden"].as_bool()), (Some(1), Some(true)));
    assert_eq!(mine["items"][0]["product"]["name"], "다크 트러플");

    assert_eq!(status(shop.admin.post(&format!("{path}/unhide"))).await, 200);
    let product = product_json(&app, shop.product).await;
    assert_eq!((product["rating_count"].as_i64(), product["rating_avg"].as_f64()), (Some(2), Some(3.0)));
}

#[actix_web::test]
async fn a_products_reviews_sort_filter_and_carry_their_evaluation() {
    let (app, shop) = shop().await;
    let mut ids = Vec::new();
    for (buyer, rating, photo) in [(&shop.buyer, 5, false), (&shop.buyer2, 2, true)] {
        let line = confirmed_line(&app, &shop.seller1, buyer, shop.product).await;
        let form = if photo { photo_review_form(rating) } else { review_form(rating) };
        ids.push(review(buyer, line, form).await["review"]["id"].clone());
        app.clock.advance(chrono::Duration::seconds(1));
    }
    let like = shop.buyer2.put(&format!("/api/v1/reviews/{}/like", ids[0]));
    assert_eq!(status(like).await, 200);
    let path = format!("/api/v1/products/{}/reviews", shop.product);
    let ids_of = |list: &serde_json::Value| {
        list["items"].as_array().unwrap().iter().map(|r| r["id"].clone()).collect::<Vec<_>>()
    };
    let recent = send(app.get(&path)).await.1;
    assert_eq!(ids_of(&recent), [ids[1].clone(), ids[0].clone()]);
    assert_eq!(
        ids_of(&send(app.get(&format!("{path}?sort=likes"))).await.1),
        [ids[0].clone(), ids[1].clone()]
    );
    assert_eq!(
        ids_of(&send(app.get(&format!("{path}?sort=rating_asc"))).await.1),
        [ids[1].clone(), ids[0].clone()]
    );
    assert_eq!(ids_of(&send(app.get(&format!("{path}?rating=5"))).await.1), [ids[0].clone()]);
    assert_eq!(ids_of(&send(app.get(&format!("{path}?photo=true"))).await.1), [ids[1].clone()]);
    let evaluation = &recent["evaluation"];
    assert_eq!(evaluation["rating_count"], 2);
    assert_eq!(evaluation["rating_avg"], 3.5);
    assert_eq!(evaluation["ratings"], json!({"1": 0, "2": 1, "3": 0, "4": 0, "5": 1}));
    assert_eq!(evaluation["delivery"], json!({"fast": 2, "normal": 0, "slow": 0}));
    assert_eq!(evaluation["rebuy"], json!({"yes": 2, "maybe": 0, "no": 0}));
    assert_eq!(status(app.get(&format!("{path}?sort=best"))).await, 400);
    assert_eq!(status(app.get(&format!("{path}?rating=6"))).await, 400);
    assert_eq!(status(app.get("/api/v1/products/999999/reviews")).await, 404);
}
