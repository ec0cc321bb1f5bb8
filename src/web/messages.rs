//! `POST /messages/{id}/dismiss`: the runner puts away a message their clinician shared.

use actix_web::{web, HttpResponse};

use crate::store::messages;
use crate::web::change::{Change, Outcome};
use crate::web::form::{CsrfForm, NoFields};
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
    let (id, user) = (path.into_inner(), me.user.id);
    Change::new(&me, "message_dismissed")
        .redirect("/today")
        .apply(&state, move |conn, now| {
            Ok(if messages::dismiss(conn, user, id, now)? {
                Outcome::done().detail(id)
            } else {
                Outcome::not_found()
            })
        })
        .await
}
