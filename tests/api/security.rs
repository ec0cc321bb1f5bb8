//! Password change, signed-in devices, HSTS and cookie prefixes.

use diesel::prelude::*;

use crate::common::csrf::with_token;
use crate::common::SignUp;
use crate::helpers::{
    csrf_in, data_attr, location, spawn_app, spawn_app_configured, spawn_app_with, TestApp,
    PASSWORD,
};

const NEW_PASSWORD: &str = "hurdle-jumps-after-winter-7";
const CHROME_ON_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

fn audit_actions(app: &TestApp) -> Vec<String> {
    use tendo::store::schema::audit_log;
    let mut conn = app.store.conn().unwrap();
    audit_log::table
        .order(audit_log::id)
        .select(audit_log::action)
        .load(&mut *conn)
        .unwrap()
}

fn session_count(app: &TestApp) -> i64 {
    use tendo::store::schema::auth_sessions;
    let mut conn = app.store.conn().unwrap();
    auth_sessions::table.count().get_result(&mut *conn).unwrap()
}

async fn change_password(
    app: &TestApp,
    current: &str,
    new: &str,
    confirm: &str,
) -> reqwest::Response {
    app.post(
        "/account/password",
        &[
            ("current_password", current),
            ("new_password", new),
            ("new_password_confirm", confirm),
        ],
    )
    .await
}

