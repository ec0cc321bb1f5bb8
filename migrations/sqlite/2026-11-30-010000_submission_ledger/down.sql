DELETE FROM form_submissions WHERE answer LIKE '/sessions/%';
ALTER TABLE form_submissions DROP COLUMN answer;
