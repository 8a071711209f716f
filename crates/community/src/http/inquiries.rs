//! Product Q&A: the product's list, ask, edit, delete, the seller's answer, and the lists of the
//! asker, the seller and the administrators' removal.

use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, delete, get, patch, post, put};
use chrono::{DateTime, Utc};
use praline_kernel::AppState;
use praline_kernel::auth::{AuthUser, MaybeAuthUser};
use praline_kernel::clock::utc;
use praline_kernel::error::ApiResult;
use praline_kernel::openapi;
use praline_kernel::page::{MAX_PER_PAGE, Page, PageQuery};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::model::MAX_INQUIRY_CHARS;
use crate::service::inquiry::{self, InquiryView};

/// Who asked (null when redacted).
#[derive(Debug, Serialize, ToSchema)]
pub struct InquiryAuthor {
    pub id: i64,
    pub nickname: String,
}

/// The seller's answer; `content` is null when the inquiry is redacted for the viewer.
#[derive(Debug, Serialize, ToSchema)]
pub struct InquiryAnswer {
    pub content: Option<String>,
    pub answered_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The product an inquiry is about (in the asker's and the seller's lists).
#[derive(Debug, Serialize, ToSchema)]
pub struct InquiryProduct {
    pub id: i64,
    pub name: String,
}

/// A product inquiry as the caller may see it. A secret one is whole for its author, the
/// product's seller and administrators; everyone else gets `redacted: true` with `author`,
/// `content` and `answer.content` null.
#[derive(Debug, Serialize, ToSchema)]
pub struct InquiryResponse {
    pub id: i64,
    pub product_id: i64,
    pub author: Option<InquiryAuthor>,
    pub content: Option<String>,
    pub secret: bool,
    pub redacted: bool,
    pub answer: Option<InquiryAnswer>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub product: Option<InquiryProduct>,
}

impl InquiryResponse {
    fn new(view: InquiryView, with_product: bool) -> InquiryResponse {
        let InquiryView { row, author_nickname, redacted, product_name } = view;
        let answer = row.answered_at.map(|answered_at| InquiryAnswer {
            content: if redacted { None } else { row.answer.clone() },
            answered_at: utc(answered_at),
            updated_at: utc(row.answer_updated_at.unwrap_or(answered_at)),
        });
        InquiryResponse {
            id: row.id,
            product_id: row.product_id,
            author: if redacted {
                None
            } else {
                Some(InquiryAuthor { id: row.author_id, nickname: author_nickname.unwrap_or_default() })
            },
            content: if redacted { None } else { Some(row.content) },
            secret: row.secret,
            redacted,
            answer,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
            product: with_product
                .then(|| InquiryProduct { id: row.product_id, name: product_name.unwrap_or_default() }),
        }
    }
}

/// `POST /products/{id}/inquiries`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskRequest {
    #[schema(schema_with = openapi::text::<1, MAX_INQUIRY_CHARS>)]
    pub content: String,
    /// Visible only to you, the seller and administrators (default false).
    #[serde(default)]
    pub secret: Option<bool>,
}

/// `PATCH /inquiries/{id}`: any of the fields.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditInquiryRequest {
    #[serde(default)]
    #[schema(schema_with = openapi::nullable_text::<1, MAX_INQUIRY_CHARS>)]
    pub content: Option<String>,
    #[serde(default)]
    pub secret: Option<bool>,
}

/// `PUT /inquiries/{id}/answer`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    #[schema(schema_with = openapi::text::<1, MAX_INQUIRY_CHARS>)]
    pub content: String,
}

/// `GET /seller/inquiries` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SellerInquiriesQuery {
    /// Only answered (`true`) or waiting (`false`) inquiries; all when omitted.
    pub answered: Option<bool>,
    /// 1-based page number (default 1).
    #[param(schema_with = openapi::int_min::<1>)]
    pub page: Option<i64>,
    /// Items per page (default 20).
    #[param(schema_with = openapi::int_range::<1, MAX_PER_PAGE>)]
    pub per_page: Option<i64>,
}

fn page_json(page: Page<InquiryView>, with_product: bool) -> HttpResponse {
    HttpResponse::Ok().json(page.map(|v| InquiryResponse::new(v, with_product)))
}

/// A product's inquiries, newest first (secret ones redacted for whoever may not read them).
#[utoipa::path(tag = "community", security((), ("bearer" = [])), params(PageQuery),
    responses((status = 200, body = Page<InquiryResponse>), (status = 400), (status = 404)))]
