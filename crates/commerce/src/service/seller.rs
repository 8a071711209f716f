//! The seller's side: the order board (lines of the seller's products, never `pending_payment`)
//! and the statistics page. Days and months are business-calendar days and months.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};
use praline_accounts::model::{SellerRow, User};
use praline_catalog::model::{ProductRow, Sort};
use praline_catalog::service::listing;
use praline_kernel::calendar::{BusinessCalendar, Month};
use praline_kernel::clock::utc;
use praline_kernel::crypto::Secrets;
use praline_kernel::db::Conn;
use praline_kernel::page::{Page, PageRequest};

use super::order::{Shipping, open_shipping};
use crate::error::CommerceError;
use crate::model::{LineStatus, OrderLineRow, OrderRow};
use crate::schema::commerce_order_lines as lines;

/// The board's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardFilter {
    /// Any of these statuses (empty: all but pending_payment).
    pub statuses: Vec<LineStatus>,
    pub product_id: Option<i64>,
    /// Ordered on or after this business day.
    pub from: Option<NaiveDate>,
    /// Ordered on or before this business day.
    pub to: Option<NaiveDate>,
}

/// A line on the seller's board.
#[derive(Debug, Clone)]
pub struct BoardLine {
    pub line: OrderLineRow,
    pub buyer_nickname: String,
    pub shipping: Shipping,
    pub ordered_at: DateTime<Utc>,
}

/// The board: a page of lines and the count of each status.
#[derive(Debug, Clone)]
pub struct Board {
    pub page: Page<BoardLine>,
    pub counts: BTreeMap<&'static str, i64>,
}

type LinesQuery<'a> = lines::BoxedQuery<'a, <Conn as diesel::Connection>::Backend>;

fn visible_statuses() -> Vec<&'static str> {
    LineStatus::ALL.iter().filter(|s| **s != LineStatus::PendingPayment).map(|s| s.as_str()).collect()
}

/// Narrows a boxed query of the seller's lines by the filters (the status list only when
/// `$with_status`); a macro because the grouped and the plain query are different types.
macro_rules! narrowed {
    ($query:expr, $seller_id:expr, $filter:expr, $calendar:expr, $with_status:expr) => {{
        let (filter, calendar): (&BoardFilter, &BusinessCalendar) = ($filter, $calendar);
        let mut query = $query.filter(lines::seller_id.eq($seller_id));
        let statuses: Vec<&'static str> = if $with_status && !filter.statuses.is_empty() {
            filter.statuses.iter().filter(|s| **s != LineStatus::PendingPayment).map(|s| s.as_str()).collect()
        } else {
            visible_statuses()
        };
        query = query.filter(lines::status.eq_any(statuses));
        if let Some(product) = filter.product_id {
            query = query.filter(lines::product_id.eq(product));
        }
        if let Some(from) = filter.from {
            query = query.filter(lines::created_at.ge(calendar.start_of(from).naive_utc()));
        }
        if let Some(to) = filter.to {
            query = query.filter(lines::created_at.lt(calendar.day_range(to).1.naive_utc()));
        }
        query
    }};
}

fn filtered<'a>(
    seller_id: i64,
    filter: &BoardFilter,
    calendar: &BusinessCalendar,
    with_status: bool,
) -> LinesQuery<'a> {
    narrowed!(lines::table.into_boxed(), seller_id, filter, calendar, with_status)
}

