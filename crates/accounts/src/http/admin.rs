//! Operators: seller applications, user suspension and wallet adjustments.

use super::me::{UserEnvelope, UserResponse};
use super::seller::PrivateSellerResponse;
use super::{run, send};
use crate::mail::SellerDecisionMail;
use crate::model::SellerStatus;
use crate::service::admin::REJECT_REASON_MAX;
use crate::service::{Account, AccountsConfig, admin};
use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, get, post};
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::extract::OptionalJson;
use praline_kernel::openapi;
use praline_kernel::page::{MAX_PER_PAGE, Page, PageQuery};
use praline_kernel::text::query_text;
use praline_payments::http::EntryResponse;
use serde::Deserialize;
use utoipa::ToSchema;

/// `?status=` for the applications list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ApplicationsQuery {
    /// `pending` (default), `approved` or `rejected`.
    #[param(schema_with = seller_status_schema)]
    pub status: Option<String>,
    /// 1-based page number (default 1).
    #[param(schema_with = openapi::int_min::<1>)]
    pub page: Option<i64>,
    /// Items per page (default 20).
    #[param(schema_with = openapi::int_range::<1, MAX_PER_PAGE>)]
    pub per_page: Option<i64>,
}

/// `?q=` for the user search.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UsersQuery {
    /// Part of an e-mail or nickname.
    #[param(schema_with = openapi::query_text)]
    pub q: Option<String>,
    /// 1-based page number (default 1).
    #[param(schema_with = openapi::int_min::<1>)]
    pub page: Option<i64>,
    /// Items per page (default 20).
    #[param(schema_with = openapi::int_range::<1, MAX_PER_PAGE>)]
    pub per_page: Option<i64>,
}

/// `reason` for a rejection.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    #[schema(schema_with = openapi::text::<1, REJECT_REASON_MAX>)]
    pub reason: String,
}

/// `POST /admin/wallets/{user_id}/adjustments`: `amount` signed and not 0, `memo` (1–200).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentRequest {
    pub amount: i64,
    pub memo: String,
}

/// An optional `reason`.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    pub reason: Option<String>,
}

fn seller_status_schema() -> utoipa::openapi::schema::Object {
    openapi::one_of(&SellerStatus::ALL.map(SellerStatus::as_str), false)
}

fn page_of(page: Option<i64>, per_page: Option<i64>) -> ApiResult<praline_kernel::page::PageRequest> {
    PageQuery { page, per_page }.validate()
}

/// Seller applications by status (default pending), bank data included.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(ApplicationsQuery),
    responses((status = 200, body = Page<PrivateSellerResponse>), (status = 403)))]
#[get("/admin/seller-applications")]
pub async fn list_applications(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    query: Query<ApplicationsQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let status = match query_text("status", query.status.as_deref())? {
        None => SellerStatus::Pending,
        Some(s) => SellerStatus::parse(s)
            .ok_or_else(|| ApiError::invalid_field("status", "Use pending, approved or rejected."))?,
    };
    let page = page_of(query.page, query.per_page)?;
    let list =
        run(&state, &config, move |conn, env| admin::list_applications(conn, env, me.id, status, page))
            .await?;
    Ok(HttpResponse::Ok().json(list.map(|s| PrivateSellerResponse::new(&state, s))))
}

async fn decide(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    user_id: i64,
    decision: SellerStatus,
    reason: Option<String>,
) -> ApiResult<HttpResponse> {
    let why = reason.clone();
    let account = run(&state, &config, move |conn, env| {
        admin::decide_application(conn, env, me.id, user_id, decision, why.as_deref())
    })
    .await?;
    let company = account.seller.as_ref().map(|s| s.company_name.clone()).unwrap_or_default();
    let mail =
        SellerDecisionMail { to: &account.user.email, company: &company, rejection: reason.as_deref() };
    send(&state, mail.render()).await;
    Ok(HttpResponse::Ok().json(UserEnvelope { user: UserResponse::new(&state, &account) }))
}

/// Approve a seller application (the applicant is e-mailed).
#[utoipa::path(tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = UserEnvelope), (status = 403), (status = 404), (status = 409)))]
#[post("/admin/seller-applications/{user_id}/approve")]
pub async fn approve_application(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    user_id: Path<i64>,
) -> ApiResult<HttpResponse> {
    decide(state, config, me, user_id.into_inner(), SellerStatus::Approved, None).await
}

