//! `/clinic/patients/{id}`: one linked runner's review, settings, notes and print-outs. A runner
//! not linked to this clinician is a 404 on every route.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::domain::attention::{self, AttentionFlag};
use crate::domain::progression::running::RunStage;
use crate::domain::progression::{assess, SessionVerdict, RULES_VERSION};
use crate::domain::values::{GateThreshold, TendinopathyType};
use crate::store::audit::{self, AuditEntry};
use crate::store::history::RunnerRecord;
use crate::store::sharing::{self, LinkedRunner, NotesPage};
use crate::store::triages::{self, StoredTriage};
use crate::store::users::{self, UserId};
use crate::store::visa::{self, StoredVisaA};
use crate::store::{clinic, now, running, training, DbConn, StoreResult};
use crate::web::change::{submission_id, Change, Outcome};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::log::{set_lines, summarise_lines, SetLine};
use crate::web::page::{human_date, ok, render, today_for, Chrome};
use crate::web::plan::{PlanView, PrintPlanPage};
use crate::web::progress::ProgressView;
use crate::web::visitor::{Clinician, SignedIn};
use crate::web::{AppError, AppState};
use chrono::NaiveDateTime;

/// Everything the review and the report show about one runner.
pub struct Review {
    pub record: RunnerRecord,
    pub view: PlanView,
    pub triages: Vec<StoredTriage>,
    pub visa: Vec<StoredVisaA>,
    pub notes: NotesPage,
    pub sessions: Vec<SessionLine>,
    pub today: chrono::NaiveDate,
    pub progress: ProgressView,
    /// The patient list's flags for this runner, by the same rule.
    pub attention: Vec<AttentionFlag>,
}

/// A session in the review table.
pub struct SessionLine {
    pub id: i64,
    pub date: String,
    pub verdict: Option<SessionVerdict>,
    pub max_pain: u8,
    /// One line per exercise, loads in the runner's unit.
    pub lines: Vec<String>,
}

impl Review {
    /// A rule's wording (written to the runner) as the clinician reads it.
    pub fn about(&self, text: &str) -> String {
        super::about_the_runner(text)
    }
    /// An exercise's name.
    pub fn exercise_name(&self, exercise: crate::domain::exercise::ExerciseId) -> &'static str {
        exercise.exercise().name
    }
    pub fn visa_change(&self) -> Option<String> {
        let n = self.visa.len();
        (n >= 2).then(|| {
            crate::domain::visa_a::change(self.visa[n - 2].total(), self.visa[n - 1].total()).label
        })
    }
    /// The pain monitor's verdict on one run.
    pub fn run_verdict(&self, run_id: &i64) -> Option<&SessionVerdict> {
        self.view
            .assessment
            .runs
            .iter()
            .find(|v| v.session_id == *run_id)
    }
    /// A run's distance in the runner's unit.
    pub fn distance(&self, km: &Option<f64>) -> String {
        crate::web::log::show_distance(*km, self.record.user.units)
    }
    /// The running stage as the settings form shows it: `auto` or the clinician's stage.
    pub fn run_stage_setting(&self) -> String {
        let r = &self.view.assessment.running;
        match r.set_by_clinician {
            Some(_) => r.stage.get().to_string(),
            None => String::from("auto"),
        }
    }
    /// The threshold field's hint; hurdle jumps are named only for a plan that has them.
    pub fn threshold_hint(&self) -> &'static str {
        if self.view.has_gate() {
            "A whole number from 25 to 35; the default is 25. It opens hurdle jumps."
        } else {
            "A whole number from 25 to 35; the default is 25."
        }
    }
    pub fn confirmed(&self) -> &'static str {
        self.record
            .user
            .confirmed_type
            .map_or("none", TendinopathyType::as_str)
    }
}

