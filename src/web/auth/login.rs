//! `GET,POST /login`: password sign-in with throttling per account and per address; accounts
//! with two-step sign-in continue at `/login/mfa`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::credentials::{self, Attempt, Verdict};
use crate::auth::devices;
use crate::password::Secret;
use crate::store::audit::{self, AuditEntry};
use crate::store::users::{self, User};
use crate::store::{auth_sessions, now};
use crate::web::form::CsrfForm;
use crate::web::page::{ok, render, see_other, Chrome};
use crate::web::visitor::{device_cookie, session_cookie, Visitor};
use crate::web::{AppError, AppState};

pub use crate::auth::credentials::{FAILURE_LIMIT, FAILURE_WINDOW_MINUTES, SCOPE_ACCOUNT};

#[derive(Debug, Default, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
}

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    chrome: Chrome,
    email: String,
    error: Option<&'static str>,
    /// Arrived from a password reset.
    after_reset: bool,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    #[serde(default)]
    reset: Option<String>,
}

pub async fn show(
    visitor: Visitor,
    query: web::Query<LoginQuery>,
) -> Result<HttpResponse, AppError> {
    if visitor.user().is_some() {
        return Ok(see_other("/"));
    }
    ok(&LoginPage {
        chrome: Chrome::new(&visitor, "login"),
        email: String::new(),
        error: None,
        after_reset: query.reset.is_some(),
    })
}

/// Shown when the throttle refuses an attempt (password or second step).
pub const THROTTLED: &str =
    "Too many failed attempts. For your safety, logging in is paused for 15 minutes; try again later.";

pub async fn submit(
    state: web::Data<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let email = users::normalise_email(&form.email);
    let device = visitor.device.clone();
    let known_email = email.clone();
    let known_device = state
        .store
        .run(move |conn| devices::is_known(conn, device.as_deref(), &known_email))
        .await?;
    let attempt = Attempt {
        email,
        ip: visitor.ip.clone(),
        known_device,
    };
    let verdict =
        credentials::check_login(&state.store, attempt, Secret::new(form.password)).await?;
    let page = |error, status| {
        render(
            &LoginPage {
                chrome: Chrome::new(&visitor, "login"),
                email: form.email.clone(),
                error: Some(error),
                after_reset: false,
            },
            status,
        )
    };
    match verdict {
        Verdict::Throttled => page(THROTTLED, StatusCode::TOO_MANY_REQUESTS),
        Verdict::Wrong => page(
            "That email and password do not match an account.",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Verdict::Right(user) => super::mfa_login::after_password(&state, &visitor, user).await,
    }
}

/// Starts a full session for `user` in this browser (the password, and the second step where it
/// is on, are done): replaces any session the browser had, remembers the browser as a device of
/// the account, audits the sign-in with the browser's summary, and sends the user home.
pub(crate) async fn start_session(
    state: &AppState,
    visitor: &Visitor,
    user: User,
) -> Result<HttpResponse, AppError> {
    let previous_session = visitor.session.as_ref().map(|s| s.id);
    let (ip, user_agent) = (visitor.ip.clone(), visitor.user_agent.clone());
    let device = visitor
        .device
        .clone()
        .unwrap_or_else(auth_sessions::random_token);
    let device_token = device.clone();
    let id = user.id;
    let mail = state.mail.clone();
    let token = state
        .store
        .write(move |conn| {
            let now = now();
            if let Some(old) = previous_session {
                auth_sessions::revoke(conn, old)?;
            }
            let token = auth_sessions::create(conn, id, now, &user_agent)?;
            let new_device = devices::remember(conn, &device_token, id, now)?;
            let browser = crate::domain::user_agent::summary(&user_agent);
            let detail = format!("{browser}{}", if new_device { " (new device)" } else { "" });
            if new_device {
                let message = crate::mail::Message::NewSignIn {
                    device: browser.to_string(),
                    ip: ip.clone(),
                    at: now,
                };
                mail.enqueue(conn, id, &message, now)?;
            }
            audit::append(
                conn,
                &AuditEntry::new(Some(id), "login", Some(id), &detail, &ip),
                now,
            )?;
            Ok(token)
        })
        .await?;
    let mut res = see_other("/");
    res.add_cookie(&session_cookie(token, state.cookie_secure))
        .map_err(|e| AppError::Internal(e.into()))?;
    res.add_cookie(&device_cookie(device, state.cookie_secure))
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(res)
}
