//! HTTP for the catalog domain: request/response DTOs, thin handlers, [`configure`].
//!
//! The gateway registers the shared count cache (`Data<CountCache>`, see
//! [`CountCache::from_config`]).

use actix_web::http::StatusCode;
use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, delete, get, patch, post, put};
use chrono::{DateTime, Utc};
use praline_kernel::AppState;
use praline_kernel::auth::{AuthUser, MaybeAuthUser};
use praline_kernel::clock::utc;
use praline_kernel::db::Conn;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::extract::OptionalJson;
use praline_kernel::openapi::{self, ImageUpload};
use praline_kernel::page::{MAX_PER_PAGE, Page, PageQuery};
use praline_kernel::text::query_text;
use praline_kernel::upload::{remove_files, replace_image};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::Object;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::CatalogError;
use crate::model::{
    CategoryRow, ImageRow, MAX_CATEGORY_CHARS, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_PRICE,
    MAX_REASON_CHARS, MAX_STOCK, ProductRow, ProductState, Sort,
};
use crate::service::listing::{self, CountCache, Filter, Listed};
use crate::service::product::{self, Access, NewProduct, ProductChanges};
use crate::service::{category, image};

// ---- DTOs ----

/// A category with the number of products the public sees in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryResponse {
    pub id: i64,
    pub name: String,
    pub product_count: i64,
}

/// `name` of a category.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryRequest {
    #[schema(schema_with = openapi::text::<1, MAX_CATEGORY_CHARS>)]
    pub name: String,
}

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
    fn new(state: &AppState, listed: Listed) -> ProductSummary {
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
    fn new(state: &AppState, row: &ImageRow) -> ImageResponse {
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
struct ProductView {
    listed: Listed,
    images: Vec<ImageRow>,
    category: Option<CategoryRow>,
    access: Access,
}

fn load_view(conn: &mut Conn, product: ProductRow, access: Access) -> Result<ProductView, CatalogError> {
    let images = ImageRow::of_product(conn, product.id)?;
    let category = CategoryRow::find(conn, product.category_id)?;
    let listed = listing::with_sellers(conn, vec![product])?.pop().ok_or(CatalogError::NotFound)?;
    Ok(ProductView { listed, images, category, access })
}

impl ProductResponse {
    fn new(state: &AppState, view: ProductView) -> ProductResponse {
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

fn parse_state(raw: Option<&str>) -> ApiResult<Option<ProductState>> {
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

fn parse_sort(raw: Option<&str>) -> ApiResult<Sort> {
    Sort::parse(raw).map_err(ApiError::from)
}

// ---- Categories ----

/// Every category with its number of listed products.
#[utoipa::path(tag = "catalog", responses((status = 200, body = Vec<CategoryResponse>)))]
#[get("/categories")]
pub async fn list_categories(state: Data<AppState>) -> ApiResult<HttpResponse> {
    let categories = state.run(|conn, _| category::list(conn)).await?;
    let body: Vec<CategoryResponse> = categories
        .into_iter()
        .map(|c| CategoryResponse {
            id: c.category.id,
            name: c.category.name,
            product_count: c.product_count,
        })
        .collect();
    Ok(HttpResponse::Ok().json(body))
}

/// Add a category (administrators).
#[utoipa::path(tag = "catalog", security(("bearer" = [])), request_body = CategoryRequest,
    responses((status = 201, body = CategoryResponse), (status = 400), (status = 403), (status = 409)))]
#[post("/admin/categories")]
pub async fn create_category(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<CategoryRequest>,
) -> ApiResult<HttpResponse> {
    let row = state.run(move |conn, now| category::create(conn, me.id, &body.name, now)).await?;
    Ok(HttpResponse::Created().json(CategoryResponse { id: row.id, name: row.name, product_count: 0 }))
}

/// Rename a category (administrators).
#[utoipa::path(tag = "catalog", security(("bearer" = [])), request_body = CategoryRequest,
    responses((status = 200, body = CategoryResponse), (status = 403), (status = 404), (status = 409)))]
#[patch("/admin/categories/{id}")]
pub async fn rename_category(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    body: Json<CategoryRequest>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let (row, count) = state
        .run(move |conn, _| {
            let row = category::rename(conn, me.id, id, &body.name)?;
            Ok::<_, CatalogError>((row, category::product_count(conn, id)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(CategoryResponse { id: row.id, name: row.name, product_count: count }))
}

/// Delete an unused category (administrators); 409 `category_in_use` otherwise.
#[utoipa::path(tag = "catalog", security(("bearer" = [])),
    responses((status = 204), (status = 403), (status = 404), (status = 409)))]
#[delete("/admin/categories/{id}")]
pub async fn delete_category(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state.run(move |conn, _| category::delete(conn, me.id, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

// ---- Lists ----

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

// ---- Products ----

/// Runs `f`, which yields a product and how the caller may see it, and answers that product.
async fn answer_product<F>(state: &Data<AppState>, status: StatusCode, f: F) -> ApiResult<HttpResponse>
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

/// Replace the thumbnail (multipart `image`: JPEG, PNG, WebP or GIF, ≤ 5 MB, ≤ 4096×4096).
#[utoipa::path(tag = "catalog", security(("bearer" = [])),
    request_body(content = ImageUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = ProductResponse), (status = 404), (status = 409), (status = 413), (status = 415)))]
#[put("/products/{id}/thumbnail")]
pub async fn put_thumbnail(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    payload: actix_multipart::Multipart,
) -> ApiResult<HttpResponse> {
    let (id, st) = (id.into_inner(), state.clone());
    let view = replace_image(&state.storage, payload, move |key| async move {
        st.run(move |conn, now| {
            let (row, old) = image::set_thumbnail(conn, me.id, id, &key, now)?;
            Ok::<_, CatalogError>((load_view(conn, row, Access::Owner)?, old))
        })
        .await
    })
    .await?;
    Ok(HttpResponse::Ok().json(ProductResponse::new(&state, view)))
}

/// Add a detail image (multipart `image`); at most 10 per product.
#[utoipa::path(tag = "catalog", security(("bearer" = [])),
    request_body(content = ImageUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = ImageResponse), (status = 404), (status = 409), (status = 413), (status = 415)))]
