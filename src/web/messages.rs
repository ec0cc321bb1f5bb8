//! `POST /messages/{id}/dismiss`: the runner puts away a message their clinician shared.

use actix_web::{web, HttpResponse};

use crate::store::{audit, messages, now};
use crate::web::form::{CsrfForm, NoFields};
use crate::web::page::see_other;
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/messages/{id}/dismiss", web::post().to(dismiss_message));
}

async fn dismiss_message(
    state: web::Data<AppState>,
    Runner(me): Runner,
    path: web::Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let (id, user, ip) = (path.into_inner(), me.user.id, me.visitor.ip);
    let found = state
        .store
        .write(move |conn| {
            let now = now();
            let found = messages::dismiss(conn, user, id, now)?;
            if found {
                audit::append(
                    conn,
                    &audit::AuditEntry::new(
                        Some(user),
                        "message_dismissed",
                        Some(user),
                        &id.to_string(),
                        &ip,
                    ),
                    now,
                )?;
            }
            Ok(found)
        })
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/today"))
}
