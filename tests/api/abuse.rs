//! Abuse: forged POSTs (no CSRF token, a wrong one, someone else's) and an authorization matrix
//! over every route that takes an id. Each refused write is checked against a snapshot of the
//! database taken just before it: nothing may change.

use diesel::prelude::*;
use reqwest::Response;

use crate::common::SignUp;
use crate::helpers::{csrf_in, days_ago, location, spawn_app, TestApp, PASSWORD};

/// Row counts of every table, plus the columns a refused write could touch.
fn snapshot(app: &TestApp) -> Vec<String> {
    use tendo::store::schema::*;
    let mut conn = app.store.conn().unwrap();
    let c = &mut *conn;
    let mut out = Vec::new();
    macro_rules! count {
        ($($t:ident),*) => {$(
            let n: i64 = $t::table.count().get_result(c).unwrap();
            out.push(format!("{} rows: {n}", stringify!($t)));
        )*};
    }
    count!(
        users,
        auth_sessions,
        throttle_events,
        audit_log,
        triages,
        training_sessions,
        session_sets,
        checkins,
        capacity_tests,
        runs,
        visa_a_results,
        share_codes,
        clinician_links,
        clinician_notes,
        recovery_codes,
        mfa_challenges,
        known_devices,
        mail_preferences,
        account_tokens,
        outbox,
        training_schedules,
        clinician_invitations
    );
    let u: Vec<(i64, String, String, String, i32, Option<String>)> = users::table
        .select((
            users::id,
            users::display_name,
            users::units,
            users::timezone,
            users::gate_threshold,
            users::confirmed_type,
        ))
        .order(users::id)
        .load(c)
        .unwrap();
    out.push(format!("users: {u:?}"));
    let s: Vec<(i64, chrono::NaiveDate, String, chrono::NaiveDateTime)> = training_sessions::table
        .select((
            training_sessions::id,
            training_sessions::performed_on,
            training_sessions::notes,
            training_sessions::updated_at,
        ))
        .order(training_sessions::id)
        .load(c)
        .unwrap();
    out.push(format!("sessions: {s:?}"));
    let t: Vec<(i64, Option<String>)> = triages::table
        .select((triages::id, triages::self_selected))
        .order(triages::id)
        .load(c)
        .unwrap();
    out.push(format!("triages: {t:?}"));
    let codes: Vec<(i64, String, Option<chrono::NaiveDateTime>)> = share_codes::table
        .select((share_codes::id, share_codes::code, share_codes::used_at))
        .order(share_codes::id)
        .load(c)
        .unwrap();
    out.push(format!("share codes: {codes:?}"));
    let links: Vec<(i64, i64, i64)> = clinician_links::table
        .select((
            clinician_links::id,
            clinician_links::clinician_id,
            clinician_links::runner_id,
        ))
        .order(clinician_links::id)
        .load(c)
        .unwrap();
    out.push(format!("links: {links:?}"));
    let tokens: Vec<(i64, String)> = auth_sessions::table
        .select((auth_sessions::id, auth_sessions::token_hash))
        .order(auth_sessions::id)
        .load(c)
        .unwrap();
    out.push(format!("auth sessions: {tokens:?}"));
    let hashes: Vec<(i64, String, Option<String>)> = users::table
        .select((users::id, users::password_hash, users::totp_secret))
        .order(users::id)
        .load(c)
        .unwrap();
    out.push(format!("password hashes: {hashes:?}"));
    out
}

/// Sends `fields` (plus the given `csrf_token`, if any) and checks the database did not change.
async fn refused_write(
    app: &TestApp,
    who: &TestApp,
    path: &str,
    csrf: Option<&str>,
    fields: &[(&str, &str)],
) -> Response {
    let before = snapshot(app);
    let mut all: Vec<(&str, &str)> = Vec::new();
    if let Some(token) = csrf {
        all.push(("csrf_token", token));
    }
    all.extend_from_slice(fields);
    let res = who.post_raw(path, &all).await;
    assert_eq!(
        snapshot(app),
        before,
        "POST {path} (csrf {csrf:?}) changed the database"
    );
    res
}

