//! The wallet routes through the real app: balance, entries, the month calendar in the
//! business time zone, and the operators' adjustments.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Utc};
use praline_testkit::{Session, TestApp, body_json};
use serde_json::{Value, json};

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().with_timezone(&Utc)
}

async fn adjust(admin: &Session, user_id: i64, body: Value) -> reqwest::Response {
    admin.post(&format!("/api/v1/admin/wallets/{user_id}/adjustments")).json(&body).send().await.unwrap()
}

async fn status_of(request: reqwest::RequestBuilder) -> u16 {
    request.send().await.unwrap().status().as_u16()
}

#[actix_web::test]
async fn the_calendar_puts_entries_on_their_seoul_day_across_the_year_end() {
    let app = TestApp::spawn();
    // 31 December 23:30 in Seoul is still 14:30 UTC; the welcome bonus lands then.
    app.clock.set(at("2026-12-31T23:30:00+09:00"));
    let buyer = app.buyer().await;
    let wallet = buyer.get_json("/api/v1/wallet").await;
    assert_eq!((wallet["month"].as_str(), wallet["earned"].as_i64()), (Some("2026-12"), Some(29_900)));
    // An hour later it is 1 January in Seoul (15:30 UTC on 31 December).
    app.clock.set(at("2027-01-01T00:30:00+09:00"));
    let admin = app.admin().await;
    assert_eq!(
        adjust(&admin, buyer.user_id, json!({"amount": 500, "memo": "새해 / new year"})).await.status(),
        201
    );
    let buyer = app.session(&buyer.email, &buyer.password).await;

    let december = buyer.get_json("/api/v1/wallet/calendar?month=2026-12").await;
    let days = december["days"].as_array().unwrap();
    assert_eq!(days.len(), 31);
    assert_eq!(days[0]["date"], "2026-12-01");
    assert_eq!(days[30], json!({"date": "2026-12-31", "earned": 29_900, "spent": 0}));
    assert_eq!((december["month"].as_str(), december["earned"].as_i64()), (Some("2026-12"), Some(29_900)));
    let january = buyer.get_json("/api/v1/wallet/calendar?month=2027-01").await;
    assert_eq!(january["days"][0], json!({"date": "2027-01-01", "earned": 500, "spent": 0}));
    assert_eq!((january["earned"].as_i64(), january["days"].as_array().unwrap().len()), (Some(500), 31));
    // No month: the current business month, which is already January.
    assert_eq!(buyer.get_json("/api/v1/wallet/calendar").await["month"], "2027-01");
    let february = buyer.get_json("/api/v1/wallet/calendar?month=2027-02").await;
    assert_eq!(february["days"].as_array().unwrap().len(), 28);

    let wallet = buyer.get_json("/api/v1/wallet").await;
    assert_eq!(wallet["month"], "2027-01");
    assert_eq!((wallet["balance"].as_i64(), wallet["earned"].as_i64()), (Some(30_400), Some(500)));
    assert_eq!(wallet["topup_presets"], json!([3000, 5000, 10000, 30000, 50000, 100000]));

    let last_day = buyer.get_json("/api/v1/wallet/entries?date=2026-12-31").await;
    assert_eq!(last_day["total"], 1);
    assert_eq!(last_day["items"][0]["kind"], "signup_bonus");
    assert_eq!(last_day["items"][0]["date"], "2026-12-31");
    assert_eq!(last_day["items"][0]["created_at"], "2026-12-31T14:30:00Z");
    let new_year = buyer.get_json("/api/v1/wallet/entries?date=2027-01-01").await;
    assert_eq!(new_year["items"][0]["date"], "2027-01-01");
    assert_eq!((new_year["total"].as_i64(), new_year["earned"].as_i64()), (Some(1), Some(500)));
    let all = buyer.get_json("/api/v1/wallet/entries").await;
    let kinds: Vec<&str> =
        all["items"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["admin_adjustment", "signup_bonus"], "newest first");
    assert_eq!((all["earned"].as_i64(), all["spent"].as_i64()), (Some(30_400), Some(0)));
}

