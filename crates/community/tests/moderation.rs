//! The administrators' review list (an extension of the contract): every review, hidden ones
//! included, newest first, filtered by state, product and text; administrators only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{code, confirmed_line, review, review_form, send, shop, status};
use praline_testkit::Session;
use serde_json::{Value, json};

/// A page of `GET /admin/reviews?{query}` as `admin` sees it.
async fn list(admin: &Session, query: String) -> Value {
    admin.get_json(&format!("/api/v1/admin/reviews?{query}")).await
}

/// The ids of a page's reviews, in order.
fn ids(page: Value) -> Vec<i64> {
    page["items"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

#[actix_web::test]
async fn administrators_list_every_review_hidden_ones_included_and_filter_them() {
    let (app, shop) = shop().await;
    let first = confirmed_line(&app, &shop.seller1, &shop.buyer, shop.product).await;
    let kept = review(&shop.buyer, first, review_form(5)).await;
    let kept_id = kept["review"]["id"].as_i64().unwrap();
    let edit =
        shop.buyer.patch(&format!("/api/v1/reviews/{kept_id}")).json(&json!({"title": "Ruby 초콜릿 최고"}));
    assert_eq!(status(edit).await, 200);
    let second = confirmed_line(&app, &shop.seller2, &shop.buyer2, shop.product2).await;
    let hidden = review(&shop.buyer2, second, review_form(1)).await;
    let hidden_id = hidden["review"]["id"].as_i64().unwrap();
    let hide =
        shop.admin.post(&format!("/api/v1/admin/reviews/{hidden_id}/hide")).json(&json!({"reason": "욕설"}));
    assert_eq!(status(hide).await, 200);

    let all = shop.admin.get_json("/api/v1/admin/reviews").await;
    assert_eq!(all["total"], 2, "{all}");
    assert_eq!(
        (all["items"][0]["id"].as_i64(), all["items"][1]["id"].as_i64()),
        (Some(hidden_id), Some(kept_id))
    );
    let newest = &all["items"][0];
    assert_eq!((newest["hidden"].as_bool(), newest["hidden_reason"].as_str()), (Some(true), Some("욕설")));
    assert_eq!(
        (newest["product"]["id"].as_i64(), newest["product"]["name"].as_str()),
        (Some(shop.product2), Some("밀크 바"))
    );
    assert_eq!(newest["author"]["id"].as_i64(), Some(shop.buyer2.user_id));
    assert_eq!(
        (all["items"][1]["hidden"].as_bool(), all["items"][1]["hidden_reason"].is_null()),
        (Some(false), true)
    );

    let only = |query: &str| list(&shop.admin, query.to_string());
    assert_eq!(ids(only("hidden=true").await), [hidden_id]);
    assert_eq!(ids(only("hidden=false").await), [kept_id]);
    assert_eq!(ids(only(&format!("product_id={}", shop.product)).await), [kept_id]);
    assert_eq!(ids(only(&format!("product_id={}&hidden=true", shop.product)).await), Vec::<i64>::new());
    assert_eq!(ids(only("q=RUBY").await), [kept_id], "any case");
    assert_eq!(
        ids(only("q=%EB%B6%80%EB%93%9C%EB%9F%AC%EC%9A%B4").await),
        [hidden_id, kept_id],
        "content too (부드러운)"
    );
    assert_eq!(ids(only("q=%25").await), Vec::<i64>::new(), "a % is taken literally");
    assert_eq!(ids(only("q=%20%20").await).len(), 2, "a blank search is no filter");
    let paged = only("per_page=1&page=2").await;
    assert_eq!((paged["total"].as_i64(), ids(paged)), (Some(2), vec![kept_id]));

    assert_eq!(status(shop.admin.post(&format!("/api/v1/admin/reviews/{hidden_id}/unhide"))).await, 200);
    let shown = only("hidden=false").await;
    assert_eq!(shown["total"], 2);
    assert!(shown["items"][0]["hidden_reason"].is_null());
}

#[actix_web::test]
async fn only_administrators_list_reviews_and_bad_queries_are_refused() {
    let (app, shop) = shop().await;
    assert_eq!(status(app.get("/api/v1/admin/reviews")).await, 401);
    for someone in [&shop.buyer, &shop.seller1] {
        let (s, body) = send(someone.get("/api/v1/admin/reviews")).await;
        assert_eq!((s, code(&body)), (403, "forbidden"), "{body}");
    }
    for bad in ["hidden=maybe", "product_id=0", "per_page=0", "per_page=101", "page=0", "q=a%09b", "sort=new"]
    {
        let (s, body) = send(shop.admin.get(&format!("/api/v1/admin/reviews?{bad}"))).await;
        assert_eq!((s, code(&body)), (400, "invalid_input"), "{bad}: {body}");
    }
    let empty = shop.admin.get_json("/api/v1/admin/reviews?page=9").await;
    assert_eq!((empty["total"].as_i64(), empty["items"].as_array().map(Vec::len)), (Some(0), Some(0)));
}
