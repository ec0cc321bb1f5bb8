//! `GET /plan`, `POST /plan/choose`, `GET /plan/print`: the runner's plan on screen and on paper.

use std::sync::Arc;

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::domain::exercise::{Exercise, ExerciseId, LOAD_GUIDANCE};
use crate::domain::plan::{urgent_flag_overrides_confirmation, CurrentTriage, Plan, PlanDecision};
use crate::domain::progression::{assess, Assessment, Gate, RULES_VERSION};
use crate::domain::schedule::Schedule;
use crate::domain::triage::{classify, Flag, TriageOutcome, TriageResult};
use crate::domain::values::TendinopathyType;
use crate::store::history::{self, RunnerRecord};
use crate::store::triages;
use crate::store::users::User;
use crate::web::change::{Change, Outcome};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{human_date, ok, see_other, today_for, unprocessable, Chrome};
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/plan", web::get().to(show))
        .route("/plan/choose", web::post().to(choose))
        .route("/plan/print", web::get().to(print));
}

/// Loads a runner's record on the blocking pool.
pub async fn load_record(state: &AppState, user: &User) -> Result<RunnerRecord, AppError> {
    let user = user.clone();
    Ok(state
        .store
        .run(move |conn| history::load(conn, &user))
        .await?)
}

/// Everything a plan shows, on screen or paper, for the runner or their clinician.
pub struct PlanView {
    pub decision: PlanDecision,
    pub plan: Option<Plan>,
    pub exercises: Vec<&'static Exercise>,
    /// Shared with the runner's kept day (see [`crate::web::records`]).
    pub assessment: Arc<Assessment>,
    pub triage: Option<TriageResult>,
    pub triage_date: Option<String>,
    pub load_guidance: &'static str,
    /// Set when an urgent flag newer than the clinician's confirmation withholds the plan: why,
    /// and what restores it (shown on the clinician's review).
    pub withheld_after_confirmation: Option<String>,
    /// The runner's training weekdays.
    pub schedule: Schedule,
    /// Messages the runner's clinician shared.
    pub messages: Vec<crate::store::messages::Message>,
}

impl PlanView {
    pub fn new(record: &RunnerRecord, today: chrono::NaiveDate) -> PlanView {
        PlanView::with_assessment(record, Arc::new(assess(&record.history, today)))
    }
    /// The view of `record` with its assessment already made (see [`crate::web::records`]).
    pub fn with_assessment(record: &RunnerRecord, assessment: Arc<Assessment>) -> PlanView {
        let plan = match record.decision {
            PlanDecision::Plan(p) => Some(p),
            _ => None,
        };
        let triage = record.triage.as_ref().map(|t| classify(&t.answers));
        PlanView {
            withheld_after_confirmation: withheld_reason(record),
            decision: record.decision,
            plan,
            exercises: plan.map(|p| p.exercises()).unwrap_or_default(),
            assessment,
            triage,
            triage_date: record
                .triage
                .as_ref()
                .map(|t| human_date(t.created_at.date())),
            load_guidance: LOAD_GUIDANCE,
            schedule: record.schedule,
            messages: record.messages.clone(),
        }
    }
    pub fn gate(&self) -> &Gate {
        &self.assessment.gate
    }
    /// Whether the plan contains hurdle jumps, and so shows their gate (a mid-portion plan
    /// shows neither).
    pub fn has_gate(&self) -> bool {
        self.plan.is_some_and(|p| p.has_hurdle_gate())
    }
    /// The urgent flags of the current triage.
    pub fn urgent_flags(&self) -> Vec<Flag> {
        self.triage
            .as_ref()
            .map(|t| t.urgent_flags.clone())
            .unwrap_or_default()
    }
    pub fn caution_flags(&self) -> Vec<Flag> {
        self.triage
            .as_ref()
            .map(|t| t.caution_flags.clone())
            .unwrap_or_default()
    }
    pub fn needs_choice(&self) -> Option<TriageOutcome> {
        match self.decision {
            PlanDecision::NeedsChoice(o) => Some(o),
            _ => None,
        }
    }
    pub fn is_refer(&self) -> bool {
        self.decision == PlanDecision::Refer
    }
    pub fn no_triage(&self) -> bool {
        self.decision == PlanDecision::NoTriage
    }
    /// Why this plan: the triage's reasons, or the clinician's confirmation.
    pub fn why(&self) -> Vec<String> {
        match (&self.plan, &self.triage) {
            (Some(p), _) if p.source == crate::domain::plan::PlanSource::ClinicianConfirmed => {
                vec![format!(
                    "Your clinician confirmed {} tendinopathy.",
                    p.kind.label().to_lowercase()
                )]
            }
            (Some(p), Some(t)) if p.source == crate::domain::plan::PlanSource::SelfSelected => {
                let mut v = vec![format!(
                    "You chose this plan after a {} triage result.",
                    t.outcome.label().to_lowercase()
                )];
                v.extend(t.reasons.iter().cloned());
                v
            }
            (_, Some(t)) => t.reasons.clone(),
            _ => Vec::new(),
        }
    }
}

