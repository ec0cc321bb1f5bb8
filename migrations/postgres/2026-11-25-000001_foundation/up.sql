CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('runner', 'clinician')),
    password_hash TEXT NOT NULL,
    units TEXT NOT NULL DEFAULT 'kg' CHECK (units IN ('kg', 'lb')),
    timezone TEXT NOT NULL DEFAULT 'UTC',
    gate_threshold INTEGER NOT NULL DEFAULT 25 CHECK (gate_threshold BETWEEN 25 AND 35),
    confirmed_type TEXT CHECK (confirmed_type IN ('insertional', 'midportion')),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE auth_sessions (
    id BIGSERIAL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    flash TEXT,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);

CREATE TABLE throttle_events (
    id BIGSERIAL PRIMARY KEY,
    scope TEXT NOT NULL,
    subject TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX throttle_events_lookup ON throttle_events (scope, subject, at);

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    actor_id BIGINT,
    action TEXT NOT NULL,
    subject_id BIGINT,
    detail TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_subject ON audit_log (subject_id, at);
