CREATE TABLE triages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    side TEXT NOT NULL,
    location TEXT NOT NULL,
    answers TEXT NOT NULL,
    outcome TEXT NOT NULL,
    self_selected TEXT CHECK (self_selected IN ('insertional', 'midportion'))
);
CREATE INDEX triages_user ON triages (user_id, id);

CREATE TABLE training_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    performed_on DATE NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    submission_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, submission_id)
);
CREATE INDEX training_sessions_user ON training_sessions (user_id, performed_on, id);

CREATE TABLE session_sets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    exercise TEXT NOT NULL,
    side TEXT NOT NULL,
    reps INTEGER,
    hold_seconds INTEGER,
    load_kg DOUBLE PRECISION,
    rpe_halves INTEGER,
    pain INTEGER NOT NULL
);
CREATE INDEX session_sets_session ON session_sets (session_id, position);

CREATE TABLE checkins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    checked_on DATE NOT NULL,
    morning_pain INTEGER NOT NULL,
    stiffness_minutes INTEGER NOT NULL,
    painkillers BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, checked_on)
);

CREATE TABLE capacity_tests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    performed_on DATE NOT NULL,
    side TEXT NOT NULL,
    pain_free_reps INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX capacity_tests_user ON capacity_tests (user_id, performed_on, id);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    performed_on DATE NOT NULL,
    kind TEXT NOT NULL,
    distance_km DOUBLE PRECISION NOT NULL,
    pain_during INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX runs_user ON runs (user_id, performed_on, id);
