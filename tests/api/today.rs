//! Training days and the task `/today` puts first.

use chrono::{Datelike, NaiveDate};

use crate::helpers::{data_attr, location, spawn_app, TestApp};

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The runner's today, as the page reckons it (the account's time zone).
async fn runner_today(app: &TestApp) -> NaiveDate {
    let html = app.get_html("/checkin").await;
    let marker = "name=\"checked_on\" type=\"date\" value=\"";
    let start = html.find(marker).expect("the check-in date") + marker.len();
    NaiveDate::parse_from_str(&html[start..start + 10], "%Y-%m-%d").unwrap()
}

fn slug(date: NaiveDate) -> &'static str {
    DAYS[date.weekday().num_days_from_monday() as usize]
}

async fn set_days(app: &TestApp, days: &[&str]) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = days.iter().map(|d| ("training_days", *d)).collect();
    app.post("/plan/schedule", &fields).await
}

fn task(html: &str) -> String {
    data_attr(html, "today-task").remove(0)
}

#[tokio::test]
async fn training_days_default_to_monday_wednesday_friday_and_can_be_changed() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let plan = app.get_html("/plan").await;
    assert_eq!(data_attr(&plan, "training-days"), ["mon,wed,fri"]);
    assert!(plan.contains("3 days a week: Monday, Wednesday and Friday"));
    let form = app.get_html("/plan/schedule").await;
    assert_eq!(form.matches(" checked").count(), 3);

    let res = set_days(&app, &["sat", "tue"]).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/plan");
    let plan = app.get_html("/plan").await;
    assert_eq!(data_attr(&plan, "training-days"), ["tue,sat"]);
    assert!(plan.contains("2 days a week: Tuesday and Saturday"));
}

#[tokio::test]
async fn a_schedule_without_days_or_with_an_unknown_day_is_refused_and_kept() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let res = set_days(&app, &[]).await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("<title>Error: Training days"));
    assert!(html.contains("Pick at least one training day."));
    assert!(html.contains("id=\"training_days-error\""));

    let res = set_days(&app, &["tue", "funday"]).await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("value=\"tue\" id=\"training_days-tue\" checked"));
    let plan = app.get_html("/plan").await;
    assert_eq!(data_attr(&plan, "training-days"), ["mon,wed,fri"]);

    let res = app
        .post_raw("/plan/schedule", &[("training_days", "mon")])
        .await;
    assert_eq!(res.status().as_u16(), 403, "no CSRF token");
}

#[tokio::test]
async fn a_training_day_opens_with_the_session_form() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    set_days(&app, &DAYS).await;
    let html = app.get_html("/today").await;
    assert_eq!(task(&html), "train");
    assert!(html.contains("A training day"));
    assert!(!html.contains("Log a session anyway"));
    let form = html.find("action=\"/sessions\"").unwrap();
    let advice = html.find("Today's advice").unwrap();
    assert!(form < advice, "the form comes before the advice");
}

#[tokio::test]
async fn a_rest_day_says_so_offers_the_check_in_and_folds_the_form() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let today = runner_today(&app).await;
    let others: Vec<&str> = DAYS.iter().copied().filter(|d| *d != slug(today)).collect();
    set_days(&app, &others).await;
    let html = app.get_html("/today").await;
    assert_eq!(task(&html), "rest");
    assert!(html.contains("Rest day"));
    assert!(html.contains("action=\"/checkin\""));
    let fold = html.find("Log a session anyway").unwrap();
    assert!(fold < html.find("action=\"/sessions\"").unwrap());
    assert!(html.contains("<details class=\"card fold\""));
}

#[tokio::test]
async fn the_morning_after_a_session_the_check_in_comes_first_and_one_tap_saves_it() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let today = runner_today(&app).await;
    set_days(&app, &DAYS).await;
    let yesterday = today.pred_opt().unwrap().format("%Y-%m-%d").to_string();
    let res = app.log_insertional(&yesterday, "y1", "2").await;
    assert_eq!(res.status().as_u16(), 303);

    let html = app.get_html("/today").await;
    assert_eq!(task(&html), "checkin");
    let checkin = html.find("id=\"checkin\"").unwrap();
    assert!(checkin < html.find("action=\"/sessions\"").unwrap());
    assert!(html.contains("<a href=\"#checkin\">check in now</a>"));
    assert_eq!(html.matches("name=\"morning_pain\"").count(), 11);

    // The quick form: the tapped pain button, the preselected stiffness, the hidden date.
    let res = app
        .post(
            "/checkin",
            &[
                ("checked_on", &today.format("%Y-%m-%d").to_string()),
                ("stiffness_minutes", "0"),
                ("morning_pain", "1"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let html = app.get_html("/today").await;
    assert_eq!(task(&html), "train");
}

#[tokio::test]
async fn after_a_session_is_saved_today_shows_what_was_logged_and_the_next_step() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let today = runner_today(&app).await;
    let res = app
        .log_insertional(&today.format("%Y-%m-%d").to_string(), "t1", "2")
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let html = app.get_html("/today").await;
    assert_eq!(task(&html), "logged");
    assert!(html.contains("Logged today"));
    assert!(html.contains("check-in tomorrow"));
    assert!(html.contains(&location(&res)));
    assert!(html.contains("Log another session"));
}
