//! Row types and their queries, as `impl` blocks on the rows; the line statuses and the order's
//! aggregate status rule.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use praline_kernel::db::Conn;
use serde::{Deserialize, Serialize};

use crate::schema::{commerce_cart_lines, commerce_order_lines, commerce_orders};

/// Most units of one product on a cart or order line.
pub const MAX_AMOUNT: i64 = 999;
/// Most lines in a cart.
pub const MAX_CART_LINES: i64 = 100;
/// Most cart lines one checkout takes.
pub const MAX_CHECKOUT_LINES: usize = 100;
/// Longest reason kept with a cancel or refund move.
pub const MAX_REASON_CHARS: usize = 200;
/// Longest tracking number.
pub const MAX_TRACKING_CHARS: usize = 100;
/// Days after delivery when a line confirms by itself.
pub const AUTO_CONFIRM_DAYS: i64 = 7;

/// An order line's status (SPEC §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    PendingPayment,
    Placed,
    Preparing,
    Shipped,
    Delivered,
    Confirmed,
    Cancelled,
    RefundRequested,
    Refunded,
}

impl LineStatus {
    pub const ALL: [LineStatus; 9] = [
        LineStatus::PendingPayment,
        LineStatus::Placed,
        LineStatus::Preparing,
        LineStatus::Shipped,
        LineStatus::Delivered,
        LineStatus::Confirmed,
        LineStatus::Cancelled,
        LineStatus::RefundRequested,
        LineStatus::Refunded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LineStatus::PendingPayment => "pending_payment",
            LineStatus::Placed => "placed",
            LineStatus::Preparing => "preparing",
            LineStatus::Shipped => "shipped",
            LineStatus::Delivered => "delivered",
            LineStatus::Confirmed => "confirmed",
            LineStatus::Cancelled => "cancelled",
            LineStatus::RefundRequested => "refund_requested",
            LineStatus::Refunded => "refunded",
        }
    }

    pub fn parse(raw: &str) -> Option<LineStatus> {
        LineStatus::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// Closed without money kept: cancelled or refunded.
    pub fn is_closed(self) -> bool {
        matches!(self, LineStatus::Cancelled | LineStatus::Refunded)
    }
}

/// How an order is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Points,
    Card,
}

impl PaymentMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Points => "points",
            PaymentMethod::Card => "card",
        }
    }

    pub fn parse(raw: &str) -> Option<PaymentMethod> {
        match raw {
            "points" => Some(PaymentMethod::Points),
            "card" => Some(PaymentMethod::Card),
            _ => None,
        }
    }
}

/// The order's status from its lines' (API.md): the lines' status when they agree; all closed
/// → `refunded` if any was refunded, else `cancelled`; otherwise the first of pending_payment,
/// refund_requested, placed, preparing, shipped, delivered, confirmed held by an open line.
pub fn aggregate_status(lines: &[LineStatus]) -> LineStatus {
    let Some(first) = lines.first() else {
        return LineStatus::Cancelled;
    };
    if lines.iter().all(|s| s == first) {
        return *first;
    }
    if lines.iter().all(|s| s.is_closed()) {
        return if lines.contains(&LineStatus::Refunded) {
            LineStatus::Refunded
        } else {
            LineStatus::Cancelled
        };
    }
    const PRIORITY: [LineStatus; 7] = [
        LineStatus::PendingPayment,
        LineStatus::RefundRequested,
        LineStatus::Placed,
        LineStatus::Preparing,
        LineStatus::Shipped,
        LineStatus::Delivered,
        LineStatus::Confirmed,
    ];
    PRIORITY.into_iter().find(|p| lines.contains(p)).unwrap_or(LineStatus::Cancelled)
}

