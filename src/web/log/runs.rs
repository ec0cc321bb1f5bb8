//! `GET,POST /runs/new` and `GET /runs`: the run and cross-training diary.

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::domain::values::{DistanceKm, LogDate, PainScore};
use crate::store::diary::{self, Run};
use crate::store::{auth_sessions, now, submissions};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{ok, see_other, today_for, unprocessable, Chrome};
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

/// The kinds of run or cross-training, with labels.
pub const KINDS: [(&str, &str); 6] = [
    ("easy", "Easy run"),
    ("long", "Long run"),
    ("speed", "Speed work"),
    ("hills", "Hills"),
    ("race", "Race"),
    ("bike", "Bike"),
];

pub fn kind_label(kind: &str) -> &str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(kind, |(_, l)| l)
}

#[derive(Debug, Default, Deserialize)]
pub struct RunForm {
    #[serde(default)]
    performed_on: String,
    #[serde(default)]
    kind: String,
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
    kinds: &'static [(&'static str, &'static str)],
}

impl RunFormPage {
    fn date_attrs(&self) -> String {
        crate::web::page::date_attrs(&self.today)
    }
}

pub async fn new_form(Runner(me): Runner) -> Result<HttpResponse, AppError> {
    let today = today_for(&me.user).format("%Y-%m-%d").to_string();
    ok(&RunFormPage {
        chrome: Chrome::new(&me.visitor, "sessions"),
        form: RunForm {
            performed_on: today.clone(),
            kind: "easy".into(),
            submission_id: crate::store::auth_sessions::random_token(),
            ..RunForm::default()
        },
        errors: FieldErrors::new(),
        today,
        kinds: &KINDS,
    })
}

pub async fn submit(
    state: web::Data<AppState>,
    Runner(me): Runner,
    CsrfForm(form): CsrfForm<RunForm>,
) -> Result<HttpResponse, AppError> {
    let today = today_for(&me.user);
    let mut errors = FieldErrors::new();
    let day = errors.check("performed_on", LogDate::parse(&form.performed_on, today));
    if !KINDS.iter().any(|(k, _)| *k == form.kind) {
        errors.add("kind", "Choose the kind of run from the list.");
    }
    let distance = errors.check("distance_km", DistanceKm::parse(&form.distance_km));
    let pain = errors.check("pain_during", PainScore::parse(&form.pain_during));
    if form.notes.chars().count() > 500 {
        errors.add("notes", "Keep notes under 500 characters.");
    }
    let (Some(day), Some(distance), Some(pain), true) = (day, distance, pain, errors.is_empty())
    else {
        return unprocessable(&RunFormPage {
            chrome: Chrome::new(&me.visitor, "sessions"),
            form,
            errors,
            today: today.format("%Y-%m-%d").to_string(),
            kinds: &KINDS,
        });
    };
    let (user, session, ip) = (me.user.id, me.session_id, me.visitor.ip.clone());
    let (kind, notes) = (form.kind.clone(), form.notes.trim().to_string());
    let submission = submissions::from_form(&form.submission_id);
    state
        .store
        .write(move |conn| {
            let now = now();
            if !submissions::claim(conn, user, &submission, now)? {
                return Ok(());
            }
            diary::save_run(conn, user, day.date(), &kind, distance, pain, &notes, now)?;
            crate::store::audit::append(
                conn,
                &crate::store::audit::AuditEntry::new(
                    Some(user),
                    "run_logged",
                    Some(user),
                    &kind,
                    &ip,
                ),
                now,
            )?;
            auth_sessions::set_flash(conn, session, "Run saved.")
        })
        .await?;
    Ok(see_other("/runs"))
}

#[derive(Template)]
#[template(path = "log/runs.html")]
struct RunsPage {
    chrome: Chrome,
    runs: Vec<Run>,
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
    let user = me.user.id;
    let runs = state.store.run(move |conn| diary::runs(conn, user)).await?;
    ok(&RunsPage {
        chrome: Chrome::new(&me.visitor, "sessions"),
        runs,
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
                runs: vec![Run {
                    id: 1,
                    performed_on: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
                    kind: "easy".into(),
                    distance_km: 5.0,
                    pain_during: 2,
                    notes: notes.clone(),
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
                    distance_km: "x".into(),
                    pain_during: "2".into(),
                    notes: notes.clone(),
                    submission_id: "s".into(),
                },
                errors: FieldErrors::new(),
                today: "2026-11-25".into(),
                kinds: &KINDS,
            }
            .render()
            .unwrap();
            assert_escaped(&html, &notes);
            prop_assert_eq!(html.matches("</textarea>").count(), 1);
        }
    }
}
