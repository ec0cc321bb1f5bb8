//! `GET,POST /account/reminders`: which reminders an account gets and when; the address check
//! that must pass before any is sent (`POST /account/email/verify` sends the link,
//! `GET /account/email/verify/{token}` takes it).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::Duration;
use serde::Deserialize;

use crate::domain::reminders::RemindAt;
use crate::mail::Message;
use crate::store::audit::{self, AuditEntry};
use crate::store::mail_prefs::{self, MailPrefs, Reminders};
use crate::store::tokens::{self, Purpose};
use crate::store::users::{self, User};
use crate::store::{auth_sessions, now, throttle, DbConn, StoreResult};
use crate::web::change::{Change, Outcome};
use crate::web::form::{CsrfForm, FieldErrors, NoFields};
use crate::web::page::{ok, render, see_other, Chrome};
use crate::web::visitor::{SignedIn, Visitor};
use crate::web::{AppError, AppState};

/// Verification links one account may ask for within an hour.
const LINKS_PER_HOUR: i64 = 5;

#[derive(Template)]
#[template(path = "email/reminders.html")]
struct RemindersPage {
    chrome: Chrome,
    errors: FieldErrors,
    mail_on: bool,
    email: String,
    prefs: MailPrefs,
    /// `remind_at` as typed (kept when refused).
    remind_at: String,
    /// The time field's hint, naming the account's time zone.
    at_hint: String,
}

impl RemindersPage {
    async fn load(state: &AppState, me: &SignedIn) -> Result<RemindersPage, AppError> {
        let user = me.user.clone();
        let prefs = state
            .store
            .run(move |conn| mail_prefs::get(conn, &user))
            .await?;
        Ok(RemindersPage {
            chrome: Chrome::new(&me.visitor, "account"),
            errors: FieldErrors::new(),
            mail_on: state.mail.enabled(),
            email: me.user.email.clone(),
            remind_at: prefs.reminders.at.as_hhmm(),
            at_hint: format!(
                "In your time zone, {} (change it on your account page). For example 07:30.",
                me.user.timezone
            ),
            prefs,
        })
    }
}

pub async fn show(state: web::Data<AppState>, me: SignedIn) -> Result<HttpResponse, AppError> {
    ok(&RemindersPage::load(&state, &me).await?)
}

#[derive(Deserialize)]
pub struct RemindersForm {
    #[serde(default)]
    remind_checkin: Option<String>,
    #[serde(default)]
    remind_training: Option<String>,
    #[serde(default)]
    remind_visa_a: Option<String>,
    #[serde(default)]
    remind_digest: Option<String>,
    #[serde(default)]
    remind_at: String,
}

