//! `GET /clinic` (patients needing attention first) and `POST /clinic/link` (enter a share code).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::Datelike;
use serde::Deserialize;

use crate::domain::attention::{self, AttentionFlag};
use crate::domain::plan::{has_hurdle_gate, PlanDecision, SESSIONS_PER_WEEK};
use crate::domain::progression::{Colour, GateState};
use std::sync::Arc;

use crate::store::clinic::{self, ListFacts};
use crate::store::sharing::{self, Redeemed};
use crate::store::users::User;
use crate::store::StoreResult;
use crate::web::change::{Change, Outcome};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{human_date, ok, render, today_for, Chrome};
use crate::web::records::{self, RunnerDay};
use crate::web::visitor::{Clinician, SignedIn};
use crate::web::{AppError, AppState};

/// One row of the patient list.
pub struct PatientRow {
    pub id: i64,
    pub name: String,
    pub plan: String,
    pub source: String,
    /// The plan contains hurdle jumps and so has a gate (never a mid-portion plan).
    pub has_gate: bool,
    pub gate: GateState,
    pub gate_reason: String,
    /// "18 / 30", the lowest injured side's newest test against the threshold.
    pub gate_numbers: String,
    pub last_session: String,
    pub this_week: String,
    pub monitor: Option<Colour>,
    /// The return-to-running stage and its step, e.g. (1, "walk 3 / run 2").
    pub run_stage: (u8, String),
    pub visa: Option<u8>,
    pub visa_change: Option<String>,
    pub flags: Vec<AttentionFlag>,
}

fn gate_numbers(gate: &crate::domain::progression::Gate) -> String {
    let lowest = gate.sides.iter().map(|s| s.newest_reps).min().flatten();
    match (gate.state, lowest) {
        (GateState::Paused, _) => format!("{} of 2 calm sessions", gate.calm_sessions_since_red),
        (_, Some(reps)) => format!("{reps} / {}", gate.threshold),
        (_, None) => "no test yet".to_string(),
    }
}

/// One row, from the list's facts and the runner's day (record and the engine's judgement).
fn row(p: ListFacts, day: &RunnerDay, today: chrono::NaiveDate) -> PatientRow {
    let assessment = &day.assessment;
    let history = &day.record.history;
    let last_session = history.sessions.iter().map(|s| s.date).max();
    let (plan, source) = match day.record.decision {
        PlanDecision::Plan(plan) => (
            plan.kind.label().to_string(),
            plan.source.as_str().to_string(),
        ),
        PlanDecision::NeedsChoice(o) => (o.label().to_string(), "needs a choice".to_string()),
        PlanDecision::Refer => ("Refer".to_string(), "urgent flag".to_string()),
        PlanDecision::NoTriage => ("No triage yet".to_string(), String::new()),
    };
    let visa_latest = p.visa.first().copied();
    let visa_previous = p.visa.get(1).copied();
    let flags = attention::flags(
        &clinic::attention_input(&day.record, assessment.monitor, &p.visa),
        today,
    );
    PatientRow {
        id: p.runner.id.0,
        name: p.runner.display_name,
        plan,
        source,
        has_gate: history.profile.plan.is_some_and(has_hurdle_gate),
        gate: assessment.gate.state,
        gate_numbers: gate_numbers(&assessment.gate),
        gate_reason: assessment.gate.reason.clone(),
        last_session: last_session.map_or_else(|| "never".to_string(), human_date),
        this_week: format!("{} / {}", p.sessions_this_week, SESSIONS_PER_WEEK),
        monitor: assessment.monitor,
        run_stage: (
            assessment.running.stage.get(),
            assessment.running.step.label(),
        ),
        visa: visa_latest,
        visa_change: visa_latest.zip(visa_previous).map(|(now, before)| {
            let change = crate::domain::visa_a::change(before, now);
            let kind = if change.meaningful {
                "meaningful"
            } else {
                "not meaningful"
            };
            format!("{:+}, {kind}", change.delta)
        }),
        flags,
    }
}

#[derive(Template)]
#[template(path = "clinic/list.html")]
struct ListPage {
    chrome: Chrome,
    patients: Vec<PatientRow>,
    code: String,
    errors: FieldErrors,
}

impl ListPage {
    /// Some patient's plan has hurdle jumps, so the list has a gate column.
    fn any_gate(&self) -> bool {
        self.patients.iter().any(|p| p.has_gate)
    }
}

