//! The seller's board and statistics, the operators' order search, and the statement counts of
//! the order lists.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, Utc};
use common::*;
use praline_commerce::service::{order, seller};
use praline_kernel::page::PageRequest;
use praline_testkit::{Session, TestApp, body_json, count_statements};
use serde_json::json;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

async fn again(app: &TestApp, session: &Session) -> Session {
    app.session(&session.email, &session.password).await
}

/// Buys one unit and takes the line through to `to` (placed, shipped or confirmed).
async fn line_to(buyer: &Session, seller: &Session, product: i64, address: i64, to: &str) -> i64 {
    let line = bought(buyer, product, 1, address).await["lines"][0]["id"].as_i64().unwrap();
    let steps: &[(&Session, &str)] = match to {
        "placed" => &[],
        "shipped" => &[(seller, "preparing"), (seller, "shipped")],
        _ => &[(seller, "preparing"), (seller, "shipped"), (seller, "delivered"), (buyer, "confirmed")],
    };
    for (who, step) in steps {
        moved(who, line, step).await;
    }
    line
}

#[actix_web::test]
async fn january_statistics_compare_with_december_of_the_year_before() {
    let app = TestApp::spawn();
    // 2026-12-10 12:00 in Seoul.
    app.clock.set(at("2026-12-10T03:00:00Z"));
    let now = app.clock.now();
    let category = praline_kernel::db::run(&app.state.pool, move |conn| {
        praline_catalog::service::category::ensure(conn, &["초콜릿"], now)
    })
    .await
    .unwrap()[0]
        .id;
    let seller = app.seller().await;
    let (buyer, address) = ready_buyer(&app).await;
    let product = product(&seller, category, 10_000, 100).await;
    set_balance(&app, buyer.user_id, 1_000_000).await;
    for _ in 0..2 {
        line_to(&buyer, &seller, product, address, "confirmed").await;
    }
    line_to(&buyer, &seller, product, address, "placed").await;

    // 2027-01-15 12:00 in Seoul; 2027-01-01 00:30 KST is still December 31 in UTC.
    app.clock.set(at("2026-12-31T15:30:00Z"));
    let (seller, buyer) = (again(&app, &seller).await, again(&app, &buyer).await);
    line_to(&buyer, &seller, product, address, "confirmed").await;
    app.clock.set(at("2027-01-15T03:00:00Z"));
    let (seller, buyer) = (again(&app, &seller).await, again(&app, &buyer).await);
    for _ in 0..2 {
        line_to(&buyer, &seller, product, address, "confirmed").await;
    }
    line_to(&buyer, &seller, product, address, "shipped").await;
    line_to(&buyer, &seller, product, address, "placed").await;

    let stats = seller.get_json("/api/v1/seller/stats").await;
    assert_eq!(stats["month"], "2027-01");
    assert_eq!(
        stats["revenue"],
        json!({"all_time": 50_000, "month": 30_000, "previous_month": 20_000, "growth_rate": 50.0})
    );
    assert_eq!(stats["confirmed"], json!({"all_time": 5, "month": 3}));
    assert_eq!(stats["shipped_unconfirmed"], 1);
    assert_eq!(stats["unsent"], 2);
    assert_eq!(stats["shipping_expense"], json!({"per_shipment": 3_000, "month": 9_000}));
    assert_eq!(stats["store_age_days"], 37);
    let daily = stats["daily"].as_array().unwrap();
    assert_eq!(daily.len(), 31);
    assert_eq!(daily[0], json!({"date": "2027-01-01", "revenue": 10_000, "confirmed": 1}));
    assert_eq!(daily[14], json!({"date": "2027-01-15", "revenue": 20_000, "confirmed": 2}));
    assert_eq!(stats["rankings"]["sales"][0]["product_id"], product);
    assert_eq!(stats["rankings"]["sales"][0]["value"], 5.0);
    assert_eq!(stats["rankings"]["likes"][0]["product_id"], product);

    let december = seller.get_json("/api/v1/seller/stats?month=2026-12").await;
    assert_eq!(december["revenue"]["month"], 20_000);
    assert_eq!(december["revenue"]["previous_month"], 0);
    assert!(december["revenue"]["growth_rate"].is_null());
    assert_eq!(december["daily"].as_array().unwrap().len(), 31);
    for bad in ["2026-13", "2027-1", "december"] {
        let response = seller.get(&format!("/api/v1/seller/stats?month={bad}")).send().await.unwrap();
        assert_eq!(response.status(), 400, "{bad}");
    }
    assert_eq!(buyer.get("/api/v1/seller/stats").send().await.unwrap().status(), 403);
}

