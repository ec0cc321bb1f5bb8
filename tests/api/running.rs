//! The return to running over HTTP: readiness, walk/run, continuous running, a flare that steps
//! back, and a clinician's stage.

use crate::helpers::{data_attr, days_ago, spawn_app, TestApp};

impl TestApp {
    async fn checkin_on(&self, days: i64, pain: &str, walked: bool) {
        let day = days_ago(days);
        let mut fields = vec![
            ("checked_on", day.as_str()),
            ("morning_pain", pain),
            ("stiffness_minutes", "0"),
        ];
        if walked {
            fields.push(("walked_30_min_pain_free", "on"));
        }
        let res = self.post("/checkin", &fields).await;
        assert_eq!(res.status().as_u16(), 303, "check-in {day}");
    }

    async fn hop_test(&self, days: i64, hops: &str, pain: &str) -> reqwest::Response {
        let day = days_ago(days);
        self.post(
            "/tests/hop",
            &[
                ("performed_on", day.as_str()),
                ("side", "right"),
                ("hops", hops),
                ("pain", pain),
            ],
        )
        .await
    }

    /// A run `days` ago, then the next morning's check-in (pain-free).
    async fn run_then_morning(&self, days: i64, kind: &str, minutes: &str, pain: &str) {
        let day = days_ago(days);
        let res = self
            .post(
                "/runs/new",
                &[
                    ("performed_on", day.as_str()),
                    ("kind", kind),
                    ("duration_minutes", minutes),
                    ("distance_km", ""),
                    ("pain_during", pain),
                    ("notes", ""),
                ],
            )
            .await;
        assert_eq!(res.status().as_u16(), 303, "run {day}");
        self.checkin_on(days - 1, "0", false).await;
    }

    async fn running_page(&self) -> (String, String) {
        let html = self.get_html("/running").await;
        let stage = data_attr(&html, "run-stage")[0].clone();
        (html, stage)
    }
}

/// The `<li>` of one readiness criterion.
fn criterion<'a>(html: &'a str, key: &str) -> &'a str {
    let start = html
        .find(&format!("data-criterion=\"{key}\""))
        .unwrap_or_else(|| panic!("criterion {key}"));
    let end = html[start..].find("</li>").unwrap() + start;
    &html[start..end]
}