pub async fn save(
    state: web::Data<AppState>,
    me: SignedIn,
    CsrfForm(form): CsrfForm<RemindersForm>,
) -> Result<HttpResponse, AppError> {
    let runner = me.user.role == users::Role::Runner;
    let mut chosen = Reminders {
        checkin: runner && form.remind_checkin.is_some(),
        training: runner && form.remind_training.is_some(),
        visa_a: runner && form.remind_visa_a.is_some(),
        digest: !runner && form.remind_digest.is_some(),
        at: RemindAt::default(),
    };
    let mut errors = FieldErrors::new();
    match errors.check("remind_at", RemindAt::parse(&form.remind_at)) {
        Some(at) => chosen.at = at,
        None => {
            let mut page = RemindersPage::load(&state, &me).await?;
            page.errors = errors;
            page.prefs.reminders = chosen;
            page.remind_at = form.remind_at;
            return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    }
    let (user, ip, mail) = (me.user.clone(), me.visitor.ip.clone(), state.mail.clone());
    Change::new(&me, "reminders_changed")
        .redirect("/account/reminders")
        .apply(&state, move |conn, now| {
            mail_prefs::save_reminders(conn, user.id, &chosen, now)?;
            let flash = if !chosen.any() && mail.enabled() {
                "Reminders saved."
            } else {
                match request_link(conn, &mail, &user, &ip)? {
                    LinkRequest::MailOff => {
                        "Reminders saved. E-mail is off on this server, so none will be sent for now."
                    }
                    LinkRequest::AlreadyConfirmed => "Reminders saved.",
                    LinkRequest::Sent => {
                        "Reminders saved. We sent you a link to confirm your address: reminders start once you open it."
                    }
                    LinkRequest::TooMany => {
                        "Reminders saved. Confirm your address with the link we sent you: reminders start once you open it."
                    }
                }
            };
            Ok(Outcome::done().detail(describe(&chosen)).flash(flash))
        })
        .await
}

fn describe(r: &Reminders) -> String {
    let mut on: Vec<&str> = Vec::new();
    for (wanted, name) in [
        (r.checkin, "check-in"),
        (r.training, "training days"),
        (r.visa_a, "VISA-A"),
        (r.digest, "digest"),
    ] {
        if wanted {
            on.push(name);
        }
    }
    if on.is_empty() {
        "all reminders off".to_string()
    } else {
        format!("{} at {}", on.join(", "), r.at.as_hhmm())
    }
}

/// What asking for an address-confirmation link came to.
enum LinkRequest {
    MailOff,
    AlreadyConfirmed,
    Sent,
    /// The account asked for [`LINKS_PER_HOUR`] within the hour already.
    TooMany,
}

/// Queues a link confirming the account's address, if e-mail is on, the address is not
/// confirmed yet and the account has not asked too often.
fn request_link(
    conn: &mut DbConn,
    mail: &crate::mail::Mail,
    user: &User,
    ip: &str,
) -> StoreResult<LinkRequest> {
    if !mail.enabled() {
        return Ok(LinkRequest::MailOff);
    }
    if mail_prefs::get(conn, user)?.verified {
        return Ok(LinkRequest::AlreadyConfirmed);
    }
    let now = now();
    let subject = user.id.0.to_string();
    if throttle::count_recent(conn, "verify_email", &subject, now, Duration::hours(1))?
        >= LINKS_PER_HOUR
    {
        return Ok(LinkRequest::TooMany);
    }
    throttle::record(conn, "verify_email", &subject, now)?;
    audit::append(
        conn,
        &AuditEntry::new(Some(user.id), "verification_sent", Some(user.id), "", ip),
        now,
    )?;
    mail.enqueue(conn, user.id, &Message::VerifyEmail, now)?;
    Ok(LinkRequest::Sent)
}

/// `POST /account/email/verify`: sends (again) the link that confirms the address.
pub async fn send_link(
    state: web::Data<AppState>,
    me: SignedIn,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let (user, session, ip, mail) = (
        me.user.clone(),
        me.session_id,
        me.visitor.ip.clone(),
        state.mail.clone(),
    );
    state
        .store
        .write(move |conn| {
            let flash = match request_link(conn, &mail, &user, &ip)? {
                LinkRequest::MailOff => "E-mail is off on this server: no link can be sent.",
                LinkRequest::AlreadyConfirmed => "Your address is already confirmed.",
                LinkRequest::Sent => "We sent a link to your address. It works once, for 24 hours.",
                LinkRequest::TooMany => {
                    "We already sent several links this hour. Please use the newest one, or try again later."
                }
            };
            auth_sessions::set_flash(conn, session, flash)
        })
        .await?;
    Ok(see_other("/account/reminders"))
}

#[derive(Template)]
#[template(path = "email/verified.html")]
struct VerifiedPage {
    chrome: Chrome,
    confirmed: bool,
}

/// `GET /account/email/verify/{token}`: confirms the address the link was sent to. Works without
/// signing in (the link may be opened on another device); the token is the proof.
pub async fn verify(
    state: web::Data<AppState>,
    visitor: Visitor,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let ip = visitor.ip.clone();
    let confirmed = state
        .store
        .write(move |conn| {
            let now = now();
            let Some((id, email)) = tokens::consume(conn, &token, Purpose::VerifyEmail, now)?
            else {
                return Ok(false);
            };
            // A link sent to an address the account no longer uses confirms nothing.
            let Some(user) = users::find(conn, id)?.filter(|u| u.email == email) else {
                return Ok(false);
            };
            mail_prefs::mark_verified(conn, user.id, &email, now)?;
            audit::append(
                conn,
                &AuditEntry::new(Some(user.id), "email_verified", Some(user.id), "", &ip),
                now,
            )?;
            Ok(true)
        })
        .await?;
    let status = if confirmed {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    render(
        &VerifiedPage {
            chrome: Chrome::new(&visitor, "account"),
            confirmed,
        },
        status,
    )
}
