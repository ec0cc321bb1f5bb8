//! The one write path for a signed-in visitor's form: the change, exactly one audit row, the flash
//! and the 303, all in one write transaction.
//!
//! ```ignore
//! Change::new(&me, "checkin")
//!     .flash("Morning check-in saved.")
//!     .redirect("/today")
//!     .apply(&state, move |conn, now| diary::save_checkin(conn, user, day, now))
//!     .await
//! ```
//!
//! The closure returns `()` or an [`Outcome`] (the audit detail, and the flash or the redirect when
//! they depend on what was stored), or [`Outcome::not_found`] for a 404 that writes nothing. A
//! form that carries a submission id names it with [`Change::once`]: the id is claimed in the
//! ledger ([`submissions`]) first, and a copy sent again stores nothing and gets the first copy's
//! 303.

use std::convert::Infallible;

use actix_web::HttpResponse;
use chrono::NaiveDateTime;

use crate::store::audit::{self, AuditEntry};
use crate::store::submissions::{self, Claim, SubmissionId};
use crate::store::users::UserId;
use crate::store::{auth_sessions, now, DbConn, StoreResult};
use crate::web::form::FieldErrors;
use crate::web::page::see_other;
use crate::web::visitor::SignedIn;
use crate::web::{AppError, AppState};

/// A state-changing request of a signed-in visitor, described before it runs.
#[must_use = "a change does nothing until it is applied"]
#[derive(Debug, Clone)]
pub struct Change {
    actor: UserId,
    session: i64,
    ip: String,
    action: &'static str,
    target: Option<UserId>,
    flash: Option<String>,
    redirect: Option<String>,
    submission: Option<SubmissionId>,
}

/// What a change did, as its closure reports it.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    not_found: bool,
    detail: String,
    target: Option<UserId>,
    flash: Option<String>,
    redirect: Option<String>,
}

impl Outcome {
    /// Stored, with an empty audit detail and the change's flash and redirect.
    pub fn done() -> Outcome {
        Outcome::default()
    }
    /// What was to change is not there (or not the visitor's): a 404, and nothing is written.
    pub fn not_found() -> Outcome {
        Outcome {
            not_found: true,
            ..Outcome::default()
        }
    }
    /// The audit row's detail.
    pub fn detail(mut self, detail: impl std::fmt::Display) -> Outcome {
        self.detail = detail.to_string();
        self
    }
    /// Whose data changed, when only the change finds out.
    pub fn target(mut self, user: UserId) -> Outcome {
        self.target = Some(user);
        self
    }
    /// The flash, when it depends on what was stored.
    pub fn flash(mut self, message: impl Into<String>) -> Outcome {
        self.flash = Some(message.into());
        self
    }
    /// Where the 303 goes, when it depends on what was stored.
    pub fn redirect(mut self, location: impl Into<String>) -> Outcome {
        self.redirect = Some(location.into());
        self
    }
}

impl From<()> for Outcome {
    fn from((): ()) -> Outcome {
        Outcome::done()
    }
}

/// How the transaction ended.
enum Ended<E> {
    Redirect(String),
    NotFound,
    Refused(E),
}

impl Change {
    /// A change by the signed-in visitor, recorded in the audit log as `action`; its target is
    /// the visitor's own data unless [`Change::target`] says otherwise.
    pub fn new(me: &SignedIn, action: &'static str) -> Change {
        Change {
            actor: me.user.id,
            session: me.session_id,
            ip: me.visitor.ip.clone(),
            action,
            target: None,
            flash: None,
            redirect: None,
            submission: None,
        }
    }
    /// Whose data changes (a clinician's change to a linked runner).
    pub fn target(mut self, user: UserId) -> Change {
        self.target = Some(user);
        self
    }
    /// The message the next page shows.
    pub fn flash(mut self, message: impl Into<String>) -> Change {
        self.flash = Some(message.into());
        self
    }
    /// Where the 303 goes (`/` unless set here or by the [`Outcome`]).
    pub fn redirect(mut self, location: impl Into<String>) -> Change {
        self.redirect = Some(location.into());
        self
    }
    /// The form's submission id: the change is stored once however often the form is sent.
    pub fn once(mut self, id: SubmissionId) -> Change {
        self.submission = Some(id);
        self
    }

