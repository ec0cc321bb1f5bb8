DROP TABLE clinician_invitations;
DROP TABLE known_devices;
DROP TABLE mfa_challenges;
DROP TABLE recovery_codes;
ALTER TABLE users DROP COLUMN totp_last_step;
ALTER TABLE users DROP COLUMN totp_enabled_at;
ALTER TABLE users DROP COLUMN totp_secret;
ALTER TABLE auth_sessions DROP COLUMN user_agent;