/// The review's sentence for a plan withheld by an urgent flag newer than the confirmation.
fn withheld_reason(record: &RunnerRecord) -> Option<String> {
    let stored = record.triage.as_ref()?;
    let confirmation = history::confirmation_of(&record.user);
    let current = CurrentTriage {
        outcome: stored.outcome,
        at: stored.created_at,
    };
    if !urgent_flag_overrides_confirmation(confirmation, Some(current)) {
        return None;
    }
    let confirmed = match record.user.confirmed_at {
        Some(at) => format!("your confirmation of {}", human_date(at.date())),
        None => String::from("your confirmation"),
    };
    Some(format!(
        "The runner's triage of {} reported an urgent red flag after {confirmed}, so the plan, the log form and the printed plan are withheld. Assess the runner, then save a confirmed type again to restore the plan.",
        human_date(stored.created_at.date()),
    ))
}

#[derive(Template)]
#[template(path = "plan/plan.html")]
struct PlanPage {
    chrome: Chrome,
    view: PlanView,
    errors: FieldErrors,
    /// A session is logged for the runner's today: the way to today says "see", not "log".
    logged_today: bool,
}

fn logged_on(record: &RunnerRecord, day: chrono::NaiveDate) -> bool {
    record.history.sessions.iter().any(|s| s.date == day)
}

async fn show(state: web::Data<AppState>, Runner(me): Runner) -> Result<HttpResponse, AppError> {
    let day = crate::web::records::runner_day(&state, &me.user).await?;
    ok(&PlanPage {
        chrome: Chrome::new(&me.visitor, "plan"),
        view: PlanView::with_assessment(&day.record, Arc::clone(&day.assessment)),
        errors: FieldErrors::new(),
        logged_today: logged_on(&day.record, day.today),
    })
}

#[derive(Deserialize)]
struct ChooseForm {
    #[serde(default)]
    plan: String,
}

async fn choose(
    state: web::Data<AppState>,
    Runner(me): Runner,
    CsrfForm(form): CsrfForm<ChooseForm>,
) -> Result<HttpResponse, AppError> {
    let record = load_record(&state, &me.user).await?;
    let mut errors = FieldErrors::new();
    let kind = errors.check("plan", TendinopathyType::parse(&form.plan));
    let triage = record
        .triage
        .as_ref()
        .filter(|t| matches!(t.outcome, TriageOutcome::Mixed | TriageOutcome::Unclear));
    if triage.is_none() && errors.is_empty() {
        errors.add(
            "plan",
            "Your current triage already decides your plan; there is nothing to choose.",
        );
    }
    let (Some(kind), Some(triage)) = (kind, triage) else {
        return unprocessable(&PlanPage {
            chrome: Chrome::new(&me.visitor, "plan"),
            view: PlanView::new(&record, today_for(&me.user)),
            errors,
            logged_today: logged_on(&record, today_for(&me.user)),
        });
    };
    let (triage_id, user) = (triage.id, me.user.id);
    Change::new(&me, "plan_self_selected")
        .flash(format!(
            "You chose the {} plan.",
            kind.label().to_lowercase()
        ))
        .redirect("/plan")
        .apply(&state, move |conn, _| {
            triages::choose_plan(conn, triage_id, user, kind)?;
            Ok(Outcome::done().detail(kind.as_str()))
        })
        .await
}

/// The printable plan, shared with the clinician's print route.
#[derive(Template)]
#[template(path = "print/plan.html")]
pub struct PrintPlanPage {
    pub runner_name: String,
    pub printed_on: String,
    pub rules_version: &'static str,
    pub view: PlanView,
    pub log_days: Vec<u8>,
    pub units: crate::domain::values::Units,
}

impl PrintPlanPage {
    pub fn new(record: &RunnerRecord, today: chrono::NaiveDate) -> PrintPlanPage {
        PrintPlanPage {
            runner_name: record.user.display_name.clone(),
            printed_on: human_date(today),
            rules_version: RULES_VERSION,
            view: PlanView::new(record, today),
            log_days: (1..=14).collect(),
            units: record.user.units,
        }
    }

    /// The load to use next for an exercise, from the load advice, in the runner's unit; empty
    /// when none was logged yet.
    pub fn load_now(&self, exercise: ExerciseId) -> String {
        let Some(a) = self.view.assessment.advice_for(exercise) else {
            return String::new();
        };
        let show = |kg: f64| {
            crate::domain::values::LoadKg::from_kg(kg)
                .map(|l| format!("{} {}", l.display_in(self.units), self.units.as_str()))
                .unwrap_or_default()
        };
        match (a.suggested_load_kg, a.current_load_kg) {
            (Some(next), Some(last)) if (next - last).abs() > 1e-9 => {
                format!(
                    "{} (last {}; {})",
                    show(next),
                    show(last),
                    a.advice.label().to_lowercase()
                )
            }
            (Some(next), _) => show(next),
            _ => String::new(),
        }
    }
}

async fn print(state: web::Data<AppState>, Runner(me): Runner) -> Result<HttpResponse, AppError> {
    let record = load_record(&state, &me.user).await?;
    if record.plan_type().is_none() {
        return Ok(see_other("/plan"));
    }
    ok(&PrintPlanPage::new(&record, today_for(&me.user)))
}
