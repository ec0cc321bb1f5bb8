ALTER TABLE clinician_notes DROP COLUMN dismissed_at;
ALTER TABLE clinician_notes DROP COLUMN shared_with_runner;
