use diesel::prelude::*;

use crate::helpers::{location, spawn_app, PASSWORD};

#[tokio::test]
async fn signing_up_signs_the_runner_in_and_lands_on_triage() {
    let app = spawn_app().await;
    let res = app.signup("runner", "ana@example.com").await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/triage");
    let res = app.get("/").await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/today");
}

#[tokio::test]
async fn a_clinician_lands_on_the_clinic() {
    let app = spawn_app().await;
    let res = app.signup("clinician", "dr@example.com").await;
    assert_eq!(location(&res), "/clinic");
    assert_eq!(location(&app.get("/").await), "/clinic");
}

#[tokio::test]
async fn login_and_logout_work_and_a_replayed_cookie_is_refused() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let cookie = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(location(&cookie), "/today");
    // Capture the session cookie as a replaying attacker would.
    let res = app.logout().await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&app.get("/").await), "");

    let res = app.login("ANA@example.com", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303);
    let set_cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("tendo_session="))
        .expect("login sets the session cookie");
    assert!(set_cookie.contains("HttpOnly"));
    assert!(set_cookie.contains("SameSite=Lax"));
    let token = set_cookie
        .trim_start_matches("tendo_session=")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(location(&app.get("/").await), "/today");
    app.logout().await;

    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url("/"))
        .header("cookie", format!("tendo_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        replay.status().as_u16(),
        200,
        "a revoked session is a signed-out visitor"
    );
    assert!(replay.text().await.unwrap().contains("Create an account"));
}

