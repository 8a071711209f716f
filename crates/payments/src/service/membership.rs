//! Membership (구독): 9,900 points per 28 days from the wallet, renewed by a scheduled job.
//!
//! A user is a member at instant T when a paid period covers T ([`is_member`]); periods are
//! rows, unique per (user, period_start). The membership row keeps the current period and
//! whether it renews. Cancelling only stops the renewal; resuming before the end is free and
//! keeps the end. The renewal job ([`renew_due`]) charges each period once, however many
//! gateways or threads run it: the period's unique key and a conditional update on the
//! membership row decide between racers, and the fee is debited in the same transaction.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use praline_kernel::clock;
use praline_kernel::db::{self, Conn};

use super::ledger;
use crate::error::PaymentsError;
use crate::model::{
    EntryKind, MembershipPeriod, MembershipRow, NewMembershipPeriod, Reference, ReferenceKind,
};
use crate::schema::{payments_membership_periods, payments_memberships};

/// Points per period.
pub const PRICE: i64 = 9_900;
/// Days per period.
pub const PERIOD_DAYS: i64 = 28;
/// Most memberships one renewal run handles; the next run takes the rest.
pub const RENEWAL_BATCH: i64 = 500;

/// Why a membership ended (stored in `ended_reason`).
const ENDED_CANCELLED: &str = "cancelled";
const ENDED_INSUFFICIENT: &str = "insufficient_points";

/// A user's membership as the API shows it; the period is `None` for non-members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Membership {
    pub member: bool,
    pub auto_renew: bool,
    pub period_start: Option<DateTime<Utc>>,
    pub period_end: Option<DateTime<Utc>>,
}

impl Membership {
    const NONE: Membership =
        Membership { member: false, auto_renew: false, period_start: None, period_end: None };
}

/// Whether `user_id` is a member at instant `at`, judged from the database. Other crates ask
/// this when they double purchase and review rewards.
pub fn is_member(conn: &mut Conn, user_id: i64, at: DateTime<Utc>) -> Result<bool, PaymentsError> {
    Ok(MembershipPeriod::covering(conn, user_id, at)?.is_some())
}

/// Which of `user_ids` are members at `at`, in one query, sorted.
pub fn members_among(
    conn: &mut Conn,
    user_ids: &[i64],
    at: DateTime<Utc>,
) -> Result<Vec<i64>, PaymentsError> {
    Ok(MembershipPeriod::members_among(conn, user_ids, at)?)
}

/// The membership of `user_id` at `now`.
pub fn status(conn: &mut Conn, user_id: i64, now: DateTime<Utc>) -> Result<Membership, PaymentsError> {
    let Some(period) = MembershipPeriod::covering(conn, user_id, now)? else {
        return Ok(Membership::NONE);
    };
    let auto_renew = MembershipRow::find(conn, user_id)?.is_some_and(|row| row.auto_renew);
    Ok(Membership {
        member: true,
        auto_renew,
        period_start: Some(clock::utc(period.period_start)),
        period_end: Some(clock::utc(period.period_end)),
    })
}

