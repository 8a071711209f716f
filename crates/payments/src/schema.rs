//! The tables this crate owns.

diesel::table! {
    /// One stored balance per user; `balance >= 0` is a CHECK constraint.
    payments_wallets (user_id) {
        user_id -> BigInt,
        balance -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// The append-only points ledger; `idempotency_key` makes each entry happen once.
    payments_ledger_entries (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        amount -> BigInt,
        balance_after -> BigInt,
        idempotency_key -> Text,
        memo -> Text,
        created_at -> Timestamp,
        reference_type -> Nullable<Text>,
        reference_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    /// A user's membership: the current period and whether it renews.
    payments_memberships (user_id) {
        user_id -> BigInt,
        period_start -> Timestamp,
        period_end -> Timestamp,
        auto_renew -> Bool,
        active -> Bool,
        ended_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Every paid membership period; unique per (user_id, period_start).
    payments_membership_periods (id) {
        id -> BigInt,
        user_id -> BigInt,
        period_start -> Timestamp,
        period_end -> Timestamp,
        fee -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Card payments at PortOne, one per `merchant_uid` we made (unique, as is `imp_uid`).
    payments_payments (id) {
        id -> BigInt,
        merchant_uid -> Text,
        user_id -> BigInt,
        purpose -> Text,
        order_id -> Nullable<BigInt>,
        name -> Text,
        amount -> BigInt,
        status -> Text,
        cancel_amount -> BigInt,
        imp_uid -> Nullable<Text>,
        pay_method -> Nullable<Text>,
        receipt_url -> Nullable<Text>,
        fail_reason -> Nullable<Text>,
        refund_pending -> Bool,
        created_at -> Timestamp,
        paid_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Refunds of a paid payment, unique per (payment, reference): each happens once.
    payments_card_refunds (id) {
        id -> BigInt,
        payment_id -> BigInt,
        reference -> Text,
        amount -> BigInt,
        created_at -> Timestamp,
    }
}
