//! HTTP for the commerce domain: one file per sub-resource, each with its DTOs beside its thin
//! handlers, the order shapes shared by them here, and [`configure`], the one place each route
//! is registered.
//!
//! The gateway registers `CommerceConfig` in the domain settings (the defaults apply otherwise).

mod admin;
mod cart;
mod orders;
mod seller;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use praline_catalog::http::SellerRef;
use praline_kernel::AppState;
use praline_kernel::clock::utc;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

pub use self::admin::{AdminOrderResponse, AdminOrderSummary, AdminOrdersQuery, BuyerRef};
pub use self::cart::{AddCartItemRequest, CartLineResponse, CartResponse, SetAmountRequest};
pub use self::orders::{PlaceOrderRequest, TransitionRequest};
pub use self::seller::{SellerBoardResponse, SellerLineResponse, SellerOrdersQuery, SellerStatsResponse};
use crate::model::{LineStatus, OrderLineRow, PaymentMethod};
use crate::service::CommerceConfig;
use crate::service::order::auto_confirm_at;
use crate::service::order::{OrderSummary, OrderView, Shipping};

/// Mounts this crate's routes (and so their OpenAPI operations); the gateway calls it inside
/// the `/api/v1` scope.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(cart::get_cart)
        .service(cart::add_cart_item)
        .service(cart::add_from_order)
        .service(cart::add_from_line)
        .service(cart::set_cart_amount)
        .service(cart::delete_cart_item)
        .service(cart::delete_cart_items)
        .service(orders::place_order)
        .service(orders::list_orders)
        .service(orders::get_order)
        .service(orders::cancel_order)
        .service(orders::transition_line)
        .service(seller::seller_orders)
        .service(seller::seller_stats)
        .service(admin::admin_orders)
        .service(admin::admin_order);
}

fn settings(state: &AppState) -> Arc<CommerceConfig> {
    state.settings.get::<CommerceConfig>().unwrap_or_default()
}

/// A shipping address on an order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShippingResponse {
    pub postal_code: String,
    pub address: String,
    pub detail_address: String,
    pub recipient: String,
    pub phone: String,
}

impl From<Shipping> for ShippingResponse {
    fn from(s: Shipping) -> Self {
        ShippingResponse {
            postal_code: s.postal_code,
            address: s.address,
            detail_address: s.detail_address,
            recipient: s.recipient,
            phone: s.phone,
        }
    }
}

/// One line of an order; seller, name, unit price and image are snapshots taken at checkout.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderLineResponse {
    pub id: i64,
    pub order_id: i64,
    pub product_id: i64,
    pub seller: SellerRef,
    pub name: String,
    pub unit_price: i64,
    pub image_url: Option<String>,
    pub amount: i64,
    pub line_total: i64,
    pub status: LineStatus,
    /// Only while `refund_requested`.
    pub previous_status: Option<LineStatus>,
    pub reason: Option<String>,
    pub tracking_number: Option<String>,
    pub status_changed_at: DateTime<Utc>,
    /// Only while `delivered`.
    pub auto_confirm_at: Option<DateTime<Utc>>,
}

impl OrderLineResponse {
    pub fn new(state: &AppState, line: OrderLineRow) -> OrderLineResponse {
        let status = line.status();
        OrderLineResponse {
            id: line.id,
            order_id: line.order_id,
            product_id: line.product_id,
            seller: SellerRef { user_id: line.seller_id, company_name: line.seller_company_name.clone() },
            image_url: line.image_key.as_deref().map(|k| state.storage.url(k)),
            amount: line.amount,
            line_total: line.line_total,
            status,
            previous_status: if status == LineStatus::RefundRequested {
                line.previous_status()
            } else {
                None
            },
            reason: line.reason.clone(),
            tracking_number: line.tracking_number.clone(),
            status_changed_at: utc(line.status_changed_at),
            auto_confirm_at: if status == LineStatus::Delivered {
                line.delivered_at.map(|d| utc(auto_confirm_at(d)))
            } else {
                None
            },
            unit_price: line.unit_price,
            name: line.name,
        }
    }
}

/// An order with its lines.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderResponse {
    pub id: i64,
    /// The aggregate of the lines' statuses.
    pub status: LineStatus,
    pub payment_method: PaymentMethod,
    pub total_price: i64,
    pub shipping: ShippingResponse,
    pub lines: Vec<OrderLineResponse>,
    /// The card payment (`checkout` only in the answer that made it); `null` for points orders.
    pub payment: Option<praline_payments::http::PaymentResponse>,
    pub created_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
}

impl OrderResponse {
    pub fn new(state: &AppState, view: OrderView) -> OrderResponse {
        let status = view.summary.status();
        let payment = view.payment.as_ref().map(|p| praline_payments::http::PaymentResponse::new(p, None));
        let OrderSummary { order, lines } = view.summary;
        OrderResponse {
            id: order.id,
            status,
            payment_method: order.payment_method(),
            total_price: order.total_price,
            shipping: view.shipping.into(),
            lines: lines.into_iter().map(|l| OrderLineResponse::new(state, l)).collect(),
            payment,
            created_at: utc(order.created_at),
            paid_at: order.paid_at.map(utc),
        }
    }
}

impl OrderResponse {
    /// With the payment window's `checkout` (only in the answer that made the payment).
    pub fn with_checkout(
        mut self,
        checkout: Option<praline_payments::service::card::Checkout>,
    ) -> OrderResponse {
        if let Some(payment) = self.payment.as_mut() {
            payment.checkout = checkout;
        }
        self
    }
}

/// The first line of an order, for lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct FirstLine {
    pub name: String,
    pub image_url: Option<String>,
}

/// An order in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderSummaryResponse {
    pub id: i64,
    pub status: LineStatus,
    pub payment_method: PaymentMethod,
    pub total_price: i64,
    pub line_count: i64,
    pub first_line: Option<FirstLine>,
    pub created_at: DateTime<Utc>,
}

impl OrderSummaryResponse {
    pub fn new(state: &AppState, summary: OrderSummary) -> OrderSummaryResponse {
        let status = summary.status();
        let first_line = summary.lines.first().map(|l| FirstLine {
            name: l.name.clone(),
            image_url: l.image_key.as_deref().map(|k| state.storage.url(k)),
        });
        OrderSummaryResponse {
            id: summary.order.id,
            status,
            payment_method: summary.order.payment_method(),
            total_price: summary.order.total_price,
            line_count: i64::try_from(summary.lines.len()).unwrap_or(i64::MAX),
            first_line,
            created_at: utc(summary.order.created_at),
        }
    }
}
