//! The session form (`POST /sessions`, `POST /sessions/{id}/edit`): raw urlencoded bytes, decoded
//! the way the handler decodes them, then parsed in both units. Must never panic; whatever it
//! accepts must hold only values inside the newtypes' ranges.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use tendo::domain::progression::Effort;
use tendo::domain::values::{LoadKg, Units};
use tendo::web::log::session_form::{self, RawSessionForm, NOTES_MAX};

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = serde_html_form::from_bytes::<RawSessionForm>(data) else {
        return;
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("a valid date");
    for units in [Units::Kg, Units::Lb] {
        let (view, parsed) = session_form::parse(&raw, units, today);
        assert!(view.rows.len() <= 200, "rows are capped");
        let Ok((input, submission_id)) = parsed else {
            continue;
        };
        let earliest = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date");
        assert!(input.performed_on >= earliest && input.performed_on <= today);
        assert!(input.notes.chars().count() <= NOTES_MAX);
        let id = submission_id.as_str();
        assert!(!id.is_empty() && id.len() <= 100);
        assert!(!input.sets.is_empty(), "an accepted session has a set");
        // Nothing lost: every row with a pain or an RPE typed in is a stored set.
        let rows = raw.pain.len().max(raw.rpe.len());
        let filled = |v: &[String], i: usize| v.get(i).is_some_and(|s| !s.trim().is_empty());
        let logged = (0..rows)
            .filter(|&i| filled(&raw.pain, i) || filled(&raw.rpe, i))
            .count();
        assert_eq!(input.sets.len(), logged, "every logged row is kept");
        for set in &input.sets {
            let ex = set.exercise.exercise();
            assert!(set.pain.get() <= 10);
            match set.effort {
                Effort::Hold(hold) => {
                    assert!(ex.is_hold(), "a hold is logged only for a hold exercise");
                    assert!((1..=600).contains(&hold.get()));
                }
                Effort::Reps(reps) => {
                    assert!(!ex.is_hold(), "reps are logged only for a rep exercise");
                    assert!(reps.get() <= 100);
                }
            }
            if let Some(load) = set.load {
                let kg = load.kg();
                assert!(
                    kg.is_finite() && (0.0..=LoadKg::MAX_KG).contains(&kg),
                    "{kg}"
                );
                // What the form shows again parses back to the same display.
                let shown = load.display_in(units);
                let again = LoadKg::parse(&shown, units).expect("a shown load parses");
                assert_eq!(again.display_in(units), shown);
            }
            if let Some(rpe) = set.rpe {
                let v = rpe.value();
                assert!((1.0..=10.0).contains(&v) && (v * 2.0).fract() == 0.0, "{v}");
            }
        }
    }
});
