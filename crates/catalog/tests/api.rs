//! The catalog contract through the real app, on the backend `PRALINE_TEST_BACKEND` selects.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use praline_testkit::fakes::TINY_PNG;
use praline_testkit::{Session, body_json, image_form};
use serde_json::{Value, json};

mod common;
use common::*;

#[actix_web::test]
async fn only_approved_sellers_create_products() {
    let (app, shop) = shop().await;
    let body = json!({"category_id": shop.chocolate, "name": "트러플", "price": 1000, "stock": 1});
    let anonymous = app.post("/api/v1/products").json(&body).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let buyer = create(&shop.buyer, body.clone()).await;
    assert_eq!(buyer.status(), 403);
    assert_eq!(body_json(buyer).await["error"]["code"], "seller_not_approved");

    // A buyer who applied is still refused until an admin approves.
    let applied = shop
        .buyer
        .post("/api/v1/me/seller")
        .json(&json!({"company_name": "신규쇼콜라", "business_number": "2234567890", "owner_name": "박신규",
            "contact": "0212345678", "bank_name": "신한은행", "account_number": "110123456789", "account_holder": "박신규"}))
        .send()
        .await
        .unwrap();
    assert_eq!(applied.status(), 201);
    let pending = create(&shop.buyer, body.clone()).await;
    assert_eq!(body_json(pending).await["error"]["code"], "seller_not_approved");

    let created = create(&shop.seller1, body).await;
    assert_eq!(created.status(), 201);
    let created = body_json(created).await;
    assert_eq!(created["seller"]["user_id"], shop.seller1.user_id);
    assert_eq!(created["seller"]["company_name"], "초코더쿠");
    assert_eq!(created["state"], "on_sale");
    assert_eq!(created["category"]["name"], "초콜릿");
    assert_eq!(seller_card_count(&app, &shop.seller1).await, 1);
}

#[actix_web::test]
async fn bad_product_input_is_a_400_and_nothing_is_written() {
    let (app, shop) = shop().await;
    let cases = [
        (json!({"category_id": shop.chocolate, "name": "x", "price": -1, "stock": 1}), "price"),
        (json!({"category_id": shop.chocolate, "name": "x", "price": 10_000_001, "stock": 1}), "price"),
        (json!({"category_id": shop.chocolate, "name": "x", "price": 100, "stock": -5}), "stock"),
        (json!({"category_id": shop.chocolate, "name": "  ", "price": 100, "stock": 1}), "name"),
        (json!({"category_id": shop.chocolate, "name": "가".repeat(101), "price": 100, "stock": 1}), "name"),
        (json!({"category_id": 999_999, "name": "x", "price": 100, "stock": 1}), "category_id"),
        (
            json!({"category_id": shop.chocolate, "name": "x", "price": 100, "stock": 1, "state": "blocked"}),
            "state",
        ),
    ];
    for (body, field) in cases {
        let response = create(&shop.seller1, body.clone()).await;
        assert_eq!(response.status(), 400, "{body}");
        let error = body_json(response).await;
        assert_eq!(error["error"]["code"], "invalid_input");
        assert!(error["error"]["fields"][field].is_string(), "{body}: {error}");
    }
    let mass = create(
        &shop.seller1,
        json!({"category_id": shop.chocolate, "name": "x", "price": 1, "stock": 1, "seller_id": shop.seller2.user_id}),
    )
    .await;
    assert_eq!(mass.status(), 400);
    let wrong_type = create(
        &shop.seller1,
        json!({"category_id": shop.chocolate, "name": "x", "price": "비쌈", "stock": 1}),
    )
    .await;
    assert_eq!(wrong_type.status(), 400);
    assert!(names(&app, "/api/v1/products").await.is_empty());
    assert_eq!(seller_card_count(&app, &shop.seller1).await, 0);
}

