//! `GET /calendar/{token}.ics`: the private calendar feed, read by calendar apps without a
//! session; `POST /account/calendar/rotate` makes a new secret link and kills the old one.

use actix_web::{web, HttpResponse};

use crate::mail::calendar::{render_feed, FeedInput};
use crate::mail::visa_due;
use crate::store::auth_sessions::{hash_token, random_token};
use crate::store::{mail_prefs, now, schedule};
use crate::web::change::Change;
use crate::web::form::{CsrfForm, NoFields};
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

pub async fn feed(
    state: web::Data<AppState>,
    file: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let Some(token) = file.into_inner().strip_suffix(".ics").map(str::to_string) else {
        return Err(AppError::NotFound);
    };
    let hash = hash_token(&token);
    let public_url = state.mail.public_url().to_string();
    let body = state
        .store
        .run(move |conn| {
            let Some(user) = mail_prefs::find_by_calendar(conn, &hash)? else {
                return Ok(None);
            };
            let prefs = mail_prefs::get(conn, &user)?;
            let today = crate::domain::reminders::local_date(now(), user.timezone);
            let last_visa = mail_prefs::activity(conn, user.id, today, today)?.last_visa_a;
            let input = FeedInput {
                user_id: user.id.0,
                timezone: user.timezone,
                schedule: schedule::load(conn, user.id)?,
                remind_at: prefs.reminders.at,
                today,
                visa_a_due: visa_due(&user, last_visa),
                public_url,
            };
            Ok(Some(render_feed(&input)))
        })
        .await?;
    match body {
        Some(body) => Ok(HttpResponse::Ok()
            .content_type("text/calendar; charset=utf-8")
            .insert_header(("Cache-Control", "private, no-store"))
            .body(body)),
        None => Err(AppError::NotFound),
    }
}

/// Makes a new calendar link and shows it once, in the next page's message (only its hash is
/// kept).
pub async fn rotate(
    state: web::Data<AppState>,
    Runner(me): Runner,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let token = random_token();
    let url = format!("{}/calendar/{token}.ics", state.mail.public_url());
    let (id, hash) = (me.user.id, hash_token(&token));
    Change::new(&me, "calendar_link_made")
        .flash(format!(
            "Your new calendar link, shown only this once: {url} — add it to your calendar \
             app as a subscription. Any older link no longer works."
        ))
        .redirect("/account/reminders#calendar")
        .apply(&state, move |conn, now| {
            mail_prefs::set_calendar(conn, id, &hash, now)
        })
        .await
}
