//! The administrators' review list (an extension of the contract): every review, hidden ones
//! included, to find the ones to hide or show again with `POST /admin/reviews/{id}/hide|unhide`.

use actix_web::web::{Data, Query};
use actix_web::{HttpResponse, get};
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::openapi;
use praline_kernel::page::{MAX_PER_PAGE, PageQuery};
use praline_kernel::text::query_text;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::reviews::ReviewResponse;
use crate::service::review::{self, ModerationFilter, ReviewView};

/// A review as administrators list it: the review (with `hidden` and `product`) and why it was
/// hidden.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminReviewResponse {
    #[serde(flatten)]
    pub review: ReviewResponse,
    /// The reason given when it was hidden (null when visible or hidden without one).
    pub hidden_reason: Option<String>,
}

impl AdminReviewResponse {
    fn new(state: &AppState, view: ReviewView) -> AdminReviewResponse {
        let hidden_reason = view.row.hidden_reason.clone();
        AdminReviewResponse { review: ReviewResponse::new(state, view), hidden_reason }
    }
}

/// `GET /admin/reviews` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AdminReviewsQuery {
    /// `true`: only hidden reviews; `false`: only visible ones; omitted: all.
    pub hidden: Option<bool>,
    /// Only the reviews of this product.
    #[param(schema_with = openapi::int_min::<1>)]
    pub product_id: Option<i64>,
    /// Title or content contains this text (any case).
    #[param(schema_with = openapi::query_text)]
    pub q: Option<String>,
    /// 1-based page number (default 1).
    #[param(schema_with = openapi::int_min::<1>)]
    pub page: Option<i64>,
    /// Items per page (default 20).
    #[param(schema_with = openapi::int_range::<1, MAX_PER_PAGE>)]
    pub per_page: Option<i64>,
}

/// Every review for administrators, hidden ones included, newest first, with their products.
#[utoipa::path(tag = "community", security(("bearer" = [])), params(AdminReviewsQuery),
    responses((status = 200, body = praline_kernel::page::Page<AdminReviewResponse>), (status = 400),
        (status = 401), (status = 403)))]
#[get("/admin/reviews")]
pub async fn admin_reviews(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<AdminReviewsQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = PageQuery { page: query.page, per_page: query.per_page }.validate()?;
    if query.product_id.is_some_and(|id| id < 1) {
        return Err(ApiError::invalid_field("product_id", "A product id is 1 or more."));
    }
    let filter = ModerationFilter {
        hidden: query.hidden,
        product_id: query.product_id,
        q: query_text("q", query.q.as_deref())?.map(str::to_string),
    };
    let list = state.run(move |conn, _| review::moderation(conn, me.id, &filter, page)).await?;
    Ok(HttpResponse::Ok().json(list.map(|v| AdminReviewResponse::new(&state, v))))
}
