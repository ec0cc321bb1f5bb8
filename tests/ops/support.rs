//! Starting `tendo` processes and talking to them.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::Client;

use crate::common::client::{client_builder, post_form};
use crate::common::csrf::with_token;
use crate::common::{csrf_in, SignUp};

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The shared client with a time limit: these servers are killed mid-request on purpose.
pub fn client() -> Client {
    client_builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// A running `tendo serve`.
pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Server {
    pub fn start(database_url: &str, port: u16, extra: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tendo"));
        cmd.arg("serve")
            .env("DATABASE_URL", database_url)
            .env("BIND", format!("127.0.0.1:{port}"))
            .env("WORKERS", "2")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(match std::env::var("TENDO_TEST_SERVER_LOG") {
                Ok(path) => std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .map_or_else(|_| Stdio::null(), Stdio::from),
                Err(_) => Stdio::null(),
            });
        for (k, v) in extra {
            cmd.env(k, v);
        }
        Server {
            child: cmd.spawn().expect("tendo starts"),
            port,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    /// Waits until `/healthz` answers 200.
    pub async fn wait_healthy(&self) {
        wait_healthy(&format!("http://127.0.0.1:{}", self.port)).await;
    }

    /// SIGKILL: no chance to flush or finish anything.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

pub async fn wait_healthy(base: &str) {
    let started = Instant::now();
    let c = Client::new();
    loop {
        if let Ok(r) = c.get(format!("{base}/healthz")).send().await {
            if r.status().as_u16() == 200 {
                return;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{base} never became healthy"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A browser-like session against a base URL.
#[derive(Clone)]
pub struct Browser {
    pub base: String,
    pub client: Client,
    pub csrf: String,
}

impl Browser {
    pub fn new(base: &str) -> Browser {
        Browser {
            base: base.to_string(),
            client: client(),
            csrf: String::new(),
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Result<reqwest::Response> {
        self.client.get(format!("{}{path}", self.base)).send().await
    }

    pub async fn refresh_csrf(&mut self, page: &str) {
        let html = self.get(page).await.unwrap().text().await.unwrap();
        self.csrf = csrf_in(&html);
    }

    pub async fn post(
        &self,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Result<reqwest::Response> {
        post_form(
            &self.client,
            &format!("{}{path}", self.base),
            &with_token(&self.csrf, fields),
        )
        .await
    }

    /// Signs up an insertional runner (right side) and keeps the signed-in CSRF token.
    pub async fn runner(&mut self, email: &str) {
        self.refresh_csrf("/signup").await;
        let res = self
            .post(
                "/signup",
                &SignUp::new("Ops Runner", email, "runner").fields(),
            )
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 303, "signup");
        self.refresh_csrf("/account").await;
        let res = self
            .post("/triage", &[("side", "right"), ("location", "insertion")])
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 303, "triage");
    }

    /// Posts one session; `Some(status)` when an answer came back.
    pub async fn post_session(&self, submission_id: &str) -> Option<u16> {
        let day = chrono::Utc::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string();
        let res = self
            .post(
                "/sessions",
                &[
                    ("performed_on", &day),
                    ("submission_id", submission_id),
                    ("exercise", "top-iso-hold"),
                    ("set_side", "right"),
                    ("reps", ""),
                    ("hold_seconds", "45"),
                    ("load", "10"),
                    ("rpe", "8"),
                    ("pain", "2"),
                    ("exercise", "tempo-calf-raise"),
                    ("set_side", "right"),
                    ("reps", "8"),
                    ("hold_seconds", ""),
                    ("load", "5"),
                    ("rpe", "8"),
                    ("pain", "2"),
                ],
            )
            .await;
        res.ok().map(|r| r.status().as_u16())
    }
}

/// How many stored sessions carry each submission id, and SQLite's integrity check.
pub fn stored_submissions(database_url: &str) -> (std::collections::HashMap<String, i64>, String) {
    use diesel::prelude::*;
    use tendo::store::schema::training_sessions::dsl as t;
    use tendo::store::{DatabaseUrl, PoolSettings, Store};
    let url = DatabaseUrl::parse(database_url);
    let store = Store::open(
        &url,
        &PoolSettings {
            max_size: 1,
            connection_timeout: Duration::from_secs(10),
        },
    )
    .unwrap();
    let mut conn = store.conn().unwrap();
    let rows: Vec<(String, i64)> = t::training_sessions
        .group_by(t::submission_id)
        .select((t::submission_id, diesel::dsl::count_star()))
        .load(&mut *conn)
        .unwrap();
    let integrity = if url.is_postgres() {
        "ok".to_string()
    } else {
        #[derive(QueryableByName)]
        struct Check {
            #[diesel(sql_type = diesel::sql_types::Text)]
            integrity_check: String,
        }
        let checks: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
            .load(&mut *conn)
            .unwrap();
        checks
            .into_iter()
            .map(|c| c.integrity_check)
            .collect::<Vec<_>>()
            .join(",")
    };
    (rows.into_iter().collect(), integrity)
}

/// Debian's nginx, or `None` (with a note) when it is not installed; CI must have it.
pub fn nginx_binary() -> Option<&'static str> {
    let nginx = "/usr/sbin/nginx";
    if std::path::Path::new(nginx).exists() {
        return Some(nginx);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI needs nginx for the scale-out tests (apt-get install nginx-light)");
    }
    eprintln!("note: nginx not installed; scale-out checks skipped");
    None
}

/// nginx in front of some instances, with its own temporary prefix.
pub struct Nginx {
    pub port: u16,
    child: Child,
    _dir: std::path::PathBuf,
}

impl Nginx {
    pub fn start(binary: &str, upstreams: &[u16]) -> Nginx {
        let dir = std::env::temp_dir().join(format!("tendo-nginx-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let port = free_port();
        let servers: String = upstreams
            .iter()
            .map(|p| format!("server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;"))
            .collect();
        let is_root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        let d = dir.display();
        let conf = format!(
            "{user}worker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
             events {{ worker_connections 512; }}\n\
             http {{\n access_log off;\n client_body_temp_path {d}/body; proxy_temp_path {d}/proxy;\n\
             fastcgi_temp_path {d}/fcgi; uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;\n\
             upstream tendo {{ {servers} keepalive 16; }}\n\
             server {{ listen 127.0.0.1:{port};\n location / {{ proxy_pass http://tendo; proxy_http_version 1.1;\n\
             proxy_set_header Connection \"\"; proxy_set_header Host $host;\n\
             proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n\
             proxy_next_upstream error timeout; proxy_connect_timeout 1s; }} }}\n}}\n",
            user = if is_root { "user root;\n" } else { "" },
        );
        std::fs::write(dir.join("nginx.conf"), conf).unwrap();
        let child = Command::new(binary)
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts");
        Nginx {
            child,
            port,
            _dir: dir,
        }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
