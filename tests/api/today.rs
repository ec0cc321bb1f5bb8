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

/// The prescribed insertional rows of `/today` (gate locked): 5 holds and 4 tempo sets, right side.
fn prescribed_rows(date: &str) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("performed_on", date.to_string()),
        ("notes", String::new()),
        ("submission_id", "quick-1".to_string()),
    ];
    for (ex, reps, hold) in [("top-iso-hold", "", "45"); 5]
        .into_iter()
        .chain([("tempo-calf-raise", "8", ""); 4])
    {
        for (k, v) in [
            ("exercise", ex),
            ("set_side", "right"),
            ("reps", reps),
            ("hold_seconds", hold),
            ("load", ""),
            ("rpe", ""),
            ("pain", ""),
        ] {
            fields.push((k, v.to_string()));
        }
    }
    fields
}

async fn post_fields(app: &TestApp, fields: &[(&str, String)]) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post("/sessions", &fields).await
}

#[tokio::test]
async fn done_as_prescribed_gives_every_set_one_pain_and_one_effort_and_a_changed_set_keeps_its_own(
) {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let mut fields = prescribed_rows(&crate::helpers::days_ago(1));
    // The runner opened the second hold and typed its own seconds and pain.
    let second_hold = fields
        .iter()
        .enumerate()
        .filter(|(_, (k, _))| *k == "hold_seconds")
        .nth(1)
        .unwrap()
        .0;
    fields[second_hold].1 = "30".into();
    fields[second_hold + 3].1 = "4".into();
    for (k, v) in [
        ("done", "top-iso-hold"),
        ("all_pain.top-iso-hold", "2"),
        ("all_rpe.top-iso-hold", "8"),
        ("done", "tempo-calf-raise"),
        ("all_pain.tempo-calf-raise", "1"),
        ("all_rpe.tempo-calf-raise", "7.5"),
    ] {
        fields.push((k, v.to_string()));
    }
    let res = post_fields(&app, &fields).await;
    assert_eq!(res.status().as_u16(), 303);
    let html = app.get_html(&location(&res)).await;
    assert_eq!(html.matches("<td>45 s</td>").count(), 4);
    assert_eq!(html.matches("<td>30 s</td>").count(), 1);
    assert_eq!(html.matches("<td>8 reps</td>").count(), 4);
    assert_eq!(html.matches("<td>2/10</td>").count(), 4);
    assert_eq!(html.matches("<td>4/10</td>").count(), 1, "the changed set");
    assert_eq!(html.matches("<td>1/10</td>").count(), 4);
    assert_eq!(html.matches("<td>7.5</td>").count(), 4);
}

#[tokio::test]
async fn a_done_exercise_without_its_answers_is_refused_with_everything_kept() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let mut fields = prescribed_rows(&crate::helpers::days_ago(1));
    fields.push(("done", "top-iso-hold".into()));
    fields.push(("all_rpe.top-iso-hold", "8".into()));
    fields.push(("all_pain.tempo-calf-raise", "3".into()));
    let res = post_fields(&app, &fields).await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("<title>Error: Today"));
    assert!(html.contains("pick the pain you felt during it"));
    assert!(html.contains("tick \u{201c}Done as prescribed\u{201d}"));
    assert!(html.contains("value=\"top-iso-hold\" id=\"done-top-iso-hold\" checked"));
    assert!(html.contains("name=\"all_rpe.top-iso-hold\" value=\"8\" checked"));
    assert!(html.contains("name=\"all_pain.tempo-calf-raise\" value=\"3\" checked"));
    assert!(html.contains("class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus"));
}

