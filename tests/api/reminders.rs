//! Reminders end to end over HTTP and a real SMTP server: the address check, each reminder at the
//! runner's local time (across a DST change, in UTC−8), no reminder once the check-in is made,
//! one-click unsubscribe, and the calendar feed read by a real iCalendar parser.

use chrono::{Duration, NaiveDateTime, Utc};
use icalendar::{Calendar, CalendarComponent, Component};
use tendo::store::mail_prefs;
use tendo::store::users;

use tendo::mail::Sender;

use crate::common::SignUp;
use crate::helpers::{client, TestApp};
use crate::mail::{at, mail_app, PUBLIC_URL};
use crate::smtp::SmtpServer;

fn real_now() -> NaiveDateTime {
    Utc::now().naive_utc() + Duration::seconds(1)
}

/// The real app mailing through a fresh SMTP server, with `email` signed up as a runner in
/// `timezone`.
async fn lee_with_mail(email: &str, timezone: &str) -> (SmtpServer, TestApp, Sender) {
    let (smtp, app, sender) = mail_app().await;
    let res = app
        .signup_with(SignUp::new("Lee Runner", email, "runner").timezone(timezone))
        .await;
    assert_eq!(res.status().as_u16(), 303);
    (smtp, app, sender)
}

async fn verify_directly(app: &TestApp, email: &str) {
    let email = email.to_string();
    app.store
        .write(move |conn| {
            let (user, _) = users::find_for_login(conn, &email)?.unwrap();
            mail_prefs::mark_verified(conn, user.id, &email, at(2026, 1, 1, 0, 0))
        })
        .await
        .unwrap();
}

/// The path of a link in a message, from `PUBLIC_URL` on.
fn path_of(link: &str) -> String {
    link.strip_prefix(PUBLIC_URL).unwrap().to_string()
}

