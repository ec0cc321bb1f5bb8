//! Starts the real app on port 0 with a fresh database, and drives it over HTTP.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use diesel::{Connection, RunQueryDsl};
use reqwest::{redirect, Client, Response};
use tendo::config::Settings;
use tendo::startup::Application;
use tendo::store::Store;

pub const PASSWORD: &str = "calf-raises-at-dawn-42";

pub struct TestApp {
    pub address: String,
    pub client: Client,
    pub store: Store,
    pub database_url: String,
    /// Removes the database when the last app and browser using it are gone (`None` for a
    /// second instance on another app's database).
    pub database: Option<Arc<TestDatabase>>,
}

/// A database made for one test: the SQLite file, or the PostgreSQL database, is removed when
/// this is dropped.
pub struct TestDatabase {
    pub url: String,
}

impl TestDatabase {
    pub fn fresh() -> Arc<TestDatabase> {
        Arc::new(TestDatabase {
            url: fresh_database_url(),
        })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if self.url.starts_with("postgres") {
            let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
                return;
            };
            let Some(name) = self.url.rsplit('/').next() else {
                return;
            };
            if let Ok(mut admin) = diesel::PgConnection::establish(&base) {
                // The app's pool may still hold connections: FORCE ends them.
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin);
            }
        } else {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", self.url));
            }
        }
    }
}

fn unique_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let r: u32 = rand::random();
    format!("tendo_test_{}_{n}_{r:08x}", std::process::id())
}

/// A fresh database URL: a new SQLite file, or a new database on `TEST_DATABASE_URL`.
pub fn fresh_database_url() -> String {
    let name = unique_name();
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            let mut admin = diesel::PgConnection::establish(&base)
                .expect("TEST_DATABASE_URL must point at a reachable PostgreSQL");
            diesel::sql_query(format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .expect("create test database");
            match base.rfind('/') {
                Some(slash)
                    if base[..slash].contains("://") && slash > base.find("://").unwrap() + 2 =>
                {
                    format!("{}/{name}", &base[..slash])
                }
                _ => format!("{base}/{name}"),
            }
        }
        _ => {
            let dir = std::env::temp_dir().join("tendo-tests");
            std::fs::create_dir_all(&dir).unwrap();
            dir.join(format!("{name}.db"))
                .to_string_lossy()
                .into_owned()
        }
    }
}

pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        // Shorter than the server's 5 s keep-alive: never reuse a connection the server is closing.
        .pool_idle_timeout(std::time::Duration::from_secs(2))
        .build()
        .unwrap()
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// A fresh app with some settings changed (`COOKIE_SECURE`, `TRUST_PROXY`, ...).
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let database = TestDatabase::fresh();
    let mut app = spawn_app_configured(&database.url, configure).await;
    app.database = Some(database);
    app
}

/// The app on `database_url` with some settings changed (a second instance on one database).
pub async fn spawn_app_configured(
    database_url: &str,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    let mut settings = Settings::for_database(database_url);
    settings.workers = Some(2);
    configure(&mut settings);
    let app = Application::build(&settings).expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let store = app.store().clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: client(),
        store,
        database_url: database_url.to_string(),
        database: None,
    }
}

/// The value of the first `name="csrf_token"` field in a page.
pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("page has a csrf_token field") + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_string()
}

pub fn location(res: &Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_html(&self, path: &str) -> String {
        let res = self.get(path).await;
        assert_eq!(res.status().as_u16(), 200, "GET {path}");
        res.text().await.unwrap()
    }

    /// A CSRF token valid for this client right now.
    pub async fn csrf(&self) -> String {
        // Signed in or not, the token is on every page with a form; the landing page of a
        // signed-out visitor has none, so ask a page that always has one.
        let res = self.get("/login").await;
        let html = if res.status().as_u16() == 200 {
            res.text().await.unwrap()
        } else {
            self.get_html("/account").await
        };
        csrf_in(&html)
    }

    /// POSTs a form with a valid CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", &token)];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// POSTs exactly these fields.
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let body = serde_html_form::to_string(fields).unwrap();
        self.client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn signup(&self, role: &str, email: &str) -> Response {
        self.post(
            "/signup",
            &[
                ("display_name", "Ana Runner"),
                ("email", email),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("role", role),
                ("timezone", "Europe/Berlin"),
            ],
        )
        .await
    }

    pub async fn signup_runner(&self) -> Response {
        let res = self.signup("runner", "ana@example.com").await;
        assert_eq!(res.status().as_u16(), 303);
        res
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post("/login", &[("email", email), ("password", password)])
            .await
    }

    pub async fn logout(&self) -> Response {
        self.post("/logout", &[]).await
    }

    /// Another browser on the same app.
    pub fn another_browser(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            client: client(),
            store: self.store.clone(),
            database_url: self.database_url.clone(),
            database: self.database.clone(),
        }
    }
}

/// A browser for print checks: `None` (with a note) when Chromium is not installed, except in CI,
/// where its absence fails the test.
pub fn chromium() -> Option<&'static str> {
    let path = "/usr/bin/chromium";
    if std::path::Path::new(path).exists() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI needs Chromium for the print tests (apt-get install chromium poppler-utils)");
    }
    eprintln!("note: Chromium not installed; print page counts not checked here");
    None
}

