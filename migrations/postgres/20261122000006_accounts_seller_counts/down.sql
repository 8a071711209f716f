ALTER TABLE accounts_sellers DROP COLUMN follower_count;
ALTER TABLE accounts_sellers DROP COLUMN product_count;
