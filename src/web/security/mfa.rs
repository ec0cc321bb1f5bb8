//! `GET,POST /account/mfa`, `POST /account/mfa/disable`: turning two-step sign-in on (a code
//! from the authenticator confirms the secret before it counts) and off (password and code).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::credentials::{self, Verdict};
use crate::auth::second_factor::{self, CodeCheck};
use crate::auth::totp;
use crate::password::Secret;
use crate::store::audit::{self, AuditEntry};
use crate::store::{auth_sessions, mfa, now};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{ok, render, see_other, Chrome};
use crate::web::visitor::SignedIn;
use crate::web::{AppError, AppState};

#[derive(Template)]
#[template(path = "security/mfa.html")]
struct MfaPage {
    chrome: Chrome,
    enabled: bool,
    /// Set-up: the new secret, its link and QR code.
    secret: String,
    otpauth: String,
    qr_svg: String,
    recovery_left: usize,
    /// Shown once, right after set-up.
    recovery_codes: Vec<String>,
    required: bool,
    errors: FieldErrors,
}

impl MfaPage {
    fn new(me: &SignedIn, state: &AppState) -> MfaPage {
        MfaPage {
            chrome: Chrome::new(&me.visitor, "account"),
            enabled: me.user.mfa_enabled,
            secret: String::new(),
            otpauth: String::new(),
            qr_svg: String::new(),
            recovery_left: 0,
            recovery_codes: Vec::new(),
            required: state.require_clinician_mfa
                && me.user.role == crate::store::users::Role::Clinician,
            errors: FieldErrors::new(),
        }
    }

    /// A set-up form for `secret`.
    fn setting_up(mut self, secret: String, account: &str) -> Result<MfaPage, AppError> {
        let url = totp::otpauth_url(&secret, account)
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("otpauth link")))?;
        self.qr_svg =
            totp::qr_svg(&url).ok_or_else(|| AppError::Internal(anyhow::anyhow!("QR code")))?;
        self.otpauth = url;
        self.secret = secret;
        Ok(self)
    }
}

pub async fn show(state: web::Data<AppState>, me: SignedIn) -> Result<HttpResponse, AppError> {
    let page = MfaPage::new(&me, &state);
    if me.user.mfa_enabled {
        let id = me.user.id;
        let left = state
            .store
            .run(move |conn| Ok(mfa::unused_recovery_codes(conn, id)?.len()))
            .await?;
        return ok(&MfaPage {
            recovery_left: left,
            ..page
        });
    }
    // The secret is stored only once a code confirms it, so showing this page changes nothing.
    ok(&page.setting_up(totp::new_secret(), &me.user.email)?)
}

#[derive(Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    secret: String,
    #[serde(default)]
    code: String,
}

pub async fn setup(
    state: web::Data<AppState>,
    me: SignedIn,
    CsrfForm(form): CsrfForm<SetupForm>,
) -> Result<HttpResponse, AppError> {
    if me.user.mfa_enabled {
        return Ok(see_other("/account/mfa"));
    }
    let secret = if totp::is_valid_secret(form.secret.trim()) {
        form.secret.trim().to_string()
    } else {
        totp::new_secret()
    };
    let unix = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0);
    let Some(step) = totp::accepted_step(&secret, &form.code, unix, None) else {
        let mut page = MfaPage::new(&me, &state).setting_up(secret, &me.user.email)?;
        page.errors.add(
            "code",
            "That code does not match. Enter the 6-digit code your app shows now for Tendo.",
        );
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let codes = totp::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| totp::hash_recovery(c)).collect();
    let (id, ip, stored_secret) = (me.user.id, me.visitor.ip.clone(), secret);
    let enabled = state
        .store
        .write(move |conn| {
            let now = now();
            if !mfa::enable(conn, id, &stored_secret, step, &hashes, now)? {
                return Ok(false);
            }
            audit::append(
                conn,
                &AuditEntry::new(Some(id), "mfa_enabled", Some(id), "", &ip),
                now,
            )?;
            Ok(true)
        })
        .await?;
    if !enabled {
        return Ok(see_other("/account/mfa"));
    }
    // The recovery codes exist in clear only in this answer.
    ok(&MfaPage {
        enabled: true,
        recovery_left: codes.len(),
        recovery_codes: codes,
        ..MfaPage::new(&me, &state)
    })
}

#[derive(Deserialize)]
pub struct DisableForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

pub async fn disable(
    state: web::Data<AppState>,
    me: SignedIn,
    CsrfForm(form): CsrfForm<DisableForm>,
) -> Result<HttpResponse, AppError> {
    if !me.user.mfa_enabled {
        return Ok(see_other("/account/mfa"));
    }
    let refuse = |errors: FieldErrors, status: StatusCode| {
        let mut page = MfaPage::new(&me, &state);
        page.errors = errors;
        render(&page, status)
    };
    let mut errors = FieldErrors::new();
    if form.password.is_empty() {
        errors.add("password", "Enter your password.");
    }
    if form.code.trim().is_empty() {
        errors.add(
            "code",
            "Enter the code your authenticator app shows, or a recovery code.",
        );
    }
    if !errors.is_empty() {
        return refuse(errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let verdict = credentials::check_current_password(
        &state.store,
        &me.user,
        &me.visitor.ip,
        Secret::new(form.password),
        "mfa_disable_refused",
    )
    .await?;
    match verdict {
        Verdict::Throttled => {
            errors.add("password", "Too many wrong attempts. For your safety, try again in 15 minutes. Two-step sign-in is still on.");
            return refuse(errors, StatusCode::TOO_MANY_REQUESTS);
        }
        Verdict::Wrong => {
            errors.add(
                "password",
                "That password is not right. Two-step sign-in is still on.",
            );
            return refuse(errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
        Verdict::Right(()) => {}
    }
    let (id, email, ip, session) = (
        me.user.id,
        me.user.email.clone(),
        me.visitor.ip.clone(),
        me.session_id,
    );
    let code = form.code;
    let mail = state.mail.clone();
    let turned_off = state
        .store
        .write(move |conn| {
            let now = now();
            if second_factor::consume_code(conn, id, &code, now)? == CodeCheck::Wrong {
                credentials::record_failure(conn, &email, &ip, now)?;
                audit::append(
                    conn,
                    &AuditEntry::new(Some(id), "mfa_disable_refused", Some(id), "wrong code", &ip),
                    now,
                )?;
                return Ok(false);
            }
            mfa::disable(conn, id)?;
            audit::append(
                conn,
                &AuditEntry::new(Some(id), "mfa_disabled", Some(id), "", &ip),
                now,
            )?;
            mail.enqueue(conn, id, &crate::mail::Message::MfaDisabled, now)?;
            auth_sessions::set_flash(conn, session, "Two-step sign-in is off.")?;
            Ok(true)
        })
        .await?;
    if !turned_off {
        errors.add(
            "code",
            "That code is not right, or was already used. Two-step sign-in is still on.",
        );
        return refuse(errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    Ok(see_other("/account/mfa"))
}
