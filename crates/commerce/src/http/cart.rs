//! The cart: `GET /cart`, adding, setting amounts, removing, re-adding past orders.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, delete, get, patch, post};
use chrono::{DateTime, Utc};
use praline_catalog::http::SellerRef;
use praline_catalog::model::ProductState;
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::clock::utc;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::openapi;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::Object;

use crate::model::{MAX_AMOUNT, MAX_CART_LINES};
use crate::service::cart::{self, Cart, CartEntry, Skipped};

/// The live product of a cart line.
#[derive(Debug, Serialize, ToSchema)]
pub struct CartProduct {
    pub id: i64,
    pub name: String,
    pub price: i64,
    pub stock: i64,
    #[schema(value_type = String, example = "on_sale")]
    pub state: ProductState,
    pub thumbnail_url: Option<String>,
    pub seller: SellerRef,
}

/// A cart line.
#[derive(Debug, Serialize, ToSchema)]
pub struct CartLineResponse {
    pub id: i64,
    pub product_id: i64,
    /// Units, 1–999.
    pub amount: i64,
    /// `amount` × the current price.
    pub line_total: i64,
    /// False when the product is not on sale or `amount` exceeds today's stock.
    pub available: bool,
    /// `sold_out`, `discontinued`, `unavailable` or `insufficient_stock`; `null` when available.
    pub unavailable_reason: Option<String>,
    pub product: CartProduct,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CartLineResponse {
    pub fn new(state: &AppState, entry: CartEntry) -> CartLineResponse {
        let line_total = entry.line_total();
        let CartEntry { line, product: p, seller, unavailable_reason } = entry;
        CartLineResponse {
            id: line.id,
            product_id: line.product_id,
            amount: line.amount,
            line_total,
            available: unavailable_reason.is_none(),
            unavailable_reason: unavailable_reason.map(str::to_string),
            product: CartProduct {
                id: p.id,
                state: p.state(),
                thumbnail_url: p.thumbnail_key.as_deref().map(|k| state.storage.url(k)),
                seller: SellerRef {
                    user_id: p.seller_id,
                    company_name: seller.map(|s| s.company_name).unwrap_or_default(),
                },
                name: p.name,
                price: p.price,
                stock: p.stock,
            },
            created_at: utc(line.created_at),
            updated_at: utc(line.updated_at),
        }
    }
}

/// The whole cart.
#[derive(Debug, Serialize, ToSchema)]
pub struct CartResponse {
    /// Newest first.
    pub items: Vec<CartLineResponse>,
    pub count: i64,
    /// The sum of the available lines.
    pub total_price: i64,
}

impl CartResponse {
    fn new(state: &AppState, cart: Cart) -> CartResponse {
        let total_price = cart.total_price();
        let items: Vec<CartLineResponse> =
            cart.entries.into_iter().map(|e| CartLineResponse::new(state, e)).collect();
        CartResponse { count: i64::try_from(items.len()).unwrap_or(i64::MAX), items, total_price }
    }
}

/// `POST /cart/items`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddCartItemRequest {
    pub product_id: i64,
    /// Units to add, 1–999.
    #[schema(schema_with = openapi::int_range::<1, MAX_AMOUNT>)]
    pub amount: i64,
}

/// `PATCH /cart/items/{id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetAmountRequest {
    /// The new amount, 1–999 (sets, never adds).
    #[schema(schema_with = openapi::int_range::<1, MAX_AMOUNT>)]
    pub amount: i64,
}

/// Ids of cart lines, comma separated.
fn ids_schema() -> Object {
    openapi::pattern("^[0-9]{1,18}(,[0-9]{1,18}){0,99}$", false)
}

/// `DELETE /cart/items?ids=1,2,3`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DeleteCartItemsQuery {
    /// 1–100 cart line ids, comma separated.
    #[param(schema_with = ids_schema)]
    pub ids: String,
}

/// A product of a past order that could not go back into the cart.
#[derive(Debug, Serialize, ToSchema)]
pub struct SkippedResponse {
    pub product_id: i64,
    pub name: String,
    /// `product_unavailable`, `insufficient_stock`, `own_product`, `cart_full` or `invalid_input`.
    pub reason: String,
}

impl From<Skipped> for SkippedResponse {
    fn from(s: Skipped) -> Self {
        SkippedResponse { product_id: s.product_id, name: s.name, reason: s.reason.to_string() }
    }
}

/// `POST /cart/items/from-order/{order_id}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct FromOrderResponse {
    pub added: Vec<CartLineResponse>,
    pub skipped: Vec<SkippedResponse>,
}

