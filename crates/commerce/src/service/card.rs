//! Orders paid by card, through payments' verification hook.
//!
//! Checkout records the order with its lines `pending_payment` and a `ready` payment in one
//! transaction ([`record_payment`]); the handler then prepares the payment at PortOne outside
//! any transaction ([`prepare`]), undoing the order if PortOne refuses ([`discard`]). Payments
//! verifies the money and, in the same transaction as `ready → paid`, calls [`OrderPayments`]
//! (registered by the gateway for `purpose: order`): the lines move to `placed` and their cart
//! lines leave the cart. An abandoned payment (expired, or a wrong amount) cancels the lines
//! and releases the stock through the same hook. Refunds of card lines go back through PortOne
//! before the line moves ([`refund_line`]), once per line.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use praline_catalog::service::aggregate;
use praline_kernel::AppState;
use praline_kernel::db::{self, Conn};
use praline_payments::model::{Payment, Purpose};
use praline_payments::service::card::{self as payments_card, Cards, Checkout, NewCardPayment};
use praline_payments::service::hooks::{EffectError, PaymentEffect};

use super::order::{self, Actor, Move, OrderView};
use crate::error::CommerceError;
use crate::model::{LineStatus, OrderLineRow, OrderRow, PaymentMethod};
use crate::schema::{commerce_cart_lines, commerce_order_lines, commerce_orders};

/// How long a card order holds its stock while the buyer pays.
pub const PAYMENT_WINDOW_MINUTES: i64 = 30;

/// The refund of one order line at PortOne happens once under this reference.
pub fn refund_reference(line_id: i64) -> String {
    format!("order_line:{line_id}")
}

/// The payment window's title: the first product and how many more.
fn payment_name(names: &[String]) -> String {
    let name = match names {
        [] => "Praline".to_string(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} 외 {}건", rest.len()),
    };
    name.chars().take(100).collect()
}

/// Records the `ready` payment of a card order (inside the checkout's transaction) and keeps its
/// `merchant_uid` on the order.
pub fn record_payment(
    conn: &mut Conn,
    buyer_id: i64,
    order_id: i64,
    total: i64,
    names: &[String],
    now: DateTime<Utc>,
) -> Result<Payment, CommerceError> {
    if total <= 0 {
        return Err(CommerceError::invalid("payment", "An order without a price is paid with points."));
    }
    let merchant_uid = payments_card::new_merchant_uid(Purpose::Order, now);
    let new = NewCardPayment {
        user_id: buyer_id,
        purpose: Purpose::Order,
        order_id: Some(order_id),
        name: payment_name(names),
        amount: total,
        expires_at: Some(now + Duration::minutes(PAYMENT_WINDOW_MINUTES)),
    };
    let payment = payments_card::record(conn, &merchant_uid, &new, now)?;
    diesel::update(commerce_orders::table.find(order_id))
        .set(commerce_orders::merchant_uid.eq(&merchant_uid))
        .execute(conn)?;
    Ok(payment)
}