/// A cart line.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = commerce_cart_lines)]
pub struct CartLineRow {
    pub id: i64,
    pub buyer_id: i64,
    pub product_id: i64,
    pub amount: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl CartLineRow {
    /// A buyer's cart, newest first.
    pub fn of_buyer(conn: &mut Conn, buyer_id: i64) -> QueryResult<Vec<CartLineRow>> {
        commerce_cart_lines::table
            .filter(commerce_cart_lines::buyer_id.eq(buyer_id))
            .order((commerce_cart_lines::created_at.desc(), commerce_cart_lines::id.desc()))
            .select(CartLineRow::as_select())
            .load(conn)
    }

    /// One of the buyer's lines (another buyer's line is not found).
    pub fn owned(conn: &mut Conn, buyer_id: i64, id: i64) -> QueryResult<Option<CartLineRow>> {
        commerce_cart_lines::table
            .filter(commerce_cart_lines::id.eq(id))
            .filter(commerce_cart_lines::buyer_id.eq(buyer_id))
            .select(CartLineRow::as_select())
            .first(conn)
            .optional()
    }

    /// The buyer's line of a product.
    pub fn of_product(conn: &mut Conn, buyer_id: i64, product_id: i64) -> QueryResult<Option<CartLineRow>> {
        commerce_cart_lines::table
            .filter(commerce_cart_lines::buyer_id.eq(buyer_id))
            .filter(commerce_cart_lines::product_id.eq(product_id))
            .select(CartLineRow::as_select())
            .first(conn)
            .optional()
    }

    /// The buyer's lines among `ids`.
    pub fn owned_many(conn: &mut Conn, buyer_id: i64, ids: &[i64]) -> QueryResult<Vec<CartLineRow>> {
        commerce_cart_lines::table
            .filter(commerce_cart_lines::buyer_id.eq(buyer_id))
            .filter(commerce_cart_lines::id.eq_any(ids))
            .select(CartLineRow::as_select())
            .load(conn)
    }

    /// How many lines the buyer's cart holds.
    pub fn count_of(conn: &mut Conn, buyer_id: i64) -> QueryResult<i64> {
        commerce_cart_lines::table.filter(commerce_cart_lines::buyer_id.eq(buyer_id)).count().get_result(conn)
    }
}

/// An order row (shipping still sealed).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = commerce_orders)]
pub struct OrderRow {
    pub id: i64,
    pub buyer_id: i64,
    pub payment_method: String,
    pub total_price: i64,
    pub shipping_postal_code_sealed: String,
    pub shipping_address_sealed: String,
    pub shipping_detail_address_sealed: String,
    pub shipping_recipient_sealed: String,
    pub shipping_phone_sealed: String,
    pub merchant_uid: Option<String>,
    pub cart_line_ids: String,
    pub paid_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl OrderRow {
    pub fn payment_method(&self) -> PaymentMethod {
        PaymentMethod::parse(&self.payment_method).unwrap_or(PaymentMethod::Points)
    }

    pub fn find(conn: &mut Conn, id: i64) -> QueryResult<Option<OrderRow>> {
        commerce_orders::table.find(id).select(OrderRow::as_select()).first(conn).optional()
    }

    /// One of the buyer's orders (another buyer's order is not found).
    pub fn owned(conn: &mut Conn, buyer_id: i64, id: i64) -> QueryResult<Option<OrderRow>> {
        commerce_orders::table
            .filter(commerce_orders::id.eq(id))
            .filter(commerce_orders::buyer_id.eq(buyer_id))
            .select(OrderRow::as_select())
            .first(conn)
            .optional()
    }

    /// Several orders in one query, in no particular order.
    pub fn many(conn: &mut Conn, ids: &[i64]) -> QueryResult<Vec<OrderRow>> {
        commerce_orders::table
            .filter(commerce_orders::id.eq_any(ids))
            .select(OrderRow::as_select())
            .load(conn)
    }
}

/// An order line row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = commerce_order_lines)]
pub struct OrderLineRow {
    pub id: i64,
    pub order_id: i64,
    pub buyer_id: i64,
    pub seller_id: i64,
    pub product_id: i64,
    pub seller_company_name: String,
    pub name: String,
    pub unit_price: i64,
    pub image_key: Option<String>,
    pub amount: i64,
    pub line_total: i64,
    pub status: String,
    pub previous_status: Option<String>,
    pub reason: Option<String>,
    pub tracking_number: Option<String>,
    pub status_changed_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
    pub confirmed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl OrderLineRow {
    pub fn status(&self) -> LineStatus {
        LineStatus::parse(&self.status).unwrap_or(LineStatus::Cancelled)
    }

    pub fn previous_status(&self) -> Option<LineStatus> {
        self.previous_status.as_deref().and_then(LineStatus::parse)
    }

    pub fn find(conn: &mut Conn, id: i64) -> QueryResult<Option<OrderLineRow>> {
        commerce_order_lines::table.find(id).select(OrderLineRow::as_select()).first(conn).optional()
    }

    /// The lines of several orders in one query, by order then id.
    pub fn of_orders(conn: &mut Conn, order_ids: &[i64]) -> QueryResult<Vec<OrderLineRow>> {
        commerce_order_lines::table
            .filter(commerce_order_lines::order_id.eq_any(order_ids))
            .order((commerce_order_lines::order_id, commerce_order_lines::id))
            .select(OrderLineRow::as_select())
            .load(conn)
    }
}
