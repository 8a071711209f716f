-- Users and who they are: e-mail codes, sessions with rotating refresh tokens, seller profiles.
CREATE TABLE accounts_users (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    nickname TEXT NOT NULL,
    password_hash TEXT,
    login_type TEXT NOT NULL DEFAULT 'email',
    status TEXT NOT NULL DEFAULT 'pending',
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    email_verified BOOLEAN NOT NULL DEFAULT FALSE,
    introduction TEXT NOT NULL DEFAULT '',
    avatar_key TEXT,
    phone_sealed TEXT,
    phone_verified BOOLEAN NOT NULL DEFAULT FALSE,
    customs_code_sealed TEXT,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    dormant_since TIMESTAMP,
    suspended_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX accounts_users_status ON accounts_users (status, created_at);

CREATE TABLE accounts_email_codes (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES accounts_users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    target TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    expires_at TIMESTAMP NOT NULL,
    consumed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX accounts_email_codes_user_purpose ON accounts_email_codes (user_id, purpose, created_at);

CREATE TABLE accounts_sessions (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES accounts_users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX accounts_sessions_user ON accounts_sessions (user_id);

CREATE TABLE accounts_refresh_tokens (
    id BIGSERIAL PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES accounts_sessions (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX accounts_refresh_tokens_session ON accounts_refresh_tokens (session_id);

CREATE TABLE accounts_sellers (
    user_id BIGINT PRIMARY KEY REFERENCES accounts_users (id) ON DELETE CASCADE,
    company_name TEXT NOT NULL,
    company_key TEXT NOT NULL UNIQUE,
    business_number TEXT NOT NULL,
    owner_name TEXT NOT NULL,
    contact TEXT NOT NULL,
    logo_key TEXT,
    bank_name_sealed TEXT NOT NULL,
    account_number_sealed TEXT NOT NULL,
    account_holder_sealed TEXT NOT NULL,
    status TEXT NOT NULL,
    reject_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP
);
CREATE INDEX accounts_sellers_status ON accounts_sellers (status, created_at);