#[actix_web::test]
async fn only_the_owner_edits_and_the_owner_never_changes() {
    let (app, shop) = shop().await;
    let p = product(&shop.seller1, shop.chocolate, "다크 트러플", 15_000, 10).await;
    let path = format!("/api/v1/products/{}", p["id"]);

    assert_eq!(status(shop.seller2.patch(&path).json(&json!({"price": 1}))).await, 404);
    assert_eq!(status(shop.buyer.patch(&path).json(&json!({"price": 1}))).await, 404);
    assert_eq!(status(app.patch(&path).json(&json!({"price": 1}))).await, 401);
    assert_eq!(
        status(shop.seller1.patch(&path).json(&json!({"seller_id": shop.seller2.user_id}))).await,
        400
    );

    let edited = shop
        .seller1
        .patch(&path)
        .json(&json!({"name": "밀크 트러플", "price": 12_000, "category_id": shop.cake, "description": "새 설명"}))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), 200);
    let edited = body_json(edited).await;
    assert_eq!(edited["name"], "밀크 트러플");
    assert_eq!(edited["price"], 12_000);
    assert_eq!(edited["category"]["id"], shop.cake);
    assert_eq!(edited["seller"]["user_id"], shop.seller1.user_id);
    assert_eq!(status(shop.seller1.patch(&path).json(&json!({"price": -10}))).await, 400);
    assert_eq!(status(shop.seller2.post(&format!("{path}/restore"))).await, 404);
    assert_eq!(status(shop.seller2.delete(&path)).await, 404);
}

#[actix_web::test]
async fn stock_zero_sells_out_and_restocking_puts_it_back_on_sale() {
    let (app, shop) = shop().await;
    let p = product(&shop.seller1, shop.chocolate, "루비 트러플", 9_000, 3).await;
    let path = format!("/api/v1/products/{}", p["id"]);
    let patch = |body: Value| shop.seller1.patch(&path).json(&body).send();

    let sold_out = body_json(patch(json!({"stock": 0})).await.unwrap()).await;
    assert_eq!(sold_out["state"], "sold_out");
    // Sold-out products stay in the list and on the seller card.
    assert_eq!(names(&app, "/api/v1/products").await, ["루비 트러플"]);
    assert_eq!(seller_card_count(&app, &shop.seller1).await, 1);
    let asked_on_sale = body_json(patch(json!({"state": "on_sale"})).await.unwrap()).await;
    assert_eq!(asked_on_sale["state"], "sold_out", "no stock, so it stays sold out");
    let restocked = body_json(patch(json!({"stock": 5})).await.unwrap()).await;
    assert_eq!(restocked["state"], "on_sale");

    let hidden = body_json(patch(json!({"state": "hidden"})).await.unwrap()).await;
    assert_eq!(hidden["state"], "hidden");
    assert!(names(&app, "/api/v1/products").await.is_empty());
    assert_eq!(seller_card_count(&app, &shop.seller1).await, 0);
    assert_eq!(visitor_status(&app, &path).await, 404);
    assert_eq!(status(shop.seller1.get(&path)).await, 200);
    let hidden_restock = body_json(patch(json!({"stock": 0})).await.unwrap()).await;
    assert_eq!(hidden_restock["state"], "hidden", "hidden stays hidden whatever the stock");

    let discontinued = body_json(patch(json!({"state": "discontinued", "stock": 4})).await.unwrap()).await;
    assert_eq!(discontinued["state"], "discontinued");
    assert!(names(&app, "/api/v1/products").await.is_empty());
    assert_eq!(visitor_status(&app, &path).await, 200, "a discontinued page still opens");
    let sold_out_by_hand = patch(json!({"state": "sold_out"})).await.unwrap();
    assert_eq!(sold_out_by_hand.status(), 400);
}

#[actix_web::test]
async fn a_block_body_is_optional_but_a_sent_one_is_parsed_strictly() {
    let (_app, shop) = shop().await;
    let p = product(&shop.seller1, shop.chocolate, "검토 상품", 5_000, 5).await;
    let (id, path) = (p["id"].as_i64().unwrap(), format!("/api/v1/products/{}", p["id"]));
    let block = format!("/api/v1/admin/products/{id}/block");
    let typo = shop.admin.post(&block).json(&json!({"reasn": "오타"})).send().await.unwrap();
    assert_eq!(typo.status(), 400);
    assert_eq!(body_json(typo).await["error"]["fields"]["reasn"], "unknown field");
    let not_json = shop.admin.post(&block).header("content-type", "application/json").body("reason=x");
    assert_eq!(status(not_json).await, 400);
    let form = shop.admin.post(&block).header("content-type", "text/plain").body("{\"reason\": \"x\"}");
    assert_eq!(status(form).await, 415);
    // Nothing was blocked by the refused bodies.
    assert_eq!(shop.seller1.get_json(&path).await["state"], "on_sale");
    // No body at all is fine, and blocks without a reason.
    let bare = shop.admin.post(&block).send().await.unwrap();
    assert_eq!(bare.status(), 200);
    assert_eq!(body_json(bare).await["state"], "blocked");
}