#[post("/products/{id}/images")]
pub async fn add_image(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    payload: actix_multipart::Multipart,
) -> ApiResult<HttpResponse> {
    let (id, st) = (id.into_inner(), state.clone());
    let row = replace_image(&state.storage, payload, move |key| async move {
        let row = st.run(move |conn, now| image::add_image(conn, me.id, id, &key, now)).await?;
        Ok((row, None))
    })
    .await?;
    Ok(HttpResponse::Created().json(ImageResponse::new(&state, &row)))
}

/// Remove a detail image.
#[utoipa::path(tag = "catalog", security(("bearer" = [])),
    responses((status = 204), (status = 404)))]
#[delete("/products/{id}/images/{image_id}")]
pub async fn delete_image(
    state: Data<AppState>,
    me: AuthUser,
    path: Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (id, image_id) = path.into_inner();
    let key = state.run(move |conn, now| image::delete_image(conn, me.id, id, image_id, now)).await?;
    remove_files(&state.storage, vec![key]).await;
    Ok(HttpResponse::NoContent().finish())
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

/// Mounts this crate's routes, and so their OpenAPI operations; the gateway calls it inside the
/// `/api/v1` scope.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_categories)
        .service(create_category)
        .service(rename_category)
        .service(delete_category)
        .service(list_products)
        .service(create_product)
        .service(get_product)
        .service(update_product)
        .service(delete_product)
        .service(restore_product)
        .service(put_thumbnail)
        .service(add_image)
        .service(delete_image)
        .service(seller_products)
        .service(block_product)
        .service(unblock_product);
}
