-- Carts, orders and order lines. Order lines keep snapshots (seller, name, price, image) and
-- no foreign key to the product, which may be purged later; shipping is sealed at rest.
CREATE TABLE commerce_cart_lines (
    id BIGSERIAL PRIMARY KEY,
    buyer_id BIGINT NOT NULL REFERENCES accounts_users (id),
    product_id BIGINT NOT NULL REFERENCES catalog_products (id) ON DELETE CASCADE,
    amount BIGINT NOT NULL CHECK (amount BETWEEN 1 AND 999),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (buyer_id, product_id)
);
CREATE INDEX commerce_cart_lines_buyer ON commerce_cart_lines (buyer_id, created_at);

CREATE TABLE commerce_orders (
    id BIGSERIAL PRIMARY KEY,
    buyer_id BIGINT NOT NULL REFERENCES accounts_users (id),
    payment_method TEXT NOT NULL CHECK (payment_method IN ('points', 'card')),
    total_price BIGINT NOT NULL CHECK (total_price >= 0),
    shipping_postal_code_sealed TEXT NOT NULL,
    shipping_address_sealed TEXT NOT NULL,
    shipping_detail_address_sealed TEXT NOT NULL,
    shipping_recipient_sealed TEXT NOT NULL,
    shipping_phone_sealed TEXT NOT NULL,
    -- The card payment (payments' merchant_uid) once one is prepared; NULL for points.
    merchant_uid TEXT UNIQUE,
    -- The cart lines to remove when a card payment is verified (JSON array of ids).
    cart_line_ids TEXT NOT NULL DEFAULT '[]',
    paid_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX commerce_orders_buyer ON commerce_orders (buyer_id, id);
CREATE INDEX commerce_orders_created ON commerce_orders (created_at);

CREATE TABLE commerce_order_lines (
    id BIGSERIAL PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES commerce_orders (id),
    buyer_id BIGINT NOT NULL REFERENCES accounts_users (id),
    seller_id BIGINT NOT NULL REFERENCES accounts_users (id),
    product_id BIGINT NOT NULL,
    seller_company_name TEXT NOT NULL,
    name TEXT NOT NULL,
    unit_price BIGINT NOT NULL CHECK (unit_price >= 0),
    image_key TEXT,
    amount BIGINT NOT NULL CHECK (amount BETWEEN 1 AND 999),
    line_total BIGINT NOT NULL CHECK (line_total >= 0),
    status TEXT NOT NULL CHECK (status IN ('pending_payment', 'placed', 'preparing', 'shipped',
        'delivered', 'confirmed', 'cancelled', 'refund_requested', 'refunded')),
    previous_status TEXT,
    reason TEXT,
    tracking_number TEXT,
    status_changed_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP,
    confirmed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX commerce_order_lines_order ON commerce_order_lines (order_id);
CREATE INDEX commerce_order_lines_seller ON commerce_order_lines (seller_id, status, id);
CREATE INDEX commerce_order_lines_delivered ON commerce_order_lines (status, delivered_at);
CREATE INDEX commerce_order_lines_confirmed ON commerce_order_lines (seller_id, confirmed_at);
