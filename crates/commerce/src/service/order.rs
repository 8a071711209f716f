//! The buyer's orders and the order-line state machine (API.md "Line transitions").
//!
//! Every move is one conditional update on the old status (`UPDATE … WHERE id = ? AND status =
//! ?`) with its effects in the same transaction, so of two racing moves one wins and the other
//! sees the new status: the same `to` again answers the line unchanged (no second refund), any
//! other is 409 `invalid_transition`. Refunds go to the buyer; restock goes through catalog's
//! `release_stock`, which never changes a deleted, hidden, discontinued or blocked state.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use praline_catalog::CatalogError;
use praline_catalog::service::aggregate;
use praline_kernel::crypto::Secrets;
use praline_kernel::db::{self, Conn};
use praline_kernel::page::{Page, PageRequest};
use praline_payments::model::{EntryKind, Reference, ReferenceKind};

use crate::error::CommerceError;
use crate::model::{
    AUTO_CONFIRM_DAYS, LineStatus, MAX_REASON_CHARS, MAX_TRACKING_CHARS, OrderLineRow, OrderRow,
    PaymentMethod, aggregate_status,
};
use crate::schema::{commerce_order_lines, commerce_orders};

/// A shipping address, opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shipping {
    pub postal_code: String,
    pub address: String,
    pub detail_address: String,
    pub recipient: String,
    pub phone: String,
}

/// An order with its lines.
#[derive(Debug, Clone)]
pub struct OrderSummary {
    pub order: OrderRow,
    pub lines: Vec<OrderLineRow>,
}

impl OrderSummary {
    /// The aggregate status of the order.
    pub fn status(&self) -> LineStatus {
        let statuses: Vec<LineStatus> = self.lines.iter().map(OrderLineRow::status).collect();
        aggregate_status(&statuses)
    }
}

/// An order with its lines and its shipping address opened.
#[derive(Debug, Clone)]
pub struct OrderView {
    pub summary: OrderSummary,
    pub shipping: Shipping,
    /// The card payment (payments' row), for card orders.
    pub payment: Option<praline_payments::model::Payment>,
}

/// Opens an order's sealed shipping snapshot.
pub fn open_shipping(secrets: &Secrets, order: &OrderRow) -> Result<Shipping, CommerceError> {
    let open = |s: &str| secrets.sealer.open(s).map_err(|e| CommerceError::Internal(e.to_string()));
    Ok(Shipping {
        postal_code: open(&order.shipping_postal_code_sealed)?,
        address: open(&order.shipping_address_sealed)?,
        detail_address: open(&order.shipping_detail_address_sealed)?,
        recipient: open(&order.shipping_recipient_sealed)?,
        phone: open(&order.shipping_phone_sealed)?,
    })
}

/// Pairs orders with their lines (one query for all lines).
pub fn with_lines(conn: &mut Conn, orders: Vec<OrderRow>) -> Result<Vec<OrderSummary>, CommerceError> {
    let ids: Vec<i64> = orders.iter().map(|o| o.id).collect();
    let mut lines = if ids.is_empty() { Vec::new() } else { OrderLineRow::of_orders(conn, &ids)? };
    Ok(orders
        .into_iter()
        .map(|order| {
            let (mine, rest): (Vec<_>, Vec<_>) = lines.drain(..).partition(|l| l.order_id == order.id);
            lines = rest;
            OrderSummary { order, lines: mine }
        })
        .collect())
}

/// Any order with its lines and shipping (callers check who may see it).
pub fn view(conn: &mut Conn, secrets: &Secrets, order: OrderRow) -> Result<OrderView, CommerceError> {
    let shipping = open_shipping(secrets, &order)?;
    let payment = match order.payment_method() {
        PaymentMethod::Card => praline_payments::service::card::of_orders(conn, &[order.id])?.pop(),
        PaymentMethod::Points => None,
    };
    let summary = with_lines(conn, vec![order])?.into_iter().next().ok_or(CommerceError::NotFound)?;
    Ok(OrderView { summary, shipping, payment })
}

/// One of the buyer's orders (another buyer's is not found).
pub fn view_of_buyer(
    conn: &mut Conn,
    secrets: &Secrets,
    buyer_id: i64,
    order_id: i64,
) -> Result<OrderView, CommerceError> {
    super::require_active(conn, buyer_id)?;
    let order = OrderRow::owned(conn, buyer_id, order_id)?.ok_or(CommerceError::NotFound)?;
    view(conn, secrets, order)
}

