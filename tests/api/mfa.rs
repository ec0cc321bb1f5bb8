//! Two-step sign-in: set-up, the second step at login, replay, recovery codes, throttling,
//! turning it off, and clinicians required to use it. Codes are computed from the secret with
//! totp-rs, as an authenticator app would.

use diesel::prelude::*;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::helpers::{data_attr, location, spawn_app, spawn_app_with, TestApp, PASSWORD};

fn totp(secret: &str) -> TOTP {
    TOTP::new_unchecked(
        Algorithm::SHA1,
        6,
        1,
        30,
        Secret::Encoded(secret.to_string()).to_bytes().unwrap(),
        None,
        String::new(),
    )
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Waits, if needed, until at least 8 s of the current time step remain, so a code computed
/// "one step old" is still one step old when the server checks it.
async fn early_in_a_step() {
    let into = unix_now() % 30;
    if into > 22 {
        tokio::time::sleep(std::time::Duration::from_secs(30 - into)).await;
    }
}

/// The code `steps` time steps from now (negative: older).
fn code(secret: &str, steps: i64) -> String {
    let t = unix_now() as i64 + steps * 30;
    totp(secret).generate(t as u64)
}

fn user_id(app: &TestApp, email: &str) -> i64 {
    use tendo::store::schema::users;
    let mut conn = app.store.conn().unwrap();
    users::table
        .filter(users::email.eq(email))
        .select(users::id)
        .first(&mut *conn)
        .unwrap()
}

/// Forgets the last used step, so a test can check which steps are accepted.
fn forget_last_step(app: &TestApp) {
    use tendo::store::schema::users;
    let mut conn = app.store.conn().unwrap();
    diesel::update(users::table)
        .set(users::totp_last_step.eq(None::<i64>))
        .execute(&mut *conn)
        .unwrap();
}

fn session_count(app: &TestApp) -> i64 {
    use tendo::store::schema::auth_sessions;
    let mut conn = app.store.conn().unwrap();
    auth_sessions::table.count().get_result(&mut *conn).unwrap()
}

/// Sets two-step sign-in up for the signed-in browser; returns the secret and recovery codes.
async fn set_up(app: &TestApp) -> (String, Vec<String>) {
    let html = app.get_html("/account/mfa").await;
    assert_eq!(data_attr(&html, "mfa"), vec!["off"]);
    assert!(html.contains("<svg role=\"img\""), "an inline QR code");
    assert!(html.contains("otpauth://totp/Tendo:"));
    let secret = data_attr(&html, "totp-secret")[0].clone();
    let res = app
        .post(
            "/account/mfa",
            &[("secret", &secret), ("code", &code(&secret, 0))],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let html = res.text().await.unwrap();
    let codes = data_attr(&html, "recovery-code");
    assert_eq!(codes.len(), 10);
    (secret, codes)
}

/// Password step from a new browser: it must lead to /login/mfa without a session.
async fn password_step(app: &TestApp, email: &str) -> TestApp {
    let browser = app.another_browser();
    let before = session_count(app);
    let res = browser.login(email, PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/login/mfa");
    assert_eq!(
        session_count(app),
        before,
        "no session before the second step"
    );
    assert_eq!(location(&browser.get("/today").await), "/login");
    assert_eq!(browser.get("/login/mfa").await.status().as_u16(), 200);
    browser
}

#[tokio::test]
async fn set_up_needs_a_right_code_and_shows_ten_recovery_codes_stored_hashed() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let html = app.get_html("/account/mfa").await;
    let secret = data_attr(&html, "totp-secret")[0].clone();
    // Wrong code: still off, the same secret offered again.
    let wrong = if code(&secret, 0) == "000000" {
        "111111"
    } else {
        "000000"
    };
    let res = app
        .post("/account/mfa", &[("secret", &secret), ("code", wrong)])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"code-error\""));
    assert_eq!(data_attr(&html, "totp-secret"), vec![secret.clone()]);
    assert_eq!(
        data_attr(&app.get_html("/account/mfa").await, "mfa"),
        vec!["off"]
    );
    // Nothing to log in with a second step yet.
    let other = app.another_browser();
    assert_eq!(
        location(&other.login("ana@example.com", PASSWORD).await),
        "/"
    );

    let res = app
        .post(
            "/account/mfa",
            &[("secret", &secret), ("code", &code(&secret, 0))],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let codes = data_attr(&res.text().await.unwrap(), "recovery-code");
    assert_eq!(codes.len(), 10);
    let page = app.get_html("/account/mfa").await;
    assert_eq!(data_attr(&page, "mfa"), vec!["on"]);
    assert!(
        data_attr(&page, "recovery-code").is_empty(),
        "codes are shown once"
    );
    use tendo::store::schema::recovery_codes;
    let mut conn = app.store.conn().unwrap();
    let stored: Vec<String> = recovery_codes::table
        .select(recovery_codes::code_hash)
        .load(&mut *conn)
        .unwrap();
    assert_eq!(stored.len(), 10);
    for c in &codes {
        let bare = c.replace('-', "");
        assert!(stored.iter().all(|s| !s.contains(&bare)), "stored hashed");
    }
}

#[tokio::test]
async fn login_asks_for_the_code_and_refuses_a_replayed_or_stale_one() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let (secret, _) = set_up(&app).await;

    // A code one step old is accepted (clock drift), once.
    early_in_a_step().await;
    forget_last_step(&app);
    let old = code(&secret, -1);
    let phone = password_step(&app, "ana@example.com").await;
    let res = phone.post("/login/mfa", &[("code", &old)]).await;
    assert_eq!(res.status().as_u16(), 303, "a code one step old");
    assert_eq!(location(&res), "/");
    assert_eq!(phone.get("/today").await.status().as_u16(), 200);
    // The pending sign-in is gone once used.
    assert_eq!(location(&phone.get("/login/mfa").await), "/");

    // Replayed within its window: refused.
    let tablet = password_step(&app, "ana@example.com").await;
    let res = tablet.post("/login/mfa", &[("code", &old)]).await;
    assert_eq!(res.status().as_u16(), 422, "a replayed code");
    assert_eq!(location(&tablet.get("/today").await), "/login");
    // Three steps old: refused.
    forget_last_step(&app);
    let res = tablet
        .post("/login/mfa", &[("code", &code(&secret, -3))])
        .await;
    assert_eq!(res.status().as_u16(), 422, "a stale code");
    // The next step's code (a fast clock) is fine.
    let res = tablet
        .post("/login/mfa", &[("code", &code(&secret, 1))])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(tablet.get("/today").await.status().as_u16(), 200);
    let _ = user_id(&app, "ana@example.com");
}

