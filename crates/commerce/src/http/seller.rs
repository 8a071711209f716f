//! The seller's order board and statistics.

use std::collections::BTreeMap;

use actix_web::web::{Data, Query};
use actix_web::{HttpResponse, get};
use chrono::{DateTime, NaiveDate, Utc};
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::calendar::{date_param, month_param};
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::openapi;
use praline_kernel::page::{MAX_PER_PAGE, PageQuery};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::Object;

use super::{OrderLineResponse, ShippingResponse, settings};
use crate::model::LineStatus;
use crate::service::seller::{self, BoardFilter, Ranked, Stats};

/// A comma list of line statuses.
fn statuses_schema() -> Object {
    let one = LineStatus::ALL.map(LineStatus::as_str).join("|");
    openapi::pattern(&format!("^({one})(,({one}))*$"), false)
}

/// `GET /seller/orders`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SellerOrdersQuery {
    /// Line statuses, comma separated (default: all).
    #[param(schema_with = statuses_schema)]
    pub status: Option<String>,
    /// Only lines of this product.
    pub product_id: Option<i64>,
    /// Ordered on or after this business day (YYYY-MM-DD).
    #[param(schema_with = openapi::date)]
    pub from: Option<String>,
    /// Ordered on or before this business day (YYYY-MM-DD).
    #[param(schema_with = openapi::date)]
    pub to: Option<String>,
    /// 1-based page number (default 1).
    #[param(schema_with = openapi::int_min::<1>)]
    pub page: Option<i64>,
    /// Items per page (default 20).
    #[param(schema_with = openapi::int_range::<1, MAX_PER_PAGE>)]
    pub per_page: Option<i64>,
}

/// The buyer of a line, as the seller sees them.
#[derive(Debug, Serialize, ToSchema)]
pub struct LineBuyer {
    pub id: i64,
    pub nickname: String,
}

/// A line on the seller's board.
#[derive(Debug, Serialize, ToSchema)]
pub struct SellerLineResponse {
    #[serde(flatten)]
    pub line: OrderLineResponse,
    pub buyer: LineBuyer,
    pub shipping: ShippingResponse,
    pub ordered_at: DateTime<Utc>,
}

/// The board: a page of lines and the count of each status.
#[derive(Debug, Serialize, ToSchema)]
pub struct SellerBoardResponse {
    pub items: Vec<SellerLineResponse>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
    /// Lines per status under the other filters.
    pub counts: BTreeMap<String, i64>,
}

/// Parses an optional date parameter.
pub(super) fn optional_date(field: &str, raw: Option<&str>) -> ApiResult<Option<NaiveDate>> {
    raw.map(|text| date_param(field, text)).transpose()
}

fn parse_statuses(raw: Option<&str>) -> ApiResult<Vec<LineStatus>> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else { return Ok(Vec::new()) };
    raw.split(',')
        .map(|s| {
            LineStatus::parse(s.trim())
                .ok_or_else(|| ApiError::invalid_field("status", format!("unknown status {s:?}")))
        })
        .collect()
}

/// The seller's order lines (never `pending_payment`), newest first, with counts per status.
#[utoipa::path(tag = "commerce", security(("bearer" = [])), params(SellerOrdersQuery),
    responses((status = 200, body = SellerBoardResponse), (status = 400), (status = 403)))]
#[get("/seller/orders")]
pub async fn seller_orders(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<SellerOrdersQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = PageQuery { page: query.page, per_page: query.per_page }.validate()?;
    let filter = BoardFilter {
        statuses: parse_statuses(query.status.as_deref())?,
        product_id: query.product_id,
        from: optional_date("from", query.from.as_deref())?,
        to: optional_date("to", query.to.as_deref())?,
    };
    let (secrets, calendar) = (state.secrets.clone(), state.config.calendar());
    let board =
        state.run(move |conn, _| seller::board(conn, &secrets, &calendar, me.id, &filter, page)).await?;
    let page = board.page.map(|b| SellerLineResponse {
        buyer: LineBuyer { id: b.line.buyer_id, nickname: b.buyer_nickname },
        shipping: b.shipping.into(),
        ordered_at: b.ordered_at,
        line: OrderLineResponse::new(&state, b.line),
    });
    Ok(HttpResponse::Ok().json(SellerBoardResponse {
        items: page.items,
        page: page.page,
        per_page: page.per_page,
        total: page.total,
        counts: board.counts.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
    }))
}

