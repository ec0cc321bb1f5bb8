//! `GET /share`, `POST /share/code`, `POST /share/revoke`: the runner decides which clinicians
//! see their data.

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::store::now;
use crate::store::sharing::{self, LinkedClinician, CODE_DAYS};
use crate::store::users::UserId;
use crate::web::change::{Change, Outcome};
use crate::web::form::{CsrfForm, NoFields};
use crate::web::page::{ok, Chrome};
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/share", web::get().to(show))
        .route("/share/code", web::post().to(new_code))
        .route("/share/revoke", web::post().to(revoke));
}

#[derive(Template)]
#[template(path = "share/share.html")]
struct SharePage {
    chrome: Chrome,
    code: Option<(String, String)>,
    clinicians: Vec<LinkedClinician>,
    code_days: i64,
}

async fn show(state: web::Data<AppState>, Runner(me): Runner) -> Result<HttpResponse, AppError> {
    let user = me.user.id;
    let tz = me.user.timezone;
    let (code, clinicians) = state
        .store
        .run(move |conn| {
            let code = sharing::live_code(conn, user, now())?;
            Ok((code, sharing::clinicians_of(conn, user)?))
        })
        .await?;
    let code = code.map(|(code, expires)| {
        let local = expires.and_utc().with_timezone(&tz);
        (code, local.format("%-d %b %Y, %H:%M").to_string())
    });
    ok(&SharePage {
        chrome: Chrome::new(&me.visitor, "share"),
        code,
        clinicians,
        code_days: CODE_DAYS,
    })
}

async fn new_code(
    state: web::Data<AppState>,
    Runner(me): Runner,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = me.user.id;
    Change::new(&me, "share_code_created")
        .redirect("/share")
        .apply(&state, move |conn, now| {
            sharing::create_code(conn, user, now)?;
            Ok(Outcome::done())
        })
        .await
}

#[derive(Deserialize)]
struct RevokeForm {
    #[serde(default)]
    clinician_id: String,
}

async fn revoke(
    state: web::Data<AppState>,
    Runner(me): Runner,
    CsrfForm(form): CsrfForm<RevokeForm>,
) -> Result<HttpResponse, AppError> {
    let clinician = form
        .clinician_id
        .trim()
        .parse::<i64>()
        .map(UserId)
        .map_err(|_| AppError::NotFound)?;
    let user = me.user.id;
    Change::new(&me, "link_revoked")
        .flash("Access removed.")
        .redirect("/share")
        .apply(&state, move |conn, _| {
            Ok(if sharing::revoke(conn, user, clinician)? {
                Outcome::done().detail(clinician.0)
            } else {
                Outcome::not_found()
            })
        })
        .await
}

#[cfg(test)]
mod escaping_tests {
    use askama::Template;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;
    use crate::store::users::Role;
    use crate::web::page::escaping::{assert_escaped, chrome, hostile_text};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn clinician_names_and_emails_render_escaped_on_the_share_page(
            name in hostile_text(2),
            email in hostile_text(2),
        ) {
            let html = SharePage {
                chrome: chrome("Ana", Role::Runner, "share"),
                code: Some(("ABCD2345".into(), "2 Dec 2026, 10:00".into())),
                clinicians: vec![LinkedClinician {
                    id: 9,
                    name: name.clone(),
                    email: email.clone(),
                    since: NaiveDate::from_ymd_opt(2026, 11, 20)
                        .unwrap()
                        .and_hms_opt(9, 0, 0)
                        .unwrap(),
                }],
                code_days: CODE_DAYS,
            }
            .render()
            .unwrap();
            assert_escaped(&html, &name);
            assert_escaped(&html, &email);
        }
    }
}
