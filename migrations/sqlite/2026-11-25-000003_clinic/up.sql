CREATE TABLE visa_a_results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    taken_on DATE NOT NULL,
    q1 INTEGER NOT NULL,
    q2 INTEGER NOT NULL,
    q3 INTEGER NOT NULL,
    q4 INTEGER NOT NULL,
    q5 INTEGER NOT NULL,
    q6 INTEGER NOT NULL,
    q7 INTEGER NOT NULL,
    q8_pattern TEXT NOT NULL,
    q8_minutes TEXT NOT NULL,
    total INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX visa_a_results_user ON visa_a_results (user_id, taken_on, id);

CREATE TABLE share_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    runner_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL UNIQUE,
    code TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    used_by INTEGER
);
CREATE INDEX share_codes_runner ON share_codes (runner_id, id);

CREATE TABLE clinician_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    clinician_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    runner_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (clinician_id, runner_id)
);
CREATE INDEX clinician_links_runner ON clinician_links (runner_id);

CREATE TABLE clinician_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    runner_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    clinician_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX clinician_notes_runner ON clinician_notes (runner_id, id);
