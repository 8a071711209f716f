//! Attendance: 100 points once per user and business day, and the month's check-ins.
//!
//! The (user, day) primary key decides: of many simultaneous check-ins one inserts its row and
//! credits the points in the same transaction; the rest find the row and get
//! `already_attended`, having written nothing.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use praline_kernel::calendar::{BusinessCalendar, Month};
use praline_kernel::db::{self, Conn};
use praline_payments::model::EntryKind;
use praline_payments::service as payments;

use super::{insert_once, require_active};
use crate::error::CommunityError;
use crate::model::{ATTENDANCE_POINTS, AttendanceRow};
use crate::schema::community_attendance;

/// A check-in that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    pub date: NaiveDate,
    pub points: i64,
    /// The balance after the credit.
    pub balance: i64,
}

/// A month of check-ins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthAttendance {
    pub month: Month,
    pub days: Vec<NaiveDate>,
    pub attended_today: bool,
}

fn day_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Checks the user in for today's business day and credits the points.
pub fn check_in(
    conn: &mut Conn,
    user_id: i64,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
) -> Result<CheckIn, CommunityError> {
    let date = calendar.date_of(now);
    db::transaction(conn, |conn| {
        require_active(conn, user_id)?;
        let row = AttendanceRow {
            user_id,
            day: day_text(date),
            points: ATTENDANCE_POINTS,
            created_at: now.naive_utc(),
        };
        let first = insert_once(conn, |conn| {
            diesel::insert_into(community_attendance::table).values(&row).execute(conn)
        })?;
        if !first {
            return Err(CommunityError::AlreadyAttended);
        }
        let memo = format!("출석 체크 {} / Attendance", row.day);
        let posted =
            payments::credit(conn, user_id, EntryKind::Attendance, ATTENDANCE_POINTS, None, &memo, now)?;
        Ok(CheckIn { date, points: ATTENDANCE_POINTS, balance: posted.entry().balance_after })
    })
}

/// The user's check-in days of `month` and whether today is one of them.
pub fn month(
    conn: &mut Conn,
    user_id: i64,
    month: Month,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
) -> Result<MonthAttendance, CommunityError> {
    let first = month.first_day();
    let last = month.days().last().unwrap_or(first);
    let today = calendar.date_of(now);
    let mut rows = AttendanceRow::between(conn, user_id, &day_text(first), &day_text(last))?;
    let attended_today = if Month::of(today) == month {
        rows.iter().any(|r| r.day == day_text(today))
    } else {
        AttendanceRow::between(conn, user_id, &day_text(today), &day_text(today))?.pop().is_some()
    };
    let days = rows.drain(..).filter_map(|r| NaiveDate::parse_from_str(&r.day, "%Y-%m-%d").ok()).collect();
    Ok(MonthAttendance { month, days, attended_today })
}