#[tokio::test]
async fn a_post_without_or_with_a_wrong_csrf_token_is_forbidden() {
    let app = spawn_app().await;
    let fields = [
        ("display_name", "Ana"),
        ("email", "ana@example.com"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
        ("role", "runner"),
    ];
    let res = app.post_raw("/signup", &fields).await;
    assert_eq!(res.status().as_u16(), 403);
    let mut with_wrong = vec![("csrf_token", "not-the-token-at-all-not-the-token")];
    with_wrong.extend_from_slice(&fields);
    let res = app.post_raw("/signup", &with_wrong).await;
    assert_eq!(res.status().as_u16(), 403);
    assert!(res.text().await.unwrap().contains("This form has expired"));

    app.signup_runner().await;
    let res = app.post_raw("/logout", &[]).await;
    assert_eq!(res.status().as_u16(), 403);
    assert_eq!(location(&app.get("/").await), "/today", "still signed in");
}

#[tokio::test]
async fn the_sixth_failed_login_in_the_window_is_refused_even_with_the_right_password() {
    let app = spawn_app().await;
    app.signup_runner().await;
    app.logout().await;
    for _ in 0..5 {
        let res = app.login("ana@example.com", "wrong-password-123").await;
        assert_eq!(res.status().as_u16(), 422);
    }
    let res = app.login("ana@example.com", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 429);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Too many failed attempts"));
    assert_eq!(location(&app.get("/").await), "");
}

#[tokio::test]
async fn unknown_email_and_wrong_password_answer_identically() {
    let app = spawn_app().await;
    app.signup_runner().await;
    app.logout().await;
    let a = app.login("nobody@example.com", "wrong-password-123").await;
    let (sa, ba) = (a.status(), a.text().await.unwrap());
    let b = app.login("ana@example.com", "wrong-password-123").await;
    let (sb, bb) = (b.status(), b.text().await.unwrap());
    assert_eq!(sa, sb);
    let strip = |html: &str, email: &str| {
        html.replace(email, "")
            .lines()
            .filter(|l| !l.contains("csrf_token"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        strip(&ba, "nobody@example.com"),
        strip(&bb, "ana@example.com")
    );
}

#[tokio::test]
async fn bad_sign_up_input_is_422_with_values_kept_and_errors_by_their_fields() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/signup",
            &[
                ("display_name", "Ana <b>Runner</b>"),
                ("email", "not-an-email"),
                ("password", "password"),
                ("password_confirm", "different"),
                ("role", "runner"),
                ("timezone", "Mars/Olympus"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("value=\"Ana &#60;b&#62;Runner&#60;/b&#62;\"")
            || html.contains("value=\"Ana &lt;b&gt;Runner&lt;/b&gt;\""),
        "name kept, escaped"
    );
    assert!(html.contains("value=\"not-an-email\""));
    assert!(html.contains("value=\"Mars/Olympus\""));
    for field in ["email", "password", "password_confirm", "timezone"] {
        assert!(
            html.contains(&format!("id=\"{field}-error\"")),
            "error next to {field}"
        );
    }
    assert!(!html.contains("<b>Runner"));
}

#[tokio::test]
async fn an_email_is_unique_whatever_its_case() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let other = app.another_browser();
    let res = other.signup("runner", "ANA@Example.com").await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("already exists"));
}

#[tokio::test]
async fn the_stored_hash_is_argon2id_with_at_least_owasp_parameters() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let mut conn = app.store.conn().unwrap();
    let hash: String = tendo::store::schema::users::table
        .select(tendo::store::schema::users::password_hash)
        .first(&mut *conn)
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    let params = hash.split('$').nth(3).unwrap();
    let get = |k: &str| -> u32 {
        params
            .split(',')
            .find_map(|p| p.strip_prefix(&format!("{k}=")))
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(get("m") >= 19456);
    assert!(get("t") >= 2);
}

#[tokio::test]
async fn sign_up_login_failure_and_logout_are_audited() {
    let app = spawn_app().await;
    app.signup_runner().await;
    app.logout().await;
    app.login("ana@example.com", "wrong-password-123").await;
    app.login("ana@example.com", PASSWORD).await;
    let mut conn = app.store.conn().unwrap();
    let actions: Vec<String> = tendo::store::schema::audit_log::table
        .select(tendo::store::schema::audit_log::action)
        .order(tendo::store::schema::audit_log::id)
        .load(&mut *conn)
        .unwrap();
    assert_eq!(actions, ["signup", "logout", "login_failed", "login"]);
}

#[tokio::test]
async fn a_signed_out_visit_to_a_signed_in_page_goes_to_login() {
    let app = spawn_app().await;
    let res = app.get("/account").await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/login");
}

mod invitations_and_sign_up_limits {
    use tendo::config::ClinicianSignup;
    use tendo::store::{invitations, now};

    use crate::helpers::{location, spawn_app_with, TestApp, PASSWORD};

    async fn invite(app: &TestApp, email: &str) -> String {
        let email = email.to_string();
        app.store
            .write(move |conn| invitations::issue(conn, &email, now()))
            .await
            .unwrap()
    }

    async fn clinician_signup(app: &TestApp, email: &str, invite: &str) -> reqwest::Response {
        app.post(
            "/signup",
            &[
                ("display_name", "Dr Kim"),
                ("email", email),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("role", "clinician"),
                ("invite", invite),
            ],
        )
        .await
    }

    #[tokio::test]
    async fn with_invite_only_sign_up_a_clinician_needs_an_invitation_for_that_address_used_once() {
        let app = spawn_app_with(|s| s.clinician_signup = ClinicianSignup::Invite).await;
        let res = clinician_signup(&app, "kim@clinic.example", "").await;
        assert_eq!(res.status().as_u16(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains("need an invitation"), "{page}");
        assert!(
            page.contains("value=\"kim@clinic.example\""),
            "what was typed stays"
        );

        let token = invite(&app, "Kim@Clinic.example").await;
        let other = app.another_browser();
        let res = clinician_signup(&other, "someone.else@clinic.example", &token).await;
        assert_eq!(
            res.status().as_u16(),
            422,
            "the invitation is for one address"
        );

        // The link fills in the role and the address.
        let form = app.get_html(&format!("/signup?invite={token}")).await;
        assert!(form.contains("value=\"kim@clinic.example\""), "{form}");
        assert!(form.contains(&format!("name=\"invite\" value=\"{token}\"")));
        let res = clinician_signup(&app, "kim@clinic.example", &token).await;
        assert_eq!(res.status().as_u16(), 303);
        assert_eq!(location(&res), "/clinic");

        let again = app.another_browser();
        let res = clinician_signup(&again, "kim2@clinic.example", &token).await;
        assert_eq!(res.status().as_u16(), 422, "used once");
        // Runners sign up as before.
        assert_eq!(
            again
                .signup("runner", "ana@example.com")
                .await
                .status()
                .as_u16(),
            303
        );
    }

    #[tokio::test]
    async fn open_sign_up_needs_no_invitation() {
        let app = spawn_app_with(|_| {}).await;
        assert_eq!(
            clinician_signup(&app, "kim@clinic.example", "")
                .await
                .status()
                .as_u16(),
            303
        );
    }

    #[tokio::test]
    async fn one_network_address_can_create_only_so_many_accounts_an_hour() {
        let app = spawn_app_with(|s| s.signups_per_hour = 3).await;
        for i in 0..3 {
            let browser = app.another_browser();
            let res = browser.signup("runner", &format!("r{i}@example.com")).await;
            assert_eq!(res.status().as_u16(), 303);
        }
        let browser = app.another_browser();
        let res = browser.signup("runner", "r3@example.com").await;
        assert_eq!(res.status().as_u16(), 429);
        let page = res.text().await.unwrap();
        assert!(page.contains("Too many accounts were created from your network"));
        assert!(page.contains("value=\"r3@example.com\""));
    }
}
