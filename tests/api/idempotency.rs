//! A form sent twice (a double click, a resend) is stored once.

use diesel::prelude::*;

use crate::helpers::{days_ago, location, spawn_app, TestApp};

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

#[tokio::test]
async fn a_hop_test_sent_twice_is_stored_once_and_answered_alike() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let day = days_ago(0);
    let id = submission_id(&app, "/tests/hop").await;
    let hop = [
        ("performed_on", day.as_str()),
        ("side", "right"),
        ("hops", "20"),
        ("pain", "1"),
        ("submission_id", id.as_str()),
    ];
    let first = app.post("/tests/hop", &hop).await;
    let second = app.post("/tests/hop", &hop).await;
    assert_eq!(first.status().as_u16(), 303);
    assert_eq!(second.status().as_u16(), 303);
    assert_eq!(location(&first), location(&second));
    assert_eq!(count(&app, "hop_tests"), 1);
}

/// The ledger rows recorded for `id`: how many, and the answer kept.
fn ledger(app: &TestApp, id: &str) -> Vec<String> {
    use tendo::store::schema::form_submissions as f;
    let mut conn = app.store.conn().unwrap();
    f::table
        .filter(f::submission_id.eq(id))
        .select(f::answer)
        .load(&mut *conn)
        .unwrap()
}

#[tokio::test]
async fn a_session_claims_its_submission_id_in_the_same_ledger_as_every_form() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let day = days_ago(0);
    let id = submission_id(&app, "/today").await;
    let first = app.log_insertional(&day, &id, "2").await;
    let second = app.log_insertional(&day, &id, "2").await;
    assert_eq!(first.status().as_u16(), 303);
    assert_eq!(location(&first), location(&second));
    assert_eq!(count(&app, "training_sessions"), 1);
    assert_eq!(ledger(&app, &id), [location(&first)]);
    // Nothing but the first copy wrote an audit row or a flash.
    assert_eq!(audit_rows(&app, "session_logged"), 1);
}

fn audit_rows(app: &TestApp, action: &str) -> i64 {
    use tendo::store::schema::audit_log as a;
    let mut conn = app.store.conn().unwrap();
    a::table
        .filter(a::action.eq(action))
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

/// Posts `fields` to `path` with an over-long submission id, then checks the 422 page: the
/// message sits next to the field, every typed value is back, nothing was stored, and the form
/// carries a fresh id that works.
async fn refused_then_resent(
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
    typed: &[&str],
    table: &str,
) {
    let too_long = "a".repeat(101);
    let mut sent: Vec<(&str, &str)> = fields.to_vec();
    sent.push(("submission_id", too_long.as_str()));
    let res = app.post(path, &sent).await;
    assert_eq!(res.status().as_u16(), 422, "{path}");
    let html = res.text().await.unwrap();
    assert!(
        html.contains("id=\"submission_id-error\""),
        "{path}: the message sits next to the field"
    );
    assert!(html.contains("submission id is too long"), "{path}");
    for value in typed {
        assert!(html.contains(value), "{path} keeps {value}");
    }
    assert!(
        !html.contains(&too_long),
        "{path}: the refused id is not sent back"
    );
    assert_eq!(count(app, table), 0, "{path} stored nothing");

    let marker = "name=\"submission_id\" value=\"";
    let start = html.find(marker).unwrap() + marker.len();
    let fresh = &html[start..start + html[start..].find('"').unwrap()];
    let mut again: Vec<(&str, &str)> = fields.to_vec();
    again.push(("submission_id", fresh));
    for _ in 0..2 {
        assert_eq!(
            app.post(path, &again).await.status().as_u16(),
            303,
            "{path}"
        );
    }
    assert_eq!(count(app, table), 1, "{path}");
}

#[tokio::test]
async fn an_over_long_submission_id_is_refused_on_every_form_with_the_typed_values_kept() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let day = days_ago(0);
    refused_then_resent(
        &app,
        "/runs/new",
        &[
            ("performed_on", day.as_str()),
            ("kind", "easy"),
            ("duration_minutes", "37"),
            ("distance_km", "6.4"),
            ("pain_during", "1"),
            ("notes", "Canal path, windy"),
        ],
        &["value=\"37\"", "value=\"6.4\"", "Canal path, windy"],
        "runs",
    )
    .await;
    refused_then_resent(
        &app,
        "/tests/new",
        &[
            ("performed_on", day.as_str()),
            ("side", "right"),
            ("pain_free_reps", "19"),
            ("notes", "Left a little stiff"),
        ],
        &["value=\"19\"", "Left a little stiff"],
        "capacity_tests",
    )
    .await;
    refused_then_resent(
        &app,
        "/tests/hop",
        &[
            ("performed_on", day.as_str()),
            ("side", "right"),
            ("hops", "17"),
            ("pain", "2"),
        ],
        &["value=\"17\""],
        "hop_tests",
    )
    .await;
    refused_then_resent(
        &app,
        "/visa-a",
        &[
            ("q1", "5"),
            ("q2", "6"),
            ("q3", "7"),
            ("q4", "8"),
            ("q5", "5"),
            ("q6", "4"),
            ("q7", "4"),
            ("q8_pattern", "B"),
            ("q8_minutes", "11-20"),
        ],
        &["value=\"B\" checked", "value=\"11-20\" checked"],
        "visa_a_results",
    )
    .await;
    refused_then_resent(
        &app,
        "/sessions",
        &[
            ("performed_on", day.as_str()),
            ("notes", "Felt strong today"),
            ("exercise", "tempo-calf-raise"),
            ("set_side", "right"),
            ("reps", "8"),
            ("hold_seconds", ""),
            ("load", "12.5"),
            ("rpe", "7.5"),
            ("pain", "2"),
        ],
        &["Felt strong today", "value=\"12.5\""],
        "training_sessions",
    )
    .await;
}

