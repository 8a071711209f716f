//! 1:1 support: a user's tickets, the administrators' inbox and answers (the first one is
//! e-mailed once it has committed).

use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, get, post, put};
use chrono::{DateTime, Utc};
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::clock::utc;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::openapi;
use praline_kernel::page::{MAX_PER_PAGE, Page, PageQuery};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::Object;

use crate::mail::SupportAnswerMail;
use crate::model::{MAX_SUPPORT_CHARS, MAX_TITLE_CHARS, TicketRow};
use crate::service::support::{self, Requester, TicketStatus};

/// An administrator's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketAnswer {
    pub content: String,
    pub answered_at: DateTime<Utc>,
}

/// A support ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupportTicketResponse {
    pub id: i64,
    pub title: String,
    pub content: String,
    /// `open` or `answered`.
    #[schema(example = "open")]
    pub status: String,
    pub answer: Option<TicketAnswer>,
    pub created_at: DateTime<Utc>,
}

impl From<TicketRow> for SupportTicketResponse {
    fn from(row: TicketRow) -> Self {
        let status = TicketStatus::of(&row).as_str().to_string();
        let answer = match (row.answer, row.answered_at) {
            (Some(content), Some(at)) => Some(TicketAnswer { content, answered_at: utc(at) }),
            _ => None,
        };
        SupportTicketResponse {
            id: row.id,
            title: row.title,
            content: row.content,
            status,
            answer,
            created_at: utc(row.created_at),
        }
    }
}

/// Who wrote a ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketUser {
    pub id: i64,
    pub email: String,
    pub nickname: String,
}

/// A ticket in the administrators' inbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminTicketResponse {
    #[serde(flatten)]
    pub ticket: SupportTicketResponse,
    pub user: TicketUser,
}

impl AdminTicketResponse {
    fn new(row: TicketRow, requester: Requester) -> AdminTicketResponse {
        AdminTicketResponse {
            ticket: SupportTicketResponse::from(row),
            user: TicketUser { id: requester.id, email: requester.email, nickname: requester.nickname },
        }
    }
}

/// `POST /support`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportTicketRequest {
    #[schema(schema_with = openapi::text::<1, MAX_TITLE_CHARS>)]
    pub title: String,
    #[schema(schema_with = openapi::text::<1, MAX_SUPPORT_CHARS>)]
    pub content: String,
}

/// `PUT /admin/support/{id}/answer`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportAnswerRequest {
    #[schema(schema_with = openapi::text::<1, MAX_SUPPORT_CHARS>)]
    pub content: String,
}

/// `GET /admin/support` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SupportQuery {
    /// `open`, `answered`, or omitted (all).
    #[param(schema_with = status_schema)]
    pub status: Option<String>,
    /// 1-based page number (default 1).
    #[param(schema_with = openapi::int_min::<1>)]
    pub page: Option<i64>,
    /// Items per page (default 20).
    #[param(schema_with = openapi::int_range::<1, MAX_PER_PAGE>)]
    pub per_page: Option<i64>,
}

fn status_schema() -> Object {
    openapi::one_of(&["open", "answered"], false)
}

/// Write to the administrators.
#[utoipa::path(tag = "community", security(("bearer" = [])), request_body = SupportTicketRequest,
    responses((status = 201, body = SupportTicketResponse), (status = 400), (status = 401)))]
#[post("/support")]
pub async fn open_ticket(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<SupportTicketRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let row = state.run(move |conn, now| support::open(conn, me.id, &body.title, &body.content, now)).await?;
    Ok(HttpResponse::Created().json(SupportTicketResponse::from(row)))
}

/// The caller's tickets, newest first.
#[utoipa::path(tag = "community", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = Page<SupportTicketResponse>), (status = 400), (status = 401)))]
#[get("/me/support")]
pub async fn my_tickets(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = query.into_inner().validate()?;
    let list = state.run(move |conn, _| support::mine(conn, me.id, page)).await?;
    Ok(HttpResponse::Ok().json(list.map(SupportTicketResponse::from)))
}

/// The administrators' inbox, oldest first.
#[utoipa::path(tag = "community", security(("bearer" = [])), params(SupportQuery),
    responses((status = 200, body = Page<AdminTicketResponse>), (status = 400), (status = 401), (status = 403)))]
#[get("/admin/support")]
pub async fn admin_tickets(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<SupportQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = PageQuery { page: query.page, per_page: query.per_page }.validate()?;
    let status = match query.status.as_deref() {
        None => None,
        Some("open") => Some(TicketStatus::Open),
        Some("answered") => Some(TicketStatus::Answered),
        Some(_) => return Err(ApiError::invalid_field("status", "status is open or answered.")),
    };
    let list = state.run(move |conn, _| support::inbox(conn, me.id, status, page)).await?;
    Ok(HttpResponse::Ok().json(list.map(|(row, user)| AdminTicketResponse::new(row, user))))
}

/// An administrator answers a ticket (the first answer is e-mailed) or edits the answer.
#[utoipa::path(tag = "community", security(("bearer" = [])), request_body = SupportAnswerRequest,
    responses((status = 200, body = SupportTicketResponse), (status = 400), (status = 401), (status = 403), (status = 404)))]
#[put("/admin/support/{id}/answer")]
pub async fn answer_ticket(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    body: Json<SupportAnswerRequest>,
) -> ApiResult<HttpResponse> {
    let (id, body) = (id.into_inner(), body.into_inner());
    let answered = state.run(move |conn, now| support::answer(conn, me.id, id, &body.content, now)).await?;
    if answered.first && !answered.requester.email.is_empty() {
        let mail = SupportAnswerMail {
            to: &answered.requester.email,
            nickname: &answered.requester.nickname,
            title: &answered.ticket.title,
            answer: answered.ticket.answer.as_deref().unwrap_or_default(),
        }
        .render();
        // The answer is saved either way; a lost e-mail is logged, and the page shows it.
        if let Err(e) = state.mailer.send(mail).await {
            tracing::warn!(error = %e, ticket = answered.ticket.id, "support answer e-mail failed");
        }
    }
    Ok(HttpResponse::Ok().json(SupportTicketResponse::from(answered.ticket)))
}
