CREATE INDEX throttle_events_at ON throttle_events (at);
CREATE INDEX auth_sessions_last_seen ON auth_sessions (last_seen_at);