    /// Runs `change` in one write transaction with its audit row and flash; answers with the 303,
    /// or 404 when the change found nothing to change.
    pub async fn apply<F, R>(self, state: &AppState, change: F) -> Result<HttpResponse, AppError>
    where
        F: FnOnce(&mut DbConn, NaiveDateTime) -> StoreResult<R> + Send + 'static,
        R: Into<Outcome>,
    {
        let answer = self
            .apply_or(state, move |conn, now| {
                change(conn, now).map(Ok::<R, Infallible>)
            })
            .await?;
        match answer {
            Ok(response) => Ok(response),
            Err(never) => match never {},
        }
    }

    /// As [`Change::apply`], for a change that can also be refused: `Err(reason)` from the
    /// closure keeps what the closure wrote (a throttle count, say) but writes no audit row or
    /// flash, and comes back as `Ok(Err(reason))` for the handler to answer.
    pub async fn apply_or<F, R, E>(
        self,
        state: &AppState,
        change: F,
    ) -> Result<Result<HttpResponse, E>, AppError>
    where
        F: FnOnce(&mut DbConn, NaiveDateTime) -> StoreResult<Result<R, E>> + Send + 'static,
        R: Into<Outcome>,
        E: Send + 'static,
    {
        let ended = state
            .store
            .write(move |conn| self.run(conn, change))
            .await?;
        match ended {
            Ended::Redirect(location) => Ok(Ok(see_other(&location))),
            Ended::NotFound => Err(AppError::NotFound),
            Ended::Refused(reason) => Ok(Err(reason)),
        }
    }

    fn run<F, R, E>(self, conn: &mut DbConn, change: F) -> StoreResult<Ended<E>>
    where
        F: FnOnce(&mut DbConn, NaiveDateTime) -> StoreResult<Result<R, E>>,
        R: Into<Outcome>,
    {
        let now = now();
        let default_redirect = self.redirect.unwrap_or_else(|| String::from("/"));
        if let Some(id) = &self.submission {
            if let Claim::Repeat(answer) = submissions::claim(conn, self.actor, id, now)? {
                return Ok(Ended::Redirect(answer.unwrap_or(default_redirect)));
            }
        }
        let outcome: Outcome = match change(conn, now)? {
            Ok(done) => done.into(),
            Err(reason) => {
                if let Some(id) = &self.submission {
                    submissions::release(conn, self.actor, id)?;
                }
                return Ok(Ended::Refused(reason));
            }
        };
        if outcome.not_found {
            if let Some(id) = &self.submission {
                submissions::release(conn, self.actor, id)?;
            }
            return Ok(Ended::NotFound);
        }
        let target = outcome.target.or(self.target).unwrap_or(self.actor);
        audit::append(
            conn,
            &AuditEntry::new(
                Some(self.actor),
                self.action,
                Some(target),
                &outcome.detail,
                &self.ip,
            ),
            now,
        )?;
        if let Some(message) = outcome.flash.or(self.flash) {
            auth_sessions::set_flash(conn, self.session, &message)?;
        }
        let location = outcome.redirect.unwrap_or(default_redirect);
        if let Some(id) = &self.submission {
            submissions::answer(conn, self.actor, id, &location)?;
        }
        Ok(Ended::Redirect(location))
    }
}

/// The posted `submission_id`, parsed at the edge. A bad one is refused with its message next to
/// the field, and the re-rendered form gets a fresh id (nothing was stored under the bad one), so
/// sending it again works.
pub fn submission_id(errors: &mut FieldErrors, posted: &mut String) -> Option<SubmissionId> {
    let parsed = errors.check("submission_id", SubmissionId::parse(posted));
    if parsed.is_none() {
        *posted = SubmissionId::fresh().to_string();
    }
    parsed
}
