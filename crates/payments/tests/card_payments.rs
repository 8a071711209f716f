//! Card payments through the real app against the fake PortOne (the simulator on its own
//! port): top-ups, verification exactly once, refusals and provider failures.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use praline_kernel::db;
use praline_payments::PaymentsError;
use praline_payments::model::{LedgerEntry, Payment};
use praline_testkit::fakes::FakePortOne;
use praline_testkit::{Session, TestApp, body_json};
use serde_json::{Value, json};

async fn call(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, body_json(response).await)
}

/// An app whose PortOne is the fake, with a deadline of `timeout_ms`; the fake's webhooks go to it.
fn app_with(fake: &FakePortOne, timeout_ms: u64) -> TestApp {
    let app = TestApp::builder().config(fake.settings(timeout_ms)).spawn();
    fake.set_webhook_url(&app.url("/api/v1/payments/portone/webhook"));
    app
}

async fn balance(session: &Session) -> i64 {
    session.get_json("/api/v1/wallet").await["balance"].as_i64().unwrap()
}

async fn top_ups(app: &TestApp, user_id: i64) -> Vec<LedgerEntry> {
    let entries = db::run(&app.state.pool, move |conn| {
        Ok::<_, PaymentsError>(LedgerEntry::of_user(conn, user_id, 1000)?)
    })
    .await
    .unwrap();
    entries.into_iter().filter(|e| e.kind == "top_up").collect()
}

async fn stored(app: &TestApp, merchant_uid: &str) -> Option<Payment> {
    let uid = merchant_uid.to_string();
    db::run(&app.state.pool, move |conn| Ok::<_, PaymentsError>(Payment::by_merchant_uid(conn, &uid)?))
        .await
        .unwrap()
}

/// Starts a top-up of `amount`; its merchant_uid.
async fn start(buyer: &Session, amount: i64) -> String {
    let (status, body) = call(buyer.post("/api/v1/payments/topups").json(&json!({ "amount": amount }))).await;
    assert_eq!(status, 201, "{body}");
    body["merchant_uid"].as_str().unwrap().to_string()
}

async fn complete(buyer: &Session, imp_uid: &str, merchant_uid: &str) -> (u16, Value) {
    call(
        buyer
            .post("/api/v1/payments/portone/complete")
            .json(&json!({ "imp_uid": imp_uid, "merchant_uid": merchant_uid })),
    )
    .await
}

async fn webhook(app: &TestApp, body: Value) -> u16 {
    app.post("/api/v1/payments/portone/webhook").json(&body).send().await.unwrap().status().as_u16()
}

/// PortOne's webhook as a form, as it also sends it.
async fn form_webhook(app: &TestApp, imp_uid: &str, merchant_uid: &str) -> u16 {
    let form = format!("imp_uid={imp_uid}&merchant_uid={merchant_uid}&status=paid");
    let request = app
        .post("/api/v1/payments/portone/webhook")
        .header("content-type", "application/x-www-form-urlencoded");
    request.body(form).send().await.unwrap().status().as_u16()
}