#[actix_web::test]
async fn the_seller_board_filters_by_status_product_and_day_and_counts_each_status() {
    let (app, shop) = shop().await;
    let a = product(&shop.seller, shop.category, 1_000, 50).await;
    let b = product(&shop.seller, shop.category, 2_000, 50).await;
    line_to(&shop.buyer, &shop.seller, a, shop.address_id, "placed").await;
    line_to(&shop.buyer, &shop.seller, a, shop.address_id, "shipped").await;
    line_to(&shop.buyer, &shop.seller, b, shop.address_id, "confirmed").await;
    // Another seller's lines never show.
    let other = app.seller().await;
    let theirs = product(&other, shop.category, 1_000, 5).await;
    line_to(&shop.buyer, &other, theirs, shop.address_id, "placed").await;

    let board = shop.seller.get_json("/api/v1/seller/orders").await;
    assert_eq!(board["total"], 3);
    assert_eq!(board["counts"]["placed"], 1);
    assert_eq!(board["counts"]["shipped"], 1);
    assert_eq!(board["counts"]["confirmed"], 1);
    assert_eq!(board["counts"]["refunded"], 0);
    let first = &board["items"][0];
    assert_eq!(first["product_id"], b, "newest first");
    assert_eq!(first["buyer"]["id"], shop.buyer.user_id);
    assert_eq!(first["shipping"]["recipient"], "김구매");
    assert!(first["ordered_at"].is_string());

    let narrowed =
        shop.seller.get_json(&format!("/api/v1/seller/orders?status=placed,shipped&product_id={a}")).await;
    assert_eq!(narrowed["total"], 2);
    assert_eq!(narrowed["counts"]["confirmed"], 0, "counts keep the other filters");
    assert_eq!(narrowed["counts"]["placed"], 1);
    let today = app.state.config.calendar().date_of(app.clock.now());
    let tomorrow = today.succ_opt().unwrap();
    assert_eq!(
        shop.seller.get_json(&format!("/api/v1/seller/orders?from={today}&to={today}")).await["total"],
        3
    );
    assert_eq!(shop.seller.get_json(&format!("/api/v1/seller/orders?from={tomorrow}")).await["total"], 0);
    for bad in ["status=lost", "from=2026-02-30", "status=placed,,shipped"] {
        let response = shop.seller.get(&format!("/api/v1/seller/orders?{bad}")).send().await.unwrap();
        assert_eq!(response.status(), 400, "{bad}");
    }
    assert_eq!(shop.buyer.get("/api/v1/seller/orders").send().await.unwrap().status(), 403);
}

#[actix_web::test]
async fn administrators_find_orders_by_id_buyer_email_and_status() {
    let (app, shop) = shop().await;
    let product = product(&shop.seller, shop.category, 1_000, 50).await;
    let first = bought(&shop.buyer, product, 1, shop.address_id).await;
    let (other, address) = ready_buyer(&app).await;
    let second = bought(&other, product, 2, address).await;
    moved(&shop.seller, second["lines"][0]["id"].as_i64().unwrap(), "preparing").await;
    let admin = app.admin().await;

    let all = admin.get_json("/api/v1/admin/orders").await;
    assert_eq!(all["total"], 2);
    assert_eq!(all["items"][0]["id"], second["id"]);
    assert_eq!(all["items"][0]["buyer"]["email"], other.email.as_str());
    let by_id = admin.get_json(&format!("/api/v1/admin/orders?q={}", first["id"])).await;
    assert_eq!(by_id["total"], 1);
    assert_eq!(by_id["items"][0]["id"], first["id"]);
    let by_email =
        admin.get_json(&format!("/api/v1/admin/orders?q={}", shop.buyer.email.to_uppercase())).await;
    assert_eq!(by_email["total"], 1);
    assert_eq!(by_email["items"][0]["buyer"]["id"], shop.buyer.user_id);
    assert_eq!(admin.get_json("/api/v1/admin/orders?q=nobody@example.com").await["total"], 0);
    assert_eq!(admin.get_json("/api/v1/admin/orders?q=merchant_123").await["total"], 0);
    let preparing = admin.get_json("/api/v1/admin/orders?status=preparing").await;
    assert_eq!(preparing["total"], 1);
    assert_eq!(preparing["items"][0]["status"], "preparing");
    let detail = admin.get_json(&format!("/api/v1/admin/orders/{}", first["id"])).await;
    assert_eq!(detail["buyer"]["id"], shop.buyer.user_id);
    assert_eq!(detail["shipping"]["recipient"], "김구매");
    assert!(detail["payment"].is_null());
    assert_eq!(admin.get("/api/v1/admin/orders/999999").send().await.unwrap().status(), 404);
    for path in ["/api/v1/admin/orders".to_string(), format!("/api/v1/admin/orders/{}", first["id"])] {
        assert_eq!(shop.buyer.get(&path).send().await.unwrap().status(), 403, "{path}");
    }
    let bad = admin.get("/api/v1/admin/orders?status=lost").send().await.unwrap();
    assert_eq!(bad.status(), 400);
    let _ = body_json(bad).await;
}

#[actix_web::test]
async fn the_order_list_and_the_seller_board_cost_the_same_statements_for_1_and_for_50_orders() {
    let (app, shop) = shop().await;
    let products = [
        product(&shop.seller, shop.category, 1_000, 100).await,
        product(&shop.seller, shop.category, 1_000, 100).await,
    ];
    set_balance(&app, shop.buyer.user_id, 1_000_000).await;
    for i in 0..50 {
        bought(&shop.buyer, products[i % 2], 1, shop.address_id).await;
    }
    let (buyer, seller_id) = (shop.buyer.user_id, shop.seller.user_id);
    let (secrets, calendar) = (app.state.secrets.clone(), app.state.config.calendar());
    let mut conn = app.state.pool.get().unwrap();
    let mut counts = Vec::new();
    for per_page in [1, 50] {
        counts.push(count_statements(&mut conn, |conn| {
            let page = order::list(conn, buyer, PageRequest::new(1, per_page)).unwrap();
            assert_eq!(page.items.len(), usize::try_from(per_page).unwrap());
            assert!(page.items.iter().all(|o| o.lines.len() == 1));
        }));
        counts.push(count_statements(&mut conn, |conn| {
            let filter = seller::BoardFilter::default();
            let board =
                seller::board(conn, &secrets, &calendar, seller_id, &filter, PageRequest::new(1, per_page))
                    .unwrap();
            assert_eq!(board.page.items.len(), usize::try_from(per_page).unwrap());
            assert_eq!(board.counts["placed"], 50);
        }));
    }
    assert_eq!(counts[..2], counts[2..], "statements (list, board) for 1 and for 50: {counts:?}");
}
