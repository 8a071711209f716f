//! One product: its views, create, edit, delete, restore, and the administrators' block.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, get, patch, post};
use chrono::{DateTime, Utc};
use praline_kernel::AppState;
use praline_kernel::auth::{AuthUser, MaybeAuthUser};
use praline_kernel::clock::utc;
use praline_kernel::db::Conn;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::extract::OptionalJson;
use praline_kernel::openapi::{self};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::Object;

use crate::error::CatalogError;
use crate::model::{
    CategoryRow, ImageRow, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_PRICE, MAX_REASON_CHARS, MAX_STOCK,
    ProductRow, ProductState,
};
use crate::service::listing::{self, Listed};
use crate::service::product::{self, Access, NewProduct, ProductChanges};

/// The seller shown with a product.
#[derive(Debug, Serialize, ToSchema)]
pub struct SellerRef {
    pub user_id: i64,
    pub company_name: String,
}

/// A product in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductSummary {
    pub id: i64,
    pub name: String,
    pub price: i64,
    pub stock: i64,
    #[schema(value_type = String, example = "on_sale")]
    pub state: ProductState,
    pub thumbnail_url: Option<String>,
    pub category_id: i64,
    pub seller: SellerRef,
    pub rating_avg: f64,
    pub rating_count: i64,
    pub wish_count: i64,
    pub sales_count: i64,
    pub created_at: DateTime<Utc>,
}

impl ProductSummary {
    /// The summary of a listed product (community shows these on wishlists and quiz results).
    pub fn new(state: &AppState, listed: Listed) -> ProductSummary {
        let Listed { product: p, seller } = listed;
        ProductSummary {
            id: p.id,
            state: p.state(),
            thumbnail_url: p.thumbnail_key.as_deref().map(|k| state.storage.url(k)),
            category_id: p.category_id,
            seller: SellerRef {
                user_id: p.seller_id,
                company_name: seller.map(|s| s.company_name).unwrap_or_default(),
            },
            rating_avg: (p.rating_avg * 100.0).round() / 100.0,
            rating_count: p.rating_count,
            wish_count: p.wish_count,
            sales_count: p.sales_count,
            created_at: utc(p.created_at),
            name: p.name,
            price: p.price,
            stock: p.stock,
        }
    }
}

/// A detail image.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImageResponse {
    pub id: i64,
    pub url: String,
    pub position: i32,
}

impl ImageResponse {
    pub(super) fn new(state: &AppState, row: &ImageRow) -> ImageResponse {
        ImageResponse { id: row.id, url: state.storage.url(&row.storage_key), position: row.position }
    }
}

/// A category reference.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryRef {
    pub id: i64,
    pub name: String,
}

/// A product with everything its page shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductResponse {
    #[serde(flatten)]
    pub summary: ProductSummary,
    pub description: String,
    pub images: Vec<ImageResponse>,
    pub category: CategoryRef,
    pub updated_at: DateTime<Utc>,
    /// Why an administrator blocked it (owner and administrators only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_reason: Option<String>,
}

/// Everything [`ProductResponse`] needs, read in one go.
pub(super) struct ProductView {
    listed: Listed,
    images: Vec<ImageRow>,
    category: Option<CategoryRow>,
    access: Access,
}

pub(super) fn load_view(
    conn: &mut Conn,
    product: ProductRow,
    access: Access,
) -> Result<ProductView, CatalogError> {
    let images = ImageRow::of_product(conn, product.id)?;
    let category = CategoryRow::find(conn, product.category_id)?;
    let listed = listing::with_sellers(conn, vec![product])?.pop().ok_or(CatalogError::NotFound)?;
    Ok(ProductView { listed, images, category, access })
}

impl ProductResponse {
    pub(super) fn new(state: &AppState, view: ProductView) -> ProductResponse {
        let ProductView { listed, images, category, access } = view;
        let description = listed.product.description.clone();
        let updated_at = utc(listed.product.updated_at);
        let block_reason = if access == Access::Public { None } else { listed.product.block_reason.clone() };
        let category_id = listed.product.category_id;
        ProductResponse {
            summary: ProductSummary::new(state, listed),
            description,
            images: images.iter().map(|i| ImageResponse::new(state, i)).collect(),
            category: category
                .map(|c| CategoryRef { id: c.id, name: c.name })
                .unwrap_or(CategoryRef { id: category_id, name: String::new() }),
            updated_at,
            block_reason,
        }
    }
}

/// The states a new product may start in (the schema of `state`).
const NEW_STATES: [ProductState; 2] = [ProductState::OnSale, ProductState::Hidden];

/// The states a seller may set.
const SETTABLE_STATES: [ProductState; 3] =
    [ProductState::OnSale, ProductState::Hidden, ProductState::Discontinued];

fn new_state_schema() -> Object {
    openapi::one_of(&NEW_STATES.map(ProductState::as_str), true)
}

fn settable_state_schema() -> Object {
    openapi::one_of(&SETTABLE_STATES.map(ProductState::as_str), true)
}

/// A new product.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateProductRequest {
    pub category_id: i64,
    #[schema(schema_with = openapi::text::<1, MAX_NAME_CHARS>)]
    pub name: String,
    #[serde(default)]
    #[schema(schema_with = openapi::text::<0, MAX_DESCRIPTION_CHARS>)]
    pub description: String,
    /// In won.
    #[schema(schema_with = openapi::int_range::<0, MAX_PRICE>)]
    pub price: i64,
    #[schema(schema_with = openapi::int_range::<0, MAX_STOCK>)]
    pub stock: i64,
    /// `on_sale` (default) or `hidden`.
    #[schema(schema_with = new_state_schema)]
    pub state: Option<String>,
}

