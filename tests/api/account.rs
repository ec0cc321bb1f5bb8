use chrono::NaiveDate;
use diesel::prelude::*;
use tendo::domain::visa_a::{Q8Minutes, Q8Pattern, VisaA};
use tendo::store::schema::{
    audit_log, auth_sessions, capacity_tests, checkins, clinician_links, clinician_notes, runs,
    session_sets, share_codes, training_sessions, triages, users, visa_a_results,
};
use tendo::store::users::UserId;
use tendo::store::{now, sharing, visa};

use crate::helpers::{client, days_ago, location, spawn_app, TestApp, PASSWORD};

fn user_id(app: &TestApp, email: &str) -> Option<i64> {
    let mut conn = app.store.conn().unwrap();
    users::table
        .filter(users::email.eq(email))
        .select(users::id)
        .first(&mut *conn)
        .optional()
        .unwrap()
}

/// The session token from a response that signed someone in.
fn session_token(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("tendo_session="))
        .expect("the response sets the session cookie")
        .trim_start_matches("tendo_session=")
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

/// Values one runner logs; the other runner's differ in every field checked.
struct Logged {
    email: &'static str,
    load: &'static str,
    rpe: &'static str,
    pain: &'static str,
    session_note: &'static str,
    morning_pain: &'static str,
    stiffness: &'static str,
    reps: &'static str,
    km: &'static str,
    run_note: &'static str,
    visa: [u8; 7],
}

const ANA: Logged = Logged {
    email: "ana@example.com",
    load: "12.5",
    rpe: "7.5",
    pain: "2",
    session_note: "ana felt springy",
    morning_pain: "3",
    stiffness: "17",
    reps: "23",
    km: "6.5",
    run_note: "ana river loop",
    visa: [7, 8, 8, 9, 6, 5, 4],
};

const BOB: Logged = Logged {
    email: "bob@example.com",
    load: "97.5",
    rpe: "9",
    pain: "4",
    session_note: "bob private note",
    morning_pain: "6",
    stiffness: "44",
    reps: "31",
    km: "21.1",
    run_note: "bob secret route",
    visa: [1, 2, 2, 3, 1, 0, 0],
};

