//! Reviews: a product's list with its evaluation, writing one for a confirmed line (multipart,
//! photo optional), edits, photo replacement, deletion, likes, the author's lists and the
//! administrators' hiding.

use std::collections::BTreeMap;

use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, delete, get, patch, post, put};
use chrono::{DateTime, Utc};
use praline_kernel::AppState;
use praline_kernel::auth::{AuthUser, MaybeAuthUser};
use praline_kernel::clock::utc;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::extract::OptionalJson;
use praline_kernel::openapi::{self, ImageUpload};
use praline_kernel::page::{MAX_PER_PAGE, PageQuery};
use praline_kernel::text::query_text;
use praline_kernel::upload::{attach_image, read_form, remove_files, replace_image};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::Object;

use crate::model::{
    Evaluation, MAX_HIDE_REASON_CHARS, MAX_REVIEW_CONTENT_CHARS, MAX_REVIEW_TITLE_CHARS,
    MIN_REVIEW_CONTENT_CHARS,
};
use crate::service::review::{
    self, Distribution, LikeState, ReviewChanges, ReviewFilter, ReviewInput, ReviewSort, ReviewView,
    ReviewableLine,
};

/// A review's author.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewAuthor {
    pub id: i64,
    pub nickname: String,
    pub avatar_url: Option<String>,
}

/// The reviewed product (in the author's own list).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewProduct {
    pub id: i64,
    pub name: String,
    pub thumbnail_url: Option<String>,
}

/// A review (plain text). `hidden` appears for the author and administrators only.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewResponse {
    pub id: i64,
    pub product_id: i64,
    pub order_line_id: i64,
    pub author: ReviewAuthor,
    pub title: String,
    pub content: String,
    pub rating: i64,
    /// `fast`, `normal` or `slow`.
    pub delivery: String,
    /// `friendly`, `normal` or `unfriendly`.
    pub service: String,
    /// `yes`, `maybe` or `no`.
    pub rebuy: String,
    pub photo_url: Option<String>,
    pub like_count: i64,
    /// Whether the caller liked it (false for visitors).
    pub liked: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub hidden: Option<bool>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub product: Option<ReviewProduct>,
}

impl ReviewResponse {
    pub(crate) fn new(state: &AppState, view: ReviewView) -> ReviewResponse {
        let ReviewView { row, author, liked, show_hidden, product } = view;
        ReviewResponse {
            id: row.id,
            product_id: row.product_id,
            order_line_id: row.order_line_id,
            author: ReviewAuthor {
                id: row.author_id,
                nickname: author.as_ref().map(|u| u.nickname.clone()).unwrap_or_default(),
                avatar_url: author.and_then(|u| u.avatar_key).map(|k| state.storage.url(&k)),
            },
            title: row.title,
            content: row.content,
            rating: row.rating,
            delivery: row.delivery,
            service: row.service,
            rebuy: row.rebuy,
            photo_url: row.photo_key.as_deref().map(|k| state.storage.url(k)),
            like_count: row.like_count,
            liked,
            hidden: show_hidden.then_some(row.hidden),
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
            product: product.map(|p| ReviewProduct {
                id: p.id,
                thumbnail_url: p.thumbnail_key.as_deref().map(|k| state.storage.url(k)),
                name: p.name,
            }),
        }
    }
}

/// Delivery counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryCounts {
    pub fast: i64,
    pub normal: i64,
    pub slow: i64,
}

/// Service counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceCounts {
    pub friendly: i64,
    pub normal: i64,
    pub unfriendly: i64,
}

/// Rebuy counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct RebuyCounts {
    pub yes: i64,
    pub maybe: i64,
    pub no: i64,
}

/// How a product's visible reviews are spread.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationResponse {
    pub rating_avg: f64,
    pub rating_count: i64,
    /// `"1"` … `"5"` → count.
    pub ratings: BTreeMap<String, i64>,
    pub delivery: DeliveryCounts,
    pub service: ServiceCounts,
    pub rebuy: RebuyCounts,
}

