//! `GET,POST /tests/hop`: the hop test of running readiness (20 single-leg hops on the spot).

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::domain::progression::running::{HOP_MAX_PAIN, HOP_TARGET};
use crate::domain::values::{LogDate, PainScore, Side};
use crate::store::running;
use crate::store::submissions::SubmissionId;
use crate::web::change::{submission_id, Change, Outcome};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{ok, today_for, unprocessable, Chrome};
use crate::web::plan::load_record;
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

#[derive(Debug, Default, Deserialize)]
pub struct HopForm {
    #[serde(default)]
    performed_on: String,
    #[serde(default)]
    side: String,
    #[serde(default)]
    hops: String,
    #[serde(default)]
    pain: String,
    #[serde(default)]
    submission_id: String,
}

#[derive(Template)]
#[template(path = "running/hop.html")]
struct HopPage {
    chrome: Chrome,
    form: HopForm,
    errors: FieldErrors,
    today: String,
    target: u8,
    max_pain: u8,
}

impl HopPage {
    fn new(me: &crate::web::visitor::SignedIn, form: HopForm, errors: FieldErrors) -> HopPage {
        HopPage {
            chrome: Chrome::new(&me.visitor, "running"),
            form,
            errors,
            today: today_for(&me.user).format("%Y-%m-%d").to_string(),
            target: HOP_TARGET,
            max_pain: HOP_MAX_PAIN,
        }
    }
    fn date_attrs(&self) -> String {
        crate::web::page::date_attrs(&self.today)
    }
}

pub async fn show(
    state: web::Data<AppState>,
    Runner(me): Runner,
) -> Result<HttpResponse, AppError> {
    let record = load_record(&state, &me.user).await?;
    let side = record.history.profile.injured.sides().first().copied();
    let form = HopForm {
        performed_on: today_for(&me.user).format("%Y-%m-%d").to_string(),
        side: side.unwrap_or(Side::Right).as_str().to_string(),
        submission_id: SubmissionId::fresh().to_string(),
        ..HopForm::default()
    };
    ok(&HopPage::new(&me, form, FieldErrors::new()))
}

/// Hops counted, 0–20.
fn parse_hops(raw: &str) -> Result<u8, String> {
    match raw.trim().parse::<u8>() {
        Ok(h) if h <= HOP_TARGET => Ok(h),
        _ if raw.trim().is_empty() => Err(String::from("Enter how many hops you managed.")),
        _ => Err(format!("Hops are a whole number from 0 to {HOP_TARGET}.")),
    }
}

pub async fn submit(
    state: web::Data<AppState>,
    Runner(me): Runner,
    CsrfForm(mut form): CsrfForm<HopForm>,
) -> Result<HttpResponse, AppError> {
    let today = today_for(&me.user);
    let mut errors = FieldErrors::new();
    let day = errors.check("performed_on", LogDate::parse(&form.performed_on, today));
    let side = errors.check("side", Side::parse(&form.side));
    let hops = errors.check("hops", parse_hops(&form.hops));
    let pain = errors.check("pain", PainScore::parse(&form.pain));
    let submission = submission_id(&mut errors, &mut form.submission_id);
    let (Some(day), Some(side), Some(hops), Some(pain), Some(submission)) =
        (day, side, hops, pain, submission)
    else {
        return unprocessable(&HopPage::new(&me, form, errors));
    };
    let user = me.user.id;
    let passed = hops >= HOP_TARGET && pain.get() <= HOP_MAX_PAIN;
    let verdict = if passed {
        "it meets the readiness criterion"
    } else {
        "not yet the readiness criterion"
    };
    Change::new(&me, "hop_test")
        .once(submission)
        .flash(format!(
            "Hop test saved: {hops} / {HOP_TARGET} hops, pain {}/10 ({}): {verdict}.",
            pain.get(),
            side.as_str()
        ))
        .redirect("/running")
        .apply(&state, move |conn, now| {
            running::save_hop_test(conn, user, day.date(), side, hops, pain, now)?;
            Ok(Outcome::done().detail(format_args!(
                "{} {hops} hops pain {}",
                side.as_str(),
                pain.get()
            )))
        })
        .await
}
