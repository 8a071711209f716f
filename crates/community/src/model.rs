//! Row types and their queries, as `impl` blocks on the rows.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use praline_kernel::db::Conn;

use crate::schema::{
    community_attendance, community_follows, community_inquiries, community_notices, community_review_likes,
    community_review_stats, community_reviews, community_support_tickets, community_wishes,
};

/// Longest inquiry or answer, in characters.
pub const MAX_INQUIRY_CHARS: usize = 1_000;
/// Longest notice or support title, in characters.
pub const MAX_TITLE_CHARS: usize = 100;
/// Longest notice body, in characters.
pub const MAX_NOTICE_CHARS: usize = 20_000;
/// Longest support question or answer, in characters.
pub const MAX_SUPPORT_CHARS: usize = 2_000;
/// Longest review title, in characters.
pub const MAX_REVIEW_TITLE_CHARS: usize = 50;
/// Shortest review text, in characters.
pub const MIN_REVIEW_CONTENT_CHARS: usize = 10;
/// Longest review text, in characters.
pub const MAX_REVIEW_CONTENT_CHARS: usize = 2_000;
/// Longest reason an administrator gives for hiding a review, in characters.
pub const MAX_HIDE_REASON_CHARS: usize = 500;
/// Points one check-in earns.
pub const ATTENDANCE_POINTS: i64 = 100;

/// A product on someone's wishlist.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = community_wishes)]
pub struct WishRow {
    pub user_id: i64,
    pub product_id: i64,
    pub created_at: NaiveDateTime,
}

impl WishRow {
    pub fn find(conn: &mut Conn, user_id: i64, product_id: i64) -> QueryResult<Option<WishRow>> {
        community_wishes::table
            .find((user_id, product_id))
            .select(WishRow::as_select())
            .first(conn)
            .optional()
    }

    /// Every wish of a user, newest first.
    pub fn of_user(conn: &mut Conn, user_id: i64) -> QueryResult<Vec<WishRow>> {
        community_wishes::table
            .filter(community_wishes::user_id.eq(user_id))
            .order((community_wishes::created_at.desc(), community_wishes::product_id.desc()))
            .select(WishRow::as_select())
            .load(conn)
    }

    /// Which of `product_ids` the user wished (one query).
    pub fn wished_among(conn: &mut Conn, user_id: i64, product_ids: &[i64]) -> QueryResult<Vec<i64>> {
        community_wishes::table
            .filter(community_wishes::user_id.eq(user_id))
            .filter(community_wishes::product_id.eq_any(product_ids))
            .select(community_wishes::product_id)
            .load(conn)
    }
}

/// A seller someone follows.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = community_follows)]
pub struct FollowRow {
    pub user_id: i64,
    pub seller_id: i64,
    pub created_at: NaiveDateTime,
}

impl FollowRow {
    pub fn find(conn: &mut Conn, user_id: i64, seller_id: i64) -> QueryResult<Option<FollowRow>> {
        community_follows::table
            .find((user_id, seller_id))
            .select(FollowRow::as_select())
            .first(conn)
            .optional()
    }

    /// A page of a user's follows, newest first.
    pub fn page_of_user(
        conn: &mut Conn,
        user_id: i64,
        offset: i64,
        limit: i64,
    ) -> QueryResult<Vec<FollowRow>> {
        community_follows::table
            .filter(community_follows::user_id.eq(user_id))
            .order((community_follows::created_at.desc(), community_follows::seller_id.desc()))
            .offset(offset)
            .limit(limit)
            .select(FollowRow::as_select())
            .load(conn)
    }

    pub fn count_of_user(conn: &mut Conn, user_id: i64) -> QueryResult<i64> {
        community_follows::table.filter(community_follows::user_id.eq(user_id)).count().get_result(conn)
    }
}

