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
    /// The append-only points ledger; `idempotency_key` makes each credit happen once.
    payments_ledger_entries (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        amount -> BigInt,
        balance_after -> BigInt,
        idempotency_key -> Text,
        memo -> Text,
        created_at -> Timestamp,
    }
}
