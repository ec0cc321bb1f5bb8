//! `GET /running`, `POST /running/volume`, `GET,POST /tests/hop`: the return to running.

use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::plan::PlanDecision;
use crate::domain::progression::running::{
    km_to_unit, unit_to_km, RunningAssessment, SPEED_HILLS_SHARE, STAGE4_SHARE,
    WEEKLY_GROWTH_PERCENT,
};
use crate::domain::progression::{assess, RULES_VERSION};
use crate::domain::values::{format_amount, Units};
use crate::store::running;
use crate::web::change::{Change, Outcome};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::log::{distance_unit, show_distance};
use crate::web::page::{ok, today_for, unprocessable, Chrome};
use crate::web::plan::load_record;
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/running", web::get().to(show))
        .route("/running/volume", web::post().to(save_volume))
        .service(
            web::resource("/tests/hop")
                .route(web::get().to(crate::web::log::hop_show))
                .route(web::post().to(crate::web::log::hop_submit)),
        );
}

/// Today's run as `/today` shows it on a training day: `None` before readiness or while a rest
/// day between runs is due.
pub fn run_due_today(r: &RunningAssessment, today: &str) -> Option<String> {
    let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").ok()?;
    let due = r.stage.get() >= 1 && r.next_run_on.is_some_and(|d| d <= today);
    due.then(|| r.todays_run.clone())
}

/// The numbers of the volume panel in the runner's unit.
pub struct VolumeView {
    pub unit: &'static str,
    pub week: String,
    pub pre_injury: Option<String>,
    pub percent: Option<u32>,
}

impl VolumeView {
    pub fn new(r: &RunningAssessment, units: Units) -> VolumeView {
        VolumeView {
            unit: distance_unit(units),
            week: show_distance(Some(r.week_km), units),
            pre_injury: r
                .pre_injury_weekly_km
                .map(|k| show_distance(Some(k), units)),
            percent: r.pre_injury_percent,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct VolumeForm {
    #[serde(default)]
    pre_injury_volume: String,
}

#[derive(Template)]
#[template(path = "running/running.html")]
struct RunningPage {
    chrome: Chrome,
    running: RunningAssessment,
    volume: VolumeView,
    form: VolumeForm,
    errors: FieldErrors,
    withheld: bool,
    no_plan: bool,
    rules_version: &'static str,
    speed_band: (u32, u32),
    normal_band: (u32, u32),
    growth: u32,
}

impl RunningPage {
    fn volume_label(&self) -> String {
        format!("Weekly distance before the injury ({})", self.volume.unit)
    }
}

async fn page(
    state: &AppState,
    me: &crate::web::visitor::SignedIn,
    form: Option<VolumeForm>,
    errors: FieldErrors,
) -> Result<RunningPage, AppError> {
    let record = load_record(state, &me.user).await?;
    let a = assess(&record.history, today_for(&me.user));
    let units = me.user.units;
    let form = form.unwrap_or_else(|| VolumeForm {
        pre_injury_volume: a
            .running
            .pre_injury_weekly_km
            .map(|k| format_amount((km_to_unit(k, units) * 10.0).round() / 10.0))
            .unwrap_or_default(),
    });
    Ok(RunningPage {
        chrome: Chrome::new(&me.visitor, "running"),
        volume: VolumeView::new(&a.running, units),
        running: a.running,
        form,
        errors,
        withheld: matches!(record.decision, PlanDecision::Refer),
        no_plan: matches!(record.decision, PlanDecision::NoTriage),
        rules_version: RULES_VERSION,
        speed_band: SPEED_HILLS_SHARE,
        normal_band: STAGE4_SHARE,
        growth: WEEKLY_GROWTH_PERCENT,
    })
}

pub async fn show(
    state: web::Data<AppState>,
    Runner(me): Runner,
) -> Result<HttpResponse, AppError> {
    ok(&page(&state, &me, None, FieldErrors::new()).await?)
}

/// Weekly distance before the injury in the runner's unit, 1–500 km (or the same in miles).
fn parse_volume(raw: &str, units: Units) -> Result<f64, String> {
    let unit = distance_unit(units);
    match raw.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && (1.0..=500.0).contains(&unit_to_km(v, units)) => {
            Ok(unit_to_km(v, units))
        }
        Ok(_) => Err(format!(
            "Enter a weekly distance from {} to {} {unit}.",
            format_amount((km_to_unit(1.0, units) * 10.0).ceil() / 10.0),
            format_amount(km_to_unit(500.0, units).floor())
        )),
        Err(_) if raw.trim().is_empty() => Err(format!(
            "Enter how far you ran in a usual week before the injury, in {unit}."
        )),
        Err(_) => Err(format!("Enter the distance in {unit} as a number.")),
    }
}

pub async fn save_volume(
    state: web::Data<AppState>,
    Runner(me): Runner,
    CsrfForm(form): CsrfForm<VolumeForm>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new();
    let Some(km) = errors.check(
        "pre_injury_volume",
        parse_volume(&form.pre_injury_volume, me.user.units),
    ) else {
        return unprocessable(&page(&state, &me, Some(form), errors).await?);
    };
    let user = me.user.id;
    Change::new(&me, "pre_injury_volume")
        .flash("Weekly volume before the injury saved.")
        .redirect("/running")
        .apply(&state, move |conn, now| {
            running::save_pre_injury_volume(conn, user, km, now)?;
            Ok(Outcome::done().detail(format_args!("{} km", format_amount(km))))
        })
        .await
}
