-- The points wallet: a stored balance that can never go negative, and an append-only ledger.
CREATE TABLE payments_wallets (
    user_id BIGINT PRIMARY KEY,
    balance BIGINT NOT NULL DEFAULT 0 CHECK (balance >= 0),
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE payments_ledger_entries (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    amount BIGINT NOT NULL CHECK (amount <> 0),
    balance_after BIGINT NOT NULL CHECK (balance_after >= 0),
    idempotency_key TEXT NOT NULL UNIQUE,
    memo TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX payments_ledger_entries_user_created ON payments_ledger_entries (user_id, created_at);
