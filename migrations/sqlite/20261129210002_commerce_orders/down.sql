DROP TABLE commerce_order_lines;
DROP TABLE commerce_orders;
DROP TABLE commerce_cart_lines;
