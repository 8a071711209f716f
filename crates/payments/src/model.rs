//! Row types and their queries, as `impl` blocks on the rows.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use praline_kernel::db::Conn;
use praline_kernel::page::PageRequest;
use serde::Serialize;

use crate::schema::{
    payments_ledger_entries, payments_membership_periods, payments_memberships, payments_payments,
    payments_wallets,
};

/// What a ledger entry is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    SignupBonus,
    TopUp,
    Attendance,
    TextReview,
    PhotoReview,
    PurchaseReward,
    OrderPayment,
    MembershipFee,
    Refund,
    SellerSettlement,
    ReviewReversal,
    AdminAdjustment,
}

impl EntryKind {
    /// Every kind, in the order of API.md.
    pub const ALL: [EntryKind; 12] = [
        EntryKind::SignupBonus,
        EntryKind::TopUp,
        EntryKind::Attendance,
        EntryKind::TextReview,
        EntryKind::PhotoReview,
        EntryKind::PurchaseReward,
        EntryKind::OrderPayment,
        EntryKind::MembershipFee,
        EntryKind::Refund,
        EntryKind::SellerSettlement,
        EntryKind::ReviewReversal,
        EntryKind::AdminAdjustment,
    ];

    /// The stored text form.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::SignupBonus => "signup_bonus",
            EntryKind::TopUp => "top_up",
            EntryKind::Attendance => "attendance",
            EntryKind::TextReview => "text_review",
            EntryKind::PhotoReview => "photo_review",
            EntryKind::PurchaseReward => "purchase_reward",
            EntryKind::OrderPayment => "order_payment",
            EntryKind::MembershipFee => "membership_fee",
            EntryKind::Refund => "refund",
            EntryKind::SellerSettlement => "seller_settlement",
            EntryKind::ReviewReversal => "review_reversal",
            EntryKind::AdminAdjustment => "admin_adjustment",
        }
    }

    /// The kind stored as `text`.
    pub fn parse(text: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// What an entry's `reference` points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    Order,
    OrderLine,
    Review,
    Payment,
    Membership,
}

impl ReferenceKind {
    /// The stored text form.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferenceKind::Order => "order",
            ReferenceKind::OrderLine => "order_line",
            ReferenceKind::Review => "review",
            ReferenceKind::Payment => "payment",
            ReferenceKind::Membership => "membership",
        }
    }

    /// The kind stored as `text`.
    pub fn parse(text: &str) -> Option<ReferenceKind> {
        [Self::Order, Self::OrderLine, Self::Review, Self::Payment, Self::Membership]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

/// The object an entry is about: `{type, id}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Reference {
    #[serde(rename = "type")]
    pub kind: ReferenceKind,
    pub id: i64,
}

impl Reference {
    /// A reference to `id` of kind `kind`.
    pub fn new(kind: ReferenceKind, id: i64) -> Reference {
        Reference { kind, id }
    }
}

/// A user's stored balance.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = payments_wallets)]
pub struct Wallet {
    pub user_id: i64,
    pub balance: i64,
    pub updated_at: NaiveDateTime,
}

/// One line of the ledger: `amount` is signed (+ credit, − debit).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = payments_ledger_entries)]
pub struct LedgerEntry {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub amount: i64,
    pub balance_after: i64,
    pub idempotency_key: String,
    pub memo: String,
    pub created_at: NaiveDateTime,
    pub reference_type: Option<String>,
    pub reference_id: Option<i64>,
}

#[derive(Insertable)]
#[diesel(table_name = payments_ledger_entries)]
pub(crate) struct NewLedgerEntry<'a> {
    pub user_id: i64,
    pub kind: &'a str,
    pub amount: i64,
    pub balance_after: i64,
    pub idempotency_key: &'a str,
    pub memo: &'a str,
    pub created_at: NaiveDateTime,
    pub reference_type: Option<&'a str>,
    pub reference_id: Option<i64>,
}

impl Wallet {
    /// The balance of `user_id` (0 when the user has no wallet yet).
    pub fn balance_of(conn: &mut Conn, user_id: i64) -> QueryResult<i64> {
        payments_wallets::table
            .find(user_id)
            .select(payments_wallets::balance)
            .first(conn)
            .optional()
            .map(|b| b.unwrap_or(0))
    }
}

/// Points in and out over a span: `earned` sums the credits, `spent` the debits (positive).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Totals {
    pub earned: i64,
    pub spent: i64,
}

/// A span `[start, end)` of instants; `None` bounds are open.
pub type Span = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

type EntriesOf<'a> = payments_ledger_entries::BoxedQuery<'a, <Conn as diesel::Connection>::Backend>;

impl LedgerEntry {
    /// The kind (unknown stored text reads as an admin adjustment, which never happens).
    pub fn kind(&self) -> EntryKind {
        EntryKind::parse(&self.kind).unwrap_or(EntryKind::AdminAdjustment)
    }

    /// What the entry is about, if anything.
    pub fn reference(&self) -> Option<Reference> {
        let kind = ReferenceKind::parse(self.reference_type.as_deref()?)?;
        Some(Reference::new(kind, self.reference_id?))
    }

