//! `GET,POST /login`: password sign-in with throttling per account and per address.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::Duration;
use serde::Deserialize;

use crate::password::{self, Secret};
use crate::store::audit::{self, AuditEntry};
use crate::store::users::{self, UserId};
use crate::store::{auth_sessions, now, throttle};
use crate::web::form::CsrfForm;
use crate::web::page::{ok, render, see_other, Chrome};
use crate::web::visitor::{session_cookie, Visitor};
use crate::web::{AppError, AppState};

/// Failed logins for one account within the window before further attempts are refused.
pub const FAILURE_LIMIT: i64 = 5;
/// Failed logins from one address within the window before it is refused (several people may
/// share an address, so this is looser than the per-account limit).
pub const ADDRESS_FAILURE_LIMIT: i64 = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

/// Throttle scope of failed password checks per account (keyed by email); account deletion
/// counts its wrong passwords here too.
pub const SCOPE_ACCOUNT: &str = "login-account";
const SCOPE_ADDRESS: &str = "login-address";

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
}

pub async fn show(visitor: Visitor) -> Result<HttpResponse, AppError> {
    if visitor.user().is_some() {
        return Ok(see_other("/"));
    }
    ok(&LoginPage {
        chrome: Chrome::new(&visitor, "login"),
        email: String::new(),
        error: None,
    })
}

enum Outcome {
    Throttled,
    Failed,
    SignedIn(String),
}

pub async fn submit(
    state: web::Data<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let email = users::normalise_email(&form.email);
    let ip = visitor.ip.clone();
    let window = Duration::minutes(FAILURE_WINDOW_MINUTES);

    let (lookup_email, lookup_ip) = (email.clone(), ip.clone());
    let (throttled, account) = state
        .store
        .run(move |conn| {
            let now = now();
            let by_account =
                throttle::count_recent(conn, SCOPE_ACCOUNT, &lookup_email, now, window)?;
            let by_address = throttle::count_recent(conn, SCOPE_ADDRESS, &lookup_ip, now, window)?;
            let throttled = by_account >= FAILURE_LIMIT || by_address >= ADDRESS_FAILURE_LIMIT;
            let account = if throttled {
                None
            } else {
                users::find_for_login(conn, &lookup_email)?
            };
            Ok((throttled, account))
        })
        .await?;

    let outcome = if throttled {
        Outcome::Throttled
    } else {
        let (user, hash) = match account {
            Some((u, h)) => (Some(u), Some(h)),
            None => (None, None),
        };
        let valid = password::verify(Secret::new(form.password), hash).await?;
        let user_id: Option<UserId> = user.as_ref().map(|u| u.id);
        let previous_session = visitor.session.as_ref().map(|s| s.id);
        let (email, ip) = (email.clone(), ip.clone());
        state
            .store
            .write(move |conn| {
                let now = now();
                let entry = |action| AuditEntry {
                    actor: user_id,
                    action,
                    subject: user_id,
                    detail: "",
                    ip: &ip,
                };
                match (valid, user_id) {
                    (true, Some(id)) => {
                        if let Some(old) = previous_session {
                            auth_sessions::revoke(conn, old)?;
                        }
                        let token = auth_sessions::create(conn, id, now)?;
                        audit::append(conn, &entry("login"), now)?;
                        Ok(Outcome::SignedIn(token))
                    }
                    _ => {
                        throttle::record(conn, SCOPE_ACCOUNT, &email, now)?;
                        throttle::record(conn, SCOPE_ADDRESS, &ip, now)?;
                        audit::append(conn, &entry("login_failed"), now)?;
                        Ok(Outcome::Failed)
                    }
                }
            })
            .await?
    };

    let page = |error, status| {
        render(
            &LoginPage {
                chrome: Chrome::new(&visitor, "login"),
                email: form.email.clone(),
                error: Some(error),
            },
            status,
        )
    };
    match outcome {
        Outcome::Throttled => page(
            "Too many failed attempts. For your safety, logging in is paused for 15 minutes; try again later.",
            StatusCode::TOO_MANY_REQUESTS,
        ),
        Outcome::Failed => page(
            "That email and password do not match an account.",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Outcome::SignedIn(token) => {
            let mut res = see_other("/");
            res.add_cookie(&session_cookie(token, state.cookie_secure))
                .map_err(|e| AppError::Internal(e.into()))?;
            Ok(res)
        }
    }
}
