//! The session form: rows of sets as typed, parsed into a [`SessionInput`] or per-field errors.
//!
//! Fields repeat once per row, in order. A row counts as logged once its pain or RPE is filled
//! in; the prefilled dose (reps, seconds, load) alone does not log a set, so untouched rows are
//! skipped. A logged row must be complete: pain, and reps for a rep exercise or seconds for a
//! hold.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::exercise::{Exercise, ExerciseId};
use crate::domain::progression::{Effort, SetRecord};
use crate::domain::values::{HoldSeconds, LoadKg, LogDate, PainScore, Reps, Rpe, SetSide, Units};
use crate::store::submissions::SubmissionId;
use crate::store::training::SessionInput;
use crate::web::change::submission_id;
use crate::web::form::FieldErrors;

pub const NOTES_MAX: usize = 2000;

/// Most set rows one form may carry. A longer form is refused whole rather than cut short, so no
/// logged set is silently dropped.
pub const MAX_ROWS: usize = 200;

/// The form as posted.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct RawSessionForm {
    #[serde(default)]
    pub performed_on: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub submission_id: String,
    #[serde(default)]
    pub exercise: Vec<String>,
    #[serde(default)]
    pub set_side: Vec<String>,
    #[serde(default)]
    pub reps: Vec<String>,
    #[serde(default)]
    pub hold_seconds: Vec<String>,
    #[serde(default)]
    pub load: Vec<String>,
    #[serde(default)]
    pub rpe: Vec<String>,
    #[serde(default)]
    pub pain: Vec<String>,
}

/// One row as shown in the form (typed values kept as typed).
#[derive(Debug, Clone, Default)]
pub struct SetRow {
    pub index: usize,
    pub exercise: String,
    pub set_side: String,
    pub reps: String,
    pub hold_seconds: String,
    pub load: String,
    pub rpe: String,
    pub pain: String,
}

impl SetRow {
    /// The posted exercise, if it is one of the catalogue.
    pub fn exercise_id(&self) -> Option<ExerciseId> {
        ExerciseId::parse(&self.exercise)
    }
    pub fn catalogue_entry(&self) -> Option<&'static Exercise> {
        self.exercise_id().map(ExerciseId::exercise)
    }
    pub fn exercise_name(&self) -> &str {
        self.catalogue_entry()
            .map_or(self.exercise.as_str(), |e| e.name)
    }
    /// Hold rows show seconds; rep rows (and unknown exercises) show reps.
    pub fn is_hold(&self) -> bool {
        self.catalogue_entry().is_some_and(Exercise::is_hold)
    }
    /// Two-legged rows have no side to pick (`both`).
    pub fn is_two_legged(&self) -> bool {
        self.catalogue_entry().is_some_and(|e| e.two_legged)
    }
    /// Rows of an exercise done without added weight have no load field.
    pub fn takes_load(&self) -> bool {
        self.catalogue_entry().is_none_or(|e| e.added_load)
    }
    fn is_logged(&self) -> bool {
        !self.pain.trim().is_empty() || !self.rpe.trim().is_empty()
    }
}

/// The whole form as shown: header fields and rows.
#[derive(Debug, Clone, Default)]
pub struct SessionFormView {
    pub performed_on: String,
    pub notes: String,
    pub submission_id: String,
    pub rows: Vec<SetRow>,
}

impl SessionFormView {
    /// The set's number within its exercise, from 1.
    pub fn set_number(&self, i: &usize) -> usize {
        let Some(row) = self.rows.get(*i) else {
            return i + 1;
        };
        self.rows[..*i]
            .iter()
            .rev()
            .take_while(|r| r.exercise == row.exercise)
            .count()
            + 1
    }

    /// Whether row `i` is the last of its exercise.
    pub fn ends_group(&self, i: &usize) -> bool {
        match (self.rows.get(*i), self.rows.get(i + 1)) {
            (Some(a), Some(b)) => a.exercise != b.exercise,
            _ => true,
        }
    }

