use crate::helpers::{data_attr, location, printed_pages, spawn_app};

#[tokio::test]
async fn heel_bone_pain_with_speed_and_hill_signs_gives_the_insertional_plan_with_exact_doses() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let res = app
        .triage(
            "right",
            "insertion",
            &["worse_after_speed", "worse_with_hills"],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/triage/result");
    let result = app.get_html("/triage/result").await;
    assert_eq!(data_attr(&result, "triage"), ["insertional"]);
    assert!(result.contains("Fast sessions make it hurt more"));
    assert!(result.contains("Hill repeats make it worse"));

    let plan = app.get_html("/plan").await;
    for name in [
        "Top-range weight-shift hold",
        "Weighted tempo calf raise",
        "Two-legged hurdle jumps",
    ] {
        assert!(
            plan.to_lowercase().contains(&name.to_lowercase()),
            "{name} on the plan"
        );
    }
    assert!(!plan.contains("Mid-range weight-shift hold"));
    for number in [
        "45 s",
        "5 holds",
        "RPE 8",
        "2 s up",
        "3 s down",
        "3–4 sets × 8",
        "4 sets × 8–10",
    ] {
        assert!(plan.contains(number), "{number} on the plan");
    }
    assert!(data_attr(&plan, "gate").iter().all(|g| g == "locked"));
    assert!(!data_attr(&plan, "gate").is_empty());
    assert!(plan.contains("no calf-raise test recorded yet"));
    assert!(plan.contains("not a diagnosis"));
}

#[tokio::test]
async fn two_cm_above_the_heel_with_morning_stiffness_gives_the_midportion_plan_with_the_55_percent_hold(
) {
    let app = spawn_app().await;
    app.signup_runner().await;
    app.triage("left", "midportion", &["worse_in_morning"])
        .await;
    let result = app.get_html("/triage/result").await;
    assert_eq!(data_attr(&result, "triage"), ["midportion"]);
    let plan = app.get_html("/plan").await;
    assert!(plan.contains("55 %"));
    assert!(plan.contains("4 sets × 8"));
    assert!(plan.contains("45 s"));
    assert!(plan.contains("Single-leg weighted calf raise"));
    assert!(!plan.contains("Two-legged hurdle jumps"));
}

#[tokio::test]
async fn a_pop_gives_no_plan_and_a_referral() {
    let app = spawn_app().await;
    app.signup_runner().await;
    app.triage("right", "insertion", &["sudden_pop", "worse_after_speed"])
        .await;
    let result = app.get_html("/triage/result").await;
    assert_eq!(data_attr(&result, "triage"), ["refer"]);
    assert!(result.contains("get assessed"));
    let plan = app.get_html("/plan").await;
    assert!(plan.contains("No exercise plan for now"));
    assert!(!plan.contains("Top-range weight-shift hold"));
    let res = app.get("/plan/print").await;
    assert_eq!(res.status().as_u16(), 303, "nothing to print");
}

#[tokio::test]
async fn a_caution_flag_keeps_the_plan_with_a_banner() {
    let app = spawn_app().await;
    app.signup_runner().await;
    app.triage("right", "insertion", &["fluoroquinolone"]).await;
    let plan = app.get_html("/plan").await;
    assert!(plan.contains("Involve a clinician"));
    assert!(plan.contains("Top-range weight-shift hold"));
}

#[tokio::test]
async fn a_mixed_result_asks_the_runner_to_choose_and_marks_the_plan_self_selected() {
    let app = spawn_app().await;
    app.signup_runner().await;
    app.triage("both", "both", &[]).await;
    let result = app.get_html("/triage/result").await;
    assert_eq!(data_attr(&result, "triage"), ["mixed"]);
    let plan = app.get_html("/plan").await;
    assert!(plan.contains("Choose your plan"));
    let res = app.post("/plan/choose", &[("plan", "sideways")]).await;
    assert_eq!(res.status().as_u16(), 422);
    let res = app.post("/plan/choose", &[("plan", "midportion")]).await;
    assert_eq!(res.status().as_u16(), 303);
    let plan = app.get_html("/plan").await;
    assert!(plan.contains("Chosen by you"));
    assert!(plan.contains("55 %"));
}

