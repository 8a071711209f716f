//! Product lists through the real app: filters, sorts, paging, the seller's store, search
//! order and the text-filter rule, on the backend `PRALINE_TEST_BACKEND` selects.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use praline_kernel::db;
use praline_testkit::{Session, body_json};
use serde_json::json;

mod common;
use common::*;

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
