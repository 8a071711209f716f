//! The caller's membership: read, subscribe, cancel at the period's end, resume.

use actix_web::web::Data;
use actix_web::{HttpResponse, delete, get, post};
use chrono::{DateTime, Utc};
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::error::ApiResult;
use serde::Serialize;
use utoipa::ToSchema;

use crate::service::membership::{self, Membership, PERIOD_DAYS, PRICE};

/// `membership`: the period fields are `null` for non-members.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipResponse {
    pub member: bool,
    pub auto_renew: bool,
    pub period_start: Option<DateTime<Utc>>,
    pub period_end: Option<DateTime<Utc>>,
    /// Points per period (9,900).
    pub price: i64,
    /// Days per period (28).
    pub period_days: i64,
}

impl From<Membership> for MembershipResponse {
    fn from(m: Membership) -> Self {
        MembershipResponse {
            member: m.member,
            auto_renew: m.auto_renew,
            period_start: m.period_start,
            period_end: m.period_end,
            price: PRICE,
            period_days: PERIOD_DAYS,
        }
    }
}

/// The caller's membership.
#[utoipa::path(tag = "membership", security(("bearer" = [])), responses((status = 200, body = MembershipResponse), (status = 401)))]
#[get("/membership")]
pub async fn get_membership(state: Data<AppState>, me: AuthUser) -> ApiResult<HttpResponse> {
    let membership = state.run(move |conn, now| membership::status(conn, me.id, now)).await?;
    Ok(HttpResponse::Ok().json(MembershipResponse::from(membership)))
}

/// Subscribe: 9,900 points for 28 days, renewed automatically.
#[utoipa::path(tag = "membership", security(("bearer" = [])),
    responses((status = 201, body = MembershipResponse), (status = 401), (status = 402), (status = 409)))]
#[post("/membership")]
pub async fn subscribe(state: Data<AppState>, me: AuthUser) -> ApiResult<HttpResponse> {
    let membership = state.run(move |conn, now| membership::subscribe(conn, me.id, now)).await?;
    Ok(HttpResponse::Created().json(MembershipResponse::from(membership)))
}

/// Cancel: no renewal; the benefits last until the period ends.
#[utoipa::path(tag = "membership", security(("bearer" = [])),
    responses((status = 200, body = MembershipResponse), (status = 401), (status = 409)))]
#[delete("/membership")]
pub async fn cancel(state: Data<AppState>, me: AuthUser) -> ApiResult<HttpResponse> {
    let membership = state.run(move |conn, now| membership::cancel(conn, me.id, now)).await?;
    Ok(HttpResponse::Ok().json(MembershipResponse::from(membership)))
}

/// Resume a cancelled membership before its period ends, free of charge.
#[utoipa::path(tag = "membership", security(("bearer" = [])),
    responses((status = 200, body = MembershipResponse), (status = 401), (status = 409)))]
#[post("/membership/resume")]
pub async fn resume(state: Data<AppState>, me: AuthUser) -> ApiResult<HttpResponse> {
    let membership = state.run(move |conn, now| membership::resume(conn, me.id, now)).await?;
    Ok(HttpResponse::Ok().json(MembershipResponse::from(membership)))
}