async fn patient_rows(state: &AppState, me: &SignedIn) -> Result<Vec<PatientRow>, AppError> {
    let today = today_for(&me.user);
    let week_start =
        today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let clinician = me.user.id;
    let facts = state
        .store
        .run(move |conn| clinic::list_facts(conn, clinician, week_start))
        .await?;
    // Each runner's day is reused while their record is unchanged; the rest load in one trip.
    let missing: Vec<User> = facts
        .iter()
        .filter(|f| state.records.get(&f.runner, today).is_none())
        .map(|f| f.runner.clone())
        .collect();
    if !missing.is_empty() {
        let loaded = state
            .store
            .run(move |conn| {
                missing
                    .iter()
                    .map(|user| records::load(conn, user, today))
                    .collect::<StoreResult<Vec<_>>>()
            })
            .await?;
        for day in loaded {
            state.records.put(Arc::new(day));
        }
    }
    let mut rows = Vec::with_capacity(facts.len());
    for f in facts {
        let day = match state.records.get(&f.runner, today) {
            Some(day) => day,
            // Evicted between the two steps (more runners than the cache keeps): load it alone.
            None => {
                let user = f.runner.clone();
                Arc::new(
                    state
                        .store
                        .run(move |conn| records::load(conn, &user, today))
                        .await?,
                )
            }
        };
        rows.push(row(f, &day, today));
    }
    rows.sort_by(|a, b| {
        attention::priority(&a.flags)
            .cmp(&attention::priority(&b.flags))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    Ok(rows)
}

pub async fn show(
    state: web::Data<AppState>,
    Clinician(me): Clinician,
) -> Result<HttpResponse, AppError> {
    let patients = patient_rows(&state, &me).await?;
    ok(&ListPage {
        chrome: Chrome::new(&me.visitor, "clinic"),
        patients,
        code: String::new(),
        errors: FieldErrors::new(),
    })
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    code: String,
}

pub async fn link(
    state: web::Data<AppState>,
    Clinician(me): Clinician,
    CsrfForm(form): CsrfForm<LinkForm>,
) -> Result<HttpResponse, AppError> {
    let (clinician, code) = (me.user.id, form.code.clone());
    let linked = Change::new(&me, "clinician_linked")
        .flash("Linked: the runner is now on your list.")
        .apply_or(&state, move |conn, now| {
            // A wrong code is counted (and stays counted) without an audit row.
            Ok(match sharing::redeem(conn, clinician, &code, now)? {
                Redeemed::Linked(runner) | Redeemed::AlreadyLinked(runner) => Ok(Outcome::done()
                    .target(runner)
                    .redirect(format!("/clinic/patients/{}", runner.0))),
                Redeemed::Invalid => Err((
                    "That code is not valid: it may be mistyped, used already or expired. Ask the runner for a new one.",
                    StatusCode::UNPROCESSABLE_ENTITY,
                )),
                Redeemed::TooManyTries => Err((
                    "Too many wrong codes. For the runners' safety, linking is paused for 15 minutes.",
                    StatusCode::TOO_MANY_REQUESTS,
                )),
            })
        })
        .await?;
    let (message, status) = match linked {
        Ok(response) => return Ok(response),
        Err(refused) => refused,
    };
    let mut errors = FieldErrors::new();
    errors.add("code", message);
    render(
        &ListPage {
            chrome: Chrome::new(&me.visitor, "clinic"),
            patients: patient_rows(&state, &me).await?,
            code: form.code,
            errors,
        },
        status,
    )
}

#[cfg(test)]
mod escaping_tests {
    use askama::Template;
    use proptest::prelude::*;

    use super::*;
    use crate::store::users::Role;
    use crate::web::page::escaping::{assert_escaped, chrome, escape, hostile_text};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn runner_names_render_escaped_in_the_patient_list(
            name in hostile_text(2),
            clinician in hostile_text(2),
            code in hostile_text(1),
        ) {
            let html = ListPage {
                chrome: chrome(&clinician, Role::Clinician, "clinic"),
                patients: vec![PatientRow {
                    id: 3,
                    name: name.clone(),
                    plan: "Insertional".into(),
                    source: "From the triage".into(),
                    has_gate: true,
                    gate: GateState::Locked,
                    gate_reason: "Locked: no calf-raise test recorded yet".into(),
                    gate_numbers: "no test yet".into(),
                    last_session: "never".into(),
                    this_week: "0 / 3".into(),
                    monitor: None,
                    run_stage: (0, "readiness".into()),
                    visa: None,
                    visa_change: None,
                    flags: Vec::new(),
                }],
                code: code.clone(),
                errors: FieldErrors::new(),
            }
            .render()
            .unwrap();
            assert_escaped(&html, &name);
            // A typed share code comes back in the form's value attribute, escaped too.
            assert_escaped(&html, &code);
            let link = format!("<a href=\"/clinic/patients/3\">{}</a>", escape(&name));
            prop_assert!(html.contains(&link));
        }
    }
}