/// Reject a seller application with a reason (the applicant is e-mailed).
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = RejectRequest,
    responses((status = 200, body = UserEnvelope), (status = 400), (status = 403), (status = 404), (status = 409)))]
#[post("/admin/seller-applications/{user_id}/reject")]
pub async fn reject_application(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    user_id: Path<i64>,
    body: Json<RejectRequest>,
) -> ApiResult<HttpResponse> {
    let reason = body.into_inner().reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > REJECT_REASON_MAX {
        return Err(ApiError::invalid_field(
            "reason",
            format!("Give a reason of at most {REJECT_REASON_MAX} characters."),
        ));
    }
    decide(state, config, me, user_id.into_inner(), SellerStatus::Rejected, Some(reason)).await
}

/// Search users by e-mail or nickname (`q`: no control characters, at most 100 characters).
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(UsersQuery),
    responses((status = 200, body = Page<UserResponse>), (status = 403)))]
#[get("/admin/users")]
pub async fn list_users(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    query: Query<UsersQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = page_of(query.page, query.per_page)?;
    let q = query_text("q", query.q.as_deref())?.filter(|q| !q.trim().is_empty()).map(str::to_string);
    let users = run(&state, &config, move |conn, _| {
        let page = admin::search_users(conn, me.id, q.as_deref(), page)?;
        let ids: Vec<i64> = page.items.iter().map(|u| u.id).collect();
        let sellers = crate::model::SellerRow::many(conn, &ids)?;
        Ok(page.map(|user| {
            let seller = sellers.iter().find(|s| s.user_id == user.id).cloned();
            Account { user, seller }
        }))
    })
    .await?;
    Ok(HttpResponse::Ok().json(users.map(|a| UserResponse::new(&state, &a))))
}

async fn suspension(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    id: i64,
    suspend: bool,
    body: OptionalJson<ReasonRequest>,
) -> ApiResult<HttpResponse> {
    let reason = body.into_inner().and_then(|b| b.reason);
    let account = run(&state, &config, move |conn, env| {
        admin::set_suspended(conn, env, me.id, id, suspend, reason.as_deref())
    })
    .await?;
    if suspend {
        state.sessions.forget_user(id);
    }
    Ok(HttpResponse::Ok().json(UserEnvelope { user: UserResponse::new(&state, &account) }))
}

/// Suspend a user: their sessions end at once.
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = Option<ReasonRequest>,
    responses((status = 200, body = UserEnvelope), (status = 403), (status = 404)))]
#[post("/admin/users/{id}/suspend")]
pub async fn suspend_user(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    id: Path<i64>,
    body: OptionalJson<ReasonRequest>,
) -> ApiResult<HttpResponse> {
    suspension(state, config, me, id.into_inner(), true, body).await
}

/// Lift a suspension.
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = Option<ReasonRequest>,
    responses((status = 200, body = UserEnvelope), (status = 403), (status = 404)))]
#[post("/admin/users/{id}/unsuspend")]
pub async fn unsuspend_user(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    id: Path<i64>,
    body: OptionalJson<ReasonRequest>,
) -> ApiResult<HttpResponse> {
    suspension(state, config, me, id.into_inner(), false, body).await
}

/// Correct a user's points (`admin_adjustment`): positive credits, negative debits.
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = AdjustmentRequest,
    responses((status = 201, body = EntryResponse), (status = 400), (status = 402), (status = 403), (status = 404)))]
#[post("/admin/wallets/{user_id}/adjustments")]
pub async fn adjust_wallet(
    state: Data<AppState>,
    config: Data<AccountsConfig>,
    me: AuthUser,
    user_id: Path<i64>,
    body: Json<AdjustmentRequest>,
) -> ApiResult<HttpResponse> {
    let (user_id, body) = (user_id.into_inner(), body.into_inner());
    let entry = run(&state, &config, move |conn, env| {
        admin::adjust_wallet(conn, env, me.id, user_id, body.amount, &body.memo)
    })
    .await?;
    Ok(HttpResponse::Created().json(EntryResponse::new(&entry, &state.config.calendar())))
}