#[tokio::test]
async fn a_shared_clinician_note_shows_on_today_and_plan_until_the_runner_dismisses_it() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let code = app.share_code().await;
    let clinic = app.another_browser();
    let patient = clinic.clinician_linked_with("dr@example.com", &code).await;
    let notes = format!("{patient}/notes");
    let res = clinic
        .post(
            &notes,
            &[
                ("body", "Private: tendon looked calm."),
                ("submission_id", "n1"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let res = clinic
        .post(
            &notes,
            &[
                ("body", "Keep the holds at the very top this week."),
                ("share_with_runner", "on"),
                ("submission_id", "n2"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);

    for page in ["/today", "/plan"] {
        let html = app.get_html(page).await;
        assert!(
            html.contains("Keep the holds at the very top this week."),
            "{page}"
        );
        assert!(!html.contains("Private: tendon looked calm."), "{page}");
    }
    let id = data_attr(&app.get_html("/today").await, "message").remove(0);
    let dismiss = format!("/messages/{id}/dismiss");

    let res = app.post_raw(&dismiss, &[]).await;
    assert_eq!(res.status().as_u16(), 403, "no CSRF token");
    let stranger = app.another_browser();
    stranger.signup("runner", "other@example.com").await;
    let res = stranger.post(&dismiss, &[]).await;
    assert_eq!(res.status().as_u16(), 404, "another runner's message");
    assert!(app.get_html("/plan").await.contains("very top this week"));

    let res = app.post(&dismiss, &[]).await;
    assert_eq!(res.status().as_u16(), 303);
    for page in ["/today", "/plan"] {
        assert!(
            !app.get_html(page).await.contains("very top this week"),
            "{page}"
        );
    }
    assert!(clinic
        .get_html(&patient)
        .await
        .contains("shared with the runner"));
}

/// The version the database keeps of the runner's record.
fn record_version(app: &TestApp, email: &str) -> i64 {
    use diesel::prelude::*;
    use tendo::store::schema::users;
    let mut conn = app.store.conn().unwrap();
    users::table
        .filter(users::email.eq(email))
        .select(users::record_version)
        .first(&mut conn)
        .unwrap()
}

/// The runner's day is computed once per change of the record and reused meanwhile; a write made
/// through another instance, or straight into the database, shows on the next page at once.
#[tokio::test]
async fn a_write_through_another_instance_or_the_database_shows_on_today_at_once() {
    use diesel::prelude::*;
    let a = spawn_app().await;
    a.insertional_runner().await;
    let today = runner_today(&a).await.format("%Y-%m-%d").to_string();
    let first = a.get_html("/today").await;
    assert!(data_attr(&first, "monitor").is_empty());
    // Shown twice from one computation: the same page.
    let again = a.get_html("/today").await;
    assert_eq!(
        data_attr(&again, "today-task"),
        data_attr(&first, "today-task")
    );
    let version = record_version(&a, "ana@example.com");

    let b = crate::helpers::spawn_app_configured(&a.database_url, |_| {}).await;
    let res = b.login("ana@example.com", crate::helpers::PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303);
    let res = b.log_insertional(&today, "through-b", "8").await;
    assert_eq!(res.status().as_u16(), 303);
    let session = location(&res);
    assert!(record_version(&a, "ana@example.com") > version);

    let html = a.get_html("/today").await;
    assert!(
        html.contains(&format!("href=\"{session}\"")),
        "{session} not on /today"
    );
    assert_eq!(data_attr(&html, "monitor"), ["red"]);
    assert_eq!(data_attr(&html, "today-task"), ["logged"]);

    // A tool deletes the session behind both instances' backs.
    let id: i64 = session.trim_start_matches("/sessions/").parse().unwrap();
    let before = record_version(&a, "ana@example.com");
    let mut conn = a.store.conn().unwrap();
    diesel::sql_query(format!("DELETE FROM training_sessions WHERE id = {id}"))
        .execute(&mut conn)
        .unwrap();
    assert!(record_version(&a, "ana@example.com") > before);
    let html = a.get_html("/today").await;
    assert!(!html.contains(&format!("href=\"{session}\"")));
    assert!(data_attr(&html, "monitor").is_empty());
}

/// Every kind of row a runner's pages derive from bumps the record version when it is added,
/// changed or removed, in the same transaction as the change.
#[tokio::test]
async fn every_write_to_a_runners_record_bumps_its_version() {
    use diesel::prelude::*;
    let app = spawn_app().await;
    app.insertional_runner().await;
    let email = "ana@example.com";
    let mut last = record_version(&app, email);
    let mut bumped = |what: &str| {
        let now = record_version(&app, email);
        assert!(now > last, "{what} did not bump the record version");
        last = now;
    };
    let res = app
        .log_insertional(&crate::helpers::days_ago(1), "s1", "2")
        .await;
    assert_eq!(res.status().as_u16(), 303);
    bumped("a session");
    let id: i64 = location(&res)
        .trim_start_matches("/sessions/")
        .parse()
        .unwrap();
    let mut conn = app.store.conn().unwrap();
    diesel::sql_query(format!(
        "UPDATE session_sets SET pain = 3 WHERE session_id = {id}"
    ))
    .execute(&mut conn)
    .unwrap();
    bumped("a changed set");
    diesel::sql_query(format!("DELETE FROM session_sets WHERE session_id = {id}"))
        .execute(&mut conn)
        .unwrap();
    bumped("removed sets");
    let res = app
        .post(
            "/checkin",
            &[
                ("checked_on", &crate::helpers::days_ago(1)),
                ("morning_pain", "2"),
                ("stiffness_minutes", "5"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    bumped("a check-in");
    let res = app
        .record_test(&crate::helpers::days_ago(1), "right", "20")
        .await;
    assert_eq!(res.status().as_u16(), 303);
    bumped("a capacity test");
    let res = set_days(&app, &["tue", "sat"]).await;
    assert_eq!(res.status().as_u16(), 303);
    bumped("the training days");
    let res = app
        .triage("right", "insertion", &["worse_after_speed"])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    bumped("a new triage");
    for table in [
        "checkins",
        "capacity_tests",
        "triages",
        "training_sessions",
        "training_schedules",
    ] {
        diesel::sql_query(format!("DELETE FROM {table}"))
            .execute(&mut conn)
            .unwrap();
        bumped(table);
    }
}

#[tokio::test]
async fn the_plan_offers_to_log_today_until_today_is_logged_then_to_see_it() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let plan = app.get_html("/plan").await;
    assert!(plan.contains(">Log today's session</a>"));
    assert!(!plan.contains("See today's session"));

    let today = runner_today(&app).await.format("%Y-%m-%d").to_string();
    let res = app.log_insertional(&today, "plan-today", "1").await;
    assert_eq!(res.status().as_u16(), 303);
    let plan = app.get_html("/plan").await;
    assert!(plan.contains("<a class=\"button\" href=\"/today\">See today's session</a>"));
    assert!(!plan.contains("Log today's session"));
}

/// Every value a page gives for the hidden field `name`.
fn hidden_values(html: &str, name: &str) -> Vec<String> {
    let marker = format!("name=\"{name}\" value=\"");
    html.match_indices(&marker)
        .map(|(at, m)| {
            let rest = &html[at + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// The day's part of `/today` is rendered once per change of the record and reused: each view
/// must still carry its own session's CSRF token and a fresh submission id (two tabs must not
/// share one, or the second session sent would be taken for a copy of the first), and a change
/// made on another device shows at once.
#[tokio::test]
async fn every_view_of_today_carries_its_own_tokens_and_a_change_shows_at_once() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    set_days(&app, &DAYS).await;
    let phone = app.another_device("ana@example.com").await;

    let first = app.get_html("/today").await;
    let again = app.get_html("/today").await;
    let on_phone = phone.get_html("/today").await;
    let ids: Vec<String> = [&first, &again, &on_phone]
        .iter()
        .map(|html| {
            let ids = hidden_values(html, "submission_id");
            assert_eq!(ids.len(), 1, "one session form");
            ids[0].clone()
        })
        .collect();
    assert!(ids.iter().all(|id| id.len() >= 32), "{ids:?}");
    assert!(
        ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2],
        "a fresh id on every view: {ids:?}"
    );

    let (laptop_token, phone_token) = (app.csrf().await, phone.csrf().await);
    assert_ne!(laptop_token, phone_token);
    for (html, token) in [
        (&first, &laptop_token),
        (&again, &laptop_token),
        (&on_phone, &phone_token),
    ] {
        let tokens = hidden_values(html, "csrf_token");
        assert!(tokens.len() >= 2, "sign-out and the session form");
        assert!(tokens.iter().all(|t| t == token), "{tokens:?} for {token}");
    }
    // The page works as served: the laptop's form, sent with its id, is stored.
    let today = runner_today(&app).await.format("%Y-%m-%d").to_string();
    let mut fields = prescribed_rows(&today);
    for field in fields.iter_mut().filter(|(k, _)| *k == "submission_id") {
        field.1 = ids[0].clone();
    }
    for slug in ["top-iso-hold", "tempo-calf-raise"] {
        fields.push(("done", slug.to_string()));
    }
    for (k, v) in [
        ("all_pain.top-iso-hold", "2"),
        ("all_rpe.top-iso-hold", "7"),
        ("all_pain.tempo-calf-raise", "2"),
        ("all_rpe.tempo-calf-raise", "7"),
    ] {
        fields.push((k, v.to_string()));
    }
    let res = post_fields(&app, &fields).await;
    assert_eq!(res.status().as_u16(), 303, "{}", location(&res));

    // The phone's next view shows the session the laptop logged, and today's new task.
    let after = phone.get_html("/today").await;
    assert_eq!(task(&after), "logged");
    assert!(after.contains("Logged today"));
    // A schedule changed on the phone shows on the laptop's next view.
    let today = slug(runner_today(&app).await);
    let others: Vec<&str> = DAYS.iter().copied().filter(|d| *d != today).collect();
    assert_eq!(set_days(&phone, &others).await.status().as_u16(), 303);
    assert!(app.get_html("/today").await.contains("A rest day"));
}
