DROP TABLE audit_log;
DROP TABLE throttle_events;
DROP TABLE auth_sessions;
DROP TABLE users;
