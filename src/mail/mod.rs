//! E-mail: SMTP settings (`SMTP_URL`, `MAIL_FROM`, `PUBLIC_URL`), named messages with plain-text
//! and HTML parts, and the outbox sender that runs in every instance.
//!
//! Code that causes an e-mail writes it to the outbox inside its own write transaction:
//!
//! ```ignore
//! let mail = state.mail.clone();
//! state.store.write(move |conn| {
//!     users::set_password(conn, id, &hash)?;
//!     mail.enqueue(conn, id, &Message::PasswordChanged, now())?;
//!     Ok(())
//! }).await?;
//! ```
//!
//! The message goes out only if the transaction commits, and only once. Without `SMTP_URL`,
//! `enqueue` writes nothing and the pages say e-mail is off.

pub mod calendar;
mod message;
mod planner;
mod sender;
mod smtp;

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;

pub use message::{compose, reminder_kind, Action, Content, Link, Message, Reader};
pub use planner::{plan_reminders, visa_due};
pub use sender::{Delivered, Sender};
pub use smtp::{Security, SmtpUrl, SmtpUrlError};

use crate::config::Settings;
use crate::store::outbox::{self, NewOutboxRow};
use crate::store::tokens::{self, Purpose};
use crate::store::users::{self, UserId};
use crate::store::{DbConn, StoreResult};

/// Everything the mail side needs from the settings.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `None`: e-mail is off.
    pub smtp: Option<SmtpUrl>,
    pub from: lettre::message::Mailbox,
    /// Where links in e-mails point, without a trailing slash.
    pub public_url: String,
    /// How often the sender looks for due messages.
    pub poll: Duration,
    /// How long one SMTP conversation may take.
    pub send_timeout: Duration,
}

impl MailConfig {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<MailConfig> {
        let smtp = match settings.smtp_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => Some(SmtpUrl::parse(raw)?),
        };
        let public_url = match settings.public_url.as_deref().map(str::trim) {
            Some(u) if !u.is_empty() => u.trim_end_matches('/').to_string(),
            _ => format!("http://{}", settings.bind),
        };
        let host = url::Url::parse(&public_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .filter(|h| h.contains('.') && h.parse::<std::net::IpAddr>().is_err())
            .unwrap_or_else(|| "localhost".to_string());
        let from_raw = match settings.mail_from.as_deref().map(str::trim) {
            Some(f) if !f.is_empty() => f.to_string(),
            _ => format!("Tendo <tendo@{host}>"),
        };
        let from = from_raw
            .parse()
            .map_err(|e| anyhow::anyhow!("MAIL_FROM {from_raw:?} is not an address: {e}"))?;
        Ok(MailConfig {
            smtp,
            from,
            public_url,
            poll: Duration::from_millis(settings.mail_poll_millis.max(10)),
            send_timeout: Duration::from_secs(30),
        })
    }

    pub fn enabled(&self) -> bool {
        self.smtp.is_some()
    }
}

/// The handle pages and handlers hold: whether e-mail is on, and how to queue a message.
#[derive(Debug, Clone)]
pub struct Mail {
    enabled: bool,
    public_url: Arc<str>,
}

/// How long a queued password-reset request or verification stays worth sending.
fn request_lifetime(purpose: Purpose) -> chrono::Duration {
    purpose.lifetime()
}

impl Mail {
    pub fn new(config: &MailConfig) -> Mail {
        Mail {
            enabled: config.enabled(),
            public_url: config.public_url.as_str().into(),
        }
    }

    /// A handle with e-mail off (tools and tests that need no mail).
    pub fn off() -> Mail {
        Mail {
            enabled: false,
            public_url: "http://127.0.0.1:8080".into(),
        }
    }

    /// True when `SMTP_URL` is set: e-mail features are on.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The base of every link, without a trailing slash.
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// Queues `message` for the account `user`, to its current address, due now. Call inside
    /// the write transaction of what caused it; with e-mail off it does nothing. Returns whether
    /// a row was written.
    pub fn enqueue(
        &self,
        conn: &mut DbConn,
        user: UserId,
        message: &Message,
        now: NaiveDateTime,
    ) -> StoreResult<bool> {
        if !self.enabled {
            return Ok(false);
        }
        let Some(account) = users::find(conn, user)? else {
            return Ok(false);
        };
        let expires_at = match message {
            Message::VerifyEmail => Some(now + request_lifetime(Purpose::VerifyEmail)),
            Message::PasswordReset => Some(now + request_lifetime(Purpose::PasswordReset)),
            _ => None,
        };
        outbox::insert(
            conn,
            &NewOutboxRow {
                user_id: Some(user.0),
                recipient: &account.email,
                kind: message.kind(),
                payload: &message.to_payload(),
                dedupe_key: None,
                due_at: now,
                expires_at,
                created_at: now,
            },
        )
    }

    /// Queues a password-reset request for whatever account uses `email`, if any. The request is
    /// the same single insert whether or not the address has an account (the sender finds out),
    /// so the form's answer and its timing say nothing about who has an account.
    pub fn enqueue_reset_request(
        &self,
        conn: &mut DbConn,
        email: &str,
        now: NaiveDateTime,
    ) -> StoreResult<bool> {
        if !self.enabled {
            return Ok(false);
        }
        let message = Message::PasswordReset;
        outbox::insert(
            conn,
            &NewOutboxRow {
                user_id: None,
                recipient: &users::normalise_email(email),
                kind: message.kind(),
                payload: &message.to_payload(),
                dedupe_key: None,
                due_at: now,
                expires_at: Some(now + request_lifetime(Purpose::PasswordReset)),
                created_at: now,
            },
        )
    }
}

/// A one-time password-reset link for the account using `email` (for `tendo reset-link`, where
/// e-mail is off); `None` when no account uses it.
pub fn reset_link(
    conn: &mut DbConn,
    email: &str,
    public_url: &str,
    now: NaiveDateTime,
) -> StoreResult<Option<String>> {
    let Some((user, _)) = users::find_for_login(conn, email)? else {
        return Ok(None);
    };
    let token = tokens::issue(conn, user.id, &user.email, Purpose::PasswordReset, now)?;
    Ok(Some(format!("{public_url}/password/reset/{token}")))
}

/// What the operator sees: counts of the outbox by state.
pub fn status(conn: &mut DbConn) -> StoreResult<outbox::Counts> {
    outbox::counts(conn)
}
