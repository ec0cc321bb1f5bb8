//! The operator's commands, run as the real binary.

use std::process::Command;

use crate::common::client::post_form;
use crate::common::csrf::with_token;
use crate::common::{csrf_in, SignUp, TestDatabase};
use crate::support::{client, free_port, Server};

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
    let database = TestDatabase::fresh();
    let database_url = database.url.clone();
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
    let csrf = csrf_in(&form);
    let signup = SignUp::new("Dr Kim", "kim@clinic.example", "clinician").invite(token);
    let res = post_form(
        &http,
        &server.url("/signup"),
        &with_token(&csrf, &signup.fields()),
    )
    .await
    .unwrap();
    assert_eq!(res.status().as_u16(), 303);
}

/// `tendo serve` with its log in a file; the child is killed when the returned guard drops.
struct LoggingServer {
    child: std::process::Child,
    _database: TestDatabase,
    log: std::path::PathBuf,
    base: String,
}

impl LoggingServer {
    async fn start(extra: &[(&str, &str)]) -> LoggingServer {
        let port = free_port();
        let log = std::env::temp_dir().join(format!("tendo-log-{port}-{}.txt", std::process::id()));
        let database = TestDatabase::fresh();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tendo"));
        cmd.arg("serve")
            .env("DATABASE_URL", &database.url)
            .env("BIND", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "info")
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap());
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let server = LoggingServer {
            child: cmd.spawn().unwrap(),
            _database: database,
            log,
            base: format!("http://127.0.0.1:{port}"),
        };
        crate::support::wait_healthy(&server.base).await;
        server
    }

    /// The log so far, after the server had a moment to write it.
    async fn log(&self) -> String {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        std::fs::read_to_string(&self.log).unwrap()
    }
}

impl Drop for LoggingServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

#[tokio::test]
async fn each_request_is_one_log_line_with_its_route_pattern_and_never_its_query_or_ids() {
    let server = LoggingServer::start(&[]).await;
    let base = &server.base;
    let http = client();
    let res = http
        .get(format!("{base}/login?email=private%40example.com"))
        .send()
        .await
        .unwrap();
    let id = res
        .headers()
        .get("x-request-id")
        .expect("a request id")
        .to_str()
        .unwrap()
        .to_string();
    let other = http
        .get(format!("{base}/sessions/4242"))
        .send()
        .await
        .unwrap();
    assert_ne!(
        other
            .headers()
            .get("x-request-id")
            .unwrap()
            .to_str()
            .unwrap(),
        id
    );
    let text = server.log().await;
    let line = text
        .lines()
        .find(|l| l.contains(&id))
        .unwrap_or_else(|| panic!("a line for {id} in:\n{text}"));
    assert!(
        line.contains("route=/login") && line.contains("status=200"),
        "{line}"
    );
    assert!(
        line.contains("method=GET") && line.contains("micros="),
        "{line}"
    );
    assert!(
        !text.contains("private"),
        "no query string in the log:\n{text}"
    );
    assert!(
        text.contains("route=/sessions/{id}") && !text.contains("4242"),
        "{text}"
    );
}

#[tokio::test]
async fn forwarded_headers_without_trust_proxy_are_ignored_with_a_warning() {
    let server = LoggingServer::start(&[]).await;
    let res = client()
        .get(format!("{}/login", server.base))
        .header("X-Forwarded-For", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let text = server.log().await;
    assert!(
        text.lines()
            .any(|l| l.contains("WARN") && l.contains("TRUST_PROXY")),
        "{text}"
    );
}
