//! The points ledger: every change of a balance is one append-only entry, written together with
//! the stored balance in one transaction (the caller's, when there is one).
//!
//! An entry with a `reference` happens at most once per (user, kind, reference): a retried
//! purchase reward for order line 9 finds the first entry and changes nothing. So does the
//! signup bonus, once per user. Other entries (attendance, admin adjustments) are distinct
//! every time; their own domain decides whether they may happen.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use praline_kernel::crypto::random_token;
use praline_kernel::db::{self, Conn};

use crate::error::PaymentsError;
use crate::model::{EntryKind, LedgerEntry, NewLedgerEntry, Reference, Wallet};
use crate::schema::{payments_ledger_entries, payments_wallets};

/// What [`credit`] or [`debit`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Posted {
    /// This call wrote the entry.
    New(LedgerEntry),
    /// An earlier call had already written it (same user, kind and reference).
    Existing(LedgerEntry),
}

impl Posted {
    /// The entry, new or earlier.
    pub fn entry(&self) -> &LedgerEntry {
        match self {
            Posted::New(entry) | Posted::Existing(entry) => entry,
        }
    }

    /// The entry, new or earlier.
    pub fn into_entry(self) -> LedgerEntry {
        match self {
            Posted::New(entry) | Posted::Existing(entry) => entry,
        }
    }

    /// Whether this call wrote it.
    pub fn is_new(&self) -> bool {
        matches!(self, Posted::New(_))
    }
}

/// Adds `amount` (> 0) points to `user_id`'s wallet with an entry of `kind`.
///
/// Runs in its own transaction or joins the caller's. With a `reference` (or for the signup
/// bonus) it happens once: a repeat returns [`Posted::Existing`].
pub fn credit(
    conn: &mut Conn,
    user_id: i64,
    kind: EntryKind,
    amount: i64,
    reference: Option<Reference>,
    memo: &str,
    now: DateTime<Utc>,
) -> Result<Posted, PaymentsError> {
    if amount <= 0 {
        return Err(PaymentsError::InvalidAmount(amount));
    }
    post(conn, Entry { user_id, kind, amount, reference, memo }, now)
}

/// Takes `amount` (> 0) points from `user_id`'s wallet with an entry of `kind`.
///
/// One conditional `UPDATE … WHERE balance >= amount` decides, so concurrent debits never take
/// a balance below zero (and a CHECK constraint stands behind it). When the points are short
/// nothing is written and the error carries the balance and the points required; inside the
/// caller's transaction, the caller decides whether to roll back.
pub fn debit(
    conn: &mut Conn,
    user_id: i64,
    kind: EntryKind,
    amount: i64,
    reference: Option<Reference>,
    memo: &str,
    now: DateTime<Utc>,
) -> Result<Posted, PaymentsError> {
    if amount <= 0 {
        return Err(PaymentsError::InvalidAmount(amount));
    }
    post(conn, Entry { user_id, kind, amount: -amount, reference, memo }, now)
}

/// [`debit`] for a reference the caller created in its own open transaction (checkout's new
/// order): no entry can exist for it yet, so there is no look-up and no savepoint, and a clash
/// (which would be a bug) fails the caller's transaction. Two statements.
pub fn debit_new_reference(
    conn: &mut Conn,
    user_id: i64,
    kind: EntryKind,
    amount: i64,
    reference: Reference,
    memo: &str,
    now: DateTime<Utc>,
) -> Result<LedgerEntry, PaymentsError> {
    if amount <= 0 {
        return Err(PaymentsError::InvalidAmount(amount));
    }
    let entry = Entry { user_id, kind, amount: -amount, reference: Some(reference), memo };
    write(conn, &entry, &key_of(&entry), now.naive_utc())
}

/// The points balance of a user (0 without a wallet).
pub fn balance(conn: &mut Conn, user_id: i64) -> Result<i64, PaymentsError> {
    Ok(Wallet::balance_of(conn, user_id)?)
}

struct Entry<'a> {
    user_id: i64,
    kind: EntryKind,
    /// Signed: + credit, − debit.
    amount: i64,
    reference: Option<Reference>,
    memo: &'a str,
}

