//! Notices, 1:1 support, attendance and the quiz.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{TimeZone, Utc};
use common::{code, send, shop, status};
use futures_util::future::join_all;
use praline_community::service::QuizPicks;
use praline_community::service::quiz;
use praline_kernel::db;
use praline_testkit::TestApp;
use serde_json::json;

#[actix_web::test]
async fn admins_write_notices_that_everyone_reads_pinned_first() {
    let (app, shop) = shop().await;
    let create = |title: &str, pinned: bool| {
        shop.admin
            .post("/api/v1/admin/notices")
            .json(&json!({"title": title, "content": "<b>본문</b>", "pinned": pinned}))
    };
    let (s, old_pinned) = send(create("배송 안내", true)).await;
    assert_eq!(s, 201);
    app.clock.advance(chrono::Duration::minutes(1));
    let (_, plain) = send(create("이벤트 당첨자", false)).await;
    app.clock.advance(chrono::Duration::minutes(1));
    let (_, newest) = send(create("설 연휴 휴무", false)).await;

    let list = send(app.get("/api/v1/notices")).await.1;
    let ids: Vec<&serde_json::Value> = list["items"].as_array().unwrap().iter().map(|n| &n["id"]).collect();
    assert_eq!(ids, [&old_pinned["id"], &newest["id"], &plain["id"]]);
    assert!(list["items"][0].get("content").is_none());

    let path = format!("/api/v1/notices/{}", plain["id"]);
    let page = send(app.get(&path)).await.1;
    assert_eq!(page["content"], "<b>본문</b>", "stored and shown as plain text");
    let admin_path = format!("/api/v1/admin/notices/{}", plain["id"]);
    let (s, edited) =
        send(shop.admin.patch(&admin_path).json(&json!({"pinned": true, "title": "당첨자 발표"}))).await;
    assert_eq!(
        (s, edited["title"].as_str(), edited["pinned"].as_bool()),
        (200, Some("당첨자 발표"), Some(true))
    );
    assert_eq!(edited["content"], "<b>본문</b>");

    assert_eq!(
        status(shop.buyer.post("/api/v1/admin/notices").json(&json!({"title": "x", "content": "y"}))).await,
        403
    );
    assert_eq!(status(shop.seller1.patch(&admin_path).json(&json!({"pinned": false}))).await, 403);
    assert_eq!(status(shop.buyer.delete(&admin_path)).await, 403);
    assert_eq!(
        status(shop.admin.post("/api/v1/admin/notices").json(&json!({"title": "", "content": "y"}))).await,
        400
    );
    assert_eq!(status(shop.admin.post("/api/v1/admin/notices").json(&json!({"title": "x"}))).await, 400);
    assert_eq!(status(shop.admin.delete(&admin_path)).await, 204);
    assert_eq!(status(app.get(&path)).await, 404);
    assert_eq!(status(shop.admin.delete(&admin_path)).await, 404);
}

