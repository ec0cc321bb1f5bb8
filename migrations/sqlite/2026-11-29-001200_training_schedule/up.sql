-- The runner's training weekdays (`mon,wed,fri`); no row means the default, Monday, Wednesday, Friday.
CREATE TABLE training_schedules (
    user_id INTEGER PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    days TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
