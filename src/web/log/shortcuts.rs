//! The per-exercise shortcut of the session form on `/today` (DESIGN §6): "done as prescribed"
//! with one pain and one RPE answer that every set of the exercise inherits. It sits on top of
//! the per-row contract (DESIGN §3), which is unchanged:
//!
//! - `done` (repeated; an exercise slug): that exercise was done as prescribed;
//! - `all_pain.<slug>` (0–10) and `all_rpe.<slug>` (1–10): the answers its rows inherit.
//!
//! A row inherits the pain or RPE only where its own field is blank, so a set the runner opened
//! and changed keeps what they typed.

use serde::{Deserialize, Deserializer};

use super::session_form::RawSessionForm;
use crate::domain::exercise::ExerciseId;
use crate::domain::values::{PainScore, Rpe};
use crate::web::form::FieldErrors;

/// The RPE answers offered as chips (other values can be typed into a set).
pub const RPE_CHOICES: [&str; 9] = ["5", "6", "7", "7.5", "8", "8.5", "9", "9.5", "10"];
/// The pain answers offered as chips.
pub const PAIN_CHOICES: [&str; 11] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

/// One exercise's shortcut answers, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupAnswer {
    pub exercise: String,
    pub done: bool,
    pub pain: String,
    pub rpe: String,
}

/// Every exercise's shortcut answers, in the order they were first named.
#[derive(Debug, Clone, Default)]
pub struct Shortcuts(Vec<GroupAnswer>);

impl Shortcuts {
    fn entry(&mut self, exercise: &str) -> &mut GroupAnswer {
        if let Some(i) = self.0.iter().position(|g| g.exercise == exercise) {
            &mut self.0[i]
        } else {
            self.0.push(GroupAnswer {
                exercise: exercise.to_string(),
                ..GroupAnswer::default()
            });
            let last = self.0.len() - 1;
            &mut self.0[last]
        }
    }

    fn get(&self, exercise: &str) -> Option<&GroupAnswer> {
        self.0.iter().find(|g| g.exercise == exercise)
    }

    /// Whether "done as prescribed" is ticked for the exercise.
    pub fn done(&self, exercise: &str) -> bool {
        self.get(exercise).is_some_and(|g| g.done)
    }

    /// Whether the pain chip `value` is the chosen one for the exercise.
    pub fn pain_is(&self, exercise: &str, value: &str) -> bool {
        self.get(exercise).is_some_and(|g| g.pain == value)
    }

    /// Whether the RPE chip `value` is the chosen one for the exercise.
    pub fn rpe_is(&self, exercise: &str, value: &str) -> bool {
        self.get(exercise).is_some_and(|g| g.rpe == value)
    }

    /// The rows with each done exercise's answers filled into its blank pain and RPE fields,
    /// or the errors of the shortcut fields (keyed `all_pain.<slug>`, `all_rpe.<slug>`, `done`).
    pub fn apply(&self, raw: &RawSessionForm, errors: &mut FieldErrors) -> RawSessionForm {
        let mut filled = raw.clone();
        for group in &self.0 {
            let name = ExerciseId::parse(&group.exercise).map(|id| id.exercise().name);
            let Some(name) = name else {
                errors.add("done", "Choose an exercise from the plan.");
                continue;
            };
            let pain_field = format!("all_pain.{}", group.exercise);
            let rpe_field = format!("all_rpe.{}", group.exercise);
            if !group.done {
                if !group.pain.is_empty() || !group.rpe.is_empty() {
                    errors.add(
                        &pain_field,
                        format!("{name}: tick \u{201c}Done as prescribed\u{201d} to log every set with these answers, or fill in the sets below."),
                    );
                }
                continue;
            }
            let pain = if group.pain.trim().is_empty() {
                errors.add(
                    &pain_field,
                    format!("{name}: pick the pain you felt during it (0–10)."),
                );
                None
            } else {
                errors.check(&pain_field, PainScore::parse(&group.pain))
            };
            let rpe = if group.rpe.trim().is_empty() {
                errors.add(
                    &rpe_field,
                    format!("{name}: pick how hard it was (RPE 1–10)."),
                );
                None
            } else {
                errors.check(&rpe_field, Rpe::parse(&group.rpe))
            };
            let (Some(pain), Some(rpe)) = (pain, rpe) else {
                continue;
            };
            let rows = filled.row_count();
            for i in 0..rows {
                if filled.exercise.get(i) != Some(&group.exercise) {
                    continue;
                }
                fill_blank(&mut filled.pain, i, &pain.get().to_string());
                fill_blank(&mut filled.rpe, i, &rpe.to_string());
            }
        }
        filled
    }
}

