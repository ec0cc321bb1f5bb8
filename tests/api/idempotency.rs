//! A form sent twice (a double click, a resend) is stored once.

use diesel::prelude::*;

use crate::helpers::{days_ago, spawn_app, TestApp};

fn count(app: &TestApp, table: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = app.store.conn().unwrap();
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
        .load::<N>(&mut *conn)
        .unwrap()[0]
        .n
}

/// The submission id the page's form carries.
async fn submission_id(app: &TestApp, page: &str) -> String {
    let html = app.get_html(page).await;
    let marker = "name=\"submission_id\" value=\"";
    let start = html.find(marker).expect("the form carries a submission id") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

#[tokio::test]
async fn runs_tests_and_visa_a_sent_twice_are_stored_once() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let day = days_ago(0);

    let id = submission_id(&app, "/runs/new").await;
    let run = [
        ("performed_on", day.as_str()),
        ("kind", "easy"),
        ("distance_km", "6"),
        ("pain_during", "1"),
        ("notes", ""),
        ("submission_id", id.as_str()),
        ("duration_minutes", "36"),
    ];
    for _ in 0..2 {
        assert_eq!(app.post("/runs/new", &run).await.status().as_u16(), 303);
    }
    assert_eq!(count(&app, "runs"), 1);

    let id = submission_id(&app, "/tests/new").await;
    let test = [
        ("performed_on", day.as_str()),
        ("side", "right"),
        ("pain_free_reps", "18"),
        ("notes", ""),
        ("submission_id", id.as_str()),
    ];
    for _ in 0..2 {
        assert_eq!(app.post("/tests/new", &test).await.status().as_u16(), 303);
    }
    assert_eq!(count(&app, "capacity_tests"), 1);

    let id = submission_id(&app, "/visa-a").await;
    let visa = [
        ("q1", "5"),
        ("q2", "6"),
        ("q3", "7"),
        ("q4", "8"),
        ("q5", "5"),
        ("q6", "4"),
        ("q7", "4"),
        ("q8_pattern", "B"),
        ("q8_minutes", "11-20"),
        ("submission_id", id.as_str()),
    ];
    let (a, b) = tokio::join!(app.post("/visa-a", &visa), app.post("/visa-a", &visa));
    assert_eq!(a.status().as_u16(), 303);
    assert_eq!(b.status().as_u16(), 303);
    assert_eq!(count(&app, "visa_a_results"), 1);

    // A fresh form is a new submission.
    let id = submission_id(&app, "/runs/new").await;
    let mut again = run;
    again[5] = ("submission_id", id.as_str());
    app.post("/runs/new", &again).await;
    assert_eq!(count(&app, "runs"), 2);
}

#[tokio::test]
async fn a_clinician_note_sent_twice_is_stored_once() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let code = app.share_code().await;
    let clinic = app.another_browser();
    let patient = clinic.clinician_linked_with("dr@example.com", &code).await;
    let id = submission_id(&clinic, &patient).await;
    let note = [
        ("body", "Keep the hills out for two weeks."),
        ("submission_id", id.as_str()),
    ];
    let path = format!("{patient}/notes");
    for _ in 0..2 {
        assert_eq!(clinic.post(&path, &note).await.status().as_u16(), 303);
    }
    assert_eq!(count(&app, "clinician_notes"), 1);
}
