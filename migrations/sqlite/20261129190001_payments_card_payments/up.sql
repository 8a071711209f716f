-- Card payments at PortOne: one row per merchant_uid we made. A payment moves ready -> paid by
-- one conditional update (UNIQUE imp_uid and merchant_uid make a payment count once), ready ->
-- expired when its order gave up, and -> cancelled once fully refunded or when money that may not
-- be kept (a wrong amount, a closed order) was sent back. refund_pending marks a full cancel
-- still owed at PortOne; a job retries it until PortOne confirms.
CREATE TABLE payments_payments (
    id INTEGER PRIMARY KEY,
    merchant_uid TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('order', 'top_up')),
    order_id BIGINT,
    name TEXT NOT NULL,
    amount BIGINT NOT NULL CHECK (amount > 0),
    status TEXT NOT NULL CHECK (status IN ('ready', 'paid', 'expired', 'cancelled')),
    cancel_amount BIGINT NOT NULL DEFAULT 0 CHECK (cancel_amount >= 0),
    imp_uid TEXT UNIQUE,
    pay_method TEXT,
    receipt_url TEXT,
    fail_reason TEXT,
    refund_pending BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    paid_at TIMESTAMP,
    expires_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    CHECK (cancel_amount <= amount)
);
CREATE INDEX payments_payments_user ON payments_payments (user_id, created_at);
CREATE INDEX payments_payments_order ON payments_payments (order_id);
CREATE INDEX payments_payments_open ON payments_payments (status, expires_at);
CREATE INDEX payments_payments_refunds ON payments_payments (refund_pending);

-- Refunds of a paid payment, one per thing refunded (an order line): a retried refund finds its
-- row and does not send the money a second time.
CREATE TABLE payments_card_refunds (
    id INTEGER PRIMARY KEY,
    payment_id BIGINT NOT NULL REFERENCES payments_payments (id),
    reference TEXT NOT NULL,
    amount BIGINT NOT NULL CHECK (amount > 0),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (payment_id, reference)
);
