//! A review's text limits are characters, whatever the script: 2,000 Korean characters (6,000
//! bytes of UTF-8) fit the multipart form, 2,001 are refused with the field named.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{code, confirmed_line, send, shop};

fn form_with_content(content: String) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("title", "가".repeat(50))
        .text("content", content)
        .text("rating", "5")
        .text("delivery", "fast")
        .text("service", "friendly")
        .text("rebuy", "yes")
}

#[actix_web::test]
async fn two_thousand_korean_characters_fit_a_review_and_one_more_does_not() {
    let (app, shop) = shop().await;
    let line = confirmed_line(&app, &shop.seller1, &shop.buyer, shop.product).await;
    let path = format!("/api/v1/order-lines/{line}/review");

    let (s, body) = send(shop.buyer.post(&path).multipart(form_with_content("초".repeat(2_001)))).await;
    assert_eq!((s, code(&body)), (400, "invalid_input"), "{body}");
    assert_eq!(body["error"]["fields"]["content"], "At most 2000 characters.", "{body}");

    let (s, body) = send(shop.buyer.post(&path).multipart(form_with_content("초".repeat(2_000)))).await;
    assert_eq!(s, 201, "{body}");
    assert_eq!(body["review"]["content"].as_str().unwrap().chars().count(), 2_000);
    assert_eq!(body["review"]["title"].as_str().unwrap().chars().count(), 50);
}
