use diesel::prelude::*;
use tendo::demo::{self, DemoError, Options, CLINICIAN_EMAIL, PASSWORD};
use tendo::store::schema::{
    capacity_tests, checkins, clinician_links, clinician_notes, training_sessions, users,
    visa_a_results,
};

use crate::helpers::{data_attr, location, spawn_app};

fn count<T>(n: QueryResult<T>) -> T {
    n.unwrap()
}

#[tokio::test]
async fn the_demo_fills_a_fresh_database_with_linked_runners_who_can_sign_in() {
    let app = spawn_app().await;
    let summary = demo::seed(
        &app.store,
        Options {
            runners: 3,
            days: 28,
        },
    )
    .await
    .unwrap();
    assert_eq!(summary.runners, 3);
    assert_eq!(summary.counts.links, 3);
    assert!(summary.report("test.db").contains(PASSWORD));

    {
        let mut conn = app.store.conn().unwrap();
        let conn = &mut *conn;
        let clinician: (i64, String) = users::table
            .filter(users::email.eq(CLINICIAN_EMAIL))
            .select((users::id, users::role))
            .first(conn)
            .unwrap();
        assert_eq!(clinician.1, "clinician");
        let links: i64 = count(
            clinician_links::table
                .filter(clinician_links::clinician_id.eq(clinician.0))
                .count()
                .get_result(conn),
        );
        assert_eq!(links, 3);
        for n in 1..=3 {
            let runner: i64 = users::table
                .filter(users::email.eq(demo::runner_email(n)))
                .select(users::id)
                .first(conn)
                .unwrap();
            let sessions: i64 = count(
                training_sessions::table
                    .filter(training_sessions::user_id.eq(runner))
                    .count()
                    .get_result(conn),
            );
            let tests: i64 = count(
                capacity_tests::table
                    .filter(capacity_tests::user_id.eq(runner))
                    .count()
                    .get_result(conn),
            );
            let mornings: i64 = count(
                checkins::table
                    .filter(checkins::user_id.eq(runner))
                    .count()
                    .get_result(conn),
            );
            let visa: i64 = count(
                visa_a_results::table
                    .filter(visa_a_results::user_id.eq(runner))
                    .count()
                    .get_result(conn),
            );
            assert!(sessions >= 8, "runner{n}: {sessions} sessions");
            assert!(tests >= 2, "runner{n}: {tests} tests");
            assert!(mornings >= 20, "runner{n}: {mornings} check-ins");
            assert!(visa >= 2, "runner{n}: {visa} VISA-A results");
        }
        let notes: i64 = count(
            clinician_notes::table
                .filter(clinician_notes::clinician_id.eq(clinician.0))
                .count()
                .get_result(conn),
        );
        assert!(notes >= 1);
    }

    // Every account shares the printed password.
    let clinician = app.another_browser();
    let res = clinician.login(CLINICIAN_EMAIL, PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303);

    let res = app.login(&demo::runner_email(1), PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&app.get("/").await), "/today");
    app.get_html("/today").await;
    let sessions = app.get_html("/sessions").await;
    let colours = data_attr(&sessions, "monitor");
    assert!(colours.len() >= 8, "{colours:?}");
    assert!(colours
        .iter()
        .all(|c| ["green", "amber", "red"].contains(&c.as_str())));
}

#[tokio::test]
async fn running_the_demo_twice_refuses_and_writes_nothing_more() {
    let app = spawn_app().await;
    let small = Options {
        runners: 1,
        days: 7,
    };
    demo::seed(&app.store, small).await.unwrap();
    let accounts = || -> i64 {
        let mut conn = app.store.conn().unwrap();
        users::table.count().get_result(&mut *conn).unwrap()
    };
    let before = accounts();
    let again = demo::seed(&app.store, small).await;
    match again {
        Err(e @ DemoError::AlreadyPresent(_)) => {
            assert!(e.to_string().contains(CLINICIAN_EMAIL), "{e}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(accounts(), before);
}

/// The part of `html` from the first `start` to the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} in page"));
    let to = html[from..].find(end).map_or(html.len(), |e| from + e);
    &html[from..to]
}

#[tokio::test]
async fn the_patient_list_and_each_review_agree_on_gate_colour_and_attention_for_every_demo_runner()
{
    let app = spawn_app().await;
    demo::seed(
        &app.store,
        Options {
            runners: 6,
            days: 70,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        app.login(CLINICIAN_EMAIL, PASSWORD).await.status().as_u16(),
        303
    );
    let list = app.get_html("/clinic").await;
    let ids = data_attr(&list, "patient");
    assert_eq!(ids.len(), 6);
    for id in ids {
        let row = between(&list, &format!("data-patient=\"{id}\""), "</tr>");
        let review = app.get_html(&format!("/clinic/patients/{id}")).await;
        let status = between(&review, "<p class=\"review-status\">", "</p>");
        let mut list_flags = data_attr(row, "flag");
        let mut review_flags = data_attr(status, "flag");
        list_flags.sort();
        review_flags.sort();
        assert_eq!(list_flags, review_flags, "attention of patient {id}");
        assert_eq!(
            data_attr(row, "monitor"),
            data_attr(status, "monitor"),
            "pain-monitor colour of patient {id}"
        );
        let review_gate = data_attr(&review, "gate");
        assert_eq!(
            data_attr(row, "gate"),
            review_gate.into_iter().take(1).collect::<Vec<_>>(),
            "gate of patient {id}"
        );
        assert_eq!(
            data_attr(row, "run-stage"),
            data_attr(&review, "run-stage")
                .into_iter()
                .take(1)
                .collect::<Vec<_>>(),
            "running stage of patient {id}"
        );
    }
}
