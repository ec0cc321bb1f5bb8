//! The tests' own helpers on top of the shared support: triage, sessions, share codes, print
//! checks and the data attributes the pages carry.

use reqwest::Response;

pub use crate::common::{
    client, csrf_in, location, spawn_app, spawn_app_configured, spawn_app_with, TestApp,
    TestDatabase, PASSWORD,
};

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
