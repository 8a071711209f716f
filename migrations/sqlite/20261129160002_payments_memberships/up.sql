-- Membership: one row per user that ever subscribed (its current period and whether it renews),
-- and one row per paid period. "A member at time T" means a paid period covers T; the unique
-- (user_id, period_start) makes the renewal job charge a period once, however often it runs.
CREATE TABLE payments_memberships (
    user_id BIGINT PRIMARY KEY,
    period_start TIMESTAMP NOT NULL,
    period_end TIMESTAMP NOT NULL,
    auto_renew BOOLEAN NOT NULL,
    -- False once the membership ended (cancelled and over, or the renewal fee was short).
    active BOOLEAN NOT NULL,
    ended_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (period_end > period_start)
);
CREATE INDEX payments_memberships_due ON payments_memberships (active, period_end);

CREATE TABLE payments_membership_periods (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL,
    period_start TIMESTAMP NOT NULL,
    period_end TIMESTAMP NOT NULL,
    fee BIGINT NOT NULL CHECK (fee >= 0),
    created_at TIMESTAMP NOT NULL,
    CHECK (period_end > period_start),
    UNIQUE (user_id, period_start)
);