/// The buyer's orders, newest first: a constant number of statements per page.
pub fn list(conn: &mut Conn, buyer_id: i64, page: PageRequest) -> Result<Page<OrderSummary>, CommerceError> {
    super::require_active(conn, buyer_id)?;
    let total: i64 =
        commerce_orders::table.filter(commerce_orders::buyer_id.eq(buyer_id)).count().get_result(conn)?;
    let orders = commerce_orders::table
        .filter(commerce_orders::buyer_id.eq(buyer_id))
        .order(commerce_orders::id.desc())
        .offset(page.offset())
        .limit(page.limit())
        .select(OrderRow::as_select())
        .load(conn)?;
    Ok(Page::new(with_lines(conn, orders)?, page, total))
}

/// The buyer's confirmed lines, most recently confirmed first, leaving out `except` (for
/// community: the lines already reviewed). Two statements whatever the page size.
pub fn confirmed_lines(
    conn: &mut Conn,
    buyer_id: i64,
    except: &[i64],
    page: PageRequest,
) -> Result<Page<OrderLineRow>, CommerceError> {
    super::require_active(conn, buyer_id)?;
    let confirmed = || {
        commerce_order_lines::table
            .filter(commerce_order_lines::buyer_id.eq(buyer_id))
            .filter(commerce_order_lines::status.eq(LineStatus::Confirmed.as_str()))
            .filter(commerce_order_lines::id.ne_all(except.to_vec()))
    };
    let total: i64 = confirmed().count().get_result(conn)?;
    let lines = confirmed()
        .order((commerce_order_lines::confirmed_at.desc(), commerce_order_lines::id.desc()))
        .offset(page.offset())
        .limit(page.limit())
        .select(OrderLineRow::as_select())
        .load(conn)?;
    Ok(Page::new(lines, page, total))
}

/// Who moves a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Buyer,
    Seller,
    /// The scheduler and the card verification.
    System,
}

/// A requested move.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Move {
    pub reason: Option<String>,
    pub tracking_number: Option<String>,
}

impl Move {
    /// Checks the optional texts: reason ≤ 200, tracking number ≤ 100 characters.
    pub fn parse(reason: Option<&str>, tracking_number: Option<&str>) -> Result<Move, CommerceError> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if reason.is_some_and(|r| r.chars().count() > MAX_REASON_CHARS) {
            return Err(CommerceError::invalid("reason", format!("At most {MAX_REASON_CHARS} characters.")));
        }
        let tracking = tracking_number.map(str::trim).filter(|t| !t.is_empty());
        if tracking.is_some_and(|t| t.chars().count() > MAX_TRACKING_CHARS) {
            return Err(CommerceError::invalid(
                "tracking_number",
                format!("At most {MAX_TRACKING_CHARS} characters."),
            ));
        }
        Ok(Move { reason: reason.map(str::to_string), tracking_number: tracking.map(str::to_string) })
    }
}

/// Whether `actor` may move a line from `from` to `to` (API.md's table).
pub fn allowed(actor: Actor, from: LineStatus, to: LineStatus, previous: Option<LineStatus>) -> bool {
    use LineStatus as S;
    match actor {
        Actor::Seller => matches!(
            (from, to),
            (S::Placed, S::Preparing)
                | (S::Preparing, S::Shipped)
                | (S::Shipped, S::Delivered)
                | (S::Placed, S::Cancelled)
                | (S::RefundRequested, S::Refunded)
        ),
        Actor::Buyer => match (from, to) {
            (S::Delivered, S::Confirmed) => true,
            (S::Placed | S::Preparing | S::Shipped | S::Delivered, S::RefundRequested) => true,
            (S::RefundRequested, back) => previous == Some(back),
            _ => false,
        },
        Actor::System => matches!(
            (from, to),
            (S::Delivered, S::Confirmed) | (S::PendingPayment, S::Cancelled) | (S::PendingPayment, S::Placed)
        ),
    }
}

/// Moves one line the caller may act on (its buyer or its seller) to `to`.
pub fn transition(
    conn: &mut Conn,
    user_id: i64,
    line_id: i64,
    to: LineStatus,
    requested: Move,
    now: DateTime<Utc>,
) -> Result<OrderLineRow, CommerceError> {
    db::transaction(conn, |conn| {
        super::require_active(conn, user_id)?;
        let line = OrderLineRow::find(conn, line_id)?.ok_or(CommerceError::NotFound)?;
        let actor = if line.buyer_id == user_id {
            Actor::Buyer
        } else if line.seller_id == user_id && line.status() != LineStatus::PendingPayment {
            Actor::Seller
        } else {
            return Err(CommerceError::NotFound);
        };
        move_line(conn, line, actor, to, requested, now)
    })
}

