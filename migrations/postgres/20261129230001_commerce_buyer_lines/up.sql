-- The buyer's confirmed lines (community's reviewable lines) without reading every order.
CREATE INDEX commerce_order_lines_buyer ON commerce_order_lines (buyer_id, status, confirmed_at);