#[actix_web::test]
async fn a_top_up_is_prepared_at_portone_and_credited_once_after_verification() {
    let fake = FakePortOne::start();
    let app = app_with(&fake, 5_000);
    let buyer = app.buyer().await;
    let before = balance(&buyer).await;

    let (status, created) =
        call(buyer.post("/api/v1/payments/topups").json(&json!({ "amount": 10_000 }))).await;
    assert_eq!(status, 201, "{created}");
    let merchant_uid = created["merchant_uid"].as_str().unwrap();
    assert!(merchant_uid.len() <= 40);
    assert_eq!(created["purpose"], "top_up");
    assert_eq!(created["status"], "ready");
    assert_eq!(created["expires_at"], Value::Null);
    assert_eq!(created["checkout"]["provider"], "portone");
    assert_eq!(created["checkout"]["imp_code"], "imp00000000");
    assert_eq!(created["checkout"]["request"]["amount"], 10_000);
    assert_eq!(created["checkout"]["request"]["pay_method"], "card");
    assert_eq!(created["checkout"]["request"]["buyer_email"], buyer.email.as_str());
    assert_eq!(created["checkout"]["simulator_url"], Value::Null);
    assert_eq!(fake.prepared(merchant_uid), Some(10_000), "the server registered its own amount");

    let paid = fake.approve(merchant_uid).unwrap();
    let (status, body) = complete(&buyer, &paid.imp_uid, merchant_uid).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "paid");
    assert_eq!(body["imp_uid"], paid.imp_uid.as_str());
    assert!(body.get("checkout").is_none());
    assert_eq!(balance(&buyer).await, before + 10_000);

    // Replays and the late webhook change nothing and ask PortOne nothing more.
    let lookups = fake.calls()["lookup"];
    for _ in 0..3 {
        let (status, again) = complete(&buyer, &paid.imp_uid, merchant_uid).await;
        assert_eq!((status, again["status"].clone()), (200, json!("paid")));
    }
    assert_eq!(fake.send_webhook(&paid).await.unwrap(), 200);
    assert_eq!(fake.calls()["lookup"], lookups);
    assert_eq!(balance(&buyer).await, before + 10_000);
    let credits = top_ups(&app, buyer.user_id).await;
    assert_eq!(credits.len(), 1);
    let payment = stored(&app, merchant_uid).await.unwrap();
    assert_eq!(
        (credits[0].reference_type.as_deref(), credits[0].reference_id),
        (Some("payment"), Some(payment.id))
    );

    let (status, read) = call(buyer.get(&format!("/api/v1/payments/{merchant_uid}"))).await;
    assert_eq!((status, read["status"].clone(), read["amount"].clone()), (200, json!("paid"), json!(10_000)));
}

#[actix_web::test]
async fn fifty_completes_and_fifty_webhooks_for_one_top_up_credit_exactly_once() {
    let fake = FakePortOne::start();
    let app = app_with(&fake, 5_000);
    let buyer = app.buyer().await;
    let before = balance(&buyer).await;
    let merchant_uid = start(&buyer, 30_000).await;
    let paid = fake.approve(&merchant_uid).unwrap();

    let mut calls = Vec::new();
    for i in 0..100 {
        let (buyer, app_url, imp_uid, uid) = (
            buyer.clone(),
            app.url("/api/v1/payments/portone/webhook"),
            paid.imp_uid.clone(),
            merchant_uid.clone(),
        );
        let client = app.client.clone();
        calls.push(tokio::spawn(async move {
            if i % 2 == 0 {
                let (status, body) = complete(&buyer, &imp_uid, &uid).await;
                assert_eq!(body["status"], "paid", "every caller sees the paid payment: {body}");
                status
            } else {
                let body = json!({ "imp_uid": imp_uid, "merchant_uid": uid, "status": "paid" });
                client.post(app_url).json(&body).send().await.unwrap().status().as_u16()
            }
        }));
    }
    for call in calls {
        assert_eq!(call.await.unwrap(), 200);
    }
    assert_eq!(balance(&buyer).await, before + 30_000);
    assert_eq!(top_ups(&app, buyer.user_id).await.len(), 1);
}

