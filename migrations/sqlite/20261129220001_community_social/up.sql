-- Community: wishes and follows (one row per pair, so PUT and DELETE are idempotent and a
-- race leaves one row), product inquiries with one answer, notices, 1:1 support tickets and
-- attendance (one row per user and business day: the unique key is what refuses a second
-- check-in, however many arrive at once).
CREATE TABLE community_wishes (
    user_id BIGINT NOT NULL REFERENCES accounts_users (id),
    product_id BIGINT NOT NULL REFERENCES catalog_products (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, product_id)
);
CREATE INDEX community_wishes_recent ON community_wishes (user_id, created_at);

CREATE TABLE community_follows (
    user_id BIGINT NOT NULL REFERENCES accounts_users (id),
    seller_id BIGINT NOT NULL REFERENCES accounts_users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, seller_id),
    CHECK (user_id <> seller_id)
);
CREATE INDEX community_follows_recent ON community_follows (user_id, created_at);

CREATE TABLE community_inquiries (
    id INTEGER PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES catalog_products (id),
    -- The product's seller when asked (a product never changes owner), for the seller's list.
    seller_id BIGINT NOT NULL REFERENCES accounts_users (id),
    author_id BIGINT NOT NULL REFERENCES accounts_users (id),
    content TEXT NOT NULL,
    secret BOOLEAN NOT NULL,
    answer TEXT,
    answered_at TIMESTAMP,
    answer_updated_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX community_inquiries_product ON community_inquiries (product_id, created_at);
CREATE INDEX community_inquiries_author ON community_inquiries (author_id, created_at);
CREATE INDEX community_inquiries_seller ON community_inquiries (seller_id, created_at);

CREATE TABLE community_notices (
    id INTEGER PRIMARY KEY,
    author_id BIGINT NOT NULL REFERENCES accounts_users (id),
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    pinned BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX community_notices_order ON community_notices (pinned, created_at);

CREATE TABLE community_support_tickets (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES accounts_users (id),
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    answer TEXT,
    answered_by BIGINT REFERENCES accounts_users (id),
    answered_at TIMESTAMP,
    answer_updated_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX community_support_tickets_user ON community_support_tickets (user_id, created_at);
CREATE INDEX community_support_tickets_inbox ON community_support_tickets (created_at);

CREATE TABLE community_attendance (
    user_id BIGINT NOT NULL REFERENCES accounts_users (id),
    -- The business day, YYYY-MM-DD in the configured time zone.
    day TEXT NOT NULL,
    points BIGINT NOT NULL CHECK (points > 0),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, day)
);