/// The idempotency key: once per (user, kind, reference), once per user for the signup bonus
/// (the key it always had), else unique.
fn key_of(entry: &Entry<'_>) -> String {
    let (kind, user) = (entry.kind.as_str(), entry.user_id);
    match (entry.reference, entry.kind) {
        (Some(r), _) => format!("{kind}:{user}:{}:{}", r.kind.as_str(), r.id),
        (None, EntryKind::SignupBonus) => format!("signup_bonus:{user}"),
        (None, _) => format!("{kind}:{user}:{}", random_token(12)),
    }
}

fn post(conn: &mut Conn, entry: Entry<'_>, now: DateTime<Utc>) -> Result<Posted, PaymentsError> {
    let key = key_of(&entry);
    if let Some(existing) = LedgerEntry::by_key(conn, &key)? {
        return Ok(Posted::Existing(existing));
    }
    let written = db::transaction(conn, |conn| write(conn, &entry, &key, now.naive_utc()));
    match written {
        Ok(entry) => Ok(Posted::New(entry)),
        Err(PaymentsError::Query(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _))) => {
            // A concurrent call with the same key won; report its entry when it is visible.
            match LedgerEntry::by_key(conn, &key)? {
                Some(existing) => Ok(Posted::Existing(existing)),
                None => Err(PaymentsError::Conflict),
            }
        }
        Err(e) => Err(e),
    }
}

/// Moves the balance and writes the entry (the caller owns the transaction).
fn write(
    conn: &mut Conn,
    entry: &Entry<'_>,
    key: &str,
    now: NaiveDateTime,
) -> Result<LedgerEntry, PaymentsError> {
    let balance_after = if entry.amount > 0 {
        add(conn, entry.user_id, entry.amount, now)?
    } else {
        take(conn, entry.user_id, -entry.amount, now)?
    };
    diesel::insert_into(payments_ledger_entries::table)
        .values(NewLedgerEntry {
            user_id: entry.user_id,
            kind: entry.kind.as_str(),
            amount: entry.amount,
            balance_after,
            idempotency_key: key,
            memo: entry.memo,
            created_at: now,
            reference_type: entry.reference.map(|r| r.kind.as_str()),
            reference_id: entry.reference.map(|r| r.id),
        })
        .get_result::<LedgerEntry>(conn)
        .map_err(PaymentsError::from)
}

/// Adds to the balance, making the wallet on first use; returns the new balance.
fn add(conn: &mut Conn, user_id: i64, amount: i64, now: NaiveDateTime) -> Result<i64, PaymentsError> {
    let exists = payments_wallets::table.find(user_id).count().get_result::<i64>(conn)? > 0;
    if !exists {
        // A savepoint, so a concurrent first credit's primary-key clash leaves the transaction usable.
        let made = db::transaction(conn, |conn| {
            diesel::insert_into(payments_wallets::table)
                .values((
                    payments_wallets::user_id.eq(user_id),
                    payments_wallets::balance.eq(0),
                    payments_wallets::updated_at.eq(now),
                ))
                .execute(conn)
        });
        match made {
            Ok(_) | Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    diesel::update(payments_wallets::table.find(user_id))
        .set((
            payments_wallets::balance.eq(payments_wallets::balance + amount),
            payments_wallets::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(Wallet::balance_of(conn, user_id)?)
}

/// Takes from the balance only when it covers `amount`; returns the new balance.
fn take(conn: &mut Conn, user_id: i64, amount: i64, now: NaiveDateTime) -> Result<i64, PaymentsError> {
    let taken: Option<i64> = diesel::update(
        payments_wallets::table
            .filter(payments_wallets::user_id.eq(user_id))
            .filter(payments_wallets::balance.ge(amount)),
    )
    .set((
        payments_wallets::balance.eq(payments_wallets::balance - amount),
        payments_wallets::updated_at.eq(now),
    ))
    .returning(payments_wallets::balance)
    .get_result(conn)
    .optional()?;
    match taken {
        Some(balance) => Ok(balance),
        None => {
            let balance = Wallet::balance_of(conn, user_id)?;
            Err(PaymentsError::InsufficientPoints { balance, required: amount })
        }
    }
}