#[tokio::test]
async fn an_over_long_submission_id_on_a_clinician_note_keeps_the_note() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let code = app.share_code().await;
    let clinic = app.another_browser();
    let patient = clinic.clinician_linked_with("dr@example.com", &code).await;
    refused_then_resent(
        &clinic,
        &format!("{patient}/notes"),
        &[
            ("body", "Keep the hills out for two weeks."),
            ("share_with_runner", "on"),
        ],
        &["Keep the hills out for two weeks.", "value=\"on\" checked"],
        "clinician_notes",
    )
    .await;
}

#[tokio::test]
async fn a_submission_id_with_characters_no_page_makes_is_refused() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let day = days_ago(0);
    for bad in ["two words", "a/b", "<script>"] {
        let res = app
            .post(
                "/runs/new",
                &[
                    ("performed_on", day.as_str()),
                    ("kind", "easy"),
                    ("duration_minutes", "30"),
                    ("distance_km", ""),
                    ("pain_during", "1"),
                    ("notes", ""),
                    ("submission_id", bad),
                ],
            )
            .await;
        assert_eq!(res.status().as_u16(), 422, "{bad}");
        let html = res.text().await.unwrap();
        assert!(html.contains("submission id is damaged"), "{bad}");
    }
    assert_eq!(count(&app, "runs"), 0);
}

#[tokio::test]
async fn a_form_without_a_submission_id_is_stored_each_time_it_is_sent() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let day = days_ago(0);
    let run = [
        ("performed_on", day.as_str()),
        ("kind", "easy"),
        ("duration_minutes", "30"),
        ("distance_km", ""),
        ("pain_during", "1"),
        ("notes", ""),
        ("submission_id", ""),
    ];
    for _ in 0..2 {
        assert_eq!(app.post("/runs/new", &run).await.status().as_u16(), 303);
    }
    assert_eq!(count(&app, "runs"), 2);
}

