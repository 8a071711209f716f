-- Which login-provider account (Kakao, Naver, Google) belongs to which user.
CREATE TABLE accounts_social_identities (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES accounts_users (id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    subject TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (provider, subject)
);
CREATE INDEX accounts_social_identities_user ON accounts_social_identities (user_id);
