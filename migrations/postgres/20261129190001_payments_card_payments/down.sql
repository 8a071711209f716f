DROP TABLE payments_payments;