#[tokio::test]
async fn changing_the_password_signs_out_every_other_session_and_keeps_this_one() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let phone = app.another_device("ana@example.com").await;
    assert_eq!(phone.get("/today").await.status().as_u16(), 200);

    let res = change_password(&app, PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/account");
    let page = app.get_html("/account").await;
    assert!(page.contains("Password changed"), "a confirmation is shown");
    // This browser stays in; the phone is out at once.
    assert_eq!(app.get("/today").await.status().as_u16(), 200);
    assert_eq!(location(&phone.get("/today").await), "/login");
    assert!(audit_actions(&app).contains(&"password_changed".to_string()));

    // Only the new password works now.
    let other = app.another_browser();
    assert_eq!(
        other
            .login("ana@example.com", PASSWORD)
            .await
            .status()
            .as_u16(),
        422
    );
    assert_eq!(
        other
            .login("ana@example.com", NEW_PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
}

#[tokio::test]
async fn a_wrong_current_password_is_422_and_counts_toward_the_throttle() {
    let app = spawn_app().await;
    app.signup_runner().await;
    for _ in 0..5 {
        let res = change_password(&app, "not-my-password-at-all", NEW_PASSWORD, NEW_PASSWORD).await;
        assert_eq!(res.status().as_u16(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("not your current password"));
        assert!(
            !html.contains(NEW_PASSWORD),
            "passwords are never sent back"
        );
    }
    // The sixth try is refused even with the right password, and so is a login.
    let res = change_password(&app, PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(res.status().as_u16(), 429);
    let other = app.another_browser();
    assert_eq!(
        other
            .login("ana@example.com", PASSWORD)
            .await
            .status()
            .as_u16(),
        429
    );
    assert!(audit_actions(&app).contains(&"password_change_refused".to_string()));
}

#[tokio::test]
async fn a_new_password_follows_the_sign_up_rules() {
    let app = spawn_app().await;
    app.signup_runner().await;
    for (new, confirm, field) in [
        ("short", "short", "new_password"),
        ("password123", "password123", "new_password"),
        (&"a".repeat(129), &"a".repeat(129), "new_password"),
        (
            NEW_PASSWORD,
            "something-else-entirely",
            "new_password_confirm",
        ),
        (PASSWORD, PASSWORD, "new_password"),
    ] {
        let before = session_count(&app);
        let res = change_password(&app, PASSWORD, new, confirm).await;
        assert_eq!(res.status().as_u16(), 422, "{new}/{confirm}");
        let html = res.text().await.unwrap();
        assert!(
            html.contains(&format!("id=\"{field}-error\"")),
            "error next to {field}"
        );
        assert_eq!(session_count(&app), before);
    }
    let res = change_password(&app, "", NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(res.status().as_u16(), 422);
    // Still the old password.
    assert_eq!(
        app.another_browser()
            .login("ana@example.com", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
}

#[tokio::test]
async fn the_devices_page_lists_own_sessions_with_browser_and_marks_this_one() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let phone = app.another_browser();
    let res = phone
        .login_with_header(
            ("user-agent", CHROME_ON_ANDROID),
            "ana@example.com",
            PASSWORD,
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    // Someone else's session must never show.
    let stranger = app.another_browser();
    assert_eq!(
        stranger
            .signup("runner", "bo@example.com")
            .await
            .status()
            .as_u16(),
        303
    );

    let html = app.get_html("/account/sessions").await;
    let ids = data_attr(&html, "session-id");
    assert_eq!(ids.len(), 2, "two sessions of this account: {ids:?}");
    assert_eq!(data_attr(&html, "current"), vec!["true"]);
    assert!(html.contains("Chrome on Android"));
    assert!(html.contains("This device"));
    let stranger_html = stranger.get_html("/account/sessions").await;
    assert_eq!(data_attr(&stranger_html, "session-id").len(), 1);
    for id in data_attr(&stranger_html, "session-id") {
        assert!(!ids.contains(&id));
    }
}

#[tokio::test]
async fn signing_out_one_device_or_all_others_and_never_someone_elses() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let phone = app.another_device("ana@example.com").await;
    let tablet = app.another_device("ana@example.com").await;
    let stranger = app.another_browser();
    stranger.signup("runner", "bo@example.com").await;
    let stranger_id =
        data_attr(&stranger.get_html("/account/sessions").await, "session-id")[0].clone();

    // Another account's session id: 404, and it stays signed in.
    let res = app
        .post("/account/sessions/revoke", &[("session_id", &stranger_id)])
        .await;
    assert_eq!(res.status().as_u16(), 404);
    assert_eq!(stranger.get("/today").await.status().as_u16(), 200);
    for bad in ["", "abc", "99999999", "-1"] {
        let res = app
            .post("/account/sessions/revoke", &[("session_id", bad)])
            .await;
        assert_eq!(res.status().as_u16(), 404, "{bad:?}");
    }

    // The phone's session, by id.
    let phone_id = data_attr(&phone.get_html("/account/sessions").await, "current")
        .len()
        .min(1);
    assert_eq!(phone_id, 1);
    let phone_html = phone.get_html("/account/sessions").await;
    let current_marker = "data-current=\"true\"";
    let at = phone_html.find(current_marker).unwrap();
    let before = &phone_html[..at];
    let id_at = before.rfind("data-session-id=\"").unwrap() + "data-session-id=\"".len();
    let phone_session = before[id_at..id_at + before[id_at..].find('"').unwrap()].to_string();
    let res = app
        .post(
            "/account/sessions/revoke",
            &[("session_id", &phone_session)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&phone.get("/today").await), "/login");
    assert_eq!(tablet.get("/today").await.status().as_u16(), 200);

    // All others.
    let res = app
        .post("/account/sessions/revoke", &[("session_id", "others")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&tablet.get("/today").await), "/login");
    assert_eq!(app.get("/today").await.status().as_u16(), 200);
    assert_eq!(stranger.get("/today").await.status().as_u16(), 200);
    assert!(audit_actions(&app).contains(&"session_revoked".to_string()));

    // This device itself: signed out, cookie cleared.
    let mine = data_attr(&app.get_html("/account/sessions").await, "session-id")[0].clone();
    let res = app
        .post("/account/sessions/revoke", &[("session_id", &mine)])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/login");
    assert_eq!(location(&app.get("/today").await), "/login");
}

#[tokio::test]
async fn a_revoked_session_is_refused_at_once_on_every_instance() {
    let first = spawn_app().await;
    let second = spawn_app_configured(&first.database_url, |_| {}).await;
    first.signup_runner().await;
    // The same browser (cookie) against a second instance on the same database.
    let laptop = first.another_device("ana@example.com").await;
    let cookie = laptop
        .client
        .get(laptop.url("/today"))
        .send()
        .await
        .unwrap();
    assert_eq!(cookie.status().as_u16(), 200);
    let token = laptop_token(&first, &laptop).await;
    let on_second = |path: &'static str| {
        let (url, token) = (second.url(path), token.clone());
        async move {
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap()
                .get(url)
                .header("cookie", format!("tendo_session={token}"))
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(on_second("/today").await.status().as_u16(), 200);
    let res = first
        .post("/account/sessions/revoke", &[("session_id", "others")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let res = on_second("/today").await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/login");
}

/// The laptop's session token, taken from a fresh login (as the cookie jar holds it).
async fn laptop_token(app: &TestApp, laptop: &TestApp) -> String {
    laptop.logout().await;
    let token = laptop.csrf().await;
    let res = laptop
        .post_raw(
            "/login",
            &[
                ("csrf_token", &token),
                ("email", "ana@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let _ = app;
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find_map(|c| {
            c.strip_prefix("tendo_session=")
                .map(|v| v.split(';').next().unwrap().to_string())
        })
        .expect("a session cookie")
}

#[tokio::test]
async fn over_https_every_response_has_hsts_and_cookies_the_host_prefix() {
    let app = spawn_app_with(|s| s.cookie_secure = true).await;
    for path in [
        "/",
        "/login",
        "/healthz",
        "/no-such-page",
        "/static/app.css",
    ] {
        let res = app.get(path).await;
        assert_eq!(
            res.headers()
                .get("strict-transport-security")
                .map(|v| v.to_str().unwrap()),
            Some("max-age=31536000"),
            "HSTS on {path}"
        );
    }
    let app = app.another_browser();
    let res = app.get("/login").await;
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert!(!cookies.is_empty());
    for c in &cookies {
        assert!(c.starts_with("__Host-"), "{c}");
        assert!(
            c.contains("Secure") && c.contains("Path=/") && !c.contains("Domain"),
            "{c}"
        );
    }
    // Sign-up over "HTTPS": the session and device cookies carry the prefix too.
    let csrf = csrf_in(&res.text().await.unwrap());
    let anon = cookies[0].split(';').next().unwrap().to_string();
    let res = app
        .client
        .post(app.url("/signup"))
        .header("cookie", anon)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            serde_html_form::to_string(with_token(
                &csrf,
                &SignUp::new("Ana", "ana@example.com", "runner").fields(),
            ))
            .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let names: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split('=').next().unwrap().to_string())
        .collect();
    assert!(
        names.contains(&"__Host-tendo_session".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"__Host-tendo_device".to_string()),
        "{names:?}"
    );

    // Plain HTTP: no HSTS, no prefix.
    let plain = spawn_app().await;
    let res = plain.get("/login").await;
    assert!(res.headers().get("strict-transport-security").is_none());
}

#[tokio::test]
async fn the_activity_page_shows_sign_ins_changes_and_clinician_views_of_this_runner_only() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let res = app.post("/account/units", &[("units", "lb")]).await;
    assert_eq!(res.status().as_u16(), 303);
    let res = app
        .post(
            "/checkin",
            &[
                ("checked_on", &crate::helpers::days_ago(1)),
                ("morning_pain", "2"),
                ("stiffness_minutes", "5"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let code = app.share_code().await;
    let clinician = app.another_browser();
    let patient = clinician
        .clinician_linked_with("dr@example.com", &code)
        .await;
    assert_eq!(clinician.get(&patient).await.status().as_u16(), 200);
    assert_eq!(
        clinician
            .get(&format!("{patient}/report"))
            .await
            .status()
            .as_u16(),
        200
    );
    let stranger = app.another_browser();
    stranger.signup("runner", "bo@example.com").await;
    stranger.post("/account/units", &[("units", "lb")]).await;

    let html = app.get_html("/account/activity").await;
    for text in [
        "Account created",
        "Units changed",
        "Morning check-in saved",
        "Share code made",
    ] {
        assert!(html.contains(text), "{text}");
    }
    assert!(
        html.contains("Ana Runner viewed your record"),
        "the clinician's name"
    );
    assert!(html.contains("Ana Runner printed your progress report"));
    assert_eq!(
        data_attr(&html, "clinician-access").len(),
        3,
        "linked, viewed, printed"
    );
    // The stranger's trail has none of it.
    let theirs = stranger.get_html("/account/activity").await;
    assert!(!theirs.contains("viewed your record"));
    assert!(!theirs.contains("Share code"));
    // A sign-in shows its browser.
    let phone = app.another_browser();
    phone
        .login_with_header(
            (
                "user-agent",
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            ),
            "ana@example.com",
            PASSWORD,
        )
        .await;
    let html = app.get_html("/account/activity").await;
    assert!(html.contains("Firefox on Linux (new device)"));
}

#[tokio::test]
async fn the_account_security_pages_need_a_sign_in() {
    let app = spawn_app().await;
    for path in [
        "/account/password",
        "/account/sessions",
        "/account/mfa",
        "/account/activity",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status().as_u16(), 303, "{path}");
        assert_eq!(location(&res), "/login", "{path}");
    }
    for path in [
        "/account/password",
        "/account/sessions/revoke",
        "/account/mfa",
        "/account/mfa/disable",
    ] {
        let res = app.post(path, &[("session_id", "others")]).await;
        assert_eq!(location(&res), "/login", "POST {path}");
    }
}
