use diesel::prelude::*;

use crate::helpers::{data_attr, days_ago, location, spawn_app, TestApp};

fn session_count(app: &TestApp) -> i64 {
    let mut conn = app.store.conn().unwrap();
    tendo::store::schema::training_sessions::table
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

#[tokio::test]
async fn the_today_page_prefills_one_row_per_prescribed_set() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let html = app.get_html("/today").await;
    // 5 holds + 4 tempo sets; hurdle jumps are locked so have no rows.
    assert_eq!(
        html.matches("name=\"exercise\" value=\"top-iso-hold\"")
            .count(),
        5
    );
    assert_eq!(
        html.matches("name=\"exercise\" value=\"tempo-calf-raise\"")
            .count(),
        4
    );
    assert_eq!(
        html.matches("name=\"exercise\" value=\"hurdle-jumps\"")
            .count(),
        0
    );
    assert_eq!(
        html.matches("name=\"hold_seconds\" type=\"text\" inputmode=\"numeric\" value=\"45\"")
            .count(),
        5
    );
    assert_eq!(data_attr(&html, "gate")[0], "locked");
    assert!(html.contains("data-hold-timer=\"45\""));
    assert!(html.contains("name=\"submission_id\""));
}

#[tokio::test]
async fn the_gate_opens_pauses_and_reopens_as_the_design_says() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let day = days_ago(1);
    assert_eq!(
        app.log_insertional(&day, "s1", "2").await.status().as_u16(),
        303
    );

    app.record_test(&day, "right", "20").await;
    let plan = app.get_html("/plan").await;
    assert_eq!(data_attr(&plan, "gate")[0], "locked");
    assert!(plan.contains("20 / 25"), "locked with the numbers");

    app.record_test(&day, "right", "27").await;
    let today = app.get_html("/today").await;
    assert_eq!(data_attr(&today, "gate")[0], "open");
    assert_eq!(
        today
            .matches("name=\"exercise\" value=\"hurdle-jumps\"")
            .count(),
        4
    );

    app.log_insertional(&day, "s2", "7").await;
    let today = app.get_html("/today").await;
    assert_eq!(data_attr(&today, "gate")[0], "paused");
    let advice = data_attr(&today, "advice");
    assert!(!advice.is_empty());
    assert!(advice.iter().all(|a| a == "reduce"), "{advice:?}");
    let sessions = app.get_html("/sessions").await;
    assert!(data_attr(&sessions, "monitor").contains(&"red".to_string()));

    app.log_insertional(&day, "s3", "1").await;
    assert_eq!(
        data_attr(&app.get_html("/today").await, "gate")[0],
        "paused",
        "one calm session is not enough"
    );
    app.log_insertional(&day, "s4", "1").await;
    let today = app.get_html("/today").await;
    assert_eq!(data_attr(&today, "gate")[0], "open");
    let advice = data_attr(&today, "advice");
    assert!(
        advice.iter().all(|a| a == "keep"),
        "calm but provisional: keep, {advice:?}"
    );
}

#[tokio::test]
async fn double_submitting_a_session_stores_it_once() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let day = days_ago(0);
    let first = app.log_insertional(&day, "same-form", "2").await;
    let second = app.log_insertional(&day, "same-form", "2").await;
    assert_eq!(first.status().as_u16(), 303);
    assert_eq!(second.status().as_u16(), 303);
    assert_eq!(location(&first), location(&second));
    assert_eq!(session_count(&app), 1);
}

#[tokio::test]
async fn simultaneous_double_submits_store_once() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let day = days_ago(0);
    let (a, b) = tokio::join!(
        app.log_insertional(&day, "raced", "2"),
        app.log_insertional(&day, "raced", "2")
    );
    assert_eq!(a.status().as_u16(), 303);
    assert_eq!(b.status().as_u16(), 303);
    assert_eq!(session_count(&app), 1);
}