fn fill_blank(values: &mut Vec<String>, i: usize, with: &str) {
    if values.len() <= i {
        values.resize(i + 1, String::new());
    }
    if values[i].trim().is_empty() {
        values[i] = with.to_string();
    }
}

/// The session form as posted from `/today`: the rows and the shortcuts.
#[derive(Debug, Clone, Default)]
pub struct SessionPost {
    pub rows: RawSessionForm,
    pub shortcuts: Shortcuts,
}

impl<'de> Deserialize<'de> for SessionPost {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pairs = Vec::<(String, String)>::deserialize(d)?;
        Ok(SessionPost::from_pairs(pairs))
    }
}

impl SessionPost {
    /// Sorts the posted fields into rows and shortcuts; unknown fields are ignored, as the
    /// per-row form ignores them.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> SessionPost {
        let mut post = SessionPost::default();
        let raw = &mut post.rows;
        for (key, value) in pairs {
            match key.as_str() {
                "performed_on" => raw.performed_on = value,
                "notes" => raw.notes = value,
                "submission_id" => raw.submission_id = value,
                "exercise" => raw.exercise.push(value),
                "set_side" => raw.set_side.push(value),
                "reps" => raw.reps.push(value),
                "hold_seconds" => raw.hold_seconds.push(value),
                "load" => raw.load.push(value),
                "rpe" => raw.rpe.push(value),
                "pain" => raw.pain.push(value),
                "done" => post.shortcuts.entry(&value).done = true,
                _ => {
                    if let Some(slug) = key.strip_prefix("all_pain.") {
                        post.shortcuts.entry(slug).pain = value;
                    } else if let Some(slug) = key.strip_prefix("all_rpe.") {
                        post.shortcuts.entry(slug).rpe = value;
                    }
                }
            }
        }
        post
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(fields: &[(&str, &str)]) -> SessionPost {
        SessionPost::from_pairs(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    fn row(ex: &str, hold: &str, reps: &str, rpe: &str, pain: &str) -> Vec<(&'static str, String)> {
        vec![
            ("exercise", ex.to_string()),
            ("set_side", "right".to_string()),
            ("reps", reps.to_string()),
            ("hold_seconds", hold.to_string()),
            ("load", String::new()),
            ("rpe", rpe.to_string()),
            ("pain", pain.to_string()),
        ]
    }

    fn with_rows(
        shortcuts: &[(&str, &str)],
        rows: Vec<Vec<(&'static str, String)>>,
    ) -> SessionPost {
        let mut fields: Vec<(String, String)> = rows
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        fields.extend(
            shortcuts
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        SessionPost::from_pairs(fields)
    }

    #[test]
    fn a_done_exercise_fills_its_blank_sets_and_keeps_the_changed_one() {
        let p = with_rows(
            &[
                ("done", "top-iso-hold"),
                ("all_pain.top-iso-hold", "2"),
                ("all_rpe.top-iso-hold", "8"),
            ],
            vec![
                row("top-iso-hold", "45", "", "", ""),
                row("top-iso-hold", "30", "", "9.5", ""),
                row("tempo-calf-raise", "", "8", "", ""),
            ],
        );
        let mut errors = FieldErrors::new();
        let filled = p.shortcuts.apply(&p.rows, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(filled.pain, ["2", "2", ""]);
        assert_eq!(filled.rpe, ["8", "9.5", ""]);
        assert_eq!(p.rows.pain, ["", "", ""], "the typed rows stay as typed");
    }

    #[test]
    fn done_without_answers_or_answers_without_done_are_errors() {
        let p = post(&[("done", "tempo-calf-raise"), ("all_rpe.top-iso-hold", "8")]);
        let mut errors = FieldErrors::new();
        p.shortcuts.apply(&p.rows, &mut errors);
        assert!(errors.has("all_pain.tempo-calf-raise"));
        assert!(errors.has("all_rpe.tempo-calf-raise"));
        assert!(errors.has("all_pain.top-iso-hold"));
        let p = post(&[
            ("done", "tempo-calf-raise"),
            ("all_pain.tempo-calf-raise", "11"),
            ("all_rpe.tempo-calf-raise", "8.2"),
        ]);
        let mut errors = FieldErrors::new();
        p.shortcuts.apply(&p.rows, &mut errors);
        assert!(errors.has("all_pain.tempo-calf-raise"));
        assert!(errors.has("all_rpe.tempo-calf-raise"));
        assert!(p.shortcuts.pain_is("tempo-calf-raise", "11"), "typed kept");
    }

    #[test]
    fn an_unknown_exercise_is_refused() {
        let p = post(&[("done", "no-such"), ("all_pain.no-such", "1")]);
        let mut errors = FieldErrors::new();
        p.shortcuts.apply(&p.rows, &mut errors);
        assert!(errors.has("done"));
    }
}