#[tokio::test]
async fn a_runner_returns_to_running_steps_back_after_a_flare_and_a_clinician_sets_the_stage() {
    let app = spawn_app().await;
    app.insertional_runner().await;

    // Readiness: every criterion is shown unmet, with its numbers.
    let (html, stage) = app.running_page().await;
    assert_eq!(stage, "0");
    assert!(criterion(&html, "walk").contains("data-met=\"false\""));
    assert!(criterion(&html, "capacity").contains("right: no test yet"));
    assert!(criterion(&html, "hop").contains("right: no hop test yet"));
    assert!(criterion(&html, "monitor").contains("data-met=\"true\""));

    app.record_test(&days_ago(31), "right", "22").await;
    assert_eq!(app.hop_test(31, "20", "3").await.status().as_u16(), 303);
    let (html, stage) = app.running_page().await;
    assert_eq!(stage, "0");
    assert!(criterion(&html, "capacity").contains("right 22 / 25"));
    assert!(criterion(&html, "capacity").contains("data-met=\"false\""));
    assert!(criterion(&html, "hop").contains("right 20 / 20 hops, pain 3/10"));
    assert!(criterion(&html, "hop").contains("data-met=\"false\""));

    // A hop test out of range is refused with the value kept.
    let res = app.hop_test(30, "25", "1").await;
    assert_eq!(res.status().as_u16(), 422);
    let bad = res.text().await.unwrap();
    assert!(bad.contains("id=\"hops-error\"") && bad.contains("value=\"25\""));

    app.record_test(&days_ago(30), "right", "26").await;
    assert_eq!(app.hop_test(30, "20", "1").await.status().as_u16(), 303);
    app.checkin_on(30, "0", true).await;
    app.checkin_on(0, "0", true).await;
    let (html, stage) = app.running_page().await;
    assert_eq!(stage, "1", "every criterion met: walk/run starts");
    for key in ["walk", "capacity", "hop", "monitor"] {
        assert!(criterion(&html, key).contains("data-met=\"true\""), "{key}");
    }
    assert!(html.contains("walk 4 / run 1 × 3"), "today's run");

    // Walk/run: two runs that are not red, a rest day between, move one step.
    app.run_then_morning(29, "walk_run", "20", "1").await;
    app.run_then_morning(27, "walk_run", "20", "1").await;
    let (html, stage) = app.running_page().await;
    assert_eq!(stage, "1");
    assert!(html.contains("walk 3 / run 2 × 5"), "{html}");
    assert!(html.contains("Stage 1, walk 3 / run 2: 0 of 2 runs done, not red"));
    assert!(html.contains("Next: walk 2 / run 3"));

    for days in [25, 23, 21, 19, 17, 15] {
        app.run_then_morning(days, "walk_run", "25", "1").await;
    }
    let (html, stage) = app.running_page().await;
    assert_eq!(stage, "2", "continuous running after walk 1 / run 4");
    assert!(html.contains("run 5 min easy"), "{html}");

    for (days, minutes) in [(13, "5"), (11, "5"), (9, "10"), (7, "10")] {
        app.run_then_morning(days, "easy", minutes, "1").await;
    }
    let (html, _) = app.running_page().await;
    assert!(html.contains("run 15 min easy"));
    let runs = app.get_html("/runs").await;
    assert!(data_attr(&runs, "monitor").iter().all(|c| c == "green"));

    // A flare: one red run holds the step, the second in a row steps back.
    app.run_then_morning(5, "easy", "15", "7").await;
    let (html, _) = app.running_page().await;
    assert!(
        html.contains("run 15 min easy"),
        "a red run repeats the step"
    );
    assert_eq!(
        data_attr(&app.get_html("/plan").await, "gate")[0],
        "paused",
        "a red run pauses the hurdle-jump gate"
    );
    app.run_then_morning(3, "easy", "15", "7").await;
    let (html, stage) = app.running_page().await;
    assert_eq!(stage, "2");
    assert!(
        html.contains("run 10 min easy"),
        "stepped back to 10 minutes"
    );
    assert!(html.contains("two red runs in a row"));
    let runs = app.get_html("/runs").await;
    assert_eq!(data_attr(&runs, "monitor")[..2], ["red", "red"]);

    // The clinician sets the stage; a bad value is refused.
    let code = app.share_code().await;
    let clinic = app.another_browser();
    let patient = clinic.clinician_linked_with("dr@example.com", &code).await;
    let review = clinic.get_html(&patient).await;
    assert_eq!(data_attr(&review, "run-stage")[0], "2");
    let settings = format!("{patient}/settings");
    let res = clinic
        .post(
            &settings,
            &[
                ("gate_threshold", "25"),
                ("confirmed_type", "none"),
                ("run_stage", "7"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("id=\"run_stage-error\""));
    let res = clinic
        .post(
            &settings,
            &[
                ("gate_threshold", "25"),
                ("confirmed_type", "none"),
                ("run_stage", "3"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (html, stage) = app.running_page().await;
    assert_eq!(stage, "3");
    assert!(html.contains("set by your clinician"));
    assert!(html.contains("strides at 50–60 % of top speed"));
    let list = clinic.get_html("/clinic").await;
    assert_eq!(data_attr(&list, "run-stage"), ["3"]);
    let print = clinic.get_html(&format!("{patient}/print")).await;
    assert!(print.contains("data-run-stage=\"3\""));
    assert!(print.contains("strides at 50–60 % of top speed"));
    let report = clinic.get_html(&format!("{patient}/report")).await;
    assert!(report.contains("data-run-stage=\"3\""));

    // "Automatic" hands back to the rules, which go on from where the runner is.
    let res = clinic
        .post(
            &settings,
            &[
                ("gate_threshold", "25"),
                ("confirmed_type", "none"),
                ("run_stage", "auto"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (html, stage) = app.running_page().await;
    assert_eq!(stage, "3");
    assert!(!html.contains("set by your clinician"));

    // The export carries hop tests, run durations and the stage history.
    let text = app.get("/account/export.json").await.text().await.unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["hop_tests"].as_array().unwrap().len(), 2);
    assert_eq!(doc["runs"][0]["duration_minutes"], 20);
    assert!(doc["runs"][0]["distance_km"].is_null());
    assert_eq!(doc["run_stage_settings"].as_array().unwrap().len(), 2);
    let stages = doc["run_stages"].as_array().unwrap();
    assert!(stages
        .iter()
        .any(|s| s["reason"] == "two red runs in a row"));
    assert_eq!(
        stages.last().unwrap()["reason"],
        "handed back to the rules by the clinician"
    );
    let csv = app.get("/account/export.csv").await.text().await.unwrap();
    assert!(csv.lines().any(|l| l.starts_with("hop_test,")));
    assert!(csv.lines().any(|l| l.starts_with("run_stage,")));
}

#[tokio::test]
async fn the_pre_injury_volume_is_asked_in_the_runners_unit_and_checked() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let res = app
        .post("/running/volume", &[("pre_injury_volume", "lots")])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"pre_injury_volume-error\"") && html.contains("value=\"lots\""));
    let res = app
        .post("/running/volume", &[("pre_injury_volume", "40")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (html, _) = app.running_page().await;
    assert!(html.contains("value=\"40\""));

    let res = app.post("/account/units", &[("units", "lb")]).await;
    assert_eq!(res.status().as_u16(), 303);
    let (html, _) = app.running_page().await;
    assert!(
        html.contains("(mi)"),
        "asked in miles for a runner in pounds"
    );
    assert!(html.contains("value=\"24.9\""), "40 km is 24.9 mi");
}

#[tokio::test]
async fn running_pages_and_forms_need_a_signed_in_runner_and_a_csrf_token() {
    let app = spawn_app().await;
    for path in ["/running", "/tests/hop"] {
        let res = app.get(path).await;
        assert_eq!(res.status().as_u16(), 303, "{path}");
    }
    app.insertional_runner().await;
    for path in ["/running/volume", "/tests/hop"] {
        let res = app.post_raw(path, &[("pre_injury_volume", "40")]).await;
        assert_eq!(res.status().as_u16(), 403, "{path} without a token");
    }
}
