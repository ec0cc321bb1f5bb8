//! `GET /offline/token`: who is signed in and their current CSRF token, so sessions saved on the
//! phone without a signal can be sent later with a valid token even if the one in the saved form
//! has expired.

use actix_web::{web, HttpResponse};
use serde::Serialize;

use super::visitor::Runner;

#[derive(Serialize)]
struct Token<'a> {
    /// Which account the phone's saved sessions must belong to before they are sent.
    user: String,
    csrf_token: &'a str,
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/offline/token", web::get().to(token));
}

async fn token(Runner(me): Runner) -> HttpResponse {
    HttpResponse::Ok().json(Token {
        user: me.user.id.0.to_string(),
        csrf_token: &me.visitor.csrf,
    })
}