#[actix_web::test]
async fn a_payment_of_another_amount_is_cancelled_in_full_and_credits_nothing() {
    let fake = FakePortOne::start();
    let app = app_with(&fake, 5_000);
    let buyer = app.buyer().await;
    let before = balance(&buyer).await;
    let merchant_uid = start(&buyer, 10_000).await;
    fake.switch(|s| s.charge_amount = Some(100));
    let paid = fake.approve(&merchant_uid).unwrap();

    let (status, body) = complete(&buyer, &paid.imp_uid, &merchant_uid).await;
    assert_eq!((status, body["error"]["code"].clone()), (409, json!("payment_mismatch")));
    assert_eq!(fake.cancels(), vec![(merchant_uid.clone(), None)], "one full cancel at PortOne");
    assert_eq!(fake.payment(&paid.imp_uid).unwrap().status, "cancelled");
    let payment = stored(&app, &merchant_uid).await.unwrap();
    assert_eq!(
        (payment.status.as_str(), payment.fail_reason.as_deref()),
        ("cancelled", Some("amount_mismatch"))
    );
    assert!(!payment.refund_pending);

    // A replay and the webhook: still refused, no second cancel, no credit.
    let (status, _) = complete(&buyer, &paid.imp_uid, &merchant_uid).await;
    assert_eq!(status, 409);
    assert_eq!(fake.send_webhook(&paid).await.unwrap(), 200);
    assert_eq!(fake.cancels().len(), 1);
    assert_eq!(balance(&buyer).await, before);
    let (_, read) = call(buyer.get(&format!("/api/v1/payments/{merchant_uid}"))).await;
    assert_eq!(
        (read["status"].clone(), read["fail_reason"].clone()),
        (json!("cancelled"), json!("amount_mismatch"))
    );
}

#[actix_web::test]
async fn a_refund_owed_after_a_failed_cancel_is_retried_by_the_job_until_portone_confirms() {
    let fake = FakePortOne::start();
    let app = app_with(&fake, 5_000);
    let buyer = app.buyer().await;
    let merchant_uid = start(&buyer, 5_000).await;
    fake.switch(|s| {
        s.charge_amount = Some(5_500);
        s.fail_cancels = true;
    });
    let paid = fake.approve(&merchant_uid).unwrap();
    let (status, _) = complete(&buyer, &paid.imp_uid, &merchant_uid).await;
    assert_eq!(status, 409);
    assert!(stored(&app, &merchant_uid).await.unwrap().refund_pending, "the refund is still owed");
    assert_eq!(fake.payment(&paid.imp_uid).unwrap().status, "paid");

    praline_gateway::jobs::run_now(&app.state, "payments.reconcile").await.unwrap();
    assert!(stored(&app, &merchant_uid).await.unwrap().refund_pending, "PortOne still fails: still owed");

    fake.switch(|s| s.fail_cancels = false);
    let report = praline_gateway::jobs::run_now(&app.state, "payments.reconcile").await.unwrap();
    assert!(report.contains("confirmed 1 refunds"), "{report}");
    assert!(!stored(&app, &merchant_uid).await.unwrap().refund_pending);
    assert_eq!(fake.payment(&paid.imp_uid).unwrap().status, "cancelled");
    praline_gateway::jobs::run_now(&app.state, "payments.reconcile").await.unwrap();
    assert_eq!(fake.cancels().len(), 1, "a confirmed refund is never sent again");
}

#[actix_web::test]
async fn portone_errors_and_timeouts_answer_502_change_nothing_and_a_retry_succeeds() {
    let fake = FakePortOne::start();
    let app = app_with(&fake, 400);
    let buyer = app.buyer().await;
    let before = balance(&buyer).await;
    let merchant_uid = start(&buyer, 3_000).await;
    let paid = fake.approve(&merchant_uid).unwrap();

    fake.switch(|s| s.fail_next = 1);
    let (status, body) = complete(&buyer, &paid.imp_uid, &merchant_uid).await;
    assert_eq!((status, body["error"]["code"].clone()), (502, json!("provider_error")));
    fake.switch(|s| s.delay = Duration::from_millis(900));
    let (status, body) = complete(&buyer, &paid.imp_uid, &merchant_uid).await;
    assert_eq!((status, body["error"]["code"].clone()), (502, json!("provider_error")));
    assert_eq!(stored(&app, &merchant_uid).await.unwrap().status, "ready");
    assert_eq!(balance(&buyer).await, before);

    fake.switch(|s| s.delay = Duration::ZERO);
    let (status, body) = complete(&buyer, &paid.imp_uid, &merchant_uid).await;
    assert_eq!((status, body["status"].clone()), (200, json!("paid")));
    assert_eq!(balance(&buyer).await, before + 3_000);

    // A failed prepare leaves no payment behind.
    fake.switch(|s| s.fail_next = 1);
    let (status, body) = call(buyer.post("/api/v1/payments/topups").json(&json!({ "amount": 5_000 }))).await;
    assert_eq!((status, body["error"]["code"].clone()), (502, json!("provider_error")));
    let user = buyer.user_id;
    let count = db::run(&app.state.pool, move |conn| {
        use diesel::prelude::*;
        use praline_payments::schema::payments_payments::dsl::*;
        Ok::<_, PaymentsError>(payments_payments.filter(user_id.eq(user)).count().get_result::<i64>(conn)?)
    })
    .await
    .unwrap();
    assert_eq!(count, 1);
}

