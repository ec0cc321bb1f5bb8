-- One row per accepted form that carries a submission id, so a form sent twice is stored once.
CREATE TABLE form_submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    submission_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, submission_id)
);
