-- Every e-mail is a row here first, written in the same transaction as what caused it; a sender
-- in each instance claims due rows (a lease: claimed_by / claimed_until), sends, and marks them.
CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    -- Makes planning idempotent: one reminder per kind, runner and day.
    dedupe_key TEXT UNIQUE,
    due_at TIMESTAMP NOT NULL,
    -- A reminder still unsent at this time is dropped as stale.
    expires_at TIMESTAMP,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    claimed_by TEXT,
    claimed_until TIMESTAMP,
    -- The body is rendered at each attempt and never stored (it may carry a single-use link);
    -- this is the hash of the unsubscribe link the newest attempt carried.
    unsubscribe_hash TEXT UNIQUE,
    -- When the row was settled, and how: 'sent', 'dropped' (no longer true, or stale) or
    -- 'failed' (given up after the last retry); last_error says why for the latter two.
    finished_at TIMESTAMP,
    outcome TEXT CHECK (outcome IN ('sent', 'dropped', 'failed')),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX outbox_due ON outbox (due_at) WHERE finished_at IS NULL;
CREATE INDEX outbox_user ON outbox (user_id);

-- Single-use secrets sent by e-mail (address verification, password reset); only the hash is kept.
CREATE TABLE account_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'password_reset')),
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX account_tokens_user ON account_tokens (user_id);

-- Per account: the verified address, the reminders chosen, and the calendar feed's secret.
CREATE TABLE mail_preferences (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    verified_email TEXT,
    verified_at TIMESTAMP,
    remind_checkin BOOLEAN NOT NULL DEFAULT FALSE,
    remind_training BOOLEAN NOT NULL DEFAULT FALSE,
    remind_visa_a BOOLEAN NOT NULL DEFAULT FALSE,
    remind_digest BOOLEAN NOT NULL DEFAULT FALSE,
    remind_at TEXT NOT NULL DEFAULT '07:30',
    calendar_token_hash TEXT UNIQUE,
    calendar_created_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL
);
