//! Product Q&A: secret redaction for every kind of viewer, the seller's one editable answer,
//! the author's edits until it is answered, and the lists.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{code, send, shop, status};
use serde_json::{Value, json};

async fn ask(shop: &common::Shop, body: Value) -> Value {
    let (s, inquiry) =
        send(shop.buyer.post(&format!("/api/v1/products/{}/inquiries", shop.product)).json(&body)).await;
    assert_eq!(s, 201, "{inquiry}");
    inquiry
}

#[actix_web::test]
async fn a_secret_inquiry_is_whole_only_for_its_author_the_seller_and_admins() {
    let (app, shop) = shop().await;
    let secret = ask(&shop, json!({"content": "선물 포장 되나요?", "secret": true})).await;
    ask(&shop, json!({"content": "유통기한이 얼마나 되나요?"})).await;
    let answer = shop
        .seller1
        .put(&format!("/api/v1/inquiries/{}/answer", secret["id"]))
        .json(&json!({"content": "네, 가능합니다."}));
    assert_eq!(status(answer).await, 200);

    let path = format!("/api/v1/products/{}/inquiries", shop.product);
    let visitor = send(app.get(&path)).await.1;
    let cases = [
        ("visitor", visitor, true),
        ("other buyer", shop.buyer2.get_json(&path).await, true),
        ("other seller", shop.seller2.get_json(&path).await, true),
        ("author", shop.buyer.get_json(&path).await, false),
        ("seller", shop.seller1.get_json(&path).await, false),
        ("admin", shop.admin.get_json(&path).await, false),
    ];
    for (who, list, redacted) in cases {
        assert_eq!(list["total"], 2, "{who}");
        let items = list["items"].as_array().unwrap();
        let secret_item = items.iter().find(|i| i["id"] == secret["id"]).unwrap();
        let open_item = items.iter().find(|i| i["id"] != secret["id"]).unwrap();
        assert_eq!(secret_item["redacted"], redacted, "{who}");
        assert_eq!(secret_item["secret"], true, "{who}");
        assert!(!secret_item["answer"].is_null(), "{who}: whether it was answered stays visible");
        if redacted {
            assert!(secret_item["author"].is_null(), "{who}");
            assert!(secret_item["content"].is_null(), "{who}");
            assert!(secret_item["answer"]["content"].is_null(), "{who}");
        } else {
            assert_eq!(secret_item["author"]["id"], shop.buyer.user_id, "{who}");
            assert_eq!(secret_item["content"], "선물 포장 되나요?", "{who}");
            assert_eq!(secret_item["answer"]["content"], "네, 가능합니다.", "{who}");
        }
        assert_eq!(open_item["redacted"], false, "{who}");
        assert_eq!(open_item["content"], "유통기한이 얼마나 되나요?", "{who}");
    }
}

#[actix_web::test]
async fn the_products_seller_answers_once_and_edits_the_answer() {
    let (app, shop) = shop().await;
    let inquiry = ask(&shop, json!({"content": "냉장 보관인가요?"})).await;
    assert!(inquiry["answer"].is_null());
    let path = format!("/api/v1/inquiries/{}/answer", inquiry["id"]);

    let (s, body) = send(shop.seller2.put(&path).json(&json!({"content": "제가 답할게요"}))).await;
    assert_eq!((s, code(&body)), (403, "forbidden"));
    assert_eq!(status(shop.buyer.put(&path).json(&json!({"content": "셀프 답변"}))).await, 403);
    assert_eq!(status(shop.seller1.put(&path).json(&json!({"content": "  "}))).await, 400);
    assert_eq!(
        status(shop.seller1.put("/api/v1/inquiries/999999/answer").json(&json!({"content": "x"}))).await,
        404
    );

    let (s, first) = send(shop.seller1.put(&path).json(&json!({"content": "네, 냉장 보관해 주세요."}))).await;
    assert_eq!(s, 200);
    app.clock.advance(chrono::Duration::minutes(5));
    let (_, edited) =
        send(shop.seller1.put(&path).json(&json!({"content": "네, 10도 이하에서 보관해 주세요."}))).await;
    assert_eq!(edited["answer"]["content"], "네, 10도 이하에서 보관해 주세요.");
    assert_eq!(edited["answer"]["answered_at"], first["answer"]["answered_at"], "the answer time stays");
    assert_ne!(edited["answer"]["updated_at"], first["answer"]["updated_at"]);
}

