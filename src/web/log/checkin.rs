//! `GET,POST /checkin`: the morning check-in (pain, stiffness, painkillers).

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::domain::values::{LogDate, PainScore, StiffnessMinutes};
use crate::store::diary;
use crate::web::change::Change;
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{ok, today_for, unprocessable, Chrome};
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

#[derive(Debug, Default, Deserialize)]
pub struct CheckinForm {
    #[serde(default)]
    checked_on: String,
    #[serde(default)]
    morning_pain: String,
    #[serde(default)]
    stiffness_minutes: String,
    #[serde(default)]
    painkillers: Option<String>,
    #[serde(default)]
    walked_30_min_pain_free: Option<String>,
}

#[derive(Template)]
#[template(path = "log/checkin.html")]
struct CheckinPage {
    chrome: Chrome,
    form: CheckinForm,
    errors: FieldErrors,
    today: String,
}

impl CheckinPage {
    fn date_attrs(&self) -> String {
        crate::web::page::date_attrs(&self.today)
    }
    fn painkillers(&self) -> bool {
        self.form.painkillers.is_some()
    }
    fn walked(&self) -> bool {
        self.form.walked_30_min_pain_free.is_some()
    }
}

pub async fn show(Runner(me): Runner) -> Result<HttpResponse, AppError> {
    let today = today_for(&me.user).format("%Y-%m-%d").to_string();
    ok(&CheckinPage {
        chrome: Chrome::new(&me.visitor, "today"),
        form: CheckinForm {
            checked_on: today.clone(),
            ..CheckinForm::default()
        },
        errors: FieldErrors::new(),
        today,
    })
}

pub async fn submit(
    state: web::Data<AppState>,
    Runner(me): Runner,
    CsrfForm(form): CsrfForm<CheckinForm>,
) -> Result<HttpResponse, AppError> {
    let today = today_for(&me.user);
    let mut errors = FieldErrors::new();
    let day = errors.check("checked_on", LogDate::parse(&form.checked_on, today));
    let pain = errors.check("morning_pain", PainScore::parse(&form.morning_pain));
    let stiffness = errors.check(
        "stiffness_minutes",
        StiffnessMinutes::parse(&form.stiffness_minutes),
    );
    let painkillers = match form.painkillers.as_deref() {
        None | Some("on") => Some(form.painkillers.is_some()),
        Some(_) => {
            errors.add("painkillers", "This box can only be ticked or left empty.");
            None
        }
    };
    let walked = match form.walked_30_min_pain_free.as_deref() {
        None | Some("on") => Some(form.walked_30_min_pain_free.is_some()),
        Some(_) => {
            errors.add(
                "walked_30_min_pain_free",
                "This box can only be ticked or left empty.",
            );
            None
        }
    };
    let (Some(day), Some(pain), Some(stiffness), Some(painkillers), Some(walked)) =
        (day, pain, stiffness, painkillers, walked)
    else {
        return unprocessable(&CheckinPage {
            chrome: Chrome::new(&me.visitor, "today"),
            form,
            errors,
            today: today.format("%Y-%m-%d").to_string(),
        });
    };
    let user = me.user.id;
    Change::new(&me, "checkin")
        .flash("Morning check-in saved.")
        .redirect("/today")
        .apply(&state, move |conn, now| {
            diary::save_checkin(
                conn,
                user,
                day.date(),
                pain,
                stiffness,
                painkillers,
                walked,
                now,
            )
        })
        .await
}