#[actix_web::test]
async fn blocked_products_vanish_and_their_owner_cannot_change_them() {
    let (app, shop) = shop().await;
    let p = product(&shop.seller1, shop.chocolate, "문제 상품", 5_000, 5).await;
    let id = p["id"].as_i64().unwrap();
    let path = format!("/api/v1/products/{id}");
    let block = |who: &Session| {
        who.post(&format!("/api/v1/admin/products/{id}/block")).json(&json!({"reason": "허위 광고"})).send()
    };
    assert_eq!(block(&shop.seller1).await.unwrap().status(), 403);
    assert_eq!(block(&shop.buyer).await.unwrap().status(), 403);
    let blocked = block(&shop.admin).await.unwrap();
    assert_eq!(blocked.status(), 200);
    assert_eq!(body_json(blocked).await["state"], "blocked");

    assert!(names(&app, "/api/v1/products").await.is_empty());
    assert_eq!(visitor_status(&app, &path).await, 404);
    assert_eq!(status(shop.buyer.get(&path)).await, 404);
    let owner_view = shop.seller1.get_json(&path).await;
    assert_eq!(owner_view["state"], "blocked");
    assert_eq!(owner_view["block_reason"], "허위 광고");
    assert_eq!(status(shop.admin.get(&path)).await, 200);
    assert_eq!(seller_card_count(&app, &shop.seller1).await, 0);

    let edit = shop.seller1.patch(&path).json(&json!({"name": "다른 이름"})).send().await.unwrap();
    assert_eq!(edit.status(), 409);
    assert_eq!(body_json(edit).await["error"]["code"], "product_blocked");
    assert_eq!(status(shop.seller1.patch(&path).json(&json!({"state": "on_sale"}))).await, 409);
    let thumbnail =
        shop.seller1.put(&format!("{path}/thumbnail")).multipart(image_form(TINY_PNG.to_vec(), "a.png"));
    assert_eq!(status(thumbnail).await, 409);
    assert_eq!(status(shop.seller1.delete(&path)).await, 409);

    let unblocked = shop.admin.post(&format!("/api/v1/admin/products/{id}/unblock")).send().await.unwrap();
    assert_eq!(body_json(unblocked).await["state"], "on_sale");
    assert_eq!(names(&app, "/api/v1/products").await, ["문제 상품"]);
    assert_eq!(seller_card_count(&app, &shop.seller1).await, 1);
}

#[actix_web::test]
async fn deleted_products_are_gone_for_others_and_the_owner_restores_them() {
    let (app, shop) = shop().await;
    let p = product(&shop.seller1, shop.chocolate, "지울 상품", 5_000, 0).await;
    let path = format!("/api/v1/products/{}", p["id"]);
    assert_eq!(status(shop.seller1.delete(&path)).await, 204);
    assert_eq!(status(shop.seller1.delete(&path)).await, 404);
    assert_eq!(visitor_status(&app, &path).await, 404);
    assert_eq!(status(shop.seller2.get(&path)).await, 404);
    assert_eq!(shop.seller1.get_json(&path).await["state"], "deleted");
    assert!(names(&app, "/api/v1/products").await.is_empty());
    assert_eq!(status(shop.seller1.patch(&path).json(&json!({"price": 1}))).await, 409);

    let restore = format!("{path}/restore");
    assert_eq!(status(shop.seller2.post(&restore)).await, 404);
    let restored = shop.seller1.post(&restore).send().await.unwrap();
    assert_eq!(restored.status(), 200);
    assert_eq!(body_json(restored).await["state"], "sold_out");
    assert_eq!(status(shop.seller1.post(&restore)).await, 409);
    assert_eq!(names(&app, "/api/v1/products").await, ["지울 상품"]);
}

