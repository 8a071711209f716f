-- Idempotency-Key store: the first final answer to a caller's key, kept 24 hours.
-- `status_code` is NULL while the first request still runs.
CREATE TABLE kernel_idempotency_keys (
    scope TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status_code INTEGER,
    response_body TEXT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX kernel_idempotency_keys_expires ON kernel_idempotency_keys (expires_at);
