//! `GET /today` (the log page, prefilled from the plan) and `POST /sessions` (store it whole).

use std::collections::HashMap;

use actix_web::{web, HttpResponse};
use askama::Template;

use super::session_form::{self, SessionFormView, SetRow};
use super::shortcuts::{SessionPost, Shortcuts, PAIN_CHOICES, RPE_CHOICES};
use crate::domain::exercise::{Exercise, ExerciseId};
use crate::domain::progression::GateState;
use crate::domain::schedule::{DayFacts, TodayTask};
use crate::domain::values::{LoadKg, SetSide, Units};
use crate::domain::visa_a;

use crate::store::history::RunnerRecord;
use crate::store::submissions::SubmissionId;
use crate::store::training;
use crate::web::change::{Change, Outcome};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{ok, today_for, unprocessable, Chrome};
use crate::web::plan::PlanView;
use crate::web::prerender::{Holes, Prerendered};
use crate::web::records::{runner_day, RunnerDay};
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

/// The page: the layout around the day's part.
#[derive(Template)]
#[template(path = "log/today.html")]
struct TodayPage<M: std::fmt::Display> {
    chrome: Chrome,
    /// The form came back with errors.
    failed: bool,
    /// [`TodayMain`], rendered.
    main: M,
}

/// The day's part of the page: everything below the layout. Built from the runner's day alone,
/// so a fresh one is rendered once per record version (with [`Holes::marked`]) and filled per
/// request; a form sent back with errors is rendered with the request's own values.
#[derive(Template)]
#[template(path = "log/today_main.html")]
struct TodayMain {
    /// The per-request values, named for the form partials' `chrome.csrf`.
    chrome: Holes,
    view: PlanView,
    form: SessionFormView,
    errors: FieldErrors,
    units: &'static str,
    today: String,
    /// What the page asks first.
    task: TodayTask,
    /// "Monday 30 November".
    today_label: String,
    /// "Wednesday 2 December": the next training day after today.
    next_training: String,
    /// Sessions already logged today: id and per-exercise summary.
    logged: Vec<(i64, Vec<String>)>,
    /// The VISA-A questionnaire is due (a re-rendered form leaves it off).
    visa_due: bool,
    locked: Vec<&'static Exercise>,
    /// A re-rendered form after bad input: always open, whatever the task.
    resubmitted: bool,
    training_day: bool,
    checked_in: bool,
    /// The per-exercise shortcut answers (as typed, on a re-rendered form).
    quick: Shortcuts,
    pain_choices: [&'static str; 11],
    rpe_choices: [&'static str; 9],
}

impl TodayMain {
    fn new(
        holes: &Holes,
        day: &RunnerDay,
        form: Option<SessionFormView>,
        errors: FieldErrors,
    ) -> TodayMain {
        let (record, today) = (&day.record, day.today);
        let view = PlanView::with_assessment(record, std::sync::Arc::clone(&day.assessment));
        let gate_open = view.gate().state == GateState::Open;
        let locked = view
            .exercises
            .iter()
            .copied()
            .filter(|e| e.gated && !gate_open)
            .collect();
        let form = form.unwrap_or_else(|| SessionFormView {
            performed_on: today.format("%Y-%m-%d").to_string(),
            notes: String::new(),
            submission_id: holes.submission_id.clone(),
            rows: prefilled_rows(&view, record),
        });
        let yesterday = today.pred_opt().unwrap_or(today);
        let logged: Vec<(i64, Vec<String>)> = record
            .history
            .sessions
            .iter()
            .filter(|s| s.date == today)
            .map(|s| (s.id, super::sessions::summarise_lines(s, record.user.units)))
            .collect();
        let training_day = record.schedule.is_training_day(today);
        let checked_in = record.history.checkins.iter().any(|c| c.date == today);
        let task = TodayTask::for_day(DayFacts {
            training_day,
            session_today: !logged.is_empty(),
            active_yesterday: day.ran_yesterday
                || record.history.sessions.iter().any(|s| s.date == yesterday),
            checked_in_today: checked_in,
        });
        let resubmitted = !errors.is_empty();
        TodayMain {
            chrome: holes.clone(),
            view,
            form,
            errors,
            units: record.user.units.as_str(),
            today: today.format("%Y-%m-%d").to_string(),
            task,
            today_label: today.format("%A %-d %B").to_string(),
            next_training: record
                .schedule
                .next_after(today)
                .format("%A %-d %B")
                .to_string(),
            logged,
            visa_due: !resubmitted && visa_a::is_due(day.last_visa, today),
            locked,
            resubmitted,
            training_day,
            checked_in,
            quick: Shortcuts::default(),
            pain_choices: PAIN_CHOICES,
            rpe_choices: RPE_CHOICES,
        }
    }
    fn date_attrs(&self) -> String {
        crate::web::page::date_attrs(&self.today)
    }
    /// The session form shows open near the top (otherwise folded further down): on a training
    /// day not yet logged, and always after bad input.
    fn form_open(&self) -> bool {
        self.resubmitted
            || self.task == TodayTask::Train
            || (self.task == TodayTask::CheckInFirst && self.training_day)
    }
    /// Set values show as prefilled (from the plan) on a fresh form.
    fn prefilled(&self) -> bool {
        !self.resubmitted
    }
    /// The rows of the exercise group that starts at row `start`.
    fn group(&self, start: &usize) -> &[SetRow] {
        let rows = &self.form.rows;
        let Some(first) = rows.get(*start) else {
            return &[];
        };
        let len = rows[*start..]
            .iter()
            .take_while(|r| r.exercise == first.exercise)
            .count();
        &rows[*start..*start + len]
    }
    fn group_size(&self, start: &usize) -> usize {
        self.group(start).len()
    }
    /// Whether any set of the group has an error (its sets then show open).
    fn group_has_errors(&self, start: &usize) -> bool {
        if self.errors.is_empty() {
            return false;
        }
        self.group(start).iter().any(|r| {
            [
                "exercise",
                "set_side",
                "reps",
                "hold_seconds",
                "load",
                "rpe",
                "pain",
            ]
            .iter()
            .any(|name| self.errors.row(name, r.index).is_some())
        })
    }
    /// "at 17.5 kg" when every set of the group carries the same load, "body weight" when none.
    fn group_load(&self, start: &usize) -> Option<String> {
        let rows = self.group(start);
        let first = rows.first()?;
        if rows.iter().all(|r| r.load.trim().is_empty()) {
            return Some("body weight".to_string());
        }
        rows.iter()
            .all(|r| r.load == first.load)
            .then(|| format!("at {} {}", first.load, self.units))
    }
    fn is_task(&self, name: &str) -> bool {
        self.task.as_str() == name
    }
}

/// One row per prescribed set of each exercise that is open today, with the dose and the last
/// load used for that exercise and side.
fn prefilled_rows(view: &PlanView, record: &RunnerRecord) -> Vec<SetRow> {
    let units: Units = record.user.units;
    let mut last_load: HashMap<(ExerciseId, SetSide), LoadKg> = HashMap::new();
    for session in &record.history.sessions {
        for set in &session.sets {
            if let Some(load) = set.load {
                last_load.insert((set.exercise, set.side), load);
            }
        }
    }
    let injured = record.history.profile.injured;
    let gate_open = view.gate().state == GateState::Open;
    let mut rows = Vec::new();
    for ex in view.exercises.iter().filter(|e| !e.gated || gate_open) {
        for side in ex.row_sides(injured) {
            for _ in 0..ex.prescribed_rows() {
                rows.push(SetRow {
                    index: rows.len(),
                    exercise: ex.slug.to_string(),
                    set_side: side.as_str().to_string(),
                    reps: ex.default_reps().map(|r| r.to_string()).unwrap_or_default(),
                    hold_seconds: ex
                        .default_hold_seconds()
                        .map(|h| h.to_string())
                        .unwrap_or_default(),
                    load: last_load
                        .get(&(ex.id, side))
                        .filter(|_| ex.added_load)
                        .map(|l| l.display_in(units))
                        .unwrap_or_default(),
                    rpe: String::new(),
                    pain: String::new(),
                });
            }
        }
    }
    rows
}

pub async fn show(
    state: web::Data<AppState>,
    Runner(me): Runner,
) -> Result<HttpResponse, AppError> {
    let day = runner_day(&state, &me.user).await?;
    let kept = match day.today_page.get() {
        Some(kept) => kept,
        None => {
            let part = TodayMain::new(Holes::marked(), &day, None, FieldErrors::new());
            let rendered = Prerendered::render(&part)?;
            day.today_page.get_or_init(|| rendered)
        }
    };
    let holes = Holes {
        csrf: me.visitor.csrf.clone(),
        submission_id: SubmissionId::fresh().to_string(),
    };
    ok(&TodayPage {
        chrome: Chrome::new(&me.visitor, "today"),
        failed: false,
        main: kept.fill(&holes),
    })
}

pub async fn submit(
    state: web::Data<AppState>,
    Runner(me): Runner,
    CsrfForm(post): CsrfForm<SessionPost>,
) -> Result<HttpResponse, AppError> {
    let today = today_for(&me.user);
    let mut quick_errors = FieldErrors::new();
    let filled = post.shortcuts.apply(&post.rows, &mut quick_errors);
    let (parsed_view, parsed) = session_form::parse(&filled, me.user.units, today);
    let parsed = match parsed {
        Ok(ok) if quick_errors.is_empty() => Ok(ok),
        Ok(_) => Err(quick_errors),
        Err(errors) => {
            // "Log at least one set" says nothing new next to a shortcut's own message.
            let shortcut_failed = !quick_errors.is_empty();
            for (field, message) in errors.iter() {
                if !(shortcut_failed && field == "sets") {
                    quick_errors.add(field.clone(), message.clone());
                }
            }
            Err(quick_errors)
        }
    };
    // Re-rendered rows show what was typed, not what the shortcuts filled in.
    let view = SessionFormView {
        // A refused submission id is replaced, so the form can be sent again.
        submission_id: parsed_view.submission_id,
        ..SessionFormView::from(&post.rows)
    };
    let (input, submission_id) = match parsed {
        Ok(ok) => ok,
        Err(errors) => {
            let day = runner_day(&state, &me.user).await?;
            let holes = Holes {
                csrf: me.visitor.csrf.clone(),
                submission_id: view.submission_id.clone(),
            };
            let mut part = TodayMain::new(&holes, &day, Some(view), errors);
            part.quick = post.shortcuts;
            return unprocessable(&TodayPage {
                chrome: Chrome::new(&me.visitor, "today"),
                failed: true,
                main: part.render()?,
            });
        }
    };
    let user = me.user.id;
    Change::new(&me, "session_logged")
        .once(submission_id.clone())
        .flash(format!("Session saved: {} sets.", input.sets.len()))
        // Where a copy goes when the ledger kept no answer for the first one.
        .redirect("/sessions")
        .apply(&state, move |conn, now| {
            let id = training::save_new(conn, user, &submission_id, &input, now)?;
            Ok(Outcome::done()
                .detail(id)
                .redirect(format!("/sessions/{id}")))
        })
        .await
}