/// Loads the review, writing an audit row for the view; 404 unless linked.
async fn load_review(
    state: &AppState,
    me: &SignedIn,
    runner: i64,
    action: &'static str,
    notes_page: i64,
) -> Result<Review, AppError> {
    let (clinician, ip) = (me.user.id, me.visitor.ip.clone());
    let runner = UserId(runner);
    let loaded = state
        .store
        .write(move |conn| {
            let Some(link) = sharing::linked(conn, clinician, runner)? else {
                return Ok(None);
            };
            let Some(record) = clinic::linked_record(conn, link)? else {
                return Ok(None);
            };
            audit::append(
                conn,
                &AuditEntry {
                    actor: Some(clinician),
                    action,
                    subject: Some(runner),
                    detail: "",
                    ip: &ip,
                },
                now(),
            )?;
            let triages = triages::history(conn, runner)?;
            let visa = visa::list(conn, runner)?;
            let notes = sharing::notes_on(conn, link, notes_page)?;
            Ok(Some((record, triages, visa, notes)))
        })
        .await?;
    let (record, triages, visa, notes) = loaded.ok_or(AppError::NotFound)?;
    let today = today_for(&me.user);
    let assessment = assess(&record.history, today);
    let sessions = record
        .history
        .sessions
        .iter()
        .rev()
        .take(20)
        .map(|s| SessionLine {
            id: s.id,
            date: human_date(s.date),
            verdict: assessment.verdict_for(s.id).cloned(),
            max_pain: s.sets.iter().map(|x| x.pain.get()).max().unwrap_or(0),
            lines: summarise_lines(s, record.user.units),
        })
        .collect();
    let view = PlanView::new(&record, today);
    let visa_newest_first: Vec<u8> = visa.iter().rev().map(StoredVisaA::total).collect();
    let attention = attention::flags(
        &clinic::attention_input(&record, view.assessment.monitor, &visa_newest_first),
        today,
    );
    Ok(Review {
        progress: ProgressView::build(&record, &visa, today),
        view,
        attention,
        record,
        triages,
        visa,
        notes,
        sessions,
        today,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    gate_threshold: String,
    #[serde(default)]
    confirmed_type: String,
    /// `auto` or a stage `0`…`4`; absent leaves the running stage as it is.
    #[serde(default)]
    run_stage: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    submission_id: String,
    /// Checkbox: show the note on the runner's Today and Plan pages until they dismiss it.
    #[serde(default)]
    share_with_runner: Option<String>,
}

impl NoteForm {
    fn blank() -> NoteForm {
        NoteForm {
            body: String::new(),
            submission_id: crate::store::submissions::SubmissionId::fresh().to_string(),
            share_with_runner: None,
        }
    }
}

#[derive(Template)]
#[template(path = "clinic/patient.html")]
struct PatientPage {
    chrome: Chrome,
    review: Review,
    settings: SettingsForm,
    note: NoteForm,
    errors: FieldErrors,
}

fn page(
    me: &SignedIn,
    review: Review,
    settings: Option<SettingsForm>,
    note: NoteForm,
    errors: FieldErrors,
) -> PatientPage {
    let settings = settings.unwrap_or_else(|| SettingsForm {
        gate_threshold: review.record.user.gate_threshold.get().to_string(),
        confirmed_type: review.confirmed().to_string(),
        run_stage: review.run_stage_setting(),
    });
    PatientPage {
        chrome: Chrome::new(&me.visitor, "clinic"),
        review,
        settings,
        note,
        errors,
    }
}

#[derive(Deserialize)]
pub struct ReviewQuery {
    /// Which page of notes (1: the newest).
    #[serde(default)]
    notes_page: Option<i64>,
}

pub async fn show(
    state: web::Data<AppState>,
    Clinician(me): Clinician,
    path: web::Path<i64>,
    query: web::Query<ReviewQuery>,
) -> Result<HttpResponse, AppError> {
    let notes_page = query.notes_page.unwrap_or(1);
    let review = load_review(
        &state,
        &me,
        path.into_inner(),
        "clinician_viewed",
        notes_page,
    )
    .await?;
    ok(&page(
        &me,
        review,
        None,
        NoteForm::blank(),
        FieldErrors::new(),
    ))
}

pub async fn settings(
    state: web::Data<AppState>,
    Clinician(me): Clinician,
    path: web::Path<i64>,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    let runner = path.into_inner();
    let mut errors = FieldErrors::new();
    let threshold = errors.check("gate_threshold", GateThreshold::parse(&form.gate_threshold));
    let confirmed = match form.confirmed_type.trim() {
        "none" | "" => Some(None),
        raw => errors
            .check("confirmed_type", TendinopathyType::parse(raw))
            .map(Some),
    };
    let run_stage = errors.check("run_stage", parse_run_stage(&form.run_stage));
    let (Some(threshold), Some(confirmed), Some(run_stage)) = (threshold, confirmed, run_stage)
    else {
        let review = load_review(&state, &me, runner, "clinician_viewed", 1).await?;
        return render(
            &page(&me, review, Some(form), NoteForm::blank(), errors),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let change = Change::new(&me, "clinician_settings")
        .flash("Settings saved.")
        .redirect(format!("/clinic/patients/{runner}"));
    change_linked(&state, &me, runner, change, move |conn, link, now| {
        users::set_clinical_settings(conn, link, threshold, confirmed, now)?;
        let stage = set_run_stage(conn, link, run_stage, now)?;
        Ok(format!(
            "threshold {}; confirmed type {}{stage}",
            threshold.get(),
            confirmed.map_or("none", TendinopathyType::as_str)
        ))
    })
    .await
}

/// The posted running stage: `None` leaves it unchanged, `Some(None)` hands it back to the rules.
fn parse_run_stage(raw: &str) -> Result<Option<Option<RunStage>>, &'static str> {
    const MESSAGE: &str = "Choose automatic or a stage from 0 to 4.";
    match raw.trim() {
        "" => Ok(None),
        "auto" => Ok(Some(None)),
        n => n
            .parse::<u8>()
            .ok()
            .and_then(RunStage::new)
            .map(|s| Some(Some(s)))
            .ok_or(MESSAGE),
    }
}

/// Records a new running-stage setting from the runner's today when it differs from the current
/// one; returns the audit detail.
fn set_run_stage(
    conn: &mut DbConn,
    link: LinkedRunner,
    wanted: Option<Option<RunStage>>,
    now: NaiveDateTime,
) -> StoreResult<String> {
    let (clinician, runner) = (link.clinician(), link.runner());
    let Some(wanted) = wanted else {
        return Ok(String::new());
    };
    let current = running::current_setting(conn, runner)?.flatten();
    if current == wanted.map(RunStage::get) {
        return Ok(String::new());
    }
    let Some(user) = users::find(conn, runner)? else {
        return Ok(String::new());
    };
    running::save_stage_setting(conn, runner, clinician, today_for(&user), wanted, now)?;
    Ok(match wanted {
        Some(s) => format!("; running stage {}", s.get()),
        None => String::from("; running stage automatic"),
    })
}

/// Applies a clinician's change to a runner linked to them through the one write path (`change`
/// returns the audit detail); a runner who is not linked is a 404 and nothing changes.
async fn change_linked<F>(
    state: &AppState,
    me: &SignedIn,
    runner: i64,
    change: Change,
    apply: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut DbConn, LinkedRunner, NaiveDateTime) -> StoreResult<String> + Send + 'static,
{
    let (clinician, runner) = (me.user.id, UserId(runner));
    change
        .target(runner)
        .apply(state, move |conn, now| {
            let Some(link) = sharing::linked(conn, clinician, runner)? else {
                return Ok(Outcome::not_found());
            };
            Ok(Outcome::done().detail(apply(conn, link, now)?))
        })
        .await
}

pub const NOTE_MAX: usize = 4000;

pub async fn add_note(
    state: web::Data<AppState>,
    Clinician(me): Clinician,
    path: web::Path<i64>,
    CsrfForm(mut form): CsrfForm<NoteForm>,
) -> Result<HttpResponse, AppError> {
    let runner = path.into_inner();
    let body = form.body.trim().to_string();
    let mut errors = FieldErrors::new();
    if body.is_empty() {
        errors.add("body", "Write the note before saving it.");
    } else if body.chars().count() > NOTE_MAX {
        errors.add("body", format!("Keep a note under {NOTE_MAX} characters."));
    }
    let shared = match form.share_with_runner.as_deref() {
        None => false,
        Some("on") => true,
        Some(_) => {
            errors.add(
                "share_with_runner",
                "This box can only be ticked or left empty.",
            );
            false
        }
    };
    let submission = submission_id(&mut errors, &mut form.submission_id);
    let (Some(submission), true) = (submission, errors.is_empty()) else {
        let review = load_review(&state, &me, runner, "clinician_viewed", 1).await?;
        return render(
            &page(&me, review, None, form, errors),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let change = Change::new(&me, "clinician_note")
        .once(submission)
        .flash("Note saved.")
        .redirect(format!("/clinic/patients/{runner}#notes"));
    change_linked(&state, &me, runner, change, move |conn, link, now| {
        sharing::add_note_for(conn, link, &body, shared, now)?;
        Ok(String::new())
    })
    .await
}

#[derive(Template)]
#[template(path = "clinic/session.html")]
struct SessionPage {
    chrome: Chrome,
    runner_id: i64,
    runner_name: String,
    date: String,
    notes: String,
    sets: Vec<SetLine>,
    verdict: Option<SessionVerdict>,
}

impl SessionPage {
    fn about(&self, text: &str) -> String {
        super::about_the_runner(text)
    }
}

/// `/clinic/patients/{id}/sessions/{session}`: one session of a linked runner, set by set. A
/// runner who is not linked, or a session that is not theirs, is a 404.
pub async fn session(
    state: web::Data<AppState>,
    Clinician(me): Clinician,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (runner, session_id) = path.into_inner();
    let (clinician, ip) = (me.user.id, me.visitor.ip.clone());
    let loaded = state
        .store
        .write(move |conn| {
            let Some(link) = sharing::linked(conn, clinician, UserId(runner))? else {
                return Ok(None);
            };
            let Some(session) = training::find(conn, link.runner(), session_id)? else {
                return Ok(None);
            };
            let Some(record) = clinic::linked_record(conn, link)? else {
                return Ok(None);
            };
            audit::append(
                conn,
                &AuditEntry {
                    actor: Some(clinician),
                    action: "clinician_viewed",
                    subject: Some(link.runner()),
                    detail: &format!("session {session_id}"),
                    ip: &ip,
                },
                now(),
            )?;
            Ok(Some((session, record)))
        })
        .await?;
    let (session, record) = loaded.ok_or(AppError::NotFound)?;
    let verdict = assess(&record.history, today_for(&me.user))
        .verdict_for(session.id)
        .cloned();
    ok(&SessionPage {
        chrome: Chrome::new(&me.visitor, "clinic"),
        runner_id: runner,
        runner_name: record.user.display_name.clone(),
        date: human_date(session.performed_on),
        sets: set_lines(&session, record.user.units),
        notes: session.notes,
        verdict,
    })
}

pub async fn print(
    state: web::Data<AppState>,
    Clinician(me): Clinician,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let review = load_review(&state, &me, path.into_inner(), "clinician_printed_plan", 1).await?;
    ok(&PrintPlanPage::new(&review.record, review.today))
}

#[derive(Template)]
#[template(path = "print/report.html")]
struct ReportPage {
    review: Review,
    clinician: String,
    printed_on: String,
    rules_version: &'static str,
}

pub async fn report(
    state: web::Data<AppState>,
    Clinician(me): Clinician,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let review = load_review(
        &state,
        &me,
        path.into_inner(),
        "clinician_printed_report",
        1,
    )
    .await?;
    ok(&ReportPage {
        printed_on: human_date(review.today),
        clinician: me.user.display_name.clone(),
        rules_version: RULES_VERSION,
        review,
    })
}
