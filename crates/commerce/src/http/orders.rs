//! Orders: checkout (`POST /orders`, behind an `Idempotency-Key`), the buyer's orders, the
//! unpaid order's cancel, and line transitions.

use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Data, Json, Path, Query};
use actix_web::{HttpRequest, HttpResponse, get, post};
use praline_accounts::AccountsConfig;
use praline_accounts::model::Phone;
use praline_accounts::service::address::{
    ADDRESS_MAX, AddressInput, DETAIL_ADDRESS_MAX, POSTAL_CODE_DIGITS, RECIPIENT_MAX,
};
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::extract::parse_json;
use praline_kernel::idempotency;
use praline_kernel::openapi;
use praline_kernel::page::{MAX_PER_PAGE, Page, PageQuery};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa::openapi::schema::Object;

use super::{OrderLineResponse, OrderResponse, OrderSummaryResponse};
use crate::error::CommerceError;
use crate::model::{LineStatus, MAX_AMOUNT, MAX_REASON_CHARS, MAX_TRACKING_CHARS, PaymentMethod};
use crate::service::Env;
use crate::service::card;
use crate::service::checkout::{self, Items, PlaceOrder, ShipTo};
use crate::service::order::{self, Move};

/// A "buy now" product.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BuyNowRequest {
    pub product_id: i64,
    /// Units, 1–999.
    #[schema(schema_with = openapi::int_range::<1, MAX_AMOUNT>)]
    pub amount: i64,
}

/// Five digits, blanks around ignored.
fn postal_code_schema() -> Object {
    let blank = openapi::BLANK;
    openapi::pattern(&format!("^{blank}*[0-9]{{{POSTAL_CODE_DIGITS}}}{blank}*$"), false)
}

/// A new shipping address, optionally saved to the address book.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAddressRequest {
    #[schema(schema_with = postal_code_schema)]
    pub postal_code: String,
    #[schema(schema_with = openapi::text::<1, ADDRESS_MAX>)]
    pub address: String,
    #[schema(schema_with = openapi::nullable_text::<0, DETAIL_ADDRESS_MAX>)]
    pub detail_address: Option<String>,
    #[schema(schema_with = openapi::text::<1, RECIPIENT_MAX>)]
    pub recipient: String,
    #[schema(schema_with = Phone::schema)]
    pub phone: String,
    /// Also save it to the address book (at most 5 addresses).
    pub save: Option<bool>,
}

fn payment_schema() -> Object {
    openapi::one_of(&["points", "card"], false)
}

/// `POST /orders`: exactly one of `cart_item_ids` or `buy_now`, exactly one of `address_id` or
/// `new_address`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceOrderRequest {
    /// 1–100 of the caller's cart line ids.
    #[schema(min_items = 1, max_items = 100)]
    pub cart_item_ids: Option<Vec<i64>>,
    pub buy_now: Option<BuyNowRequest>,
    /// One of the caller's saved addresses.
    pub address_id: Option<i64>,
    pub new_address: Option<NewAddressRequest>,
    /// `points` or `card`.
    #[schema(schema_with = payment_schema)]
    pub payment: String,
}

impl PlaceOrderRequest {
    fn parse(self) -> ApiResult<PlaceOrder> {
        let items = match (self.cart_item_ids, self.buy_now) {
            (Some(ids), None) => {
                if ids.is_empty() || ids.len() > 100 {
                    return Err(ApiError::invalid_field("cart_item_ids", "Choose 1 to 100 cart lines."));
                }
                Items::Cart(ids)
            }
            (None, Some(b)) => Items::BuyNow { product_id: b.product_id, amount: b.amount },
            _ => {
                return Err(ApiError::invalid_field(
                    "cart_item_ids",
                    "Send exactly one of cart_item_ids or buy_now.",
                ));
            }
        };
        let ship_to = match (self.address_id, self.new_address) {
            (Some(id), None) => ShipTo::Saved(id),
            (None, Some(a)) => {
                let address = AddressInput::parse(
                    &a.postal_code,
                    &a.address,
                    a.detail_address.as_deref(),
                    &a.recipient,
                    &a.phone,
                    false,
                )
                .map_err(ApiError::from)?;
                ShipTo::New { address, save: a.save.unwrap_or(false) }
            }
            _ => {
                return Err(ApiError::invalid_field(
                    "address_id",
                    "Send exactly one of address_id or new_address.",
                ));
            }
        };
        let payment = PaymentMethod::parse(&self.payment)
            .ok_or_else(|| ApiError::invalid_field("payment", "payment is points or card"))?;
        Ok(PlaceOrder { items, ship_to, payment })
    }
}

/// The `Idempotency-Key` header of `POST /orders`.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)] // Documents the header; the kernel reads it from the request.
pub struct IdempotencyHeader {
    /// 1–255 visible ASCII characters: a fresh UUID per checkout attempt, reused only to retry it.
    #[param(rename = "Idempotency-Key", schema_with = key_schema)]
    pub idempotency_key: String,
}

fn key_schema() -> Object {
    openapi::pattern(idempotency::KEY_PATTERN, false)
}

/// Check out: one transaction takes the stock and the points and writes the order. Repeats of
/// the same `Idempotency-Key` answer the first result.
#[utoipa::path(tag = "commerce", security(("bearer" = [])), params(IdempotencyHeader),
    request_body = PlaceOrderRequest,
    responses((status = 201, body = OrderResponse), (status = 400), (status = 402), (status = 403), (status = 404),
        (status = 409), (status = 422), (status = 502), (status = 503)))]
