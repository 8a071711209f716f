//! What a user reads about their points (the summary, the entries, the month calendar) and
//! the operators' adjustments. Days and months are business days and months
//! ([`BusinessCalendar`]); entries are stored in UTC and bucketed here.

use chrono::{DateTime, NaiveDate, Utc};
use praline_kernel::calendar::{BusinessCalendar, Month};
use praline_kernel::clock;
use praline_kernel::db::{self, Conn};
use praline_kernel::page::{Page, PageRequest};

use super::ledger::{self, Posted};
use crate::error::PaymentsError;
use crate::model::{EntryKind, LedgerEntry, Span, Totals, Wallet};

/// Amounts a top-up may have, in won.
pub const TOPUP_PRESETS: [i64; 6] = [3_000, 5_000, 10_000, 30_000, 50_000, 100_000];

/// Largest correction an operator can make at once, either way.
pub const ADJUSTMENT_MAX: i64 = 1_000_000_000;

/// Longest memo of an operator's adjustment, in characters.
pub const MEMO_MAX_CHARS: usize = 200;

/// A wallet at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub balance: i64,
    /// The current business month.
    pub month: Month,
    /// Earned and spent in that month.
    pub totals: Totals,
}

/// Which entries to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EntryFilter {
    #[default]
    All,
    Month(Month),
    Date(NaiveDate),
}

impl EntryFilter {
    /// The instants the filter covers in `calendar`.
    pub fn span(self, calendar: &BusinessCalendar) -> Span {
        match self {
            EntryFilter::All => (None, None),
            EntryFilter::Month(month) => {
                let (start, end) = calendar.month_range(month);
                (Some(start), Some(end))
            }
            EntryFilter::Date(date) => {
                let (start, end) = calendar.day_range(date);
                (Some(start), Some(end))
            }
        }
    }
}

/// A page of entries and the totals over the whole filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entries {
    pub page: Page<LedgerEntry>,
    pub totals: Totals,
}

/// One business day of a month calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub totals: Totals,
}

/// A month with its totals and one item per day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthCalendar {
    pub month: Month,
    pub totals: Totals,
    pub days: Vec<Day>,
}

/// The balance and this business month's totals.
pub fn summary(
    conn: &mut Conn,
    user_id: i64,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
) -> Result<Summary, PaymentsError> {
    let month = calendar.month_of(now);
    let totals = LedgerEntry::totals(conn, user_id, EntryFilter::Month(month).span(calendar))?;
    Ok(Summary { balance: Wallet::balance_of(conn, user_id)?, month, totals })
}

/// A page of the user's entries under `filter`, newest first, with the filter's totals.
pub fn entries(
    conn: &mut Conn,
    user_id: i64,
    filter: EntryFilter,
    calendar: &BusinessCalendar,
    page: PageRequest,
) -> Result<Entries, PaymentsError> {
    let span = filter.span(calendar);
    let (items, total) = LedgerEntry::page(conn, user_id, span, page)?;
    let totals = LedgerEntry::totals(conn, user_id, span)?;
    Ok(Entries { page: Page::new(items, page, total), totals })
}

/// Earned and spent per business day of `month` (every day listed, quiet ones with zeros).
pub fn month_calendar(
    conn: &mut Conn,
    user_id: i64,
    month: Month,
    calendar: &BusinessCalendar,
) -> Result<MonthCalendar, PaymentsError> {
    let amounts = LedgerEntry::amounts(conn, user_id, EntryFilter::Month(month).span(calendar))?;
    let mut days: Vec<Day> = month.days().map(|date| Day { date, totals: Totals::default() }).collect();
    let mut totals = Totals::default();
    for (at, amount) in amounts {
        let date = calendar.date_of(clock::utc(at));
        let Some(day) = days.iter_mut().find(|d| d.date == date) else { continue };
        if amount > 0 {
            day.totals.earned += amount;
            totals.earned += amount;
        } else {
            day.totals.spent -= amount;
            totals.spent -= amount;
        }
    }
    Ok(MonthCalendar { month, totals, days })
}

/// An operator's correction of `user_id`'s balance: `amount` signed and not zero, `memo`
/// required (≤ 200 characters). Refused with [`PaymentsError::InsufficientPoints`] when it
/// would take the balance below zero.
///
/// Whether the caller may do this is not checked here: payments knows no roles. The accounts
/// crate mounts the route and checks the administrator in the same transaction.
pub fn admin_adjustment(
    conn: &mut Conn,
    user_id: i64,
    amount: i64,
    memo: &str,
    now: DateTime<Utc>,
) -> Result<LedgerEntry, PaymentsError> {
    let memo = memo.trim();
    if amount == 0 || amount.unsigned_abs() > ADJUSTMENT_MAX.unsigned_abs() {
        return Err(PaymentsError::invalid(
            "amount",
            format!("Give a positive or negative amount, not 0 and at most {ADJUSTMENT_MAX} either way."),
        ));
    }
    if memo.is_empty() || memo.chars().count() > MEMO_MAX_CHARS {
        return Err(PaymentsError::invalid(
            "memo",
            format!("Give a memo of 1 to {MEMO_MAX_CHARS} characters."),
        ));
    }
    let kind = EntryKind::AdminAdjustment;
    let posted: Posted = db::transaction(conn, |conn| {
        if amount > 0 {
            ledger::credit(conn, user_id, kind, amount, None, memo, now)
        } else {
            ledger::debit(conn, user_id, kind, amount.saturating_neg(), None, memo, now)
        }
    })?;
    Ok(posted.into_entry())
}
