//! Membership through the real app: subscribe, cancel, resume, and the renewal job run the way
//! the gateways' scheduler runs it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Barrier};

use chrono::{DateTime, Duration, Utc};
use praline_gateway::jobs;
use praline_kernel::db;
use praline_payments::service::membership::{self, RenewalReport};
use praline_testkit::{Session, TestApp, body_json};
use serde_json::{Value, json};

const JOB: &str = "payments.renew_memberships";

async fn call(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, body_json(response).await)
}

async fn balance(session: &Session) -> i64 {
    session.get_json("/api/v1/wallet").await["balance"].as_i64().unwrap()
}

async fn fees(session: &Session) -> Vec<Value> {
    let entries = session.get_json("/api/v1/wallet/entries?per_page=100").await;
    entries["items"].as_array().unwrap().iter().filter(|e| e["kind"] == "membership_fee").cloned().collect()
}

fn instant(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().unwrap()).unwrap().with_timezone(&Utc)
}

async fn is_member(app: &TestApp, user_id: i64, at: DateTime<Utc>) -> bool {
    db::run(&app.state.pool, move |conn| membership::is_member(conn, user_id, at)).await.unwrap()
}

/// Moves the clock past the member's period end and signs them in again (tokens expired).
async fn past_period_end(app: &TestApp, member: &Session) -> Session {
    let end = instant(&member.get_json("/api/v1/membership").await["period_end"]);
    app.clock.set(end + Duration::minutes(1));
    app.session(&member.email, &member.password).await
}

#[actix_web::test]
async fn subscribing_costs_9900_for_28_days_and_a_second_subscribe_is_409() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let none = buyer.get_json("/api/v1/membership").await;
    assert_eq!(
        none,
        json!({"member": false, "auto_renew": false, "period_start": null, "period_end": null, "price": 9900, "period_days": 28})
    );
    let (status, member) = call(buyer.post("/api/v1/membership")).await;
    assert_eq!(status, 201, "{member}");
    assert_eq!((member["member"].as_bool(), member["auto_renew"].as_bool()), (Some(true), Some(true)));
    let (start, end) = (instant(&member["period_start"]), instant(&member["period_end"]));
    // PostgreSQL keeps microseconds.
    assert!((start - app.clock.now()).abs() < Duration::microseconds(1), "{start}");
    assert_eq!(end - start, Duration::days(28));
    assert_eq!(balance(&buyer).await, 20_000);
    let fee = &fees(&buyer).await[0];
    assert_eq!(
        (fee["amount"].as_i64(), fee["reference"]["type"].as_str()),
        (Some(-9_900), Some("membership"))
    );
    assert!(is_member(&app, buyer.user_id, app.clock.now()).await);
    assert!(!is_member(&app, buyer.user_id, start - Duration::seconds(1)).await);
    assert!(!is_member(&app, buyer.user_id, end).await, "the period is [start, end)");

    let (status, again) = call(buyer.post("/api/v1/membership")).await;
    assert_eq!((status, again["error"]["code"].as_str()), (409, Some("already_member")));
    assert_eq!(balance(&buyer).await, 20_000);
    assert_eq!(buyer.get_json("/api/v1/membership").await, member);
    assert_eq!(call(app.get("/api/v1/membership")).await.0, 401);

    // The access token's `member` claim is a hint, set when a token is issued.
    let claims = |token: &str| app.state.secrets.jwt.verify(token, app.clock.now()).unwrap();
    assert!(!claims(&buyer.token).member, "issued before the subscription");
    let again = app.session(&buyer.email, &buyer.password).await;
    assert!(claims(&again.token).member);
}

#[actix_web::test]
async fn simultaneous_subscribes_charge_once() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let posts = (0..10).map(|_| buyer.post("/api/v1/membership").send());
    let statuses: Vec<u16> = futures_util::future::join_all(posts)
        .await
        .into_iter()
        .map(|r| r.unwrap().status().as_u16())
        .collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    assert_eq!((balance(&buyer).await, fees(&buyer).await.len()), (20_000, 1));
}

#[actix_web::test]
async fn a_short_balance_is_402_and_writes_nothing() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let admin = app.admin().await;
    let spend = json!({"amount": -25_000, "memo": "spent"});
    let path = format!("/api/v1/admin/wallets/{}/adjustments", buyer.user_id);
    assert_eq!(call(admin.post(&path).json(&spend)).await.0, 201);
    let (status, short) = call(buyer.post("/api/v1/membership")).await;
    assert_eq!((status, short["error"]["code"].as_str()), (402, Some("insufficient_points")));
    assert_eq!(
        (short["error"]["balance"].as_i64(), short["error"]["required"].as_i64()),
        (Some(4_900), Some(9_900))
    );
    assert_eq!(buyer.get_json("/api/v1/membership").await["member"], false);
    assert_eq!(balance(&buyer).await, 4_900);
}

