-- Benchmark data for the review list: 50,000 confirmed order lines of one demo product, each
-- with a review (a fifth with a photo, likes spread over them), and the product's rating
-- aggregate set to match. Run once against a database the demo shop was seeded into
-- (`praline serve` on an empty PostgreSQL database), e.g.
--   psql postgres://postgres@127.0.0.1:5432/praline_bench_reviews -f docs/bench/reviews-50k.sql
-- Rows are written with SQL rather than through the services because placing and confirming
-- 50,000 orders one by one would take longer than the measurement; the list reads them the
-- same way either way.
BEGIN;
CREATE TEMP TABLE bench AS
SELECT
    (SELECT id FROM catalog_products WHERE state = 'on_sale' ORDER BY id LIMIT 1) AS product_id,
    (SELECT id FROM accounts_users WHERE email = 'buyer1@praline.local') AS buyer_id;

INSERT INTO commerce_orders (buyer_id, payment_method, total_price, shipping_postal_code_sealed,
    shipping_address_sealed, shipping_detail_address_sealed, shipping_recipient_sealed,
    shipping_phone_sealed, created_at, updated_at)
SELECT buyer_id, 'points', 0, 'bench', 'bench', 'bench', 'bench', 'bench', now(), now() FROM bench;

INSERT INTO commerce_order_lines (order_id, buyer_id, seller_id, product_id, seller_company_name, name,
    unit_price, amount, line_total, status, status_changed_at, confirmed_at, created_at)
SELECT (SELECT max(id) FROM commerce_orders), b.buyer_id, p.seller_id, p.id, 'bench', p.name,
    p.price, 1, p.price, 'confirmed', now(), now(), now()
FROM bench b JOIN catalog_products p ON p.id = b.product_id, generate_series(1, 50000);

INSERT INTO community_reviews (order_line_id, product_id, author_id, title, content, rating, delivery,
    service, rebuy, photo_key, reward_kind, reward_points, like_count, hidden, created_at, updated_at)
SELECT l.id, l.product_id, l.buyer_id, '벤치마크 리뷰 ' || l.id, '진하고 부드러운 초콜릿이에요. 또 살게요! #' || l.id,
    1 + l.id % 5, (ARRAY['fast', 'normal', 'slow'])[1 + l.id % 3], (ARRAY['friendly', 'normal', 'unfriendly'])[1 + l.id % 3],
    (ARRAY['yes', 'maybe', 'no'])[1 + l.id % 3], CASE WHEN l.id % 5 = 0 THEN 'bench.png' END,
    CASE WHEN l.id % 5 = 0 THEN 'photo_review' ELSE 'text_review' END, 0, l.id % 97, FALSE,
    now() - (l.id || ' seconds')::interval, now()
FROM commerce_order_lines l, bench b
WHERE l.product_id = b.product_id AND l.seller_company_name = 'bench';

UPDATE catalog_products p SET
    rating_count = s.n, rating_sum = s.total, rating_avg = CAST(s.total AS DOUBLE PRECISION) / s.n
FROM (SELECT product_id, count(*) AS n, sum(rating) AS total FROM community_reviews
      WHERE hidden = FALSE GROUP BY product_id) s
WHERE p.id = s.product_id;

-- The product's review spread (the services keep it with every review; here it is recounted).
DELETE FROM community_review_stats WHERE product_id = (SELECT product_id FROM bench);
INSERT INTO community_review_stats (product_id, total, photos, rating_1, rating_2, rating_3, rating_4,
    rating_5, delivery_fast, delivery_normal, delivery_slow, service_friendly, service_normal,
    service_unfriendly, rebuy_yes, rebuy_maybe, rebuy_no)
SELECT product_id, count(*), count(photo_key),
    count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2),
    count(*) FILTER (WHERE rating = 3), count(*) FILTER (WHERE rating = 4),
    count(*) FILTER (WHERE rating = 5),
    count(*) FILTER (WHERE delivery = 'fast'), count(*) FILTER (WHERE delivery = 'normal'),
    count(*) FILTER (WHERE delivery = 'slow'),
    count(*) FILTER (WHERE service = 'friendly'), count(*) FILTER (WHERE service = 'normal'),
    count(*) FILTER (WHERE service = 'unfriendly'),
    count(*) FILTER (WHERE rebuy = 'yes'), count(*) FILTER (WHERE rebuy = 'maybe'),
    count(*) FILTER (WHERE rebuy = 'no')
FROM community_reviews WHERE hidden = FALSE AND product_id = (SELECT product_id FROM bench)
GROUP BY product_id;
COMMIT;
ANALYZE community_reviews;
