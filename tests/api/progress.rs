use diesel::prelude::*;

use crate::helpers::{data_attr, days_ago, location, spawn_app, TestApp};

/// Answers to items 1–7 in points, then item 8's pattern and time band.
type Answers<'a> = ([u8; 7], &'a str, &'a str);

/// The published scoring, written out again here so the test does not trust the app's sum.
fn expected_total((q, pattern, minutes): Answers<'_>) -> u8 {
    let band = ["0", "1-10", "11-20", "21-30", "31+"]
        .iter()
        .position(|m| *m == minutes)
        .unwrap();
    let q8 = match pattern {
        "A" => [0, 7, 14, 21, 30][band],
        "B" => [0, 4, 10, 14, 20][band],
        _ => [0, 2, 5, 7, 10][band],
    };
    q.iter().sum::<u8>() + q8
}

fn visa_count(app: &TestApp) -> i64 {
    let mut conn = app.store.conn().unwrap();
    tendo::store::schema::visa_a_results::table
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

impl TestApp {
    async fn answer_visa_a(&self, (q, pattern, minutes): Answers<'_>) -> reqwest::Response {
        let points: Vec<String> = q.iter().map(u8::to_string).collect();
        let names = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"];
        let mut fields: Vec<(&str, &str)> = names
            .iter()
            .zip(&points)
            .map(|(n, p)| (*n, p.as_str()))
            .collect();
        fields.push(("q8_pattern", pattern));
        fields.push(("q8_minutes", minutes));
        self.post("/visa-a", &fields).await
    }

    /// Answers the questionnaire, expects 303 to /progress and returns that page.
    async fn visa_a_then_progress(&self, answers: Answers<'_>) -> String {
        let res = self.answer_visa_a(answers).await;
        assert_eq!(res.status().as_u16(), 303);
        assert_eq!(location(&res), "/progress");
        self.get_html("/progress").await
    }
}

const FIRST: Answers<'static> = ([7, 6, 8, 5, 4, 3, 4], "B", "11-20");

#[tokio::test]
async fn a_bad_visa_a_is_refused_with_every_answer_kept_and_errors_by_field() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let res = app
        .post(
            "/visa-a",
            &[
                ("q1", "7"),
                ("q2", "11"),
                ("q3", "5"),
                ("q5", "4"),
                ("q6", "3"),
                ("q7", "5"),
                ("q8_pattern", "B"),
                ("q8_minutes", ""),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    for bad in ["q2", "q4", "q7", "q8_minutes"] {
        assert!(html.contains(&format!("id=\"{bad}-error\"")), "{bad}");
        assert!(
            html.contains(&format!("href=\"#{bad}\"")),
            "{bad} in the summary"
        );
        assert!(
            html.contains(&format!("id=\"{bad}\"")),
            "{bad} is a link target"
        );
    }
    for good in ["q1", "q3", "q5", "q6", "q8_pattern"] {
        assert!(!html.contains(&format!("id=\"{good}-error\"")), "{good}");
    }
    assert!(html.contains("class=\"error-summary\""));
    for kept in [
        "name=\"q1\" value=\"7\" checked",
        "name=\"q3\" value=\"5\" checked",
        "name=\"q5\" value=\"4\" checked",
        "name=\"q6\" value=\"3\" checked",
        "name=\"q8_pattern\" value=\"B\" checked",
    ] {
        assert!(html.contains(kept), "{kept}");
    }
    assert_eq!(html.matches(" checked").count(), 5, "nothing else ticked");
    assert!(html.contains("Question 2 takes 0 to 10 points."));
    assert_eq!(visa_count(&app), 0);
}

#[tokio::test]
async fn the_visa_a_form_has_the_published_structure() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let html = app.get_html("/visa-a").await;
    for q in ["q1", "q2", "q3", "q4", "q5", "q6"] {
        assert_eq!(
            html.matches(&format!("name=\"{q}\"")).count(),
            11,
            "{q} is a 0–10 scale"
        );
    }
    for v in ["0", "4", "7", "10"] {
        assert!(html.contains(&format!("name=\"q7\" value=\"{v}\"")));
    }
    assert_eq!(html.matches("name=\"q7\"").count(), 4);
    assert_eq!(html.matches("name=\"q8_pattern\"").count(), 3);
    for m in ["0", "1-10", "11-20", "21-30", "31+"] {
        assert!(html.contains(&format!("name=\"q8_minutes\" value=\"{m}\"")));
    }
    assert_eq!(
        html.matches("<legend>").count(),
        10,
        "one per item, two in item 8"
    );
    assert_eq!(html.matches("<label").count(), 6 * 11 + 4 + 3 + 5);
    assert!(html.contains("96 or more"), "the about text");
    assert!(html.contains("data-visa-due=\"due\""), "due at the start");
    assert!(html.contains("not a diagnosis"));
}

#[tokio::test]
async fn a_valid_visa_a_is_stored_once_and_its_total_shown_on_progress() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let total = expected_total(FIRST);
    assert_eq!(total, 47);
    let html = app.visa_a_then_progress(FIRST).await;
    assert_eq!(visa_count(&app), 1);
    assert!(
        html.contains(&format!("VISA-A saved: {total} / 100.")),
        "flash"
    );
    assert!(html.contains(&format!("data-visa-a=\"{total}\"")));
    assert!(data_attr(&html, "visa-a").iter().all(|t| *t == "47"));
    assert!(html.contains("First result"));

    // The audit log has it, and the questionnaire is no longer due.
    let mut conn = app.store.conn().unwrap();
    let actions: Vec<String> = tendo::store::schema::audit_log::table
        .select(tendo::store::schema::audit_log::action)
        .load(&mut *conn)
        .unwrap();
    assert_eq!(
        actions.iter().filter(|a| *a == "visa_a_recorded").count(),
        1
    );
    let form = app.get_html("/visa-a").await;
    assert!(form.contains("data-visa-due=\"not-due\""));
    assert!(form.contains("next due on"));
    assert!(!app
        .get_html("/today")
        .await
        .contains("Your VISA-A questionnaire is due"));
}

