//! Use cases: `fn(conn, …, typed input) -> Result<T, PaymentsError>`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use praline_kernel::db::{self, Conn};

use crate::error::PaymentsError;
use crate::model::{EntryKind, LedgerEntry, NewLedgerEntry};
use crate::schema::{payments_ledger_entries, payments_wallets};

/// A credit to make exactly once.
#[derive(Debug, Clone)]
pub struct Credit<'a> {
    pub user_id: i64,
    pub kind: EntryKind,
    /// Positive points.
    pub amount: i64,
    /// The same key never credits twice (e.g. `signup_bonus:42`).
    pub idempotency_key: &'a str,
    pub memo: &'a str,
}

/// What [`credit`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditOutcome {
    /// The points were added by this call.
    Credited(LedgerEntry),
    /// An earlier call with the same key already added them.
    AlreadyCredited(LedgerEntry),
}

/// Adds points to a wallet and records the ledger entry, once per idempotency key.
///
/// Runs in its own transaction, or joins the caller's. The unique key decides between racing
/// callers: the loser's insert fails and its whole transaction rolls back.
pub fn credit(
    conn: &mut Conn,
    credit: Credit<'_>,
    now: DateTime<Utc>,
) -> Result<CreditOutcome, PaymentsError> {
    if credit.amount <= 0 {
        return Err(PaymentsError::InvalidAmount(credit.amount));
    }
    if let Some(existing) = LedgerEntry::by_key(conn, credit.idempotency_key)? {
        return Ok(CreditOutcome::AlreadyCredited(existing));
    }
    let result = db::transaction(conn, |conn| {
        let now = now.naive_utc();
        let updated = diesel::update(payments_wallets::table.find(credit.user_id))
            .set((
                payments_wallets::balance.eq(payments_wallets::balance + credit.amount),
                payments_wallets::updated_at.eq(now),
            ))
            .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(payments_wallets::table)
                .values((
                    payments_wallets::user_id.eq(credit.user_id),
                    payments_wallets::balance.eq(credit.amount),
                    payments_wallets::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        let balance_after: i64 =
            payments_wallets::table.find(credit.user_id).select(payments_wallets::balance).first(conn)?;
        diesel::insert_into(payments_ledger_entries::table)
            .values(NewLedgerEntry {
                user_id: credit.user_id,
                kind: credit.kind.as_str(),
                amount: credit.amount,
                balance_after,
                idempotency_key: credit.idempotency_key,
                memo: credit.memo,
                created_at: now,
            })
            .execute(conn)?;
        LedgerEntry::by_key(conn, credit.idempotency_key)?.ok_or(diesel::result::Error::NotFound)
    });
    match result {
        Ok(entry) => Ok(CreditOutcome::Credited(entry)),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            // Another caller won the race inside an enclosing transaction we cannot retry;
            // report what it recorded when it is visible, else the conflict.
            match LedgerEntry::by_key(conn, credit.idempotency_key) {
                Ok(Some(existing)) => Ok(CreditOutcome::AlreadyCredited(existing)),
                _ => Err(PaymentsError::Conflict),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// The points balance of a user.
pub fn balance(conn: &mut Conn, user_id: i64) -> Result<i64, PaymentsError> {
    Ok(crate::model::Wallet::balance_of(conn, user_id)?)
}
