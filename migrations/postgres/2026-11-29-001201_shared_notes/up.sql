-- A note a clinician shares with the runner shows on the runner's pages until dismissed.
ALTER TABLE clinician_notes ADD COLUMN shared_with_runner BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE clinician_notes ADD COLUMN dismissed_at TIMESTAMP;
