-- Categories, products and their images. Aggregates (rating, wishes, sales) live on the product
-- row so a list page is one indexed read; other domains move them through catalog's services.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE catalog_categories (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE catalog_products (
    id BIGSERIAL PRIMARY KEY,
    seller_id BIGINT NOT NULL REFERENCES accounts_users (id),
    category_id BIGINT NOT NULL REFERENCES catalog_categories (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- lower(name + description), what `q` searches.
    search_text TEXT NOT NULL DEFAULT '',
    price BIGINT NOT NULL CHECK (price >= 0 AND price <= 10000000),
    stock BIGINT NOT NULL CHECK (stock >= 0),
    state TEXT NOT NULL,
    -- The state a deleted product returns to on restore; the state before a block.
    previous_state TEXT,
    block_reason TEXT,
    thumbnail_key TEXT,
    rating_sum BIGINT NOT NULL DEFAULT 0 CHECK (rating_sum >= 0),
    rating_count BIGINT NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
    rating_avg DOUBLE PRECISION NOT NULL DEFAULT 0,
    wish_count BIGINT NOT NULL DEFAULT 0 CHECK (wish_count >= 0),
    sales_count BIGINT NOT NULL DEFAULT 0 CHECK (sales_count >= 0),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- Public lists read on_sale and sold_out only: one partial index per sort.
CREATE INDEX catalog_products_public_recent ON catalog_products (created_at DESC, id DESC) WHERE state IN ('on_sale', 'sold_out');
CREATE INDEX catalog_products_public_popular ON catalog_products (wish_count DESC, id DESC) WHERE state IN ('on_sale', 'sold_out');
CREATE INDEX catalog_products_public_rating ON catalog_products (rating_avg DESC, id DESC) WHERE state IN ('on_sale', 'sold_out');
CREATE INDEX catalog_products_public_sales ON catalog_products (sales_count DESC, id DESC) WHERE state IN ('on_sale', 'sold_out');
CREATE INDEX catalog_products_public_price ON catalog_products (price, id) WHERE state IN ('on_sale', 'sold_out');
CREATE INDEX catalog_products_public_category ON catalog_products (category_id, created_at DESC, id DESC) WHERE state IN ('on_sale', 'sold_out');
CREATE INDEX catalog_products_public_category_price ON catalog_products (category_id, price, id) WHERE state IN ('on_sale', 'sold_out');
CREATE INDEX catalog_products_seller ON catalog_products (seller_id, created_at DESC, id DESC);
CREATE INDEX catalog_products_category ON catalog_products (category_id);
CREATE INDEX catalog_products_search ON catalog_products USING gin (search_text gin_trgm_ops);

CREATE TABLE catalog_product_images (
    id BIGSERIAL PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES catalog_products (id) ON DELETE CASCADE,
    storage_key TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX catalog_product_images_product ON catalog_product_images (product_id, position);