/// The CSRF token of a signed-in browser (from a page every role can open).
async fn token_of(who: &TestApp) -> String {
    csrf_in(&who.get_html("/account").await)
}

async fn sign_up(app: &TestApp, role: &str, name: &str, email: &str) -> TestApp {
    let browser = app.another_browser();
    let res = browser
        .signup_with(SignUp::new(name, email, role).timezone("Europe/Berlin"))
        .await;
    assert_eq!(res.status().as_u16(), 303, "sign-up of {email}");
    browser
}

/// The cast: an owner runner with a session, a linked clinician, another runner, an unlinked
/// clinician and a signed-out browser.
struct Cast {
    app: TestApp,
    owner: TestApp,
    other_runner: TestApp,
    linked: TestApp,
    unlinked: TestApp,
    signed_out: TestApp,
    session_id: i64,
    runner_id: i64,
    linked_id: String,
}

async fn cast() -> Cast {
    let app = spawn_app().await;
    let owner = sign_up(&app, "runner", "Owner Runner", "owner@example.com").await;
    assert_eq!(
        owner
            .triage("right", "insertion", &["worse_after_speed"])
            .await
            .status()
            .as_u16(),
        303
    );
    let res = owner.log_insertional(&days_ago(1), "first", "2").await;
    assert_eq!(res.status().as_u16(), 303);
    let session_id: i64 = location(&res)
        .trim_start_matches("/sessions/")
        .parse()
        .unwrap();
    let code = owner.share_code().await;
    let linked = sign_up(&app, "clinician", "Dr Linked", "linked@example.com").await;
    let res = linked.post("/clinic/link", &[("code", &code)]).await;
    assert_eq!(res.status().as_u16(), 303);
    let runner_id: i64 = location(&res)
        .trim_start_matches("/clinic/patients/")
        .parse()
        .unwrap();
    // A fresh, unused code, so a forged link attempt would have something to redeem.
    owner.share_code().await;
    let other_runner = sign_up(&app, "runner", "Other Runner", "other@example.com").await;
    let res = other_runner
        .triage("left", "midportion", &["worse_in_morning"])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let unlinked = sign_up(&app, "clinician", "Dr Unlinked", "unlinked@example.com").await;
    let signed_out = app.another_browser();
    // The signed-out browser gets its anonymous CSRF cookie like a real one would.
    signed_out.get_html("/login").await;
    let share = owner.get_html("/share").await;
    let marker = "name=\"clinician_id\" value=\"";
    let start = share.find(marker).unwrap() + marker.len();
    let linked_id = share[start..start + share[start..].find('"').unwrap()].to_string();
    Cast {
        app,
        owner,
        other_runner,
        linked,
        unlinked,
        signed_out,
        session_id,
        runner_id,
        linked_id,
    }
}

fn session_fields(date: &str) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("performed_on", date.to_string()),
        ("notes", "forged".to_string()),
        ("submission_id", "forged-submission".to_string()),
    ];
    for (k, v) in [
        ("exercise", "tempo-calf-raise"),
        ("set_side", "right"),
        ("reps", "8"),
        ("hold_seconds", ""),
        ("load", "5"),
        ("rpe", "7"),
        ("pain", "1"),
    ] {
        fields.push((k, v.to_string()));
    }
    fields
}

