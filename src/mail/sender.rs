//! The sender every instance runs: claims due outbox rows (one winner per row across instances),
//! checks and renders each, sends it over SMTP with lettre's async transport (never inside a
//! request), and marks it sent; a failure is retried with exponential back-off. The clock is a
//! parameter (`deliver(now)`), so tests drive it without sleeping.

use chrono::{Duration, NaiveDateTime};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::message::{compose, Link, Message, Reader};
use super::planner::{plan_reminders, verdict, Verdict};
use super::MailConfig;
use crate::store::auth_sessions::{hash_token, random_token};
use crate::store::outbox::{self, OutboxRow};
use crate::store::tokens::{self, Purpose};
use crate::store::users::{self, User};
use crate::store::{DbConn, Store, StoreResult};

/// How long a claim lasts: far longer than one SMTP conversation may take (30 s), so no other
/// sender takes a row while it is being sent.
const LEASE_MINUTES: i64 = 10;
/// Rows claimed at a time.
const BATCH: i64 = 20;
/// Attempts before a message is given up (about two days with the back-off below).
pub const MAX_ATTEMPTS: i32 = 16;
/// How often reminders are planned.
const PLAN_EVERY_SECONDS: i64 = 60;

/// The wait before attempt `attempts + 1`: 1, 2, 4 … minutes, at most 6 hours.
pub fn retry_delay(attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.clamp(0, 20)).unwrap_or(0);
    Duration::minutes(2_i64.pow(exponent)).min(Duration::hours(6))
}

/// What one delivery pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    pub dropped: usize,
    pub failed: usize,
}

/// One instance's sender.
#[derive(Clone)]
pub struct Sender {
    store: Store,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
    /// Names this sender's claims.
    worker: String,
}

/// A message ready for SMTP, or the reason it will not be sent.
enum Prepared {
    Send(Box<lettre::Message>),
    Drop(&'static str),
    Broken(String),
}

impl Sender {
    /// A sender for this configuration; `None` when e-mail is off.
    pub fn new(store: Store, config: &MailConfig) -> anyhow::Result<Option<Sender>> {
        let Some(smtp) = &config.smtp else {
            return Ok(None);
        };
        Ok(Some(Sender {
            store,
            transport: smtp.transport(config.send_timeout)?,
            from: config.from.clone(),
            public_url: config.public_url.clone(),
            worker: random_token(),
        }))
    }

    /// Plans reminders, then sends everything due at `now`.
    pub async fn tick(&self, now: NaiveDateTime) -> StoreResult<Delivered> {
        self.plan(now).await?;
        self.deliver(now).await
    }

    /// Plans reminders due soon into the outbox.
    pub async fn plan(&self, now: NaiveDateTime) -> StoreResult<usize> {
        self.store
            .write(move |conn| plan_reminders(conn, now))
            .await
    }

    /// Sends every message due at `now` that no other sender holds, until none is left.
    pub async fn deliver(&self, now: NaiveDateTime) -> StoreResult<Delivered> {
        let mut done = Delivered::default();
        loop {
            let worker = self.worker.clone();
            let claimed = self
                .store
                .write(move |conn| {
                    outbox::claim(conn, &worker, now, Duration::minutes(LEASE_MINUTES), BATCH)
                })
                .await?;
            if claimed.is_empty() {
                return Ok(done);
            }
            for row in claimed {
                self.deliver_one(row, now, &mut done).await?;
            }
        }
    }

    async fn deliver_one(
        &self,
        row: OutboxRow,
        now: NaiveDateTime,
        done: &mut Delivered,
    ) -> StoreResult<()> {
        let id = row.id;
        let (from, public_url) = (self.from.clone(), self.public_url.clone());
        let attempt_row = row.clone();
        let prepared = self
            .store
            .write(move |conn| prepare(conn, &attempt_row, &from, &public_url, now))
            .await?;
        let email = match prepared {
            Prepared::Send(email) => email,
            Prepared::Drop(reason) => {
                tracing::info!(id, kind = %row.kind, reason, "e-mail dropped");
                self.store
                    .write(move |conn| outbox::drop_row(conn, id, reason, now))
                    .await?;
                done.dropped += 1;
                return Ok(());
            }
            Prepared::Broken(error) => {
                tracing::error!(id, kind = %row.kind, %error, "e-mail could not be built; given up");
                self.store
                    .write(move |conn| outbox::mark_failed(conn, id, &error, None, now))
                    .await?;
                done.failed += 1;
                return Ok(());
            }
        };
        match self.transport.send(*email).await {
            Ok(_) => {
                let worker = self.worker.clone();
                let held = self
                    .store
                    .write(move |conn| outbox::mark_sent(conn, id, &worker, now))
                    .await?;
                if !held {
                    tracing::warn!(id, "e-mail sent after its claim ran out");
                }
                done.sent += 1;
            }
            Err(e) => {
                let attempts = row.attempts + 1;
                let retry_at = (attempts < MAX_ATTEMPTS).then(|| now + retry_delay(row.attempts));
                let error = e.to_string();
                tracing::warn!(
                    id,
                    kind = %row.kind,
                    attempts,
                    retry_at = ?retry_at,
                    error = %error,
                    "e-mail not sent"
                );
                self.store
                    .write(move |conn| outbox::mark_failed(conn, id, &error, retry_at, now))
                    .await?;
                done.failed += 1;
            }
        }
        Ok(())
    }

