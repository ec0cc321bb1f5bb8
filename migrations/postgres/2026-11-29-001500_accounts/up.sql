-- Devices: which browser a session belongs to.
ALTER TABLE auth_sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

-- TOTP: the secret (set up, then enabled once a code confirmed it) and the last time step used,
-- so a code is accepted once.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMP;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

CREATE TABLE recovery_codes (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Between the password and the second step of a sign-in: no session yet.
CREATE TABLE mfa_challenges (
    id BIGSERIAL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX mfa_challenges_user ON mfa_challenges (user_id);

-- Browsers an account has signed in from (a long-lived random cookie, only its hash stored).
CREATE TABLE known_devices (
    id BIGSERIAL PRIMARY KEY,
    device_hash TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    UNIQUE (device_hash, user_id)
);
CREATE INDEX known_devices_user ON known_devices (user_id);

-- Single-use invitations for clinician sign-up.
CREATE TABLE clinician_invitations (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
