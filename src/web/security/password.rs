//! `GET,POST /account/password`: change the password with the current one; every other session
//! of the account ends.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::credentials::{self, Verdict};
use crate::password::Secret;
use crate::store::{auth_sessions, now};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{ok, render, see_other, Chrome};
use crate::web::visitor::SignedIn;
use crate::web::{AppError, AppState};

#[derive(Template)]
#[template(path = "security/password.html")]
struct PasswordPage {
    chrome: Chrome,
    errors: FieldErrors,
}

pub async fn show(me: SignedIn) -> Result<HttpResponse, AppError> {
    ok(&PasswordPage {
        chrome: Chrome::new(&me.visitor, "account"),
        errors: FieldErrors::new(),
    })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_confirm: String,
}

pub async fn submit(
    state: web::Data<AppState>,
    me: SignedIn,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    // Passwords are never sent back into the page: a refused form shows its fields empty.
    let refuse = |errors: FieldErrors, status: StatusCode| {
        render(
            &PasswordPage {
                chrome: Chrome::new(&me.visitor, "account"),
                errors,
            },
            status,
        )
    };
    let mut errors = FieldErrors::new();
    if form.current_password.is_empty() {
        errors.add("current_password", "Enter your current password.");
    }
    let problems = credentials::check_new_password(
        &form.new_password,
        &form.new_password_confirm,
        &[&me.user.email, &me.user.display_name],
    );
    if let Some(why) = problems.password {
        errors.add("new_password", why);
    } else if form.new_password == form.current_password {
        errors.add(
            "new_password",
            "Choose a password different from the current one.",
        );
    }
    if let Some(why) = problems.confirm {
        errors.add("new_password_confirm", why);
    }
    if !errors.is_empty() {
        return refuse(errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let verdict = credentials::check_current_password(
        &state.store,
        &me.user,
        &me.visitor.ip,
        Secret::new(form.current_password),
        "password_change_refused",
    )
    .await?;
    match verdict {
        Verdict::Throttled => {
            errors.add(
                "current_password",
                "Too many wrong passwords. For your safety, try again in 15 minutes. Your password has not changed.",
            );
            refuse(errors, StatusCode::TOO_MANY_REQUESTS)
        }
        Verdict::Wrong => {
            errors.add(
                "current_password",
                "That is not your current password. Your password has not changed.",
            );
            refuse(errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Verdict::Right(()) => {
            let hash = credentials::hash_new_password(Secret::new(form.new_password)).await?;
            let (id, session, ip) = (me.user.id, me.session_id, me.visitor.ip.clone());
            let mail = state.mail.clone();
            state
                .store
                .write(move |conn| {
                    let now = now();
                    let ended = credentials::replace_password(
                        conn,
                        &mail,
                        id,
                        &hash,
                        Some(session),
                        "password_changed",
                        &ip,
                        now,
                    )?;
                    let message = match ended {
                        0 => "Password changed.".to_string(),
                        1 => "Password changed. Your one other signed-in device was signed out."
                            .to_string(),
                        n => format!(
                            "Password changed. Your {n} other signed-in devices were signed out."
                        ),
                    };
                    auth_sessions::set_flash(conn, session, &message)
                })
                .await?;
            Ok(see_other("/account"))
        }
    }
}
