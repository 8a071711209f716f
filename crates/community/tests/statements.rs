//! Lists cost the same number of SQL statements for 1 and for 50 items (no N+1), and every
//! community table reads back through its model.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use diesel::prelude::*;
use praline_community::model::{
    AttendanceRow, FollowRow, InquiryRow, NoticeRow, ReviewLikeRow, ReviewRow, ReviewStatsRow, TicketRow,
    WishRow,
};
use praline_community::schema::*;
use praline_community::service::{follow, inquiry, review, wish};
use praline_kernel::page::PageRequest;
use praline_testkit::count_statements;
use serde_json::json;

use common::{confirm, ordered_line, ready_to_order, review_form, send, shop, status};

#[actix_web::test]
async fn lists_issue_the_same_number_of_statements_for_1_and_for_50_items() {
    let (app, shop) = shop().await;
    // 50 products on the buyer's wishlist, 50 questions and 50 reviews on one product.
    let mut products = Vec::new();
    for i in 0..50 {
        let seller = if i % 2 == 0 { &shop.seller1 } else { &shop.seller2 };
        products.push(common::product(seller, shop.category, &format!("초콜릿 {i}"), 1_000).await);
    }
    for id in &products {
        assert_eq!(status(shop.buyer.put(&format!("/api/v1/products/{id}/wish"))).await, 200);
    }
    let target = products[0];
    for i in 0..50 {
        let asker = if i % 2 == 0 { &shop.buyer } else { &shop.buyer2 };
        let body = json!({"content": format!("질문 {i}"), "secret": i % 3 == 0});
        assert_eq!(
            status(asker.post(&format!("/api/v1/products/{target}/inquiries")).json(&body)).await,
            201
        );
    }
    let stock = shop.seller1.patch(&format!("/api/v1/products/{target}")).json(&json!({"stock": 100}));
    assert_eq!(status(stock).await, 200);
    let address = ready_to_order(&app, &shop.buyer2, 200_000).await;
    for _ in 0..50 {
        let line = ordered_line(&shop.buyer2, target, address).await;
        confirm(&shop.seller1, &shop.buyer2, line).await;
        let (s, _) =
            send(shop.buyer2.post(&format!("/api/v1/order-lines/{line}/review")).multipart(review_form(4)))
                .await;
        assert_eq!(s, 201);
    }
    assert_eq!(
        status(shop.buyer2.put(&format!("/api/v1/sellers/{}/follow", shop.seller1.user_id))).await,
        200
    );

    let mut conn = app.state.pool.get().unwrap();
    let (buyer, buyer2, seller) = (shop.buyer.user_id, shop.buyer2.user_id, shop.seller1.user_id);
    let admin = shop.admin.user_id;
    let mut counts: Vec<(&str, i64, usize)> = Vec::new();
    for per_page in [1, 50] {
        let page = PageRequest::new(1, per_page);
        let expect = |n: usize| assert_eq!(n, usize::try_from(per_page).unwrap());
        counts.push((
            "wishlist",
            per_page,
            count_statements(&mut conn, |c| expect(wish::list(c, buyer, page).unwrap().items.len())),
        ));
        counts.push((
            "product inquiries",
            per_page,
            count_statements(&mut conn, |c| {
                expect(inquiry::of_product(c, Some(buyer), target, page).unwrap().items.len())
            }),
        ));
        counts.push((
            "seller inquiries",
            per_page,
            count_statements(&mut conn, |c| {
                expect(inquiry::of_seller(c, seller, None, page).unwrap().items.len())
            }),
        ));
        counts.push((
            "my inquiries",
            per_page,
            count_statements(&mut conn, |c| {
                assert!(!inquiry::mine(c, buyer, page).unwrap().items.is_empty())
            }),
        ));
        counts.push((
            "product reviews",
            per_page,
            count_statements(&mut conn, |c| {
                let filter = review::ReviewFilter::default();
                expect(review::of_product(c, Some(buyer), target, filter, page).unwrap().0.items.len());
            }),
        ));
        counts.push((
            "my reviews",
            per_page,
            count_statements(&mut conn, |c| expect(review::mine(c, buyer2, page).unwrap().items.len())),
        ));
        counts.push((
            "admin reviews",
            per_page,
            count_statements(&mut conn, |c| {
                let filter = review::ModerationFilter::default();
                expect(review::moderation(c, admin, &filter, page).unwrap().items.len());
            }),
        ));
        counts.push((
            "my follows",
            per_page,
            count_statements(&mut conn, |c| {
                assert_eq!(follow::list(c, buyer2, page).unwrap().items.len(), 1)
            }),
        ));
    }
    let (small, large) = counts.split_at(counts.len() / 2);
    for ((name, _, one), (_, _, fifty)) in small.iter().zip(large) {
        assert_eq!(one, fifty, "{name}: {counts:?}");
        assert!(*one <= 8, "{name}: {counts:?}");
    }
}