#[tokio::test]
async fn a_bad_session_form_with_fifteen_rows_keeps_every_typed_value() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let mut rows = Vec::new();
    for i in 0..15 {
        let pain = if i == 7 { "11" } else { "2" };
        let load = if i == 3 { "heavy" } else { "12.5" };
        rows.push(("tempo-calf-raise", "right", "8", "", load, "7.5", pain));
    }
    let res = app.log_session(&days_ago(0), "bad", &rows).await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"pain-7-error\""));
    assert!(html.contains("id=\"load-3-error\""));
    assert!(html.contains("value=\"heavy\""));
    assert!(html
        .contains("id=\"pain-7\" name=\"pain\" type=\"text\" inputmode=\"numeric\" value=\"11\""));
    assert_eq!(
        html.matches("name=\"rpe\" type=\"text\" inputmode=\"decimal\" value=\"7.5\"")
            .count(),
        15
    );
    assert_eq!(session_count(&app), 0);
}

#[tokio::test]
async fn a_partial_row_is_an_error_and_a_future_date_is_refused() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let res = app
        .log_session(
            &days_ago(0),
            "p",
            &[("top-iso-hold", "right", "", "", "", "8", "2")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("id=\"hold_seconds-0-error\""));
    let res = app
        .log_session(
            &days_ago(-3),
            "f",
            &[("top-iso-hold", "right", "", "45", "", "8", "2")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("cannot be in the future"));
}

#[tokio::test]
async fn another_runners_session_is_a_404_and_nothing_changes() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let res = app.log_insertional(&days_ago(0), "mine", "2").await;
    let path = location(&res);
    let id: i64 = path.trim_start_matches("/sessions/").parse().unwrap();

    let other = app.another_browser();
    other.signup("runner", "bo@example.com").await;
    other.triage("left", "insertion", &[]).await;
    assert_eq!(other.get(&path).await.status().as_u16(), 404);
    assert_eq!(
        other.get(&format!("{path}/edit")).await.status().as_u16(),
        404
    );
    let res = other.post(&format!("{path}/delete"), &[]).await;
    assert_eq!(res.status().as_u16(), 404);
    let res = other
        .post(
            &format!("{path}/edit"),
            &[
                ("performed_on", &days_ago(0)),
                ("exercise", "top-iso-hold"),
                ("set_side", "left"),
                ("reps", ""),
                ("hold_seconds", "45"),
                ("load", ""),
                ("rpe", "8"),
                ("pain", "9"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);
    assert_eq!(session_count(&app), 1);
    let html = app.get_html(&format!("/sessions/{id}")).await;
    assert!(!html.contains("9/10"));
}

#[tokio::test]
async fn a_session_can_be_edited_and_deleted_after_confirming() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let path = location(&app.log_insertional(&days_ago(0), "e", "2").await);
    let edit = app.get_html(&format!("{path}/edit")).await;
    assert!(edit.contains("value=\"45\""));
    let res = app
        .post(
            &format!("{path}/edit"),
            &[
                ("performed_on", &days_ago(1)),
                ("notes", "felt fine"),
                ("exercise", "top-iso-hold"),
                ("set_side", "right"),
                ("reps", ""),
                ("hold_seconds", "40"),
                ("load", "12"),
                ("rpe", "8"),
                ("pain", "3"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let html = app.get_html(&path).await;
    assert!(html.contains("40 s"));
    assert!(html.contains("felt fine"));
    let confirm = app.get_html(&format!("{path}?confirm_delete=1")).await;
    assert!(confirm.contains("Delete this session?"));
    let res = app.post(&format!("{path}/delete"), &[]).await;
    assert_eq!(location(&res), "/sessions");
    assert_eq!(session_count(&app), 0);
}

#[tokio::test]
async fn loads_in_pounds_round_trip_without_drift() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    assert_eq!(
        app.post("/account/units", &[("units", "lb")])
            .await
            .status()
            .as_u16(),
        303
    );
    let path = location(
        &app.log_session(
            &days_ago(0),
            "lb",
            &[("tempo-calf-raise", "right", "8", "", "22.5", "8", "2")],
        )
        .await,
    );
    let html = app.get_html(&path).await;
    assert!(html.contains("22.5 lb"), "shown in lb");
    let edit = app.get_html(&format!("{path}/edit")).await;
    assert!(edit.contains("value=\"22.5\""));
    let today = app.get_html("/today").await;
    assert!(
        today.contains(
            "name=\"load\" type=\"number\" min=\"0\" step=\"5\" inputmode=\"decimal\" value=\"22.5\""
        ),
        "last load prefilled in lb"
    );
    let mut conn = app.store.conn().unwrap();
    let kg: Option<f64> = tendo::store::schema::session_sets::table
        .select(tendo::store::schema::session_sets::load_kg)
        .first(&mut *conn)
        .unwrap();
    assert!((kg.unwrap() - 10.205_828_325).abs() < 1e-6);
}

#[tokio::test]
async fn a_morning_check_in_is_prompted_after_a_session_and_stored_once_per_day() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    app.log_insertional(&days_ago(1), "y", "2").await;
    let today = app.get_html("/today").await;
    assert!(today.contains("morning check-in"));
    let res = app
        .post(
            "/checkin",
            &[
                ("checked_on", &days_ago(0)),
                ("morning_pain", "1"),
                ("stiffness_minutes", "5"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    app.post(
        "/checkin",
        &[
            ("checked_on", &days_ago(0)),
            ("morning_pain", "2"),
            ("stiffness_minutes", "5"),
            ("painkillers", "on"),
        ],
    )
    .await;
    let mut conn = app.store.conn().unwrap();
    let n: i64 = tendo::store::schema::checkins::table
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(n, 1);
    let res = app
        .post(
            "/checkin",
            &[
                ("checked_on", "2026-13-01"),
                ("morning_pain", "12"),
                ("stiffness_minutes", "-1"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    for f in ["checked_on", "morning_pain", "stiffness_minutes"] {
        assert!(html.contains(&format!("id=\"{f}-error\"")), "{f}");
    }
    assert!(html.contains("value=\"2026-13-01\""));
}

#[tokio::test]
async fn runs_are_logged_validated_and_listed() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let res = app
        .post(
            "/runs/new",
            &[
                ("performed_on", &days_ago(0)),
                ("kind", "hills"),
                ("duration_minutes", "50"),
                ("distance_km", "8.5"),
                ("pain_during", "3"),
                ("notes", "<b>steep</b>"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let html = app.get_html("/runs").await;
    assert!(html.contains("8.5 km"));
    assert!(html.contains("&#60;b&#62;steep") || html.contains("&lt;b&gt;steep"));
    let res = app
        .post(
            "/runs/new",
            &[
                ("performed_on", &days_ago(0)),
                ("kind", "swim"),
                ("duration_minutes", "0"),
                ("distance_km", "401"),
                ("pain_during", "x"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("value=\"401\""));
    for f in ["kind", "duration_minutes", "distance_km", "pain_during"] {
        assert!(html.contains(&format!("id=\"{f}-error\"")), "{f}");
    }
}

#[tokio::test]
async fn a_capacity_test_out_of_range_is_refused_with_the_value_kept() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let res = app.record_test(&days_ago(0), "right", "150").await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("value=\"150\""));
    assert!(html.contains("id=\"pain_free_reps-error\""));
}

#[tokio::test]
async fn the_history_shows_one_line_per_exercise() {
    let app = crate::helpers::spawn_app().await;
    app.insertional_runner().await;
    app.log_insertional(&crate::helpers::days_ago(1), "a", "1")
        .await;
    let html = app.get_html("/sessions").await;
    assert!(html.contains("<ul class=\"per-exercise\"><li>Top-range weight-shift hold 2 × 45 s @ 10 kg, pain ≤ 1</li><li>Weighted tempo calf raise 1 × 8 @ 5 kg, pain ≤ 1</li></ul>"), "{html}");
}
