//! Every page, as a runner, a clinician and a signed-out visitor see it with the demo's data,
//! checked with axe-core in Chromium at 360 px and 1280 px, and its HTML with the Nu Html Checker
//! (vnu). Both come from npm (`axe-core`, `vnu-jar`, pinned in `tests/a11y/package-lock.json`):
//! `.ci/run` installs them with `npm ci --prefix tests/a11y`; `TENDO_A11Y_TOOLS` may name another
//! directory holding their `node_modules`. vnu runs on `java` (17 or later).

use std::collections::hash_map::{Entry, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use diesel::prelude::*;
use fantoccini::Client;
use tendo::demo::{self, Options, CLINICIAN_EMAIL};
use tendo::store::schema::users;
use tendo::store::tokens::{self, Purpose};
use tendo::store::users::UserId;

use super::{arrive, browser_sized, driver, journey, Steps};
use crate::helpers::TestApp;
use crate::mail::spawn_mail_app;
use crate::smtp::SmtpServer;

struct Tools {
    axe: PathBuf,
    vnu: PathBuf,
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// The axe-core script and vnu.jar; `None` (with a note) when they are not installed, except in
/// CI, where their absence fails the test.
fn tools() -> Option<Tools> {
    let dir = std::env::var_os("TENDO_A11Y_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/a11y"));
    let modules = dir.join("node_modules");
    let tools = Tools {
        axe: modules.join("axe-core/axe.min.js"),
        vnu: modules.join("vnu-jar/build/dist/vnu.jar"),
    };
    let missing: Vec<_> = [&tools.axe, &tools.vnu]
        .into_iter()
        .filter(|p| !p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if missing.is_empty() {
        return Some(tools);
    }
    let how = "npm ci --ignore-scripts --prefix tests/a11y (or set TENDO_A11Y_TOOLS)";
    if in_ci() {
        panic!(
            "CI needs {} for the accessibility checks: {how}",
            missing.join(", ")
        );
    }
    eprintln!(
        "note: {} missing; accessibility checks skipped: {how}",
        missing.join(", ")
    );
    None
}

/// Who looks at a page: a signed-out visitor, demo runner `n`, or the demo clinician.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Viewer {
    Visitor,
    Runner(usize),
    Clinician,
}

impl Viewer {
    fn email(self) -> Option<String> {
        match self {
            Viewer::Visitor => None,
            Viewer::Runner(n) => Some(demo::runner_email(n)),
            Viewer::Clinician => Some(CLINICIAN_EMAIL.to_string()),
        }
    }
}

/// A page to check: `path` as `viewer` sees it, or, when `submitted`, the page its form answers
/// with after being sent blank (the form again, with its error messages).
struct Page {
    viewer: Viewer,
    path: String,
    submitted: bool,
    /// The status of a page that is not `submitted` (sent blank, any 4xx will do).
    status: u16,
}

impl Page {
    fn new(viewer: Viewer, path: &str) -> Page {
        Page {
            viewer,
            path: path.to_string(),
            submitted: false,
            status: 200,
        }
    }
    fn blank_submit(viewer: Viewer, path: &str) -> Page {
        Page {
            submitted: true,
            ..Page::new(viewer, path)
        }
    }
    fn name(&self) -> String {
        let sent = if self.submitted { " (sent blank)" } else { "" };
        format!("{:?} {}{sent}", self.viewer, self.path)
    }
}

/// The demo's data (6 runners with different stories, all linked with the demo clinician), and
/// the pages to check: every runner page as runner 1 (insertional, the hurdle-jump gate open), the
/// pages whose content depends most on the story as the other runners, the clinician's list, the
/// review of every patient and the printout and report of two, the signed-out pages, and the
/// forms that answer a blank submission with error messages.
struct Site {
    app: TestApp,
    pages: Vec<Page>,
    _smtp: SmtpServer,
}

/// Every `href="{prefix}N"` in `html`, as paths, in order and without repeats.
fn links(html: &str, prefix: &str) -> Vec<String> {
    let marker = format!("href=\"{prefix}");
    let mut found: Vec<String> = Vec::new();
    for (i, _) in html.match_indices(&marker) {
        let start = i + "href=\"".len();
        let digits = html[start + prefix.len()..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap();
        let link = html[start..start + prefix.len() + digits].to_string();
        if digits > 0 && !found.contains(&link) {
            found.push(link);
        }
    }
    found
}

async fn site() -> Site {
    // E-mail on, so the reminder and password-reset pages show their forms.
    let smtp = SmtpServer::start().await;
    let (app, _sender) = spawn_mail_app(&smtp).await;
    demo::seed(
        &app.store,
        Options {
            runners: 6,
            days: 42,
        },
    )
    .await
    .expect("demo data");

    let runner = app.another_browser();
    let res = runner.login(&demo::runner_email(1), demo::PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303, "the demo runner signs in");
    let session = links(&runner.get_html("/sessions").await, "/sessions/")
        .into_iter()
        .next()
        .expect("a logged session");

    let clinician = app.another_browser();
    let res = clinician.login(CLINICIAN_EMAIL, demo::PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303, "the demo clinician signs in");
    let patients = links(&clinician.get_html("/clinic").await, "/clinic/patients/");
    assert_eq!(patients.len(), 6, "every demo runner is on the list");
    let mut patient_session = None;
    for patient in &patients {
        let html = clinician.get_html(patient).await;
        if let Some(link) = links(&html, &format!("{patient}/sessions/"))
            .into_iter()
            .next()
        {
            patient_session = Some(link);
            break;
        }
    }
    let patient_session = patient_session.expect("a session on a review");

    let reset = {
        let mut conn = app.store.conn().unwrap();
        let email = demo::runner_email(1);
        let id: i64 = users::table
            .filter(users::email.eq(&email))
            .select(users::id)
            .first(&mut *conn)
            .unwrap();
        let token = tokens::issue(
            &mut conn,
            UserId(id),
            &email,
            Purpose::PasswordReset,
            chrono::Utc::now().naive_utc(),
        )
        .unwrap();
        format!("/password/reset/{token}")
    };

    let visitor = Viewer::Visitor;
    let mut pages: Vec<Page> = [
        "/",
        "/login",
        "/signup",
        "/password/forgot",
        "/password/forgot?sent=1",
        &reset,
    ]
    .into_iter()
    .map(|p| Page::new(visitor, p))
    .collect();
    // Pages that answer 404 and still say what to do.
    for p in [
        "/no-such-page",
        "/password/reset/not-a-token",
        "/reminders/unsubscribe/not-a-token",
    ] {
        pages.push(Page {
            status: 404,
            ..Page::new(visitor, p)
        });
    }
    for p in ["/login", "/signup", "/password/forgot", &reset] {
        pages.push(Page::blank_submit(visitor, p));
    }
    let one = Viewer::Runner(1);
    for p in [
        "/today",
        "/plan",
        "/plan/print",
        "/plan/schedule",
        "/sessions",
        &session,
        &format!("{session}/edit"),
        "/checkin",
        "/tests/new",
        "/tests/hop",
        "/runs/new",
        "/runs",
        "/running",
        "/visa-a",
        "/progress",
        "/share",
        "/account",
        "/account/password",
        "/account/sessions",
        "/account/mfa",
        "/account/activity",
        "/account/reminders",
        "/triage",
        "/triage/result",
    ] {
        pages.push(Page::new(one, p));
    }
    pages.push(Page {
        status: 404,
        ..Page::new(one, "/account/email/verify/not-a-token")
    });
    for p in [
        "/checkin",
        "/tests/new",
        "/runs/new",
        "/visa-a",
        "/triage",
        "/account/password",
        "/account/mfa",
    ] {
        pages.push(Page::blank_submit(one, p));
    }
    for n in 2..=6 {
        for p in ["/today", "/plan", "/running", "/triage/result"] {
            pages.push(Page::new(Viewer::Runner(n), p));
        }
    }
    pages.push(Page::new(Viewer::Clinician, "/clinic"));
    for (i, patient) in patients.iter().enumerate() {
        pages.push(Page::new(Viewer::Clinician, patient));
        // The printouts of the two patients listed first, who need attention the most.
        if i < 2 {
            pages.push(Page::new(Viewer::Clinician, &format!("{patient}/print")));
            pages.push(Page::new(Viewer::Clinician, &format!("{patient}/report")));
        }
    }
    pages.push(Page::new(Viewer::Clinician, &patient_session));
    pages.push(Page::new(Viewer::Clinician, "/account"));
    pages.push(Page::new(Viewer::Clinician, "/account/reminders"));
    Site {
        app,
        pages,
        _smtp: smtp,
    }
}

pub(super) async fn sign_in(c: &Client, base: &str, email: &str) -> Result<(), String> {
    c.goto(&format!("{base}/login"))
        .await
        .map_err(|e| e.to_string())?;
    c.fill("#email", email).await?;
    c.fill("#password", demo::PASSWORD).await?;
    c.click("form.form button[type=submit]").await?;
    arrive(
        c,
        if email == CLINICIAN_EMAIL {
            "/clinic"
        } else {
            "/t"
        },
    )
    .await
}

/// Forgets the sign-in (the browser's cookies), as a fresh visitor.
async fn sign_out(c: &Client) -> Result<(), String> {
    c.delete_all_cookies().await.map_err(|e| e.to_string())
}

/// Opens every `<details>` (their content is checked too), then runs axe's default rules (WCAG
/// 2.x A and AA, and best practices).
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
document.querySelectorAll("details").forEach(function (d) { d.open = true; });
axe.run(document, { resultTypes: ["violations"] }).then(function (r) {
  done({
    passes: r.passes.length,
    violations: r.violations.map(function (v) {
      return {
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map(function (n) { return n.target.join(" "); }),
      };
    }),
  });
}).catch(function (e) { done("axe failed: " + e); });
"#;

/// Sends the page's form blank and waits for the answer to load.
async fn submit_blank(c: &Client, path: &str) -> Result<(), String> {
    c.execute("window.a11yBefore = true;", vec![])
        .await
        .map_err(|e| e.to_string())?;
    c.click(&format!("form.form[action='{path}'] button[type=submit]"))
        .await?;
    for _ in 0..200 {
        let now = c
            .execute(
                "return !window.a11yBefore && document.readyState === 'complete';",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        if now.as_bool() == Some(true) {
            let html = c.html().await?;
            return if html.contains("field-error") || html.contains("error-summary") {
                Ok(())
            } else {
                Err(format!("{path} sent blank showed no error"))
            };
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Err(format!("{path} sent blank never answered"))
}

/// Visits every page as its viewer in one browser of `width` px, runs axe on each and returns
/// one line per violation.
async fn axe_pages(c: &Client, site: &Site, axe: &str, width: u32) -> Result<Vec<String>, String> {
    let base = &site.app.address;
    let mut found = Vec::new();
    let mut signed_in = Viewer::Visitor;
    for page in &site.pages {
        let path = &page.path;
        if page.viewer != signed_in {
            if signed_in != Viewer::Visitor {
                sign_out(c).await?;
            }
            if let Some(email) = page.viewer.email() {
                sign_in(c, base, &email).await?;
            }
            signed_in = page.viewer;
        }
        c.goto(&format!("{base}{path}"))
            .await
            .map_err(|e| e.to_string())?;
        let url = c.current_url().await.map_err(|e| e.to_string())?;
        let here = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        if here != *path {
            return Err(format!("{} went to {here}", page.name()));
        }
        if page.submitted {
            submit_blank(c, path).await?;
        }
        c.execute(axe, vec![])
            .await
            .map_err(|e| format!("{}: loading axe: {e}", page.name()))?;
        let result = c
            .execute_async(RUN_AXE, vec![])
            .await
            .map_err(|e| format!("{}: {e}", page.name()))?;
        let (Some(violations), Some(passes)) =
            (result["violations"].as_array(), result["passes"].as_u64())
        else {
            return Err(format!("{}: {result}", page.name()));
        };
        if passes == 0 {
            return Err(format!("{}: axe checked nothing", page.name()));
        }
        for v in violations {
            found.push(format!(
                "{width} px {}: {} ({}) {} at {}",
                page.name(),
                v["id"].as_str().unwrap_or_default(),
                v["impact"].as_str().unwrap_or_default(),
                v["help"].as_str().unwrap_or_default(),
                v["targets"]
            ));
        }
    }
    Ok(found)
}

#[tokio::test]
async fn every_page_passes_axe_at_360_and_1280_px() {
    let Some(tools) = tools() else { return };
    let Some(driver) = driver() else { return };
    let axe = std::fs::read_to_string(&tools.axe).unwrap();
    let site = site().await;
    // One browser per width, both at once.
    let (site, axe, driver) = (&site, &axe, &driver);
    let widths = [360, 1280].map(|width| async move {
        let client = browser_sized(driver, true, (width, 900)).await;
        let found = std::sync::Mutex::new(Vec::new());
        let out = &found;
        journey(&format!("a11y-{width}"), client, |c| async move {
            let lines = axe_pages(&c, site, axe, width).await?;
            out.lock().unwrap().extend(lines);
            Ok(())
        })
        .await;
        found.into_inner().unwrap()
    });
    let [narrow, wide] = widths;
    let (narrow, wide) = tokio::join!(narrow, wide);
    let violations: Vec<String> = narrow.into_iter().chain(wide).collect();
    assert!(
        violations.is_empty(),
        "{} axe violations:\n{}",
        violations.len(),
        violations.join("\n")
    );
}

/// Errors fail the check, and so do warnings: each one vnu gave on these pages pointed at
/// markup worth fixing (a section without a heading). Plain information messages are printed.
fn counts_as_error(message: &serde_json::Value) -> bool {
    match message["type"].as_str() {
        Some("info") => message["subType"].as_str() == Some("warning"),
        _ => true,
    }
}

/// A document vnu must find errors in: proof that it checked the pages at all.
const BROKEN: &str = "<!doctype html><html lang=en><title>x</title><p id=a><p id=a>";

/// Whether `java` runs; a note (or, in CI, a failure) when it does not.
fn java() -> bool {
    let runs = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !runs {
        let how = "apt-get install openjdk-17-jre-headless";
        if in_ci() {
            panic!("CI needs java for the HTML checks: {how}");
        }
        eprintln!("note: java missing; HTML checks skipped: {how}");
    }
    runs
}

#[tokio::test]
async fn every_page_is_valid_html() {
    let Some(tools) = tools() else { return };
    if !java() {
        return;
    }
    let site = site().await;
    let mut browsers = HashMap::new();
    let dir = std::env::temp_dir().join(format!("tendo-vnu-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (n, page) in site.pages.iter().enumerate() {
        if let Entry::Vacant(e) = browsers.entry(page.viewer) {
            let b = site.app.another_browser();
            if let Some(email) = page.viewer.email() {
                let res = b.login(&email, demo::PASSWORD).await;
                assert_eq!(res.status().as_u16(), 303, "{email} signs in");
            }
            e.insert(b);
        }
        let b = &browsers[&page.viewer];
        let res = if page.submitted {
            b.post(&page.path, &[]).await
        } else {
            b.get(&page.path).await
        };
        let status = res.status().as_u16();
        if page.submitted {
            assert!((400..500).contains(&status), "{}: {status}", page.name());
        } else {
            assert_eq!(status, page.status, "{}", page.name());
        }
        let file = dir.join(format!("{n:03}.html"));
        std::fs::write(&file, res.text().await.unwrap()).unwrap();
        files.push((file, page.name()));
    }
    let broken = dir.join("broken.html");
    std::fs::write(&broken, BROKEN).unwrap();
    files.push((broken, "broken".to_string()));

    // One JVM for every page: it takes seconds to start.
    let out = Command::new("java")
        .arg("-jar")
        .arg(&tools.vnu)
        .args(["--format", "json", "--stdout"])
        .args(files.iter().map(|(f, _)| f))
        .output()
        .expect("java runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "vnu's JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let page_of = |url: &str| {
        files
            .iter()
            .find(|(f, _)| url.ends_with(&*f.file_name().unwrap().to_string_lossy()))
            .map(|(_, page)| page.clone())
            .unwrap_or_else(|| url.to_string())
    };
    let mut errors = Vec::new();
    let mut broken_found = false;
    for m in report["messages"].as_array().unwrap() {
        let page = page_of(m["url"].as_str().unwrap_or_default());
        let line = format!(
            "{page} line {}: {} {}: {:?}",
            m["lastLine"],
            m["subType"]
                .as_str()
                .unwrap_or(m["type"].as_str().unwrap_or_default()),
            m["message"].as_str().unwrap_or_default(),
            m["extract"].as_str().unwrap_or_default(),
        );
        if page == "broken" {
            broken_found |= m["type"] == "error";
        } else if counts_as_error(m) {
            errors.push(line);
        } else {
            eprintln!("vnu: {line}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        broken_found,
        "vnu found nothing wrong in {BROKEN}: {report}"
    );
    assert!(
        errors.is_empty(),
        "{} HTML errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
