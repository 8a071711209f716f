DROP TABLE payments_ledger_entries;
DROP TABLE payments_wallets;
