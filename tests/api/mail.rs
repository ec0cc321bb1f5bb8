//! E-mail through the outbox to a real SMTP server on port 0: delivery with both parts, nothing
//! from a rolled-back transaction, retries while the server is down, and exactly once across two
//! instances.

use chrono::{NaiveDate, NaiveDateTime};
use tendo::config::Settings;
use tendo::mail::{Mail, MailConfig, Message, Sender};
use tendo::store::mail_prefs::{self, Reminders};
use tendo::store::users::{self, NewUser, UserId};
use tendo::store::{Store, StoreError};

use crate::common::app::spawn_app_and_sender;
use crate::helpers::{spawn_app, TestApp, TestDatabase};
use crate::smtp::SmtpServer;

pub const PUBLIC_URL: &str = "http://tendo.test";

/// Settings for an app that mails through `smtp`; the sender's own loop idles (tests call
/// `deliver` with their own clock).
pub fn mail_settings(database_url: &str, smtp: &SmtpServer) -> Settings {
    let mut settings = Settings::for_database(database_url);
    settings.workers = Some(2);
    mail_on_settings(&mut settings, smtp);
    settings
}

fn mail_on_settings(settings: &mut Settings, smtp: &SmtpServer) {
    settings.smtp_url = Some(smtp.url());
    settings.public_url = Some(PUBLIC_URL.to_string());
    settings.mail_from = Some("Tendo <tendo@tendo.test>".to_string());
    settings.mail_poll_millis = 24 * 3600 * 1000;
}

/// The real app with e-mail on, and its sender.
pub async fn spawn_mail_app(smtp: &SmtpServer) -> (TestApp, Sender) {
    let (app, sender) = spawn_app_and_sender(|settings| mail_on_settings(settings, smtp)).await;
    (app, sender.expect("e-mail is on"))
}

/// A fresh SMTP server and the real app mailing through it, with its sender.
pub async fn mail_app() -> (SmtpServer, TestApp, Sender) {
    let smtp = SmtpServer::start().await;
    let (app, sender) = spawn_mail_app(&smtp).await;
    (smtp, app, sender)
}

/// `mail_app` with Ana signed up as a runner in its browser.
pub async fn ana_with_mail() -> (SmtpServer, TestApp, Sender) {
    let (smtp, app, sender) = mail_app().await;
    app.signup_runner().await;
    (smtp, app, sender)
}

pub fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

pub fn mail_on(smtp: &SmtpServer) -> Mail {
    Mail::new(&MailConfig::from_settings(&mail_settings("unused.db", smtp)).unwrap())
}

/// An account made directly in the store (no password hashing), with a verified address.
pub async fn account(
    store: &Store,
    email: &str,
    role: &str,
    timezone: &str,
    created: NaiveDateTime,
) -> UserId {
    let (email, role, timezone) = (email.to_string(), role.to_string(), timezone.to_string());
    store
        .write(move |conn| {
            let user = users::insert(
                conn,
                &NewUser {
                    email: &email,
                    display_name: "Sam",
                    role: &role,
                    password_hash: "not-a-real-hash",
                    timezone: &timezone,
                    created_at: created,
                },
            )?
            .expect("a new address");
            mail_prefs::mark_verified(conn, user.id, &email, created)?;
            Ok(user.id)
        })
        .await
        .unwrap()
}

pub async fn choose(store: &Store, user: UserId, reminders: Reminders, now: NaiveDateTime) {
    store
        .write(move |conn| mail_prefs::save_reminders(conn, user, &reminders, now))
        .await
        .unwrap();
}

