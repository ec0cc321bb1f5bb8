//! Session history: list, one session, edit, delete.

use std::collections::HashMap;

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::session_form::{self, RawSessionForm, SessionFormView};
use crate::domain::exercise::ExerciseId;
use crate::domain::progression::{assess, Effort, SessionRecord, SessionVerdict, SetRecord};
use crate::domain::values::Units;
use crate::store::training::{self, StoredSession};
use crate::web::change::{Change, Outcome};
use crate::web::form::{CsrfForm, FieldErrors, NoFields};
use crate::web::page::{human_date, ok, today_for, unprocessable, Chrome};
use crate::web::plan::load_record;
use crate::web::visitor::{Runner, SignedIn};
use crate::web::{AppError, AppState};

/// One session in the history list.
pub struct SessionLine {
    pub id: i64,
    pub date: String,
    /// One line per exercise.
    pub lines: Vec<String>,
    pub max_pain: u8,
    pub verdict: Option<SessionVerdict>,
    pub notes: String,
}

/// "Top-range weight-shift hold 5 × 45 s; Weighted tempo calf raise 4 × 8 @ 17.5 kg, pain ≤ 2"
pub fn summarise(record: &SessionRecord) -> String {
    summarise_lines(record, Units::Kg).join("; ")
}

/// One line per exercise, in the order first logged: sets × dose (or each set's dose when they
/// differ), the load in `units` (a range when it varied), and the highest pain.
pub fn summarise_lines(record: &SessionRecord, units: Units) -> Vec<String> {
    let mut order: Vec<ExerciseId> = Vec::new();
    for set in &record.sets {
        if !order.contains(&set.exercise) {
            order.push(set.exercise);
        }
    }
    order
        .into_iter()
        .map(|exercise| {
            let sets: Vec<&SetRecord> = record
                .sets
                .iter()
                .filter(|s| s.exercise == exercise)
                .collect();
            let name = exercise.exercise().name;
            let doses: Vec<String> = sets
                .iter()
                .map(|s| match s.effort {
                    Effort::Hold(h) => format!("{} s", h.get()),
                    Effort::Reps(r) => r.get().to_string(),
                })
                .collect();
            let dose = if doses.iter().all(|d| *d == doses[0]) {
                format!("{} × {}", sets.len(), doses[0])
            } else {
                format!("{} sets ({})", sets.len(), doses.join(", "))
            };
            let loads: Vec<f64> = sets.iter().filter_map(|s| s.load.map(|l| l.kg())).collect();
            let load = match (
                loads.iter().copied().reduce(f64::min),
                loads.iter().copied().reduce(f64::max),
            ) {
                (Some(lo), Some(hi)) if (hi - lo).abs() < 1e-9 => {
                    format!(" @ {}", show_load(lo, units))
                }
                (Some(lo), Some(hi)) => format!(
                    " @ {}–{}",
                    show_load(lo, units).trim_end_matches(units.as_str()).trim(),
                    show_load(hi, units)
                ),
                _ => String::new(),
            };
            match sets.iter().map(|s| s.pain.get()).max().unwrap_or(0) {
                0 => format!("{name} {dose}{load}, pain-free"),
                pain => format!("{name} {dose}{load}, pain ≤ {pain}"),
            }
        })
        .collect()
}

fn show_load(kg: f64, units: Units) -> String {
    match crate::domain::values::LoadKg::from_kg(kg) {
        Ok(l) => format!("{} {}", l.display_in(units), units.as_str()),
        Err(_) => String::new(),
    }
}

#[derive(Template)]
#[template(path = "log/sessions.html")]
struct ListPage {
    chrome: Chrome,
    sessions: Vec<SessionLine>,
}

pub async fn list(
    state: web::Data<AppState>,
    Runner(me): Runner,
) -> Result<HttpResponse, AppError> {
    let record = load_record(&state, &me.user).await?;
    let user = me.user.id;
    let notes: HashMap<i64, String> = state
        .store
        .run(move |conn| training::notes_by_id(conn, user))
        .await?
        .into_iter()
        .collect();
    let assessment = assess(&record.history, today_for(&me.user));
    let mut sessions: Vec<SessionLine> = record
        .history
        .sessions
        .iter()
        .map(|s| SessionLine {
            id: s.id,
            date: human_date(s.date),
            lines: summarise_lines(s, me.user.units),
            max_pain: s.sets.iter().map(|x| x.pain.get()).max().unwrap_or(0),
            verdict: assessment.verdict_for(s.id).cloned(),
            notes: notes.get(&s.id).cloned().unwrap_or_default(),
        })
        .collect();
    sessions.reverse();
    ok(&ListPage {
        chrome: Chrome::new(&me.visitor, "sessions"),
        sessions,
    })
}

