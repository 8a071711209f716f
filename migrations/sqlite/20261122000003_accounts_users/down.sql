DROP TABLE accounts_sellers;
DROP TABLE accounts_refresh_tokens;
DROP TABLE accounts_sessions;
DROP TABLE accounts_email_codes;
DROP TABLE accounts_users;
