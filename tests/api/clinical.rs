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
    assert!(!print.contains("Two-week log"), "no printed plan for the clinician either");

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
    assert!(app.get_html("/today").await.contains("action=\"/sessions\""));
    assert!(data_attr(&clinic.get_html(&patient).await, "withheld").is_empty());
}
