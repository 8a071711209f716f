//! Product lists: the public catalogue with filters and sorts, and one seller's store.

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get};
use praline_kernel::AppState;
use praline_kernel::auth::MaybeAuthUser;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::openapi::{self};
use praline_kernel::page::{MAX_PER_PAGE, Page, PageQuery};
use praline_kernel::text::query_text;
use serde::Deserialize;
use utoipa::openapi::schema::Object;

use super::products::{ProductSummary, parse_state};
use crate::model::{MAX_PRICE, ProductState, Sort};
use crate::service::listing::{self, CountCache, Filter};

/// `GET /products` query. Text parameters follow [`praline_kernel::text`]: no control
/// characters, at most 100 characters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ProductsQuery {
    /// A category id.
    pub category: Option<i64>,
    /// A seller's user id.
    pub seller: Option<i64>,
    /// Words in the name or description.
    #[param(schema_with = openapi::query_text)]
    pub q: Option<String>,
    /// Lowest price in won.
    #[param(schema_with = openapi::int_range::<0, MAX_PRICE>)]
    pub min_price: Option<i64>,
    /// Highest price in won (not below `min_price`: 400).
    #[param(schema_with = openapi::int_range::<0, MAX_PRICE>)]
    pub max_price: Option<i64>,
    /// `recent` (default, also when empty), `popular`, `rating`, `sales`, `price_asc`, `price_desc`.
    #[param(schema_with = sort_schema)]
    pub sort: Option<String>,
    /// 1-based page number (default 1).
    #[param(schema_with = openapi::int_min::<1>)]
    pub page: Option<i64>,
    /// Items per page (default 20).
    #[param(schema_with = openapi::int_range::<1, MAX_PER_PAGE>)]
    pub per_page: Option<i64>,
}

/// `GET /sellers/{user_id}/products` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StoreQuery {
    /// The owner sees every state (`all`, the default, also when empty) or one; others see
    /// on_sale and sold_out.
    #[param(schema_with = store_state_schema)]
    pub state: Option<String>,
    /// As for `GET /products`.
    #[param(schema_with = sort_schema)]
    pub sort: Option<String>,
    /// 1-based page number (default 1).
    #[param(schema_with = openapi::int_min::<1>)]
    pub page: Option<i64>,
    /// Items per page (default 20).
    #[param(schema_with = openapi::int_range::<1, MAX_PER_PAGE>)]
    pub per_page: Option<i64>,
}

/// The sorts; empty means the default.
fn sort_schema() -> Object {
    let names = Sort::NAMES.into_iter().chain([""]).collect::<Vec<_>>();
    openapi::one_of(&names, false)
}

/// `all`, a state, or empty (all).
fn store_state_schema() -> Object {
    let names = ["all"].into_iter().chain(ProductState::ALL.map(ProductState::as_str)).chain([""]);
    openapi::one_of(&names.collect::<Vec<_>>(), false)
}

pub(super) fn parse_sort(raw: Option<&str>) -> ApiResult<Sort> {
    Sort::parse(raw).map_err(ApiError::from)
}

/// The public product list: filters, six sorts, pages.
#[utoipa::path(tag = "catalog", params(ProductsQuery),
    responses((status = 200, body = Page<ProductSummary>), (status = 400)))]
#[get("/products")]
pub async fn list_products(
    state: Data<AppState>,
    cache: Data<CountCache>,
    query: Query<ProductsQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = PageQuery { page: query.page, per_page: query.per_page }.validate()?;
    let sort = parse_sort(query_text("sort", query.sort.as_deref())?)?;
    let q = query_text("q", query.q.as_deref())?;
    let filter = Filter::parse(query.category, query.seller, q, query.min_price, query.max_price)
        .map_err(ApiError::from)?;
    let page = state.run(move |conn, _| listing::public(conn, &cache, &filter, sort, page)).await?;
    Ok(HttpResponse::Ok().json(page.map(|l| ProductSummary::new(&state, l))))
}

/// A seller's products; the owner sees every state and may filter by `state`.
#[utoipa::path(tag = "catalog", security((), ("bearer" = [])), params(StoreQuery),
    responses((status = 200, body = Page<ProductSummary>), (status = 400)))]
#[get("/sellers/{user_id}/products")]
pub async fn seller_products(
    state: Data<AppState>,
    viewer: MaybeAuthUser,
    user_id: Path<i64>,
    query: Query<StoreQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = PageQuery { page: query.page, per_page: query.per_page }.validate()?;
    let sort = parse_sort(query_text("sort", query.sort.as_deref())?)?;
    // `all` (or nothing) is every state for the owner.
    let wanted = parse_state(query_text("state", query.state.as_deref())?.filter(|s| s.trim() != "all"))?;
    let (seller_id, viewer) = (user_id.into_inner(), viewer.0.map(|u| u.id));
    let page = state.run(move |conn, _| listing::store(conn, viewer, seller_id, wanted, sort, page)).await?;
    Ok(HttpResponse::Ok().json(page.map(|l| ProductSummary::new(&state, l))))
}
