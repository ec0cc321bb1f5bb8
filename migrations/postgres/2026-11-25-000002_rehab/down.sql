DROP TABLE runs;
DROP TABLE capacity_tests;
DROP TABLE checkins;
DROP TABLE session_sets;
DROP TABLE training_sessions;
DROP TABLE triages;
