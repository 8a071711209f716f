-- Reviews: one per order line (the unique key), with the reward fixed at creation so a delete
-- takes back exactly what was credited, and likes (one row per user and review).
CREATE TABLE community_reviews (
    id BIGSERIAL PRIMARY KEY,
    order_line_id BIGINT NOT NULL UNIQUE REFERENCES commerce_order_lines (id),
    product_id BIGINT NOT NULL REFERENCES catalog_products (id),
    author_id BIGINT NOT NULL REFERENCES accounts_users (id),
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    rating BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    delivery TEXT NOT NULL CHECK (delivery IN ('fast', 'normal', 'slow')),
    service TEXT NOT NULL CHECK (service IN ('friendly', 'normal', 'unfriendly')),
    rebuy TEXT NOT NULL CHECK (rebuy IN ('yes', 'maybe', 'no')),
    photo_key TEXT,
    reward_kind TEXT NOT NULL CHECK (reward_kind IN ('text_review', 'photo_review')),
    reward_points BIGINT NOT NULL CHECK (reward_points >= 0),
    like_count BIGINT NOT NULL DEFAULT 0 CHECK (like_count >= 0),
    hidden BOOLEAN NOT NULL DEFAULT FALSE,
    hidden_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX community_reviews_recent ON community_reviews (product_id, hidden, created_at, id);
CREATE INDEX community_reviews_likes ON community_reviews (product_id, hidden, like_count, id);
CREATE INDEX community_reviews_rating ON community_reviews (product_id, hidden, rating, id);
CREATE INDEX community_reviews_author ON community_reviews (author_id, created_at);

CREATE TABLE community_review_likes (
    review_id BIGINT NOT NULL REFERENCES community_reviews (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES accounts_users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, user_id)
);
CREATE INDEX community_review_likes_user ON community_review_likes (user_id, review_id);

-- How each product's visible reviews are spread, kept in the same transaction as every review
-- change, so a list's evaluation and totals are one row read whatever the number of reviews.
CREATE TABLE community_review_stats (
    product_id BIGINT PRIMARY KEY REFERENCES catalog_products (id),
    total BIGINT NOT NULL DEFAULT 0 CHECK (total >= 0),
    photos BIGINT NOT NULL DEFAULT 0 CHECK (photos >= 0),
    rating_1 BIGINT NOT NULL DEFAULT 0 CHECK (rating_1 >= 0),
    rating_2 BIGINT NOT NULL DEFAULT 0 CHECK (rating_2 >= 0),
    rating_3 BIGINT NOT NULL DEFAULT 0 CHECK (rating_3 >= 0),
    rating_4 BIGINT NOT NULL DEFAULT 0 CHECK (rating_4 >= 0),
    rating_5 BIGINT NOT NULL DEFAULT 0 CHECK (rating_5 >= 0),
    delivery_fast BIGINT NOT NULL DEFAULT 0 CHECK (delivery_fast >= 0),
    delivery_normal BIGINT NOT NULL DEFAULT 0 CHECK (delivery_normal >= 0),
    delivery_slow BIGINT NOT NULL DEFAULT 0 CHECK (delivery_slow >= 0),
    service_friendly BIGINT NOT NULL DEFAULT 0 CHECK (service_friendly >= 0),
    service_normal BIGINT NOT NULL DEFAULT 0 CHECK (service_normal >= 0),
    service_unfriendly BIGINT NOT NULL DEFAULT 0 CHECK (service_unfriendly >= 0),
    rebuy_yes BIGINT NOT NULL DEFAULT 0 CHECK (rebuy_yes >= 0),
    rebuy_maybe BIGINT NOT NULL DEFAULT 0 CHECK (rebuy_maybe >= 0),
    rebuy_no BIGINT NOT NULL DEFAULT 0 CHECK (rebuy_no >= 0)
);