#[actix_web::test]
async fn every_community_table_reads_back_through_its_model() {
    let (app, shop) = shop().await;
    let line = common::confirmed_line(&app, &shop.seller1, &shop.buyer, shop.product).await;
    let created = common::review(&shop.buyer, line, common::photo_review_form(5)).await;
    assert_eq!(
        status(shop.buyer2.put(&format!("/api/v1/reviews/{}/like", created["review"]["id"]))).await,
        200
    );
    assert_eq!(status(shop.buyer.put(&format!("/api/v1/products/{}/wish", shop.product2))).await, 200);
    assert_eq!(
        status(shop.buyer.put(&format!("/api/v1/sellers/{}/follow", shop.seller1.user_id))).await,
        200
    );
    let ask = shop
        .buyer
        .post(&format!("/api/v1/products/{}/inquiries", shop.product))
        .json(&json!({"content": "질문"}));
    let (_, asked) = send(ask).await;
    let answer = shop
        .seller1
        .put(&format!("/api/v1/inquiries/{}/answer", asked["id"]))
        .json(&json!({"content": "답"}));
    assert_eq!(status(answer).await, 200);
    let notice = shop.admin.post("/api/v1/admin/notices").json(&json!({"title": "공지", "content": "내용"}));
    assert_eq!(status(notice).await, 201);
    let (_, ticket) =
        send(shop.buyer.post("/api/v1/support").json(&json!({"title": "문의", "content": "내용"}))).await;
    let reply = shop
        .admin
        .put(&format!("/api/v1/admin/support/{}/answer", ticket["id"]))
        .json(&json!({"content": "답"}));
    assert_eq!(status(reply).await, 200);
    assert_eq!(status(shop.buyer.post("/api/v1/attendance")).await, 201);

    let mut conn = app.state.pool.get().unwrap();
    let wishes: Vec<WishRow> = community_wishes::table.select(WishRow::as_select()).load(&mut conn).unwrap();
    let follows: Vec<FollowRow> =
        community_follows::table.select(FollowRow::as_select()).load(&mut conn).unwrap();
    let inquiries: Vec<InquiryRow> =
        community_inquiries::table.select(InquiryRow::as_select()).load(&mut conn).unwrap();
    let notices: Vec<NoticeRow> =
        community_notices::table.select(NoticeRow::as_select()).load(&mut conn).unwrap();
    let tickets: Vec<TicketRow> =
        community_support_tickets::table.select(TicketRow::as_select()).load(&mut conn).unwrap();
    let days: Vec<AttendanceRow> =
        community_attendance::table.select(AttendanceRow::as_select()).load(&mut conn).unwrap();
    let reviews: Vec<ReviewRow> =
        community_reviews::table.select(ReviewRow::as_select()).load(&mut conn).unwrap();
    let likes: Vec<ReviewLikeRow> =
        community_review_likes::table.select(ReviewLikeRow::as_select()).load(&mut conn).unwrap();
    assert_eq!(
        [
            wishes.len(),
            follows.len(),
            inquiries.len(),
            notices.len(),
            tickets.len(),
            days.len(),
            reviews.len(),
            likes.len()
        ],
        [1; 8]
    );
    assert!(inquiries[0].answered_at.is_some() && tickets[0].answered_by == Some(shop.admin.user_id));
    assert_eq!(
        (reviews[0].reward_kind.as_str(), reviews[0].reward_points, reviews[0].like_count),
        ("photo_review", 600, 1)
    );
    assert_eq!(days[0].points, 100);
    let stats: Vec<ReviewStatsRow> =
        community_review_stats::table.select(ReviewStatsRow::as_select()).load(&mut conn).unwrap();
    assert_eq!((stats.len(), stats[0].total, stats[0].photos, stats[0].rating_5), (1, 1, 1, 1));
}
