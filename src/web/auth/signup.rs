//! `GET,POST /signup`: create an account and sign in.

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::{credentials, devices};
use crate::password::Secret;
use crate::store::audit::{self, AuditEntry};
use crate::store::users::{self, NewUser, Role};
use crate::store::{auth_sessions, now};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{ok, see_other, unprocessable, Chrome};
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
}

#[derive(Template)]
#[template(path = "auth/signup.html")]
struct SignupPage {
    chrome: Chrome,
    form: SignupForm,
    errors: FieldErrors,
}

pub async fn show(visitor: Visitor) -> Result<HttpResponse, AppError> {
    if visitor.user().is_some() {
        return Ok(see_other("/"));
    }
    ok(&SignupPage {
        chrome: Chrome::new(&visitor, "signup"),
        form: SignupForm {
            role: "runner".into(),
            ..SignupForm::default()
        },
        errors: FieldErrors::new(),
    })
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
    if !looks_like_email(&form.email) {
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

fn looks_like_email(raw: &str) -> bool {
    let raw = raw.trim();
    match raw.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && raw.len() <= 254
                && !raw.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

pub async fn submit(
    state: web::Data<AppState>,
    visitor: Visitor,
    CsrfForm(mut form): CsrfForm<SignupForm>,
) -> Result<HttpResponse, AppError> {
    let (mut errors, role, tz) = validate(&form);
    let rerender = |form: SignupForm, errors: FieldErrors| {
        let mut form = form;
        form.password.clear();
        form.password_confirm.clear();
        unprocessable(&SignupPage {
            chrome: Chrome::new(&visitor, "signup"),
            form,
            errors,
        })
    };
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return rerender(form, errors);
    };
    let email = users::normalise_email(&form.email);
    let lookup = email.clone();
    if state
        .store
        .run(move |conn| users::email_taken(conn, &lookup))
        .await?
    {
        errors.add(
            "email",
            "An account with this email already exists. Log in instead?",
        );
        return rerender(form, errors);
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
    let created = state
        .store
        .write(move |conn| {
            let now = now();
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
                return Ok(None);
            };
            let token = auth_sessions::create(conn, user.id, now, &user_agent)?;
            devices::remember(conn, &device_token, user.id, now)?;
            audit::append(
                conn,
                &AuditEntry::new(Some(user.id), "signup", Some(user.id), role.as_str(), &ip),
                now,
            )?;
            Ok(Some((user, token)))
        })
        .await?;
    let Some((user, token)) = created else {
        // Someone took the email between the check and the insert.
        errors.add(
            "email",
            "An account with this email already exists. Log in instead?",
        );
        return rerender(form, errors);
    };
    let next = match user.role {
        Role::Runner => "/triage",
        Role::Clinician => "/clinic",
    };
    let mut res = see_other(next);
    res.add_cookie(&session_cookie(token, state.cookie_secure))
        .map_err(|e| AppError::Internal(e.into()))?;
    res.add_cookie(&device_cookie(device, state.cookie_secure))
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::looks_like_email;

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(looks_like_email("ana@example.com"));
        assert!(!looks_like_email("ana@example"));
        assert!(!looks_like_email("@example.com"));
        assert!(!looks_like_email("ana example@example.com"));
        assert!(!looks_like_email("ana"));
    }
}