fn borrowed<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn every_post_route_refuses_a_missing_or_wrong_csrf_token_and_changes_nothing() {
    let c = cast().await;
    let day = days_ago(1);
    let day = day.as_str();
    let s = c.session_id;
    let r = c.runner_id;
    let session = session_fields(day);
    let session = borrowed(&session);
    let runner_token = token_of(&c.owner).await;
    let clinician_token = token_of(&c.linked).await;
    // Valid tokens, but of other sessions: a forged page cannot use them either.
    let someone_elses_runner_token = token_of(&c.other_runner).await;
    let someone_elses_clinician_token = token_of(&c.unlinked).await;

    type Fields<'a> = Vec<(&'a str, &'a str)>;
    let edit = format!("/sessions/{s}/edit");
    let delete = format!("/sessions/{s}/delete");
    let runner_routes: Vec<(&str, Fields)> = vec![
        ("/logout", vec![]),
        (
            "/triage",
            vec![
                ("side", "left"),
                ("location", "midportion"),
                ("worse_in_morning", "on"),
            ],
        ),
        ("/plan/choose", vec![("plan", "midportion")]),
        ("/sessions", session.clone()),
        (&edit, session.clone()),
        (&delete, vec![]),
        (
            "/checkin",
            vec![
                ("checked_on", day),
                ("morning_pain", "1"),
                ("stiffness_minutes", "5"),
            ],
        ),
        (
            "/tests/new",
            vec![
                ("performed_on", day),
                ("side", "right"),
                ("pain_free_reps", "30"),
                ("notes", ""),
            ],
        ),
        (
            "/runs/new",
            vec![
                ("performed_on", day),
                ("kind", "easy"),
                ("duration_minutes", "30"),
                ("distance_km", "5"),
                ("pain_during", "1"),
                ("notes", ""),
            ],
        ),
        (
            "/tests/hop",
            vec![
                ("performed_on", day),
                ("side", "right"),
                ("hops", "20"),
                ("pain", "1"),
            ],
        ),
        ("/running/volume", vec![("pre_injury_volume", "40")]),
        ("/share/code", vec![]),
        (
            "/share/revoke",
            vec![("clinician_id", c.linked_id.as_str())],
        ),
        ("/account/units", vec![("units", "lb")]),
        ("/account/timezone", vec![("timezone", "America/New_York")]),
        (
            "/visa-a",
            vec![
                ("q1", "5"),
                ("q2", "5"),
                ("q3", "5"),
                ("q4", "5"),
                ("q5", "5"),
                ("q6", "5"),
                ("q7", "4"),
                ("q8_pattern", "A"),
                ("q8_minutes", "1-10"),
            ],
        ),
        (
            "/account/delete",
            vec![("password", crate::helpers::PASSWORD)],
        ),
        (
            "/account/password",
            vec![
                ("current_password", crate::helpers::PASSWORD),
                ("new_password", "a-forged-new-password-19"),
                ("new_password_confirm", "a-forged-new-password-19"),
            ],
        ),
        ("/account/sessions/revoke", vec![("session_id", "others")]),
        (
            "/account/mfa",
            vec![
                ("secret", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
                ("code", "123456"),
            ],
        ),
        (
            "/account/mfa/disable",
            vec![("password", crate::helpers::PASSWORD), ("code", "123456")],
        ),
        (
            "/account/reminders",
            vec![("remind_checkin", "on"), ("remind_at", "06:00")],
        ),
        ("/account/email/verify", vec![]),
        ("/account/calendar/rotate", vec![]),
        ("/plan/schedule", vec![("training_days", "tue")]),
    ];
    let settings = format!("/clinic/patients/{r}/settings");
    let notes = format!("/clinic/patients/{r}/notes");
    let clinician_routes: Vec<(&str, Fields)> = vec![
        ("/logout", vec![]),
        ("/clinic/link", vec![("code", "ABCDEFGH")]),
        (
            &settings,
            vec![
                ("gate_threshold", "35"),
                ("confirmed_type", "midportion"),
                ("run_stage", "2"),
            ],
        ),
        (&notes, vec![("body", "forged note")]),
        ("/account/units", vec![("units", "lb")]),
        (
            "/account/delete",
            vec![("password", crate::helpers::PASSWORD)],
        ),
        (
            "/account/password",
            vec![
                ("current_password", crate::helpers::PASSWORD),
                ("new_password", "a-forged-new-password-19"),
                ("new_password_confirm", "a-forged-new-password-19"),
            ],
        ),
        ("/account/sessions/revoke", vec![("session_id", "others")]),
        (
            "/account/mfa",
            vec![
                ("secret", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
                ("code", "123456"),
            ],
        ),
        (
            "/account/mfa/disable",
            vec![("password", crate::helpers::PASSWORD), ("code", "123456")],
        ),
        (
            "/account/reminders",
            vec![("remind_digest", "on"), ("remind_at", "06:00")],
        ),
    ];
    let signup = [
        ("display_name", "Mallory"),
        ("email", "mallory@example.com"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
        ("role", "runner"),
    ];
    let login = [("email", "owner@example.com"), ("password", PASSWORD)];
    let signed_out_routes: Vec<(&str, Fields)> = vec![
        ("/signup", signup.to_vec()),
        ("/login", login.to_vec()),
        ("/login/mfa", vec![("code", "123456")]),
        ("/password/forgot", vec![("email", "owner@example.com")]),
        (
            "/password/reset/not-a-live-token",
            vec![
                ("new_password", "a-forged-new-password-19"),
                ("new_password_confirm", "a-forged-new-password-19"),
            ],
        ),
    ];

    let cases = [
        (&c.owner, runner_routes, &someone_elses_runner_token),
        (&c.linked, clinician_routes, &someone_elses_clinician_token),
        (&c.signed_out, signed_out_routes, &runner_token),
    ];
    for (who, routes, foreign) in &cases {
        for (path, fields) in routes {
            for csrf in [None, Some(""), Some("wrong-token"), Some(foreign.as_str())] {
                let res = refused_write(&c.app, who, path, csrf, fields).await;
                assert_eq!(res.status().as_u16(), 403, "POST {path} with csrf {csrf:?}");
            }
        }
    }
    // The token must be the form's own field: one in the query string does not count.
    let res = refused_write(
        &c.app,
        &c.owner,
        &format!("/account/units?csrf_token={runner_token}"),
        None,
        &[("units", "lb")],
    )
    .await;
    assert_eq!(res.status().as_u16(), 403);
    // Still signed in after the forged log-outs, and the real tokens still work.
    assert_eq!(c.owner.get("/today").await.status().as_u16(), 200);
    assert_eq!(c.linked.get("/clinic").await.status().as_u16(), 200);
    let res = c
        .owner
        .post_raw(
            "/account/units",
            &[("csrf_token", &runner_token), ("units", "lb")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303, "the right token is accepted");
    let res = c
        .linked
        .post_raw(
            &notes,
            &[("csrf_token", &clinician_token), ("body", "real note")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
}

/// What a request is expected to get.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// 200 for a page, 303 for a write.
    Allowed,
    NotFound,
    Login,
}

#[derive(Clone, Copy)]
enum Method {
    Get,
    Post,
}

struct Route {
    method: Method,
    /// `{id}` is replaced.
    path: &'static str,
    fields: fn() -> Vec<(&'static str, String)>,
    runner_route: bool,
}

fn no_fields() -> Vec<(&'static str, String)> {
    Vec::new()
}
fn edit_fields() -> Vec<(&'static str, String)> {
    session_fields(&days_ago(1))
}
fn settings_fields() -> Vec<(&'static str, String)> {
    vec![
        ("gate_threshold", "30".to_string()),
        ("confirmed_type", "insertional".to_string()),
    ]
}
fn note_fields() -> Vec<(&'static str, String)> {
    vec![("body", "Looks steady.".to_string())]
}

const ROUTES: [Route; 9] = [
    Route {
        method: Method::Get,
        path: "/sessions/{id}",
        fields: no_fields,
        runner_route: true,
    },
    Route {
        method: Method::Get,
        path: "/sessions/{id}/edit",
        fields: no_fields,
        runner_route: true,
    },
    Route {
        method: Method::Post,
        path: "/sessions/{id}/edit",
        fields: edit_fields,
        runner_route: true,
    },
    Route {
        method: Method::Post,
        path: "/sessions/{id}/delete",
        fields: no_fields,
        runner_route: true,
    },
    Route {
        method: Method::Get,
        path: "/clinic/patients/{id}",
        fields: no_fields,
        runner_route: false,
    },
    Route {
        method: Method::Post,
        path: "/clinic/patients/{id}/settings",
        fields: settings_fields,
        runner_route: false,
    },
    Route {
        method: Method::Post,
        path: "/clinic/patients/{id}/notes",
        fields: note_fields,
        runner_route: false,
    },
    Route {
        method: Method::Get,
        path: "/clinic/patients/{id}/print",
        fields: no_fields,
        runner_route: false,
    },
    Route {
        method: Method::Get,
        path: "/clinic/patients/{id}/report",
        fields: no_fields,
        runner_route: false,
    },
];

/// Sends the request as `who` with their own valid CSRF token. A refused write must leave the
/// database as it was.
async fn attempt(
    app: &TestApp,
    (who, as_who): (&TestApp, &str),
    route: &Route,
    id: &str,
    expect: Expect,
) {
    let path = route.path.replace("{id}", id);
    let label = format!(
        "{} {path} as {as_who}",
        match route.method {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    );
    let (status, loc) = match route.method {
        Method::Get => {
            let res = who.get(&path).await;
            (res.status().as_u16(), location(&res))
        }
        Method::Post => {
            // A signed-out visitor has only the anonymous token; anyone else their session's.
            let token = match who.get("/account").await {
                res if res.status().as_u16() == 200 => csrf_in(&res.text().await.unwrap()),
                _ => csrf_in(&who.get_html("/login").await),
            };
            let fields = (route.fields)();
            let mut all: Vec<(&str, &str)> = vec![("csrf_token", &token)];
            all.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
            let before = snapshot(app);
            let res = who.post_raw(&path, &all).await;
            if expect != Expect::Allowed {
                assert_eq!(
                    snapshot(app),
                    before,
                    "{label} was refused but changed data"
                );
            }
            (res.status().as_u16(), location(&res))
        }
    };
    match expect {
        Expect::Allowed => {
            let want = match route.method {
                Method::Get => 200,
                Method::Post => 303,
            };
            assert_eq!(status, want, "{label} should be allowed");
        }
        Expect::NotFound => assert_eq!(status, 404, "{label} should be 404"),
        Expect::Login => {
            assert_eq!(status, 303, "{label} signed out");
            assert_eq!(loc, "/login", "{label} signed out goes to /login");
        }
    }
}

#[tokio::test]
async fn every_route_with_an_id_answers_only_its_owner_or_a_linked_clinician() {
    let c = cast().await;
    let session = c.session_id.to_string();
    let runner = c.runner_id.to_string();
    // The other runner's own session, to make sure ids are not merely unknown.
    let res = c
        .other_runner
        .log_session(
            &days_ago(1),
            "other",
            &[("mid-iso-hold", "left", "", "45", "", "8", "1")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let other_session = location(&res).trim_start_matches("/sessions/").to_string();
    let other_runner_id = {
        use tendo::store::schema::users;
        let mut conn = c.app.store.conn().unwrap();
        users::table
            .filter(users::email.eq("other@example.com"))
            .select(users::id)
            .first::<i64>(&mut *conn)
            .unwrap()
            .to_string()
    };

    // Refusals first (they must change nothing), then the allowed writes, delete last.
    for route in &ROUTES {
        let id = if route.runner_route {
            &session
        } else {
            &runner
        };
        let who: [(&TestApp, Expect, &str); 4] = if route.runner_route {
            [
                (&c.other_runner, Expect::NotFound, "another runner"),
                (&c.unlinked, Expect::NotFound, "an unlinked clinician"),
                (&c.linked, Expect::NotFound, "a linked clinician"),
                (&c.signed_out, Expect::Login, "signed out"),
            ]
        } else {
            [
                (&c.owner, Expect::NotFound, "the runner themself"),
                (&c.other_runner, Expect::NotFound, "another runner"),
                (&c.unlinked, Expect::NotFound, "an unlinked clinician"),
                (&c.signed_out, Expect::Login, "signed out"),
            ]
        };
        for (browser, expect, as_who) in who {
            attempt(&c.app, (browser, as_who), route, id, expect).await;
        }
        // Someone else's id, for the one who may use this route.
        let (allowed, foreign) = if route.runner_route {
            ((&c.owner, "the owner"), &other_session)
        } else {
            ((&c.linked, "the linked clinician"), &other_runner_id)
        };
        attempt(&c.app, allowed, route, foreign, Expect::NotFound).await;
        // Ids that are not integers, or do not fit one, or name nothing.
        for bad in [
            "abc",
            "1.5",
            "1e3",
            "%20",
            "-",
            "0x1",
            "99999999999999999999",
            "-99999999999999999999",
            "9223372036854775807",
            "-9223372036854775808",
            "0",
            "-1",
        ] {
            attempt(&c.app, allowed, route, bad, Expect::NotFound).await;
        }
    }

    // The owner and the linked clinician may.
    for route in &ROUTES {
        if route.path.ends_with("/delete") {
            continue;
        }
        let (who, id) = if route.runner_route {
            ((&c.owner, "the owner"), &session)
        } else {
            ((&c.linked, "the linked clinician"), &runner)
        };
        attempt(&c.app, who, route, id, Expect::Allowed).await;
    }
    let notes: i64 = {
        use tendo::store::schema::clinician_notes;
        let mut conn = c.app.store.conn().unwrap();
        clinician_notes::table
            .count()
            .get_result(&mut *conn)
            .unwrap()
    };
    assert_eq!(notes, 1, "the linked clinician's note was saved");
    let delete = ROUTES.iter().find(|r| r.path.ends_with("/delete")).unwrap();
    attempt(
        &c.app,
        (&c.owner, "the owner"),
        delete,
        &session,
        Expect::Allowed,
    )
    .await;
    assert_eq!(
        c.owner
            .get(&format!("/sessions/{session}"))
            .await
            .status()
            .as_u16(),
        404,
        "deleted"
    );
    // The other runner's session is untouched by all of it.
    assert_eq!(
        c.other_runner
            .get(&format!("/sessions/{other_session}"))
            .await
            .status()
            .as_u16(),
        200
    );
}

/// The clinician's view of one session carries two ids: the runner's and the session's. Only a
/// clinician linked to that runner, asking for a session of that runner, sees it.
#[tokio::test]
async fn a_session_opens_to_its_sets_only_for_the_linked_clinician() {
    let c = cast().await;
    let res = c
        .other_runner
        .log_session(
            &days_ago(1),
            "other",
            &[("mid-iso-hold", "left", "", "45", "", "8", "1")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let other_session = location(&res).trim_start_matches("/sessions/").to_string();
    let mine = format!("/clinic/patients/{}/sessions/{}", c.runner_id, c.session_id);

    let html = c.linked.get_html(&mine).await;
    assert!(html.contains("Weighted tempo calf raise"), "{html}");
    assert!(!html.contains("tempo-calf-raise<"), "names, not slugs");
    for (who, as_who) in [
        (&c.owner, "the runner themself"),
        (&c.other_runner, "another runner"),
        (&c.unlinked, "an unlinked clinician"),
    ] {
        assert_eq!(who.get(&mine).await.status().as_u16(), 404, "{as_who}");
    }
    let res = c.signed_out.get(&mine).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/login");
    // Another runner's session under the linked runner's id, and bad ids: 404.
    for session in [
        other_session.as_str(),
        "abc",
        "0",
        "-1",
        "99999999999999999999",
    ] {
        let path = format!("/clinic/patients/{}/sessions/{session}", c.runner_id);
        assert_eq!(c.linked.get(&path).await.status().as_u16(), 404, "{path}");
    }
    for runner in ["abc", "0", "9223372036854775807"] {
        let path = format!("/clinic/patients/{runner}/sessions/{}", c.session_id);
        assert_eq!(c.linked.get(&path).await.status().as_u16(), 404, "{path}");
    }
}
