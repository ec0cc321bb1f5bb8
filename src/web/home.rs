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

#[derive(serde::Deserialize)]
struct HealthQuery {
    verbose: Option<String>,
}

/// `GET /healthz`: 200 when the database answers. `?verbose` adds the e-mail outbox's counts, so
/// an operator sees failing sends (one `name value` pair a line).
async fn healthz(state: web::Data<AppState>, query: web::Query<HealthQuery>) -> HttpResponse {
    if state.store.ping().await {
        let mut body = String::from("ok\n");
        if query.verbose.is_some() {
            body.push_str(&format!(
                "mail {}\n",
                if state.mail.enabled() { "on" } else { "off" }
            ));
            match state.store.run(crate::mail::status).await {
                Ok(c) => body.push_str(&format!(
                    "outbox_pending {}\noutbox_retrying {}\noutbox_failed {}\noutbox_sent {}\noutbox_dropped {}\n",
                    c.pending, c.retrying, c.failed, c.sent, c.dropped
                )),
                Err(e) => tracing::warn!(error = ?e, "outbox counts unavailable"),
            }
        }
        HttpResponse::Ok().content_type("text/plain").body(body)
    } else {
        HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .body("database unavailable")
    }
}