    /// The entry recorded under `key`, if any.
    pub fn by_key(conn: &mut Conn, key: &str) -> QueryResult<Option<LedgerEntry>> {
        payments_ledger_entries::table
            .filter(payments_ledger_entries::idempotency_key.eq(key))
            .select(LedgerEntry::as_select())
            .first(conn)
            .optional()
    }

    /// A user's entries, newest first.
    pub fn of_user(conn: &mut Conn, user_id: i64, limit: i64) -> QueryResult<Vec<LedgerEntry>> {
        payments_ledger_entries::table
            .filter(payments_ledger_entries::user_id.eq(user_id))
            .order((payments_ledger_entries::created_at.desc(), payments_ledger_entries::id.desc()))
            .limit(limit)
            .select(LedgerEntry::as_select())
            .load(conn)
    }

    fn in_span<'a>(user_id: i64, span: Span) -> EntriesOf<'a> {
        let mut query =
            payments_ledger_entries::table.filter(payments_ledger_entries::user_id.eq(user_id)).into_boxed();
        if let Some(start) = span.0 {
            query = query.filter(payments_ledger_entries::created_at.ge(start.naive_utc()));
        }
        if let Some(end) = span.1 {
            query = query.filter(payments_ledger_entries::created_at.lt(end.naive_utc()));
        }
        query
    }

    /// One page of a user's entries in `span`, newest first, and how many there are.
    pub fn page(
        conn: &mut Conn,
        user_id: i64,
        span: Span,
        page: PageRequest,
    ) -> QueryResult<(Vec<LedgerEntry>, i64)> {
        let total = Self::in_span(user_id, span).count().get_result(conn)?;
        let items = Self::in_span(user_id, span)
            .order((payments_ledger_entries::created_at.desc(), payments_ledger_entries::id.desc()))
            .offset(page.offset())
            .limit(page.limit())
            .select(LedgerEntry::as_select())
            .load(conn)?;
        Ok((items, total))
    }

    /// The points earned and spent by a user in `span`, summed by the database.
    pub fn totals(conn: &mut Conn, user_id: i64, span: Span) -> QueryResult<Totals> {
        // CAST: PostgreSQL sums BIGINT into NUMERIC.
        let (earned, spent) = Self::in_span(user_id, span)
            .select((
                sql::<BigInt>(
                    "CAST(COALESCE(SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END), 0) AS BIGINT)",
                ),
                sql::<BigInt>(
                    "CAST(COALESCE(SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END), 0) AS BIGINT)",
                ),
            ))
            .first::<(i64, i64)>(conn)?;
        Ok(Totals { earned, spent })
    }

    /// `(created_at, amount)` of a user's entries in `span`, for totals by business day.
    pub fn amounts(conn: &mut Conn, user_id: i64, span: Span) -> QueryResult<Vec<(NaiveDateTime, i64)>> {
        Self::in_span(user_id, span)
            .select((payments_ledger_entries::created_at, payments_ledger_entries::amount))
            .load(conn)
    }
}

/// A user's membership row (kept after it ends, for its history).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = payments_memberships)]
pub struct MembershipRow {
    pub user_id: i64,
    pub period_start: NaiveDateTime,
    pub period_end: NaiveDateTime,
    pub auto_renew: bool,
    pub active: bool,
    pub ended_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// One paid membership period.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = payments_membership_periods)]
pub struct MembershipPeriod {
    pub id: i64,
    pub user_id: i64,
    pub period_start: NaiveDateTime,
    pub period_end: NaiveDateTime,
    pub fee: i64,
    pub created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = payments_membership_periods)]
pub(crate) struct NewMembershipPeriod {
    pub user_id: i64,
    pub period_start: NaiveDateTime,
    pub period_end: NaiveDateTime,
    pub fee: i64,
    pub created_at: NaiveDateTime,
}

impl MembershipRow {
    /// The membership row of `user_id`, if the user ever subscribed.
    pub fn find(conn: &mut Conn, user_id: i64) -> QueryResult<Option<MembershipRow>> {
        payments_memberships::table.find(user_id).select(MembershipRow::as_select()).first(conn).optional()
    }

    /// Active memberships whose period is over at `now`, oldest first, at most `limit`.
    pub fn due(conn: &mut Conn, now: DateTime<Utc>, limit: i64) -> QueryResult<Vec<MembershipRow>> {
        payments_memberships::table
            .filter(payments_memberships::active.eq(true))
            .filter(payments_memberships::period_end.le(now.naive_utc()))
            .order((payments_memberships::period_end.asc(), payments_memberships::user_id.asc()))
            .limit(limit)
            .select(MembershipRow::as_select())
            .load(conn)
    }
}

impl MembershipPeriod {
    /// The paid period of `user_id` that covers instant `at`, if any.
    pub fn covering(
        conn: &mut Conn,
        user_id: i64,
        at: DateTime<Utc>,
    ) -> QueryResult<Option<MembershipPeriod>> {
        let at = at.naive_utc();
        payments_membership_periods::table
            .filter(payments_membership_periods::user_id.eq(user_id))
            .filter(payments_membership_periods::period_start.le(at))
            .filter(payments_membership_periods::period_end.gt(at))
            .order(payments_membership_periods::period_start.desc())
            .select(MembershipPeriod::as_select())
            .first(conn)
            .optional()
    }

