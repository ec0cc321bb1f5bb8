//! Password reset by e-mail and the security e-mails, over HTTP and a real SMTP server.

use chrono::{Duration, NaiveDateTime, Utc};

use crate::helpers::{location, PASSWORD};
use crate::mail::{ana_with_mail, PUBLIC_URL};

const NEW_PASSWORD: &str = "hill-repeats-in-the-rain-7";

fn real_now() -> NaiveDateTime {
    Utc::now().naive_utc() + Duration::seconds(1)
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_signs_out_every_device() {
    let (smtp, app, sender) = ana_with_mail().await;
    let laptop = app.another_device("ana@example.com").await;
    assert_eq!(app.get("/today").await.status().as_u16(), 200);

    let stranger = app.another_browser();
    let res = stranger
        .post("/password/forgot", &[("email", " Ana@Example.com ")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/password/forgot?sent=1");
    sender.deliver(real_now()).await.unwrap();
    let reset = smtp
        .to("ana@example.com")
        .into_iter()
        .find(|m| m.subject() == "Reset your Tendo password")
        .expect("a reset e-mail");
    let link = reset
        .link(&format!("{PUBLIC_URL}/password/reset/"))
        .unwrap();
    let path = link.strip_prefix(PUBLIC_URL).unwrap();

    let form = stranger.get(path).await;
    assert_eq!(form.status().as_u16(), 200);
    let refused = stranger
        .post(
            path,
            &[
                ("new_password", NEW_PASSWORD),
                ("new_password_confirm", "something else"),
            ],
        )
        .await;
    assert_eq!(refused.status().as_u16(), 422);
    assert!(refused
        .text()
        .await
        .unwrap()
        .contains("The two passwords do not match."));
    let done = stranger
        .post(
            path,
            &[
                ("new_password", NEW_PASSWORD),
                ("new_password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status().as_u16(), 303);
    assert_eq!(location(&done), "/login?reset=1");

    // Every session ended, the link is spent, and the new password works.
    for device in [&app, &laptop] {
        let res = device.get("/today").await;
        assert_eq!(res.status().as_u16(), 303);
        assert!(location(&res).starts_with("/login"));
    }
    assert_eq!(
        stranger.get(path).await.status().as_u16(),
        404,
        "single use"
    );
    let again = stranger
        .post(
            path,
            &[
                ("new_password", "another-long-phrase-9"),
                ("new_password_confirm", "another-long-phrase-9"),
            ],
        )
        .await;
    assert_eq!(again.status().as_u16(), 404);
    assert_eq!(
        app.login("ana@example.com", PASSWORD)
            .await
            .status()
            .as_u16(),
        422
    );
    assert_eq!(
        app.login("ana@example.com", NEW_PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );

    sender.deliver(real_now()).await.unwrap();
    assert!(smtp
        .to("ana@example.com")
        .iter()
        .any(|m| m.subject() == "Your Tendo password was changed"));
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_answer_and_no_e_mail() {
    let (smtp, app, sender) = ana_with_mail().await;
    let stranger = app.another_browser();
    let known = stranger
        .post("/password/forgot", &[("email", "ana@example.com")])
        .await;
    let unknown = stranger
        .post("/password/forgot", &[("email", "nobody@example.com")])
        .await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(location(&known), location(&unknown));
    sender.deliver(real_now()).await.unwrap();
    assert!(smtp.to("nobody@example.com").is_empty());
    assert_eq!(smtp.to("ana@example.com").len(), 1);

    let bad = stranger
        .post("/password/forgot", &[("email", "not an address")])
        .await;
    assert_eq!(bad.status().as_u16(), 422);
    assert!(bad
        .text()
        .await
        .unwrap()
        .contains("value=\"not an address\""));
}

#[tokio::test]
async fn requests_for_one_address_are_throttled_and_an_expired_link_is_refused() {
    let (smtp, app, sender) = ana_with_mail().await;
    let stranger = app.another_browser();
    for _ in 0..5 {
        let res = stranger
            .post("/password/forgot", &[("email", "ana@example.com")])
            .await;
        assert_eq!(
            location(&res),
            "/password/forgot?sent=1",
            "the same answer when throttled"
        );
    }
    sender.deliver(real_now()).await.unwrap();
    assert_eq!(smtp.to("ana@example.com").len(), 3, "three an hour");

    let long_ago = Utc::now().naive_utc() - Duration::hours(2);
    let link = app
        .store
        .write(move |conn| tendo::mail::reset_link(conn, "ana@example.com", PUBLIC_URL, long_ago))
        .await
        .unwrap()
        .unwrap();
    let path = link.strip_prefix(PUBLIC_URL).unwrap();
    let res = stranger.get(path).await;
    assert_eq!(res.status().as_u16(), 404);
    assert!(res.text().await.unwrap().contains("Ask for a new link"));
}

#[tokio::test]
async fn a_sign_in_from_a_new_device_and_a_password_change_are_e_mailed() {
    let (smtp, app, sender) = ana_with_mail().await;
    // The browser that signed up is known: signing in there again says nothing.
    app.logout().await;
    assert_eq!(
        app.login("ana@example.com", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    sender.deliver(real_now()).await.unwrap();
    assert!(smtp.to("ana@example.com").is_empty());

    app.another_device("ana@example.com").await;
    let res = app
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
                ("new_password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    sender.deliver(real_now()).await.unwrap();
    let subjects: Vec<String> = smtp
        .to("ana@example.com")
        .iter()
        .map(|m| m.subject())
        .collect();
    assert_eq!(
        subjects
            .iter()
            .filter(|s| *s == "New sign-in to your Tendo account")
            .count(),
        1,
        "{subjects:?}"
    );
    assert_eq!(
        subjects
            .iter()
            .filter(|s| *s == "Your Tendo password was changed")
            .count(),
        1,
        "{subjects:?}"
    );
}

#[tokio::test]
async fn with_e_mail_on_sign_up_answers_a_taken_address_like_a_new_one_and_tells_its_owner() {
    let (smtp, app, sender) = ana_with_mail().await;

    let new = app.another_browser();
    let fresh = new.signup("runner", "bo@example.com").await;
    let prober = app.another_browser();
    let taken = prober.signup("runner", "Ana@Example.com").await;
    assert_eq!(fresh.status(), taken.status());
    assert_eq!(location(&fresh), location(&taken));
    // The prober is not signed in to anyone's account.
    let res = prober.get("/today").await;
    assert_eq!(res.status().as_u16(), 303);
    assert!(location(&res).starts_with("/login"));

    for _ in 0..3 {
        prober.signup("runner", "ana@example.com").await;
    }
    sender.deliver(real_now()).await.unwrap();
    let attempts = smtp
        .to("ana@example.com")
        .iter()
        .filter(|m| m.subject() == "Someone tried to sign up with your address")
        .count();
    assert_eq!(
        attempts, 3,
        "the owner is told, at most three times an hour"
    );
    assert!(smtp.to("bo@example.com").is_empty());
}