/// The conditional update and its effects; joins the caller's transaction.
pub fn move_line(
    conn: &mut Conn,
    line: OrderLineRow,
    actor: Actor,
    to: LineStatus,
    requested: Move,
    now: DateTime<Utc>,
) -> Result<OrderLineRow, CommerceError> {
    try_move(conn, line, actor, to, requested, now).map(|(line, _)| line)
}

/// [`move_line`], also telling whether this call made the move (`false`: it was already there).
fn try_move(
    conn: &mut Conn,
    line: OrderLineRow,
    actor: Actor,
    to: LineStatus,
    requested: Move,
    now: DateTime<Utc>,
) -> Result<(OrderLineRow, bool), CommerceError> {
    let from = line.status();
    if from == to {
        return Ok((line, false));
    }
    if !allowed(actor, from, to, line.previous_status()) {
        return Err(CommerceError::InvalidTransition { status: from });
    }
    db::transaction(conn, |conn| {
        let at = now.naive_utc();
        let keeps_reason =
            matches!(to, LineStatus::Cancelled | LineStatus::RefundRequested | LineStatus::Refunded);
        let reason =
            if keeps_reason { requested.reason.clone().or(line.reason.clone()) } else { line.reason.clone() };
        let tracking = if to == LineStatus::Shipped {
            requested.tracking_number.clone().or(line.tracking_number.clone())
        } else {
            line.tracking_number.clone()
        };
        let previous = if to == LineStatus::RefundRequested { Some(from.as_str()) } else { None };
        let delivered_at = if to == LineStatus::Delivered { Some(at) } else { line.delivered_at };
        let confirmed_at = if to == LineStatus::Confirmed { Some(at) } else { line.confirmed_at };
        let updated = diesel::update(
            commerce_order_lines::table
                .filter(commerce_order_lines::id.eq(line.id))
                .filter(commerce_order_lines::status.eq(from.as_str())),
        )
        .set((
            commerce_order_lines::status.eq(to.as_str()),
            commerce_order_lines::previous_status.eq(previous),
            commerce_order_lines::reason.eq(reason),
            commerce_order_lines::tracking_number.eq(tracking),
            commerce_order_lines::status_changed_at.eq(at),
            commerce_order_lines::delivered_at.eq(delivered_at),
            commerce_order_lines::confirmed_at.eq(confirmed_at),
        ))
        .execute(conn)?;
        if updated == 0 {
            // Another request moved it first: the same target is a harmless repeat.
            let current = OrderLineRow::find(conn, line.id)?.ok_or(CommerceError::NotFound)?;
            return if current.status() == to {
                Ok((current, false))
            } else {
                Err(CommerceError::InvalidTransition { status: current.status() })
            };
        }
        effects(conn, &line, from, to, now)?;
        Ok((OrderLineRow::find(conn, line.id)?.ok_or(CommerceError::NotFound)?, true))
    })
}

fn effects(
    conn: &mut Conn,
    line: &OrderLineRow,
    from: LineStatus,
    to: LineStatus,
    now: DateTime<Utc>,
) -> Result<(), CommerceError> {
    match to {
        LineStatus::Cancelled if from == LineStatus::PendingPayment => restock(conn, line),
        LineStatus::Cancelled | LineStatus::Refunded => {
            refund(conn, line, now)?;
            restock(conn, line)
        }
        LineStatus::Confirmed => confirm_effects(conn, line, now),
        _ => Ok(()),
    }
}

/// The line's money back to the buyer, once per line.
fn refund(conn: &mut Conn, line: &OrderLineRow, now: DateTime<Utc>) -> Result<(), CommerceError> {
    let order = OrderRow::find(conn, line.order_id)?.ok_or(CommerceError::NotFound)?;
    match order.payment_method() {
        PaymentMethod::Points if line.line_total > 0 => {
            praline_payments::service::credit(
                conn,
                line.buyer_id,
                EntryKind::Refund,
                line.line_total,
                Some(Reference::new(ReferenceKind::OrderLine, line.id)),
                &format!("refund of order line {}", line.id),
                now,
            )?;
            Ok(())
        }
        PaymentMethod::Points => Ok(()),
        // The money went back at PortOne before this move (`service::card::refund_line`); a move
        // without that refund on record is refused, so no path skips it.
        PaymentMethod::Card => {
            let merchant_uid = order.merchant_uid.as_deref().unwrap_or_default();
            if line.line_total > 0
                && !praline_payments::service::card::refunded(
                    conn,
                    merchant_uid,
                    &super::card::refund_reference(line.id),
                )?
            {
                return Err(CommerceError::Internal(format!(
                    "order line {} was not refunded at PortOne",
                    line.id
                )));
            }
            Ok(())
        }
    }
}

