//! Card payments of another crate's purpose (orders) through payments' hook: the effect applies
//! once, abandoned payments release their order, late money goes back, refunds use the checksum.
//! The hook here records calls; commerce registers the real one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use praline_kernel::db::{self, Conn};
use praline_payments::PaymentsError;
use praline_payments::model::{Payment, Purpose};
use praline_payments::portone::PortOne;
use praline_payments::service::card::{self, Caller, Cards, NewCardPayment, Provider};
use praline_payments::service::hooks::{EffectError, PaymentEffect, PaymentHooks};
use praline_testkit::TestApp;
use praline_testkit::fakes::FakePortOne;

#[derive(Clone, Default)]
struct Recorder {
    paid: Arc<AtomicUsize>,
    abandoned: Arc<AtomicUsize>,
    closed: Arc<AtomicBool>,
}

impl PaymentEffect for Recorder {
    fn paid(&self, _: &mut Conn, payment: &Payment, _: DateTime<Utc>) -> Result<(), EffectError> {
        assert_eq!(payment.status, "paid", "the effect runs after the move to paid");
        if self.closed.load(Ordering::SeqCst) {
            return Err(EffectError::Closed);
        }
        self.paid.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    fn abandoned(&self, _: &mut Conn, _: &Payment, _: DateTime<Utc>) -> Result<(), EffectError> {
        self.abandoned.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

struct Setup {
    app: TestApp,
    fake: FakePortOne,
    cards: Cards,
    effect: Recorder,
}

fn setup() -> Setup {
    let fake = FakePortOne::start();
    let app = TestApp::spawn();
    let effect = Recorder::default();
    let client = PortOne::new(&fake.base_url, "key", "secret", Duration::from_secs(5)).unwrap();
    let cards = Cards {
        client,
        provider: Provider::Portone,
        imp_code: "imp00000000".into(),
        pg: "html5_inicis".into(),
        hooks: PaymentHooks::new().on(Purpose::Order, effect.clone()),
    };
    Setup { app, fake, cards, effect }
}

/// Records and prepares an order payment of `amount` for order 7 that expires in 30 minutes.
async fn open_order_payment(s: &Setup, user_id: i64, amount: i64) -> Payment {
    let now = s.app.clock.now();
    let uid = card::new_merchant_uid(Purpose::Order, now);
    let new = NewCardPayment {
        user_id,
        purpose: Purpose::Order,
        order_id: Some(7),
        name: "다크 초콜릿 외 1건".into(),
        amount,
        expires_at: Some(now + chrono::Duration::minutes(30)),
    };
    let payment = db::run(&s.app.state.pool, move |conn| card::record(conn, &uid, &new, now)).await.unwrap();
    card::prepare(&s.app.state, &s.cards, &payment).await.unwrap();
    payment
}

async fn reload(s: &Setup, merchant_uid: &str) -> Payment {
    let uid = merchant_uid.to_string();
    db::run(&s.app.state.pool, move |conn| Ok::<_, PaymentsError>(Payment::by_merchant_uid(conn, &uid)?))
        .await
        .unwrap()
        .unwrap()
}

#[actix_web::test]
async fn an_order_payment_applies_its_registered_effect_once_however_many_verify_it() {
    let s = Arc::new(setup());
    let buyer = s.app.buyer().await;
    let payment = open_order_payment(&s, buyer.user_id, 12_000).await;
    let paid = s.fake.approve(&payment.merchant_uid).unwrap();

    let mut tasks = Vec::new();
    for i in 0..20 {
        let (s, imp_uid, uid) = (s.clone(), paid.imp_uid.clone(), payment.merchant_uid.clone());
        let caller = if i % 2 == 0 { Caller::User(buyer.user_id) } else { Caller::System };
        tasks.push(tokio::spawn(async move {
            card::verify(&s.app.state, &s.cards, caller, &imp_uid, &uid).await
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().status, "paid");
    }
    assert_eq!(s.effect.paid.load(Ordering::SeqCst), 1);
    assert_eq!(s.effect.abandoned.load(Ordering::SeqCst), 0);
    assert_eq!(s.fake.calls()["token"], 1, "the access token is reused");

    // The buyer abandons nothing paid: expiring a paid payment is refused.
    let uid = payment.merchant_uid.clone();
    let now = s.app.clock.now();
    let moved = db::run(&s.app.state.pool, move |conn| card::expire(conn, &uid, now)).await.unwrap();
    assert!(!moved);
}

#[actix_web::test]
async fn an_unpaid_order_payment_expires_after_one_last_look_and_releases_its_order_once() {
    let s = setup();
    let buyer = s.app.buyer().await;
    let unpaid = open_order_payment(&s, buyer.user_id, 8_000).await;
    s.fake.decline(&unpaid.merchant_uid).unwrap();
    let late_but_paid = open_order_payment(&s, buyer.user_id, 9_000).await;
    s.fake.approve(&late_but_paid.merchant_uid).unwrap();

    let early = card::reconcile(&s.app.state, &s.cards, 100).await.unwrap();
    assert_eq!((early.expired, early.paid), (0, 0), "nothing is due before 30 minutes");

    s.app.clock.advance(chrono::Duration::minutes(31));
    let finds = s.fake.calls().get("find").copied().unwrap_or(0);
    let done = card::reconcile(&s.app.state, &s.cards, 100).await.unwrap();
    assert_eq!((done.expired, done.paid, done.deferred), (1, 1, 0));
    assert_eq!(s.fake.calls()["find"], finds + 2, "one last look per payment");
    assert_eq!(reload(&s, &unpaid.merchant_uid).await.status, "expired");
    assert_eq!(reload(&s, &late_but_paid.merchant_uid).await.status, "paid");
    assert_eq!(s.effect.abandoned.load(Ordering::SeqCst), 1);
    assert_eq!(s.effect.paid.load(Ordering::SeqCst), 1);

    let again = card::reconcile(&s.app.state, &s.cards, 100).await.unwrap();
    assert_eq!((again.expired, again.paid), (0, 0));
    assert_eq!(s.effect.abandoned.load(Ordering::SeqCst), 1);
}

#[actix_web::test]
async fn an_overdue_payment_is_left_for_the_next_run_when_portone_does_not_answer() {
    let s = setup();
    let buyer = s.app.buyer().await;
    let payment = open_order_payment(&s, buyer.user_id, 8_000).await;
    s.app.clock.advance(chrono::Duration::minutes(31));
    s.fake.switch(|f| f.fail_next = 1);
    let done = card::reconcile(&s.app.state, &s.cards, 100).await.unwrap();
    assert_eq!((done.expired, done.deferred), (0, 1));
    assert_eq!(reload(&s, &payment.merchant_uid).await.status, "ready");
    let done = card::reconcile(&s.app.state, &s.cards, 100).await.unwrap();
    assert_eq!(done.expired, 1);
}

#[actix_web::test]
async fn money_arriving_after_the_order_expired_is_refunded_in_full() {
    let s = setup();
    let buyer = s.app.buyer().await;
    let payment = open_order_payment(&s, buyer.user_id, 15_000).await;
    s.app.clock.advance(chrono::Duration::minutes(31));
    card::reconcile(&s.app.state, &s.cards, 100).await.unwrap();
    assert_eq!(reload(&s, &payment.merchant_uid).await.status, "expired");

    let paid = s.fake.approve(&payment.merchant_uid).unwrap();
    let outcome = card::verify(
        &s.app.state,
        &s.cards,
        Caller::User(buyer.user_id),
        &paid.imp_uid,
        &payment.merchant_uid,
    )
    .await;
    assert!(matches!(outcome, Err(PaymentsError::PaymentExpired)), "{outcome:?}");
    let after = reload(&s, &payment.merchant_uid).await;
    assert_eq!((after.status.as_str(), after.fail_reason.as_deref()), ("cancelled", Some("order_closed")));
    assert_eq!(s.fake.cancels(), vec![(payment.merchant_uid.clone(), None)]);
    assert_eq!(s.effect.paid.load(Ordering::SeqCst), 0);
    assert_eq!(s.effect.abandoned.load(Ordering::SeqCst), 1, "released once, at expiry");

    // The webhook after it: the same answer, no second cancel.
    let again =
        card::verify(&s.app.state, &s.cards, Caller::System, &paid.imp_uid, &payment.merchant_uid).await;
    assert!(matches!(again, Err(PaymentsError::PaymentExpired)));
    assert_eq!(s.fake.cancels().len(), 1);
}

#[actix_web::test]
async fn an_order_that_closed_refuses_its_payment_and_the_money_goes_back() {
    let s = setup();
    let buyer = s.app.buyer().await;
    let payment = open_order_payment(&s, buyer.user_id, 4_000).await;
    s.effect.closed.store(true, Ordering::SeqCst);
    let paid = s.fake.approve(&payment.merchant_uid).unwrap();
    let outcome =
        card::verify(&s.app.state, &s.cards, Caller::System, &paid.imp_uid, &payment.merchant_uid).await;
    assert!(matches!(outcome, Err(PaymentsError::PaymentExpired)), "{outcome:?}");
    assert_eq!(reload(&s, &payment.merchant_uid).await.fail_reason.as_deref(), Some("order_closed"));
    assert_eq!(s.fake.payment(&paid.imp_uid).unwrap().status, "cancelled");
}

#[actix_web::test]
async fn a_wrong_amount_on_an_order_payment_releases_the_order() {
    let s = setup();
    let buyer = s.app.buyer().await;
    let payment = open_order_payment(&s, buyer.user_id, 20_000).await;
    s.fake.switch(|f| f.charge_amount = Some(2_000));
    let paid = s.fake.approve(&payment.merchant_uid).unwrap();
    let outcome =
        card::verify(&s.app.state, &s.cards, Caller::System, &paid.imp_uid, &payment.merchant_uid).await;
    assert!(matches!(outcome, Err(PaymentsError::PaymentMismatch)));
    assert_eq!(s.effect.abandoned.load(Ordering::SeqCst), 1);
    assert_eq!(s.effect.paid.load(Ordering::SeqCst), 0);
}

#[actix_web::test]
async fn partial_refunds_add_up_under_the_checksum_and_the_last_one_cancels_the_payment() {
    let s = setup();
    let buyer = s.app.buyer().await;
    let payment = open_order_payment(&s, buyer.user_id, 10_000).await;
    let paid = s.fake.approve(&payment.merchant_uid).unwrap();
    card::verify(&s.app.state, &s.cards, Caller::System, &paid.imp_uid, &payment.merchant_uid).await.unwrap();

    let after = card::refund(&s.app.state, &s.cards, &payment.merchant_uid, 3_000, "order_line:1", "line 1")
        .await
        .unwrap();
    assert_eq!((after.status.as_str(), after.cancel_amount), ("paid", 3_000));
    // The same line again: recorded once, PortOne not asked.
    let again = card::refund(&s.app.state, &s.cards, &payment.merchant_uid, 3_000, "order_line:1", "line 1")
        .await
        .unwrap();
    assert_eq!(again.cancel_amount, 3_000);
    assert_eq!(s.fake.cancels().len(), 1);
    let uid = payment.merchant_uid.clone();
    let recorded =
        db::run(&s.app.state.pool, move |conn| card::refunded(conn, &uid, "order_line:1")).await.unwrap();
    assert!(recorded);
    assert_eq!(s.fake.payment(&paid.imp_uid).unwrap().cancel_amount, 3_000);

    let too_much =
        card::refund(&s.app.state, &s.cards, &payment.merchant_uid, 7_001, "order_line:2", "too much").await;
    assert!(matches!(too_much, Err(PaymentsError::Invalid { .. })));

    // PortOne failing: 502 and nothing recorded; the retry refunds.
    s.fake.switch(|f| f.fail_next = 1);
    let failed =
        card::refund(&s.app.state, &s.cards, &payment.merchant_uid, 7_000, "order_line:2", "line 2").await;
    assert!(matches!(failed, Err(PaymentsError::Provider(_))));
    assert_eq!(reload(&s, &payment.merchant_uid).await.cancel_amount, 3_000);
    let last = card::refund(&s.app.state, &s.cards, &payment.merchant_uid, 7_000, "order_line:2", "line 2")
        .await
        .unwrap();
    assert_eq!((last.status.as_str(), last.cancel_amount), ("cancelled", 10_000));
    assert_eq!(s.fake.payment(&paid.imp_uid).unwrap().status, "cancelled");
    assert_eq!(s.fake.cancels().len(), 2);
}

#[actix_web::test]
async fn a_stale_checksum_is_refused_by_portone_so_a_refund_never_repeats() {
    let s = setup();
    let buyer = s.app.buyer().await;
    let payment = open_order_payment(&s, buyer.user_id, 10_000).await;
    let paid = s.fake.approve(&payment.merchant_uid).unwrap();
    card::verify(&s.app.state, &s.cards, Caller::System, &paid.imp_uid, &payment.merchant_uid).await.unwrap();
    // Someone refunded at PortOne behind our back: our checksum (10,000) is stale.
    let direct = praline_payments::portone::CancelRequest {
        merchant_uid: payment.merchant_uid.clone(),
        amount: Some(1_000),
        checksum: Some(10_000),
        reason: "manual".into(),
    };
    s.cards.client.cancel(&direct).await.unwrap();
    let refused =
        card::refund(&s.app.state, &s.cards, &payment.merchant_uid, 2_000, "order_line:1", "line").await;
    assert!(matches!(refused, Err(PaymentsError::Provider(_))), "{refused:?}");
    assert_eq!(s.fake.payment(&paid.imp_uid).unwrap().cancel_amount, 1_000);
}
