//! `GET,POST /plan/schedule`: the runner's training days.

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::domain::schedule::{Schedule, DAYS};
use crate::store::schedule;
use crate::web::change::{Change, Outcome};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{ok, unprocessable, Chrome};
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/plan/schedule", web::get().to(show_schedule))
        .route("/plan/schedule", web::post().to(save_schedule));
}

#[derive(Deserialize)]
struct ScheduleForm {
    #[serde(default)]
    training_days: Vec<String>,
}

/// One day's checkbox.
struct DayBox {
    value: &'static str,
    name: &'static str,
    short: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "plan/schedule.html")]
struct SchedulePage {
    chrome: Chrome,
    days: Vec<DayBox>,
    current: String,
    errors: FieldErrors,
}

impl SchedulePage {
    fn new(chrome: Chrome, chosen: &[String], current: Schedule, errors: FieldErrors) -> Self {
        let days = DAYS
            .iter()
            .map(|(_, value, name)| DayBox {
                value,
                name,
                short: name.chars().take(3).collect(),
                checked: chosen.iter().any(|c| c == value),
            })
            .collect();
        SchedulePage {
            chrome,
            days,
            current: current.describe(),
            errors,
        }
    }
}

async fn load(state: &AppState, user: crate::store::users::UserId) -> Result<Schedule, AppError> {
    Ok(state
        .store
        .run(move |conn| schedule::load(conn, user))
        .await?)
}

async fn show_schedule(
    state: web::Data<AppState>,
    Runner(me): Runner,
) -> Result<HttpResponse, AppError> {
    let current = load(&state, me.user.id).await?;
    let chosen: Vec<String> = current.slugs().iter().map(|s| s.to_string()).collect();
    ok(&SchedulePage::new(
        Chrome::new(&me.visitor, "plan"),
        &chosen,
        current,
        FieldErrors::new(),
    ))
}

async fn save_schedule(
    state: web::Data<AppState>,
    Runner(me): Runner,
    CsrfForm(form): CsrfForm<ScheduleForm>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new();
    let Some(chosen) = errors.check("training_days", Schedule::parse_form(&form.training_days))
    else {
        let current = load(&state, me.user.id).await?;
        return unprocessable(&SchedulePage::new(
            Chrome::new(&me.visitor, "plan"),
            &form.training_days,
            current,
            errors,
        ));
    };
    let user = me.user.id;
    Change::new(&me, "schedule_changed")
        .flash(format!("Training days saved: {}.", chosen.describe()))
        .redirect("/plan")
        .apply(&state, move |conn, now| {
            schedule::save(conn, user, chosen, now)?;
            Ok(Outcome::done().detail(chosen.to_stored()))
        })
        .await
}
