//! `/account`: units and time zone.

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::domain::values::Units;
use crate::store::{auth_sessions, users};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{ok, see_other, unprocessable, Chrome};
use crate::web::visitor::SignedIn;
use crate::web::{AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/account", web::get().to(show))
        .route("/account/units", web::post().to(set_units))
        .route("/account/timezone", web::post().to(set_timezone));
}

#[derive(Template)]
#[template(path = "account/account.html")]
struct AccountPage {
    chrome: Chrome,
    email: String,
    is_runner: bool,
    units: String,
    timezone: String,
    errors: FieldErrors,
}

impl AccountPage {
    fn new(me: &SignedIn) -> AccountPage {
        AccountPage {
            chrome: Chrome::new(&me.visitor, "account"),
            email: me.user.email.clone(),
            is_runner: me.user.role == users::Role::Runner,
            units: me.user.units.as_str().to_string(),
            timezone: me.user.timezone.name().to_string(),
            errors: FieldErrors::new(),
        }
    }
}

async fn show(me: SignedIn) -> Result<HttpResponse, AppError> {
    ok(&AccountPage::new(&me))
}

#[derive(Deserialize)]
struct UnitsForm {
    #[serde(default)]
    units: String,
}

async fn set_units(
    state: web::Data<AppState>,
    me: SignedIn,
    CsrfForm(form): CsrfForm<UnitsForm>,
) -> Result<HttpResponse, AppError> {
    let units = match Units::parse(&form.units) {
        Ok(u) => u,
        Err(e) => {
            let mut page = AccountPage::new(&me);
            page.errors.add("units", e.to_string());
            page.units = form.units;
            return unprocessable(&page);
        }
    };
    let (id, session) = (me.user.id, me.session_id);
    state
        .store
        .run(move |conn| {
            users::set_units(conn, id, units)?;
            auth_sessions::set_flash(conn, session, "Units saved.")
        })
        .await?;
    Ok(see_other("/account"))
}

#[derive(Deserialize)]
struct TimezoneForm {
    #[serde(default)]
    timezone: String,
}

async fn set_timezone(
    state: web::Data<AppState>,
    me: SignedIn,
    CsrfForm(form): CsrfForm<TimezoneForm>,
) -> Result<HttpResponse, AppError> {
    let tz = match form.timezone.trim().parse::<chrono_tz::Tz>() {
        Ok(tz) => tz,
        Err(_) => {
            let mut page = AccountPage::new(&me);
            page.errors.add(
                "timezone",
                "Use a time zone name such as Europe/Berlin or America/Los_Angeles.",
            );
            page.timezone = form.timezone;
            return unprocessable(&page);
        }
    };
    let (id, session) = (me.user.id, me.session_id);
    state
        .store
        .run(move |conn| {
            users::set_timezone(conn, id, tz)?;
            auth_sessions::set_flash(conn, session, "Time zone saved.")
        })
        .await?;
    Ok(see_other("/account"))
}