impl From<Distribution> for EvaluationResponse {
    fn from(d: Distribution) -> Self {
        EvaluationResponse {
            rating_avg: d.rating_avg,
            rating_count: d.rating_count,
            ratings: (1..=5).zip(d.ratings).map(|(r, n)| (r.to_string(), n)).collect(),
            delivery: DeliveryCounts { fast: d.delivery[0], normal: d.delivery[1], slow: d.delivery[2] },
            service: ServiceCounts { friendly: d.service[0], normal: d.service[1], unfriendly: d.service[2] },
            rebuy: RebuyCounts { yes: d.rebuy[0], maybe: d.rebuy[1], no: d.rebuy[2] },
        }
    }
}

/// `GET /products/{id}/reviews`: a page of reviews and the evaluation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewListResponse {
    pub items: Vec<ReviewResponse>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
    pub evaluation: EvaluationResponse,
}

/// `GET /products/{id}/reviews` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReviewsQuery {
    /// `recent` (default, also when empty), `likes`, `rating_desc`, `rating_asc`.
    #[param(schema_with = sort_schema)]
    pub sort: Option<String>,
    /// Only this rating.
    #[param(schema_with = openapi::int_range::<1, 5>)]
    pub rating: Option<i64>,
    /// `true`: only reviews with a photo.
    pub photo: Option<bool>,
    /// 1-based page number (default 1).
    #[param(schema_with = openapi::int_min::<1>)]
    pub page: Option<i64>,
    /// Items per page (default 20).
    #[param(schema_with = openapi::int_range::<1, MAX_PER_PAGE>)]
    pub per_page: Option<i64>,
}

fn sort_schema() -> Object {
    let names = ReviewSort::NAMES.into_iter().chain([""]).collect::<Vec<_>>();
    openapi::one_of(&names, false)
}

fn delivery_schema() -> Object {
    openapi::one_of(&Evaluation::Delivery.values(), false)
}
fn service_schema() -> Object {
    openapi::one_of(&Evaluation::Service.values(), false)
}
fn rebuy_schema() -> Object {
    openapi::one_of(&Evaluation::Rebuy.values(), false)
}
fn nullable_delivery_schema() -> Object {
    openapi::one_of(&Evaluation::Delivery.values(), true)
}
fn nullable_service_schema() -> Object {
    openapi::one_of(&Evaluation::Service.values(), true)
}
fn nullable_rebuy_schema() -> Object {
    openapi::one_of(&Evaluation::Rebuy.values(), true)
}

/// The multipart form of `POST /order-lines/{line_id}/review` (every text field a form field;
/// other fields are refused).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewUpload {
    #[schema(schema_with = openapi::text::<1, MAX_REVIEW_TITLE_CHARS>)]
    pub title: String,
    #[schema(schema_with = openapi::text::<MIN_REVIEW_CONTENT_CHARS, MAX_REVIEW_CONTENT_CHARS>)]
    pub content: String,
    #[schema(schema_with = openapi::int_range::<1, 5>)]
    pub rating: i64,
    #[schema(schema_with = delivery_schema)]
    pub delivery: String,
    #[schema(schema_with = service_schema)]
    pub service: String,
    #[schema(schema_with = rebuy_schema)]
    pub rebuy: String,
    /// JPEG, PNG, WebP or GIF; at most 5 MB and 4096×4096 pixels.
    #[schema(value_type = Option<String>, format = Binary)]
    pub photo: Option<Vec<u8>>,
}

/// The text fields of the form, as read.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewFields {
    title: String,
    content: String,
    rating: String,
    delivery: String,
    service: String,
    rebuy: String,
}