    /// Which of `user_ids` have a paid period covering `at` (one query).
    pub fn members_among(conn: &mut Conn, user_ids: &[i64], at: DateTime<Utc>) -> QueryResult<Vec<i64>> {
        let at = at.naive_utc();
        let mut ids: Vec<i64> = payments_membership_periods::table
            .filter(payments_membership_periods::user_id.eq_any(user_ids))
            .filter(payments_membership_periods::period_start.le(at))
            .filter(payments_membership_periods::period_end.gt(at))
            .select(payments_membership_periods::user_id)
            .load(conn)?;
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }
}

/// What a card payment pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// An order of commerce; its effect is commerce's, wired in through a hook.
    Order,
    /// Points bought by card; the effect is a `top_up` credit.
    TopUp,
}

impl Purpose {
    /// The stored text form.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Order => "order",
            Purpose::TopUp => "top_up",
        }
    }

    /// The purpose stored as `text`.
    pub fn parse(text: &str) -> Option<Purpose> {
        [Purpose::Order, Purpose::TopUp].into_iter().find(|p| p.as_str() == text)
    }
}

/// Where a card payment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Ready,
    Paid,
    Expired,
    Cancelled,
}

impl PaymentStatus {
    /// The stored text form.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Ready => "ready",
            PaymentStatus::Paid => "paid",
            PaymentStatus::Expired => "expired",
            PaymentStatus::Cancelled => "cancelled",
        }
    }

    /// The status stored as `text` (unknown text reads as `ready`, which never happens).
    pub fn parse(text: &str) -> PaymentStatus {
        [PaymentStatus::Paid, PaymentStatus::Expired, PaymentStatus::Cancelled]
            .into_iter()
            .find(|s| s.as_str() == text)
            .unwrap_or(PaymentStatus::Ready)
    }
}

/// One card payment at PortOne, under the `merchant_uid` we made.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = payments_payments)]
pub struct Payment {
    pub id: i64,
    pub merchant_uid: String,
    pub user_id: i64,
    pub purpose: String,
    pub order_id: Option<i64>,
    pub name: String,
    pub amount: i64,
    pub status: String,
    pub cancel_amount: i64,
    pub imp_uid: Option<String>,
    pub pay_method: Option<String>,
    pub receipt_url: Option<String>,
    pub fail_reason: Option<String>,
    pub refund_pending: bool,
    pub created_at: NaiveDateTime,
    pub paid_at: Option<NaiveDateTime>,
    pub expires_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = payments_payments)]
pub(crate) struct NewPaymentRow<'a> {
    pub merchant_uid: &'a str,
    pub user_id: i64,
    pub purpose: &'a str,
    pub order_id: Option<i64>,
    pub name: &'a str,
    pub amount: i64,
    pub status: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

impl Payment {
    /// The status.
    pub fn status(&self) -> PaymentStatus {
        PaymentStatus::parse(&self.status)
    }

    /// The purpose (unknown stored text reads as a top-up, which never happens).
    pub fn purpose(&self) -> Purpose {
        Purpose::parse(&self.purpose).unwrap_or(Purpose::TopUp)
    }

    /// The payment made under `merchant_uid`, if any.
    pub fn by_merchant_uid(conn: &mut Conn, merchant_uid: &str) -> QueryResult<Option<Payment>> {
        payments_payments::table
            .filter(payments_payments::merchant_uid.eq(merchant_uid))
            .select(Payment::as_select())
            .first(conn)
            .optional()
    }

    /// The payments of these orders (one query).
    pub fn of_orders(conn: &mut Conn, order_ids: &[i64]) -> QueryResult<Vec<Payment>> {
        payments_payments::table
            .filter(payments_payments::order_id.eq_any(order_ids))
            .filter(payments_payments::purpose.eq(Purpose::Order.as_str()))
            .order(payments_payments::id.asc())
            .select(Payment::as_select())
            .load(conn)
    }

    /// Unpaid payments whose window closed at `now`, oldest first, at most `limit`.
    pub fn overdue(conn: &mut Conn, now: DateTime<Utc>, limit: i64) -> QueryResult<Vec<Payment>> {
        payments_payments::table
            .filter(payments_payments::status.eq(PaymentStatus::Ready.as_str()))
            .filter(payments_payments::expires_at.le(now.naive_utc()))
            .order(payments_payments::expires_at.asc())
            .limit(limit)
            .select(Payment::as_select())
            .load(conn)
    }

    /// Payments whose money must still be sent back at PortOne, at most `limit`.
    pub fn refunds_owed(conn: &mut Conn, limit: i64) -> QueryResult<Vec<Payment>> {
        payments_payments::table
            .filter(payments_payments::refund_pending.eq(true))
            .order(payments_payments::id.asc())
            .limit(limit)
            .select(Payment::as_select())
            .load(conn)
    }
}
