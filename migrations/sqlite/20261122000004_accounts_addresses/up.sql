-- Saved delivery addresses: every field sealed, at most five per user, one default.
CREATE TABLE accounts_addresses (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES accounts_users (id) ON DELETE CASCADE,
    postal_code_sealed TEXT NOT NULL,
    address_sealed TEXT NOT NULL,
    detail_address_sealed TEXT NOT NULL,
    recipient_sealed TEXT NOT NULL,
    phone_sealed TEXT NOT NULL,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX accounts_addresses_user ON accounts_addresses (user_id);
