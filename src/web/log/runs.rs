//! `GET,POST /runs/new` and `GET /runs`: the run and cross-training diary.

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::domain::progression::running::{km_to_unit, unit_to_km, RunKind};
use crate::domain::progression::{assess, SessionVerdict};
use crate::domain::values::{format_amount, DistanceKm, LogDate, PainScore, Units};
use crate::store::diary::{self, NewRun, Run};
use crate::store::history;
use crate::web::change::{submission_id, Change, Outcome};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{ok, today_for, unprocessable, Chrome};
use crate::web::plan::load_record;
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

/// The label of a stored kind (an unknown one is shown as stored).
pub fn kind_label(kind: &str) -> &str {
    RunKind::parse(kind).map_or(kind, |k| k.label())
}

/// "km" or "mi": distances follow the runner's load unit (kilograms → km, pounds → miles).
pub fn distance_unit(units: Units) -> &'static str {
    match units {
        Units::Kg => "km",
        Units::Lb => "mi",
    }
}

/// A stored distance in the runner's unit, e.g. "5.2 km"; an empty string without one.
pub fn show_distance(km: Option<f64>, units: Units) -> String {
    km.map(|k| {
        format!(
            "{} {}",
            format_amount((km_to_unit(k, units) * 10.0).round() / 10.0),
            distance_unit(units)
        )
    })
    .unwrap_or_default()
}

#[derive(Debug, Default, Deserialize)]
pub struct RunForm {
    #[serde(default)]
    performed_on: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    duration_minutes: String,
    #[serde(default)]
    distance_km: String,
    #[serde(default)]
    pain_during: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    submission_id: String,
}

#[derive(Template)]
#[template(path = "log/run_form.html")]
struct RunFormPage {
    chrome: Chrome,
    form: RunForm,
    errors: FieldErrors,
    today: String,
    kinds: [RunKind; 7],
    unit: &'static str,
    /// Today's run from the ladder, as a reminder next to the form.
    todays_run: String,
}

impl RunFormPage {
    fn date_attrs(&self) -> String {
        crate::web::page::date_attrs(&self.today)
    }
    fn distance_label(&self) -> String {
        format!("Distance ({}, optional)", self.unit)
    }
}

async fn form_page(
    state: &AppState,
    me: &crate::web::visitor::SignedIn,
    form: RunForm,
    errors: FieldErrors,
) -> Result<RunFormPage, AppError> {
    let record = load_record(state, &me.user).await?;
    let today = today_for(&me.user);
    Ok(RunFormPage {
        chrome: Chrome::new(&me.visitor, "running"),
        form,
        errors,
        today: today.format("%Y-%m-%d").to_string(),
        kinds: RunKind::ALL,
        unit: distance_unit(me.user.units),
        todays_run: assess(&record.history, today).running.todays_run,
    })
}

pub async fn new_form(
    state: web::Data<AppState>,
    Runner(me): Runner,
) -> Result<HttpResponse, AppError> {
    let form = RunForm {
        performed_on: today_for(&me.user).format("%Y-%m-%d").to_string(),
        kind: "easy".into(),
        submission_id: crate::store::submissions::SubmissionId::fresh().to_string(),
        ..RunForm::default()
    };
    ok(&form_page(&state, &me, form, FieldErrors::new()).await?)
}

/// Minutes of one run or ride, 1–600.
fn parse_minutes(raw: &str) -> Result<u16, String> {
    match raw.trim().parse::<u16>() {
        Ok(m) if (1..=600).contains(&m) => Ok(m),
        Ok(_) => Err(String::from("Minutes are from 1 to 600.")),
        Err(_) if raw.trim().is_empty() => Err(String::from("Enter how many minutes it took.")),
        Err(_) => Err(String::from("Enter the minutes as a whole number.")),
    }
}

/// An optional distance typed in the runner's unit, in km.
fn parse_distance(raw: &str, units: Units) -> Result<Option<DistanceKm>, String> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let unit = distance_unit(units);
    match raw.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => {
            DistanceKm::from_km(unit_to_km(v, units))
                .map(Some)
                .map_err(|_| {
                    format!(
                        "Enter a distance from 0 to {} {unit}.",
                        format_amount((km_to_unit(400.0, units)).floor())
                    )
                })
        }
        _ => Err(format!(
            "Enter the distance in {unit} as a number, or leave it empty."
        )),
    }
}

