-- Aggregates other domains feed through accounts' service (catalog: listed products,
-- community: followers), so the public seller card is one row read.
ALTER TABLE accounts_sellers ADD COLUMN product_count BIGINT NOT NULL DEFAULT 0 CHECK (product_count >= 0);
ALTER TABLE accounts_sellers ADD COLUMN follower_count BIGINT NOT NULL DEFAULT 0 CHECK (follower_count >= 0);
