DROP TABLE run_stage_settings;
DROP TABLE running_profiles;
DROP TABLE hop_tests;
ALTER TABLE checkins DROP COLUMN walked_30_min_pain_free;
CREATE TABLE runs_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    performed_on DATE NOT NULL,
    kind TEXT NOT NULL,
    distance_km DOUBLE PRECISION NOT NULL,
    pain_during INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
INSERT INTO runs_old (id, user_id, performed_on, kind, distance_km, pain_during, notes, created_at)
    SELECT id, user_id, performed_on, CASE kind WHEN 'walk_run' THEN 'easy' ELSE kind END,
           COALESCE(distance_km, 0), pain_during, notes, created_at FROM runs;
DROP TABLE runs;
ALTER TABLE runs_old RENAME TO runs;
CREATE INDEX runs_user ON runs (user_id, performed_on, id);
