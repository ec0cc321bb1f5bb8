//! The landing page and the health check.

use actix_web::{web, HttpResponse};
use askama::Template;

use super::page::{ok, see_other, Chrome};
use super::visitor::Visitor;
use super::{AppError, AppState};
use crate::store::users::Role;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(landing))
        .route("/healthz", web::get().to(healthz));
}

#[derive(Template)]
#[template(path = "home.html")]
struct LandingPage {
    chrome: Chrome,
    /// The account was just deleted (the session that could carry a message is gone).
    deleted: bool,
}

#[derive(serde::Deserialize)]
struct LandingQuery {
    #[serde(default)]
    deleted: Option<String>,
}

async fn landing(
    visitor: Visitor,
    query: web::Query<LandingQuery>,
) -> Result<HttpResponse, AppError> {
    match visitor.user().map(|u| u.role) {
        Some(Role::Runner) => Ok(see_other("/today")),
        Some(Role::Clinician) => Ok(see_other("/clinic")),
        None => ok(&LandingPage {
            chrome: Chrome::new(&visitor, "home"),
            deleted: query.deleted.is_some(),
        }),
    }
}

async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    if state.store.ping().await {
        HttpResponse::Ok().content_type("text/plain").body("ok")
    } else {
        HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .body("database unavailable")
    }
}