async fn enqueue(store: &Store, mail: &Mail, user: UserId, message: Message, now: NaiveDateTime) {
    let mail = mail.clone();
    store
        .write(move |conn| mail.enqueue(conn, user, &message, now).map(|_| ()))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_security_message_is_delivered_once_with_a_text_and_an_html_part() {
    let (smtp, app, sender) = mail_app().await;
    let now = at(2026, 11, 30, 9, 0);
    let ana = account(&app.store, "ana@example.com", "runner", "UTC", now).await;
    enqueue(
        &app.store,
        &mail_on(&smtp),
        ana,
        Message::PasswordChanged,
        now,
    )
    .await;

    let done = sender.deliver(now).await.unwrap();
    assert_eq!(done.sent, 1);
    assert_eq!(sender.deliver(now).await.unwrap().sent, 0, "sent once");
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert_eq!(m.rcpt_to, ["ana@example.com"]);
    assert_eq!(m.mail_from, "tendo@tendo.test");
    assert_eq!(m.subject(), "Your Tendo password was changed");
    assert!(m.text().contains("signed out"));
    let html = m.part("text/html").expect("an HTML part");
    assert!(html.contains("<a href=\"http://tendo.test/password/forgot\""));
    assert!(m
        .header("Message-ID")
        .is_some_and(|id| id.contains("@tendo.test")));
    assert!(
        m.header("List-Unsubscribe").is_none(),
        "security messages are not lists"
    );
}

#[tokio::test]
async fn a_transaction_that_rolls_back_sends_nothing() {
    let (smtp, app, sender) = mail_app().await;
    let now = at(2026, 11, 30, 9, 0);
    let ana = account(&app.store, "ana@example.com", "runner", "UTC", now).await;
    let mail = mail_on(&smtp);
    let failed: Result<(), StoreError> = app
        .store
        .write(move |conn| {
            mail.enqueue(conn, ana, &Message::MfaDisabled, now)?;
            Err(StoreError::Unavailable)
        })
        .await;
    assert!(failed.is_err());
    assert_eq!(sender.deliver(now).await.unwrap().sent, 0);
    assert!(smtp.received().is_empty());
}

#[tokio::test]
async fn without_smtp_url_nothing_is_queued_and_health_says_mail_is_off() {
    let app = spawn_app().await;
    let now = at(2026, 11, 30, 9, 0);
    let ana = account(&app.store, "ana@example.com", "runner", "UTC", now).await;
    let off = Mail::off();
    let queued = app
        .store
        .write(move |conn| off.enqueue(conn, ana, &Message::PasswordChanged, now))
        .await
        .unwrap();
    assert!(!queued);
    let health = app.get("/healthz?verbose").await.text().await.unwrap();
    assert!(health.contains("mail off"), "{health}");
    assert!(health.contains("outbox_pending 0"), "{health}");
    assert_eq!(app.get("/healthz").await.text().await.unwrap().trim(), "ok");
}

#[tokio::test]
async fn while_smtp_is_down_messages_wait_with_back_off_and_go_out_once_when_it_returns() {
    let (smtp, app, sender) = mail_app().await;
    let t0 = at(2026, 11, 30, 9, 0);
    let mail = mail_on(&smtp);
    let mut people = Vec::new();
    for i in 0..3 {
        let email = format!("r{i}@example.com");
        let id = account(&app.store, &email, "runner", "UTC", t0).await;
        enqueue(&app.store, &mail, id, Message::SignupAttempt, t0).await;
        people.push(email);
    }

    smtp.set_down(true);
    let first = sender.deliver(t0).await.unwrap();
    assert_eq!((first.sent, first.failed), (0, 3));
    assert!(smtp.connections() >= 3, "the sender really tried");
    let health = app.get("/healthz?verbose").await.text().await.unwrap();
    assert!(health.contains("outbox_retrying 3"), "{health}");

    // Still down a minute later: the second attempt fails too and waits twice as long.
    let second = sender
        .deliver(t0 + chrono::Duration::seconds(61))
        .await
        .unwrap();
    assert_eq!(second.failed, 3);
    let early = sender
        .deliver(t0 + chrono::Duration::seconds(62))
        .await
        .unwrap();
    assert_eq!(
        early,
        Default::default(),
        "nothing is retried before its back-off"
    );

    smtp.set_down(false);
    let back = sender
        .deliver(t0 + chrono::Duration::minutes(4))
        .await
        .unwrap();
    assert_eq!(back.sent, 3);
    assert_eq!(
        sender
            .deliver(t0 + chrono::Duration::hours(5))
            .await
            .unwrap(),
        Default::default()
    );
    let got = smtp.received();
    assert_eq!(got.len(), 3, "each delivered exactly once");
    for email in &people {
        assert_eq!(smtp.to(email).len(), 1);
    }
    let health = app.get("/healthz?verbose").await.text().await.unwrap();
    assert!(
        health.contains("outbox_retrying 0") && health.contains("outbox_sent 3"),
        "{health}"
    );
}

#[tokio::test]
async fn two_instances_deliver_200_due_reminders_exactly_once() {
    let smtp = SmtpServer::start().await;
    let database = TestDatabase::fresh();
    let settings = mail_settings(&database.url, &smtp);
    let config = MailConfig::from_settings(&settings).unwrap();
    let one = Store::open(&settings.database(), &settings.pool()).unwrap();
    let two = Store::open(&settings.database(), &settings.pool()).unwrap();

    // Monday 30 November 2026, 07:00 UTC: a training day for 200 runners who asked for a
    // training reminder at 07:00.
    let now = at(2026, 11, 30, 7, 0);
    let reminders = Reminders {
        training: true,
        at: tendo::domain::reminders::RemindAt::parse("07:00").unwrap(),
        ..Reminders::default()
    };
    for i in 0..200 {
        let id = account(
            &one,
            &format!("runner{i}@example.com"),
            "runner",
            "UTC",
            now,
        )
        .await;
        choose(&one, id, reminders, now).await;
    }

    let a = Sender::new(one, &config).unwrap().unwrap();
    let b = Sender::new(two, &config).unwrap().unwrap();
    let (ra, rb) = tokio::join!(
        tokio::spawn(async move { a.tick(now).await }),
        tokio::spawn(async move { b.tick(now).await })
    );
    let (ra, rb) = (ra.unwrap().unwrap(), rb.unwrap().unwrap());
    assert_eq!(ra.sent + rb.sent, 200, "{ra:?} {rb:?}");

    let got = smtp.received();
    assert_eq!(got.len(), 200);
    let mut recipients: Vec<&str> = got.iter().map(|m| m.rcpt_to[0].as_str()).collect();
    recipients.sort_unstable();
    recipients.dedup();
    assert_eq!(recipients.len(), 200, "no runner got two");
    assert!(got.iter().all(|m| m.subject() == "Today is a training day"));
}
