//! `/account`: units, time zone, and deleting the account (the export is in `web::export`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::credentials::{self, Verdict};
use crate::domain::values::Units;
use crate::password::Secret;
use crate::store::{erase, now, users};
use crate::web::change::{Change, Outcome};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{ok, render, see_other, unprocessable, Chrome};
use crate::web::visitor::{expired_session_cookie, SignedIn};
use crate::web::{AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/account", web::get().to(show))
        .route("/account/units", web::post().to(set_units))
        .route("/account/timezone", web::post().to(set_timezone))
        .route("/account/delete", web::post().to(delete));
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
    let id = me.user.id;
    Change::new(&me, "units_changed")
        .flash("Units saved.")
        .redirect("/account")
        .apply(&state, move |conn, _| {
            users::set_units(conn, id, units)?;
            Ok(Outcome::done().detail(units.as_str()))
        })
        .await
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
    let id = me.user.id;
    Change::new(&me, "timezone_changed")
        .flash("Time zone saved.")
        .redirect("/account")
        .apply(&state, move |conn, _| {
            users::set_timezone(conn, id, tz)?;
            Ok(Outcome::done().detail(tz.name()))
        })
        .await
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    password: String,
}

/// `POST /account/delete`: with the right password, removes the account and all its data, ends
/// every session and sends the visitor to the landing page. A wrong password counts as a failed
/// login for the account, so a stolen session cannot be used to guess the password.
async fn delete(
    state: web::Data<AppState>,
    me: SignedIn,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Result<HttpResponse, AppError> {
    let refuse = |message: &str, status: StatusCode| {
        let mut page = AccountPage::new(&me);
        page.errors.add("password", message);
        render(&page, status)
    };
    if form.password.is_empty() {
        return refuse(
            "Enter your password to confirm. Nothing has been deleted.",
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let check = credentials::check_current_password(
        &state.store,
        &me.user,
        &me.visitor.ip,
        Secret::new(form.password),
        "account_delete_refused",
    )
    .await?;
    let (id, ip) = (me.user.id, me.visitor.ip.clone());
    match check {
        Verdict::Throttled => refuse(
            "Too many wrong passwords. For your safety, try again in 15 minutes. Nothing has been deleted.",
            StatusCode::TOO_MANY_REQUESTS,
        ),
        Verdict::Wrong => {
            refuse(
                "That password is not right. Nothing has been deleted.",
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Verdict::Right(()) => {
            state
                .store
                .write(move |conn| erase::delete_account(conn, id, &ip, now()))
                .await?;
            let mut res = see_other("/?deleted=1");
            res.add_cookie(&expired_session_cookie(state.cookie_secure))
                .map_err(|e| AppError::Internal(e.into()))?;
            Ok(res)
        }
    }
}
