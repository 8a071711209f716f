//! The caller's wallet: balance, entries and the month calendar.

use actix_web::web::{Data, Query};
use actix_web::{HttpResponse, get};
use chrono::{DateTime, NaiveDate, Utc};
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::calendar::{BusinessCalendar, date_param, month_param};
use praline_kernel::clock::utc;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::openapi;
use praline_kernel::page::{MAX_PER_PAGE, PageQuery};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::model::{EntryKind, LedgerEntry, Reference};
use crate::service::wallet::{self, EntryFilter, MonthCalendar, Summary, TOPUP_PRESETS};

/// One ledger entry; `amount` is signed (+ credit, − debit), `date` its business day.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryResponse {
    pub id: i64,
    pub kind: EntryKind,
    pub amount: i64,
    pub balance_after: i64,
    pub memo: String,
    pub reference: Option<Reference>,
    pub date: NaiveDate,
    pub created_at: DateTime<Utc>,
}

impl EntryResponse {
    /// The entry as the API shows it, dated in `calendar`.
    pub fn new(entry: &LedgerEntry, calendar: &BusinessCalendar) -> EntryResponse {
        let created_at = utc(entry.created_at);
        EntryResponse {
            id: entry.id,
            kind: entry.kind(),
            amount: entry.amount,
            balance_after: entry.balance_after,
            memo: entry.memo.clone(),
            reference: entry.reference(),
            date: calendar.date_of(created_at),
            created_at,
        }
    }
}

/// `GET /wallet`.
#[derive(Debug, Serialize, ToSchema)]
pub struct WalletResponse {
    pub balance: i64,
    /// The current business month, `YYYY-MM`.
    pub month: String,
    /// Points earned this business month.
    pub earned: i64,
    /// Points spent this business month.
    pub spent: i64,
    /// Amounts a top-up may have.
    pub topup_presets: Vec<i64>,
}

impl From<Summary> for WalletResponse {
    fn from(summary: Summary) -> Self {
        WalletResponse {
            balance: summary.balance,
            month: summary.month.to_string(),
            earned: summary.totals.earned,
            spent: summary.totals.spent,
            topup_presets: TOPUP_PRESETS.to_vec(),
        }
    }
}

/// `?month=YYYY-MM` or `?date=YYYY-MM-DD` (not both; neither lists everything), and paging.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EntriesQuery {
    /// A business month, `YYYY-MM` (not with `date`).
    #[param(schema_with = openapi::month)]
    pub month: Option<String>,
    /// A business day, `YYYY-MM-DD` (not with `month`).
    #[param(schema_with = openapi::date)]
    pub date: Option<String>,
    /// 1-based page number (default 1).
    #[param(schema_with = openapi::int_min::<1>)]
    pub page: Option<i64>,
    /// Items per page (default 20).
    #[param(schema_with = openapi::int_range::<1, MAX_PER_PAGE>)]
    pub per_page: Option<i64>,
}

/// `GET /wallet/entries`: a page of entries plus the totals over the whole filter.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntriesResponse {
    pub items: Vec<EntryResponse>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
    pub earned: i64,
    pub spent: i64,
}

/// `?month=YYYY-MM` (default: the current business month).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CalendarQuery {
    /// A business month, `YYYY-MM`.
    #[param(schema_with = openapi::month)]
    pub month: Option<String>,
}

/// One business day of the calendar.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayResponse {
    pub date: NaiveDate,
    pub earned: i64,
    pub spent: i64,
}

/// `GET /wallet/calendar`: the month's totals and one item per day.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarResponse {
    pub month: String,
    pub earned: i64,
    pub spent: i64,
    pub days: Vec<DayResponse>,
}

impl From<MonthCalendar> for CalendarResponse {
    fn from(calendar: MonthCalendar) -> Self {
        CalendarResponse {
            month: calendar.month.to_string(),
            earned: calendar.totals.earned,
            spent: calendar.totals.spent,
            days: calendar
                .days
                .iter()
                .map(|d| DayResponse { date: d.date, earned: d.totals.earned, spent: d.totals.spent })
                .collect(),
        }
    }
}

/// The balance, this business month's points in and out, and the top-up presets.
#[utoipa::path(tag = "wallet", security(("bearer" = [])), responses((status = 200, body = WalletResponse), (status = 401)))]
#[get("/wallet")]
pub async fn get_wallet(state: Data<AppState>, me: AuthUser) -> ApiResult<HttpResponse> {
    let calendar = state.config.calendar();
    let summary = state.run(move |conn, now| wallet::summary(conn, me.id, &calendar, now)).await?;
    Ok(HttpResponse::Ok().json(WalletResponse::from(summary)))
}

/// The caller's entries, newest first, by business month or day.
#[utoipa::path(tag = "wallet", security(("bearer" = [])), params(EntriesQuery),
    responses((status = 200, body = EntriesResponse), (status = 400), (status = 401)))]
#[get("/wallet/entries")]
pub async fn list_entries(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<EntriesQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = PageQuery { page: query.page, per_page: query.per_page }.validate()?;
    let filter = match (query.month.as_deref(), query.date.as_deref()) {
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid_input("Give a month or a date, not both.")
                .field("month", "not with date")
                .field("date", "not with month"));
        }
        (Some(month), None) => EntryFilter::Month(month_param("month", month)?),
        (None, Some(date)) => EntryFilter::Date(date_param("date", date)?),
        (None, None) => EntryFilter::All,
    };
    let calendar = state.config.calendar();
    let entries = state.run(move |conn, _| wallet::entries(conn, me.id, filter, &calendar, page)).await?;
    Ok(HttpResponse::Ok().json(EntriesResponse {
        items: entries.page.items.iter().map(|e| EntryResponse::new(e, &calendar)).collect(),
        page: entries.page.page,
        per_page: entries.page.per_page,
        total: entries.page.total,
        earned: entries.totals.earned,
        spent: entries.totals.spent,
    }))
}

/// Points in and out per business day of a month.
#[utoipa::path(tag = "wallet", security(("bearer" = [])), params(CalendarQuery),
    responses((status = 200, body = CalendarResponse), (status = 400), (status = 401)))]
#[get("/wallet/calendar")]
pub async fn get_calendar(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<CalendarQuery>,
) -> ApiResult<HttpResponse> {
    let month = query.into_inner().month.map(|m| month_param("month", &m)).transpose()?;
    let calendar = state.config.calendar();
    let days = state
        .run(move |conn, now| {
            let month = month.unwrap_or_else(|| calendar.month_of(now));
            wallet::month_calendar(conn, me.id, month, &calendar)
        })
        .await?;
    Ok(HttpResponse::Ok().json(CalendarResponse::from(days)))
}
