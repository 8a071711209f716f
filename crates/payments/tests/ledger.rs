//! The points ledger on the backend named by PRALINE_TEST_BACKEND.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Utc;
use praline_kernel::db;
use praline_payments::PaymentsError;
use praline_payments::model::{EntryKind, LedgerEntry};
use praline_payments::service::{Credit, CreditOutcome, balance, credit};
use praline_testkit::TestDb;

fn bonus(user_id: i64, key: &str) -> Credit<'_> {
    Credit {
        user_id,
        kind: EntryKind::SignupBonus,
        amount: 29_900,
        idempotency_key: key,
        memo: "welcome bonus",
    }
}

#[test]
fn a_credit_happens_once_per_idempotency_key() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let first = credit(&mut conn, bonus(7, "signup_bonus:7"), Utc::now()).unwrap();
    let CreditOutcome::Credited(entry) = first else { panic!("first call credits") };
    assert_eq!((entry.amount, entry.balance_after, entry.kind.as_str()), (29_900, 29_900, "signup_bonus"));
    let again = credit(&mut conn, bonus(7, "signup_bonus:7"), Utc::now()).unwrap();
    assert!(matches!(again, CreditOutcome::AlreadyCredited(e) if e.id == entry.id));
    let top_up = Credit { kind: EntryKind::TopUp, amount: 100, idempotency_key: "topup:1", ..bonus(7, "") };
    credit(&mut conn, top_up, Utc::now()).unwrap();
    assert_eq!(balance(&mut conn, 7).unwrap(), 30_000);
    assert_eq!(LedgerEntry::of_user(&mut conn, 7, 10).unwrap().len(), 2);
    assert_eq!(balance(&mut conn, 8).unwrap(), 0);
}

#[test]
fn zero_and_negative_credits_are_refused() {
    let db = TestDb::new();
    let mut conn = db.conn();
    for amount in [0, -5] {
        let bad = Credit { amount, ..bonus(1, "bad") };
        assert!(matches!(credit(&mut conn, bad, Utc::now()), Err(PaymentsError::InvalidAmount(_))));
    }
    assert_eq!(balance(&mut conn, 1).unwrap(), 0);
}

#[test]
fn concurrent_credits_with_one_key_pay_once() {
    let db = TestDb::new();
    let pool = db.pool();
    let threads: Vec<_> = (0..12)
        .map(|_| {
            let pool = pool.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                db::transaction(&mut conn, |conn| credit(conn, bonus(3, "signup_bonus:3"), Utc::now()))
            })
        })
        .collect();
    let outcomes: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let credited = outcomes.iter().filter(|o| matches!(o, Ok(CreditOutcome::Credited(_)))).count();
    assert_eq!(credited, 1, "{outcomes:?}");
    let mut conn = pool.get().unwrap();
    assert_eq!(balance(&mut conn, 3).unwrap(), 29_900);
    assert_eq!(LedgerEntry::of_user(&mut conn, 3, 10).unwrap().len(), 1);
}
