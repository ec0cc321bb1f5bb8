use diesel::prelude::*;

use crate::helpers::{data_attr, days_ago, location, printed_pages, spawn_app};

#[tokio::test]
async fn a_clinician_links_sees_a_red_flag_reviews_sets_the_threshold_and_prints_a_report() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let day = days_ago(1);
    app.log_insertional(&day, "a", "2").await;
    app.record_test(&day, "right", "27").await;
    assert_eq!(data_attr(&app.get_html("/plan").await, "gate")[0], "open");
    let code = app.share_code().await;
    assert_eq!(code.len(), 8);

    let clinic = app.another_browser();
    let patient = clinic.clinician_linked_with("dr@example.com", &code).await;
    assert!(patient.starts_with("/clinic/patients/"));
    let list = clinic.get_html("/clinic").await;
    assert!(list.contains("Ana Runner"));
    assert!(!list.contains("data-flag=\"red-monitor\""));

    app.log_insertional(&day, "b", "7").await;
    let list = clinic.get_html("/clinic").await;
    assert!(
        list.contains("data-flag=\"red-monitor\""),
        "flagged after a red session"
    );

    let review = clinic.get_html(&patient).await;
    assert!(review.contains("data-monitor=\"red\""));
    assert_eq!(data_attr(&review, "gate")[0], "paused");

    let res = clinic
        .post(
            &format!("{patient}/settings"),
            &[("gate_threshold", "36"), ("confirmed_type", "insertional")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("value=\"36\""));
    assert!(html.contains("id=\"gate_threshold-error\""));
    let res = clinic
        .post(
            &format!("{patient}/settings"),
            &[("gate_threshold", "30"), ("confirmed_type", "insertional")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let plan = app.get_html("/plan").await;
    assert_eq!(
        data_attr(&plan, "gate")[0],
        "locked",
        "27 is below the new threshold of 30"
    );
    assert!(plan.contains("27 / 30"));
    assert!(plan.contains("Confirmed by your clinician"));

    let res = clinic
        .post(
            &format!("{patient}/notes"),
            &[("body", "Flare after hills <script>x</script>")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let review = clinic.get_html(&patient).await;
    assert!(
        review.contains("Flare after hills &#60;script&#62;")
            || review.contains("Flare after hills &lt;script&gt;")
    );

    let report = clinic.get_html(&format!("{patient}/report")).await;
    assert!(report.contains("Flare after hills"));
    assert!(report.contains("27 / 30") || report.contains("27"));
    for paper in ["A4", "Letter"] {
        if let Some(pages) = printed_pages(&report, &clinic.address, paper) {
            assert!((1..=2).contains(&pages), "report on {paper}: {pages} pages");
        }
    }
    let print = clinic.get_html(&format!("{patient}/print")).await;
    assert!(print.contains("Two-week log"));
    if let Some(pages) = printed_pages(&print, &clinic.address, "A4") {
        assert!((1..=2).contains(&pages));
    }

    let runner_id: i64 = patient
        .trim_start_matches("/clinic/patients/")
        .parse()
        .unwrap();
    let mut conn = app.store.conn().unwrap();
    use tendo::store::schema::audit_log::dsl as a;
    let actions: Vec<String> = a::audit_log
        .filter(a::subject_id.eq(runner_id))
        .select(a::action)
        .load(&mut *conn)
        .unwrap();
    for expected in [
        "clinician_linked",
        "clinician_viewed",
        "clinician_settings",
        "clinician_note",
        "clinician_printed_report",
    ] {
        assert!(
            actions.iter().any(|x| x == expected),
            "audit {expected}: {actions:?}"
        );
    }
}

#[tokio::test]
async fn a_clinician_without_a_link_gets_404_everywhere() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let code = app.share_code().await;
    let first = app.another_browser();
    let patient = first.clinician_linked_with("dr@example.com", &code).await;

    let stranger = app.another_browser();
    stranger.signup("clinician", "other@example.com").await;
    for path in [
        patient.clone(),
        format!("{patient}/print"),
        format!("{patient}/report"),
    ] {
        assert_eq!(stranger.get(&path).await.status().as_u16(), 404, "{path}");
    }
    let res = stranger
        .post(
            &format!("{patient}/settings"),
            &[("gate_threshold", "35"), ("confirmed_type", "midportion")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);
    let res = stranger
        .post(&format!("{patient}/notes"), &[("body", "hi")])
        .await;
    assert_eq!(res.status().as_u16(), 404);
    assert!(!stranger.get_html("/clinic").await.contains("Ana Runner"));
    // Nothing changed.
    assert!(
        app.get_html("/plan").await.contains("/ 25")
            || app.get_html("/plan").await.contains("25 pain-free")
    );
    // A runner cannot reach the clinic at all.
    assert_eq!(app.get("/clinic").await.status().as_u16(), 404);
    assert_eq!(app.get(&patient).await.status().as_u16(), 404);
}

#[tokio::test]
async fn share_codes_work_once_and_wrong_guesses_are_limited() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let code = app.share_code().await;
    let clinic = app.another_browser();
    clinic.signup("clinician", "dr@example.com").await;
    for _ in 0..5 {
        let res = clinic.post("/clinic/link", &[("code", "WRONG234")]).await;
        assert_eq!(res.status().as_u16(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"code-error\""));
        assert!(html.contains("value=\"WRONG234\""));
    }
    let res = clinic.post("/clinic/link", &[("code", &code)]).await;
    assert_eq!(
        res.status().as_u16(),
        429,
        "guessing is paused, even for a right code"
    );

    let second = app.another_browser();
    let path = second
        .clinician_linked_with("dr2@example.com", &code.to_lowercase())
        .await;
    assert!(path.starts_with("/clinic/patients/"));
    let third = app.another_browser();
    third.signup("clinician", "dr3@example.com").await;
    let res = third.post("/clinic/link", &[("code", &code)]).await;
    assert_eq!(res.status().as_u16(), 422, "a code works once");
}

#[tokio::test]
async fn the_runner_sees_who_can_see_their_data_and_can_revoke_it() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let code = app.share_code().await;
    let clinic = app.another_browser();
    let patient = clinic.clinician_linked_with("dr@example.com", &code).await;
    let share = app.get_html("/share").await;
    assert!(share.contains("dr@example.com"));
    let clinician_id = {
        let marker = "name=\"clinician_id\" value=\"";
        let start = share.find(marker).unwrap() + marker.len();
        share[start..start + share[start..].find('"').unwrap()].to_string()
    };
    let res = app
        .post("/share/revoke", &[("clinician_id", &clinician_id)])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(clinic.get(&patient).await.status().as_u16(), 404);
    let res = app
        .post("/share/revoke", &[("clinician_id", &clinician_id)])
        .await;
    assert_eq!(res.status().as_u16(), 404, "no link left to revoke");
    assert_eq!(location(&app.post("/share/code", &[]).await), "/share");
}

#[tokio::test]
async fn the_review_shows_notes_twenty_at_a_time_newest_first() {
    let app = crate::helpers::spawn_app().await;
    app.insertional_runner().await;
    let code = app.share_code().await;
    let clinic = app.another_browser();
    let review = clinic
        .clinician_linked_with("kim@clinic.example", &code)
        .await;
    let runner_id: i64 = review.rsplit('/').next().unwrap().parse().unwrap();
    let clinician = app
        .store
        .run(|conn| {
            Ok(
                tendo::store::users::find_for_login(conn, "kim@clinic.example")?
                    .unwrap()
                    .0
                    .id,
            )
        })
        .await
        .unwrap();
    app.store
        .write(move |conn| {
            let runner = tendo::store::users::UserId(runner_id);
            let link = tendo::store::sharing::linked(conn, clinician, runner)?.unwrap();
            for i in 1..=25 {
                tendo::store::sharing::add_note(
                    conn,
                    link,
                    &format!("note number {i:02}"),
                    tendo::store::now(),
                )?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let first = clinic.get_html(&review).await;
    assert_eq!(first.matches("note number ").count(), 20);
    assert!(first.contains("note number 25") && !first.contains("note number 05"));
    assert!(first.contains("notes_page=2#notes\">Older notes"));
    assert!(!first.contains("Newer notes"));
    let second = clinic.get_html(&format!("{review}?notes_page=2")).await;
    assert_eq!(second.matches("note number ").count(), 5);
    assert!(second.contains("note number 01") && second.contains("note number 05"));
    assert!(second.contains("notes_page=1#notes\">Newer notes"));
    assert!(!second.contains("Older notes"));
}

#[tokio::test]
async fn the_review_names_exercises_speaks_of_the_runner_and_opens_sessions_to_their_sets() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    // A session that is not red, then its next-morning check-in, so the verdict has a baseline.
    let day = days_ago(2);
    let res = app.log_insertional(&day, "a", "2").await;
    assert_eq!(res.status().as_u16(), 303);
    let code = app.share_code().await;
    let clinic = app.another_browser();
    let patient = clinic.clinician_linked_with("dr@example.com", &code).await;

    let review = clinic.get_html(&patient).await;
    for slug in [
        "top-iso-hold:",
        "tempo-calf-raise:",
        ">top-iso-hold",
        ">tempo-calf-raise",
    ] {
        assert!(!review.contains(slug), "no slug {slug} on the review");
    }
    assert!(review.contains("<strong>Weighted tempo calf raise: "));
    assert!(!review.contains("From your triage"), "the runner, not you");
    assert!(review.contains("From the runner&#39;s triage answers"));
    // One line per exercise, loads in the runner's unit.
    assert!(review.contains("<li>Weighted tempo calf raise 1 × 8 @ 5 kg, pain ≤ 2</li>"));
    assert!(review.contains("<li>Top-range weight-shift hold 2 × 45 s @ 10 kg, pain ≤ 2</li>"));
    // Notes come before the sessions, the sessions before the charts.
    let notes = review.find("id=\"notes\"").unwrap();
    let sessions = review.find("id=\"sessions\"").unwrap();
    let charts = review.find("class=\"progress-charts\"").unwrap();
    assert!(notes < sessions && sessions < charts);

    // Each session opens to its sets, pain first after the exercise.
    let link = review
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.starts_with(&format!("{patient}/sessions/")))
        .expect("a link to the session")
        .to_string();
    let session = clinic.get_html(&link).await;
    assert_eq!(
        session
            .matches("<td>Top-range weight-shift hold</td>")
            .count(),
        2
    );
    assert!(session.contains("<th scope=\"col\">Exercise</th><th scope=\"col\">Pain</th>"));
    assert_eq!(session.matches("<td>2/10</td>").count(), 3);
    assert!(session.contains("data-monitor=\""));

    // The printed report names the exercises too.
    let report = clinic.get_html(&format!("{patient}/report")).await;
    assert!(report.contains("<strong>Weighted tempo calf raise: "));
    assert!(!report.contains("<strong>tempo-calf-raise"));
    assert!(report.contains("Weighted tempo calf raise 1 × 8 @ 5 kg, pain ≤ 2"));
    // The printed plan shows the load to use now, and the log grid has a date column to write in.
    let print = clinic.get_html(&format!("{patient}/print")).await;
    assert!(print.contains("Load now: "), "current loads on the plan");
    assert!(print.contains("<col class=\"c-date\">"));
    for paper in ["A4", "Letter"] {
        if let Some(pages) = printed_pages(&report, &clinic.address, paper) {
            assert!((1..=2).contains(&pages), "report on {paper}: {pages} pages");
        }
        if let Some(pages) = printed_pages(&print, &clinic.address, paper) {
            assert!((1..=2).contains(&pages), "plan on {paper}: {pages} pages");
        }
    }
}

#[tokio::test]
async fn the_patient_list_shows_attention_gate_and_monitor_first_and_a_code_field_for_8() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    app.log_insertional(&days_ago(1), "a", "2").await;
    let code = app.share_code().await;
    let clinic = app.another_browser();
    clinic.clinician_linked_with("dr@example.com", &code).await;
    let list = clinic.get_html("/clinic").await;
    let at = |h: &str| list.find(&format!("<th scope=\"col\">{h}</th>")).unwrap();
    assert!(at("Attention") < at("Hurdle jumps"));
    assert!(at("Hurdle jumps") < at("Pain monitor"));
    assert!(at("Pain monitor") < at("Type"));
    assert!(list.contains("class=\"code-input\""));
}

#[tokio::test]
async fn the_patient_list_shows_a_runners_new_session_at_once_though_it_keeps_their_day() {
    let app = crate::helpers::spawn_app().await;
    app.insertional_runner().await;
    let code = app.share_code().await;
    let clinic = app.another_browser();
    clinic
        .clinician_linked_with("kim@clinic.example", &code)
        .await;
    let before = clinic.get_html("/clinic").await;
    assert!(crate::helpers::data_attr(&before, "monitor").is_empty());
    // The runner's day is kept now; a write to their record must not be hidden by it.
    let kept = clinic.get_html("/clinic").await;
    assert_eq!(crate::helpers::data_attr(&kept, "gate"), vec!["locked"]);
    let res = app
        .log_insertional(&crate::helpers::days_ago(1), "red-one", "8")
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let after = clinic.get_html("/clinic").await;
    assert_eq!(crate::helpers::data_attr(&after, "monitor"), vec!["red"]);
}