#[tokio::test]
async fn unsure_location_needs_a_two_sign_margin() {
    let app = spawn_app().await;
    app.signup_runner().await;
    app.triage(
        "right",
        "unsure",
        &["worse_in_morning", "pinch_tender", "worse_after_speed"],
    )
    .await;
    assert_eq!(
        data_attr(&app.get_html("/triage/result").await, "triage"),
        ["unclear"]
    );
    app.triage(
        "right",
        "unsure",
        &[
            "worse_in_morning",
            "pinch_tender",
            "thick_or_swollen",
            "worse_after_speed",
        ],
    )
    .await;
    let html = app.get_html("/triage/result").await;
    assert_eq!(data_attr(&html, "triage"), ["midportion"]);
    assert!(html.contains("Earlier triages"), "history is kept");
}

#[tokio::test]
async fn bad_triage_input_is_422_with_the_answers_kept() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let res = app
        .post(
            "/triage",
            &[
                ("side", "right"),
                ("worse_with_hills", "on"),
                ("steroids", "on"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"location-error\""));
    assert!(html.contains("value=\"right\" checked"));
    assert!(html.contains("name=\"worse_with_hills\" value=\"on\" checked"));
    assert!(html.contains("name=\"steroids\" value=\"on\" checked"));

    let res = app
        .post(
            "/triage",
            &[
                ("side", "middle"),
                ("location", "knee"),
                ("pinch_tender", "yes"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    for f in ["side", "location", "pinch_tender"] {
        assert!(html.contains(&format!("id=\"{f}-error\"")), "{f}");
    }
}

#[tokio::test]
async fn a_clinician_has_no_triage_page() {
    let app = spawn_app().await;
    app.signup("clinician", "dr@example.com").await;
    assert_eq!(app.get("/triage").await.status().as_u16(), 404);
    assert_eq!(app.get("/plan").await.status().as_u16(), 404);
}

#[tokio::test]
async fn the_printed_plan_fits_on_one_or_two_pages_of_a4_and_letter() {
    let app = spawn_app().await;
    app.signup_runner().await;
    app.triage(
        "right",
        "insertion",
        &[
            "worse_after_speed",
            "worse_with_hills",
            "night_or_rest_pain",
        ],
    )
    .await;
    let html = app.get_html("/plan/print").await;
    for text in [
        "Ana Runner",
        "45 s",
        "2 s up",
        "Two-week log",
        "Next-morning pain",
        "25 pain-free",
        "rules 20",
    ] {
        assert!(html.contains(text), "{text} in the printed plan");
    }
    for paper in ["A4", "Letter"] {
        if let Some(pages) = printed_pages(&html, &app.address, paper) {
            assert!((1..=2).contains(&pages), "{paper}: {pages} pages");
        }
    }
    app.triage("left", "midportion", &["worse_in_morning"])
        .await;
    let html = app.get_html("/plan/print").await;
    if let Some(pages) = printed_pages(&html, &app.address, "A4") {
        assert!((1..=2).contains(&pages), "mid-portion: {pages} pages");
    }
}

#[tokio::test]
async fn a_mixed_result_for_both_sides_reads_well_and_offers_both_plans_alike() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let res = app.triage("both", "unsure", &[]).await;
    assert_eq!(res.status().as_u16(), 303);
    let html = app.get_html("/triage/result").await;
    assert!(html.contains("Both sides"), "not \"Both side\"");
    assert!(!html.contains("Both side<"));
    if html.contains("value=\"midportion\"") {
        assert!(html.contains("value=\"insertional\" class=\"button\">"));
        assert!(html.contains("value=\"midportion\" class=\"button\">"));
    }
}