    /// Whether row `i` starts a new exercise (for group headings).
    pub fn starts_group(&self, i: &usize) -> bool {
        *i == 0
            || self
                .rows
                .get(i - 1)
                .zip(self.rows.get(*i))
                .is_some_and(|(a, b)| a.exercise != b.exercise)
    }
}

fn nth(values: &[String], i: usize) -> String {
    values.get(i).cloned().unwrap_or_default()
}

impl RawSessionForm {
    /// How many set rows were posted: the longest of the repeated fields.
    pub fn row_count(&self) -> usize {
        [
            self.exercise.len(),
            self.set_side.len(),
            self.reps.len(),
            self.hold_seconds.len(),
            self.load.len(),
            self.rpe.len(),
            self.pain.len(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
    }
}

impl From<&RawSessionForm> for SessionFormView {
    fn from(raw: &RawSessionForm) -> Self {
        let n = raw.row_count().min(MAX_ROWS);
        SessionFormView {
            performed_on: raw.performed_on.clone(),
            notes: raw.notes.clone(),
            submission_id: raw.submission_id.clone(),
            rows: (0..n)
                .map(|i| SetRow {
                    index: i,
                    exercise: nth(&raw.exercise, i),
                    set_side: nth(&raw.set_side, i),
                    reps: nth(&raw.reps, i),
                    hold_seconds: nth(&raw.hold_seconds, i),
                    load: nth(&raw.load, i),
                    rpe: nth(&raw.rpe, i),
                    pain: nth(&raw.pain, i),
                })
                .collect(),
        }
    }
}

fn parse_row(row: &SetRow, units: Units, errors: &mut FieldErrors) -> Option<SetRecord> {
    let i = row.index;
    let field = |name: &str| format!("{name}-{i}");
    let ex = match row.catalogue_entry() {
        Some(ex) => Some(ex),
        None => {
            errors.add(field("exercise"), "Choose an exercise from the plan.");
            None
        }
    };
    let side = errors
        .check(&field("set_side"), SetSide::parse(&row.set_side))
        .and_then(|side| match ex {
            Some(ex) if ex.two_legged && side != SetSide::Both => {
                errors.add(
                    field("set_side"),
                    format!("{} use both legs together: log them as \"both\".", ex.name),
                );
                None
            }
            Some(ex) if !ex.two_legged && side == SetSide::Both => {
                errors.add(
                    field("set_side"),
                    "Log this exercise for the left or the right leg.",
                );
                None
            }
            _ => Some(side),
        });
    let hold_row = ex.is_some_and(Exercise::is_hold);
    let effort = if hold_row {
        if !row.reps.trim().is_empty() {
            errors.add(
                field("reps"),
                "A hold is logged in seconds; leave reps blank.",
            );
        }
        errors
            .check(
                &field("hold_seconds"),
                HoldSeconds::parse(&row.hold_seconds),
            )
            .map(Effort::Hold)
    } else {
        if !row.hold_seconds.trim().is_empty() {
            errors.add(
                field("hold_seconds"),
                "This exercise is logged in reps; leave seconds blank.",
            );
        }
        errors
            .check(&field("reps"), Reps::parse(&row.reps))
            .map(Effort::Reps)
    };
    let load = match row.load.trim() {
        "" => Some(None),
        _ if ex.is_some_and(|ex| !ex.added_load) => {
            errors.add(
                field("load"),
                "Hurdle jumps are done without added weight; leave load blank.",
            );
            None
        }
        raw => errors
            .check(&field("load"), LoadKg::parse(raw, units))
            .map(Some),
    };
    let rpe = match row.rpe.trim() {
        "" => Some(None),
        raw => errors.check(&field("rpe"), Rpe::parse(raw)).map(Some),
    };
    let pain = errors.check(&field("pain"), PainScore::parse(&row.pain));
    match (ex, side, effort, load, rpe, pain) {
        (Some(ex), Some(side), Some(effort), Some(load), Some(rpe), Some(pain)) => {
            Some(SetRecord {
                exercise: ex.id,
                side,
                effort,
                load,
                rpe,
                pain,
            })
        }
        _ => None,
    }
}

/// Parses the form. On success the submission id is the one posted, or a fresh one when the
/// form carried none; a bad one is refused (and the view carries a fresh one to send again).
pub fn parse(
    raw: &RawSessionForm,
    units: Units,
    today: NaiveDate,
) -> (
    SessionFormView,
    Result<(SessionInput, SubmissionId), FieldErrors>,
) {
    let mut view = SessionFormView::from(raw);
    let mut errors = FieldErrors::new();
    let date = errors.check("performed_on", LogDate::parse(&view.performed_on, today));
    if view.notes.chars().count() > NOTES_MAX {
        errors.add("notes", format!("Keep notes under {NOTES_MAX} characters."));
    }
    let submission_id = submission_id(&mut errors, &mut view.submission_id);
    if raw.row_count() > MAX_ROWS {
        errors.add(
            "sets",
            format!("A session can hold at most {MAX_ROWS} sets; log the rest as another session."),
        );
    }
    let logged: Vec<&SetRow> = view.rows.iter().filter(|r| r.is_logged()).collect();
    if logged.is_empty() {
        errors.add(
            "sets",
            "Log at least one set: fill in the pain for each set you did.",
        );
    }
    let sets: Vec<SetRecord> = logged
        .into_iter()
        .filter_map(|r| parse_row(r, units, &mut errors))
        .collect();
    let result = match (date, submission_id) {
        (Some(date), Some(submission_id)) if errors.is_empty() => Ok((
            SessionInput {
                performed_on: date.date(),
                notes: view.notes.trim().to_string(),
                sets,
            },
            submission_id,
        )),
        _ => Err(errors),
    };
    (view, result)
}

/// The rows of a stored session, for the edit form.
pub fn rows_of(sets: &[SetRecord], units: Units) -> Vec<SetRow> {
    sets.iter()
        .enumerate()
        .map(|(index, s)| SetRow {
            index,
            exercise: s.exercise.slug().to_string(),
            set_side: s.side.as_str().to_string(),
            reps: s
                .effort
                .reps()
                .map(|r| r.get().to_string())
                .unwrap_or_default(),
            hold_seconds: s
                .effort
                .hold()
                .map(|h| h.get().to_string())
                .unwrap_or_default(),
            load: s.load.map(|l| l.display_in(units)).unwrap_or_default(),
            rpe: s.rpe.map(|r| r.to_string()).unwrap_or_default(),
            pain: s.pain.get().to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn form(rows: &[[&str; 7]]) -> RawSessionForm {
        let col = |k: usize| rows.iter().map(|r| r[k].to_string()).collect();
        RawSessionForm {
            performed_on: "2026-11-25".into(),
            notes: String::new(),
            submission_id: "abc".into(),
            exercise: col(0),
            set_side: col(1),
            reps: col(2),
            hold_seconds: col(3),
            load: col(4),
            rpe: col(5),
            pain: col(6),
        }
    }

    #[test]
    fn untouched_prefilled_rows_are_skipped_and_logged_rows_are_kept() {
        let raw = form(&[
            ["top-iso-hold", "right", "", "45", "10", "8", "2"],
            ["top-iso-hold", "right", "", "45", "10", "", ""],
            ["tempo-calf-raise", "right", "8", "", "", "7.5", "3"],
        ]);
        let (_, parsed) = parse(&raw, Units::Kg, today());
        let (input, id) = parsed.unwrap();
        assert_eq!(id.as_str(), "abc");
        assert_eq!(input.sets.len(), 2);
        assert_eq!(input.sets[0].effort.hold().unwrap().get(), 45);
        assert_eq!(input.sets[1].effort.reps().unwrap().get(), 8);
    }

    #[test]
    fn a_half_filled_row_is_an_error_on_that_row() {
        let raw = form(&[
            ["top-iso-hold", "right", "", "", "10", "8", "2"],
            ["tempo-calf-raise", "right", "8", "", "", "", "11"],
        ]);
        let (view, parsed) = parse(&raw, Units::Kg, today());
        let errors = parsed.unwrap_err();
        assert!(errors.has("hold_seconds-0"));
        assert!(errors.has("pain-1"));
        assert_eq!(view.rows[1].pain, "11", "typed value kept");
    }

    #[test]
    fn loads_are_read_in_the_runners_unit() {
        let raw = form(&[["tempo-calf-raise", "left", "8", "", "22.5", "8", "1"]]);
        let (_, parsed) = parse(&raw, Units::Lb, today());
        let (input, _) = parsed.unwrap();
        let kg = input.sets[0].load.unwrap().kg();
        assert!((kg - 22.5 * 0.45359237).abs() < 1e-9);
    }

    #[test]
    fn tampered_and_future_values_are_refused() {
        let mut raw = form(&[["no-such-exercise", "middle", "8", "", "", "8", "1"]]);
        raw.performed_on = "2026-11-26".into();
        let (_, parsed) = parse(&raw, Units::Kg, today());
        let errors = parsed.unwrap_err();
        assert!(errors.has("exercise-0"));
        assert!(errors.has("set_side-0"));
        assert!(errors.has("performed_on"));
    }

    #[test]
    fn a_form_with_more_rows_than_it_can_show_is_refused_not_cut_short() {
        // Found with the session_form fuzz target's "every logged row is kept" check on a
        // 201-row body: rows past the 200th were dropped silently while the rest was saved.
        let row = ["tempo-calf-raise", "right", "8", "", "", "", "1"];
        let (_, parsed) = parse(&form(&[row; MAX_ROWS]), Units::Kg, today());
        assert_eq!(parsed.unwrap().0.sets.len(), MAX_ROWS);
        let (view, parsed) = parse(&form(&[row; MAX_ROWS + 1]), Units::Kg, today());
        let errors = parsed.unwrap_err();
        assert!(errors.get("sets").unwrap().contains("at most 200"));
        assert_eq!(view.rows.len(), MAX_ROWS);
    }

    #[test]
    fn hurdle_jumps_are_logged_two_legged_and_without_load() {
        let raw = form(&[
            ["hurdle-jumps", "both", "10", "", "", "", "1"],
            ["tempo-calf-raise", "right", "8", "", "20", "", "1"],
        ]);
        let (_, parsed) = parse(&raw, Units::Kg, today());
        let (input, _) = parsed.unwrap();
        assert_eq!(input.sets[0].side, SetSide::Both);
        assert_eq!(input.sets[0].load, None);

        let raw = form(&[
            ["hurdle-jumps", "right", "10", "", "5", "", "1"],
            ["tempo-calf-raise", "both", "8", "", "", "", "1"],
        ]);
        let (view, parsed) = parse(&raw, Units::Kg, today());
        let errors = parsed.unwrap_err();
        assert!(errors.get("set_side-0").unwrap().contains("both"));
        assert!(errors
            .get("load-0")
            .unwrap()
            .contains("without added weight"));
        assert!(errors
            .get("set_side-1")
            .unwrap()
            .contains("left or the right"));
        assert_eq!(view.rows[0].load, "5", "typed value kept");
    }

    #[test]
    fn a_form_with_no_logged_set_is_an_error() {
        let raw = form(&[["top-iso-hold", "right", "", "45", "", "", ""]]);
        let (_, parsed) = parse(&raw, Units::Kg, today());
        assert!(parsed.unwrap_err().has("sets"));
    }
}
