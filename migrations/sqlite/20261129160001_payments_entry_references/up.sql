-- What an entry is about, `reference: {type, id}` in the API (the order line of a purchase
-- reward, the review of a review reward, the membership period of a fee…); both or neither.
ALTER TABLE payments_ledger_entries ADD COLUMN reference_type TEXT;
ALTER TABLE payments_ledger_entries ADD COLUMN reference_id BIGINT;