#[actix_web::test]
async fn a_webhook_for_an_unknown_merchant_uid_is_acknowledged_without_calling_portone() {
    let fake = FakePortOne::start();
    let app = app_with(&fake, 5_000);
    let status = webhook(
        &app,
        json!({ "imp_uid": "imps_1", "merchant_uid": "top_20261129_unknown", "status": "paid" }),
    )
    .await;
    assert_eq!(status, 200);
    assert!(fake.calls().is_empty(), "PortOne was not called: {:?}", fake.calls());

    // Malformed bodies are 400.
    let (status, _) =
        call(app.post("/api/v1/payments/portone/webhook").json(&json!({ "imp_uid": "imps_1" }))).await;
    assert_eq!(status, 400);
    let (status, _) =
        call(app.post("/api/v1/payments/portone/webhook").json(&json!({ "merchant_uid": "x" }))).await;
    assert_eq!(status, 400);
}

#[actix_web::test]
async fn a_forged_paid_webhook_for_an_unpaid_payment_credits_nothing() {
    let fake = FakePortOne::start();
    let app = app_with(&fake, 5_000);
    let buyer = app.buyer().await;
    let before = balance(&buyer).await;
    let merchant_uid = start(&buyer, 10_000).await;

    // An invented imp_uid, and a declined payment's real one, both claiming "paid".
    let declined = fake.decline(&merchant_uid).unwrap();
    for imp_uid in ["imps_forged", declined.imp_uid.as_str()] {
        let status =
            webhook(&app, json!({ "imp_uid": imp_uid, "merchant_uid": merchant_uid, "status": "paid" }))
                .await;
        assert_eq!(status, 200);
    }
    // PortOne also sends forms.
    assert_eq!(form_webhook(&app, &declined.imp_uid, &merchant_uid).await, 200);
    assert_eq!(balance(&buyer).await, before);
    assert_eq!(stored(&app, &merchant_uid).await.unwrap().status, "ready");

    // The declined window leaves the payment ready; complete says why it is not paid.
    let (status, body) = complete(&buyer, &declined.imp_uid, &merchant_uid).await;
    assert_eq!((status, body["error"]["code"].clone()), (409, json!("payment_not_paid")));
    assert_eq!(body["error"]["status"], "failed");
    let (status, body) = complete(&buyer, "imps_unknown", &merchant_uid).await;
    assert_eq!((status, body["error"]["code"].clone()), (409, json!("payment_not_paid")));

    // A real approval afterwards, delivered as a form webhook, is credited.
    let paid = fake.approve(&merchant_uid).unwrap();
    assert_eq!(form_webhook(&app, &paid.imp_uid, &merchant_uid).await, 200);
    assert_eq!(balance(&buyer).await, before + 10_000);
}

#[actix_web::test]
async fn another_users_payment_is_not_found_and_another_merchant_uids_imp_uid_is_a_mismatch() {
    let fake = FakePortOne::start();
    let app = app_with(&fake, 5_000);
    let (buyer, other) = (app.buyer().await, app.buyer().await);
    let mine = start(&buyer, 10_000).await;
    let theirs = start(&other, 10_000).await;
    let their_payment = fake.approve(&theirs).unwrap();

    let (status, _) = complete(&other, &their_payment.imp_uid, &mine).await;
    assert_eq!(status, 404, "someone else's merchant_uid");
    let (status, _) = call(other.get(&format!("/api/v1/payments/{mine}"))).await;
    assert_eq!(status, 404);
    let (status, _) = call(other.get("/api/v1/payments/no_such_payment")).await;
    assert_eq!(status, 404);

    // My merchant_uid with their imp_uid: a mismatch that touches nothing.
    let (status, body) = complete(&buyer, &their_payment.imp_uid, &mine).await;
    assert_eq!((status, body["error"]["code"].clone()), (409, json!("payment_mismatch")));
    assert_eq!(stored(&app, &mine).await.unwrap().status, "ready");
    assert!(fake.cancels().is_empty());
    let (status, _) = complete(&other, &their_payment.imp_uid, &theirs).await;
    assert_eq!(status, 200);
}

