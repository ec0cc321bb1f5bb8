DROP TABLE training_schedules;