#[actix_web::test]
async fn support_tickets_are_answered_by_admins_and_the_first_answer_is_e_mailed() {
    let (app, shop) = shop().await;
    let (s, ticket) = send(
        shop.buyer
            .post("/api/v1/support")
            .json(&json!({"title": "환불 문의", "content": "언제 환불되나요?"})),
    )
    .await;
    assert_eq!((s, ticket["status"].as_str()), (201, Some("open")));
    assert!(ticket["answer"].is_null());
    app.clock.advance(chrono::Duration::minutes(1));
    let (_, later) =
        send(shop.buyer2.post("/api/v1/support").json(&json!({"title": "배송", "content": "언제 와요?"})))
            .await;
    assert_eq!(
        status(shop.buyer.post("/api/v1/support").json(&json!({"title": "", "content": "x"}))).await,
        400
    );
    assert_eq!(status(app.post("/api/v1/support").json(&json!({"title": "x", "content": "y"}))).await, 401);

    let inbox = shop.admin.get_json("/api/v1/admin/support?status=open").await;
    assert_eq!(inbox["total"], 2);
    assert_eq!(inbox["items"][0]["id"], ticket["id"], "oldest first");
    assert_eq!(inbox["items"][0]["user"]["email"], shop.buyer.email);
    assert_eq!(status(shop.buyer.get("/api/v1/admin/support")).await, 403);
    assert_eq!(status(shop.admin.get("/api/v1/admin/support?status=closed")).await, 400);

    let path = format!("/api/v1/admin/support/{}/answer", ticket["id"]);
    assert_eq!(status(shop.buyer.put(&path).json(&json!({"content": "셀프 답변"}))).await, 403);
    let (s, answered) = send(shop.admin.put(&path).json(&json!({"content": "3영업일 안에 환불돼요."}))).await;
    assert_eq!((s, answered["status"].as_str()), (200, Some("answered")));
    assert_eq!(answered["answer"]["content"], "3영업일 안에 환불돼요.");
    let (_, edited) = send(shop.admin.put(&path).json(&json!({"content": "2영업일 안에 환불돼요."}))).await;
    assert_eq!(edited["answer"]["content"], "2영업일 안에 환불돼요.");
    assert_eq!(
        status(shop.admin.put("/api/v1/admin/support/999999/answer").json(&json!({"content": "x"}))).await,
        404
    );

    let mails: Vec<_> =
        app.outbox().into_iter().filter(|m| m.to == shop.buyer.email && m.subject.contains("1:1")).collect();
    assert_eq!(mails.len(), 1, "only the first answer is e-mailed");
    assert!(mails[0].body.contains("3영업일 안에 환불돼요."), "{}", mails[0].body);

    let mine = shop.buyer.get_json("/api/v1/me/support").await;
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["items"][0]["answer"]["content"], "2영업일 안에 환불돼요.");
    let answered_only = shop.admin.get_json("/api/v1/admin/support?status=answered").await;
    assert_eq!(answered_only["total"], 1);
    let all = shop.admin.get_json("/api/v1/admin/support").await;
    assert_eq!(all["items"][1]["id"], later["id"]);
}

#[actix_web::test]
async fn twenty_simultaneous_check_ins_credit_the_day_once() {
    let (_app, shop) = shop().await;
    let before = shop.buyer.get_json("/api/v1/wallet").await["balance"].as_i64().unwrap();
    let responses = join_all((0..20).map(|_| shop.buyer.post("/api/v1/attendance").send())).await;
    let mut statuses: Vec<u16> = responses.iter().map(|r| r.as_ref().unwrap().status().as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses[0], 201);
    assert!(statuses[1..].iter().all(|s| *s == 409), "{statuses:?}");

    let entries = shop.buyer.get_json("/api/v1/wallet/entries").await;
    let credits = entries["items"].as_array().unwrap().iter().filter(|e| e["kind"] == "attendance").count();
    assert_eq!(credits, 1);
    let after = shop.buyer.get_json("/api/v1/wallet").await["balance"].as_i64().unwrap();
    assert_eq!(after - before, 100);
    let (s, body) = send(shop.buyer.post("/api/v1/attendance")).await;
    assert_eq!((s, code(&body)), (409, "already_attended"));
}

#[actix_web::test]
async fn check_ins_follow_the_business_day_and_fill_the_month() {
    // 2026-11-30 23:55 in Seoul is 14:55 UTC; Seoul's December begins at 15:00 UTC.
    let app = TestApp::spawn();
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 30, 14, 55, 0).unwrap());
    let (app, shop) = common::shop_of(app).await;
    let (s, first) = send(shop.buyer.post("/api/v1/attendance")).await;
    assert_eq!((s, first["date"].as_str(), first["points"].as_i64()), (201, Some("2026-11-30"), Some(100)));
    assert_eq!(status(shop.buyer.post("/api/v1/attendance")).await, 409);
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 30, 15, 1, 0).unwrap());
    let (s, second) = send(shop.buyer.post("/api/v1/attendance")).await;
    assert_eq!((s, second["date"].as_str()), (201, Some("2026-12-01")));
    assert_eq!(second["balance"].as_i64().unwrap() - first["balance"].as_i64().unwrap(), 100);

    let december = shop.buyer.get_json("/api/v1/attendance").await;
    assert_eq!(december["month"], "2026-12");
    assert_eq!(december["days"], json!(["2026-12-01"]));
    assert_eq!(december["attended_today"], true);
    let november = shop.buyer.get_json("/api/v1/attendance?month=2026-11").await;
    assert_eq!(november["days"], json!(["2026-11-30"]));
    assert_eq!(november["attended_today"], true);
    let other = shop.buyer2.get_json("/api/v1/attendance").await;
    assert_eq!(
        (other["days"].as_array().unwrap().len(), other["attended_today"].as_bool()),
        (0, Some(false))
    );
    assert_eq!(status(shop.buyer.get("/api/v1/attendance?month=2026-13")).await, 400);
    assert_eq!(status(app.get("/api/v1/attendance")).await, 401);
}

