//! `GET,POST /tests/new`: the single-leg calf-raise capacity test that opens the hurdle-jump gate.

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::domain::progression::{assess, Gate};
use crate::domain::values::{LogDate, Reps, Side};
use crate::store::{diary, history};
use crate::web::change::{submission_id, Change, Outcome};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{ok, today_for, unprocessable, Chrome};
use crate::web::plan::load_record;
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

#[derive(Debug, Default, Deserialize)]
pub struct TestForm {
    #[serde(default)]
    performed_on: String,
    #[serde(default)]
    side: String,
    #[serde(default)]
    pain_free_reps: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    submission_id: String,
}

#[derive(Template)]
#[template(path = "log/test.html")]
struct TestPage {
    chrome: Chrome,
    form: TestForm,
    errors: FieldErrors,
    today: String,
    gate: Gate,
}

impl TestPage {
    fn date_attrs(&self) -> String {
        crate::web::page::date_attrs(&self.today)
    }
}

async fn page(
    state: &AppState,
    me: &crate::web::visitor::SignedIn,
    form: TestForm,
    errors: FieldErrors,
) -> Result<TestPage, AppError> {
    let record = load_record(state, &me.user).await?;
    let today = today_for(&me.user);
    Ok(TestPage {
        chrome: Chrome::new(&me.visitor, "today"),
        form,
        errors,
        today: today.format("%Y-%m-%d").to_string(),
        gate: assess(&record.history, today).gate,
    })
}

pub async fn show(
    state: web::Data<AppState>,
    Runner(me): Runner,
) -> Result<HttpResponse, AppError> {
    let record = load_record(&state, &me.user).await?;
    let side = record
        .history
        .profile
        .injured
        .sides()
        .first()
        .copied()
        .unwrap_or(Side::Right);
    let form = TestForm {
        performed_on: today_for(&me.user).format("%Y-%m-%d").to_string(),
        side: side.as_str().to_string(),
        submission_id: crate::store::submissions::SubmissionId::fresh().to_string(),
        ..TestForm::default()
    };
    ok(&page(&state, &me, form, FieldErrors::new()).await?)
}

pub async fn submit(
    state: web::Data<AppState>,
    Runner(me): Runner,
    CsrfForm(mut form): CsrfForm<TestForm>,
) -> Result<HttpResponse, AppError> {
    let today = today_for(&me.user);
    let mut errors = FieldErrors::new();
    let day = errors.check("performed_on", LogDate::parse(&form.performed_on, today));
    let side = errors.check("side", Side::parse(&form.side));
    let reps = errors.check("pain_free_reps", Reps::parse(&form.pain_free_reps));
    if form.notes.chars().count() > 500 {
        errors.add("notes", "Keep notes under 500 characters.");
    }
    let submission = submission_id(&mut errors, &mut form.submission_id);
    let (Some(day), Some(side), Some(reps), Some(submission), true) =
        (day, side, reps, submission, errors.is_empty())
    else {
        return unprocessable(&page(&state, &me, form, errors).await?);
    };
    let user = me.user.clone();
    let notes = form.notes.trim().to_string();
    Change::new(&me, "capacity_test")
        .once(submission)
        .redirect("/today")
        .apply(&state, move |conn, now| {
            diary::save_test(conn, user.id, day.date(), side, reps.get(), &notes, now)?;
            let record = history::load(conn, &user)?;
            let gate = assess(&record.history, today).gate;
            Ok(Outcome::done()
                .detail(format_args!("{} {}", side.as_str(), reps.get()))
                .flash(format!(
                    "Test saved: {} pain-free raises ({}). {}",
                    reps.get(),
                    side.as_str(),
                    gate.reason
                )))
        })
        .await
}