/// A product question and its answer.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = community_inquiries)]
pub struct InquiryRow {
    pub id: i64,
    pub product_id: i64,
    pub seller_id: i64,
    pub author_id: i64,
    pub content: String,
    pub secret: bool,
    pub answer: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub answer_updated_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A new question.
#[derive(Debug, Insertable)]
#[diesel(table_name = community_inquiries)]
pub struct NewInquiry<'a> {
    pub product_id: i64,
    pub seller_id: i64,
    pub author_id: i64,
    pub content: &'a str,
    pub secret: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl InquiryRow {
    pub fn find(conn: &mut Conn, id: i64) -> QueryResult<Option<InquiryRow>> {
        community_inquiries::table.find(id).select(InquiryRow::as_select()).first(conn).optional()
    }

    pub fn is_answered(&self) -> bool {
        self.answered_at.is_some()
    }
}

/// A notice.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = community_notices)]
pub struct NoticeRow {
    pub id: i64,
    pub author_id: i64,
    pub title: String,
    pub content: String,
    pub pinned: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A new notice.
#[derive(Debug, Insertable)]
#[diesel(table_name = community_notices)]
pub struct NewNotice<'a> {
    pub author_id: i64,
    pub title: &'a str,
    pub content: &'a str,
    pub pinned: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl NoticeRow {
    pub fn find(conn: &mut Conn, id: i64) -> QueryResult<Option<NoticeRow>> {
        community_notices::table.find(id).select(NoticeRow::as_select()).first(conn).optional()
    }
}

/// A 1:1 support ticket.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = community_support_tickets)]
pub struct TicketRow {
    pub id: i64,
    pub user_id: i64,
    pub title: String,
    pub content: String,
    pub answer: Option<String>,
    pub answered_by: Option<i64>,
    pub answered_at: Option<NaiveDateTime>,
    pub answer_updated_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// A new ticket.
#[derive(Debug, Insertable)]
#[diesel(table_name = community_support_tickets)]
pub struct NewTicket<'a> {
    pub user_id: i64,
    pub title: &'a str,
    pub content: &'a str,
    pub created_at: NaiveDateTime,
}

impl TicketRow {
    pub fn find(conn: &mut Conn, id: i64) -> QueryResult<Option<TicketRow>> {
        community_support_tickets::table.find(id).select(TicketRow::as_select()).first(conn).optional()
    }
}

/// One check-in.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = community_attendance)]
pub struct AttendanceRow {
    pub user_id: i64,
    /// `YYYY-MM-DD`, the business day.
    pub day: String,
    pub points: i64,
    pub created_at: NaiveDateTime,
}

impl AttendanceRow {
    /// A user's check-ins on days from `first` to `last` (inclusive, `YYYY-MM-DD`).
    pub fn between(
        conn: &mut Conn,
        user_id: i64,
        first: &str,
        last: &str,
    ) -> QueryResult<Vec<AttendanceRow>> {
        community_attendance::table
            .filter(community_attendance::user_id.eq(user_id))
            .filter(community_attendance::day.ge(first))
            .filter(community_attendance::day.le(last))
            .order(community_attendance::day)
            .select(AttendanceRow::as_select())
            .load(conn)
    }
}

/// One of a review's three evaluations: the allowed values, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evaluation {
    Delivery,
    Service,
    Rebuy,
}

impl Evaluation {
    /// The field name.
    pub fn field(self) -> &'static str {
        match self {
            Evaluation::Delivery => "delivery",
            Evaluation::Service => "service",
            Evaluation::Rebuy => "rebuy",
        }
    }

    /// The values it takes.
    pub fn values(self) -> [&'static str; 3] {
        match self {
            Evaluation::Delivery => ["fast", "normal", "slow"],
            Evaluation::Service => ["friendly", "normal", "unfriendly"],
            Evaluation::Rebuy => ["yes", "maybe", "no"],
        }
    }

    /// The value as stored, if `raw` is one.
    pub fn parse(self, raw: &str) -> Option<&'static str> {
        self.values().into_iter().find(|v| *v == raw.trim())
    }
}

