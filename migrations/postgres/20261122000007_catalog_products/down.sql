DROP TABLE catalog_product_images;
DROP TABLE catalog_products;
DROP TABLE catalog_categories;
