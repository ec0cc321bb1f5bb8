//! `GET,POST /signup`: create an account and sign in. With `CLINICIAN_SIGNUP=invite` a clinician
//! account needs an invitation (`/signup?invite=…`); sign-ups are throttled per network address.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::Duration;
use serde::Deserialize;

use crate::auth::{credentials, devices};
use crate::config::ClinicianSignup;
use crate::password::Secret;
use crate::store::audit::{self, AuditEntry};
use crate::store::users::{self, NewUser, Role};
use crate::store::{auth_sessions, invitations, now, throttle};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{ok, render, see_other, Chrome};
use crate::web::visitor::{device_cookie, session_cookie, Visitor};
use crate::web::{AppError, AppState};

#[derive(Debug, Default, Deserialize)]
pub struct SignupForm {
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_confirm: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub timezone: String,
    /// The secret of a clinician invitation, carried from `/signup?invite=…`.
    #[serde(default)]
    pub invite: String,
}

#[derive(Template)]
#[template(path = "auth/signup.html")]
struct SignupPage {
    chrome: Chrome,
    form: SignupForm,
    errors: FieldErrors,
    /// Clinicians need an invitation on this server.
    invite_only: bool,
}

#[derive(Deserialize)]
pub struct InviteQuery {
    #[serde(default)]
    invite: Option<String>,
}

const INVITATION_NEEDED: &str = "Clinician accounts on this server need an invitation. Open the \
     link from your invitation, or ask the people who run this Tendo server for one.";
const TOO_MANY_SIGNUPS: &str =
    "Too many accounts were created from your network in the last hour. Please try again later.";
const EMAIL_TAKEN: &str = "An account with this email already exists. Log in instead?";

pub async fn show(
    state: web::Data<AppState>,
    visitor: Visitor,
    query: web::Query<InviteQuery>,
) -> Result<HttpResponse, AppError> {
    if visitor.user().is_some() {
        return Ok(see_other("/"));
    }
    let invite = query.into_inner().invite.unwrap_or_default();
    let token = invite.clone();
    // An invitation fills in the role and the address it is for.
    let invited = match invite.is_empty() {
        true => None,
        false => {
            state
                .store
                .run(move |conn| invitations::live_for(conn, &token, now()))
                .await?
        }
    };
    ok(&SignupPage {
        chrome: Chrome::new(&visitor, "signup"),
        form: SignupForm {
            role: if invited.is_some() {
                "clinician"
            } else {
                "runner"
            }
            .into(),
            email: invited.unwrap_or_default(),
            invite,
            ..SignupForm::default()
        },
        errors: FieldErrors::new(),
        invite_only: state.clinician_signup == ClinicianSignup::Invite,
    })
}

/// Sign-up attempts one address may cause within an hour before its owner stops being told.
const ATTEMPT_MAILS_PER_HOUR: i64 = 3;

