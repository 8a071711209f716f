DROP TRIGGER catalog_products_fts_update;
DROP TRIGGER catalog_products_fts_delete;
DROP TRIGGER catalog_products_fts_insert;
DROP TABLE catalog_products_fts;
DROP TABLE catalog_product_images;
DROP TABLE catalog_products;
DROP TABLE catalog_categories;