#[actix_web::test]
async fn the_author_edits_or_deletes_only_until_the_question_is_answered() {
    let (_app, shop) = shop().await;
    let inquiry = ask(&shop, json!({"content": "몇 개 들어 있나요?"})).await;
    let path = format!("/api/v1/inquiries/{}", inquiry["id"]);

    assert_eq!(status(shop.buyer2.patch(&path).json(&json!({"content": "남의 글"}))).await, 404);
    assert_eq!(status(shop.buyer2.delete(&path)).await, 404);
    assert_eq!(status(shop.buyer.patch(&path).json(&json!({"author_id": 1}))).await, 400);
    let (s, edited) =
        send(shop.buyer.patch(&path).json(&json!({"content": "몇 개 들었나요?", "secret": true}))).await;
    assert_eq!(
        (s, edited["content"].as_str(), edited["secret"].as_bool()),
        (200, Some("몇 개 들었나요?"), Some(true))
    );

    let answer = shop.seller1.put(&format!("{path}/answer")).json(&json!({"content": "12개입니다."}));
    assert_eq!(status(answer).await, 200);
    let (s, body) = send(shop.buyer.patch(&path).json(&json!({"content": "바꿀래요"}))).await;
    assert_eq!((s, code(&body)), (409, "already_answered"));
    let (s, body) = send(shop.buyer.delete(&path)).await;
    assert_eq!((s, code(&body)), (409, "already_answered"));

    let other = ask(&shop, json!({"content": "지울 질문"})).await;
    assert_eq!(status(shop.buyer.delete(&format!("/api/v1/inquiries/{}", other["id"]))).await, 204);
    assert_eq!(status(shop.buyer.delete(&format!("/api/v1/inquiries/{}", other["id"]))).await, 404);
}

#[actix_web::test]
async fn askers_sellers_and_admins_have_their_lists() {
    let (app, shop) = shop().await;
    let first = ask(&shop, json!({"content": "첫 질문", "secret": true})).await;
    let second = ask(&shop, json!({"content": "둘째 질문"})).await;
    let elsewhere = shop
        .buyer2
        .post(&format!("/api/v1/products/{}/inquiries", shop.product2))
        .json(&json!({"content": "다른 가게 질문"}));
    assert_eq!(status(elsewhere).await, 201);
    let answer = shop
        .seller1
        .put(&format!("/api/v1/inquiries/{}/answer", first["id"]))
        .json(&json!({"content": "답"}));
    assert_eq!(status(answer).await, 200);

    let mine = shop.buyer.get_json("/api/v1/me/inquiries").await;
    assert_eq!(mine["total"], 2);
    assert_eq!(mine["items"][0]["product"]["name"], "다크 트러플");
    assert_eq!(mine["items"][1]["content"], "첫 질문");

    let all = shop.seller1.get_json("/api/v1/seller/inquiries").await;
    assert_eq!(all["total"], 2, "only the seller's own products");
    let waiting = shop.seller1.get_json("/api/v1/seller/inquiries?answered=false").await;
    assert_eq!(waiting["total"], 1);
    assert_eq!(waiting["items"][0]["id"], second["id"]);
    let answered = shop.seller1.get_json("/api/v1/seller/inquiries?answered=true").await;
    assert_eq!(answered["items"][0]["content"], "첫 질문", "the seller reads secret ones");
    assert_eq!(status(shop.buyer.get("/api/v1/seller/inquiries")).await, 403);

    let admin_path = format!("/api/v1/admin/inquiries/{}", first["id"]);
    assert_eq!(status(shop.buyer.delete(&admin_path)).await, 403);
    assert_eq!(status(shop.admin.delete(&admin_path)).await, 204);
    assert_eq!(status(shop.admin.delete(&admin_path)).await, 404);
    assert_eq!(send(app.get(&format!("/api/v1/products/{}/inquiries", shop.product))).await.1["total"], 1);
}

#[actix_web::test]
async fn questions_need_a_visible_product_and_sensible_text() {
    let (app, shop) = shop().await;
    let path = format!("/api/v1/products/{}/inquiries", shop.product);
    assert_eq!(status(app.post(&path).json(&json!({"content": "로그인 안 함"}))).await, 401);
    assert_eq!(status(shop.buyer.post(&path).json(&json!({"content": ""}))).await, 400);
    assert_eq!(status(shop.buyer.post(&path).json(&json!({"content": "가".repeat(1_001)}))).await, 400);
    assert_eq!(status(shop.buyer.post(&path).json(&json!({"content": "x", "hidden": true}))).await, 400);
    assert_eq!(
        status(shop.buyer.post("/api/v1/products/999999/inquiries").json(&json!({"content": "x"}))).await,
        404
    );
    assert_eq!(status(app.get("/api/v1/products/999999/inquiries")).await, 404);
    let hide =
        shop.seller1.patch(&format!("/api/v1/products/{}", shop.product)).json(&json!({"state": "hidden"}));
    assert_eq!(status(hide).await, 200);
    assert_eq!(status(app.get(&path)).await, 404);
    assert_eq!(status(shop.buyer.post(&path).json(&json!({"content": "숨은 상품"}))).await, 404);
}