/// Subscribes: debits [`PRICE`] (`membership_fee`) for a period of [`PERIOD_DAYS`] from `now`,
/// renewing automatically. 409 `already_member` while a period runs (even a cancelled one:
/// resume it instead); 402 `insufficient_points` when the balance is short (nothing written).
pub fn subscribe(conn: &mut Conn, user_id: i64, now: DateTime<Utc>) -> Result<Membership, PaymentsError> {
    let result = db::transaction(conn, |conn| {
        if MembershipPeriod::covering(conn, user_id, now)?.is_some() {
            return Err(PaymentsError::AlreadyMember);
        }
        let (start, end) = (now.naive_utc(), (now + Duration::days(PERIOD_DAYS)).naive_utc());
        let period = pay_period(conn, user_id, start, end, now)?;
        let changes = (
            payments_memberships::period_start.eq(start),
            payments_memberships::period_end.eq(end),
            payments_memberships::auto_renew.eq(true),
            payments_memberships::active.eq(true),
            payments_memberships::ended_reason.eq(None::<String>),
            payments_memberships::updated_at.eq(start),
        );
        match MembershipRow::find(conn, user_id)? {
            // Conditional on the period read, so a racing subscribe or renewal loses cleanly.
            Some(row) => {
                let updated = diesel::update(
                    payments_memberships::table
                        .filter(payments_memberships::user_id.eq(user_id))
                        .filter(payments_memberships::period_end.eq(row.period_end)),
                )
                .set(changes)
                .execute(conn)?;
                if updated == 0 {
                    return Err(PaymentsError::AlreadyMember);
                }
            }
            None => {
                diesel::insert_into(payments_memberships::table)
                    .values((
                        payments_memberships::user_id.eq(user_id),
                        payments_memberships::created_at.eq(start),
                        changes,
                    ))
                    .execute(conn)?;
            }
        }
        Ok(period)
    });
    match result {
        Ok(_) => status(conn, user_id, now),
        Err(e) if is_unique_violation(&e) => Err(PaymentsError::AlreadyMember),
        Err(e) => Err(e),
    }
}

/// Stops the renewal; the benefits last until the period ends. A repeat changes nothing.
pub fn cancel(conn: &mut Conn, user_id: i64, now: DateTime<Utc>) -> Result<Membership, PaymentsError> {
    set_auto_renew(conn, user_id, false, now)
}

/// Renews again, free, keeping the period's end. 409 `not_member` once the period is over.
pub fn resume(conn: &mut Conn, user_id: i64, now: DateTime<Utc>) -> Result<Membership, PaymentsError> {
    set_auto_renew(conn, user_id, true, now)
}

fn set_auto_renew(
    conn: &mut Conn,
    user_id: i64,
    auto_renew: bool,
    now: DateTime<Utc>,
) -> Result<Membership, PaymentsError> {
    db::transaction(conn, |conn| {
        let Some(period) = MembershipPeriod::covering(conn, user_id, now)? else {
            return Err(PaymentsError::NotMember);
        };
        diesel::update(
            payments_memberships::table
                .filter(payments_memberships::user_id.eq(user_id))
                .filter(payments_memberships::period_end.eq(period.period_end))
                .filter(payments_memberships::auto_renew.ne(auto_renew)),
        )
        .set((
            payments_memberships::auto_renew.eq(auto_renew),
            payments_memberships::updated_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
        status(conn, user_id, now)
    })
}

/// A membership the renewal job ended because the fee could not be paid; the gateway
/// e-mails the member after the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended {
    pub user_id: i64,
    /// When the last paid period ended.
    pub period_end: DateTime<Utc>,
    /// The balance that fell short of [`PRICE`].
    pub balance: i64,
}

/// What one renewal run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenewalReport {
    /// Members charged for a new period.
    pub renewed: Vec<i64>,
    /// Cancelled memberships that reached their end.
    pub lapsed: Vec<i64>,
    /// Memberships ended for want of points.
    pub ended: Vec<Ended>,
    /// Due memberships another run had already handled.
    pub skipped: usize,
}

enum Renewal {
    Renewed,
    Lapsed,
    Ended(Ended),
    Skipped,
}

/// Renews every membership whose period is over at `now`: the next period starts where the
/// last one ended and costs [`PRICE`]; a cancelled one ends; one whose balance is short ends
/// (listed in [`RenewalReport::ended`], to be told). Safe to run concurrently and repeatedly.
pub fn renew_due(conn: &mut Conn, now: DateTime<Utc>) -> Result<RenewalReport, PaymentsError> {
    let mut report = RenewalReport::default();
    for row in MembershipRow::due(conn, now, RENEWAL_BATCH)? {
        match renew(conn, &row, now)? {
            Renewal::Renewed => report.renewed.push(row.user_id),
            Renewal::Lapsed => report.lapsed.push(row.user_id),
            Renewal::Ended(ended) => report.ended.push(ended),
            Renewal::Skipped => report.skipped += 1,
        }
    }
    Ok(report)
}