pub async fn submit(
    state: web::Data<AppState>,
    Runner(me): Runner,
    CsrfForm(mut form): CsrfForm<RunForm>,
) -> Result<HttpResponse, AppError> {
    let today = today_for(&me.user);
    let mut errors = FieldErrors::new();
    let day = errors.check("performed_on", LogDate::parse(&form.performed_on, today));
    let kind = RunKind::parse(&form.kind);
    if kind.is_none() {
        errors.add("kind", "Choose the kind of run from the list.");
    }
    let minutes = errors.check("duration_minutes", parse_minutes(&form.duration_minutes));
    let distance = errors.check(
        "distance_km",
        parse_distance(&form.distance_km, me.user.units),
    );
    let pain = errors.check("pain_during", PainScore::parse(&form.pain_during));
    if form.notes.chars().count() > 500 {
        errors.add("notes", "Keep notes under 500 characters.");
    }
    let submission = submission_id(&mut errors, &mut form.submission_id);
    let (Some(day), Some(kind), Some(minutes), Some(distance), Some(pain), Some(submission), true) = (
        day,
        kind,
        minutes,
        distance,
        pain,
        submission,
        errors.is_empty(),
    ) else {
        return unprocessable(&form_page(&state, &me, form, errors).await?);
    };
    let run = NewRun {
        day: day.date(),
        kind,
        duration_minutes: minutes,
        distance,
        pain,
        notes: form.notes.trim().to_string(),
    };
    let user = me.user.id;
    Change::new(&me, "run_logged")
        .once(submission)
        .flash("Run saved. Check in tomorrow morning: that decides its colour.")
        .redirect("/runs")
        .apply(&state, move |conn, now| {
            let id = diary::save_run(conn, user, &run, now)?;
            Ok(Outcome::done().detail(format_args!("run {id}")))
        })
        .await
}

/// One row of the diary with the pain monitor's colour and the ladder's note.
struct RunRow {
    run: Run,
    distance: String,
    verdict: Option<SessionVerdict>,
    note: String,
    spike: bool,
}

#[derive(Template)]
#[template(path = "log/runs.html")]
struct RunsPage {
    chrome: Chrome,
    rows: Vec<RunRow>,
}

impl RunsPage {
    fn label<'a>(&self, kind: &'a str) -> &'a str {
        kind_label(kind)
    }
}

pub async fn list(
    state: web::Data<AppState>,
    Runner(me): Runner,
) -> Result<HttpResponse, AppError> {
    let user = me.user.clone();
    let (runs, record) = state
        .store
        .run(move |conn| Ok((diary::runs(conn, user.id)?, history::load(conn, &user)?)))
        .await?;
    let a = assess(&record.history, today_for(&me.user));
    let units = me.user.units;
    let rows = runs
        .into_iter()
        .map(|run| {
            let note = a.running.note_for(run.id);
            RunRow {
                distance: show_distance(run.distance_km, units),
                verdict: a.runs.iter().find(|v| v.session_id == run.id).cloned(),
                note: note.map(|n| n.note.clone()).unwrap_or_default(),
                spike: note.is_some_and(|n| n.spike),
                run,
            }
        })
        .collect();
    ok(&RunsPage {
        chrome: Chrome::new(&me.visitor, "running"),
        rows,
    })
}

#[cfg(test)]
mod escaping_tests {
    use askama::Template;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;
    use crate::store::users::Role;
    use crate::web::page::escaping::{assert_escaped, chrome, hostile_text};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn run_notes_render_escaped_on_the_runs_page(notes in hostile_text(12)) {
            let html = RunsPage {
                chrome: chrome("Ana", Role::Runner, "sessions"),
                rows: vec![RunRow {
                    run: Run {
                        id: 1,
                        performed_on: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
                        kind: "easy".into(),
                        duration_minutes: Some(30),
                        distance_km: Some(5.0),
                        pain_during: 2,
                        notes: notes.clone(),
                    },
                    distance: "5 km".into(),
                    verdict: None,
                    note: String::new(),
                    spike: false,
                }],
            }
            .render()
            .unwrap();
            assert_escaped(&html, &notes);
            prop_assert!(html.contains("<td>N"), "notes shown in their cell");
        }

        #[test]
        fn run_notes_render_escaped_in_a_rejected_form(notes in hostile_text(12)) {
            let html = RunFormPage {
                chrome: chrome("Ana", Role::Runner, "sessions"),
                form: RunForm {
                    performed_on: "2026-11-24".into(),
                    kind: "easy".into(),
                    duration_minutes: "30".into(),
                    distance_km: "x".into(),
                    pain_during: "2".into(),
                    notes: notes.clone(),
                    submission_id: "s".into(),
                },
                errors: FieldErrors::new(),
                today: "2026-11-25".into(),
                kinds: RunKind::ALL,
                unit: "km",
                todays_run: String::from("walk 4 / run 1 × 3"),
            }
            .render()
            .unwrap();
            assert_escaped(&html, &notes);
            prop_assert_eq!(html.matches("</textarea>").count(), 1);
        }
    }
}