#[derive(Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    confirm_delete: Option<String>,
}

/// A session's sets as displayed.
pub struct SetLine {
    pub exercise: String,
    pub side: &'static str,
    pub dose: String,
    pub load: String,
    pub rpe: String,
    pub pain: u8,
}

pub fn set_lines(session: &StoredSession, units: Units) -> Vec<SetLine> {
    session
        .sets
        .iter()
        .map(|s| SetLine {
            exercise: s.exercise.exercise().name.to_string(),
            side: s.side.label(),
            dose: match s.effort {
                Effort::Hold(h) => format!("{} s", h.get()),
                Effort::Reps(r) => format!("{} reps", r.get()),
            },
            load: s
                .load
                .map(|l| format!("{} {}", l.display_in(units), units.as_str()))
                .unwrap_or_else(|| "body weight".into()),
            rpe: s.rpe.map(|r| r.to_string()).unwrap_or_else(|| "–".into()),
            pain: s.pain.get(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "log/session.html")]
struct ShowPage {
    chrome: Chrome,
    session: StoredSession,
    date: String,
    sets: Vec<SetLine>,
    verdict: Option<SessionVerdict>,
    confirm_delete: bool,
}

async fn find_own(state: &AppState, me: &SignedIn, id: i64) -> Result<StoredSession, AppError> {
    let user = me.user.id;
    state
        .store
        .run(move |conn| training::find(conn, user, id))
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn show(
    state: web::Data<AppState>,
    Runner(me): Runner,
    path: web::Path<i64>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    let session = find_own(&state, &me, path.into_inner()).await?;
    let record = load_record(&state, &me.user).await?;
    let verdict = assess(&record.history, today_for(&me.user))
        .verdict_for(session.id)
        .cloned();
    ok(&ShowPage {
        chrome: Chrome::new(&me.visitor, "sessions"),
        date: human_date(session.performed_on),
        sets: set_lines(&session, me.user.units),
        session,
        verdict,
        confirm_delete: query.confirm_delete.is_some(),
    })
}

#[derive(Template)]
#[template(path = "log/edit.html")]
struct EditPage {
    chrome: Chrome,
    id: i64,
    form: SessionFormView,
    errors: FieldErrors,
    units: &'static str,
    today: String,
}

impl EditPage {
    fn date_attrs(&self) -> String {
        crate::web::page::date_attrs(&self.today)
    }
    /// Stored values are the runner's own, never shown as prefilled.
    fn prefilled(&self) -> bool {
        false
    }
}

pub async fn edit_form(
    state: web::Data<AppState>,
    Runner(me): Runner,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let session = find_own(&state, &me, path.into_inner()).await?;
    ok(&EditPage {
        chrome: Chrome::new(&me.visitor, "sessions"),
        id: session.id,
        form: SessionFormView {
            performed_on: session.performed_on.format("%Y-%m-%d").to_string(),
            notes: session.notes.clone(),
            submission_id: String::new(),
            rows: session_form::rows_of(&session.sets, me.user.units),
        },
        errors: FieldErrors::new(),
        units: me.user.units.as_str(),
        today: today_for(&me.user).format("%Y-%m-%d").to_string(),
    })
}

pub async fn edit(
    state: web::Data<AppState>,
    Runner(me): Runner,
    path: web::Path<i64>,
    CsrfForm(raw): CsrfForm<RawSessionForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    // Someone else's id is a 404 before the form is even read.
    find_own(&state, &me, id).await?;
    let today = today_for(&me.user);
    let (view, parsed) = session_form::parse(&raw, me.user.units, today);
    let input = match parsed {
        Ok((input, _)) => input,
        Err(errors) => {
            return unprocessable(&EditPage {
                chrome: Chrome::new(&me.visitor, "sessions"),
                id,
                form: view,
                errors,
                units: me.user.units.as_str(),
                today: today.format("%Y-%m-%d").to_string(),
            })
        }
    };
    let user = me.user.id;
    Change::new(&me, "session_edited")
        .flash("Session updated.")
        .redirect(format!("/sessions/{id}"))
        .apply(&state, move |conn, now| {
            Ok(if training::update(conn, user, id, &input, now)? {
                Outcome::done().detail(id)
            } else {
                Outcome::not_found()
            })
        })
        .await
}

pub async fn delete(
    state: web::Data<AppState>,
    Runner(me): Runner,
    path: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let user = me.user.id;
    Change::new(&me, "session_deleted")
        .flash("Session deleted.")
        .redirect("/sessions")
        .apply(&state, move |conn, _| {
            Ok(if training::delete(conn, user, id)? {
                Outcome::done().detail(id)
            } else {
                Outcome::not_found()
            })
        })
        .await
}

#[cfg(test)]
mod escaping_tests {
    use askama::Template;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;
    use crate::domain::progression::SetRecord;
    use crate::domain::values::{HoldSeconds, PainScore, SetSide};
    use crate::store::users::Role;
    use crate::web::page::escaping::{assert_escaped, chrome, hostile_text};

    fn stored(notes: &str) -> StoredSession {
        StoredSession {
            id: 7,
            performed_on: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            notes: notes.to_string(),
            sets: vec![SetRecord {
                exercise: ExerciseId::TopIsoHold,
                side: SetSide::Right,
                effort: Effort::Hold(HoldSeconds::new(45).unwrap()),
                load: None,
                rpe: None,
                pain: PainScore::new(2).unwrap(),
            }],
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn session_notes_render_escaped_on_the_session_page(
            notes in hostile_text(12),
            name in hostile_text(2),
            confirm_delete in any::<bool>(),
        ) {
            let session = stored(&notes);
            let html = ShowPage {
                chrome: chrome(&name, Role::Runner, "sessions"),
                date: human_date(session.performed_on),
                sets: set_lines(&session, Units::Kg),
                session,
                verdict: None,
                confirm_delete,
            }
            .render()
            .unwrap();
            assert_escaped(&html, &notes);
            prop_assert!(html.contains("<strong>Notes:</strong> N"), "notes shown in place");
        }

        #[test]
        fn session_notes_render_escaped_in_the_history(notes in hostile_text(12)) {
            let html = ListPage {
                chrome: chrome("Ana", Role::Runner, "sessions"),
                sessions: vec![SessionLine {
                    id: 7,
                    date: "24 Nov 2026".into(),
                    lines: vec!["Top-range hold 1 × 45 s".into()],
                    max_pain: 2,
                    verdict: None,
                    notes: notes.clone(),
                }],
            }
            .render()
            .unwrap();
            assert_escaped(&html, &notes);
        }

        #[test]
        fn session_notes_render_escaped_in_the_edit_form(notes in hostile_text(12)) {
            let session = stored(&notes);
            let html = EditPage {
                chrome: chrome("Ana", Role::Runner, "sessions"),
                id: session.id,
                form: SessionFormView {
                    performed_on: "2026-11-24".into(),
                    notes: notes.clone(),
                    submission_id: String::new(),
                    rows: session_form::rows_of(&session.sets, Units::Kg),
                },
                errors: FieldErrors::new(),
                units: "kg",
                today: "2026-11-25".into(),
            }
            .render()
            .unwrap();
            assert_escaped(&html, &notes);
            prop_assert_eq!(html.matches("</textarea>").count(), 1, "the textarea is not closed early");
        }
    }
}

#[cfg(test)]
mod summary_tests {
    use super::*;
    use crate::domain::values::{HoldSeconds, LoadKg, PainScore, Reps, Side};

    fn set(
        ex: ExerciseId,
        reps: Option<u16>,
        hold: Option<u16>,
        kg: Option<f64>,
        pain: i64,
    ) -> SetRecord {
        SetRecord {
            exercise: ex,
            side: Side::Right.into(),
            effort: Effort::from_parts(
                reps.map(|r| Reps::parse(&r.to_string()).unwrap()),
                hold.map(|h| HoldSeconds::parse(&h.to_string()).unwrap()),
            )
            .unwrap(),
            load: kg.map(|k| LoadKg::from_kg(k).unwrap()),
            rpe: None,
            pain: PainScore::new(pain).unwrap(),
        }
    }

    #[test]
    fn a_session_reads_as_one_line_per_exercise_with_load_and_highest_pain() {
        let record = SessionRecord {
            id: 1,
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            sets: vec![
                set(ExerciseId::TempoCalfRaise, Some(8), None, Some(17.5), 1),
                set(ExerciseId::TopIsoHold, None, Some(45), None, 0),
                set(ExerciseId::TempoCalfRaise, Some(8), None, Some(17.5), 2),
                set(ExerciseId::TempoCalfRaise, Some(8), None, Some(17.5), 2),
                set(ExerciseId::TempoCalfRaise, Some(8), None, Some(17.5), 1),
                set(ExerciseId::TopIsoHold, None, Some(30), None, 3),
                set(ExerciseId::HurdleJumps, Some(9), None, Some(10.0), 0),
                set(ExerciseId::HurdleJumps, Some(8), None, Some(12.5), 0),
            ],
        };
        assert_eq!(
            summarise_lines(&record, Units::Kg),
            [
                "Weighted tempo calf raise 4 × 8 @ 17.5 kg, pain ≤ 2",
                "Top-range weight-shift hold 2 sets (45 s, 30 s), pain ≤ 3",
                "Two-legged hurdle jumps 2 sets (9, 8) @ 10–12.5 kg, pain-free",
            ]
        );
    }
}