#[tokio::test]
async fn triage_answers_sent_twice_are_stored_once_and_a_bad_id_keeps_every_answer() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let id = submission_id(&app, "/triage").await;
    let answers = [
        ("side", "right"),
        ("location", "insertion"),
        ("worse_after_speed", "on"),
        ("submission_id", id.as_str()),
    ];
    let first = app.post("/triage", &answers).await;
    let second = app.post("/triage", &answers).await;
    assert_eq!(first.status().as_u16(), 303);
    assert_eq!(second.status().as_u16(), 303);
    assert_eq!(location(&first), location(&second));
    assert_eq!(
        count(&app, "triages"),
        1,
        "one triage however often it is sent"
    );
    assert_eq!(ledger(&app, &id), ["/triage/result"]);

    let too_long = "a".repeat(101);
    let res = app
        .post(
            "/triage",
            &[
                ("side", "left"),
                ("location", "midportion"),
                ("worse_with_hills", "on"),
                ("submission_id", too_long.as_str()),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"submission_id-error\""));
    assert!(html.contains("value=\"left\" checked"));
    assert!(html.contains("value=\"midportion\" checked"));
    assert!(html.contains("name=\"worse_with_hills\" value=\"on\" checked"));
    assert!(!html.contains(&too_long));
    assert_eq!(count(&app, "triages"), 1, "nothing stored under a bad id");
}

/// Reverts migrations, newest first, down to and including the submission ledger's; then applies
/// every migration again.
fn redo_the_ledger_migration<DB, C>(conn: &mut C, folder: &str, between: impl FnOnce(&mut C))
where
    DB: diesel::backend::Backend,
    C: diesel_migrations::MigrationHarness<DB>,
{
    let migrations = || {
        diesel_migrations::FileBasedMigrations::from_path(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder),
        )
        .unwrap()
    };
    loop {
        let reverted = conn.revert_last_migration(migrations()).unwrap();
        if reverted.to_string().replace('-', "") == "20261130010000" {
            break;
        }
    }
    between(conn);
    conn.run_pending_migrations(migrations()).unwrap();
}

/// Sessions stored before the one ledger existed kept their ids in their own column; the ledger's
/// migration copies them in, so a copy of such a form sent afterwards is answered with the stored
/// session instead of being stored a second time.
#[tokio::test]
async fn sessions_stored_before_the_ledger_keep_their_ids_through_its_migration() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let day = days_ago(0);
    let id = submission_id(&app, "/today").await;
    let first = app.log_insertional(&day, &id, "2").await;
    assert_eq!(first.status().as_u16(), 303);
    let session = location(&first);

    // Back to the schema before the ledger (its down script removes the sessions' rows), and
    // forward again.
    macro_rules! redo_on {
        ($connection:ty, $folder:literal) => {{
            let mut conn = <$connection>::establish(&app.database_url).unwrap();
            let mut before: Vec<IdRow> = Vec::new();
            redo_the_ledger_migration(&mut conn, $folder, |conn| {
                before = diesel::sql_query(
                    "SELECT submission_id FROM form_submissions WHERE submission_id = $1",
                )
                .bind::<diesel::sql_types::Text, _>(&id)
                .load(conn)
                .unwrap();
            });
            before
        }};
    }
    let between = if app.database_url.starts_with("postgres") {
        redo_on!(diesel::PgConnection, "migrations/postgres")
    } else {
        redo_on!(diesel::SqliteConnection, "migrations/sqlite")
    };
    assert!(
        between.is_empty(),
        "before the ledger the id was the session's only"
    );
    assert_eq!(
        ledger(&app, &id),
        vec![session.as_str()],
        "copied in with its answer"
    );

    // The same form sent again, through an instance started on the migrated database.
    let later = crate::helpers::spawn_app_configured(&app.database_url, |_| {}).await;
    assert_eq!(
        later
            .login("ana@example.com", crate::helpers::PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    let again = later.log_insertional(&day, &id, "2").await;
    assert_eq!(again.status().as_u16(), 303);
    assert_eq!(location(&again), session);
    assert_eq!(count(&app, "training_sessions"), 1);
}

/// A ledger row, read without the app's schema (the `answer` column may not exist yet).
#[derive(QueryableByName)]
#[allow(dead_code)]
struct IdRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    submission_id: String,
}