/// Removes a card order whose payment PortOne never registered: its stock back, its lines,
/// its payment and the order gone, so a failed checkout keeps nothing.
pub fn discard(conn: &mut Conn, order_id: i64) -> Result<(), CommerceError> {
    db::transaction(conn, |conn| {
        let Some(order) = OrderRow::find(conn, order_id)? else {
            return Ok(());
        };
        let lines = OrderLineRow::of_orders(conn, &[order_id])?;
        if lines.iter().any(|l| l.status() != LineStatus::PendingPayment) {
            return Err(CommerceError::Internal(format!("order {order_id} is not unpaid; it is kept")));
        }
        for line in &lines {
            match aggregate::release_stock(conn, line.product_id, line.amount) {
                Ok(_) | Err(praline_catalog::CatalogError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        }
        diesel::delete(commerce_order_lines::table.filter(commerce_order_lines::order_id.eq(order_id)))
            .execute(conn)?;
        if let Some(uid) = &order.merchant_uid {
            payments_card::discard(conn, uid)?;
        }
        diesel::delete(commerce_orders::table.find(order_id)).execute(conn)?;
        Ok(())
    })
}

/// Registers the card order's amount at PortOne and returns the window's request; when PortOne
/// fails the order is discarded and the error (502) returned.
pub async fn prepare(state: &AppState, cards: &Cards, view: &OrderView) -> Result<Checkout, CommerceError> {
    let payment = view
        .payment
        .as_ref()
        .ok_or_else(|| CommerceError::Internal("a card order without a payment".into()))?;
    match payments_card::prepare(state, cards, payment).await {
        Ok(checkout) => Ok(checkout),
        Err(error) => {
            let order_id = view.summary.order.id;
            db::run(&state.pool, move |conn| discard(conn, order_id)).await?;
            Err(error.into())
        }
    }
}

/// A card line's refund to send before moving it: `(merchant_uid, line_total)`, when the caller
/// may make this move and it refunds a card-paid line.
fn refund_plan(
    conn: &mut Conn,
    user_id: i64,
    line_id: i64,
    to: LineStatus,
) -> Result<Option<(String, i64)>, CommerceError> {
    let Some(line) = OrderLineRow::find(conn, line_id)? else {
        return Ok(None);
    };
    let actor = if line.buyer_id == user_id {
        Actor::Buyer
    } else if line.seller_id == user_id {
        Actor::Seller
    } else {
        return Ok(None);
    };
    let from = line.status();
    let refunds =
        matches!(to, LineStatus::Cancelled | LineStatus::Refunded) && from != LineStatus::PendingPayment;
    if from == to
        || !refunds
        || !order::allowed(actor, from, to, line.previous_status())
        || line.line_total <= 0
    {
        return Ok(None);
    }
    let order = OrderRow::find(conn, line.order_id)?.ok_or(CommerceError::NotFound)?;
    match (order.payment_method(), order.merchant_uid) {
        (PaymentMethod::Card, Some(uid)) => Ok(Some((uid, line.line_total))),
        _ => Ok(None),
    }
}

/// Before a line move that refunds a card-paid line: its `line_total` back at PortOne (a
/// partial cancel with the checksum), once per line. Nothing to do for points orders, moves
/// that refund nothing, or moves the caller may not make (the move itself answers those).
pub async fn refund_line(
    state: &AppState,
    user_id: i64,
    line_id: i64,
    to: LineStatus,
    reason: Option<String>,
) -> Result<(), CommerceError> {
    let plan = db::run(&state.pool, move |conn| refund_plan(conn, user_id, line_id, to)).await?;
    let Some((merchant_uid, amount)) = plan else {
        return Ok(());
    };
    let cards = state.settings.get::<Cards>().ok_or(CommerceError::CardUnavailable)?;
    let reason = reason.unwrap_or_else(|| format!("order line {line_id}"));
    match payments_card::refund(state, &cards, &merchant_uid, amount, &refund_reference(line_id), &reason)
        .await
    {
        Ok(_) => Ok(()),
        Err(error) => {
            // A racing request may have refunded and moved the line already: then the move
            // below is the harmless repeat it should be.
            let moved = db::run(&state.pool, move |conn| {
                Ok::<_, CommerceError>(OrderLineRow::find(conn, line_id)?.is_some_and(|l| l.status() == to))
            })
            .await?;
            if moved { Ok(()) } else { Err(error.into()) }
        }
    }
}

fn failed(error: CommerceError) -> EffectError {
    EffectError::Failed(error.to_string())
}

/// Payments' hook for `purpose: order` (registered by the gateway).
#[derive(Debug, Clone, Copy, Default)]
pub struct OrderPayments;

impl PaymentEffect for OrderPayments {
    /// The payment is verified: the order's unpaid lines become `placed`, the order paid, and
    /// its cart lines leave the cart. An order with no unpaid line left refuses the money.
    fn paid(&self, conn: &mut Conn, payment: &Payment, now: DateTime<Utc>) -> Result<(), EffectError> {
        let order_id = payment
            .order_id
            .ok_or_else(|| EffectError::Failed("an order payment without an order".into()))?;
        let order = OrderRow::find(conn, order_id)?.ok_or(EffectError::Closed)?;
        let lines = OrderLineRow::of_orders(conn, &[order_id])?;
        let mut placed = 0;
        for line in lines.into_iter().filter(|l| l.status() == LineStatus::PendingPayment) {
            match order::move_line(conn, line, Actor::System, LineStatus::Placed, Move::default(), now) {
                Ok(line) if line.status() == LineStatus::Placed => placed += 1,
                Ok(_) | Err(CommerceError::InvalidTransition { .. }) => {}
                Err(e) => return Err(failed(e)),
            }
        }
        if placed == 0 {
            return Err(EffectError::Closed);
        }
        diesel::update(commerce_orders::table.find(order_id))
            .set((
                commerce_orders::paid_at.eq(Some(now.naive_utc())),
                commerce_orders::updated_at.eq(now.naive_utc()),
            ))
            .execute(conn)?;
        let cart_line_ids: Vec<i64> = serde_json::from_str(&order.cart_line_ids).unwrap_or_default();
        if !cart_line_ids.is_empty() {
            diesel::delete(
                commerce_cart_lines::table
                    .filter(commerce_cart_lines::buyer_id.eq(order.buyer_id))
                    .filter(commerce_cart_lines::id.eq_any(&cart_line_ids)),
            )
            .execute(conn)?;
        }
        Ok(())
    }

    /// The payment will never come: the unpaid lines are cancelled and their stock released.
    fn abandoned(&self, conn: &mut Conn, payment: &Payment, now: DateTime<Utc>) -> Result<(), EffectError> {
        let Some(order_id) = payment.order_id else {
            return Ok(());
        };
        let lines = OrderLineRow::of_orders(conn, &[order_id])?;
        for line in lines.into_iter().filter(|l| l.status() == LineStatus::PendingPayment) {
            match order::move_line(conn, line, Actor::System, LineStatus::Cancelled, Move::default(), now) {
                Ok(_) | Err(CommerceError::InvalidTransition { .. }) => {}
                Err(e) => return Err(failed(e)),
            }
        }
        diesel::update(commerce_orders::table.find(order_id))
            .set(commerce_orders::updated_at.eq(now.naive_utc()))
            .execute(conn)?;
        Ok(())
    }
}
