//! `GET /account/sessions`, `POST /account/sessions/revoke`: the browsers signed in to this
//! account, and signing one (or all others) out. Only the account's own sessions are listed or
//! touched; any other id is 404.

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::domain::user_agent;
use crate::store::audit::{self, AuditEntry};
use crate::store::{auth_sessions, now};
use crate::web::form::CsrfForm;
use crate::web::page::{ok, see_other, Chrome};
use crate::web::visitor::{expired_session_cookie, SignedIn};
use crate::web::{AppError, AppState};

/// One row of the devices page.
struct DeviceRow {
    id: i64,
    browser: String,
    created: String,
    last_seen: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "security/sessions.html")]
struct SessionsPage {
    chrome: Chrome,
    devices: Vec<DeviceRow>,
}

impl SessionsPage {
    fn others(&self) -> usize {
        self.devices.iter().filter(|d| !d.current).count()
    }
}

/// A stored UTC time as the user reads it, in their time zone.
fn local_time(at: chrono::NaiveDateTime, tz: chrono_tz::Tz) -> String {
    at.and_utc()
        .with_timezone(&tz)
        .format("%-d %b %Y, %H:%M")
        .to_string()
}

pub async fn show(state: web::Data<AppState>, me: SignedIn) -> Result<HttpResponse, AppError> {
    let (id, lifetimes) = (me.user.id, state.lifetimes);
    let sessions = state
        .store
        .run(move |conn| auth_sessions::list_for_user(conn, id, now(), lifetimes))
        .await?;
    let tz = me.user.timezone;
    let devices = sessions
        .into_iter()
        .map(|s| DeviceRow {
            id: s.id,
            browser: user_agent::summary(&s.user_agent),
            created: local_time(s.created_at, tz),
            last_seen: local_time(s.last_seen_at, tz),
            current: s.id == me.session_id,
        })
        .collect();
    ok(&SessionsPage {
        chrome: Chrome::new(&me.visitor, "account"),
        devices,
    })
}

#[derive(Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    session_id: String,
}

/// Which sessions to end.
enum Target {
    Others,
    One(i64),
}

pub async fn revoke(
    state: web::Data<AppState>,
    me: SignedIn,
    CsrfForm(form): CsrfForm<RevokeForm>,
) -> Result<HttpResponse, AppError> {
    let target = match form.session_id.trim() {
        "others" => Target::Others,
        raw => Target::One(raw.parse().map_err(|_| AppError::NotFound)?),
    };
    let (id, current, ip) = (me.user.id, me.session_id, me.visitor.ip.clone());
    let ended_own = matches!(target, Target::One(s) if s == current);
    let found = state
        .store
        .write(move |conn| {
            let now = now();
            let (found, detail) = match target {
                Target::Others => {
                    let n = auth_sessions::revoke_others(conn, id, current)?;
                    (true, format!("{n} other sessions"))
                }
                Target::One(session) => (
                    auth_sessions::revoke_for_user(conn, id, session)?,
                    format!("session {session}"),
                ),
            };
            if !found {
                return Ok(false);
            }
            audit::append(
                conn,
                &AuditEntry::new(Some(id), "session_revoked", Some(id), &detail, &ip),
                now,
            )?;
            if !ended_own {
                auth_sessions::set_flash(conn, current, "Signed out.")?;
            }
            Ok(true)
        })
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    if ended_own {
        let mut res = see_other("/login");
        res.add_cookie(&expired_session_cookie(state.cookie_secure))
            .map_err(|e| AppError::Internal(e.into()))?;
        return Ok(res);
    }
    Ok(see_other("/account/sessions"))
}
