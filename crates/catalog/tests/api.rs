//! The catalog contract through the real app, on the backend `PRALINE_TEST_BACKEND` selects.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use praline_kernel::db;
use praline_testkit::fakes::TINY_PNG;
use praline_testkit::{Session, TestApp, body_json, image_form};
use serde_json::{Value, json};

/// Two approved sellers, a buyer, an administrator and the demo categories, no products.
struct Shop {
    admin: Session,
    seller1: Session,
    seller2: Session,
    buyer: Session,
    chocolate: i64,
    cake: i64,
}

async fn shop() -> (TestApp, Shop) {
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

async fn create(seller: &Session, body: Value) -> reqwest::Response {
    seller.post("/api/v1/products").json(&body).send().await.unwrap()
}

async fn product(seller: &Session, category: i64, name: &str, price: i64, stock: i64) -> Value {
    let response = create(
        seller,
        json!({"category_id": category, "name": name, "description": "설명 description", "price": price, "stock": stock}),
    )
    .await;
    assert_eq!(response.status(), 201);
    body_json(response).await
}

/// The status of `GET path` for a visitor.
async fn visitor_status(app: &TestApp, path: &str) -> u16 {
    app.get(path).send().await.unwrap().status().as_u16()
}

/// The status of `request` once sent.
async fn status(request: reqwest::RequestBuilder) -> u16 {
    request.send().await.unwrap().status().as_u16()
}

async fn names(app: &TestApp, path: &str) -> Vec<String> {
    let response = app.get(path).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    body_json(response).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

async fn seller_card_count(app: &TestApp, seller: &Session) -> i64 {
    let card = app.get(&format!("/api/v1/sellers/{}", seller.user_id)).send().await.unwrap();
    body_json(card).await["product_count"].as_i64().unwrap()
}

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
async fn lists_filter_sort_and_page_and_refuse_bad_parameters() {
    let (app, shop) = shop().await;
    product(&shop.seller1, shop.chocolate, "다크 초콜릿 바", 4_000, 5).await;
    product(&shop.seller1, shop.cake, "초콜릿 케이크", 23_000, 5).await;
    product(&shop.seller2, shop.chocolate, "Ruby CHOCOLATE Truffle", 850, 5).await;
    product(&shop.seller2, shop.cake, "치즈 케이크", 12_000, 0).await;

    assert_eq!(
        names(&app, "/api/v1/products").await,
        ["치즈 케이크", "Ruby CHOCOLATE Truffle", "초콜릿 케이크", "다크 초콜릿 바"]
    );
    assert_eq!(
        names(&app, "/api/v1/products?sort=price_asc").await,
        ["Ruby CHOCOLATE Truffle", "다크 초콜릿 바", "치즈 케이크", "초콜릿 케이크"]
    );
    assert_eq!(names(&app, "/api/v1/products?sort=price_desc&per_page=1").await, ["초콜릿 케이크"]);
    let q = |q: &str| format!("/api/v1/products?q={}&sort=price_asc", urlencode(q));
    assert_eq!(names(&app, &q("초콜릿")).await, ["다크 초콜릿 바", "초콜릿 케이크"]);
    assert_eq!(names(&app, &q("콜릿")).await, ["다크 초콜릿 바", "초콜릿 케이크"]);
    assert_eq!(names(&app, &q("케이크")).await, ["치즈 케이크", "초콜릿 케이크"]);
    assert_eq!(names(&app, &q("chocolate")).await, ["Ruby CHOCOLATE Truffle"]);
    assert_eq!(names(&app, &q("TRUF")).await, ["Ruby CHOCOLATE Truffle"]);
    assert_eq!(names(&app, &q("ru")).await, ["Ruby CHOCOLATE Truffle"]);
    assert_eq!(names(&app, &q("100%_")).await, Vec::<String>::new());
    assert_eq!(names(&app, &q("description")).await.len(), 4, "descriptions are searched too");
    assert_eq!(
        names(&app, &format!("/api/v1/products?category={}&sort=price_asc", shop.cake)).await,
        ["치즈 케이크", "초콜릿 케이크"]
    );
    assert_eq!(names(&app, &format!("/api/v1/products?seller={}", shop.seller2.user_id)).await.len(), 2);
    assert_eq!(
        names(&app, "/api/v1/products?min_price=1000&max_price=12000&sort=price_asc").await,
        ["다크 초콜릿 바", "치즈 케이크"]
    );

    let page = body_json(app.get("/api/v1/products?per_page=3&page=2").send().await.unwrap()).await;
    assert_eq!(page["total"], 4);
    assert_eq!(page["page"], 2);
    assert_eq!(page["per_page"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let summary = &page["items"][0];
    for field in [
        "id",
        "name",
        "price",
        "stock",
        "state",
        "thumbnail_url",
        "category_id",
        "seller",
        "rating_avg",
        "rating_count",
        "wish_count",
        "sales_count",
        "created_at",
    ] {
        assert!(summary.get(field).is_some(), "summary lacks {field}");
    }

    for bad in [
        "sort=cheapest",
        "sort=1",
        "min_price=-1",
        "min_price=5000&max_price=10",
        "per_page=101",
        "page=0",
        "category=abc",
        "unknown=1",
    ] {
        let response = app.get(&format!("/api/v1/products?{bad}")).send().await.unwrap();
        assert_eq!(response.status(), 400, "{bad}");
        assert_eq!(body_json(response).await["error"]["code"], "invalid_input", "{bad}");
    }
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[actix_web::test]
async fn the_owner_sees_every_state_in_their_store_and_others_only_listed_ones() {
    let (app, shop) = shop().await;
    product(&shop.seller1, shop.chocolate, "판매 중", 1_000, 5).await;
    let hidden = product(&shop.seller1, shop.chocolate, "숨김", 1_000, 5).await;
    shop.seller1
        .patch(&format!("/api/v1/products/{}", hidden["id"]))
        .json(&json!({"state": "hidden"}))
        .send()
        .await
        .unwrap();
    let store = format!("/api/v1/sellers/{}/products", shop.seller1.user_id);
    let total = |who: &Session, query: &str| {
        let path = format!("{store}{query}");
        let who = who.clone();
        async move { who.get_json(&path).await["total"].as_i64().unwrap() }
    };
    assert_eq!(total(&shop.seller1, "").await, 2);
    assert_eq!(total(&shop.seller1, "?state=all").await, 2);
    assert_eq!(total(&shop.seller1, "?state=hidden").await, 1);
    assert_eq!(total(&shop.seller1, "?state=on_sale").await, 1);
    assert_eq!(body_json(app.get(&store).send().await.unwrap()).await["total"], 1);
    assert_eq!(total(&shop.seller2, "?state=hidden").await, 0);
    assert_eq!(visitor_status(&app, &format!("{store}?state=bogus")).await, 400);
    assert_eq!(visitor_status(&app, &format!("{store}?sort=bogus")).await, 400);
}

#[actix_web::test]
async fn a_suspended_sellers_products_leave_the_lists_and_come_back() {
    let (app, shop) = shop().await;
    let p = product(&shop.seller2, shop.chocolate, "정지될 상품", 1_000, 5).await;
    product(&shop.seller1, shop.chocolate, "남는 상품", 1_000, 5).await;
    let suspend = shop
        .admin
        .post(&format!("/api/v1/admin/users/{}/suspend", shop.seller2.user_id))
        .json(&json!({"reason": "정책 위반"}))
        .send()
        .await
        .unwrap();
    assert_eq!(suspend.status(), 200);
    assert_eq!(names(&app, "/api/v1/products").await, ["남는 상품"]);
    assert_eq!(body_json(app.get("/api/v1/products").send().await.unwrap()).await["total"], 1);
    assert_eq!(visitor_status(&app, &format!("/api/v1/products/{}", p["id"])).await, 404);
    let categories = body_json(app.get("/api/v1/categories").send().await.unwrap()).await;
    let chocolate =
        categories.as_array().unwrap().iter().find(|c| c["id"] == shop.chocolate).unwrap().clone();
    assert_eq!(chocolate["product_count"], 1);

    shop.admin.post(&format!("/api/v1/admin/users/{}/unsuspend", shop.seller2.user_id)).send().await.unwrap();
    assert_eq!(names(&app, "/api/v1/products").await.len(), 2);
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

#[actix_web::test]
async fn a_search_keeps_each_sorts_order() {
    let (app, shop) = shop().await;
    let mut ids = Vec::new();
    for (name, price) in
        [("다크 트러플", 3_000), ("Ruby 트러플 Box", 1_000), ("밀크 트러플", 3_000), ("트러플 케이크", 9_000)]
    {
        ids.push(product(&shop.seller1, shop.chocolate, name, price, 5).await["id"].as_i64().unwrap());
    }
    product(&shop.seller2, shop.chocolate, "마카롱", 2_000, 5).await;
    // Wishes, ratings and sales with ties: (wishes, rating, sales).
    let numbers = [(5, Some(4), 1), (9, Some(5), 0), (0, Some(3), 7), (5, None, 3)];
    db::run(&app.state.pool, move |conn| {
        for (id, (wishes, rating, sales)) in ids.into_iter().zip(numbers) {
            praline_catalog::service::aggregate::adjust_wish_count(conn, id, wishes)?;
            praline_catalog::service::aggregate::adjust_sales_count(conn, id, sales)?;
            if let Some(rating) = rating {
                praline_catalog::service::aggregate::add_rating(conn, id, rating)?;
            }
        }
        Ok::<_, praline_catalog::error::CatalogError>(())
    })
    .await
    .unwrap();

    let (a, b, c, d) = ("다크 트러플", "Ruby 트러플 Box", "밀크 트러플", "트러플 케이크");
    let orders = [
        ("recent", [d, c, b, a]),
        ("popular", [b, d, a, c]),
        ("rating", [b, a, c, d]),
        ("sales", [c, d, a, b]),
        ("price_asc", [b, a, c, d]),
        ("price_desc", [d, c, a, b]),
    ];
    for (sort, order) in orders {
        // Three characters (the FTS5 index on SQLite), two (a scan), and a whole word.
        for q in ["트러플", "러플", " 트러플 "] {
            let path = format!("/api/v1/products?q={}&sort={sort}", urlencode(q));
            assert_eq!(names(&app, &path).await, order, "{path}");
        }
        let ruby = format!("/api/v1/products?q=RUBY&sort={sort}");
        assert_eq!(names(&app, &ruby).await, [b], "{ruby}");
        let paged = format!("/api/v1/products?q={}&sort={sort}&per_page=3&page=2", urlencode("트러플"));
        let page = body_json(app.get(&paged).send().await.unwrap()).await;
        assert_eq!(page["total"], 4, "{paged}");
        assert_eq!(page["items"][0]["name"], order[3], "{paged}");
    }
}

#[actix_web::test]
async fn control_characters_and_long_text_in_list_filters_are_a_400() {
    let (app, shop) = shop().await;
    product(&shop.seller1, shop.chocolate, "a b 초콜릿", 1_000, 5).await;
    let store = format!("/api/v1/sellers/{}/products", shop.seller1.user_id);
    let long = "가".repeat(101);
    let cases = [
        ("/api/v1/products?q=a%00b".to_string(), "q"),
        ("/api/v1/products?q=%00%00%00".to_string(), "q"),
        ("/api/v1/products?q=%1f".to_string(), "q"),
        ("/api/v1/products?q=%7F".to_string(), "q"),
        ("/api/v1/products?q=a%09b".to_string(), "q"),
        ("/api/v1/products?q=%0A%EC%B4%88%EC%BD%9C%EB%A6%BF".to_string(), "q"),
        (format!("/api/v1/products?q={}", urlencode(&long)), "q"),
        ("/api/v1/products?q=ab&sort=recent%00".to_string(), "sort"),
        (format!("{store}?state=on_sale%00"), "state"),
        (format!("{store}?sort=%01"), "sort"),
    ];
    for (path, field) in cases {
        let response = app.get(&path).send().await.unwrap();
        assert_eq!(response.status(), 400, "{path}");
        let error = body_json(response).await;
        assert_eq!(error["error"]["code"], "invalid_input", "{path}");
        assert!(error["error"]["fields"][field].is_string(), "{path}: {error}");
    }
    // A hundred characters, spaces and the LIKE wildcards are still fine.
    for q in ["가".repeat(100), "a b".into(), "%_".into(), " 초콜릿 ".into()] {
        let path = format!("/api/v1/products?q={}", urlencode(&q));
        assert_eq!(visitor_status(&app, &path).await, 200, "{path}");
    }
    assert_eq!(names(&app, &format!("/api/v1/products?q={}", urlencode("a b"))).await, ["a b 초콜릿"]);
}