/// `PATCH /reviews/{id}`: any of the fields.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateReviewRequest {
    #[serde(default)]
    #[schema(schema_with = openapi::nullable_text::<1, MAX_REVIEW_TITLE_CHARS>)]
    pub title: Option<String>,
    #[serde(default)]
    #[schema(schema_with = openapi::nullable_text::<MIN_REVIEW_CONTENT_CHARS, MAX_REVIEW_CONTENT_CHARS>)]
    pub content: Option<String>,
    #[serde(default)]
    #[schema(schema_with = openapi::nullable_int_range::<1, 5>)]
    pub rating: Option<i64>,
    #[serde(default)]
    #[schema(schema_with = nullable_delivery_schema)]
    pub delivery: Option<String>,
    #[serde(default)]
    #[schema(schema_with = nullable_service_schema)]
    pub service: Option<String>,
    #[serde(default)]
    #[schema(schema_with = nullable_rebuy_schema)]
    pub rebuy: Option<String>,
}

/// What a new review earned.
#[derive(Debug, Serialize, ToSchema)]
pub struct RewardResponse {
    /// `text_review` or `photo_review`.
    pub kind: String,
    pub points: i64,
}

/// `POST /order-lines/{line_id}/review`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedReviewResponse {
    pub review: ReviewResponse,
    pub reward: RewardResponse,
}

/// A review's like state.
#[derive(Debug, Serialize, ToSchema)]
pub struct LikeResponse {
    pub liked: bool,
    pub like_count: i64,
}

impl From<LikeState> for LikeResponse {
    fn from(s: LikeState) -> Self {
        LikeResponse { liked: s.liked, like_count: s.like_count }
    }
}

/// What a review of a line would earn now.
#[derive(Debug, Serialize, ToSchema)]
pub struct LineRewards {
    pub text: i64,
    pub photo: i64,
}

/// A confirmed line waiting for its review.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewableLineResponse {
    pub order_line_id: i64,
    pub order_id: i64,
    pub product_id: i64,
    pub name: String,
    pub image_url: Option<String>,
    pub unit_price: i64,
    pub confirmed_at: DateTime<Utc>,
    pub reward: LineRewards,
}

impl ReviewableLineResponse {
    fn new(state: &AppState, r: ReviewableLine) -> ReviewableLineResponse {
        ReviewableLineResponse {
            order_line_id: r.line.id,
            order_id: r.line.order_id,
            product_id: r.line.product_id,
            image_url: r.line.image_key.as_deref().map(|k| state.storage.url(k)),
            unit_price: r.line.unit_price,
            name: r.line.name,
            confirmed_at: utc(r.confirmed_at),
            reward: LineRewards { text: r.text_reward, photo: r.photo_reward },
        }
    }
}

/// `reason` for hiding a review.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HideReviewRequest {
    #[schema(schema_with = openapi::nullable_text::<0, MAX_HIDE_REASON_CHARS>)]
    pub reason: Option<String>,
}

/// A product's visible reviews and how they are spread.
#[utoipa::path(tag = "community", security((), ("bearer" = [])), params(ReviewsQuery),
    responses((status = 200, body = ReviewListResponse), (status = 400), (status = 404)))]
#[get("/products/{id}/reviews")]
pub async fn list_reviews(
    state: Data<AppState>,
    viewer: MaybeAuthUser,
    id: Path<i64>,
    query: Query<ReviewsQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = PageQuery { page: query.page, per_page: query.per_page }.validate()?;
    let sort = ReviewSort::parse(query_text("sort", query.sort.as_deref())?).map_err(ApiError::from)?;
    let filter = ReviewFilter { sort, rating: query.rating, photo: query.photo.unwrap_or(false) };
    let (id, viewer) = (id.into_inner(), viewer.0.map(|u| u.id));
    let (list, distribution) =
        state.run(move |conn, _| review::of_product(conn, viewer, id, filter, page)).await?;
    Ok(HttpResponse::Ok().json(ReviewListResponse {
        page: list.page,
        per_page: list.per_page,
        total: list.total,
        items: list.items.into_iter().map(|v| ReviewResponse::new(&state, v)).collect(),
        evaluation: distribution.into(),
    }))
}

/// Review a confirmed order line (multipart; the photo is optional). The reward is credited at
/// once: ⌈5 %⌉ of the unit price with a photo, ⌈1 %⌉ without, twice that for members.
#[utoipa::path(tag = "community", security(("bearer" = [])),
    request_body(content = ReviewUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = CreatedReviewResponse), (status = 400), (status = 401), (status = 403),
        (status = 404), (status = 409), (status = 413), (status = 415)))]
