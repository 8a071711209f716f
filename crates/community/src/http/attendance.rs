//! Attendance: today's check-in and a month's check-in days.

use actix_web::web::{Data, Query};
use actix_web::{HttpResponse, get, post};
use chrono::NaiveDate;
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::calendar::month_param;
use praline_kernel::error::ApiResult;
use praline_kernel::openapi;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::service::attendance;

/// A check-in that credited points.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckInResponse {
    /// The business day.
    pub date: NaiveDate,
    pub points: i64,
    /// The balance after the credit.
    pub balance: i64,
}

/// A month's check-in days.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttendanceMonthResponse {
    /// `YYYY-MM`.
    pub month: String,
    pub days: Vec<NaiveDate>,
    pub attended_today: bool,
}

/// `?month=YYYY-MM` (default: the current business month).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AttendanceQuery {
    /// A business month, `YYYY-MM`.
    #[param(schema_with = openapi::month)]
    pub month: Option<String>,
}

/// Check in for today: 100 points once per business day.
#[utoipa::path(tag = "community", security(("bearer" = [])),
    responses((status = 201, body = CheckInResponse), (status = 401), (status = 409)))]
#[post("/attendance")]
pub async fn check_in(state: Data<AppState>, me: AuthUser) -> ApiResult<HttpResponse> {
    let calendar = state.config.calendar();
    let done = state.run(move |conn, now| attendance::check_in(conn, me.id, &calendar, now)).await?;
    Ok(HttpResponse::Created().json(CheckInResponse {
        date: done.date,
        points: done.points,
        balance: done.balance,
    }))
}

/// The caller's check-in days of a business month.
#[utoipa::path(tag = "community", security(("bearer" = [])), params(AttendanceQuery),
    responses((status = 200, body = AttendanceMonthResponse), (status = 400), (status = 401)))]
#[get("/attendance")]
pub async fn get_attendance(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<AttendanceQuery>,
) -> ApiResult<HttpResponse> {
    let month = query.into_inner().month.map(|m| month_param("month", &m)).transpose()?;
    let calendar = state.config.calendar();
    let seen = state
        .run(move |conn, now| {
            let month = month.unwrap_or_else(|| calendar.month_of(now));
            attendance::month(conn, me.id, month, &calendar, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(AttendanceMonthResponse {
        month: seen.month.to_string(),
        days: seen.days,
        attended_today: seen.attended_today,
    }))
}
