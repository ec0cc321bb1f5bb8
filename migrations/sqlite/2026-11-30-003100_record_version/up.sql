-- A runner's record version: every write to what the runner's pages derive from (their
-- sessions and sets, check-ins, tests, runs, triage, schedule, questionnaires, clinician links
-- and shared notes, or a linked clinician's name) bumps it in the same transaction, so any
-- instance can reuse what it computed from the record for as long as the version is unchanged.
ALTER TABLE users ADD COLUMN record_version BIGINT NOT NULL DEFAULT 0;

CREATE TRIGGER triages_version_insert AFTER INSERT ON triages BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (NEW.user_id);
END;
CREATE TRIGGER triages_version_update AFTER UPDATE ON triages BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id, NEW.user_id);
END;
CREATE TRIGGER triages_version_delete AFTER DELETE ON triages BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id);
END;

CREATE TRIGGER training_sessions_version_insert AFTER INSERT ON training_sessions BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (NEW.user_id);
END;
CREATE TRIGGER training_sessions_version_update AFTER UPDATE ON training_sessions BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id, NEW.user_id);
END;
CREATE TRIGGER training_sessions_version_delete AFTER DELETE ON training_sessions BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id);
END;

CREATE TRIGGER checkins_version_insert AFTER INSERT ON checkins BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (NEW.user_id);
END;
CREATE TRIGGER checkins_version_update AFTER UPDATE ON checkins BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id, NEW.user_id);
END;
CREATE TRIGGER checkins_version_delete AFTER DELETE ON checkins BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id);
END;

CREATE TRIGGER capacity_tests_version_insert AFTER INSERT ON capacity_tests BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (NEW.user_id);
END;
CREATE TRIGGER capacity_tests_version_update AFTER UPDATE ON capacity_tests BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id, NEW.user_id);
END;
CREATE TRIGGER capacity_tests_version_delete AFTER DELETE ON capacity_tests BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id);
END;

CREATE TRIGGER runs_version_insert AFTER INSERT ON runs BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (NEW.user_id);
END;
CREATE TRIGGER runs_version_update AFTER UPDATE ON runs BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id, NEW.user_id);
END;
CREATE TRIGGER runs_version_delete AFTER DELETE ON runs BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id);
END;

CREATE TRIGGER hop_tests_version_insert AFTER INSERT ON hop_tests BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (NEW.user_id);
END;
CREATE TRIGGER hop_tests_version_update AFTER UPDATE ON hop_tests BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id, NEW.user_id);
END;
CREATE TRIGGER hop_tests_version_delete AFTER DELETE ON hop_tests BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id);
END;

CREATE TRIGGER running_profiles_version_insert AFTER INSERT ON running_profiles BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (NEW.user_id);
END;
CREATE TRIGGER running_profiles_version_update AFTER UPDATE ON running_profiles BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id, NEW.user_id);
END;
CREATE TRIGGER running_profiles_version_delete AFTER DELETE ON running_profiles BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id);
END;

CREATE TRIGGER run_stage_settings_version_insert AFTER INSERT ON run_stage_settings BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (NEW.runner_id);
END;
CREATE TRIGGER run_stage_settings_version_update AFTER UPDATE ON run_stage_settings BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.runner_id, NEW.runner_id);
END;
CREATE TRIGGER run_stage_settings_version_delete AFTER DELETE ON run_stage_settings BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.runner_id);
END;

CREATE TRIGGER visa_a_results_version_insert AFTER INSERT ON visa_a_results BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (NEW.user_id);
END;
CREATE TRIGGER visa_a_results_version_update AFTER UPDATE ON visa_a_results BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id, NEW.user_id);
END;
CREATE TRIGGER visa_a_results_version_delete AFTER DELETE ON visa_a_results BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id);
END;

CREATE TRIGGER training_schedules_version_insert AFTER INSERT ON training_schedules BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (NEW.user_id);
END;
CREATE TRIGGER training_schedules_version_update AFTER UPDATE ON training_schedules BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id, NEW.user_id);
END;
CREATE TRIGGER training_schedules_version_delete AFTER DELETE ON training_schedules BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.user_id);
END;

CREATE TRIGGER clinician_links_version_insert AFTER INSERT ON clinician_links BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (NEW.runner_id);
END;
CREATE TRIGGER clinician_links_version_update AFTER UPDATE ON clinician_links BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.runner_id, NEW.runner_id);
END;
CREATE TRIGGER clinician_links_version_delete AFTER DELETE ON clinician_links BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.runner_id);
END;

CREATE TRIGGER clinician_notes_version_insert AFTER INSERT ON clinician_notes BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (NEW.runner_id);
END;
CREATE TRIGGER clinician_notes_version_update AFTER UPDATE ON clinician_notes BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.runner_id, NEW.runner_id);
END;
CREATE TRIGGER clinician_notes_version_delete AFTER DELETE ON clinician_notes BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (OLD.runner_id);
END;

CREATE TRIGGER session_sets_version_insert AFTER INSERT ON session_sets BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (SELECT user_id FROM training_sessions WHERE id IN (NEW.session_id));
END;

CREATE TRIGGER session_sets_version_update AFTER UPDATE ON session_sets BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (SELECT user_id FROM training_sessions WHERE id IN (OLD.session_id, NEW.session_id));
END;

CREATE TRIGGER session_sets_version_delete AFTER DELETE ON session_sets BEGIN
    UPDATE users SET record_version = record_version + 1 WHERE id IN (SELECT user_id FROM training_sessions WHERE id IN (OLD.session_id));
END;

-- Shared notes show their author's name.
CREATE TRIGGER users_display_name_version AFTER UPDATE OF display_name ON users
WHEN OLD.display_name IS NOT NEW.display_name BEGIN
    UPDATE users SET record_version = record_version + 1
    WHERE id IN (SELECT runner_id FROM clinician_links WHERE clinician_id = NEW.id);
END;
