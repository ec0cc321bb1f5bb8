DROP TABLE mail_preferences;
DROP TABLE account_tokens;
DROP TABLE outbox;