/// The seller's order board, newest first: a constant number of statements per page.
pub fn board(
    conn: &mut Conn,
    secrets: &Secrets,
    calendar: &BusinessCalendar,
    seller_id: i64,
    filter: &BoardFilter,
    page: PageRequest,
) -> Result<Board, CommerceError> {
    super::require_seller(conn, seller_id)?;
    let total: i64 = filtered(seller_id, filter, calendar, true).count().get_result(conn)?;
    let rows: Vec<OrderLineRow> = filtered(seller_id, filter, calendar, true)
        .order(lines::id.desc())
        .offset(page.offset())
        .limit(page.limit())
        .select(OrderLineRow::as_select())
        .load(conn)?;
    let grouped: Vec<(String, i64)> = narrowed!(
        lines::table.group_by(lines::status).select((lines::status, count_star())).into_boxed(),
        seller_id,
        filter,
        calendar,
        false
    )
    .load(conn)?;
    let mut order_ids: Vec<i64> = rows.iter().map(|l| l.order_id).collect();
    order_ids.sort_unstable();
    order_ids.dedup();
    let orders = if order_ids.is_empty() { Vec::new() } else { OrderRow::many(conn, &order_ids)? };
    let mut buyer_ids: Vec<i64> = rows.iter().map(|l| l.buyer_id).collect();
    buyer_ids.sort_unstable();
    buyer_ids.dedup();
    let buyers = if buyer_ids.is_empty() { Vec::new() } else { User::many(conn, &buyer_ids)? };
    let mut items = Vec::with_capacity(rows.len());
    for line in rows {
        let order = orders.iter().find(|o| o.id == line.order_id).ok_or(CommerceError::NotFound)?;
        let nickname = buyers.iter().find(|u| u.id == line.buyer_id).map(|u| u.nickname.clone());
        items.push(BoardLine {
            shipping: open_shipping(secrets, order)?,
            ordered_at: utc(order.created_at),
            buyer_nickname: nickname.unwrap_or_default(),
            line,
        });
    }
    let mut counts: BTreeMap<&'static str, i64> = visible_statuses().into_iter().map(|s| (s, 0)).collect();
    for (status, n) in grouped {
        if let Some(s) = LineStatus::parse(&status) {
            counts.insert(s.as_str(), n);
        }
    }
    Ok(Board { page: Page::new(items, page, total), counts })
}

/// One product in a ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub product_id: i64,
    pub name: String,
    pub thumbnail_key: Option<String>,
    pub value: f64,
}

/// One business day of the month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub revenue: i64,
    pub confirmed: i64,
}

/// The statistics page.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub month: Month,
    pub revenue_all_time: i64,
    pub revenue_month: i64,
    pub revenue_previous_month: i64,
    /// (month − previous) ÷ previous × 100, 2 decimals; `None` when previous is 0.
    pub growth_rate: Option<f64>,
    pub confirmed_all_time: i64,
    pub confirmed_month: i64,
    pub shipped_unconfirmed: i64,
    pub unsent: i64,
    pub shipping_per_shipment: i64,
    pub shipping_month: i64,
    pub store_age_days: i64,
    pub daily: Vec<Day>,
    pub by_sales: Vec<Ranked>,
    pub by_likes: Vec<Ranked>,
    pub by_rating: Vec<Ranked>,
}

/// (sum of line_total, count) of the seller's lines confirmed in `[start, end)` (all time
/// without bounds).
fn confirmed_between(
    conn: &mut Conn,
    seller_id: i64,
    range: Option<(DateTime<Utc>, DateTime<Utc>)>,
) -> Result<(i64, i64), CommerceError> {
    let mut query = lines::table
        .filter(lines::seller_id.eq(seller_id))
        .filter(lines::status.eq(LineStatus::Confirmed.as_str()))
        .into_boxed();
    if let Some((start, end)) = range {
        query = query
            .filter(lines::confirmed_at.ge(start.naive_utc()))
            .filter(lines::confirmed_at.lt(end.naive_utc()));
    }
    let (sum, count): (Option<i64>, i64) = query
        .select((sql::<Nullable<BigInt>>("CAST(SUM(line_total) AS BIGINT)"), count_star()))
        .get_result(conn)?;
    Ok((sum.unwrap_or(0), count))
}

fn count_in(conn: &mut Conn, seller_id: i64, statuses: &[LineStatus]) -> Result<i64, CommerceError> {
    let names: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    Ok(lines::table
        .filter(lines::seller_id.eq(seller_id))
        .filter(lines::status.eq_any(names))
        .count()
        .get_result(conn)?)
}

/// Growth in percent with 2 decimals, `None` when there was nothing before.
pub fn growth_rate(month: i64, previous: i64) -> Option<f64> {
    if previous == 0 {
        return None;
    }
    #[allow(clippy::cast_precision_loss)]
    let rate = (month - previous) as f64 / previous as f64 * 100.0;
    Some((rate * 100.0).round() / 100.0)
}