#[tokio::test]
async fn ten_points_up_is_meaningful_and_a_smaller_change_is_not() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    app.visa_a_then_progress(FIRST).await;

    let better: Answers<'_> = ([9, 8, 9, 7, 6, 5, 4], "B", "21-30");
    let total = expected_total(better);
    assert_eq!(total, 62);
    let html = app.visa_a_then_progress(better).await;
    assert!(html.contains("Meaningful improvement of 15 points"));
    assert!(html.contains("data-visa-a=\"62\""));
    assert_eq!(data_attr(&html, "visa-a"), vec!["62", "47", "62"]);

    let a_little_better: Answers<'_> = ([9, 8, 9, 7, 6, 8, 4], "B", "21-30");
    assert_eq!(expected_total(a_little_better), 65);
    let html = app.visa_a_then_progress(a_little_better).await;
    assert!(html.contains("Up 3 points (recorded, not a meaningful change)"));
    assert!(html.contains("not a meaningful change"));
    assert!(!html.contains("Meaningful improvement of 3"));
    assert_eq!(visa_count(&app), 3);
}

#[tokio::test]
async fn progress_draws_inline_svg_charts_with_titles_and_tables() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    assert_eq!(
        app.log_insertional(&days_ago(3), "a", "2")
            .await
            .status()
            .as_u16(),
        303
    );
    app.log_insertional(&days_ago(1), "b", "6").await;
    let res = app
        .post(
            "/checkin",
            &[
                ("checked_on", &days_ago(2)),
                ("morning_pain", "1"),
                ("stiffness_minutes", "5"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    app.record_test(&days_ago(3), "right", "18").await;
    app.record_test(&days_ago(1), "right", "21").await;
    app.record_test(&days_ago(1), "left", "30").await;

    let html = app.get_html("/progress").await;
    assert_eq!(
        html.matches("<figure class=\"chart\">").count(),
        5,
        "pain, stiffness, capacity, load, weeks"
    );
    assert_eq!(
        html.matches("<svg").count(),
        10,
        "each chart drawn wide and narrow, so its text keeps its size on a phone"
    );
    for id in [
        "chart-pain",
        "chart-stiffness",
        "chart-capacity",
        "chart-load",
        "chart-adherence",
    ] {
        assert!(html.contains(&format!("<title id=\"{id}-title\">")), "{id}");
    }
    assert_eq!(html.matches("<details class=\"chart-data\">").count(), 5);
    // Stiffness beside morning pain: each morning and the weekly mean, with the rule that reads it.
    assert!(html.contains("Stiffness each morning"));
    assert!(html.contains("Weekly mean (Mon–Sun)"));
    assert!(html.contains("up 10 minutes or more on the week before"));
    assert!(html.contains("<th scope=\"col\">Pain monitor</th>"));
    assert!(html.contains("5/10 acceptable"));
    assert!(html.contains("Threshold 25"));
    assert!(html.contains("Right leg (injured)"));
    assert!(html.contains("Load (kg)"));
    assert!(html.contains("Sessions planned"));
    // Pain 6 during is red by the engine's rules; the table says so.
    assert!(html.contains("<td>Red (provisional)</td>"), "red day");
    assert!(html.contains("<td>21</td>"), "newest right-leg test");
    assert_eq!(data_attr(&html, "gate"), vec!["locked"]);
    assert!(html.contains("no VISA-A questionnaire has been answered"));
    assert!(html.contains("Your VISA-A questionnaire is due"));
    assert!(html.contains("not a diagnosis"));
    assert!(!html.contains("style="), "no inline styles under the CSP");
}

#[tokio::test]
async fn an_empty_progress_page_says_not_enough_data_yet() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let html = app.get_html("/progress").await;
    assert_eq!(html.matches("Not enough data yet").count(), 6);
    assert!(!html.contains("<svg"));
    assert!(html.contains("href=\"/visa-a\""));
}

#[tokio::test]
async fn the_today_page_prompts_for_a_due_visa_a() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let today = app.get_html("/today").await;
    assert!(today.contains("Your VISA-A questionnaire is due"));
    assert!(today.contains("href=\"/visa-a\""));
}

#[tokio::test]
async fn a_clinician_gets_404_on_progress_and_the_visa_a() {
    let app = spawn_app().await;
    assert_eq!(
        app.signup("clinician", "dr@example.com")
            .await
            .status()
            .as_u16(),
        303
    );
    assert_eq!(app.get("/progress").await.status().as_u16(), 404);
    assert_eq!(app.get("/visa-a").await.status().as_u16(), 404);
    assert_eq!(app.answer_visa_a(FIRST).await.status().as_u16(), 404);
    assert_eq!(visa_count(&app), 0);
}

#[tokio::test]
async fn signed_out_visits_go_to_login() {
    let app = spawn_app().await;
    for path in ["/progress", "/visa-a"] {
        let res = app.get(path).await;
        assert_eq!(res.status().as_u16(), 303, "{path}");
        assert_eq!(location(&res), "/login", "{path}");
    }
}

#[tokio::test]
async fn a_visa_a_without_a_csrf_token_is_forbidden() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let res = app
        .post_raw("/visa-a", &[("q1", "7"), ("q8_pattern", "A")])
        .await;
    assert_eq!(res.status().as_u16(), 403);
    assert_eq!(visa_count(&app), 0);
}
