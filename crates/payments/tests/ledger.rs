//! The points ledger on the backend named by PRALINE_TEST_BACKEND.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Barrier};

use chrono::Utc;
use praline_kernel::db;
use praline_payments::PaymentsError;
use praline_payments::model::{EntryKind, LedgerEntry, Reference, ReferenceKind};
use praline_payments::service::{Posted, balance, credit, debit};
use praline_testkit::TestDb;

fn bonus(conn: &mut db::Conn, user_id: i64) -> Result<Posted, PaymentsError> {
    credit(conn, user_id, EntryKind::SignupBonus, 29_900, None, "welcome bonus", Utc::now())
}

#[test]
fn a_signup_bonus_is_credited_once_per_user() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let Posted::New(entry) = bonus(&mut conn, 7).unwrap() else { panic!("first call credits") };
    assert_eq!((entry.amount, entry.balance_after, entry.kind()), (29_900, 29_900, EntryKind::SignupBonus));
    assert_eq!(entry.idempotency_key, "signup_bonus:7", "the key accounts always used");
    assert!(matches!(bonus(&mut conn, 7).unwrap(), Posted::Existing(e) if e.id == entry.id));
    let top_up = Some(Reference::new(ReferenceKind::Payment, 1));
    credit(&mut conn, 7, EntryKind::TopUp, 100, top_up, "top-up", Utc::now()).unwrap();
    assert_eq!(balance(&mut conn, 7).unwrap(), 30_000);
    assert_eq!(LedgerEntry::of_user(&mut conn, 7, 10).unwrap().len(), 2);
    assert_eq!(balance(&mut conn, 8).unwrap(), 0);
}

#[test]
fn an_entry_with_a_reference_happens_once_and_keeps_its_reference() {
    let db = TestDb::new();
    let mut conn = db.conn();
    bonus(&mut conn, 1).unwrap();
    let line = Some(Reference::new(ReferenceKind::OrderLine, 9));
    let first = credit(&mut conn, 1, EntryKind::PurchaseReward, 250, line, "reward", Utc::now()).unwrap();
    let again = credit(&mut conn, 1, EntryKind::PurchaseReward, 250, line, "reward", Utc::now()).unwrap();
    assert!(first.is_new() && !again.is_new());
    assert_eq!(again.entry().reference(), line);
    let order = Some(Reference::new(ReferenceKind::Order, 3));
    let paid = debit(&mut conn, 1, EntryKind::OrderPayment, 10_000, order, "order", Utc::now()).unwrap();
    let replay = debit(&mut conn, 1, EntryKind::OrderPayment, 10_000, order, "order", Utc::now()).unwrap();
    assert_eq!((paid.entry().amount, paid.entry().balance_after), (-10_000, 20_150));
    assert_eq!(replay.entry().id, paid.entry().id);
    // Without a reference every attendance is its own entry (community decides once a day).
    for _ in 0..2 {
        credit(&mut conn, 1, EntryKind::Attendance, 100, None, "attendance", Utc::now()).unwrap();
    }
    assert_eq!(balance(&mut conn, 1).unwrap(), 20_350);
}

#[test]
fn zero_and_negative_amounts_are_refused() {
    let db = TestDb::new();
    let mut conn = db.conn();
    for amount in [0, -5] {
        let credited = credit(&mut conn, 1, EntryKind::TopUp, amount, None, "", Utc::now());
        assert!(matches!(credited, Err(PaymentsError::InvalidAmount(_))));
        let debited = debit(&mut conn, 1, EntryKind::OrderPayment, amount, None, "", Utc::now());
        assert!(matches!(debited, Err(PaymentsError::InvalidAmount(_))));
    }
    assert_eq!(balance(&mut conn, 1).unwrap(), 0);
}

#[test]
fn a_debit_never_takes_a_balance_below_zero_and_writes_nothing_when_short() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let short = debit(&mut conn, 2, EntryKind::OrderPayment, 1, None, "no wallet", Utc::now());
    assert!(matches!(short, Err(PaymentsError::InsufficientPoints { balance: 0, required: 1 })));
    bonus(&mut conn, 2).unwrap();
    let short = debit(&mut conn, 2, EntryKind::MembershipFee, 29_901, None, "", Utc::now());
    assert!(matches!(short, Err(PaymentsError::InsufficientPoints { balance: 29_900, required: 29_901 })));
    let all = debit(&mut conn, 2, EntryKind::OrderPayment, 29_900, None, "", Utc::now()).unwrap();
    assert_eq!(all.entry().balance_after, 0);
    assert_eq!(LedgerEntry::of_user(&mut conn, 2, 10).unwrap().len(), 2);
}

#[test]
fn the_balance_check_constraint_stands_behind_the_conditional_update() {
    use diesel::prelude::*;
    let db = TestDb::new();
    let mut conn = db.conn();
    bonus(&mut conn, 4).unwrap();
    let forced =
        diesel::sql_query("UPDATE payments_wallets SET balance = -1 WHERE user_id = 4").execute(&mut conn);
    assert!(forced.is_err(), "CHECK (balance >= 0) refuses a negative balance");
    assert_eq!(balance(&mut conn, 4).unwrap(), 29_900);
}

#[test]
fn concurrent_credits_with_one_reference_pay_once() {
    let db = TestDb::new();
    let barrier = Arc::new(Barrier::new(12));
    let threads: Vec<_> = (0..12)
        .map(|_| {
            let (mut conn, barrier) = (db.conn(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                db::transaction(&mut conn, |conn| bonus(conn, 3))
            })
        })
        .collect();
    let outcomes: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let credited = outcomes.iter().filter(|o| matches!(o, Ok(Posted::New(_)))).count();
    assert_eq!(credited, 1, "{outcomes:?}");
    let mut conn = db.conn();
    assert_eq!(balance(&mut conn, 3).unwrap(), 29_900);
    assert_eq!(LedgerEntry::of_user(&mut conn, 3, 10).unwrap().len(), 1);
}

#[test]
fn twenty_parallel_debits_of_10000_from_50000_leave_exactly_zero() {
    let db = TestDb::new();
    credit(&mut db.conn(), 5, EntryKind::TopUp, 50_000, None, "top-up", Utc::now()).unwrap();
    // One connection per thread, all opened before any starts, so the twenty really race.
    let barrier = Arc::new(Barrier::new(20));
    let threads: Vec<_> = (0..20)
        .map(|i| {
            let (mut conn, barrier) = (db.conn(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                let order = Some(Reference::new(ReferenceKind::Order, i));
                db::transaction(&mut conn, |conn| {
                    debit(conn, 5, EntryKind::OrderPayment, 10_000, order, "order", Utc::now())
                })
            })
        })
        .collect();
    let outcomes: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let paid = outcomes.iter().filter(|o| matches!(o, Ok(Posted::New(_)))).count();
    let short = outcomes
        .iter()
        .filter(|o| matches!(o, Err(PaymentsError::InsufficientPoints { required: 10_000, .. })))
        .count();
    assert_eq!((paid, short), (5, 15), "{outcomes:?}");
    let mut conn = db.conn();
    assert_eq!(balance(&mut conn, 5).unwrap(), 0);
    let entries = LedgerEntry::of_user(&mut conn, 5, 50).unwrap();
    assert_eq!(entries.len(), 6);
    assert!(entries.iter().all(|e| e.balance_after >= 0));
}
