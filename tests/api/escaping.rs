//! Free text typed by one person and shown to another renders escaped, end to end: generated
//! strings full of markup go in through the real forms and come out of the real pages.
//!
//! The unit-level properties beside the templates (`escaping_tests` in src/web) try many more
//! strings; these cases cover the pages whose data is too rich to build by hand (the patient
//! review and the printed report) and prove the store hands the text back unchanged.

use proptest::prelude::*;

use crate::common::SignUp;
use crate::helpers::{days_ago, location, spawn_app_with, TestApp};

/// Free text salted with markup, quotes and ampersands, between two plain letters so trimming
/// leaves it whole. At most `pieces` pieces of up to 28 characters.
fn hostile_text(pieces: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<".to_string()),
        Just(">".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("&".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("</textarea><b>".to_string()),
        Just("&amp;&#60;".to_string()),
        Just("\" onmouseover=\"x".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        "[a-zA-Z0-9 ]{1,6}",
        "\\PC{1,3}",
    ];
    prop::collection::vec(piece, 1..=pieces).prop_map(|p| format!("N{}Z", p.concat()))
}

fn escape(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// The page shows `text` escaped and never raw, and every `<script` in it is the app's own.
fn assert_escaped(html: &str, text: &str, page: &str) {
    assert!(
        html.contains(&escape(text)),
        "{page}: {text:?} not shown escaped as {:?}",
        escape(text)
    );
    if text.contains(['<', '>', '"', '\'', '&']) {
        assert!(!html.contains(text), "{page}: {text:?} shown raw");
    }
    for (at, _) in html.match_indices("<script") {
        assert!(
            html[at..].starts_with("<script src=\"/static/"),
            "{page}: a foreign script tag: {}",
            &html[at..html.len().min(at + 60)]
        );
    }
}

#[derive(Debug)]
struct Case {
    runner_name: String,
    clinician_name: String,
    session_notes: String,
    run_notes: String,
    clinician_note: String,
}

fn cases() -> impl Strategy<Value = Case> {
    (
        hostile_text(2),
        hostile_text(2),
        hostile_text(12),
        hostile_text(8),
        hostile_text(12),
    )
        .prop_map(
            |(runner_name, clinician_name, session_notes, run_notes, clinician_note)| Case {
                runner_name,
                clinician_name,
                session_notes,
                run_notes,
                clinician_note,
            },
        )
}

async fn sign_up(app: &TestApp, role: &str, name: &str, email: &str) -> TestApp {
    let browser = app.another_browser();
    let res = browser
        .signup_with(SignUp::new(name, email, role).timezone("Europe/Berlin"))
        .await;
    assert_eq!(res.status().as_u16(), 303, "sign-up as {name:?}");
    browser
}

async fn check(app: &TestApp, n: u32, case: &Case) {
    let day = days_ago(1);
    let runner = sign_up(
        app,
        "runner",
        &case.runner_name,
        &format!("runner{n}@example.com"),
    )
    .await;
    runner.triage("right", "insertion", &[]).await;

    // Session notes: on the session page, in the history and in a form shown again.
    let mut fields = vec![
        ("performed_on", day.as_str()),
        ("notes", case.session_notes.as_str()),
        ("submission_id", "s"),
    ];
    let row = [
        ("exercise", "tempo-calf-raise"),
        ("set_side", "right"),
        ("reps", "8"),
        ("hold_seconds", ""),
        ("load", ""),
        ("rpe", "7"),
        ("pain", "1"),
    ];
    fields.extend_from_slice(&row);
    let res = runner.post("/sessions", &fields).await;
    assert_eq!(res.status().as_u16(), 303);
    let session = location(&res);
    let html = runner.get_html(&session).await;
    assert_escaped(&html, &case.session_notes, "session page");
    let html = runner.get_html("/sessions").await;
    assert_escaped(&html, &case.session_notes, "/sessions");
    let html = runner.get_html(&format!("{session}/edit")).await;
    assert_escaped(&html, &case.session_notes, "edit form");
    let mut rejected = fields.clone();
    rejected.retain(|(k, _)| *k != "pain");
    rejected.push(("pain", "11"));
    let res = runner.post("/sessions", &rejected).await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert_escaped(&html, &case.session_notes, "rejected session form");

    // Run notes: on /runs, and in a rejected form.
    let mut run = vec![
        ("performed_on", day.as_str()),
        ("kind", "easy"),
        ("pain_during", "1"),
        ("notes", case.run_notes.as_str()),
    ];
    let res = runner.post("/runs/new", &run).await;
    assert_eq!(res.status().as_u16(), 422, "no duration");
    assert_escaped(&res.text().await.unwrap(), &case.run_notes, "rejected run");
    run.push(("duration_minutes", "30"));
    run.push(("distance_km", "5"));
    let res = runner.post("/runs/new", &run).await;
    assert_eq!(res.status().as_u16(), 303);
    let html = runner.get_html("/runs").await;
    assert_escaped(&html, &case.run_notes, "/runs");

    // Display names and clinicians' notes, across the two sides.
    let code = runner.share_code().await;
    let clinician = sign_up(
        app,
        "clinician",
        &case.clinician_name,
        &format!("clinician{n}@example.com"),
    )
    .await;
    let res = clinician.post("/clinic/link", &[("code", &code)]).await;
    assert_eq!(res.status().as_u16(), 303);
    let patient = location(&res);
    let res = clinician
        .post(
            &format!("{patient}/notes"),
            &[("body", &case.clinician_note)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);

    let html = clinician.get_html("/clinic").await;
    assert_escaped(&html, &case.runner_name, "clinic list");
    let html = clinician.get_html(&patient).await;
    assert_escaped(&html, &case.runner_name, "patient page");
    assert_escaped(&html, &case.clinician_note, "patient page");
    assert_escaped(&html, &case.clinician_name, "patient page (note author)");
    let html = clinician.get_html(&format!("{patient}/report")).await;
    assert_escaped(&html, &case.runner_name, "report");
    assert_escaped(&html, &case.clinician_note, "report");
    assert_escaped(&html, &case.clinician_name, "report");
    let html = runner.get_html("/share").await;
    assert_escaped(&html, &case.clinician_name, "/share");
}

#[test]
fn free_text_renders_escaped_wherever_it_is_shown() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let app = rt.block_on(spawn_app_with(|s| s.signups_per_hour = 10_000));
    let n = std::cell::Cell::new(0u32);
    proptest!(ProptestConfig::with_cases(16), |(case in cases())| {
        n.set(n.get() + 1);
        rt.block_on(check(&app, n.get(), &case));
    });
}