#[post("/order-lines/{line_id}/review")]
pub async fn create_review(
    state: Data<AppState>,
    me: AuthUser,
    line_id: Path<i64>,
    payload: actix_multipart::Multipart,
) -> ApiResult<HttpResponse> {
    let line_id = line_id.into_inner();
    let (fields, photo) = read_form(payload, "photo").await?;
    let fields: ReviewFields = serde_json::from_value(serde_json::Value::Object(fields))
        .map_err(|e| ApiError::invalid_input(format!("Invalid form: {e}")))?;
    let rating = fields
        .rating
        .trim()
        .parse::<i64>()
        .map_err(|_| ApiError::invalid_field("rating", "A rating is 1 to 5."))?;
    let input = ReviewInput {
        title: fields.title,
        content: fields.content,
        rating,
        delivery: fields.delivery,
        service: fields.service,
        rebuy: fields.rebuy,
    };
    let (view, reward) = match photo {
        Some(photo) => {
            let st = state.clone();
            attach_image(&state.storage, photo, move |key| async move {
                let created = st
                    .run(move |conn, now| review::create(conn, me.id, line_id, input, Some(&key), now))
                    .await?;
                Ok((created, None))
            })
            .await?
        }
        None => state.run(move |conn, now| review::create(conn, me.id, line_id, input, None, now)).await?,
    };
    Ok(HttpResponse::Created().json(CreatedReviewResponse {
        review: ReviewResponse::new(&state, view),
        reward: RewardResponse { kind: reward.kind.as_str().to_string(), points: reward.points },
    }))
}

/// One review (hidden ones only for their author and administrators).
#[utoipa::path(tag = "community", security((), ("bearer" = [])),
    responses((status = 200, body = ReviewResponse), (status = 404)))]
#[get("/reviews/{id}")]
pub async fn get_review(
    state: Data<AppState>,
    viewer: MaybeAuthUser,
    id: Path<i64>,
) -> ApiResult<HttpResponse> {
    let (id, viewer) = (id.into_inner(), viewer.0.map(|u| u.id));
    let view = state.run(move |conn, _| review::get(conn, viewer, id)).await?;
    Ok(HttpResponse::Ok().json(ReviewResponse::new(&state, view)))
}

/// The author edits a review (the reward never changes).
#[utoipa::path(tag = "community", security(("bearer" = [])), request_body = UpdateReviewRequest,
    responses((status = 200, body = ReviewResponse), (status = 400), (status = 401), (status = 404)))]
#[patch("/reviews/{id}")]
pub async fn update_review(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    body: Json<UpdateReviewRequest>,
) -> ApiResult<HttpResponse> {
    let (id, b) = (id.into_inner(), body.into_inner());
    let changes = ReviewChanges {
        title: b.title,
        content: b.content,
        rating: b.rating,
        delivery: b.delivery,
        service: b.service,
        rebuy: b.rebuy,
    };
    let view = state.run(move |conn, now| review::edit(conn, me.id, id, changes, now)).await?;
    Ok(HttpResponse::Ok().json(ReviewResponse::new(&state, view)))
}

/// The author replaces the photo (multipart `image`).
#[utoipa::path(tag = "community", security(("bearer" = [])),
    request_body(content = ImageUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = ReviewResponse), (status = 400), (status = 401), (status = 404), (status = 413), (status = 415)))]
#[put("/reviews/{id}/photo")]
pub async fn put_review_photo(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    payload: actix_multipart::Multipart,
) -> ApiResult<HttpResponse> {
    let (id, st) = (id.into_inner(), state.clone());
    let view = replace_image(&state.storage, payload, move |key| async move {
        st.run(move |conn, now| review::replace_photo(conn, me.id, id, &key, now)).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(ReviewResponse::new(&state, view)))
}

/// The author deletes a review; its reward is taken back (`review_reversal`), or nothing
/// happens when the balance cannot cover it (402).
#[utoipa::path(tag = "community", security(("bearer" = [])),
    responses((status = 204), (status = 401), (status = 402), (status = 404)))]