fn parse_ids(raw: &str) -> ApiResult<Vec<i64>> {
    let ids: Result<Vec<i64>, _> = raw.split(',').map(|s| s.trim().parse::<i64>()).collect();
    match ids {
        Ok(ids) if !ids.is_empty() && ids.len() <= usize::try_from(MAX_CART_LINES).unwrap_or(100) => Ok(ids),
        _ => Err(ApiError::invalid_field("ids", "Give 1 to 100 cart line ids, comma separated.")),
    }
}

fn answer_line(state: &AppState, entry: CartEntry, created: bool) -> HttpResponse {
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    HttpResponse::build(status).json(CartLineResponse::new(state, entry))
}

/// The caller's cart, newest first, with live product data.
#[utoipa::path(tag = "commerce", security(("bearer" = [])), responses((status = 200, body = CartResponse)))]
#[get("/cart")]
pub async fn get_cart(state: Data<AppState>, me: AuthUser) -> ApiResult<HttpResponse> {
    let cart = state.run(move |conn, _| cart::view(conn, me.id)).await?;
    Ok(HttpResponse::Ok().json(CartResponse::new(&state, cart)))
}

/// Add a product: 201 for a new line, 200 when merged into the existing one.
#[utoipa::path(tag = "commerce", security(("bearer" = [])), request_body = AddCartItemRequest,
    responses((status = 201, body = CartLineResponse), (status = 200, body = CartLineResponse), (status = 400),
        (status = 403), (status = 404), (status = 409)))]
#[post("/cart/items")]
pub async fn add_cart_item(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<AddCartItemRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let (entry, created) =
        state.run(move |conn, now| cart::add(conn, me.id, body.product_id, body.amount, now)).await?;
    Ok(answer_line(&state, entry, created))
}

/// Put every line of one of the caller's orders back into the cart.
#[utoipa::path(tag = "commerce", security(("bearer" = [])),
    responses((status = 200, body = FromOrderResponse), (status = 404)))]
#[post("/cart/items/from-order/{order_id}")]
pub async fn add_from_order(
    state: Data<AppState>,
    me: AuthUser,
    order_id: Path<i64>,
) -> ApiResult<HttpResponse> {
    let order_id = order_id.into_inner();
    let (added, skipped) =
        state.run(move |conn, now| cart::add_from_order(conn, me.id, order_id, now)).await?;
    Ok(HttpResponse::Ok().json(FromOrderResponse {
        added: added.into_iter().map(|e| CartLineResponse::new(&state, e)).collect(),
        skipped: skipped.into_iter().map(SkippedResponse::from).collect(),
    }))
}

/// Put one of the caller's order lines back into the cart.
#[utoipa::path(tag = "commerce", security(("bearer" = [])),
    responses((status = 201, body = CartLineResponse), (status = 200, body = CartLineResponse), (status = 400),
        (status = 403), (status = 404), (status = 409)))]
#[post("/cart/items/from-line/{line_id}")]
pub async fn add_from_line(
    state: Data<AppState>,
    me: AuthUser,
    line_id: Path<i64>,
) -> ApiResult<HttpResponse> {
    let line_id = line_id.into_inner();
    let (entry, created) = state.run(move |conn, now| cart::add_from_line(conn, me.id, line_id, now)).await?;
    Ok(answer_line(&state, entry, created))
}

/// Set the amount of one of the caller's lines.
#[utoipa::path(tag = "commerce", security(("bearer" = [])), request_body = SetAmountRequest,
    responses((status = 200, body = CartLineResponse), (status = 400), (status = 404), (status = 409)))]
#[patch("/cart/items/{id}")]
pub async fn set_cart_amount(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    body: Json<SetAmountRequest>,
) -> ApiResult<HttpResponse> {
    let (id, amount) = (id.into_inner(), body.into_inner().amount);
    let entry = state.run(move |conn, now| cart::set_amount(conn, me.id, id, amount, now)).await?;
    Ok(HttpResponse::Ok().json(CartLineResponse::new(&state, entry)))
}

/// Remove one of the caller's lines.
#[utoipa::path(tag = "commerce", security(("bearer" = [])), responses((status = 204), (status = 404)))]
#[delete("/cart/items/{id}")]
pub async fn delete_cart_item(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    state.run(move |conn, _| cart::remove(conn, me.id, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove several of the caller's lines; ids that are not the caller's lines are skipped.
#[utoipa::path(tag = "commerce", security(("bearer" = [])), params(DeleteCartItemsQuery),
    responses((status = 204), (status = 400)))]
#[delete("/cart/items")]
pub async fn delete_cart_items(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<DeleteCartItemsQuery>,
) -> ApiResult<HttpResponse> {
    let ids = parse_ids(&query.into_inner().ids)?;
    state.run(move |conn, _| cart::remove_many(conn, me.id, &ids)).await?;
    Ok(HttpResponse::NoContent().finish())
}
