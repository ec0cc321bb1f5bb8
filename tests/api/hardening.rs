//! Findings of an external scan, closed: per-address throttling behind a proxy and under a flood,
//! a bounded time for request bodies, sign-up throttling, HEAD on GET routes, control characters.

use diesel::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{location, spawn_app, spawn_app_with, TestApp, PASSWORD};

/// A login from a fresh browser, with `X-Forwarded-For: forwarded`.
async fn login_via_proxy(app: &TestApp, forwarded: &str, email: &str, password: &str) -> u16 {
    app.another_browser()
        .login_with_header(("x-forwarded-for", forwarded), email, password)
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn behind_a_proxy_the_address_is_the_one_the_proxy_appended_not_the_clients_own() {
    let app = spawn_app_with(|s| s.trust_proxy = 1).await;
    app.signup_runner().await;
    // 20 failures against 20 different accounts, each with a different address of the client's
    // own making in front of the one the proxy appended.
    for i in 0..20 {
        let status = login_via_proxy(
            &app,
            &format!("10.0.{i}.1, 198.51.100.7"),
            &format!("nobody{i}@example.com"),
            "wrong-password-x",
        )
        .await;
        assert_eq!(status, 422);
    }
    // The address is held back, whatever the client writes in front of it...
    let status = login_via_proxy(&app, "10.9.9.9, 198.51.100.7", "ana@example.com", PASSWORD).await;
    assert_eq!(status, 429);
    // ...while another address is not.
    let status = login_via_proxy(&app, "10.0.0.1, 198.51.100.8", "ana@example.com", PASSWORD).await;
    assert_eq!(status, 303);
}

#[tokio::test]
async fn a_flood_of_failures_from_one_address_does_not_lock_out_owners_on_their_own_devices() {
    let app = spawn_app().await;
    app.signup_runner().await; // this browser is now a known device of ana's account
    let bo = app.another_browser();
    assert_eq!(
        bo.signup("runner", "bo@example.com")
            .await
            .status()
            .as_u16(),
        303
    );
    app.logout().await;
    bo.logout().await;
    let attacker = app.another_browser();
    for i in 0..25 {
        let res = attacker
            .login(&format!("victim{i}@example.com"), "wrong-password-x")
            .await;
        assert!(matches!(res.status().as_u16(), 422 | 429));
    }
    // Same address (127.0.0.1), but browsers these accounts signed in from before: let in.
    assert_eq!(
        app.login("ana@example.com", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    assert_eq!(
        bo.login("bo@example.com", PASSWORD).await.status().as_u16(),
        303
    );
    // The attacker's browser, and any unknown browser, stays held back on that address.
    assert_eq!(
        attacker
            .login("ana@example.com", PASSWORD)
            .await
            .status()
            .as_u16(),
        429
    );
    // The per-account limit still holds for a known device.
    for _ in 0..5 {
        attacker.login("ana@example.com", "wrong-password-x").await;
    }
    app.logout().await;
    for _ in 0..5 {
        app.login("ana@example.com", "wrong-password-y").await;
    }
    assert_eq!(
        app.login("ana@example.com", PASSWORD)
            .await
            .status()
            .as_u16(),
        429
    );
}

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let app = spawn_app().await;
    for (path, want) in [
        ("/healthz", 200),
        ("/login", 200),
        ("/signup", 200),
        ("/", 200),
        ("/static/app.css", 200),
        ("/today", 303),
        ("/nothing-here", 404),
    ] {
        let res = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(res.status().as_u16(), want, "HEAD {path}");
        let get = app.get(path).await;
        assert_eq!(get.status().as_u16(), want, "GET {path}");
        assert_eq!(
            res.headers().get("content-type"),
            get.headers().get("content-type"),
            "{path}"
        );
        assert!(
            res.bytes().await.unwrap().is_empty(),
            "HEAD {path} has no body"
        );
    }
    app.signup_runner().await;
    let res = app.client.head(app.url("/today")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
}

#[tokio::test]
async fn a_body_that_trickles_in_is_cut_off() {
    let app = spawn_app().await;
    let token = app.csrf().await;
    let _ = token;
    let addr = app.address.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    stream
        .write_all(
            b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\ncsrf_token=a",
        )
        .await
        .unwrap();
    // Nothing more is sent: the server must answer (408) and not wait for ever.
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                answer.extend_from_slice(&buf[..n]);
                if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
        }
    }
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
}

#[tokio::test]
async fn control_characters_in_free_text_are_stripped() {
    let app = spawn_app().await;
    app.insertional_runner().await;
    let res = app
        .post(
            "/tests/new",
            &[
                ("performed_on", &crate::helpers::days_ago(1)),
                ("side", "right"),
                ("pain_free_reps", "20"),
                ("notes", "felt\u{0} fine\u{1b}[2J\nsecond line"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303, "{}", location(&res));
    use tendo::store::schema::capacity_tests;
    let mut conn = app.store.conn().unwrap();
    let notes: String = capacity_tests::table
        .select(capacity_tests::notes)
        .first(&mut *conn)
        .unwrap();
    assert_eq!(notes, "felt fine[2J\nsecond line");
}
