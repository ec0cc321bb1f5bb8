-- Return to running: run durations and walk/run entries, distance optional, hop tests, the
-- pain-free walk on check-ins, pre-injury volume and the clinician's stage settings.
ALTER TABLE runs ALTER COLUMN distance_km DROP NOT NULL;
ALTER TABLE runs ADD COLUMN duration_minutes INTEGER;

ALTER TABLE checkins ADD COLUMN walked_30_min_pain_free BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE hop_tests (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    performed_on DATE NOT NULL,
    side TEXT NOT NULL,
    hops INTEGER NOT NULL,
    pain INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX hop_tests_user ON hop_tests (user_id, performed_on, id);

CREATE TABLE running_profiles (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    pre_injury_weekly_km DOUBLE PRECISION,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE run_stage_settings (
    id BIGSERIAL PRIMARY KEY,
    runner_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    clinician_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    set_on DATE NOT NULL,
    stage INTEGER CHECK (stage BETWEEN 0 AND 4),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX run_stage_settings_runner ON run_stage_settings (runner_id, set_on, id);