fn renew(conn: &mut Conn, row: &MembershipRow, now: DateTime<Utc>) -> Result<Renewal, PaymentsError> {
    let (user_id, start) = (row.user_id, row.period_end);
    if !row.auto_renew {
        return Ok(if end_membership(conn, user_id, start, ENDED_CANCELLED, now)? {
            Renewal::Lapsed
        } else {
            Renewal::Skipped
        });
    }
    let end = start + Duration::days(PERIOD_DAYS);
    let renewed = db::transaction(conn, |conn| {
        // The row moves first: only the run that moves it from this period charges.
        let moved = diesel::update(
            payments_memberships::table
                .filter(payments_memberships::user_id.eq(user_id))
                .filter(payments_memberships::period_end.eq(start))
                .filter(payments_memberships::active.eq(true))
                .filter(payments_memberships::auto_renew.eq(true)),
        )
        .set((
            payments_memberships::period_start.eq(start),
            payments_memberships::period_end.eq(end),
            payments_memberships::updated_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
        if moved == 0 {
            return Err(PaymentsError::Conflict);
        }
        pay_period(conn, user_id, start, end, now)
    });
    match renewed {
        Ok(_) => Ok(Renewal::Renewed),
        Err(PaymentsError::Conflict) => Ok(Renewal::Skipped),
        Err(e) if is_unique_violation(&e) => Ok(Renewal::Skipped),
        Err(PaymentsError::InsufficientPoints { balance, .. }) => {
            Ok(if end_membership(conn, user_id, start, ENDED_INSUFFICIENT, now)? {
                Renewal::Ended(Ended { user_id, period_end: clock::utc(start), balance })
            } else {
                Renewal::Skipped
            })
        }
        Err(e) => Err(e),
    }
}

/// Records the period `[start, end)` and debits its fee, referencing the period.
fn pay_period(
    conn: &mut Conn,
    user_id: i64,
    start: NaiveDateTime,
    end: NaiveDateTime,
    now: DateTime<Utc>,
) -> Result<MembershipPeriod, PaymentsError> {
    let row = NewMembershipPeriod {
        user_id,
        period_start: start,
        period_end: end,
        fee: PRICE,
        created_at: now.naive_utc(),
    };
    let id = diesel::insert_into(payments_membership_periods::table)
        .values(&row)
        .returning(payments_membership_periods::id)
        .get_result(conn)?;
    let period = MembershipPeriod {
        id,
        user_id,
        period_start: start,
        period_end: end,
        fee: row.fee,
        created_at: row.created_at,
    };
    let memo = format!("membership {} – {}", start.format("%Y-%m-%d"), end.format("%Y-%m-%d"));
    let reference = Reference::new(ReferenceKind::Membership, period.id);
    ledger::debit(conn, user_id, EntryKind::MembershipFee, PRICE, Some(reference), &memo, now)?;
    Ok(period)
}

/// Ends the membership whose period ended at `period_end`, once; true when this call did.
fn end_membership(
    conn: &mut Conn,
    user_id: i64,
    period_end: NaiveDateTime,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, PaymentsError> {
    let updated = diesel::update(
        payments_memberships::table
            .filter(payments_memberships::user_id.eq(user_id))
            .filter(payments_memberships::period_end.eq(period_end))
            .filter(payments_memberships::active.eq(true)),
    )
    .set((
        payments_memberships::active.eq(false),
        payments_memberships::auto_renew.eq(false),
        payments_memberships::ended_reason.eq(Some(reason)),
        payments_memberships::updated_at.eq(now.naive_utc()),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

fn is_unique_violation(error: &PaymentsError) -> bool {
    matches!(error, PaymentsError::Query(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)))
}