/// Changes to a product; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProductRequest {
    pub category_id: Option<i64>,
    #[schema(schema_with = openapi::nullable_text::<1, MAX_NAME_CHARS>)]
    pub name: Option<String>,
    #[schema(schema_with = openapi::nullable_text::<0, MAX_DESCRIPTION_CHARS>)]
    pub description: Option<String>,
    #[schema(schema_with = openapi::nullable_int_range::<0, MAX_PRICE>)]
    pub price: Option<i64>,
    #[schema(schema_with = openapi::nullable_int_range::<0, MAX_STOCK>)]
    pub stock: Option<i64>,
    /// `on_sale`, `hidden` or `discontinued`.
    #[schema(schema_with = settable_state_schema)]
    pub state: Option<String>,
}

/// `reason` for a block.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockRequest {
    #[schema(schema_with = openapi::nullable_text::<0, MAX_REASON_CHARS>)]
    pub reason: Option<String>,
}

pub(super) fn parse_state(raw: Option<&str>) -> ApiResult<Option<ProductState>> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(raw) => ProductState::parse(raw).map(Some).ok_or_else(|| {
            ApiError::invalid_field(
                "state",
                "state must be one of on_sale, sold_out, discontinued, hidden, blocked, deleted",
            )
        }),
    }
}

/// Runs `f`, which yields a product and how the caller may see it, and answers that product.
pub(super) async fn answer_product<F>(
    state: &Data<AppState>,
    status: StatusCode,
    f: F,
) -> ApiResult<HttpResponse>
where
    F: FnOnce(&mut Conn, DateTime<Utc>) -> Result<(ProductRow, Access), CatalogError> + Send + 'static,
{
    let view = state
        .run(move |conn, now| {
            let (row, access) = f(conn, now)?;
            load_view(conn, row, access)
        })
        .await?;
    Ok(HttpResponse::build(status).json(ProductResponse::new(state, view)))
}

/// One product; the owner and administrators also see hidden, deleted and blocked ones.
#[utoipa::path(tag = "catalog", security((), ("bearer" = [])),
    responses((status = 200, body = ProductResponse), (status = 404)))]
#[get("/products/{id}")]
pub async fn get_product(
    state: Data<AppState>,
    viewer: MaybeAuthUser,
    id: Path<i64>,
) -> ApiResult<HttpResponse> {
    let (id, viewer) = (id.into_inner(), viewer.0.map(|u| u.id));
    answer_product(&state, StatusCode::OK, move |conn, _| product::visible(conn, viewer, id)).await
}

/// List a product (approved sellers).
#[utoipa::path(tag = "catalog", security(("bearer" = [])), request_body = CreateProductRequest,
    responses((status = 201, body = ProductResponse), (status = 400), (status = 403)))]
#[post("/products")]
pub async fn create_product(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<CreateProductRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let input = NewProduct {
        category_id: body.category_id,
        name: body.name,
        description: body.description,
        price: body.price,
        stock: body.stock,
        state: parse_state(body.state.as_deref())?,
    };
    answer_product(&state, StatusCode::CREATED, move |conn, now| {
        Ok((product::create(conn, me.id, input, now)?, Access::Owner))
    })
    .await
}

/// Change the caller's product.
#[utoipa::path(tag = "catalog", security(("bearer" = [])), request_body = UpdateProductRequest,
    responses((status = 200, body = ProductResponse), (status = 400), (status = 404), (status = 409)))]
#[patch("/products/{id}")]
pub async fn update_product(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    body: Json<UpdateProductRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let changes = ProductChanges {
        category_id: body.category_id,
        name: body.name,
        description: body.description,
        price: body.price,
        stock: body.stock,
        state: parse_state(body.state.as_deref())?,
    };
    let id = id.into_inner();
    answer_product(&state, StatusCode::OK, move |conn, now| {
        Ok((product::update(conn, me.id, id, changes, now)?, Access::Owner))
    })
    .await
}

/// Soft-delete the caller's product.
#[utoipa::path(tag = "catalog", security(("bearer" = [])), responses((status = 204), (status = 404)))]
#[delete("/products/{id}")]
pub async fn delete_product(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state.run(move |conn, now| product::delete(conn, me.id, id, now)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Restore the caller's deleted product.
#[utoipa::path(tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = ProductResponse), (status = 404), (status = 409)))]
#[post("/products/{id}/restore")]
pub async fn restore_product(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    answer_product(&state, StatusCode::OK, move |conn, now| {
        Ok((product::restore(conn, me.id, id, now)?, Access::Owner))
    })
    .await
}

/// Block a product (administrators): it leaves every list and its owner cannot change it.
#[utoipa::path(tag = "catalog", security(("bearer" = [])), request_body = Option<BlockRequest>,
    responses((status = 200, body = ProductResponse), (status = 403), (status = 404)))]
#[post("/admin/products/{id}/block")]
pub async fn block_product(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    body: OptionalJson<BlockRequest>,
) -> ApiResult<HttpResponse> {
    let (id, reason) = (id.into_inner(), body.into_inner().unwrap_or_default().reason);
    answer_product(&state, StatusCode::OK, move |conn, now| {
        Ok((product::block(conn, me.id, id, reason, now)?, Access::Admin))
    })
    .await
}

/// Lift a block (administrators).
#[utoipa::path(tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = ProductResponse), (status = 403), (status = 404)))]
#[post("/admin/products/{id}/unblock")]
pub async fn unblock_product(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    answer_product(&state, StatusCode::OK, move |conn, now| {
        Ok((product::unblock(conn, me.id, id, now)?, Access::Admin))
    })
    .await
}
