//! Notices: the public list and page, and the administrators' editor.

use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, delete, get, patch, post};
use chrono::{DateTime, Utc};
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::clock::utc;
use praline_kernel::error::ApiResult;
use praline_kernel::openapi;
use praline_kernel::page::{Page, PageQuery};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::model::{MAX_NOTICE_CHARS, MAX_TITLE_CHARS, NoticeRow};
use crate::service::notice::{self, NoticeInput};

/// A notice in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeSummary {
    pub id: i64,
    pub title: String,
    pub pinned: bool,
    pub created_at: DateTime<Utc>,
}

/// A whole notice (plain text).
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeResponse {
    pub id: i64,
    pub title: String,
    pub content: String,
    pub pinned: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<NoticeRow> for NoticeResponse {
    fn from(row: NoticeRow) -> Self {
        NoticeResponse {
            id: row.id,
            title: row.title,
            content: row.content,
            pinned: row.pinned,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        }
    }
}

/// `POST /admin/notices`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateNoticeRequest {
    #[schema(schema_with = openapi::text::<1, MAX_TITLE_CHARS>)]
    pub title: String,
    #[schema(schema_with = openapi::text::<1, MAX_NOTICE_CHARS>)]
    pub content: String,
    /// Shown above the others (default false).
    #[serde(default)]
    pub pinned: Option<bool>,
}

/// `PATCH /admin/notices/{id}`: any of the fields.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateNoticeRequest {
    #[serde(default)]
    #[schema(schema_with = openapi::nullable_text::<1, MAX_TITLE_CHARS>)]
    pub title: Option<String>,
    #[serde(default)]
    #[schema(schema_with = openapi::nullable_text::<1, MAX_NOTICE_CHARS>)]
    pub content: Option<String>,
    #[serde(default)]
    pub pinned: Option<bool>,
}

/// Notices, pinned first, then newest.
#[utoipa::path(tag = "community", params(PageQuery),
    responses((status = 200, body = Page<NoticeSummary>), (status = 400)))]
#[get("/notices")]
pub async fn list_notices(state: Data<AppState>, query: Query<PageQuery>) -> ApiResult<HttpResponse> {
    let page = query.into_inner().validate()?;
    let list = state.run(move |conn, _| notice::list(conn, page)).await?;
    Ok(HttpResponse::Ok().json(list.map(|n| NoticeSummary {
        id: n.id,
        title: n.title,
        pinned: n.pinned,
        created_at: utc(n.created_at),
    })))
}

/// One notice.
#[utoipa::path(tag = "community", responses((status = 200, body = NoticeResponse), (status = 404)))]
#[get("/notices/{id}")]
pub async fn get_notice(state: Data<AppState>, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let row = state.run(move |conn, _| notice::get(conn, id)).await?;
    Ok(HttpResponse::Ok().json(NoticeResponse::from(row)))
}

/// An administrator publishes a notice.
#[utoipa::path(tag = "community", security(("bearer" = [])), request_body = CreateNoticeRequest,
    responses((status = 201, body = NoticeResponse), (status = 400), (status = 401), (status = 403)))]
#[post("/admin/notices")]
pub async fn create_notice(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<CreateNoticeRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let input = NoticeInput { title: Some(body.title), content: Some(body.content), pinned: body.pinned };
    let row = state.run(move |conn, now| notice::create(conn, me.id, input, now)).await?;
    Ok(HttpResponse::Created().json(NoticeResponse::from(row)))
}

/// An administrator edits a notice.
#[utoipa::path(tag = "community", security(("bearer" = [])), request_body = UpdateNoticeRequest,
    responses((status = 200, body = NoticeResponse), (status = 400), (status = 401), (status = 403), (status = 404)))]
#[patch("/admin/notices/{id}")]
pub async fn update_notice(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    body: Json<UpdateNoticeRequest>,
) -> ApiResult<HttpResponse> {
    let (id, body) = (id.into_inner(), body.into_inner());
    let input = NoticeInput { title: body.title, content: body.content, pinned: body.pinned };
    let row = state.run(move |conn, now| notice::update(conn, me.id, id, input, now)).await?;
    Ok(HttpResponse::Ok().json(NoticeResponse::from(row)))
}

/// An administrator deletes a notice.
#[utoipa::path(tag = "community", security(("bearer" = [])),
    responses((status = 204), (status = 401), (status = 403), (status = 404)))]
#[delete("/admin/notices/{id}")]
pub async fn delete_notice(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state.run(move |conn, _| notice::delete(conn, me.id, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