#[get("/products/{id}/inquiries")]
pub async fn list_inquiries(
    state: Data<AppState>,
    viewer: MaybeAuthUser,
    id: Path<i64>,
    query: Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = query.into_inner().validate()?;
    let (id, viewer) = (id.into_inner(), viewer.0.map(|u| u.id));
    let list = state.run(move |conn, _| inquiry::of_product(conn, viewer, id, page)).await?;
    Ok(page_json(list, false))
}

/// Ask a question about a product (optionally secret).
#[utoipa::path(tag = "community", security(("bearer" = [])), request_body = AskRequest,
    responses((status = 201, body = InquiryResponse), (status = 400), (status = 401), (status = 404)))]
#[post("/products/{id}/inquiries")]
pub async fn ask_inquiry(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    body: Json<AskRequest>,
) -> ApiResult<HttpResponse> {
    let (id, body) = (id.into_inner(), body.into_inner());
    let view = state
        .run(move |conn, now| inquiry::ask(conn, me.id, id, &body.content, body.secret.unwrap_or(false), now))
        .await?;
    Ok(HttpResponse::Created().json(InquiryResponse::new(view, false)))
}

/// The author edits an unanswered inquiry.
#[utoipa::path(tag = "community", security(("bearer" = [])), request_body = EditInquiryRequest,
    responses((status = 200, body = InquiryResponse), (status = 400), (status = 401), (status = 404), (status = 409)))]
#[patch("/inquiries/{id}")]
pub async fn edit_inquiry(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    body: Json<EditInquiryRequest>,
) -> ApiResult<HttpResponse> {
    let (id, body) = (id.into_inner(), body.into_inner());
    let view = state
        .run(move |conn, now| inquiry::edit(conn, me.id, id, body.content.as_deref(), body.secret, now))
        .await?;
    Ok(HttpResponse::Ok().json(InquiryResponse::new(view, false)))
}

/// The author deletes an unanswered inquiry.
#[utoipa::path(tag = "community", security(("bearer" = [])),
    responses((status = 204), (status = 401), (status = 404), (status = 409)))]
#[delete("/inquiries/{id}")]
pub async fn delete_inquiry(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state.run(move |conn, _| inquiry::delete(conn, me.id, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The product's seller answers; later calls edit the answer.
#[utoipa::path(tag = "community", security(("bearer" = [])), request_body = AnswerRequest,
    responses((status = 200, body = InquiryResponse), (status = 400), (status = 401), (status = 403), (status = 404)))]
#[put("/inquiries/{id}/answer")]
pub async fn answer_inquiry(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    body: Json<AnswerRequest>,
) -> ApiResult<HttpResponse> {
    let (id, body) = (id.into_inner(), body.into_inner());
    let view = state.run(move |conn, now| inquiry::answer(conn, me.id, id, &body.content, now)).await?;
    Ok(HttpResponse::Ok().json(InquiryResponse::new(view, false)))
}

/// The caller's inquiries, newest first, with their products.
#[utoipa::path(tag = "community", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = Page<InquiryResponse>), (status = 400), (status = 401)))]
#[get("/me/inquiries")]
pub async fn my_inquiries(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = query.into_inner().validate()?;
    let list = state.run(move |conn, _| inquiry::mine(conn, me.id, page)).await?;
    Ok(page_json(list, true))
}

/// The inquiries on the caller's products, newest first, optionally answered or waiting.
#[utoipa::path(tag = "community", security(("bearer" = [])), params(SellerInquiriesQuery),
    responses((status = 200, body = Page<InquiryResponse>), (status = 400), (status = 401), (status = 403)))]
#[get("/seller/inquiries")]
pub async fn seller_inquiries(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<SellerInquiriesQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = PageQuery { page: query.page, per_page: query.per_page }.validate()?;
    let answered = query.answered;
    let list = state.run(move |conn, _| inquiry::of_seller(conn, me.id, answered, page)).await?;
    Ok(page_json(list, true))
}

/// An administrator removes an inquiry.
#[utoipa::path(tag = "community", security(("bearer" = [])),
    responses((status = 204), (status = 401), (status = 403), (status = 404)))]
#[delete("/admin/inquiries/{id}")]
pub async fn admin_delete_inquiry(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state.run(move |conn, _| inquiry::remove(conn, me.id, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
