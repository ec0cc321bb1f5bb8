DROP TABLE run_stage_settings;
DROP TABLE running_profiles;
DROP TABLE hop_tests;
ALTER TABLE checkins DROP COLUMN walked_30_min_pain_free;
ALTER TABLE runs DROP COLUMN duration_minutes;
UPDATE runs SET distance_km = 0 WHERE distance_km IS NULL;
UPDATE runs SET kind = 'easy' WHERE kind = 'walk_run';
ALTER TABLE runs ALTER COLUMN distance_km SET NOT NULL;