#[tokio::test]
async fn the_second_step_needs_a_pending_sign_in() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let (secret, _) = set_up(&app).await;
    let stranger = app.another_browser();
    assert_eq!(location(&stranger.get("/login/mfa").await), "/login");
    let res = stranger
        .post("/login/mfa", &[("code", &code(&secret, 1))])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/login");
    assert_eq!(location(&stranger.get("/today").await), "/login");
}

#[tokio::test]
async fn wrong_codes_count_toward_the_login_throttle() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let (secret, _) = set_up(&app).await;
    let phone = password_step(&app, "ana@example.com").await;
    for _ in 0..5 {
        let res = phone.post("/login/mfa", &[("code", "12345x")]).await;
        assert_eq!(res.status().as_u16(), 422);
    }
    let res = phone
        .post("/login/mfa", &[("code", &code(&secret, 1))])
        .await;
    assert_eq!(
        res.status().as_u16(),
        429,
        "even the right code is refused now"
    );
    let other = app.another_browser();
    assert_eq!(
        other
            .login("ana@example.com", PASSWORD)
            .await
            .status()
            .as_u16(),
        429
    );
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let (_, codes) = set_up(&app).await;
    let phone = password_step(&app, "ana@example.com").await;
    let typed = codes[3].to_uppercase().replace('-', " ");
    let res = phone.post("/login/mfa", &[("code", &typed)]).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(phone.get("/today").await.status().as_u16(), 200);
    let again = password_step(&app, "ana@example.com").await;
    let res = again.post("/login/mfa", &[("code", &codes[3])]).await;
    assert_eq!(res.status().as_u16(), 422, "used up");
    let res = again.post("/login/mfa", &[("code", &codes[4])]).await;
    assert_eq!(res.status().as_u16(), 303);
    let page = app.get_html("/account/mfa").await;
    assert!(page.contains("8 unused recovery codes"));
}

#[tokio::test]
async fn turning_it_off_needs_the_password_and_a_code() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let (secret, _) = set_up(&app).await;
    let next = code(&secret, 1);
    let res = app
        .post(
            "/account/mfa/disable",
            &[("password", "wrong-password-here"), ("code", &next)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let res = app
        .post(
            "/account/mfa/disable",
            &[("password", PASSWORD), ("code", "000000x")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let res = app
        .post(
            "/account/mfa/disable",
            &[("password", PASSWORD), ("code", "")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(
        data_attr(&app.get_html("/account/mfa").await, "mfa"),
        vec!["on"]
    );
    let res = app
        .post(
            "/account/mfa/disable",
            &[("password", PASSWORD), ("code", &next)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        data_attr(&app.get_html("/account/mfa").await, "mfa"),
        vec!["off"]
    );
    let other = app.another_browser();
    assert_eq!(
        location(&other.login("ana@example.com", PASSWORD).await),
        "/"
    );
    use tendo::store::schema::audit_log;
    let mut conn = app.store.conn().unwrap();
    let actions: Vec<String> = audit_log::table
        .select(audit_log::action)
        .load(&mut *conn)
        .unwrap();
    for a in ["mfa_enabled", "mfa_disable_refused", "mfa_disabled"] {
        assert!(actions.contains(&a.to_string()), "{a} audited");
    }
}

#[tokio::test]
async fn with_required_mfa_a_clinician_sets_it_up_before_any_patient_page() {
    let app = spawn_app_with(|s| s.require_clinician_mfa = true).await;
    let runner = app.another_browser();
    runner.signup_runner().await;
    let code_for_link = runner.share_code().await;
    let res = app.signup("clinician", "dr@example.com").await;
    assert_eq!(res.status().as_u16(), 303);
    for path in ["/clinic", "/clinic/patients/1", "/clinic/patients/1/report"] {
        let res = app.get(path).await;
        assert_eq!(res.status().as_u16(), 303, "{path}");
        assert_eq!(location(&res), "/account/mfa", "{path}");
    }
    let res = app.post("/clinic/link", &[("code", &code_for_link)]).await;
    assert_eq!(location(&res), "/account/mfa");
    assert!(app
        .get_html("/account/mfa")
        .await
        .contains("Clinicians must set up"));
    set_up(&app).await;
    assert_eq!(app.get("/clinic").await.status().as_u16(), 200);
    // Runners are not asked.
    assert_eq!(runner.get("/today").await.status().as_u16(), 200);
}