/// The seller's statistics for `month`, as of `now`.
pub fn stats(
    conn: &mut Conn,
    calendar: &BusinessCalendar,
    shipping_expense: i64,
    seller_id: i64,
    month: Month,
    now: DateTime<Utc>,
) -> Result<Stats, CommerceError> {
    super::require_seller(conn, seller_id)?;
    let range = calendar.month_range(month);
    let (revenue_all_time, confirmed_all_time) = confirmed_between(conn, seller_id, None)?;
    let (revenue_month, confirmed_month) = confirmed_between(conn, seller_id, Some(range))?;
    let (revenue_previous_month, _) =
        confirmed_between(conn, seller_id, Some(calendar.month_range(month.previous())))?;
    let shipped_unconfirmed = count_in(conn, seller_id, &[LineStatus::Shipped, LineStatus::Delivered])?;
    let unsent = count_in(conn, seller_id, &[LineStatus::Placed, LineStatus::Preparing])?;
    let seller = SellerRow::find(conn, seller_id)?.ok_or(CommerceError::NotSeller)?;
    let store_age_days =
        (calendar.date_of(now) - calendar.date_of(utc(seller.created_at))).num_days().max(0) + 1;

    let in_month: Vec<(Option<chrono::NaiveDateTime>, i64)> = lines::table
        .filter(lines::seller_id.eq(seller_id))
        .filter(lines::status.eq(LineStatus::Confirmed.as_str()))
        .filter(lines::confirmed_at.ge(range.0.naive_utc()))
        .filter(lines::confirmed_at.lt(range.1.naive_utc()))
        .select((lines::confirmed_at, lines::line_total))
        .load(conn)?;
    let mut daily: Vec<Day> = month.days().map(|date| Day { date, revenue: 0, confirmed: 0 }).collect();
    for (at, total) in in_month {
        let Some(at) = at else { continue };
        let date = calendar.date_of(utc(at));
        if let Some(day) = daily.iter_mut().find(|d| d.date == date) {
            day.revenue += total;
            day.confirmed += 1;
        }
    }

    let sold: Vec<(i64, Option<i64>)> = lines::table
        .filter(lines::seller_id.eq(seller_id))
        .filter(lines::status.eq(LineStatus::Confirmed.as_str()))
        .group_by(lines::product_id)
        .select((lines::product_id, sql::<Nullable<BigInt>>("CAST(SUM(amount) AS BIGINT)")))
        .load(conn)?;
    let mut sold: Vec<(i64, i64)> = sold.into_iter().map(|(id, n)| (id, n.unwrap_or(0))).collect();
    sold.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    sold.truncate(10);
    let ids: Vec<i64> = sold.iter().map(|(id, _)| *id).collect();
    let products = if ids.is_empty() { Vec::new() } else { ProductRow::many(conn, &ids)? };
    #[allow(clippy::cast_precision_loss)]
    let by_sales = sold
        .iter()
        .filter_map(|(id, units)| {
            let p = products.iter().find(|p| p.id == *id)?;
            Some(Ranked {
                product_id: *id,
                name: p.name.clone(),
                thumbnail_key: p.thumbnail_key.clone(),
                value: *units as f64,
            })
        })
        .collect();
    let top = |conn: &mut Conn, sort: Sort| -> Result<Vec<ProductRow>, CommerceError> {
        let page = listing::store(conn, Some(seller_id), seller_id, None, sort, PageRequest::new(1, 10))?;
        Ok(page.items.into_iter().map(|l| l.product).collect())
    };
    #[allow(clippy::cast_precision_loss)]
    let by_likes = top(conn, Sort::Popular)?
        .into_iter()
        .map(|p| Ranked {
            product_id: p.id,
            name: p.name,
            thumbnail_key: p.thumbnail_key,
            value: p.wish_count as f64,
        })
        .collect();
    let by_rating = top(conn, Sort::Rating)?
        .into_iter()
        .map(|p| Ranked {
            product_id: p.id,
            name: p.name,
            thumbnail_key: p.thumbnail_key,
            value: (p.rating_avg * 100.0).round() / 100.0,
        })
        .collect();
    Ok(Stats {
        month,
        revenue_all_time,
        revenue_month,
        revenue_previous_month,
        growth_rate: growth_rate(revenue_month, revenue_previous_month),
        confirmed_all_time,
        confirmed_month,
        shipped_unconfirmed,
        unsent,
        shipping_per_shipment: shipping_expense,
        shipping_month: confirmed_month * shipping_expense,
        store_age_days,
        daily,
        by_sales,
        by_likes,
        by_rating,
    })
}
