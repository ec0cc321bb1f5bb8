-- The ledger keeps the answer the first copy of a form got (where its 303 sent the visitor), so a
-- copy sent again is answered the same way; sessions claim their submission ids in it like every
-- other form, starting with the ones already stored.
ALTER TABLE form_submissions ADD COLUMN answer TEXT NOT NULL DEFAULT '';
INSERT INTO form_submissions (user_id, submission_id, created_at, answer)
SELECT user_id, submission_id, created_at, '/sessions/' || id FROM training_sessions
ON CONFLICT (user_id, submission_id) DO NOTHING;
