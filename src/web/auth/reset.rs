//! Password reset by e-mail (§7): `GET,POST /password/forgot` asks for a link, and
//! `GET,POST /password/reset/{token}` sets a new password with it.
//!
//! The request answers the same, in the same time, whether or not an account uses the address: it
//! is one outbox row either way, and the sender finds out. A reset signs out every session and
//! e-mails "your password was changed".

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::Duration;
use serde::Deserialize;

use crate::auth::credentials;
use crate::password::Secret;
use crate::store::tokens::{self, Purpose};
use crate::store::users::{self, UserId};
use crate::store::{now, throttle};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{ok, render, see_other, Chrome};
use crate::web::visitor::Visitor;
use crate::web::{AppError, AppState};

/// Reset requests one address, or one network address, may make within an hour.
const PER_ADDRESS_PER_HOUR: i64 = 3;
const PER_IP_PER_HOUR: i64 = 20;

#[derive(Template)]
#[template(path = "auth/forgot.html")]
struct ForgotPage {
    chrome: Chrome,
    errors: FieldErrors,
    mail_on: bool,
    email: String,
    sent: bool,
}

#[derive(Deserialize)]
pub struct SentQuery {
    #[serde(default)]
    sent: Option<String>,
}

pub async fn forgot_form(
    state: web::Data<AppState>,
    visitor: Visitor,
    query: web::Query<SentQuery>,
) -> Result<HttpResponse, AppError> {
    ok(&ForgotPage {
        chrome: Chrome::new(&visitor, "login"),
        errors: FieldErrors::new(),
        mail_on: state.mail.enabled(),
        email: String::new(),
        sent: query.sent.is_some(),
    })
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

pub async fn forgot_submit(
    state: web::Data<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<ForgotForm>,
) -> Result<HttpResponse, AppError> {
    let email = users::normalise_email(&form.email);
    if !super::looks_like_email(&email) {
        let mut errors = FieldErrors::new();
        errors.add(
            "email",
            "Enter the e-mail address you sign in with, like name@example.com.",
        );
        return render(
            &ForgotPage {
                chrome: Chrome::new(&visitor, "login"),
                errors,
                mail_on: state.mail.enabled(),
                email: form.email,
                sent: false,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let (mail, ip) = (state.mail.clone(), visitor.ip.clone());
    state
        .store
        .write(move |conn| {
            let now = now();
            let hour = Duration::hours(1);
            let busy = throttle::count_recent(conn, "reset_address", &email, now, hour)?
                >= PER_ADDRESS_PER_HOUR
                || throttle::count_recent(conn, "reset_ip", &ip, now, hour)? >= PER_IP_PER_HOUR;
            throttle::record(conn, "reset_address", &email, now)?;
            throttle::record(conn, "reset_ip", &ip, now)?;
            if !busy {
                mail.enqueue_reset_request(conn, &email, now)?;
            }
            Ok(())
        })
        .await?;
    // The same answer for every address, throttled or not.
    Ok(see_other("/password/forgot?sent=1"))
}

#[derive(Template)]
#[template(path = "auth/reset.html")]
struct ResetPage {
    chrome: Chrome,
    errors: FieldErrors,
    /// The token is live; otherwise the page explains the link no longer works.
    valid: bool,
    token: String,
}

fn reset_page(
    visitor: &Visitor,
    token: String,
    valid: bool,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let status = match (valid, errors.is_empty()) {
        (false, _) => StatusCode::NOT_FOUND,
        (true, true) => StatusCode::OK,
        (true, false) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    render(
        &ResetPage {
            chrome: Chrome::new(visitor, "login"),
            errors,
            valid,
            token,
        },
        status,
    )
}

/// The account and address behind a live reset token.
async fn live_token(state: &AppState, token: &str) -> Result<Option<(UserId, String)>, AppError> {
    let token = token.to_string();
    Ok(state
        .store
        .run(move |conn| tokens::peek(conn, &token, Purpose::PasswordReset, now()))
        .await?)
}

pub async fn reset_form(
    state: web::Data<AppState>,
    visitor: Visitor,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let valid = live_token(&state, &token).await?.is_some();
    reset_page(&visitor, token, valid, FieldErrors::new())
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_confirm: String,
}

pub async fn reset_submit(
    state: web::Data<AppState>,
    visitor: Visitor,
    token: web::Path<String>,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let Some((user_id, email)) = live_token(&state, &token).await? else {
        return reset_page(&visitor, token, false, FieldErrors::new());
    };
    let name = state
        .store
        .run(move |conn| users::find(conn, user_id))
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default();
    let problems = credentials::check_new_password(
        &form.new_password,
        &form.new_password_confirm,
        &[&email, &name],
    );
    if !problems.is_empty() {
        let mut errors = FieldErrors::new();
        if let Some(why) = problems.password {
            errors.add("new_password", why);
        }
        if let Some(why) = problems.confirm {
            errors.add("new_password_confirm", why);
        }
        return reset_page(&visitor, token, true, errors);
    }
    let hash = credentials::hash_new_password(Secret::new(form.new_password)).await?;
    let (mail, ip, secret) = (state.mail.clone(), visitor.ip.clone(), token.clone());
    let done = state
        .store
        .write(move |conn| {
            let now = now();
            // Single use even when two submissions race: only one consumes the token.
            let Some((user, _)) = tokens::consume(conn, &secret, Purpose::PasswordReset, now)?
            else {
                return Ok(false);
            };
            credentials::replace_password(
                conn,
                &mail,
                user,
                &hash,
                None,
                "password_reset",
                &ip,
                now,
            )?;
            tokens::revoke_all(conn, user, Purpose::PasswordReset, now)?;
            Ok(true)
        })
        .await?;
    if !done {
        return reset_page(&visitor, token, false, FieldErrors::new());
    }
    Ok(see_other("/login?reset=1"))
}