#[actix_web::test]
async fn a_top_up_outside_the_presets_is_refused_before_portone_hears_of_it() {
    let fake = FakePortOne::start();
    let app = app_with(&fake, 5_000);
    let buyer = app.buyer().await;
    for amount in [json!(7_000), json!(0), json!(-10_000), json!(100_001), json!("10000"), json!(null)] {
        let (status, body) =
            call(buyer.post("/api/v1/payments/topups").json(&json!({ "amount": amount }))).await;
        assert_eq!(status, 400, "{amount}: {body}");
    }
    let (status, _) = call(app.post("/api/v1/payments/topups").json(&json!({ "amount": 10_000 }))).await;
    assert_eq!(status, 401);
    let (status, _) = call(
        buyer
            .post("/api/v1/payments/portone/complete")
            .json(&json!({ "imp_uid": "x y", "merchant_uid": "m" })),
    )
    .await;
    assert_eq!(status, 400);
    assert!(fake.calls().is_empty());
}

#[actix_web::test]
async fn the_development_simulator_pays_a_top_up_from_its_checkout_page() {
    // No PortOne keys in development: the app's own simulator.
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let before = balance(&buyer).await;
    let (status, created) =
        call(buyer.post("/api/v1/payments/topups").json(&json!({ "amount": 10_000 }))).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["checkout"]["provider"], "simulator");
    let merchant_uid = created["merchant_uid"].as_str().unwrap().to_string();
    let page_url = created["checkout"]["simulator_url"].as_str().unwrap().to_string();
    assert_eq!(page_url, format!("/_sim/portone/checkout/{merchant_uid}"));

    let page = app.get(&format!("{page_url}?return_url=/points.html")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("10,000") && html.contains("sim-approve"), "{html}");

    // Decline: back to the page with the reason; nothing paid.
    let declined = app
        .post(&page_url)
        .form(&[("action", "decline"), ("return_url", "/points.html?tab=topup")])
        .send()
        .await
        .unwrap();
    assert_eq!(declined.status(), 303);
    let location = declined.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with("/points.html?tab=topup&") && location.contains("imp_success=false"),
        "{location}"
    );

    // A foreign return_url falls back to the site root.
    let approved = app
        .post(&page_url)
        .form(&[("action", "approve"), ("return_url", "//evil.example/x")])
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status(), 303);
    let location = approved.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/?") && location.contains("imp_success=true"), "{location}");
    let imp_uid = location.split("imp_uid=").nth(1).unwrap().split('&').next().unwrap().to_string();

    let (status, body) = complete(&buyer, &imp_uid, &merchant_uid).await;
    assert_eq!((status, body["status"].clone()), (200, json!("paid")));
    // The simulator's webhook arrives a moment later and changes nothing.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(balance(&buyer).await, before + 10_000);
    assert_eq!(top_ups(&app, buyer.user_id).await.len(), 1);
}

#[actix_web::test]
async fn the_simulators_webhook_alone_credits_a_top_up() {
    let app = TestApp::spawn();
    let buyer = app.buyer().await;
    let before = balance(&buyer).await;
    let merchant_uid = start(&buyer, 5_000).await;
    let approved = app
        .post(&format!("/_sim/portone/checkout/{merchant_uid}"))
        .form(&[("action", "approve"), ("return_url", "/points.html")])
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status(), 303);
    // The browser never comes back; PortOne's webhook does.
    for _ in 0..50 {
        if balance(&buyer).await == before + 5_000 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(balance(&buyer).await, before + 5_000);
}

