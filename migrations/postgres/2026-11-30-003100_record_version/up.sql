-- A runner's record version: every write to what the runner's pages derive from (their
-- sessions and sets, check-ins, tests, runs, triage, schedule, questionnaires, clinician links
-- and shared notes, or a linked clinician's name) bumps it in the same transaction, so any
-- instance can reuse what it computed from the record for as long as the version is unchanged.
ALTER TABLE users ADD COLUMN record_version BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION tendo_bump_record_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- TG_ARGV[0] names the column holding the runner's id.
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE users SET record_version = record_version + 1
        WHERE id = (to_jsonb(OLD) ->> TG_ARGV[0])::BIGINT;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE users SET record_version = record_version + 1
        WHERE id = (to_jsonb(NEW) ->> TG_ARGV[0])::BIGINT;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION tendo_bump_record_version_of_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE users SET record_version = record_version + 1
        WHERE id IN (SELECT user_id FROM training_sessions WHERE id = OLD.session_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE users SET record_version = record_version + 1
        WHERE id IN (SELECT user_id FROM training_sessions WHERE id = NEW.session_id);
    END IF;
    RETURN NULL;
END $$;

-- Shared notes show their author's name.
CREATE FUNCTION tendo_bump_record_version_of_linked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET record_version = record_version + 1
    WHERE id IN (SELECT runner_id FROM clinician_links WHERE clinician_id = NEW.id);
    RETURN NULL;
END $$;

CREATE TRIGGER triages_version AFTER INSERT OR UPDATE OR DELETE ON triages
    FOR EACH ROW EXECUTE FUNCTION tendo_bump_record_version('user_id');

CREATE TRIGGER training_sessions_version AFTER INSERT OR UPDATE OR DELETE ON training_sessions
    FOR EACH ROW EXECUTE FUNCTION tendo_bump_record_version('user_id');

CREATE TRIGGER checkins_version AFTER INSERT OR UPDATE OR DELETE ON checkins
    FOR EACH ROW EXECUTE FUNCTION tendo_bump_record_version('user_id');

CREATE TRIGGER capacity_tests_version AFTER INSERT OR UPDATE OR DELETE ON capacity_tests
    FOR EACH ROW EXECUTE FUNCTION tendo_bump_record_version('user_id');

CREATE TRIGGER runs_version AFTER INSERT OR UPDATE OR DELETE ON runs
    FOR EACH ROW EXECUTE FUNCTION tendo_bump_record_version('user_id');

CREATE TRIGGER hop_tests_version AFTER INSERT OR UPDATE OR DELETE ON hop_tests
    FOR EACH ROW EXECUTE FUNCTION tendo_bump_record_version('user_id');

CREATE TRIGGER running_profiles_version AFTER INSERT OR UPDATE OR DELETE ON running_profiles
    FOR EACH ROW EXECUTE FUNCTION tendo_bump_record_version('user_id');

CREATE TRIGGER run_stage_settings_version AFTER INSERT OR UPDATE OR DELETE ON run_stage_settings
    FOR EACH ROW EXECUTE FUNCTION tendo_bump_record_version('runner_id');

CREATE TRIGGER visa_a_results_version AFTER INSERT OR UPDATE OR DELETE ON visa_a_results
    FOR EACH ROW EXECUTE FUNCTION tendo_bump_record_version('user_id');

CREATE TRIGGER training_schedules_version AFTER INSERT OR UPDATE OR DELETE ON training_schedules
    FOR EACH ROW EXECUTE FUNCTION tendo_bump_record_version('user_id');

CREATE TRIGGER clinician_links_version AFTER INSERT OR UPDATE OR DELETE ON clinician_links
    FOR EACH ROW EXECUTE FUNCTION tendo_bump_record_version('runner_id');

CREATE TRIGGER clinician_notes_version AFTER INSERT OR UPDATE OR DELETE ON clinician_notes
    FOR EACH ROW EXECUTE FUNCTION tendo_bump_record_version('runner_id');

CREATE TRIGGER session_sets_version AFTER INSERT OR UPDATE OR DELETE ON session_sets
    FOR EACH ROW EXECUTE FUNCTION tendo_bump_record_version_of_set();

CREATE TRIGGER users_display_name_version AFTER UPDATE OF display_name ON users
    FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
    EXECUTE FUNCTION tendo_bump_record_version_of_linked();
