//! `GET,POST /login/mfa`: the second step of a sign-in. The password step leaves only a
//! short-lived pending sign-in in the database (and its token in a cookie); the session starts
//! once a code is right. Wrong codes count toward the same throttle as wrong passwords.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::credentials::{self, Attempt};
use crate::auth::devices;
use crate::auth::second_factor::{self, CodeCheck};
use crate::store::audit::{self, AuditEntry};
use crate::store::users::{self, User};
use crate::store::{mfa, now};
use crate::web::form::CsrfForm;
use crate::web::page::{ok, render, see_other, Chrome};
use crate::web::visitor::{removal_cookie, site_cookie, Visitor, MFA_COOKIE};
use crate::web::{AppError, AppState};

#[derive(Template)]
#[template(path = "auth/mfa.html")]
struct MfaPage {
    chrome: Chrome,
    error: Option<&'static str>,
}

/// After a right password: straight in, or on to the second step when it is on.
pub(crate) async fn after_password(
    state: &AppState,
    visitor: &Visitor,
    user: User,
) -> Result<HttpResponse, AppError> {
    if !user.mfa_enabled {
        return super::login::start_session(state, visitor, user).await;
    }
    let id = user.id;
    let token = state
        .store
        .write(move |conn| {
            let now = now();
            mfa::clear_challenges(conn, id, now)?;
            mfa::create_challenge(conn, id, now)
        })
        .await?;
    let mut res = see_other("/login/mfa");
    let mut cookie = site_cookie(MFA_COOKIE, token, state.cookie_secure);
    cookie.set_max_age(actix_web::cookie::time::Duration::minutes(
        mfa::CHALLENGE_MINUTES,
    ));
    res.add_cookie(&cookie)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(res)
}

pub async fn show(state: web::Data<AppState>, visitor: Visitor) -> Result<HttpResponse, AppError> {
    if visitor.user().is_some() {
        return Ok(see_other("/"));
    }
    let Some(token) = visitor.mfa_pending.clone() else {
        return Ok(see_other("/login"));
    };
    let pending = state
        .store
        .run(move |conn| mfa::find_challenge(conn, &token, now()))
        .await?;
    if pending.is_none() {
        return Ok(see_other("/login"));
    }
    ok(&MfaPage {
        chrome: Chrome::new(&visitor, "login"),
        error: None,
    })
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

enum Outcome {
    Expired,
    Throttled,
    Wrong,
    Right(Box<User>, CodeCheck),
}

pub async fn submit(
    state: web::Data<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let Some(token) = visitor.mfa_pending.clone() else {
        return Ok(see_other("/login"));
    };
    let (ip, device) = (visitor.ip.clone(), visitor.device.clone());
    let code = form.code;
    let outcome = state
        .store
        .write(move |conn| {
            let now = now();
            let Some(id) = mfa::find_challenge(conn, &token, now)? else {
                return Ok(Outcome::Expired);
            };
            let Some(user) = users::find(conn, id)? else {
                return Ok(Outcome::Expired);
            };
            let attempt = Attempt {
                known_device: devices::is_known(conn, device.as_deref(), &user.email)?,
                email: user.email.clone(),
                ip: ip.clone(),
            };
            if credentials::is_throttled(conn, &attempt, now)? {
                return Ok(Outcome::Throttled);
            }
            match second_factor::consume_code(conn, id, &code, now)? {
                CodeCheck::Wrong => {
                    credentials::record_failure(conn, &attempt.email, &ip, now)?;
                    audit::append(
                        conn,
                        &AuditEntry::new(Some(id), "mfa_failed", Some(id), "", &ip),
                        now,
                    )?;
                    Ok(Outcome::Wrong)
                }
                check => {
                    mfa::clear_challenges(conn, id, now)?;
                    Ok(Outcome::Right(Box::new(user), check))
                }
            }
        })
        .await?;
    let page = |error, status| {
        render(
            &MfaPage {
                chrome: Chrome::new(&visitor, "login"),
                error: Some(error),
            },
            status,
        )
    };
    match outcome {
        Outcome::Expired => {
            let mut res = see_other("/login");
            res.add_cookie(&removal_cookie(MFA_COOKIE, state.cookie_secure))
                .map_err(|e| AppError::Internal(e.into()))?;
            Ok(res)
        }
        Outcome::Throttled => page(super::login::THROTTLED, StatusCode::TOO_MANY_REQUESTS),
        Outcome::Wrong => page(
            "That code is not right, or was already used. Enter the code your authenticator app shows now, or one of your recovery codes.",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Outcome::Right(user, check) => {
            if check == CodeCheck::Recovery {
                let (id, ip) = (user.id, visitor.ip.clone());
                state
                    .store
                    .write(move |conn| {
                        audit::append(
                            conn,
                            &AuditEntry::new(Some(id), "recovery_code_used", Some(id), "", &ip),
                            now(),
                        )
                    })
                    .await?;
            }
            let mut res = super::login::start_session(&state, &visitor, *user).await?;
            res.add_cookie(&removal_cookie(MFA_COOKIE, state.cookie_secure))
                .map_err(|e| AppError::Internal(e.into()))?;
            Ok(res)
        }
    }
}
