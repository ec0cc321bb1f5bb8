-- When a clinician last confirmed the runner's type: a triage with an urgent flag newer than this
-- withholds the plan again (DESIGN 2.1). Confirmations made before this column existed have no
-- time and count as older than any triage.
ALTER TABLE users ADD COLUMN confirmed_at TIMESTAMP;