/// With e-mail on, a taken address is answered like a new one (the same redirect, after the same
/// password hashing), and its owner is told by e-mail instead, so sign-up reveals nothing about
/// who has an account.
async fn answer_taken_like_new(
    state: &AppState,
    visitor: &Visitor,
    mut form: SignupForm,
    role: Role,
    email: String,
) -> Result<HttpResponse, AppError> {
    let _same_work =
        credentials::hash_new_password(Secret::new(std::mem::take(&mut form.password))).await?;
    let (mail, ip) = (state.mail.clone(), visitor.ip.clone());
    let per_hour = i64::from(state.signups_per_hour);
    let throttled = state
        .store
        .write(move |conn| {
            let now = now();
            // Counted like a real sign-up, so the limit behaves the same for taken addresses.
            if throttle::count_recent(conn, "signup_ip", &ip, now, Duration::hours(1))? >= per_hour
            {
                return Ok(true);
            }
            throttle::record(conn, "signup_ip", &ip, now)?;
            let Some((owner, _)) = users::find_for_login(conn, &email)? else {
                return Ok(false);
            };
            let recent =
                throttle::count_recent(conn, "signup_attempt", &email, now, Duration::hours(1))?;
            throttle::record(conn, "signup_attempt", &email, now)?;
            audit::append(
                conn,
                &AuditEntry::new(None, "signup_attempt", Some(owner.id), "", &ip),
                now,
            )?;
            if recent < ATTEMPT_MAILS_PER_HOUR {
                mail.enqueue(conn, owner.id, &crate::mail::Message::SignupAttempt, now)?;
            }
            Ok(false)
        })
        .await?;
    if throttled {
        let mut errors = FieldErrors::new();
        errors.add("email", TOO_MANY_SIGNUPS);
        form.password_confirm.clear();
        return render(
            &SignupPage {
                chrome: Chrome::new(visitor, "signup"),
                form,
                errors,
                invite_only: state.clinician_signup == ClinicianSignup::Invite,
            },
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    Ok(see_other(landing(role)))
}

/// Where a new account starts.
fn landing(role: Role) -> &'static str {
    match role {
        Role::Runner => "/triage",
        Role::Clinician => "/clinic",
    }
}

/// What the sign-up's write transaction found.
enum Outcome {
    Created(Box<users::User>, String),
    EmailTaken,
    InvitationRefused,
    Throttled,
}

/// Checks what can be checked without the database.
fn validate(form: &SignupForm) -> (FieldErrors, Option<Role>, chrono_tz::Tz) {
    let mut errors = FieldErrors::new();
    let name = form.display_name.trim();
    if name.is_empty() {
        errors.add(
            "display_name",
            "Enter the name you would like to be called.",
        );
    } else if name.chars().count() > 80 {
        errors.add("display_name", "Use at most 80 characters.");
    }
    if !super::looks_like_email(&form.email) {
        errors.add("email", "Enter an email address like name@example.com.");
    }
    let problems = credentials::check_new_password(
        &form.password,
        &form.password_confirm,
        &[&form.email, name],
    );
    if let Some(why) = problems.password {
        errors.add("password", why);
    }
    if let Some(why) = problems.confirm {
        errors.add("password_confirm", why);
    }
    let role = Role::parse(&form.role);
    if role.is_none() {
        errors.add("role", "Choose runner or clinician.");
    }
    let tz = match form.timezone.trim() {
        "" => chrono_tz::UTC,
        raw => match raw.parse::<chrono_tz::Tz>() {
            Ok(tz) => tz,
            Err(_) => {
                errors.add(
                    "timezone",
                    "Use a time zone name such as Europe/Berlin, or UTC.",
                );
                chrono_tz::UTC
            }
        },
    };
    (errors, role, tz)
}

pub async fn submit(
    state: web::Data<AppState>,
    visitor: Visitor,
    CsrfForm(mut form): CsrfForm<SignupForm>,
) -> Result<HttpResponse, AppError> {
    let (mut errors, role, tz) = validate(&form);
    let invite_only = state.clinician_signup == ClinicianSignup::Invite;
    let rerender = |form: SignupForm, errors: FieldErrors, status: StatusCode| {
        let mut form = form;
        form.password.clear();
        form.password_confirm.clear();
        render(
            &SignupPage {
                chrome: Chrome::new(&visitor, "signup"),
                form,
                errors,
                invite_only,
            },
            status,
        )
    };
    let refuse = StatusCode::UNPROCESSABLE_ENTITY;
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return rerender(form, errors, refuse);
    };
    let needs_invitation = invite_only && role == Role::Clinician;
    let email = users::normalise_email(&form.email);
    let (lookup, invite) = (email.clone(), form.invite.clone());
    let (taken, invited_for) = state
        .store
        .run(move |conn| {
            let taken = users::email_taken(conn, &lookup)?;
            let invited_for = match needs_invitation {
                true => invitations::live_for(conn, &invite, now())?,
                false => None,
            };
            Ok((taken, invited_for))
        })
        .await?;
    if taken && state.mail.enabled() {
        return answer_taken_like_new(&state, &visitor, form, role, email).await;
    }
    if taken {
        errors.add("email", EMAIL_TAKEN);
        return rerender(form, errors, refuse);
    }
    if needs_invitation && invited_for.as_deref() != Some(email.as_str()) {
        errors.add("role", INVITATION_NEEDED);
        return rerender(form, errors, refuse);
    }
    let hash =
        credentials::hash_new_password(Secret::new(std::mem::take(&mut form.password))).await?;
    let name = form.display_name.trim().to_string();
    let (ip, user_agent) = (visitor.ip.clone(), visitor.user_agent.clone());
    let device = visitor
        .device
        .clone()
        .unwrap_or_else(auth_sessions::random_token);
    let device_token = device.clone();
    let (invite, per_hour) = (form.invite.clone(), i64::from(state.signups_per_hour));
    let outcome = state
        .store
        .write(move |conn| {
            let now = now();
            if throttle::count_recent(conn, "signup_ip", &ip, now, Duration::hours(1))? >= per_hour
            {
                return Ok(Outcome::Throttled);
            }
            throttle::record(conn, "signup_ip", &ip, now)?;
            if needs_invitation && !invitations::consume(conn, &invite, &email, now)? {
                return Ok(Outcome::InvitationRefused);
            }
            let Some(user) = users::insert(
                conn,
                &NewUser {
                    email: &email,
                    display_name: &name,
                    role: role.as_str(),
                    password_hash: &hash,
                    timezone: tz.name(),
                    created_at: now,
                },
            )?
            else {
                return Ok(Outcome::EmailTaken);
            };
            let token = auth_sessions::create(conn, user.id, now, &user_agent)?;
            devices::remember(conn, &device_token, user.id, now)?;
            audit::append(
                conn,
                &AuditEntry::new(Some(user.id), "signup", Some(user.id), role.as_str(), &ip),
                now,
            )?;
            Ok(Outcome::Created(Box::new(user), token))
        })
        .await?;
    let (user, token) = match outcome {
        Outcome::Created(user, token) => (user, token),
        // Someone took the email, or the invitation, between the check and the insert.
        Outcome::EmailTaken => {
            errors.add("email", EMAIL_TAKEN);
            return rerender(form, errors, refuse);
        }
        Outcome::InvitationRefused => {
            errors.add("role", INVITATION_NEEDED);
            return rerender(form, errors, refuse);
        }
        Outcome::Throttled => {
            errors.add("email", TOO_MANY_SIGNUPS);
            return rerender(form, errors, StatusCode::TOO_MANY_REQUESTS);
        }
    };
    let mut res = see_other(landing(user.role));
    res.add_cookie(&session_cookie(token, state.cookie_secure))
        .map_err(|e| AppError::Internal(e.into()))?;
    res.add_cookie(&device_cookie(device, state.cookie_secure))
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(res)
}
