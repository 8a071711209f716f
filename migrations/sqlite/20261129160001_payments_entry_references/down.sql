ALTER TABLE payments_ledger_entries DROP COLUMN reference_id;
ALTER TABLE payments_ledger_entries DROP COLUMN reference_type;