#[actix_web::test]
async fn in_production_the_simulator_is_absent_and_top_ups_without_keys_are_unavailable() {
    let app = TestApp::builder().config(|c| c.env = praline_kernel::config::Environment::Production).spawn();
    for path in
        ["/_sim/portone/checkout/top_x", "/_sim/portone/payments/find/top_x", "/_sim/", "/_sim/anything"]
    {
        assert_eq!(app.get(path).send().await.unwrap().status(), 404, "{path}");
    }
    for path in ["/_sim/portone/users/getToken", "/_sim/portone/checkout/top_x"] {
        let status = app.post(path).form(&[("action", "approve")]).send().await.unwrap().status();
        assert!(status == 404 || status == 405, "{path}: {status}");
    }
    let buyer = app.buyer().await;
    let (status, body) = call(buyer.post("/api/v1/payments/topups").json(&json!({ "amount": 10_000 }))).await;
    assert_eq!((status, body["error"]["code"].clone()), (503, json!("unavailable")));
}

#[actix_web::test]
async fn the_content_security_policy_allows_portones_sdk_only_when_portone_is_configured() {
    let fake = FakePortOne::start();
    let with_portone = app_with(&fake, 5_000);
    let csp = |response: &reqwest::Response| {
        response.headers()["content-security-policy"].to_str().unwrap().to_string()
    };
    let page = with_portone.get("/topup.html").send().await.unwrap();
    assert!(csp(&page).contains("https://cdn.iamport.kr"), "{}", csp(&page));

    let simulator = TestApp::spawn();
    let page = simulator.get("/topup.html").send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(!csp(&page).contains("iamport"), "{}", csp(&page));
}

#[actix_web::test]
async fn the_webhook_is_rate_limited_per_client_address() {
    let fake = FakePortOne::start();
    let app = app_with(&fake, 5_000);
    let body = json!({ "imp_uid": "imps_1", "merchant_uid": "top_20261129_unknown" });
    let mut statuses = Vec::new();
    for _ in 0..125 {
        statuses.push(webhook(&app, body.clone()).await);
    }
    assert!(statuses[..120].iter().all(|s| *s == 200), "{statuses:?}");
    assert!(statuses[120..].iter().all(|s| *s == 429), "{statuses:?}");
}

#[actix_web::test]
async fn a_payment_in_another_currency_is_a_mismatch_and_goes_back() {
    let fake = FakePortOne::start();
    let app = app_with(&fake, 5_000);
    let buyer = app.buyer().await;
    let before = balance(&buyer).await;
    let merchant_uid = start(&buyer, 10_000).await;
    fake.switch(|s| s.charge_currency = Some("USD".into()));
    let paid = fake.approve(&merchant_uid).unwrap();
    let (status, body) = complete(&buyer, &paid.imp_uid, &merchant_uid).await;
    assert_eq!((status, body["error"]["code"].clone()), (409, json!("payment_mismatch")));
    assert_eq!(fake.cancels().len(), 1);
    assert_eq!(balance(&buyer).await, before);
}

#[actix_web::test]
async fn a_webhook_during_a_portone_outage_is_acknowledged_and_the_browser_completes_later() {
    let fake = FakePortOne::start();
    let app = app_with(&fake, 5_000);
    let buyer = app.buyer().await;
    let before = balance(&buyer).await;
    let merchant_uid = start(&buyer, 3_000).await;
    let paid = fake.approve(&merchant_uid).unwrap();
    fake.switch(|s| s.fail_next = 5);
    assert_eq!(fake.send_webhook(&paid).await.unwrap(), 200);
    assert_eq!(stored(&app, &merchant_uid).await.unwrap().status, "ready");
    fake.switch(|s| s.fail_next = 0);
    let (status, _) = complete(&buyer, &paid.imp_uid, &merchant_uid).await;
    assert_eq!(status, 200);
    assert_eq!(balance(&buyer).await, before + 3_000);
}
