//! Clinical safety and fidelity over HTTP: urgent flags after a confirmation, two-legged rows,
//! mid-portion plans without the hurdle-jump gate, one disclaimer, caution banners.

use crate::helpers::{data_attr, location, spawn_app, TestApp};

/// A runner (this browser) linked to a clinician (the returned browser); returns the clinician's
/// browser and the patient path.
async fn linked_clinician(app: &TestApp) -> (TestApp, String) {
    let code = app.share_code().await;
    let clinic = app.another_browser();
    let patient = clinic.clinician_linked_with("dr@example.com", &code).await;
    (clinic, patient)
}

#[tokio::test]
async fn an_urgent_flag_after_the_clinicians_confirmation_withholds_plan_log_form_and_print() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let (clinic, patient) = linked_clinician(&app).await;
    let confirm = [("gate_threshold", "25"), ("confirmed_type", "insertional")];
    let res = clinic.post(&format!("{patient}/settings"), &confirm).await;
    assert_eq!(res.status().as_u16(), 303);
    assert!(app
        .get_html("/plan")
        .await
        .contains("Confirmed by your clinician"));

    // The runner then reports a sudden pop.
    let res = app
        .triage("right", "insertion", &["worse_after_speed", "sudden_pop"])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let plan = app.get_html("/plan").await;
    assert_eq!(data_attr(&plan, "triage"), ["refer"], "plan withheld");
    assert!(!plan.contains("Confirmed by your clinician"));
    let today = app.get_html("/today").await;
    assert!(
        !today.contains("action=\"/sessions\""),
        "no log form after an urgent flag"
    );
    let res = app.get("/plan/print").await;
    assert_eq!(res.status().as_u16(), 303, "no printed plan");
    assert_eq!(location(&res), "/plan");
    let res = clinic.get(&format!("{patient}/print")).await;
    let print = res.text().await.unwrap();
    assert!(
        !print.contains("Two-week log"),
        "no printed plan for the clinician either"
    );

    // The clinician sees why, and what restores the plan.
    let review = clinic.get_html(&patient).await;
    assert_eq!(data_attr(&review, "withheld"), ["urgent-flag"]);
    assert!(review.contains("reported an urgent red flag after your confirmation"));
    assert!(review.contains("save a confirmed type again"));
    assert!(review.contains("sudden pop or snap"));
    let list = clinic.get_html("/clinic").await;
    assert!(list.contains("Refer"), "the list agrees: {list}");

    // Confirming again after that triage restores the plan.
    let res = clinic.post(&format!("{patient}/settings"), &confirm).await;
    assert_eq!(res.status().as_u16(), 303);
    let plan = app.get_html("/plan").await;
    assert!(plan.contains("Confirmed by your clinician"));
    assert!(app
        .get_html("/today")
        .await
        .contains("action=\"/sessions\""));
    assert!(data_attr(&clinic.get_html(&patient).await, "withheld").is_empty());
}