#[actix_web::test]
async fn images_are_checked_stored_served_and_removed() {
    let (app, shop) = shop().await;
    let p = product(&shop.seller1, shop.chocolate, "사진 상품", 1_000, 5).await;
    let path = format!("/api/v1/products/{}", p["id"]);
    let picture = praline_catalog::demo::art::Picture {
        motif: praline_catalog::demo::art::Motif::Truffles,
        color: praline_catalog::demo::art::DARK,
        accent: praline_catalog::demo::art::RUBY,
        variant: 1,
    }
    .png();
    let thumbnail = |who: &Session, bytes: Vec<u8>, name: &str| {
        who.put(&format!("{path}/thumbnail")).multipart(image_form(bytes, name)).send()
    };
    let add_image = || {
        shop.seller1.post(&format!("{path}/images")).multipart(image_form(TINY_PNG.to_vec(), "d.png")).send()
    };

    let text = thumbnail(&shop.seller1, b"just some text, not a picture".to_vec(), "evil.png").await.unwrap();
    assert_eq!(text.status(), 415);
    let mut huge = picture.clone();
    huge.resize(6 * 1024 * 1024, 0);
    let too_big = thumbnail(&shop.seller1, huge, "big.png").await.unwrap();
    assert_eq!(too_big.status(), 413);
    let not_mine = thumbnail(&shop.seller2, picture.clone(), "a.png").await.unwrap();
    assert_eq!(not_mine.status(), 404);

    let first = thumbnail(&shop.seller1, picture.clone(), "a.png").await.unwrap();
    assert_eq!(first.status(), 200);
    let first_url = body_json(first).await["thumbnail_url"].as_str().unwrap().to_string();
    let served = app.get(&first_url).send().await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert!(served.headers()["cache-control"].to_str().unwrap().contains("max-age=31536000"));
    assert_eq!(served.bytes().await.unwrap().as_ref(), picture.as_slice());

    let second = thumbnail(&shop.seller1, TINY_PNG.to_vec(), "b.png").await.unwrap();
    let second_url = body_json(second).await["thumbnail_url"].as_str().unwrap().to_string();
    assert_ne!(first_url, second_url);
    assert_eq!(visitor_status(&app, &first_url).await, 404, "the replaced file is removed");

    let mut image_ids = Vec::new();
    for position in 1..=10 {
        let added = add_image().await.unwrap();
        assert_eq!(added.status(), 201);
        let added = body_json(added).await;
        assert_eq!(added["position"], position);
        image_ids.push((added["id"].as_i64().unwrap(), added["url"].as_str().unwrap().to_string()));
    }
    let eleventh = add_image().await.unwrap();
    assert_eq!(eleventh.status(), 409);
    assert_eq!(body_json(eleventh).await["error"]["code"], "image_limit");
    let files = walk(&app.data_dir().join("uploads"));
    assert_eq!(files, 11, "the refused eleventh file is not kept");

    let detail = body_json(app.get(&path).send().await.unwrap()).await;
    assert_eq!(detail["images"].as_array().unwrap().len(), 10);
    let (image_id, url) = image_ids[0].clone();
    let image = format!("{path}/images/{image_id}");
    assert_eq!(status(shop.seller2.delete(&image)).await, 404);
    assert_eq!(status(shop.seller1.delete(&image)).await, 204);
    assert_eq!(visitor_status(&app, &url).await, 404);
    assert_eq!(status(shop.seller1.delete(&image)).await, 404);
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 }).sum())
        .unwrap_or(0)
}

#[actix_web::test]
async fn admins_manage_categories_and_a_used_one_cannot_be_deleted() {
    let (app, shop) = shop().await;
    let listed = body_json(app.get("/api/v1/categories").send().await.unwrap()).await;
    assert_eq!(listed.as_array().unwrap().len(), 7);
    assert_eq!(listed[0]["name"], "초콜릿");

    let create =
        |who: &Session, name: &str| who.post("/api/v1/admin/categories").json(&json!({"name": name})).send();
    assert_eq!(create(&shop.seller1, "선물세트").await.unwrap().status(), 403);
    assert_eq!(create(&shop.admin, " ").await.unwrap().status(), 400);
    assert_eq!(create(&shop.admin, "초콜릿").await.unwrap().status(), 409);
    let created = create(&shop.admin, "선물세트").await.unwrap();
    assert_eq!(created.status(), 201);
    let id = body_json(created).await["id"].as_i64().unwrap();

    let renamed = shop
        .admin
        .patch(&format!("/api/v1/admin/categories/{id}"))
        .json(&json!({"name": "기프트 세트"}))
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.status(), 200);
    assert_eq!(body_json(renamed).await["name"], "기프트 세트");

    let p = product(&shop.seller1, id, "선물 상자", 3_000, 3).await;
    shop.seller1.delete(&format!("/api/v1/products/{}", p["id"])).send().await.unwrap();
    let in_use = shop.admin.delete(&format!("/api/v1/admin/categories/{id}")).send().await.unwrap();
    assert_eq!(in_use.status(), 409, "a deleted product can still be restored into it");
    assert_eq!(body_json(in_use).await["error"]["code"], "category_in_use");
    let cake = format!("/api/v1/admin/categories/{}", shop.cake);
    assert_eq!(status(shop.seller1.delete(&cake)).await, 403);
    assert_eq!(status(shop.admin.delete(&cake)).await, 204);
    assert_eq!(status(shop.admin.delete(&cake)).await, 404);
}
