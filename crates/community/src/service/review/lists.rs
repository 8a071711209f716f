//! The product's reviews with their spread, the author's reviews, and the lines still to review.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use praline_catalog::service::product as catalog_product;
use praline_commerce::model::OrderLineRow;
use praline_commerce::service::order as commerce_order;
use praline_kernel::db::Conn;
use praline_kernel::page::{Page, PageRequest};
use praline_payments::service as payments;

use super::{ReviewView, check_rating, reward_for, views};
use crate::error::CommunityError;
use crate::model::{ReviewRow, ReviewStatsRow};
use crate::schema::community_reviews;

/// The order of a product's reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReviewSort {
    #[default]
    Recent,
    Likes,
    RatingDesc,
    RatingAsc,
}

impl ReviewSort {
    pub const NAMES: [&'static str; 4] = ["recent", "likes", "rating_desc", "rating_asc"];

    /// One of [`ReviewSort::NAMES`]; empty or omitted is `recent`.
    pub fn parse(raw: Option<&str>) -> Result<ReviewSort, CommunityError> {
        Ok(match raw.map(str::trim).unwrap_or("") {
            "" | "recent" => ReviewSort::Recent,
            "likes" => ReviewSort::Likes,
            "rating_desc" => ReviewSort::RatingDesc,
            "rating_asc" => ReviewSort::RatingAsc,
            _ => {
                return Err(CommunityError::invalid(
                    "sort",
                    format!("sort must be one of {}", ReviewSort::NAMES.join(", ")),
                ));
            }
        })
    }
}

/// Which of a product's reviews to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReviewFilter {
    pub sort: ReviewSort,
    /// Only this rating (1–5).
    pub rating: Option<i64>,
    /// Only reviews with a photo.
    pub photo: bool,
}

/// How the visible reviews of a product are spread.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Distribution {
    pub rating_count: i64,
    pub rating_avg: f64,
    /// Counts of ratings 1 to 5.
    pub ratings: [i64; 5],
    /// Counts per value of delivery, service and rebuy, in [`Evaluation::values`] order.
    pub delivery: [i64; 3],
    pub service: [i64; 3],
    pub rebuy: [i64; 3],
}

fn distribution(stats: &ReviewStatsRow) -> Distribution {
    let ratings = stats.ratings();
    let sum: i64 = ratings.iter().zip(1..).map(|(n, rating)| n * rating).sum();
    let rating_avg = if stats.total > 0 {
        #[allow(clippy::cast_precision_loss)]
        let avg = sum as f64 / stats.total as f64;
        (avg * 100.0).round() / 100.0
    } else {
        0.0
    };
    Distribution {
        rating_count: stats.total,
        rating_avg,
        ratings,
        delivery: [stats.delivery_fast, stats.delivery_normal, stats.delivery_slow],
        service: [stats.service_friendly, stats.service_normal, stats.service_unfriendly],
        rebuy: [stats.rebuy_yes, stats.rebuy_maybe, stats.rebuy_no],
    }
}

/// A product's visible reviews as `viewer` sees them, and their distribution. A constant number
/// of statements whatever the page size.
pub fn of_product(
    conn: &mut Conn,
    viewer: Option<i64>,
    product_id: i64,
    filter: ReviewFilter,
    page: PageRequest,
) -> Result<(Page<ReviewView>, Distribution), CommunityError> {
    use community_reviews as r;
    if let Some(rating) = filter.rating {
        check_rating(rating)?;
    }
    catalog_product::visible(conn, viewer, product_id)?;
    let build = || {
        let mut query =
            r::table.filter(r::product_id.eq(product_id)).filter(r::hidden.eq(false)).into_boxed();
        if let Some(rating) = filter.rating {
            query = query.filter(r::rating.eq(rating));
        }
        if filter.photo {
            query = query.filter(r::photo_key.is_not_null());
        }
        query
    };
    // The spread row answers every total but "this rating with a photo" without counting rows.
    let stats = ReviewStatsRow::of_product(conn, product_id)?;
    let total: i64 = match (filter.rating, filter.photo) {
        (None, false) => stats.total,
        (None, true) => stats.photos,
        (Some(rating), false) => {
            usize::try_from(rating - 1).ok().and_then(|i| stats.ratings().get(i).copied()).unwrap_or(0)
        }
        (Some(_), true) => build().count().get_result(conn)?,
    };
    let ordered = match filter.sort {
        ReviewSort::Recent => build().order((r::created_at.desc(), r::id.desc())),
        ReviewSort::Likes => build().order((r::like_count.desc(), r::id.desc())),
        ReviewSort::RatingDesc => build().order((r::rating.desc(), r::id.desc())),
        ReviewSort::RatingAsc => build().order((r::rating.asc(), r::id.asc())),
    };
    let rows = if page.offset() >= total {
        Vec::new()
    } else {
        ordered.offset(page.offset()).limit(page.limit()).select(ReviewRow::as_select()).load(conn)?
    };
    let items = views(conn, viewer, false, rows, false)?;
    Ok((Page::new(items, page, total), distribution(&stats)))
}

/// The author's reviews, hidden ones included, newest first, with their products.
pub fn mine(conn: &mut Conn, user_id: i64, page: PageRequest) -> Result<Page<ReviewView>, CommunityError> {
    use community_reviews as r;
    let total: i64 = r::table.filter(r::author_id.eq(user_id)).count().get_result(conn)?;
    let rows = r::table
        .filter(r::author_id.eq(user_id))
        .order((r::created_at.desc(), r::id.desc()))
        .offset(page.offset())
        .limit(page.limit())
        .select(ReviewRow::as_select())
        .load(conn)?;
    let items = views(conn, Some(user_id), false, rows, true)?
        .into_iter()
        .map(|mut v| {
            v.show_hidden = true;
            v
        })
        .collect();
    Ok(Page::new(items, page, total))
}

/// A confirmed order line still waiting for its review, with what a review would earn now.
#[derive(Debug, Clone)]
pub struct ReviewableLine {
    pub line: OrderLineRow,
    pub confirmed_at: NaiveDateTime,
    pub text_reward: i64,
    pub photo_reward: i64,
}

/// The caller's confirmed lines without a review, most recently confirmed first: the reviewed
/// lines from our table, the rest paged by commerce (a constant number of statements).
pub fn reviewable(
    conn: &mut Conn,
    user_id: i64,
    page: PageRequest,
    now: DateTime<Utc>,
) -> Result<Page<ReviewableLine>, CommunityError> {
    let reviewed = ReviewRow::reviewed_lines_of(conn, user_id)?;
    let lines = commerce_order::confirmed_lines(conn, user_id, &reviewed, page)?;
    let member = payments::is_member(conn, user_id, now)?;
    Ok(lines.map(|line| ReviewableLine {
        confirmed_at: line.confirmed_at.unwrap_or(line.status_changed_at),
        text_reward: reward_for(line.unit_price, false, member).points,
        photo_reward: reward_for(line.unit_price, true, member).points,
        line,
    }))
}
