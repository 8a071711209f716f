//! The operators' order search and order detail.

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get};
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::openapi;
use praline_kernel::page::{MAX_PER_PAGE, Page, PageQuery};
use praline_kernel::text::query_text;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::seller::optional_date;
use super::{OrderResponse, OrderSummaryResponse};
use crate::model::LineStatus;
use crate::service::admin::{self, Buyer, OrderSearch};

/// `GET /admin/orders`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AdminOrdersQuery {
    /// An order id, a buyer's e-mail or a merchant_uid.
    #[param(schema_with = openapi::query_text)]
    pub q: Option<String>,
    /// Orders with a line in this status.
    #[param(schema_with = status_schema)]
    pub status: Option<String>,
    /// Placed on or after this business day.
    #[param(schema_with = openapi::date)]
    pub from: Option<String>,
    /// Placed on or before this business day.
    #[param(schema_with = openapi::date)]
    pub to: Option<String>,
    /// 1-based page number (default 1).
    #[param(schema_with = openapi::int_min::<1>)]
    pub page: Option<i64>,
    /// Items per page (default 20).
    #[param(schema_with = openapi::int_range::<1, MAX_PER_PAGE>)]
    pub per_page: Option<i64>,
}

fn status_schema() -> utoipa::openapi::schema::Object {
    let names: Vec<&str> = LineStatus::ALL.iter().map(|s| s.as_str()).chain([""]).collect();
    openapi::one_of(&names, false)
}

/// Who placed an order.
#[derive(Debug, Serialize, ToSchema)]
pub struct BuyerRef {
    pub id: i64,
    pub email: String,
    pub nickname: String,
}

impl From<Buyer> for BuyerRef {
    fn from(b: Buyer) -> Self {
        BuyerRef { id: b.id, email: b.email, nickname: b.nickname }
    }
}

/// An order in the operators' list.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminOrderSummary {
    #[serde(flatten)]
    pub order: OrderSummaryResponse,
    pub buyer: BuyerRef,
}

/// An order with its buyer.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminOrderResponse {
    #[serde(flatten)]
    pub order: OrderResponse,
    pub buyer: BuyerRef,
}

/// Search orders (administrators).
#[utoipa::path(tag = "commerce", security(("bearer" = [])), params(AdminOrdersQuery),
    responses((status = 200, body = Page<AdminOrderSummary>), (status = 400), (status = 403)))]
#[get("/admin/orders")]
pub async fn admin_orders(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<AdminOrdersQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = PageQuery { page: query.page, per_page: query.per_page }.validate()?;
    let q = query_text("q", query.q.as_deref())?.map(str::trim).filter(|q| !q.is_empty()).map(str::to_string);
    let status = match query.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => {
            Some(LineStatus::parse(raw).ok_or_else(|| ApiError::invalid_field("status", "unknown status"))?)
        }
        None => None,
    };
    let search = OrderSearch {
        q,
        status,
        from: optional_date("from", query.from.as_deref())?,
        to: optional_date("to", query.to.as_deref())?,
    };
    let calendar = state.config.calendar();
    let page = state.run(move |conn, _| admin::search(conn, &calendar, me.id, &search, page)).await?;
    Ok(HttpResponse::Ok().json(page.map(|(summary, buyer)| AdminOrderSummary {
        order: OrderSummaryResponse::new(&state, summary),
        buyer: buyer.into(),
    })))
}

/// One order with its buyer and payment (administrators).
#[utoipa::path(tag = "commerce", security(("bearer" = [])),
    responses((status = 200, body = AdminOrderResponse), (status = 403), (status = 404)))]
#[get("/admin/orders/{id}")]
pub async fn admin_order(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let (id, secrets) = (id.into_inner(), state.secrets.clone());
    let (view, buyer) = state.run(move |conn, _| admin::order(conn, &secrets, me.id, id)).await?;
    Ok(HttpResponse::Ok()
        .json(AdminOrderResponse { order: OrderResponse::new(&state, view), buyer: buyer.into() }))
}
