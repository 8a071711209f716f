//! The operators' order search and order detail (administrators only, checked in the database).

use chrono::NaiveDate;
use diesel::prelude::*;
use praline_accounts::model::{Email, User};
use praline_kernel::calendar::BusinessCalendar;
use praline_kernel::crypto::Secrets;
use praline_kernel::db::Conn;
use praline_kernel::page::{Page, PageRequest};

use super::order::{OrderSummary, OrderView, view, with_lines};
use crate::error::CommerceError;
use crate::model::{LineStatus, OrderRow};
use crate::schema::{commerce_order_lines, commerce_orders};

/// The search's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderSearch {
    /// An order id, a buyer's e-mail or a merchant_uid.
    pub q: Option<String>,
    /// Orders with a line in this status.
    pub status: Option<LineStatus>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Who placed an order, as operators see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Buyer {
    pub id: i64,
    pub email: String,
    pub nickname: String,
}

fn buyer_of(users: &[User], id: i64) -> Buyer {
    users.iter().find(|u| u.id == id).map_or(
        Buyer { id, email: String::new(), nickname: String::new() },
        |u| Buyer { id, email: u.email.clone(), nickname: u.nickname.clone() },
    )
}

type OrdersQuery<'a> = commerce_orders::BoxedQuery<'a, <Conn as diesel::Connection>::Backend>;

/// Orders matching the search, newest first, with their buyers.
pub fn search(
    conn: &mut Conn,
    calendar: &BusinessCalendar,
    admin_id: i64,
    search: &OrderSearch,
    page: PageRequest,
) -> Result<Page<(OrderSummary, Buyer)>, CommerceError> {
    super::require_admin(conn, admin_id)?;
    let by_email = match search.q.as_deref() {
        Some(q) if q.contains('@') => match Email::parse(q) {
            Ok(email) => Some(User::by_email(conn, &email)?.map_or(-1, |u| u.id)),
            Err(_) => Some(-1),
        },
        _ => None,
    };
    let build = || -> OrdersQuery<'_> {
        let mut query = commerce_orders::table.into_boxed();
        match (search.q.as_deref(), by_email) {
            (_, Some(buyer)) => query = query.filter(commerce_orders::buyer_id.eq(buyer)),
            (Some(q), None) => match q.parse::<i64>() {
                Ok(id) => query = query.filter(commerce_orders::id.eq(id)),
                Err(_) => query = query.filter(commerce_orders::merchant_uid.eq(q.to_string())),
            },
            (None, None) => {}
        }
        if let Some(status) = search.status {
            query = query.filter(
                commerce_orders::id.eq_any(
                    commerce_order_lines::table
                        .filter(commerce_order_lines::status.eq(status.as_str()))
                        .select(commerce_order_lines::order_id),
                ),
            );
        }
        if let Some(from) = search.from {
            query = query.filter(commerce_orders::created_at.ge(calendar.start_of(from).naive_utc()));
        }
        if let Some(to) = search.to {
            query = query.filter(commerce_orders::created_at.lt(calendar.day_range(to).1.naive_utc()));
        }
        query
    };
    let total: i64 = build().count().get_result(conn)?;
    let orders = build()
        .order(commerce_orders::id.desc())
        .offset(page.offset())
        .limit(page.limit())
        .select(OrderRow::as_select())
        .load(conn)?;
    let mut buyer_ids: Vec<i64> = orders.iter().map(|o| o.buyer_id).collect();
    buyer_ids.sort_unstable();
    buyer_ids.dedup();
    let users = if buyer_ids.is_empty() { Vec::new() } else { User::many(conn, &buyer_ids)? };
    let items = with_lines(conn, orders)?
        .into_iter()
        .map(|summary| {
            let buyer = buyer_of(&users, summary.order.buyer_id);
            (summary, buyer)
        })
        .collect();
    Ok(Page::new(items, page, total))
}

/// One order with its buyer.
pub fn order(
    conn: &mut Conn,
    secrets: &Secrets,
    admin_id: i64,
    order_id: i64,
) -> Result<(OrderView, Buyer), CommerceError> {
    super::require_admin(conn, admin_id)?;
    let order = OrderRow::find(conn, order_id)?.ok_or(CommerceError::NotFound)?;
    let users = User::many(conn, &[order.buyer_id])?;
    let buyer = buyer_of(&users, order.buyer_id);
    Ok((view(conn, secrets, order)?, buyer))
}
