-- Return to running: run durations and walk/run entries, distance optional, hop tests, the
-- pain-free walk on check-ins, pre-injury volume and the clinician's stage settings.
CREATE TABLE runs_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    performed_on DATE NOT NULL,
    kind TEXT NOT NULL,
    distance_km DOUBLE PRECISION,
    pain_during INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    duration_minutes INTEGER
);
INSERT INTO runs_new (id, user_id, performed_on, kind, distance_km, pain_during, notes, created_at)
    SELECT id, user_id, performed_on, kind, distance_km, pain_during, notes, created_at FROM runs;
DROP TABLE runs;
ALTER TABLE runs_new RENAME TO runs;
CREATE INDEX runs_user ON runs (user_id, performed_on, id);

ALTER TABLE checkins ADD COLUMN walked_30_min_pain_free BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE hop_tests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    performed_on DATE NOT NULL,
    side TEXT NOT NULL,
    hops INTEGER NOT NULL,
    pain INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX hop_tests_user ON hop_tests (user_id, performed_on, id);

CREATE TABLE running_profiles (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    pre_injury_weekly_km DOUBLE PRECISION,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE run_stage_settings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    runner_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    clinician_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    set_on DATE NOT NULL,
    stage INTEGER CHECK (stage BETWEEN 0 AND 4),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX run_stage_settings_runner ON run_stage_settings (runner_id, set_on, id);