#[post("/orders")]
pub async fn place_order(
    state: Data<AppState>,
    me: AuthUser,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let scope = format!("user:{}", me.id);
    let (work_state, work_req, work_body) = (state.clone(), req.clone(), body.clone());
    idempotency::respond(&state, &req, scope, &body, move |claimed| async move {
        let input = parse_json::<PlaceOrderRequest>(&work_req, &work_body)?.parse()?;
        // Card payments not configured: 503 before anything is reserved.
        let cards = match input.payment {
            PaymentMethod::Card => Some(praline_payments::http::cards(&work_state)?),
            PaymentMethod::Points => None,
        };
        let accounts = work_state
            .settings
            .get::<AccountsConfig>()
            .ok_or_else(|| ApiError::internal("the [accounts] settings were not loaded"))?;
        let (secrets, now, answer_state) =
            (work_state.secrets.clone(), work_state.clock.now(), work_state.clone());
        let by_points = cards.is_none();
        let (view, answered) = praline_kernel::db::run(&work_state.pool, move |conn| {
            let env = Env { now, secrets: &secrets, accounts: &accounts };
            // Points: the order is final here, so its answer commits with it.
            checkout::place_order_then(conn, &env, me.id, input, |conn, view| {
                if !by_points {
                    return Ok(None);
                }
                let response = OrderResponse::new(&answer_state, view.clone());
                let text =
                    serde_json::to_string(&response).map_err(|e| CommerceError::Internal(e.to_string()))?;
                claimed.settle(conn, StatusCode::CREATED, &text)?;
                Ok(Some(text))
            })
        })
        .await
        .map_err(ApiError::from)?;
        if let Some(text) = answered {
            return Ok(idempotency::Answer::settled(StatusCode::CREATED, text));
        }
        // Card: PortOne learns the amount now, outside the transaction; a refusal undoes the order.
        let checkout = match &cards {
            Some(cards) => Some(card::prepare(&work_state, cards, &view).await.map_err(ApiError::from)?),
            None => None,
        };
        let response = OrderResponse::new(&work_state, view).with_checkout(checkout);
        let text = serde_json::to_string(&response).map_err(ApiError::internal)?;
        Ok(idempotency::Answer::new(StatusCode::CREATED, text))
    })
    .await
}

/// `GET /orders`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OrdersQuery {
    /// 1-based page number (default 1).
    #[param(schema_with = openapi::int_min::<1>)]
    pub page: Option<i64>,
    /// Items per page (default 20).
    #[param(schema_with = openapi::int_range::<1, MAX_PER_PAGE>)]
    pub per_page: Option<i64>,
}

/// The caller's orders, newest first.
#[utoipa::path(tag = "commerce", security(("bearer" = [])), params(OrdersQuery),
    responses((status = 200, body = Page<OrderSummaryResponse>), (status = 400)))]
#[get("/orders")]
pub async fn list_orders(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<OrdersQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = PageQuery { page: query.page, per_page: query.per_page }.validate()?;
    let page = state.run(move |conn, _| order::list(conn, me.id, page)).await?;
    Ok(HttpResponse::Ok().json(page.map(|s| OrderSummaryResponse::new(&state, s))))
}

/// One of the caller's orders.
#[utoipa::path(tag = "commerce", security(("bearer" = [])), responses((status = 200, body = OrderResponse), (status = 404)))]
#[get("/orders/{id}")]
pub async fn get_order(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let (id, secrets) = (id.into_inner(), state.secrets.clone());
    let view = state.run(move |conn, _| order::view_of_buyer(conn, &secrets, me.id, id)).await?;
    Ok(HttpResponse::Ok().json(OrderResponse::new(&state, view)))
}

/// Abandon one of the caller's unpaid orders (only while `pending_payment`).
#[utoipa::path(tag = "commerce", security(("bearer" = [])),
    responses((status = 200, body = OrderResponse), (status = 404), (status = 409)))]
#[post("/orders/{id}/cancel")]
pub async fn cancel_order(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let (id, secrets) = (id.into_inner(), state.secrets.clone());
    let view = state.run(move |conn, now| order::cancel(conn, &secrets, me.id, id, now)).await?;
    Ok(HttpResponse::Ok().json(OrderResponse::new(&state, view)))
}

/// `POST /order-lines/{id}/transitions`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    /// The status to move to.
    pub to: LineStatus,
    /// Kept with cancel and refund moves.
    #[schema(schema_with = openapi::nullable_text::<0, MAX_REASON_CHARS>)]
    pub reason: Option<String>,
    /// Kept with `shipped`.
    #[schema(schema_with = openapi::nullable_text::<0, MAX_TRACKING_CHARS>)]
    pub tracking_number: Option<String>,
}

/// Move an order line (its buyer or its seller, by API.md's table).
#[utoipa::path(tag = "commerce", security(("bearer" = [])), request_body = TransitionRequest,
    responses((status = 200, body = OrderLineResponse), (status = 400), (status = 404), (status = 409), (status = 502)))]
#[post("/order-lines/{id}/transitions")]
pub async fn transition_line(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    body: Json<TransitionRequest>,
) -> ApiResult<HttpResponse> {
    let (id, body) = (id.into_inner(), body.into_inner());
    let requested =
        Move::parse(body.reason.as_deref(), body.tracking_number.as_deref()).map_err(ApiError::from)?;
    // A card-paid line's money goes back at PortOne first (502 and the line unchanged if not).
    card::refund_line(&state, me.id, id, body.to, requested.reason.clone()).await?;
    let line =
        state.run(move |conn, now| order::transition(conn, me.id, id, body.to, requested, now)).await?;
    Ok(HttpResponse::Ok().json(OrderLineResponse::new(&state, line)))
}
