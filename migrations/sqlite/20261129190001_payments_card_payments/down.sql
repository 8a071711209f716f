DROP TABLE payments_card_refunds;
DROP TABLE payments_payments;
