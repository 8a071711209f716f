//! The business calendar: dates and months in the configured time zone (`Asia/Seoul` by
//! default), and the UTC instants where they begin and end. Timestamps are stored in UTC;
//! everything a person reads as a day or a month (attendance, wallet calendars, statistics)
//! goes through here, so a day never shifts by the zone's offset and December rolls into
//! January.

use std::fmt;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::ApiError;

/// The business day's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusinessCalendar {
    zone: Tz,
}

impl Default for BusinessCalendar {
    fn default() -> Self {
        BusinessCalendar { zone: chrono_tz::Asia::Seoul }
    }
}

impl BusinessCalendar {
    /// A calendar in the IANA zone `name` (`Asia/Seoul`, `UTC`, `Europe/Berlin`…).
    pub fn parse(name: &str) -> Result<BusinessCalendar, String> {
        name.trim()
            .parse::<Tz>()
            .map(|zone| BusinessCalendar { zone })
            .map_err(|_| format!("{name:?} is not an IANA time zone name"))
    }

    /// The zone.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// The business date at instant `at`.
    pub fn date_of(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.zone).date_naive()
    }

    /// The business month at instant `at`.
    pub fn month_of(&self, at: DateTime<Utc>) -> Month {
        Month::of(self.date_of(at))
    }

    /// The first instant of business date `date` (midnight, or the first minute after a
    /// daylight-saving gap that swallows midnight).
    pub fn start_of(&self, date: NaiveDate) -> DateTime<Utc> {
        let midnight = date.and_time(NaiveTime::MIN);
        (0..=24 * 4)
            .find_map(|quarter| {
                let local = midnight + Duration::minutes(15 * quarter);
                self.zone.from_local_datetime(&local).earliest()
            })
            .map(|at| at.with_timezone(&Utc))
            // Unreachable for real zones (no gap lasts a day); UTC midnight keeps it total.
            .unwrap_or_else(|| midnight.and_utc())
    }

    /// The instants `[start, end)` of business date `date`.
    pub fn day_range(&self, date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.start_of(date), self.start_of(date + Duration::days(1)))
    }

    /// The instants `[start, end)` of business month `month`.
    pub fn month_range(&self, month: Month) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.start_of(month.first_day()), self.start_of(month.next().first_day()))
    }
}

/// A calendar month, `YYYY-MM` in queries and responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month `month` (1–12) of `year`, if both are valid.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| Month { year, month })
    }

    /// The month `date` lies in.
    pub fn of(date: NaiveDate) -> Month {
        Month { year: date.year(), month: date.month() }
    }

    /// Parses exactly `YYYY-MM` (`2026-13`, `2026-1` and `26-01` are refused).
    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.split_once('-')?;
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(month, 2) {
            return None;
        }
        Month::new(year.parse().ok()?, month.parse().ok()?)
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month number, 1–12.
    pub fn number(&self) -> u32 {
        self.month
    }

    /// The first day.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The following month (December → January of the next year).
    pub fn next(&self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }

    /// The month before (January → December of the year before).
    pub fn previous(&self) -> Month {
        if self.month == 1 {
            Month { year: self.year - 1, month: 12 }
        } else {
            Month { year: self.year, month: self.month - 1 }
        }
    }

    /// Every day of the month, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        let month = *self;
        month.first_day().iter_days().take_while(move |d| Month::of(*d) == month)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Parses exactly `YYYY-MM-DD` (`2026-02-30` is refused).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let shape = text.len() == 10
        && text
            .bytes()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The `month` query value, or 400 `invalid_input` naming `field`.
pub fn month_param(field: &str, text: &str) -> Result<Month, ApiError> {
    Month::parse(text).ok_or_else(|| ApiError::invalid_field(field, "Use a month as YYYY-MM, like 2026-01."))
}

/// The `date` query value, or 400 `invalid_input` naming `field`.
pub fn date_param(field: &str, text: &str) -> Result<NaiveDate, ApiError> {
    parse_date(text)
        .ok_or_else(|| ApiError::invalid_field(field, "Use a date as YYYY-MM-DD, like 2026-01-31."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn months_parse_strictly_and_roll_over_the_year() {
        assert_eq!(Month::parse("2026-01"), Month::new(2026, 1));
        for bad in ["2026-13", "2026-00", "2026-1", "26-01", "2026/01", "2026-01-01", "", "abcd-ef"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        let december = Month::new(2026, 12).unwrap();
        assert_eq!(december.next().to_string(), "2027-01");
        assert_eq!(december.next().previous(), december);
        assert_eq!(Month::new(2027, 1).unwrap().previous().to_string(), "2026-12");
        assert_eq!(december.days().count(), 31);
        assert_eq!(Month::new(2028, 2).unwrap().days().count(), 29);
        assert_eq!(Month::new(2026, 2).unwrap().days().last(), NaiveDate::from_ymd_opt(2026, 2, 28));
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(parse_date("2026-02-28"), NaiveDate::from_ymd_opt(2026, 2, 28));
        for bad in ["2026-02-30", "2026-2-28", "2026-02-28T00:00", "20260228", "2026-13-01"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn seoul_days_start_at_fifteen_hundred_utc() {
        let seoul = BusinessCalendar::default();
        let new_year = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        // 2026-12-31 23:30 KST and 2027-01-01 00:30 KST.
        assert_eq!(seoul.date_of(utc("2026-12-31T14:30:00Z")).to_string(), "2026-12-31");
        assert_eq!(seoul.date_of(utc("2026-12-31T15:30:00Z")), new_year);
        assert_eq!(seoul.month_of(utc("2026-12-31T15:30:00Z")).to_string(), "2027-01");
        assert_eq!(seoul.day_range(new_year), (utc("2026-12-31T15:00:00Z"), utc("2027-01-01T15:00:00Z")));
        let (start, end) = seoul.month_range(Month::new(2026, 12).unwrap());
        assert_eq!((start, end), (utc("2026-11-30T15:00:00Z"), utc("2026-12-31T15:00:00Z")));
    }

    #[test]
    fn zones_with_daylight_saving_keep_their_days_whole() {
        let berlin = BusinessCalendar::parse("Europe/Berlin").unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let (start, end) = berlin.day_range(day);
        assert_eq!(end - start, Duration::hours(23));
        assert!(BusinessCalendar::parse("Mars/Olympus").is_err());
    }

    #[test]
    fn the_configured_zone_is_checked_when_the_configuration_loads() {
        use crate::config::Config;
        let vars = |zone: &str| [("PRALINE_TIME_ZONE".to_string(), zone.to_string())].into_iter().collect();
        assert!(Config::from_sources(None, &vars("Mars/Olympus")).is_err());
        let utc = Config::from_sources(None, &vars("UTC")).unwrap();
        assert_eq!(utc.calendar().zone(), chrono_tz::UTC);
        assert_eq!(Config::default().calendar(), BusinessCalendar::default());
    }
}