#[actix_web::test]
async fn the_quiz_has_twelve_questions_three_per_axis_in_both_languages() {
    let app = TestApp::spawn();
    let ko = send(app.get("/api/v1/quiz")).await.1;
    let en = send(app.get("/api/v1/quiz?lang=en")).await.1;
    let questions = ko["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 12);
    for axis in ["taste", "texture", "style", "moment"] {
        assert_eq!(questions.iter().filter(|q| q["axis"] == axis).count(), 3, "{axis}");
    }
    assert_eq!(questions[0]["options"][1]["key"], "b");
    assert_ne!(ko["questions"][0]["text"], en["questions"][0]["text"]);
    assert_eq!(status(app.get("/api/v1/quiz?lang=fr")).await, 400);

    let (s, result) =
        send(app.post("/api/v1/quiz/result").json(&json!({"answers": vec!["a"; 12], "lang": "en"}))).await;
    assert_eq!((s, result["type"].as_str()), (200, Some("BCTA")));
    assert_eq!(result["title"], "Classic Dark Bar Devotee");
    assert_eq!(result["products"], json!([]), "nothing configured recommends nothing");
    let (_, ko_result) = send(app.post("/api/v1/quiz/result").json(&json!({"answers": vec!["b"; 12]}))).await;
    assert_eq!(ko_result["type"], "SMNG");
    assert_eq!(ko_result["title"], "디저트 카페 트렌드세터");
    assert_eq!(status(app.post("/api/v1/quiz/result").json(&json!({"answers": vec!["a"; 11]}))).await, 400);
    assert_eq!(status(app.post("/api/v1/quiz/result").json(&json!({"answers": vec!["c"; 12]}))).await, 400);
}

#[actix_web::test]
async fn quiz_results_recommend_configured_on_sale_products_and_degrade_to_none() {
    let (app, shop) = shop().await;
    let third = common::product(&shop.seller2, shop.category, "화이트 바", 3_000).await;
    let fourth = common::product(&shop.seller2, shop.category, "루비 바", 4_000).await;
    let hide =
        shop.seller1.patch(&format!("/api/v1/products/{}", shop.product)).json(&json!({"state": "hidden"}));
    assert_eq!(status(hide).await, 200);
    // The fourth is the most wished, so it leads among the category's products.
    assert_eq!(status(shop.buyer.put(&format!("/api/v1/products/{fourth}/wish"))).await, 200);

    let pool = app.state.pool.clone();
    let recommend = |picks: QuizPicks| {
        let pool = pool.clone();
        async move {
            db::run(&pool, move |conn| quiz::recommend(conn, Some(&picks)))
                .await
                .unwrap()
                .into_iter()
                .map(|l| l.product.id)
                .collect::<Vec<i64>>()
        }
    };
    let ids = recommend(QuizPicks { products: vec![999_999, shop.product, third], categories: vec![] }).await;
    assert_eq!(ids, [third], "missing and hidden products are left out");
    let ids = recommend(QuizPicks { products: vec![third], categories: vec![shop.category] }).await;
    assert_eq!(ids, [third, fourth, shop.product2]);
    let ids = recommend(QuizPicks { products: vec![], categories: vec![999_999] }).await;
    assert!(ids.is_empty());
}

#[test]
fn the_quiz_configuration_names_real_types() {
    let mut config = praline_kernel::config::Config::default();
    let picks: toml::Table = toml::from_str("[quiz.BCTA]\nproducts = [1, 2]\ncategories = [3]\n").unwrap();
    config.sections.insert("community".into(), toml::Value::Table(picks));
    let loaded = praline_community::CommunityConfig::load(&config).unwrap();
    assert_eq!(loaded.quiz["BCTA"].products, [1, 2]);
    let wrong: toml::Table = toml::from_str("[quiz.XXXX]\nproducts = [1]\n").unwrap();
    config.sections.insert("community".into(), toml::Value::Table(wrong));
    assert!(praline_community::CommunityConfig::load(&config).is_err());
}
