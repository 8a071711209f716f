DROP TABLE accounts_addresses;