/// Signs a runner up in `app`'s browser and logs one of everything; returns their id.
async fn runner_with_everything(app: &TestApp, v: &Logged) -> i64 {
    assert_eq!(app.signup("runner", v.email).await.status().as_u16(), 303);
    app.triage("right", "insertion", &["worse_after_speed"])
        .await;
    let day = days_ago(1);
    let token = app.csrf().await;
    let mut fields: Vec<(&str, &str)> = vec![
        ("csrf_token", &token),
        ("performed_on", &day),
        ("notes", v.session_note),
        ("submission_id", "one"),
    ];
    for _ in 0..2 {
        fields.extend_from_slice(&[
            ("exercise", "tempo-calf-raise"),
            ("set_side", "right"),
            ("reps", "8"),
            ("hold_seconds", ""),
            ("load", v.load),
            ("rpe", v.rpe),
            ("pain", v.pain),
        ]);
    }
    assert_eq!(
        app.post_raw("/sessions", &fields).await.status().as_u16(),
        303
    );
    let res = app
        .post(
            "/checkin",
            &[
                ("checked_on", &day),
                ("morning_pain", v.morning_pain),
                ("stiffness_minutes", v.stiffness),
                ("painkillers", "on"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        app.record_test(&day, "right", v.reps)
            .await
            .status()
            .as_u16(),
        303
    );
    let res = app
        .post(
            "/runs/new",
            &[
                ("performed_on", &day),
                ("kind", "easy"),
                ("duration_minutes", "35"),
                ("distance_km", v.km),
                ("pain_during", "1"),
                ("notes", v.run_note),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let id = user_id(app, v.email).unwrap();
    let answers = VisaA::new(v.visa, Q8Pattern::B, Q8Minutes::ElevenToTwenty).unwrap();
    let taken_on = NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap();
    let mut conn = app.store.conn().unwrap();
    visa::save(&mut conn, UserId(id), taken_on, &answers, now()).unwrap();
    id
}

/// A clinician (signed in in a browser of their own) linked to `runner` through a share code,
/// with a note about them; returns the clinician's browser and id.
async fn linked_clinician(app: &TestApp, email: &str, runner: i64, note: &str) -> (TestApp, i64) {
    let browser = app.another_browser();
    assert_eq!(
        browser.signup("clinician", email).await.status().as_u16(),
        303
    );
    let id = user_id(app, email).unwrap();
    let mut conn = app.store.conn().unwrap();
    let (code, _) = sharing::create_code(&mut conn, UserId(runner), now()).unwrap();
    let linked = sharing::redeem(&mut conn, UserId(id), &code, now()).unwrap();
    assert_eq!(linked, sharing::Redeemed::Linked(UserId(runner)));
    let link = sharing::linked(&mut conn, UserId(id), UserId(runner))
        .unwrap()
        .unwrap();
    sharing::add_note(&mut conn, link, note, now()).unwrap();
    (browser, id)
}

#[tokio::test]
async fn the_json_export_holds_what_the_runner_logged_and_nothing_of_another_runner() {
    let app = spawn_app().await;
    let bob = app.another_browser();
    runner_with_everything(&bob, &BOB).await;
    let ana = runner_with_everything(&app, &ANA).await;
    linked_clinician(
        &app,
        "dr@example.com",
        ana,
        "Keep the holds at the very top.",
    )
    .await;

    let res = app.get("/account/export.json").await;
    assert_eq!(res.status().as_u16(), 200);
    let disposition = res.headers()["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"tendo-export-20"),
        "{disposition}"
    );
    assert!(disposition.ends_with(".json\""));
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let body = res.text().await.unwrap();
    for theirs in ["bob", "97.5", "21.1"] {
        assert!(!body.contains(theirs), "{theirs} leaked into the export");
    }
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["format"], "tendo-export");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["account"]["email"], ANA.email);
    assert_eq!(doc["account"]["units"], "kg");
    assert_eq!(doc["triages"][0]["outcome"], "insertional");
    assert_eq!(doc["triages"][0]["ticked"][0], "worse_after_speed");

    let sessions = doc["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["notes"], ANA.session_note);
    assert_eq!(sessions[0]["performed_on"], days_ago(1));
    let sets = sessions[0]["sets"].as_array().unwrap();
    assert_eq!(sets.len(), 2);
    assert_eq!(sets[0]["exercise"], "tempo-calf-raise");
    assert_eq!(sets[0]["reps"], 8);
    assert_eq!(sets[0]["load_kg"], 12.5);
    assert_eq!(sets[0]["load"], 12.5);
    assert_eq!(sets[0]["load_unit"], "kg");
    assert_eq!(sets[0]["rpe"], 7.5);
    assert_eq!(sets[0]["pain"], 2);

    for list in ["checkins", "capacity_tests", "runs", "visa_a"] {
        assert_eq!(doc[list].as_array().unwrap().len(), 1, "only Ana's {list}");
    }
    let checkin = &doc["checkins"][0];
    assert_eq!(checkin["morning_pain"], 3);
    assert_eq!(checkin["stiffness_minutes"], 17);
    assert_eq!(checkin["painkillers"], true);
    assert_eq!(doc["capacity_tests"][0]["pain_free_reps"], 23);
    assert_eq!(doc["capacity_tests"][0]["side"], "right");
    assert_eq!(doc["runs"][0]["distance_km"], 6.5);
    assert_eq!(doc["runs"][0]["notes"], ANA.run_note);
    let visa = &doc["visa_a"][0];
    assert_eq!(visa["items"]["q1"], 7);
    assert_eq!(visa["items"]["q7"], 4);
    assert_eq!(visa["items"]["q8_pattern"], "B");
    assert_eq!(visa["items"]["q8_points"], 10);
    assert_eq!(visa["total"], 57);
    assert_eq!(doc["clinicians"][0]["name"], "Ana Runner");
    assert_eq!(
        doc["clinician_notes"][0]["body"],
        "Keep the holds at the very top."
    );

    // Switching to pounds shows the same loads in both units.
    app.post("/account/units", &[("units", "lb")]).await;
    let doc: serde_json::Value =
        serde_json::from_str(&app.get_html("/account/export.json").await).unwrap();
    let set = &doc["sessions"][0]["sets"][0];
    assert_eq!(set["load_kg"], 12.5);
    assert_eq!(set["load"], 27.56);
    assert_eq!(set["load_unit"], "lb");

    let mut conn = app.store.conn().unwrap();
    let exports: Vec<String> = audit_log::table
        .filter(audit_log::subject_id.eq(ana))
        .filter(audit_log::action.eq("export"))
        .select(audit_log::detail)
        .load(&mut *conn)
        .unwrap();
    assert_eq!(exports, ["json", "json"]);
}

#[tokio::test]
async fn the_csv_export_is_one_table_with_a_record_type_column() {
    let app = spawn_app().await;
    runner_with_everything(&app, &ANA).await;
    let res = app.get("/account/export.csv").await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .ends_with(".csv\""));
    let body = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header[0], "record_type");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let of =
        |kind: &str| -> Vec<&csv::StringRecord> { rows.iter().filter(|r| &r[0] == kind).collect() };
    assert_eq!(of("account").len(), 1);
    assert_eq!(&of("account")[0][col("email")], ANA.email);
    assert_eq!(of("triage").len(), 1);
    let session = of("session");
    assert_eq!(session.len(), 1);
    let sets = of("set");
    assert_eq!(sets.len(), 2);
    assert_eq!(sets[0][col("session_id")], session[0][col("id")]);
    assert_eq!(&sets[0][col("load_kg")], "12.5");
    assert_eq!(&sets[0][col("rpe")], "7.5");
    assert_eq!(&of("checkin")[0][col("stiffness_minutes")], "17");
    assert_eq!(&of("capacity_test")[0][col("pain_free_reps")], "23");
    assert_eq!(&of("run")[0][col("notes")], ANA.run_note);
    assert_eq!(&of("visa_a")[0][col("total")], "57");
}

#[tokio::test]
async fn a_clinician_gets_404_on_the_export_routes() {
    let app = spawn_app().await;
    app.signup("clinician", "dr@example.com").await;
    for path in ["/account/export.json", "/account/export.csv"] {
        assert_eq!(app.get(path).await.status().as_u16(), 404, "{path}");
    }
    let page = app.get_html("/account").await;
    assert!(!page.contains("/account/export.json"));
    assert!(page.contains("action=\"/account/delete\""));
}

fn rows_of(app: &TestApp, user: i64) -> Vec<(&'static str, i64)> {
    let mut conn = app.store.conn().unwrap();
    let c = &mut *conn;
    let sets: i64 = session_sets::table
        .inner_join(training_sessions::table)
        .filter(training_sessions::user_id.eq(user))
        .count()
        .get_result(c)
        .unwrap();
    vec![
        (
            "users",
            users::table.find(user).count().get_result(c).unwrap(),
        ),
        (
            "training_sessions",
            training_sessions::table
                .filter(training_sessions::user_id.eq(user))
                .count()
                .get_result(c)
                .unwrap(),
        ),
        ("session_sets", sets),
        (
            "checkins",
            checkins::table
                .filter(checkins::user_id.eq(user))
                .count()
                .get_result(c)
                .unwrap(),
        ),
        (
            "capacity_tests",
            capacity_tests::table
                .filter(capacity_tests::user_id.eq(user))
                .count()
                .get_result(c)
                .unwrap(),
        ),
        (
            "runs",
            runs::table
                .filter(runs::user_id.eq(user))
                .count()
                .get_result(c)
                .unwrap(),
        ),
        (
            "triages",
            triages::table
                .filter(triages::user_id.eq(user))
                .count()
                .get_result(c)
                .unwrap(),
        ),
        (
            "visa_a_results",
            visa_a_results::table
                .filter(visa_a_results::user_id.eq(user))
                .count()
                .get_result(c)
                .unwrap(),
        ),
        (
            "share_codes",
            share_codes::table
                .filter(share_codes::runner_id.eq(user))
                .count()
                .get_result(c)
                .unwrap(),
        ),
        (
            "clinician_links",
            clinician_links::table
                .filter(
                    clinician_links::runner_id
                        .eq(user)
                        .or(clinician_links::clinician_id.eq(user)),
                )
                .count()
                .get_result(c)
                .unwrap(),
        ),
        (
            "clinician_notes",
            clinician_notes::table
                .filter(
                    clinician_notes::runner_id
                        .eq(user)
                        .or(clinician_notes::clinician_id.eq(user)),
                )
                .count()
                .get_result(c)
                .unwrap(),
        ),
        (
            "auth_sessions",
            auth_sessions::table
                .filter(auth_sessions::user_id.eq(user))
                .count()
                .get_result(c)
                .unwrap(),
        ),
    ]
}

#[tokio::test]
async fn a_wrong_or_missing_password_deletes_nothing() {
    let app = spawn_app().await;
    let ana = runner_with_everything(&app, &ANA).await;
    let before = rows_of(&app, ana);

    for given in ["not-my-password-at-all", ""] {
        let res = app.post("/account/delete", &[("password", given)]).await;
        assert_eq!(res.status().as_u16(), 422, "password {given:?}");
        let html = res.text().await.unwrap();
        assert!(
            html.contains("id=\"password-error\""),
            "error next to the field"
        );
        assert!(html.contains("Nothing has been deleted"));
        assert!(html.contains("aria-invalid=\"true\""));
    }
    assert_eq!(rows_of(&app, ana), before);
    // Still signed in.
    app.get_html("/sessions").await;
}

#[tokio::test]
async fn deleting_with_the_right_password_removes_everything_and_the_email_starts_clean() {
    let app = spawn_app().await;
    let bob = app.another_browser();
    let bob_id = runner_with_everything(&bob, &BOB).await;
    let signup = app.signup("runner", ANA.email).await;
    let old_token = session_token(&signup);
    // Sign in again in a second browser: every session must end, not only this one.
    let phone = app.another_device(ANA.email).await;
    let ana = {
        // Log everything as the same runner, already signed up above.
        let id = user_id(&app, ANA.email).unwrap();
        app.triage("right", "insertion", &["worse_after_speed"])
            .await;
        app.log_insertional(&days_ago(1), "s1", "2").await;
        app.post(
            "/checkin",
            &[
                ("checked_on", &days_ago(1)),
                ("morning_pain", "2"),
                ("stiffness_minutes", "10"),
            ],
        )
        .await;
        app.record_test(&days_ago(1), "right", "20").await;
        app.post(
            "/runs/new",
            &[
                ("performed_on", &days_ago(1)),
                ("kind", "easy"),
                ("duration_minutes", "30"),
                ("distance_km", "5"),
                ("pain_during", "1"),
                ("notes", ""),
            ],
        )
        .await;
        let answers = VisaA::new(ANA.visa, Q8Pattern::A, Q8Minutes::OverThirty).unwrap();
        let mut conn = app.store.conn().unwrap();
        visa::save(
            &mut conn,
            UserId(id),
            chrono::Utc::now().date_naive(),
            &answers,
            now(),
        )
        .unwrap();
        id
    };
    let (_dr, dr_id) = linked_clinician(&app, "dr@example.com", ana, "About Ana.").await;
    {
        // Bob shares with the same clinician; that must survive Ana's deletion.
        let mut conn = app.store.conn().unwrap();
        let (code, _) = sharing::create_code(&mut conn, UserId(bob_id), now()).unwrap();
        sharing::redeem(&mut conn, UserId(dr_id), &code, now()).unwrap();
        let link = sharing::linked(&mut conn, UserId(dr_id), UserId(bob_id))
            .unwrap()
            .unwrap();
        sharing::add_note(&mut conn, link, "About Bob.", now()).unwrap();
    }
    let before = rows_of(&app, ana);
    for (table, n) in &before {
        assert!(*n > 0, "{table} has Ana's data before deletion");
    }
    let bob_before = rows_of(&app, bob_id);

    let res = app.post("/account/delete", &[("password", PASSWORD)]).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/?deleted=1");
    let removal = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("tendo_session="))
        .expect("the cookie is cleared");
    assert!(
        removal.contains("Max-Age=0") || removal.contains("expires="),
        "{removal}"
    );

    for (table, n) in rows_of(&app, ana) {
        assert_eq!(n, 0, "{table} still holds Ana's data");
    }
    assert_eq!(rows_of(&app, bob_id), bob_before, "Bob's data is untouched");
    assert_eq!(user_id(&app, ANA.email), None);

    // The old cookie, replayed, and the other browser are signed out.
    let replay = client()
        .get(app.url("/sessions"))
        .header("cookie", format!("tendo_session={old_token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status().as_u16(), 303);
    assert_eq!(location(&replay), "/login");
    assert_eq!(location(&phone.get("/sessions").await), "/login");

    // A tombstone without personal data.
    {
        let mut conn = app.store.conn().unwrap();
        let tombstone: Vec<(Option<i64>, String)> = audit_log::table
            .filter(audit_log::action.eq("account_deleted"))
            .select((audit_log::subject_id, audit_log::detail))
            .load(&mut *conn)
            .unwrap();
        assert_eq!(tombstone, [(Some(ana), "runner".to_string())]);
    }

    // Signing up again with the same email is a clean start.
    let res = app.signup("runner", ANA.email).await;
    assert_eq!(res.status().as_u16(), 303);
    let new_id = user_id(&app, ANA.email).unwrap();
    assert_ne!(new_id, ana);
    let sessions = app.get_html("/sessions").await;
    assert!(sessions.contains("No sessions yet"));
    let doc: serde_json::Value =
        serde_json::from_str(&app.get_html("/account/export.json").await).unwrap();
    for list in [
        "triages",
        "sessions",
        "checkins",
        "capacity_tests",
        "runs",
        "visa_a",
        "clinicians",
        "clinician_notes",
    ] {
        assert_eq!(doc[list].as_array().unwrap().len(), 0, "{list}");
    }
}

#[tokio::test]
async fn a_clinician_who_deletes_their_account_takes_their_links_and_notes_only() {
    let app = spawn_app().await;
    let ana = runner_with_everything(&app, &ANA).await;
    let (dr, dr_id) = linked_clinician(&app, "dr@example.com", ana, "About Ana.").await;
    let ana_before = rows_of(&app, ana);

    let res = dr.post("/account/delete", &[("password", PASSWORD)]).await;
    assert_eq!(res.status().as_u16(), 303);
    for (table, n) in rows_of(&app, dr_id) {
        assert_eq!(n, 0, "{table} still holds the clinician's data");
    }
    let ana_after = rows_of(&app, ana);
    for ((table, before), (_, after)) in ana_before.iter().zip(&ana_after) {
        match *table {
            "clinician_links" | "clinician_notes" => assert_eq!(*after, 0, "{table}"),
            _ => assert_eq!(after, before, "{table} of the runner is untouched"),
        }
    }
    let mut conn = app.store.conn().unwrap();
    let used_by: Vec<Option<i64>> = share_codes::table
        .filter(share_codes::runner_id.eq(ana))
        .select(share_codes::used_by)
        .load(&mut *conn)
        .unwrap();
    assert_eq!(
        used_by,
        [None],
        "the code no longer names the deleted clinician"
    );
}

#[tokio::test]
async fn deleting_without_a_csrf_token_is_forbidden() {
    let app = spawn_app().await;
    let ana = runner_with_everything(&app, &ANA).await;
    let before = rows_of(&app, ana);
    let res = app
        .post_raw("/account/delete", &[("password", PASSWORD)])
        .await;
    assert_eq!(res.status().as_u16(), 403);
    let res = app
        .post_raw(
            "/account/delete",
            &[("csrf_token", "forged"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 403);
    assert_eq!(rows_of(&app, ana), before);
}

#[tokio::test]
async fn the_account_page_explains_deletion_and_links_the_exports() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let page = app.get_html("/account").await;
    assert!(page.contains("href=\"/account/export.json\""));
    assert!(page.contains("href=\"/account/export.csv\""));
    assert!(page.contains("action=\"/account/delete\""));
    assert!(page.contains("name=\"password\" type=\"password\""));
    assert!(page.contains("check-ins"));
}

#[tokio::test]
async fn check_ins_runs_units_and_time_zone_changes_each_write_one_audit_row() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let day = days_ago(0);
    let saved = [
        app.post(
            "/checkin",
            &[
                ("checked_on", day.as_str()),
                ("morning_pain", "1"),
                ("stiffness_minutes", "5"),
            ],
        )
        .await,
        app.post(
            "/runs/new",
            &[
                ("performed_on", day.as_str()),
                ("kind", "easy"),
                ("duration_minutes", "30"),
                ("distance_km", ""),
                ("pain_during", "1"),
                ("notes", ""),
            ],
        )
        .await,
        app.post("/account/units", &[("units", "lb")]).await,
        app.post("/account/timezone", &[("timezone", "Europe/Berlin")])
            .await,
    ];
    for res in &saved {
        assert_eq!(res.status().as_u16(), 303);
    }
    let ana = user_id(&app, "ana@example.com").unwrap();
    let mut conn = app.store.conn().unwrap();
    for (action, detail) in [
        ("checkin", ""),
        ("run_logged", ""),
        ("units_changed", "lb"),
        ("timezone_changed", "Europe/Berlin"),
    ] {
        let rows: Vec<(Option<i64>, Option<i64>, String)> = audit_log::table
            .filter(audit_log::action.eq(action))
            .select((
                audit_log::actor_id,
                audit_log::subject_id,
                audit_log::detail,
            ))
            .load(&mut *conn)
            .unwrap();
        assert_eq!(rows.len(), 1, "{action}");
        assert_eq!((rows[0].0, rows[0].1), (Some(ana), Some(ana)), "{action}");
        assert!(rows[0].2.starts_with(detail), "{action}: {}", rows[0].2);
    }
    drop(conn);
    let trail = app.get_html("/account/activity").await;
    for label in [
        "Morning check-in saved",
        "Run logged",
        "Units changed",
        "Time zone changed",
    ] {
        assert!(trail.contains(label), "the trail shows {label}");
    }
}
