DROP TABLE kernel_idempotency_keys;
