//! `GET,POST /reminders/unsubscribe/{token}`: one-click unsubscribe (RFC 8058), no sign-in.
//!
//! The GET shows what the link stops and a button; it changes nothing, because mail scanners open
//! links. The POST stops that kind of reminder. It needs no CSRF token: mail clients send it
//! themselves (`List-Unsubscribe=One-Click`), and the secret in the path is what authorises it.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

use crate::mail::reminder_kind;
use crate::store::audit::{self, AuditEntry};
use crate::store::auth_sessions::hash_token;
use crate::store::mail_prefs::{self, ReminderKind};
use crate::store::users::UserId;
use crate::store::{now, outbox};
use crate::web::page::{render, Chrome};
use crate::web::visitor::Visitor;
use crate::web::{AppError, AppState};

#[derive(Template)]
#[template(path = "email/unsubscribe.html")]
struct UnsubscribePage {
    chrome: Chrome,
    token: String,
    /// What the link stops; `None` when the link is unknown.
    label: Option<&'static str>,
    done: bool,
}

async fn find(state: &AppState, token: &str) -> Result<Option<(UserId, ReminderKind)>, AppError> {
    let hash = hash_token(token);
    let found = state
        .store
        .run(move |conn| outbox::find_by_unsubscribe(conn, &hash))
        .await?;
    Ok(found.and_then(|(user, kind)| reminder_kind(&kind).map(|k| (user, k))))
}

fn page(
    visitor: &Visitor,
    token: String,
    found: Option<ReminderKind>,
    done: bool,
) -> Result<HttpResponse, AppError> {
    let status = if found.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    render(
        &UnsubscribePage {
            chrome: Chrome::new(visitor, ""),
            token,
            label: found.map(ReminderKind::label),
            done,
        },
        status,
    )
}

pub async fn ask(
    state: web::Data<AppState>,
    visitor: Visitor,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let found = find(&state, &token).await?;
    page(&visitor, token, found.map(|(_, k)| k), false)
}

pub async fn confirm(
    state: web::Data<AppState>,
    visitor: Visitor,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let Some((user, kind)) = find(&state, &token).await? else {
        return page(&visitor, token, None, false);
    };
    let ip = visitor.ip.clone();
    state
        .store
        .write(move |conn| {
            let now = now();
            mail_prefs::turn_off(conn, user, kind, now)?;
            audit::append(
                conn,
                &AuditEntry::new(
                    Some(user),
                    "reminders_changed",
                    Some(user),
                    &format!("unsubscribed from {}", kind.label()),
                    &ip,
                ),
                now,
            )
        })
        .await?;
    page(&visitor, token, Some(kind), true)
}