/// A review.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = community_reviews)]
pub struct ReviewRow {
    pub id: i64,
    pub order_line_id: i64,
    pub product_id: i64,
    pub author_id: i64,
    pub title: String,
    pub content: String,
    pub rating: i64,
    pub delivery: String,
    pub service: String,
    pub rebuy: String,
    pub photo_key: Option<String>,
    pub reward_kind: String,
    pub reward_points: i64,
    pub like_count: i64,
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A new review.
#[derive(Debug, Insertable)]
#[diesel(table_name = community_reviews)]
pub struct NewReview<'a> {
    pub order_line_id: i64,
    pub product_id: i64,
    pub author_id: i64,
    pub title: &'a str,
    pub content: &'a str,
    pub rating: i64,
    pub delivery: &'a str,
    pub service: &'a str,
    pub rebuy: &'a str,
    pub photo_key: Option<&'a str>,
    pub reward_kind: &'a str,
    pub reward_points: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ReviewRow {
    pub fn find(conn: &mut Conn, id: i64) -> QueryResult<Option<ReviewRow>> {
        community_reviews::table.find(id).select(ReviewRow::as_select()).first(conn).optional()
    }

    /// The reviews of several order lines (one query).
    pub fn of_lines(conn: &mut Conn, line_ids: &[i64]) -> QueryResult<Vec<ReviewRow>> {
        community_reviews::table
            .filter(community_reviews::order_line_id.eq_any(line_ids))
            .select(ReviewRow::as_select())
            .load(conn)
    }

    /// The order lines an author has reviewed (one query).
    pub fn reviewed_lines_of(conn: &mut Conn, author_id: i64) -> QueryResult<Vec<i64>> {
        community_reviews::table
            .filter(community_reviews::author_id.eq(author_id))
            .select(community_reviews::order_line_id)
            .load(conn)
    }
}

/// A like of a review.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = community_review_likes)]
pub struct ReviewLikeRow {
    pub review_id: i64,
    pub user_id: i64,
    pub created_at: NaiveDateTime,
}

impl ReviewLikeRow {
    /// Which of `review_ids` the user liked (one query).
    pub fn liked_among(conn: &mut Conn, user_id: i64, review_ids: &[i64]) -> QueryResult<Vec<i64>> {
        community_review_likes::table
            .filter(community_review_likes::user_id.eq(user_id))
            .filter(community_review_likes::review_id.eq_any(review_ids))
            .select(community_review_likes::review_id)
            .load(conn)
    }
}

/// How a product's visible reviews are spread.
#[derive(Debug, Clone, Default, Queryable, Selectable)]
#[diesel(table_name = community_review_stats)]
pub struct ReviewStatsRow {
    pub product_id: i64,
    pub total: i64,
    pub photos: i64,
    pub rating_1: i64,
    pub rating_2: i64,
    pub rating_3: i64,
    pub rating_4: i64,
    pub rating_5: i64,
    pub delivery_fast: i64,
    pub delivery_normal: i64,
    pub delivery_slow: i64,
    pub service_friendly: i64,
    pub service_normal: i64,
    pub service_unfriendly: i64,
    pub rebuy_yes: i64,
    pub rebuy_maybe: i64,
    pub rebuy_no: i64,
}

impl ReviewStatsRow {
    /// The product's row, or zeros when it has no review yet.
    pub fn of_product(conn: &mut Conn, product_id: i64) -> QueryResult<ReviewStatsRow> {
        Ok(community_review_stats::table
            .find(product_id)
            .select(ReviewStatsRow::as_select())
            .first(conn)
            .optional()?
            .unwrap_or(ReviewStatsRow { product_id, ..ReviewStatsRow::default() }))
    }

    /// Ratings 1 to 5.
    pub fn ratings(&self) -> [i64; 5] {
        [self.rating_1, self.rating_2, self.rating_3, self.rating_4, self.rating_5]
    }
}