/// The units back into stock; a purged product has nothing to restock.
fn restock(conn: &mut Conn, line: &OrderLineRow) -> Result<(), CommerceError> {
    match aggregate::release_stock(conn, line.product_id, line.amount) {
        Ok(_) | Err(CatalogError::NotFound) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// The purchase reward: ⌈5 % of `line_total`⌉ points.
pub fn purchase_reward(line_total: i64, member: bool) -> i64 {
    let base = (line_total.max(0) * 5 + 99) / 100;
    if member { base * 2 } else { base }
}

fn confirm_effects(conn: &mut Conn, line: &OrderLineRow, now: DateTime<Utc>) -> Result<(), CommerceError> {
    let member = praline_payments::service::is_member(conn, line.buyer_id, now)?;
    let reward = purchase_reward(line.line_total, member);
    let reference = Some(Reference::new(ReferenceKind::OrderLine, line.id));
    let mut credits = [
        (
            line.buyer_id,
            EntryKind::PurchaseReward,
            reward,
            format!("purchase reward for order line {}", line.id),
        ),
        (
            line.seller_id,
            EntryKind::SellerSettlement,
            line.line_total,
            format!("settlement of order line {}", line.id),
        ),
    ];
    // Wallets in ascending user id, so two confirmations between the same two people (each the
    // other's seller) never wait on each other in opposite orders.
    credits.sort_by_key(|(user, ..)| *user);
    for (user, kind, amount, memo) in credits {
        if amount > 0 {
            praline_payments::service::credit(conn, user, kind, amount, reference, &memo, now)?;
        }
    }
    match aggregate::adjust_sales_count(conn, line.product_id, line.amount) {
        Ok(()) | Err(CatalogError::NotFound) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Abandons one of the buyer's unpaid orders: every line `pending_payment` → `cancelled`,
/// stock released. Anything else is 409 `invalid_transition`.
pub fn cancel(
    conn: &mut Conn,
    secrets: &Secrets,
    buyer_id: i64,
    order_id: i64,
    now: DateTime<Utc>,
) -> Result<OrderView, CommerceError> {
    db::transaction(conn, |conn| {
        super::require_active(conn, buyer_id)?;
        let order = OrderRow::owned(conn, buyer_id, order_id)?.ok_or(CommerceError::NotFound)?;
        let lines = OrderLineRow::of_orders(conn, &[order_id])?;
        let statuses: Vec<LineStatus> = lines.iter().map(OrderLineRow::status).collect();
        if statuses.iter().any(|s| *s != LineStatus::PendingPayment && *s != LineStatus::Cancelled)
            || !statuses.contains(&LineStatus::PendingPayment)
        {
            return Err(CommerceError::InvalidTransition { status: aggregate_status(&statuses) });
        }
        // The payment gives up first: a verification racing this cancel finds it expired and
        // sends the money back (or, having placed the lines first, makes this cancel a 409).
        if let Some(uid) = &order.merchant_uid {
            praline_payments::service::card::expire(conn, uid, now)?;
        }
        for line in lines {
            move_line(conn, line, Actor::System, LineStatus::Cancelled, Move::default(), now)?;
        }
        diesel::update(commerce_orders::table.find(order_id))
            .set(commerce_orders::updated_at.eq(now.naive_utc()))
            .execute(conn)?;
        view(conn, secrets, order)
    })
}

/// When a delivered line confirms by itself.
pub fn auto_confirm_at(delivered_at: NaiveDateTime) -> NaiveDateTime {
    delivered_at + Duration::days(AUTO_CONFIRM_DAYS)
}

/// Confirms every line delivered 7 days ago or more; each in its own transaction. Returns how
/// many this run confirmed.
pub fn confirm_due(conn: &mut Conn, now: DateTime<Utc>) -> Result<usize, CommerceError> {
    let cutoff = now.naive_utc() - Duration::days(AUTO_CONFIRM_DAYS);
    let due: Vec<OrderLineRow> = commerce_order_lines::table
        .filter(commerce_order_lines::status.eq(LineStatus::Delivered.as_str()))
        .filter(commerce_order_lines::delivered_at.le(cutoff))
        .order(commerce_order_lines::id)
        .limit(1_000)
        .select(OrderLineRow::as_select())
        .load(conn)?;
    let mut confirmed = 0;
    for line in due {
        match try_move(conn, line, Actor::System, LineStatus::Confirmed, Move::default(), now) {
            Ok((_, true)) => confirmed += 1,
            Ok((_, false)) | Err(CommerceError::InvalidTransition { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(confirmed)
}