/// Prints a page's HTML to PDF with headless Chromium on `paper` ("A4" or "Letter") and
/// returns the number of pages, as `pdfinfo` counts them.
pub fn printed_pages(html: &str, base: &str, paper: &str) -> Option<u32> {
    let browser = chromium()?;
    let dir = std::env::temp_dir().join(format!("tendo-print-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = html.replacen(
        "<head>",
        &format!("<head><base href=\"{base}/\"><style>@page {{ size: {paper}; }}</style>"),
        1,
    );
    let html_path = dir.join("page.html");
    std::fs::write(&html_path, page).unwrap();
    let pdf_path = dir.join("page.pdf");
    let status = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf_path.display()))
        .arg(format!("file://{}", html_path.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("chromium runs");
    assert!(status.success(), "chromium printed");
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf_path)
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
    let text = String::from_utf8_lossy(&info.stdout);
    let pages = text
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .expect("pdfinfo reports pages");
    if std::env::var("TENDO_KEEP_PDF").is_ok() {
        eprintln!("kept {}", pdf_path.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Some(pages)
}

impl TestApp {
    /// Answers the triage with these ticked boxes.
    pub async fn triage(&self, side: &str, location: &str, ticked: &[&str]) -> Response {
        let mut fields = vec![("side", side), ("location", location)];
        for t in ticked {
            fields.push((t, "on"));
        }
        self.post("/triage", &fields).await
    }
}

/// The value of `data-<name>="…"` attributes in order of appearance.
pub fn data_attr(html: &str, name: &str) -> Vec<String> {
    let marker = format!("data-{name}=\"");
    html.match_indices(&marker)
        .map(|(i, _)| {
            let start = i + marker.len();
            let end = html[start..].find('"').unwrap() + start;
            html[start..end].to_string()
        })
        .collect()
}

/// One logged set row: (exercise, side, reps, hold_seconds, load, rpe, pain).
pub type Row<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

impl TestApp {
    /// Logs a session with these rows on `date`, under `submission_id`.
    pub async fn log_session(&self, date: &str, submission_id: &str, rows: &[Row<'_>]) -> Response {
        let token = self.csrf().await;
        let mut fields: Vec<(&str, &str)> = vec![
            ("csrf_token", &token),
            ("performed_on", date),
            ("notes", ""),
            ("submission_id", submission_id),
        ];
        for (exercise, side, reps, hold, load, rpe, pain) in rows {
            fields.extend_from_slice(&[
                ("exercise", exercise),
                ("set_side", side),
                ("reps", reps),
                ("hold_seconds", hold),
                ("load", load),
                ("rpe", rpe),
                ("pain", pain),
            ]);
        }
        self.post_raw("/sessions", &fields).await
    }

    /// A calm insertional session at `pain` during.
    pub async fn log_insertional(&self, date: &str, submission_id: &str, pain: &str) -> Response {
        self.log_session(
            date,
            submission_id,
            &[
                ("top-iso-hold", "right", "", "45", "10", "8", pain),
                ("top-iso-hold", "right", "", "45", "10", "8", pain),
                ("tempo-calf-raise", "right", "8", "", "5", "8", pain),
            ],
        )
        .await
    }

    pub async fn record_test(&self, date: &str, side: &str, reps: &str) -> Response {
        self.post(
            "/tests/new",
            &[
                ("performed_on", date),
                ("side", side),
                ("pain_free_reps", reps),
                ("notes", ""),
            ],
        )
        .await
    }

    /// Signs up a runner with an insertional plan on the right side.
    pub async fn insertional_runner(&self) {
        self.signup_runner().await;
        let res = self
            .triage(
                "right",
                "insertion",
                &["worse_after_speed", "worse_with_hills"],
            )
            .await;
        assert_eq!(res.status().as_u16(), 303);
    }
}

/// Today's date in UTC as the form wants it (tests sign up with Europe/Berlin; both agree
/// except for an hour around midnight, so tests use dates a day back where it matters).
pub fn days_ago(n: i64) -> String {
    (chrono::Utc::now().date_naive() - chrono::Duration::days(n))
        .format("%Y-%m-%d")
        .to_string()
}

impl TestApp {
    /// The runner's live share code, made fresh.
    pub async fn share_code(&self) -> String {
        let res = self.post("/share/code", &[]).await;
        assert_eq!(res.status().as_u16(), 303);
        let html = self.get_html("/share").await;
        data_attr(&html, "share-code")
            .into_iter()
            .next()
            .expect("a share code on /share")
    }

    /// Signs up a clinician in this browser and links them with `code`; returns the patient path.
    pub async fn clinician_linked_with(&self, email: &str, code: &str) -> String {
        let res = self.signup("clinician", email).await;
        assert_eq!(res.status().as_u16(), 303);
        let res = self.post("/clinic/link", &[("code", code)]).await;
        assert_eq!(res.status().as_u16(), 303, "linking with {code}");
        location(&res)
    }
}