/// `GET /seller/stats`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    /// A business month, YYYY-MM (default: this month).
    #[param(schema_with = openapi::month)]
    pub month: Option<String>,
}

/// Revenue figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct Revenue {
    pub all_time: i64,
    pub month: i64,
    pub previous_month: i64,
    /// Percent with 2 decimals; `null` when the previous month is 0.
    pub growth_rate: Option<f64>,
}

/// Confirmed lines.
#[derive(Debug, Serialize, ToSchema)]
pub struct Confirmed {
    pub all_time: i64,
    pub month: i64,
}

/// Shipping costs the seller bore.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShippingExpense {
    pub per_shipment: i64,
    pub month: i64,
}

/// One business day of the month.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayStats {
    pub date: NaiveDate,
    pub revenue: i64,
    pub confirmed: i64,
}

/// One product of a ranking.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankedProduct {
    pub product_id: i64,
    pub name: String,
    pub thumbnail_url: Option<String>,
    pub value: f64,
}

/// The seller's top 10 products by confirmed units, wishes and rating.
#[derive(Debug, Serialize, ToSchema)]
pub struct Rankings {
    pub sales: Vec<RankedProduct>,
    pub likes: Vec<RankedProduct>,
    pub rating: Vec<RankedProduct>,
}

/// `seller_stats`.
#[derive(Debug, Serialize, ToSchema)]
pub struct SellerStatsResponse {
    /// YYYY-MM.
    pub month: String,
    pub revenue: Revenue,
    pub confirmed: Confirmed,
    pub shipped_unconfirmed: i64,
    pub unsent: i64,
    pub shipping_expense: ShippingExpense,
    pub store_age_days: i64,
    pub daily: Vec<DayStats>,
    pub rankings: Rankings,
}

impl SellerStatsResponse {
    fn new(state: &AppState, s: Stats) -> SellerStatsResponse {
        let ranked = |list: Vec<Ranked>| -> Vec<RankedProduct> {
            list.into_iter()
                .map(|r| RankedProduct {
                    product_id: r.product_id,
                    thumbnail_url: r.thumbnail_key.as_deref().map(|k| state.storage.url(k)),
                    name: r.name,
                    value: r.value,
                })
                .collect()
        };
        SellerStatsResponse {
            month: s.month.to_string(),
            revenue: Revenue {
                all_time: s.revenue_all_time,
                month: s.revenue_month,
                previous_month: s.revenue_previous_month,
                growth_rate: s.growth_rate,
            },
            confirmed: Confirmed { all_time: s.confirmed_all_time, month: s.confirmed_month },
            shipped_unconfirmed: s.shipped_unconfirmed,
            unsent: s.unsent,
            shipping_expense: ShippingExpense {
                per_shipment: s.shipping_per_shipment,
                month: s.shipping_month,
            },
            store_age_days: s.store_age_days,
            daily: s
                .daily
                .into_iter()
                .map(|d| DayStats { date: d.date, revenue: d.revenue, confirmed: d.confirmed })
                .collect(),
            rankings: Rankings {
                sales: ranked(s.by_sales),
                likes: ranked(s.by_likes),
                rating: ranked(s.by_rating),
            },
        }
    }
}

/// The seller's statistics for a business month.
#[utoipa::path(tag = "commerce", security(("bearer" = [])), params(StatsQuery),
    responses((status = 200, body = SellerStatsResponse), (status = 400), (status = 403)))]
#[get("/seller/stats")]
pub async fn seller_stats(
    state: Data<AppState>,
    me: AuthUser,
    query: Query<StatsQuery>,
) -> ApiResult<HttpResponse> {
    let calendar = state.config.calendar();
    let month = match query.into_inner().month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(text) => month_param("month", text)?,
        None => calendar.month_of(state.clock.now()),
    };
    let expense = settings(&state).shipping_expense;
    let stats =
        state.run(move |conn, now| seller::stats(conn, &calendar, expense, me.id, month, now)).await?;
    Ok(HttpResponse::Ok().json(SellerStatsResponse::new(&state, stats)))
}
