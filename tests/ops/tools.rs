//! The operator's commands, run as the real binary.

use std::process::Command;

use crate::support::{client, csrf_in, free_port, fresh_database_url, Server, PASSWORD};

fn tendo(database_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tendo"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("PUBLIC_URL", "http://tendo.test")
        .env("RUST_LOG", "warn")
        .output()
        .expect("tendo runs")
}

#[tokio::test]
async fn invite_clinician_prints_a_link_that_signs_up_one_clinician_when_sign_up_is_invite_only() {
    let database_url = fresh_database_url();
    let out = tendo(&database_url, &["invite-clinician", "kim@clinic.example"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let link = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let path = link
        .strip_prefix("http://tendo.test")
        .expect("a link on PUBLIC_URL")
        .to_string();
    assert!(path.starts_with("/signup?invite="), "{path}");
    assert!(
        !tendo(&database_url, &["invite-clinician", "not-an-address"])
            .status
            .success()
    );

    let server = Server::start(
        &database_url,
        free_port(),
        &[("CLINICIAN_SIGNUP", "invite")],
    );
    server.wait_healthy().await;
    let http = client();
    let form = http.get(server.url(&path)).send().await.unwrap();
    let form = form.text().await.unwrap();
    assert!(form.contains("value=\"kim@clinic.example\""));
    let token = path.trim_start_matches("/signup?invite=");
    let res = http
        .post(server.url("/signup"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            serde_html_form::to_string([
                ("csrf_token", csrf_in(&form).as_str()),
                ("display_name", "Dr Kim"),
                ("email", "kim@clinic.example"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("role", "clinician"),
                ("invite", token),
            ])
            .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
}