#[delete("/reviews/{id}")]
pub async fn delete_review(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let photo = state.run(move |conn, now| review::delete(conn, me.id, id, now)).await?;
    remove_files(&state.storage, photo.into_iter().collect()).await;
    Ok(HttpResponse::NoContent().finish())
}

/// Like a review (not your own; a repeat changes nothing).
#[utoipa::path(tag = "community", security(("bearer" = [])),
    responses((status = 200, body = LikeResponse), (status = 401), (status = 403), (status = 404)))]
#[put("/reviews/{id}/like")]
pub async fn put_like(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let s = state.run(move |conn, now| review::like(conn, me.id, id, now)).await?;
    Ok(HttpResponse::Ok().json(LikeResponse::from(s)))
}

/// Take a like back (a repeat changes nothing).
#[utoipa::path(tag = "community", security(("bearer" = [])),
    responses((status = 200, body = LikeResponse), (status = 401), (status = 403), (status = 404)))]
#[delete("/reviews/{id}/like")]
pub async fn delete_like(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let s = state.run(move |conn, _| review::unlike(conn, me.id, id)).await?;
    Ok(HttpResponse::Ok().json(LikeResponse::from(s)))
}

/// The caller's reviews, hidden ones included, newest first.
#[utoipa::path(tag = "community", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = praline_kernel::page::Page<ReviewResponse>), (status = 400), (status = 401)))]
#[get("/me/reviews")]
pub async fn my_reviews(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = query.into_inner().validate()?;
    let list = state.run(move |conn, _| review::mine(conn, me.id, page)).await?;
    Ok(HttpResponse::Ok().json(list.map(|v| ReviewResponse::new(&state, v))))
}

/// The caller's confirmed lines without a review, with what a review would earn now.
#[utoipa::path(tag = "community", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = praline_kernel::page::Page<ReviewableLineResponse>), (status = 400), (status = 401)))]
#[get("/me/reviewable-lines")]
pub async fn reviewable_lines(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = query.into_inner().validate()?;
    let list = state.run(move |conn, now| review::reviewable(conn, me.id, page, now)).await?;
    Ok(HttpResponse::Ok().json(list.map(|r| ReviewableLineResponse::new(&state, r))))
}

async fn set_hidden(
    state: &AppState,
    admin: i64,
    id: i64,
    hidden: bool,
    reason: Option<String>,
) -> ApiResult<HttpResponse> {
    let view = state
        .run(move |conn, now| review::set_hidden(conn, admin, id, hidden, reason.as_deref(), now))
        .await?;
    Ok(HttpResponse::Ok().json(ReviewResponse::new(state, view)))
}

/// Hide a review (administrators): out of lists and the rating; points untouched.
#[utoipa::path(tag = "community", security(("bearer" = [])), request_body = Option<HideReviewRequest>,
    responses((status = 200, body = ReviewResponse), (status = 400), (status = 401), (status = 403), (status = 404)))]
#[post("/admin/reviews/{id}/hide")]
pub async fn hide_review(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    body: OptionalJson<HideReviewRequest>,
) -> ApiResult<HttpResponse> {
    let reason = body.into_inner().unwrap_or_default().reason;
    set_hidden(&state, me.id, id.into_inner(), true, reason).await
}

/// Show a hidden review again (administrators): back into lists and the rating.
#[utoipa::path(tag = "community", security(("bearer" = [])), request_body = Option<HideReviewRequest>,
    responses((status = 200, body = ReviewResponse), (status = 400), (status = 401), (status = 403), (status = 404)))]
#[post("/admin/reviews/{id}/unhide")]
pub async fn unhide_review(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    body: OptionalJson<HideReviewRequest>,
) -> ApiResult<HttpResponse> {
    let _ = body.into_inner();
    set_hidden(&state, me.id, id.into_inner(), false, None).await
}