/// Signs up a runner injured on both sides with an insertional plan and the gate open.
async fn both_sided_runner_with_open_gate(app: &TestApp) {
    app.signup_runner().await;
    let res = app
        .triage(
            "both",
            "insertion",
            &["worse_after_speed", "worse_with_hills"],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let day = crate::helpers::days_ago(1);
    app.record_test(&day, "left", "30").await;
    app.record_test(&day, "right", "30").await;
}

#[tokio::test]
async fn hurdle_jumps_are_four_two_legged_rows_without_a_load_field_even_when_both_sides_hurt() {
    let app = spawn_app().await;
    both_sided_runner_with_open_gate(&app).await;
    let today = app.get_html("/today").await;
    assert_eq!(data_attr(&today, "gate")[0], "open");
    let hurdle_rows: Vec<&str> = today
        .split("class=\"set-grid set-line\"")
        .skip(1)
        .filter(|row| row.contains("name=\"exercise\" value=\"hurdle-jumps\""))
        .collect();
    assert_eq!(hurdle_rows.len(), 4, "4 sets, not 4 per side");
    for row in &hurdle_rows {
        let row = &row[..row.find("</div>").unwrap_or(row.len())];
        assert!(row.contains("name=\"set_side\" value=\"both\""), "{row}");
        assert!(!row.contains("<select"), "no side to pick: {row}");
        assert!(
            row.contains("type=\"hidden\" name=\"load\" value=\"\""),
            "{row}"
        );
        assert!(!row.contains("id=\"load-"), "no load field: {row}");
    }
    // Per-side exercises still get rows per injured side.
    assert_eq!(
        today
            .matches("name=\"exercise\" value=\"top-iso-hold\"")
            .count(),
        10
    );

    let day = crate::helpers::days_ago(1);
    let res = app
        .log_session(
            &day,
            "hj1",
            &[("hurdle-jumps", "right", "8", "", "5", "", "1")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"set_side-0-error\""));
    assert!(html.contains("id=\"load-0-error\""));
    assert!(html.contains("value=\"5\""), "typed load kept");

    let res = app
        .log_session(
            &day,
            "hj2",
            &[("hurdle-jumps", "both", "8", "", "", "", "1")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let session = app.get_html(&location(&res)).await;
    assert!(session.contains("Both legs"), "{session}");
}

#[tokio::test]
async fn a_mid_portion_plan_shows_no_hurdle_jumps_and_no_gate_anywhere() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let res = app
        .triage(
            "right",
            "midportion",
            &["worse_in_morning", "thick_or_swollen"],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let day = crate::helpers::days_ago(1);
    app.record_test(&day, "right", "27").await;
    let res = app
        .log_session(
            &day,
            "m1",
            &[("single-leg-calf-raise", "right", "8", "", "10", "7", "1")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (clinic, patient) = linked_clinician(&app).await;
    for path in ["/plan", "/today", "/plan/print", "/progress"] {
        let html = app.get_html(path).await;
        assert!(html.contains("Mid-portion") || html.contains("mid-portion") || path != "/plan");
        assert!(!html.to_lowercase().contains("hurdle"), "hurdle on {path}");
        assert!(data_attr(&html, "gate").is_empty(), "gate on {path}");
    }
    for path in [
        "/clinic".to_string(),
        patient.clone(),
        format!("{patient}/print"),
        format!("{patient}/report"),
    ] {
        let html = clinic.get_html(&path).await;
        let at = html.to_lowercase().find("hurdle");
        assert!(
            at.is_none(),
            "hurdle on {path}: {}",
            &html[at.unwrap_or(0).saturating_sub(200)..(at.unwrap_or(0) + 100).min(html.len())]
        );
        assert!(data_attr(&html, "gate").is_empty(), "gate on {path}");
    }
}

#[tokio::test]
async fn the_insertional_plan_is_done_on_a_flat_floor() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    for path in ["/plan", "/plan/print"] {
        let html = app.get_html(path).await;
        assert!(html.contains("on a flat floor"), "{path}");
        assert!(
            html.contains("never drops below the level of the forefoot"),
            "{path}"
        );
        assert!(
            html.contains("do not stretch the calf over the edge of a step"),
            "{path}"
        );
        assert!(
            html.contains("compressed most with the ankle bent up"),
            "{path}"
        );
        assert!(!html.contains("squeezed hardest"), "{path}");
    }
}

#[tokio::test]
async fn every_page_and_print_carries_the_one_disclaimer_once() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let day = crate::helpers::days_ago(1);
    app.log_insertional(&day, "d1", "2").await;
    let (clinic, patient) = linked_clinician(&app).await;
    let once = |html: &str, path: &str| {
        assert_eq!(
            html.matches(tendo::domain::DISCLAIMER).count(),
            1,
            "the disclaimer once on {path}"
        );
        assert_eq!(
            html.matches("not a diagnosis").count(),
            1,
            "one wording on {path}"
        );
    };
    for path in [
        "/today",
        "/plan",
        "/plan/print",
        "/progress",
        "/sessions",
        "/triage",
        "/triage/result",
        "/visa-a",
        "/checkin",
        "/no-such-page",
    ] {
        once(&app.get(path).await.text().await.unwrap(), path);
    }
    for path in [
        "/clinic".to_string(),
        patient.clone(),
        format!("{patient}/print"),
        format!("{patient}/report"),
    ] {
        once(&clinic.get_html(&path).await, &path);
    }
}

#[tokio::test]
async fn caution_flags_show_their_banner_on_today_too() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let res = app
        .triage(
            "right",
            "insertion",
            &["worse_after_speed", "night_or_rest_pain", "fluoroquinolone"],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    for path in ["/plan", "/today"] {
        let html = app.get_html(path).await;
        assert_eq!(data_attr(&html, "caution"), ["2"], "{path}");
        assert!(
            html.contains("It hurts at night or while you rest."),
            "{path}"
        );
        assert!(html.contains("fluoroquinolone"), "{path}");
    }
}
