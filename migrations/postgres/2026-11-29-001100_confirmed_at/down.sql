ALTER TABLE users DROP COLUMN confirmed_at;