#[actix_web::test]
async fn entries_filter_by_month_or_date_page_newest_first_and_refuse_bad_input() {
    let app = TestApp::spawn();
    app.clock.set(at("2026-03-15T12:00:00+09:00"));
    let buyer = app.buyer().await;
    let admin = app.admin().await;
    for (amount, memo) in [(-900, "a"), (300, "b"), (-100, "c")] {
        assert_eq!(
            adjust(&admin, buyer.user_id, json!({"amount": amount, "memo": memo})).await.status(),
            201
        );
    }
    let march = buyer.get_json("/api/v1/wallet/entries?month=2026-03&per_page=2").await;
    assert_eq!(
        (march["total"].as_i64(), march["page"].as_i64(), march["per_page"].as_i64()),
        (Some(4), Some(1), Some(2))
    );
    assert_eq!(
        (march["earned"].as_i64(), march["spent"].as_i64()),
        (Some(30_200), Some(1_000)),
        "over the filter, not the page"
    );
    let first = &march["items"][0];
    assert_eq!(
        (first["memo"].as_str(), first["amount"].as_i64(), first["balance_after"].as_i64()),
        (Some("c"), Some(-100), Some(29_200))
    );
    assert_eq!(first["reference"], Value::Null);
    let page2 = buyer.get_json("/api/v1/wallet/entries?month=2026-03&per_page=2&page=2").await;
    let memos: Vec<&str> =
        page2["items"].as_array().unwrap().iter().map(|e| e["memo"].as_str().unwrap()).collect();
    assert_eq!(memos, ["a", "welcome bonus"]);
    let april = buyer.get_json("/api/v1/wallet/entries?month=2026-04").await;
    assert_eq!((april["total"].as_i64(), april["earned"].as_i64()), (Some(0), Some(0)));
    let wallet = buyer.get_json("/api/v1/wallet").await;
    assert_eq!((wallet["balance"].as_i64(), wallet["spent"].as_i64()), (Some(29_200), Some(1_000)));

    let both = buyer.get("/api/v1/wallet/entries?month=2026-03&date=2026-03-15").send().await.unwrap();
    assert_eq!(both.status(), 400);
    let both = body_json(both).await;
    assert_eq!(both["error"]["code"], "invalid_input");
    assert!(both["error"]["fields"]["month"].is_string() && both["error"]["fields"]["date"].is_string());
    for bad in [
        "/api/v1/wallet/entries?month=2026-13",
        "/api/v1/wallet/entries?month=2026-1",
        "/api/v1/wallet/entries?date=2026-02-30",
        "/api/v1/wallet/entries?per_page=101",
        "/api/v1/wallet/entries?kind=refund",
        "/api/v1/wallet/calendar?month=2026-13",
        "/api/v1/wallet/calendar?month=12-2026",
    ] {
        let response = buyer.get(bad).send().await.unwrap();
        assert_eq!(response.status(), 400, "{bad}");
        assert_eq!(body_json(response).await["error"]["code"], "invalid_input", "{bad}");
    }
    for path in ["/api/v1/wallet", "/api/v1/wallet/entries", "/api/v1/wallet/calendar"] {
        assert_eq!(status_of(app.get(path)).await, 401, "{path}");
    }
}

#[actix_web::test]
async fn only_administrators_adjust_a_wallet_with_a_memo_and_never_below_zero() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let other = app.buyer().await;
    let seller = app.seller().await;
    let admin = app.admin().await;
    let good = json!({"amount": 1000, "memo": "보상 / goodwill"});
    // Not an administrator: refused, for someone else's wallet and for one's own alike.
    for (who, target) in [(&buyer, other.user_id), (&buyer, buyer.user_id), (&seller, buyer.user_id)] {
        let response = adjust(who, target, good.clone()).await;
        assert_eq!(response.status(), 403);
        assert_eq!(body_json(response).await["error"]["code"], "forbidden");
    }
    assert_eq!(
        status_of(app.post(&format!("/api/v1/admin/wallets/{}/adjustments", buyer.user_id)).json(&good))
            .await,
        401
    );

    for bad in [
        json!({"amount": 1000}),
        json!({"amount": 1000, "memo": "   "}),
        json!({"amount": 1000, "memo": "x".repeat(201)}),
        json!({"amount": 0, "memo": "zero"}),
        json!({"amount": 1000, "memo": "m", "kind": "refund"}),
        json!({"memo": "no amount"}),
    ] {
        let response = adjust(&admin, buyer.user_id, bad.clone()).await;
        assert_eq!(response.status(), 400, "{bad}");
        assert_eq!(body_json(response).await["error"]["code"], "invalid_input", "{bad}");
    }
    assert_eq!(adjust(&admin, 9_999_999, good.clone()).await.status(), 404);

    let short = adjust(&admin, buyer.user_id, json!({"amount": -40_000, "memo": "too much"})).await;
    assert_eq!(short.status(), 402);
    let short = body_json(short).await;
    assert_eq!(short["error"]["code"], "insufficient_points");
    assert_eq!(
        (short["error"]["balance"].as_i64(), short["error"]["required"].as_i64()),
        (Some(29_900), Some(40_000))
    );

    let taken = adjust(&admin, buyer.user_id, json!({"amount": -900, "memo": "x".repeat(200)})).await;
    assert_eq!(taken.status(), 201);
    let entry = body_json(taken).await;
    assert_eq!(entry["kind"], "admin_adjustment");
    assert_eq!((entry["amount"].as_i64(), entry["balance_after"].as_i64()), (Some(-900), Some(29_000)));
    assert_eq!(entry["reference"], Value::Null);
    assert!(entry["date"].is_string() && entry["id"].is_i64());
    assert_eq!(buyer.get_json("/api/v1/wallet").await["balance"], 29_000);
    assert_eq!(other.get_json("/api/v1/wallet").await["balance"], 29_900, "only the named wallet moves");
    let entries = buyer.get_json("/api/v1/wallet/entries").await;
    assert_eq!(entries["items"][0]["id"], entry["id"]);
}

#[actix_web::test]
async fn twenty_parallel_debits_of_10000_from_50000_through_the_api_pay_five() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let admin = app.admin().await;
    assert_eq!(
        adjust(&admin, buyer.user_id, json!({"amount": 20_100, "memo": "top to 50,000"})).await.status(),
        201
    );
    let debits = (0..20)
        .map(|i| adjust(&admin, buyer.user_id, json!({"amount": -10_000, "memo": format!("debit {i}")})));
    let statuses: Vec<u16> =
        futures_util::future::join_all(debits).await.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 5, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 402).count(), 15, "{statuses:?}");
    let wallet = buyer.get_json("/api/v1/wallet").await;
    assert_eq!(wallet["balance"], 0);
    let entries = buyer.get_json("/api/v1/wallet/entries?per_page=100").await;
    assert!(entries["items"].as_array().unwrap().iter().all(|e| e["balance_after"].as_i64().unwrap() >= 0));
    assert_eq!(entries["total"], 7);
}
