DROP INDEX auth_sessions_last_seen;
DROP INDEX throttle_events_at;