#[actix_web::test]
async fn cancel_keeps_the_period_resume_is_free_and_an_ended_period_is_not_resumable() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    for (request, path) in
        [(buyer.delete("/api/v1/membership"), "DELETE"), (buyer.post("/api/v1/membership/resume"), "resume")]
    {
        let (status, body) = call(request).await;
        assert_eq!((status, body["error"]["code"].as_str()), (409, Some("not_member")), "{path}");
    }
    let (_, subscribed) = call(buyer.post("/api/v1/membership")).await;

    let (status, cancelled) = call(buyer.delete("/api/v1/membership")).await;
    assert_eq!(status, 200);
    assert_eq!((cancelled["member"].as_bool(), cancelled["auto_renew"].as_bool()), (Some(true), Some(false)));
    assert_eq!(cancelled["period_end"], subscribed["period_end"]);
    assert_eq!(
        call(buyer.delete("/api/v1/membership")).await,
        (200, cancelled.clone()),
        "a repeat changes nothing"
    );
    let (status, body) = call(buyer.post("/api/v1/membership")).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("already_member")),
        "resume, not subscribe"
    );

    let (status, resumed) = call(buyer.post("/api/v1/membership/resume")).await;
    assert_eq!((status, resumed.clone()), (200, subscribed.clone()));
    assert_eq!(call(buyer.post("/api/v1/membership/resume")).await, (200, subscribed.clone()));
    assert_eq!((balance(&buyer).await, fees(&buyer).await.len()), (20_000, 1), "resuming is free");

    // Cancelled again, the period runs out: the job ends it without charging.
    call(buyer.delete("/api/v1/membership")).await;
    let buyer = past_period_end(&app, &buyer).await;
    jobs::run_now(&app.state, JOB).await.unwrap();
    assert_eq!(buyer.get_json("/api/v1/membership").await["member"], false);
    let (status, body) = call(buyer.post("/api/v1/membership/resume")).await;
    assert_eq!((status, body["error"]["code"].as_str()), (409, Some("not_member")));
    assert_eq!((balance(&buyer).await, fees(&buyer).await.len()), (20_000, 1));
    assert!(app.outbox().iter().all(|m| !m.subject.contains("멤버십")), "a cancelled end is not mailed");
    // Subscribing again starts a new period now.
    let (status, again) = call(buyer.post("/api/v1/membership")).await;
    assert_eq!((status, instant(&again["period_start"])), (201, app.clock.now()));
    assert_eq!(balance(&buyer).await, 10_100);
}

#[actix_web::test]
async fn renewal_charges_once_per_period_whatever_runs_it_and_a_short_balance_ends_it_with_an_email() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let (_, first) = call(buyer.post("/api/v1/membership")).await;
    // Before the end nothing is due.
    assert_eq!(
        jobs::run_now(&app.state, JOB).await.unwrap(),
        "renewed 0, lapsed 0, ended 0 for want of points (0 e-mailed), 0 already handled"
    );

    // Two gateways at once: the lease lets one run; running again in the period renews nothing.
    let buyer = past_period_end(&app, &buyer).await;
    let (a, b) = futures_util::future::join(
        jobs::run_due(&app.state, "gateway-a"),
        jobs::run_due(&app.state, "gateway-b"),
    )
    .await;
    assert_eq!([&a, &b].iter().filter(|ran| ran.contains(&JOB)).count(), 1, "{a:?} {b:?}");
    jobs::run_now(&app.state, JOB).await.unwrap();
    jobs::run_now(&app.state, JOB).await.unwrap();
    let second = buyer.get_json("/api/v1/membership").await;
    assert_eq!(second["period_start"], first["period_end"], "the next period starts where the last ended");
    assert_eq!(instant(&second["period_end"]) - instant(&second["period_start"]), Duration::days(28));
    assert_eq!((balance(&buyer).await, fees(&buyer).await.len()), (10_100, 2));

    // Eight threads racing on the next period: one fee.
    let buyer = past_period_end(&app, &buyer).await;
    let now = app.clock.now();
    let pool = db::connect(&app.state.config.database_url(), 8).unwrap();
    let conns: Vec<_> = (0..8).map(|_| pool.get().unwrap()).collect();
    let barrier = Arc::new(Barrier::new(8));
    let threads: Vec<_> = conns
        .into_iter()
        .map(|mut conn| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                membership::renew_due(&mut conn, now)
            })
        })
        .collect();
    let reports: Vec<RenewalReport> = threads.into_iter().map(|t| t.join().unwrap().unwrap()).collect();
    assert_eq!(reports.iter().map(|r| r.renewed.len()).sum::<usize>(), 1, "{reports:?}");
    assert_eq!((balance(&buyer).await, fees(&buyer).await.len()), (200, 3));
    assert!(is_member(&app, buyer.user_id, now).await);

    // 200 points left: the next renewal ends the membership and tells the member, once.
    let buyer = past_period_end(&app, &buyer).await;
    let report = jobs::run_now(&app.state, JOB).await.unwrap();
    assert!(report.contains("ended 1 for want of points (1 e-mailed)"), "{report}");
    jobs::run_now(&app.state, JOB).await.unwrap();
    let mails: Vec<_> = app.outbox().into_iter().filter(|m| m.subject.contains("멤버십")).collect();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].to.eq_ignore_ascii_case(&buyer.email));
    assert!(mails[0].body.contains("9900") && mails[0].body.contains("200"), "{}", mails[0].body);
    let ended = buyer.get_json("/api/v1/membership").await;
    assert_eq!((ended["member"].as_bool(), ended["period_end"].is_null()), (Some(false), true));
    assert!(!is_member(&app, buyer.user_id, app.clock.now()).await);
    assert_eq!((balance(&buyer).await, fees(&buyer).await.len()), (200, 3), "nothing charged");
    let (status, _) = call(buyer.post("/api/v1/membership/resume")).await;
    assert_eq!(status, 409);
}
