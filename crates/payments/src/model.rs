//! Row types and their queries, as `impl` blocks on the rows.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use praline_kernel::db::Conn;
use serde::Serialize;

use crate::schema::{payments_ledger_entries, payments_wallets};

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
}

/// A user's stored balance.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = payments_wallets)]
pub struct Wallet {
    pub user_id: i64,
    pub balance: i64,
    pub updated_at: NaiveDateTime,
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Serialize)]
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

impl LedgerEntry {
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
            .order(payments_ledger_entries::id.desc())
            .limit(limit)
            .select(LedgerEntry::as_select())
            .load(conn)
    }
}
