//! `POST /logout`: end this session.

use actix_web::{web, HttpResponse};

use crate::store::audit::{self, AuditEntry};
use crate::store::{auth_sessions, now};
use crate::web::form::{CsrfForm, NoFields};
use crate::web::page::see_other;
use crate::web::visitor::{expired_session_cookie, Visitor};
use crate::web::{AppError, AppState};

pub async fn submit(
    state: web::Data<AppState>,
    visitor: Visitor,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    if let Some(session) = visitor.session.clone() {
        let ip = visitor.ip.clone();
        state
            .store
            .write(move |conn| {
                let now = now();
                auth_sessions::revoke(conn, session.id)?;
                audit::append(
                    conn,
                    &AuditEntry::new(
                        Some(session.user.id),
                        "logout",
                        Some(session.user.id),
                        "",
                        &ip,
                    ),
                    now,
                )
            })
            .await?;
    }
    let mut res = see_other("/login");
    // The phone forgets this person's offline copies of their pages and any sessions still saved
    // on it (and the service worker that kept them), so the next person on a shared phone sees none.
    res.headers_mut().insert(
        actix_web::http::header::HeaderName::from_static("clear-site-data"),
        actix_web::http::header::HeaderValue::from_static("\"cache\", \"storage\""),
    );
    res.add_cookie(&expired_session_cookie(state.cookie_secure))
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(res)
}