#[tokio::test]
async fn reminders_wait_for_a_confirmed_address_and_the_link_confirms_it_once() {
    let (smtp, app, sender) = lee_with_mail("lee@example.com", "UTC").await;

    let res = app
        .post(
            "/account/reminders",
            &[
                ("remind_checkin", "on"),
                ("remind_training", "on"),
                ("remind_at", "07:00"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let page = app.get_html("/account/reminders").await;
    assert!(page.contains("not confirmed yet"), "{page}");
    assert!(page.contains("We sent you a link to confirm your address"));
    assert!(page.contains("id=\"remind_checkin\" name=\"remind_checkin\" value=\"on\" checked"));
    assert!(page.contains("value=\"07:00\""));

    // Monday 07:00 is due, but nothing but the verification goes to an unconfirmed address.
    sender.tick(real_now()).await.unwrap();
    let got = smtp.received();
    assert_eq!(got.len(), 1, "only the verification link");
    assert_eq!(got[0].subject(), "Confirm your e-mail address for Tendo");
    let link = got[0]
        .link(&format!("{PUBLIC_URL}/account/email/verify/"))
        .expect("a verification link");

    // Opened on another device, without signing in.
    let phone = app.another_browser();
    let res = phone.get(&path_of(&link)).await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.text().await.unwrap().contains("Address confirmed"));
    let again = phone.get(&path_of(&link)).await;
    assert_eq!(again.status().as_u16(), 404, "the link works once");
    let page = app.get_html("/account/reminders").await;
    assert!(page.contains(">confirmed<"), "{page}");
    let trail = app.get_html("/account/activity").await;
    assert!(trail.contains("Address confirmed"), "{trail}");
}

#[tokio::test]
async fn a_refused_time_keeps_every_choice_and_says_why() {
    let (_smtp, app, _sender) = lee_with_mail("lee@example.com", "UTC").await;
    let res = app
        .post(
            "/account/reminders",
            &[("remind_visa_a", "on"), ("remind_at", "7.30am")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("Enter a time as HH:MM"), "{page}");
    assert!(page.contains("value=\"7.30am\""));
    assert!(page.contains("name=\"remind_visa_a\" value=\"on\" checked"));
    assert!(!page.contains("name=\"remind_checkin\" value=\"on\" checked"));
}

#[tokio::test]
async fn check_in_reminders_follow_the_local_clock_across_the_end_of_summer_time_in_utc_minus_8() {
    let email = "lee@example.com";
    let (smtp, app, sender) = lee_with_mail(email, "America/Los_Angeles").await;
    verify_directly(&app, email).await;
    let res = app
        .post(
            "/account/reminders",
            &[("remind_checkin", "on"), ("remind_at", "07:00")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    // Runs on Friday 30 and Saturday 31 October 2026; Los Angeles leaves summer time on
    // Sunday 1 November at 02:00.
    for day in ["2026-10-30", "2026-10-31"] {
        let res = app
            .post(
                "/runs/new",
                &[
                    ("performed_on", day),
                    ("kind", "easy"),
                    ("duration_minutes", "30"),
                    ("pain_during", "1"),
                ],
            )
            .await;
        assert_eq!(res.status().as_u16(), 303, "run on {day}");
    }
    let sent = |smtp: &SmtpServer| {
        smtp.to(email)
            .iter()
            .filter(|m| m.subject().starts_with("Morning check-in"))
            .count()
    };

    // Saturday 31 October, 07:00 PDT = 14:00 UTC.
    sender.tick(at(2026, 10, 31, 13, 59)).await.unwrap();
    assert_eq!(sent(&smtp), 0, "not a minute early");
    sender.tick(at(2026, 10, 31, 14, 0)).await.unwrap();
    assert_eq!(sent(&smtp), 1);
    // Sunday 1 November, 07:00 PST = 15:00 UTC: an hour later in UTC than the day before.
    sender.tick(at(2026, 11, 1, 14, 0)).await.unwrap();
    assert_eq!(
        sent(&smtp),
        1,
        "07:00 is an hour later in UTC after the change"
    );
    sender.tick(at(2026, 11, 1, 15, 0)).await.unwrap();
    assert_eq!(sent(&smtp), 2);
    let message = smtp
        .to(email)
        .into_iter()
        .find(|m| m.subject().starts_with("Morning check-in"))
        .unwrap();
    assert!(
        message.text().contains("Saturday 31 October"),
        "{}",
        message.text()
    );
    assert!(message.header("List-Unsubscribe").is_some());
    assert_eq!(
        message.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
}

#[tokio::test]
async fn no_check_in_reminder_once_the_check_in_is_made() {
    let email = "lee@example.com";
    let (smtp, app, sender) = lee_with_mail(email, "UTC").await;
    verify_directly(&app, email).await;
    app.post(
        "/account/reminders",
        &[("remind_checkin", "on"), ("remind_at", "08:00")],
    )
    .await;
    let run = app
        .post(
            "/runs/new",
            &[
                ("performed_on", "2026-11-02"),
                ("kind", "easy"),
                ("duration_minutes", "30"),
                ("pain_during", "1"),
            ],
        )
        .await;
    assert_eq!(run.status().as_u16(), 303);
    // Planned the evening before, as the sender does ahead of time.
    sender.tick(at(2026, 11, 2, 20, 0)).await.unwrap();
    let checkin = app
        .post(
            "/checkin",
            &[
                ("checked_on", "2026-11-03"),
                ("morning_pain", "1"),
                ("stiffness_minutes", "5"),
            ],
        )
        .await;
    assert_eq!(checkin.status().as_u16(), 303);
    sender.tick(at(2026, 11, 3, 8, 0)).await.unwrap();
    sender.tick(at(2026, 11, 3, 9, 0)).await.unwrap();
    assert!(
        smtp.to(email)
            .iter()
            .all(|m| !m.subject().starts_with("Morning check-in")),
        "the reminder was dropped"
    );
}

#[tokio::test]
async fn one_click_unsubscribe_needs_no_sign_in_and_stops_only_that_reminder() {
    let email = "lee@example.com";
    let (smtp, app, sender) = lee_with_mail(email, "UTC").await;
    verify_directly(&app, email).await;
    app.post(
        "/account/reminders",
        &[
            ("remind_training", "on"),
            ("remind_visa_a", "on"),
            ("remind_at", "07:00"),
        ],
    )
    .await;
    // Monday 2 November 2026 is a training day (Mon/Wed/Fri by default).
    sender.tick(at(2026, 11, 2, 7, 0)).await.unwrap();
    let training = smtp
        .to(email)
        .into_iter()
        .find(|m| m.subject() == "Today is a training day")
        .expect("a training reminder");
    let header = training.header("List-Unsubscribe").unwrap();
    let url = header.trim().trim_start_matches('<').trim_end_matches('>');
    let path = path_of(url);

    // A mail scanner opening the link changes nothing.
    let stranger = app.another_browser();
    let page = stranger.get(&path).await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("Stop training-day reminders"));
    let prefs = || async {
        let store = app.store.clone();
        store
            .run(|conn| {
                let (user, _) = users::find_for_login(conn, "lee@example.com")?.unwrap();
                mail_prefs::get(conn, &user)
            })
            .await
            .unwrap()
    };
    assert!(prefs().await.reminders.training);

    // The mail client's one-click POST (RFC 8058): no cookie, no CSRF token.
    let res = client()
        .post(stranger.url(&path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("no longer get training-day reminders"));
    let now = prefs().await.reminders;
    assert!(!now.training && now.visa_a, "only that reminder stopped");
    assert_eq!(
        stranger
            .get("/reminders/unsubscribe/not-a-token")
            .await
            .status()
            .as_u16(),
        404
    );
}

fn calendar_link(flash_page: &str) -> String {
    let start = flash_page
        .find(&format!("{PUBLIC_URL}/calendar/"))
        .expect("a calendar link");
    let end = start + flash_page[start..].find(".ics").unwrap() + 4;
    path_of(&flash_page[start..end])
}

#[tokio::test]
async fn the_calendar_feed_lists_training_days_check_ins_and_the_visa_a_and_can_be_replaced() {
    let (_smtp, app, _sender) = lee_with_mail("lee@example.com", "America/Los_Angeles").await;
    let res = app
        .post(
            "/plan/schedule",
            &[("training_days", "tue"), ("training_days", "sat")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let res = app.post("/account/calendar/rotate", &[]).await;
    assert_eq!(res.status().as_u16(), 303);
    let page = app.get_html("/account/reminders").await;
    let path = calendar_link(&page);

    let feed = client().get(app.url(&path)).send().await.unwrap();
    assert_eq!(feed.status().as_u16(), 200);
    assert!(feed
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let text = feed.text().await.unwrap();
    let calendar: Calendar = text.parse().expect("valid iCalendar");
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    let named = |s: &str| events.iter().filter(|e| e.get_summary() == Some(s)).count();
    let training = named("Tendo: calf training");
    assert!(
        (12..=13).contains(&training),
        "two days a week for six weeks: {training}"
    );
    assert_eq!(named("Tendo: morning check-in"), training);
    assert_eq!(named("Tendo: VISA-A questionnaire"), 1);
    let mut uids: Vec<_> = events
        .iter()
        .map(|e| e.get_uid().unwrap().to_string())
        .collect();
    let n = uids.len();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), n, "every UID is unique");
    assert_eq!(
        client()
            .get(app.url(&path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("UID:"))
            .count(),
        n
    );

    // A new link kills the old one.
    app.post("/account/calendar/rotate", &[]).await;
    let new_path = calendar_link(&app.get_html("/account/reminders").await);
    assert_ne!(new_path, path);
    assert_eq!(
        client()
            .get(app.url(&path))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        client()
            .get(app.url(&new_path))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );
    assert_eq!(
        client()
            .get(app.url("/calendar/nothing.ics"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        404
    );
}

#[tokio::test]
async fn the_visa_a_reminder_comes_on_its_due_day_not_after_it_was_answered_and_again_two_weeks_later(
) {
    let email = "lee@example.com";
    let (smtp, app, sender) = lee_with_mail(email, "UTC").await;
    verify_directly(&app, email).await;
    app.post(
        "/account/reminders",
        &[("remind_visa_a", "on"), ("remind_at", "06:30")],
    )
    .await;
    let visa = |smtp: &SmtpServer| {
        smtp.to(email)
            .iter()
            .filter(|m| m.subject() == "Time for your VISA-A questionnaire")
            .count()
    };
    // Due from the first day (the account was made today).
    let today = Utc::now().date_naive();
    let at_time = |d: chrono::NaiveDate| d.and_hms_opt(6, 30, 0).unwrap();
    sender.tick(at_time(today)).await.unwrap();
    assert_eq!(visa(&smtp), 1);
    let answered = app
        .post(
            "/visa-a",
            &[
                ("q1", "6"),
                ("q2", "6"),
                ("q3", "6"),
                ("q4", "6"),
                ("q5", "6"),
                ("q6", "6"),
                ("q7", "4"),
                ("q8_pattern", "A"),
                ("q8_minutes", "1-10"),
            ],
        )
        .await;
    assert_eq!(answered.status().as_u16(), 303);
    sender
        .tick(at_time(today + Duration::days(1)))
        .await
        .unwrap();
    sender
        .tick(at_time(today + Duration::days(13)))
        .await
        .unwrap();
    assert_eq!(visa(&smtp), 1, "not while the newest answer is fresh");
    sender
        .tick(at_time(today + Duration::days(14)))
        .await
        .unwrap();
    assert_eq!(visa(&smtp), 2, "due again two weeks after the answer");
}

#[tokio::test]
async fn a_clinician_who_asked_gets_a_morning_digest_of_runners_needing_attention() {
    let (smtp, app, sender) = mail_app().await;
    app.insertional_runner().await;
    let yesterday = crate::helpers::days_ago(1);
    let res = app.log_insertional(&yesterday, "digest-1", "8").await;
    assert_eq!(res.status().as_u16(), 303);
    let code = app.share_code().await;
    let clinic = app.another_browser();
    clinic
        .clinician_linked_with("kim@clinic.example", &code)
        .await;
    verify_directly(&clinic, "kim@clinic.example").await;
    let res = clinic
        .post(
            "/account/reminders",
            &[("remind_digest", "on"), ("remind_at", "07:00")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    // The clinician signed up in Europe/Berlin: 07:00 there.
    let today = Utc::now().date_naive();
    for hour in [4, 5, 6, 7] {
        sender
            .tick(today.and_hms_opt(hour, 0, 0).unwrap())
            .await
            .unwrap();
    }
    let digests: Vec<_> = smtp
        .to("kim@clinic.example")
        .into_iter()
        .filter(|m| m.subject() == "Tendo: patients needing attention")
        .collect();
    assert_eq!(digests.len(), 1, "one digest a morning");
    let text = digests[0].text();
    assert!(text.contains("Ana Runner"), "{text}");
    assert!(digests[0].header("List-Unsubscribe").is_some());
}
