-- The writes of one points checkout, without the application around them: the raw ceiling the
-- HTTP checkout is compared with (docs/benchmarks.md). One unit of a product in
-- [:product_lo, :product_hi] for a buyer in [:buyer_lo, :buyer_hi]:
-- in the checkout's order: the order and its line, the conditional wallet debit and its ledger
-- entry, and last (so the most contended row is locked for the shortest time) the conditional
-- stock update and sold_out.
\set product random(:product_lo, :product_hi)
\set buyer random(:buyer_lo, :buyer_hi)
BEGIN;
INSERT INTO commerce_orders (buyer_id, payment_method, total_price, shipping_postal_code_sealed,
        shipping_address_sealed, shipping_detail_address_sealed, shipping_recipient_sealed,
        shipping_phone_sealed, cart_line_ids, paid_at, created_at, updated_at)
    VALUES (:buyer, 'points', 1000, repeat('p', 110), repeat('a', 150), repeat('d', 110),
        repeat('r', 110), repeat('t', 110), '[]', now(), now(), now());
INSERT INTO commerce_order_lines (order_id, buyer_id, seller_id, product_id, seller_company_name,
        name, unit_price, image_key, amount, line_total, status, status_changed_at, created_at)
    SELECT currval('commerce_orders_id_seq'), :buyer, seller_id, id, 'pgbench', name, 1000,
        thumbnail_key, 1, 1000, 'placed', now(), now()
    FROM catalog_products WHERE id = :product;
UPDATE payments_wallets SET balance = balance - 1000, updated_at = now()
    WHERE user_id = :buyer AND balance >= 1000;
INSERT INTO payments_ledger_entries (user_id, kind, amount, balance_after, idempotency_key, memo,
        created_at, reference_type, reference_id)
    SELECT :buyer, 'order_payment', -1000, balance,
        'order_payment:' || :buyer || ':order:' || currval('commerce_orders_id_seq'),
        'pgbench', now(), 'order', currval('commerce_orders_id_seq')
    FROM payments_wallets WHERE user_id = :buyer;
UPDATE catalog_products SET stock = stock - 1
    WHERE id = :product AND state = 'on_sale' AND stock >= 1;
UPDATE catalog_products SET state = 'sold_out' WHERE id = :product AND stock = 0;
COMMIT;