    /// Runs until the task is dropped: plans reminders about once a minute and delivers due
    /// messages every `poll`, the first time one `poll` after start (so a sender driven by hand
    /// with its own clock, as the tests do with a day-long poll, never races this loop on the
    /// real clock). Errors are logged and the loop carries on.
    pub async fn run(self, poll: std::time::Duration) {
        let mut every = tokio::time::interval_at(tokio::time::Instant::now() + poll, poll);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_plan: Option<NaiveDateTime> = None;
        loop {
            every.tick().await;
            let now = crate::store::now();
            if last_plan.is_none_or(|t| now - t >= Duration::seconds(PLAN_EVERY_SECONDS)) {
                match self.plan(now).await {
                    Ok(n) if n > 0 => tracing::info!(planned = n, "reminders planned"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = ?e, "planning reminders failed"),
                }
                last_plan = Some(now);
            }
            if let Err(e) = self.deliver(now).await {
                tracing::warn!(error = ?e, "outbox delivery failed");
            }
        }
    }
}

/// Finds the reader, checks a reminder is still true, makes any single-use token and builds the
/// e-mail. Runs in a write transaction, so a token exists only if the attempt was recorded.
fn prepare(
    conn: &mut DbConn,
    row: &OutboxRow,
    from: &Mailbox,
    public_url: &str,
    now: NaiveDateTime,
) -> StoreResult<Prepared> {
    if row.expires_at.is_some_and(|t| t <= now) {
        return Ok(Prepared::Drop("stale"));
    }
    let Some(message) = Message::from_payload(&row.payload) else {
        return Ok(Prepared::Broken(format!(
            "unreadable payload for {}",
            row.kind
        )));
    };
    let user: Option<User> = match row.user() {
        Some(id) => users::find(conn, id)?,
        // A reset request names an address, not an account: it may have none.
        None => users::find_for_login(conn, &row.recipient)?.map(|(u, _)| u),
    };
    let Some(user) = user else {
        return Ok(Prepared::Drop("no such account"));
    };
    let patients = match verdict(conn, &user, &message, now)? {
        Verdict::Drop(reason) => return Ok(Prepared::Drop(reason)),
        Verdict::Send(patients) => patients,
    };
    let token = match message {
        Message::VerifyEmail => Some(tokens::issue(
            conn,
            user.id,
            &user.email,
            Purpose::VerifyEmail,
            now,
        )?),
        Message::PasswordReset => Some(tokens::issue(
            conn,
            user.id,
            &user.email,
            Purpose::PasswordReset,
            now,
        )?),
        _ => None,
    };
    let unsubscribe = message.reminder().map(|_| random_token());
    let unsubscribe_url = unsubscribe
        .as_ref()
        .map(|t| format!("{public_url}/reminders/unsubscribe/{t}"));
    let link = match (&token, message.reminder()) {
        (Some(t), _) => Link::Token(t),
        (None, Some(crate::store::mail_prefs::ReminderKind::Digest)) => Link::Patients(&patients),
        _ => Link::None,
    };
    let content = compose(
        &message,
        &Reader {
            display_name: &user.display_name,
            timezone: user.timezone,
        },
        public_url,
        link,
        unsubscribe_url.clone(),
    );
    let message_id = row.message_id(from.email.domain());
    if let Some(token) = &unsubscribe {
        outbox::set_unsubscribe(conn, row.id, &hash_token(token))?;
    }
    Ok(
        match build(
            &content,
            from,
            &user,
            &message_id,
            unsubscribe_url.as_deref(),
        ) {
            Ok(email) => Prepared::Send(Box::new(email)),
            Err(e) => Prepared::Broken(e),
        },
    )
}

fn build(
    content: &super::Content,
    from: &Mailbox,
    user: &User,
    message_id: &str,
    unsubscribe_url: Option<&str>,
) -> Result<lettre::Message, String> {
    let to: Mailbox = user
        .email
        .parse::<lettre::Address>()
        .map(|a| Mailbox::new(Some(user.display_name.clone()), a))
        .map_err(|e| format!("bad recipient: {e}"))?;
    let text = content.text().map_err(|e| e.to_string())?;
    let html = content.html().map_err(|e| e.to_string())?;
    let mut email = lettre::Message::builder()
        .from(from.clone())
        .to(to)
        .subject(content.subject.clone())
        .message_id(Some(message_id.to_string()))
        .multipart(MultiPart::alternative_plain_html(text, html))
        .map_err(|e| e.to_string())?;
    if let Some(url) = unsubscribe_url {
        // RFC 8058 one-click unsubscribe: the mail client POSTs "List-Unsubscribe=One-Click".
        let headers = email.headers_mut();
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{url}>"),
        ));
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".to_string(),
        ));
    }
    Ok(email)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_from_a_minute_up_to_six_hours() {
        let waits: Vec<i64> = (0..12).map(|a| retry_delay(a).num_minutes()).collect();
        assert_eq!(&waits[..6], &[1, 2, 4, 8, 16, 32]);
        assert!(waits.windows(2).all(|w| w[1] >= w[0]));
        assert_eq!(retry_delay(40), Duration::hours(6));
        let total: i64 = (0..MAX_ATTEMPTS).map(|a| retry_delay(a).num_hours()).sum();
        assert!(total >= 24, "retries span at least a day ({total} h)");
    }
}
