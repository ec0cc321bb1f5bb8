//! Journeys in real headless Chromium (Debian's chromium + chromedriver), on a phone-sized window,
//! with and without JavaScript. A failing journey leaves a screenshot under
//! `target/browser-screenshots/`.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};

use crate::helpers::{chromium, spawn_app, PASSWORD};

mod a11y;
mod charts;
mod offline;

struct Driver {
    child: Child,
    port: u16,
    /// The browsers' profiles, removed with the driver.
    profiles: std::path::PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profiles);
    }
}

fn driver() -> Option<Driver> {
    chromium()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver (apt-get install chromium-driver)");
    let profiles = std::env::temp_dir().join(format!("tendo-chrome-{}", rand::random::<u64>()));
    Some(Driver {
        child,
        port,
        profiles,
    })
}

async fn browser(driver: &Driver, javascript: bool) -> Client {
    browser_sized(driver, javascript, (390, 844)).await
}

/// A browser with a window of `size` (width, height) in CSS pixels.
async fn browser_sized(driver: &Driver, javascript: bool, size: (u32, u32)) -> Client {
    let profile = driver.profiles.join(rand::random::<u64>().to_string());
    let mut args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--disable-dev-shm-usage".into(),
        format!("--window-size={},{}", size.0, size.1),
        format!("--user-data-dir={}", profile.display()),
    ];
    if !javascript {
        args.push("--blink-settings=scriptEnabled=false".into());
    }
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        chrome_options(args, javascript, size),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let url = format!("http://127.0.0.1:{}", driver.port);
    for attempt in 0..50 {
        match ClientBuilder::new(connector.clone())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => return c,
            Err(e) if attempt == 49 => panic!("chromedriver session: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    unreachable!()
}

/// Headless Chromium will not lay out a window narrower than 500 px: device metrics give the
/// page exactly `size`, as on a phone. Chromedriver cannot drive emulated metrics with scripts
/// off, so a page without JavaScript is laid out at `size` or 500 px, whichever is wider.
fn chrome_options(args: Vec<String>, javascript: bool, size: (u32, u32)) -> serde_json::Value {
    let mut options = serde_json::json!({ "binary": "/usr/bin/chromium", "args": args });
    if javascript {
        options["mobileEmulation"] = serde_json::json!({
            "deviceMetrics": { "width": size.0, "height": size.1, "pixelRatio": 1.0 }
        });
    }
    options
}

/// Runs a journey; on failure saves a screenshot, then fails.
async fn journey<F, Fut>(name: &str, client: Client, f: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let result = f(client.clone()).await;
    if let Err(why) = result {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        if let Ok(png) = client.screenshot().await {
            std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
        }
        let url = client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        let _ = client.close().await;
        panic!("{name} failed at {url}: {why}");
    }
    let _ = client.close().await;
}

trait Steps {
    async fn fill(&self, css: &str, text: &str) -> Result<(), String>;
    async fn click(&self, css: &str) -> Result<(), String>;
    async fn html(&self) -> Result<String, String>;
    async fn path(&self) -> Result<String, String>;
}

impl Steps for Client {
    async fn fill(&self, css: &str, text: &str) -> Result<(), String> {
        let e = self
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        e.clear().await.map_err(|e| format!("{css}: {e}"))?;
        e.send_keys(text).await.map_err(|e| format!("{css}: {e}"))
    }
    async fn click(&self, css: &str) -> Result<(), String> {
        let e = self
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        // Scrolled to the middle of the screen, as a thumb would, clear of the sticky save bar.
        let arg = serde_json::to_value(&e).map_err(|e| e.to_string())?;
        self.execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        e.click().await.map_err(|e| format!("{css}: {e}"))
    }
    async fn html(&self) -> Result<String, String> {
        self.source().await.map_err(|e| e.to_string())
    }
    async fn path(&self) -> Result<String, String> {
        self.current_url()
            .await
            .map(|u| u.path().to_string())
            .map_err(|e| e.to_string())
    }
}

/// Waits (up to 20 s) for navigation to reach a path starting with `prefix`.
async fn arrive(c: &Client, prefix: &str) -> Result<(), String> {
    for _ in 0..400 {
        if c.path().await?.starts_with(prefix) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("never reached {prefix} in 20 s"))
}

/// Waits (up to 20 s) for navigation to reach exactly `path` (a form on `/plan/schedule` that
/// posts back to `/plan` must not count as arrived before it is sent).
async fn arrive_at(c: &Client, path: &str) -> Result<(), String> {
    for _ in 0..400 {
        if c.path().await? == path {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("never reached {path} in 20 s"))
}

/// Waits (up to 10 s) for the page to contain `text`.
async fn shows(c: &Client, text: &str) -> Result<(), String> {
    for _ in 0..200 {
        if c.html().await?.contains(text) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("never showed {text:?}"))
}

/// Waits (up to 10 s) for the page to stop containing `text`.
async fn no_longer_shows(c: &Client, text: &str) -> Result<(), String> {
    for _ in 0..200 {
        if !c.html().await?.contains(text) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("still showed {text:?} after 10 s"))
}

fn check(ok: bool, what: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(what.to_string())
    }
}

async fn sign_up(c: &Client, base: &str, role: &str, email: &str) -> Result<(), String> {
    c.goto(&format!("{base}/signup"))
        .await
        .map_err(|e| e.to_string())?;
    c.click(&format!("input[name=role][value={role}]")).await?;
    c.fill("#display_name", "Journey Person").await?;
    c.fill("#email", email).await?;
    c.fill("#password", PASSWORD).await?;
    c.fill("#password_confirm", PASSWORD).await?;
    c.click("form.form button[type=submit]").await
}

async fn runner_journey(c: Client, base: String, javascript: bool) -> Result<(), String> {
    let email = if javascript {
        "js@example.com"
    } else {
        "nojs@example.com"
    };
    sign_up(&c, &base, "runner", email).await?;
    arrive(&c, "/triage").await?;
    c.click("input[name=side][value=right]").await?;
    c.click("input[name=location][value=insertion]").await?;
    c.click("#worse_after_speed").await?;
    c.click("#worse_with_hills").await?;
    c.click("form.form button[type=submit]").await?;
    arrive(&c, "/triage/result").await?;
    shows(&c, "data-triage=\"insertional\"").await?;
    c.click("a[href='/plan']").await?;
    arrive(&c, "/plan").await?;
    shows(&c, "data-gate=").await?;
    let plan = c.html().await?;
    check(
        plan.contains("45 s") && plan.contains("data-gate=\"locked\""),
        "plan with doses and a locked gate",
    )?;

    // Every day a training day, so today opens with the session form whatever the weekday.
    c.goto(&format!("{base}/plan/schedule"))
        .await
        .map_err(|e| e.to_string())?;
    for day in ["tue", "thu", "sat", "sun"] {
        c.click(&format!("input[name=training_days][value={day}]"))
            .await?;
    }
    c.click("form.form button[type=submit]").await?;
    arrive(&c, "/plan").await?;
    shows(&c, "every day").await?;

    c.goto(&format!("{base}/today"))
        .await
        .map_err(|e| e.to_string())?;
    // Open every exercise's single sets, to fill them one by one.
    while c
        .find(Locator::Css("details.sets:not([open]) > summary"))
        .await
        .is_ok()
    {
        c.click("details.sets:not([open]) > summary").await?;
    }
    let timer = c
        .find(Locator::Css("[data-hold-timer]"))
        .await
        .map_err(|e| e.to_string())?;
    let timer_shown = timer.is_displayed().await.map_err(|e| e.to_string())?;
    check(
        timer_shown == javascript,
        "the hold timer shows only with JavaScript",
    )?;
    if javascript {
        c.fill("#hold_seconds-0", "").await?;
        timer.click().await.map_err(|e| e.to_string())?;
        tokio::time::sleep(Duration::from_millis(1300)).await;
        timer.click().await.map_err(|e| e.to_string())?;
        let held = c
            .find(Locator::Css("#hold_seconds-0"))
            .await
            .map_err(|e| e.to_string())?
            .prop("value")
            .await
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        check(
            held == "1" || held == "2",
            &format!("the timer filled the seconds held ({held})"),
        )?;
        c.fill("#hold_seconds-0", "45").await?;
    }
    for row in 0..9 {
        c.fill(&format!("#pain-{row}"), "2").await?;
        c.fill(&format!("#rpe-{row}"), "8").await?;
    }
    c.click(".save-bar button[type=submit]").await?;
    arrive(&c, "/sessions/").await?;
    shows(&c, "data-monitor=\"green\"").await?;

    c.goto(&format!("{base}/tests/new"))
        .await
        .map_err(|e| e.to_string())?;
    c.fill("#pain_free_reps", "27").await?;
    c.click("form.form button[type=submit]").await?;
    arrive(&c, "/today").await?;
    shows(&c, "data-gate=\"open\"").await?;
    let today = c.html().await?;
    check(
        today.contains("data-gate=\"open\""),
        "the gate opened at 27 reps",
    )?;
    check(
        today.contains("value=\"hurdle-jumps\""),
        "hurdle-jump rows appear",
    )?;
    Ok(())
}

#[tokio::test]
async fn a_runner_signs_up_triages_logs_on_a_phone_and_opens_the_gate() {
    let Some(driver) = driver() else { return };
    let app = spawn_app().await;
    let client = browser(&driver, true).await;
    let base = app.address.clone();
    journey("runner-js", client, |c| runner_journey(c, base, true)).await;
}

#[tokio::test]
async fn the_runner_journey_works_with_javascript_disabled() {
    let Some(driver) = driver() else { return };
    let app = spawn_app().await;
    let client = browser(&driver, false).await;
    let base = app.address.clone();
    journey("runner-nojs", client, |c| runner_journey(c, base, false)).await;
}

#[tokio::test]
async fn a_clinician_links_with_a_code_and_reviews_the_runner() {
    let Some(driver) = driver() else { return };
    let app = spawn_app().await;
    app.insertional_runner().await;
    app.log_insertional(&crate::helpers::days_ago(1), "b1", "3")
        .await;
    let code = app.share_code().await;
    let client = browser(&driver, true).await;
    let base = app.address.clone();
    journey("clinician", client, |c| async move {
        sign_up(&c, &base, "clinician", "doc@example.com").await?;
        arrive(&c, "/clinic").await?;
        // Enter in the field submits the form, as a clinician typing the code would.
        c.fill("#code", &format!("{code}\u{E007}")).await?;
        arrive(&c, "/clinic/patients/").await?;
        let review = c.html().await?;
        check(
            review.contains("Ana Runner") && review.contains("<svg"),
            "review with charts",
        )?;
        c.fill("#gate_threshold", "30").await?;
        c.click("form[action$='/settings'] button[type=submit]")
            .await?;
        shows(&c, "Settings saved").await?;
        c.click("a[href='/clinic']").await?;
        shows(&c, "Ana Runner").await?;
        Ok(())
    })
    .await;
}

/// Signs up an insertional runner (right side) who trains every day, in this browser.
async fn insertional_runner_in(c: &Client, base: &str, email: &str) -> Result<(), String> {
    sign_up(c, base, "runner", email).await?;
    arrive(c, "/triage").await?;
    c.click("input[name=side][value=right]").await?;
    c.click("input[name=location][value=insertion]").await?;
    c.click("#worse_after_speed").await?;
    c.click("form.form button[type=submit]").await?;
    arrive(c, "/triage/result").await?;
    c.goto(&format!("{base}/plan/schedule"))
        .await
        .map_err(|e| e.to_string())?;
    for day in ["tue", "thu", "sat", "sun"] {
        c.click(&format!("input[name=training_days][value={day}]"))
            .await?;
    }
    c.click("form.form button[type=submit]").await?;
    arrive_at(c, "/plan").await
}

async fn script(c: &Client, js: &str) -> Result<serde_json::Value, String> {
    c.execute(js, vec![]).await.map_err(|e| e.to_string())
}

#[tokio::test]
async fn a_prescribed_insertional_session_is_logged_in_at_most_twelve_taps_at_360_px() {
    let Some(driver) = driver() else { return };
    let app = spawn_app().await;
    let client = browser_sized(&driver, true, (360, 740)).await;
    let base = app.address.clone();
    journey("twelve-taps", client, |c| async move {
        insertional_runner_in(&c, &base, "taps@example.com").await?;
        c.goto(&format!("{base}/tests/new"))
            .await
            .map_err(|e| e.to_string())?;
        c.fill("#pain_free_reps", "27").await?;
        c.click("form.form button[type=submit]").await?;
        arrive(&c, "/today").await?;
        shows(&c, "data-gate=\"open\"").await?;

        // From here every click and every key counts.
        let mut taps = 0;
        for exercise in ["top-iso-hold", "tempo-calf-raise", "hurdle-jumps"] {
            for css in [
                format!("#done-{exercise}"),
                format!("input[name='all_pain.{exercise}'][value='2']"),
                format!("input[name='all_rpe.{exercise}'][value='8']"),
            ] {
                c.click(&css).await?;
                taps += 1;
            }
        }
        c.click(".save-bar button[type=submit]").await?;
        taps += 1;
        check(taps <= 12, &format!("{taps} taps"))?;
        arrive(&c, "/sessions/").await?;
        let page = c.html().await?;
        // 5 holds, 4 tempo sets and 4 hurdle-jump sets, each with the answers given once.
        let rows = page.matches("<td>2/10</td>").count();
        check(rows == 13, &format!("13 sets stored, saw {rows}"))?;
        check(
            page.matches("<td>45 s</td>").count() == 5,
            "five 45 s holds",
        )?;
        check(
            page.matches("<td>8</td>").count() >= 13,
            "RPE 8 on every set",
        )?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn after_a_rejected_session_the_error_summary_has_the_focus_and_the_title_says_error() {
    let Some(driver) = driver() else { return };
    let app = spawn_app().await;
    let client = browser_sized(&driver, true, (360, 740)).await;
    let base = app.address.clone();
    journey("errors-focused", client, |c| async move {
        insertional_runner_in(&c, &base, "errors@example.com").await?;
        c.goto(&format!("{base}/today"))
            .await
            .map_err(|e| e.to_string())?;
        c.click("#done-top-iso-hold").await?;
        c.click(".save-bar button[type=submit]").await?;
        shows(&c, "error-summary").await?;
        let title = c.title().await.map_err(|e| e.to_string())?;
        check(title.starts_with("Error:"), &format!("title {title:?}"))?;
        let focused = script(&c, "return document.activeElement.className;").await?;
        check(
            focused.as_str() == Some("error-summary"),
            &format!("focus on {focused}"),
        )?;
        check(
            c.html().await?.contains("pick the pain you felt"),
            "the message says what is missing",
        )?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_rest_day_and_a_check_in_morning_on_today_at_360_px() {
    let Some(driver) = driver() else { return };
    let app = spawn_app().await;
    let client = browser_sized(&driver, true, (360, 740)).await;
    let base = app.address.clone();
    journey("rest-and-checkin", client, |c| async move {
        insertional_runner_in(&c, &base, "rest@example.com").await?;
        c.goto(&format!("{base}/checkin"))
            .await
            .map_err(|e| e.to_string())?;
        let today = script(&c, "return document.getElementById('checked_on').value;").await?;
        let today = chrono::NaiveDate::parse_from_str(today.as_str().unwrap_or(""), "%Y-%m-%d")
            .map_err(|e| e.to_string())?;
        let yesterday = today.pred_opt().unwrap().format("%Y-%m-%d").to_string();
        let tomorrow = ["tue", "wed", "thu", "fri", "sat", "sun", "mon"]
            [chrono::Datelike::weekday(&today).num_days_from_monday() as usize];

        // Train only tomorrow: today is a rest day.
        c.goto(&format!("{base}/plan/schedule"))
            .await
            .map_err(|e| e.to_string())?;
        script(
            &c,
            "document.querySelectorAll('input[name=training_days]').forEach(function (b) { b.checked = false; });",
        )
        .await?;
        c.click(&format!("input[name=training_days][value={tomorrow}]"))
            .await?;
        c.click("form.form button[type=submit]").await?;
        arrive_at(&c, "/plan").await?;
        c.goto(&format!("{base}/today"))
            .await
            .map_err(|e| e.to_string())?;
        let html = c.html().await?;
        check(html.contains("data-today-task=\"rest\""), "a rest day")?;
        check(html.contains("Rest day"), "says so")?;
        let folded = script(&c, "return document.getElementById('log-anyway').open;").await?;
        check(folded.as_bool() == Some(false), "the form is folded")?;

        // Log yesterday's session from the folded form, then today asks for the check-in first.
        c.click("#log-anyway > summary").await?;
        script(
            &c,
            &format!("document.getElementById('performed_on').value = '{yesterday}';"),
        )
        .await?;
        for css in [
            "#done-top-iso-hold",
            "input[name='all_pain.top-iso-hold'][value='2']",
            "input[name='all_rpe.top-iso-hold'][value='8']",
        ] {
            c.click(css).await?;
        }
        c.click(".save-bar button[type=submit]").await?;
        arrive(&c, "/sessions/").await?;
        c.goto(&format!("{base}/today"))
            .await
            .map_err(|e| e.to_string())?;
        shows(&c, "data-today-task=\"checkin\"").await?;
        // One tap records this morning's pain.
        c.click("button[name=morning_pain][value='1']").await?;
        shows(&c, "Morning check-in saved").await?;
        let html = c.html().await?;
        check(html.contains("data-today-task=\"rest\""), "back to the rest day")?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_hold_timer_ends_with_a_sound() {
    let Some(driver) = driver() else { return };
    let app = spawn_app().await;
    let client = browser_sized(&driver, true, (360, 740)).await;
    let base = app.address.clone();
    journey("timer-sound", client, |c| async move {
        insertional_runner_in(&c, &base, "timer@example.com").await?;
        c.goto(&format!("{base}/today"))
            .await
            .map_err(|e| e.to_string())?;
        // A one-second hold, so the test need not wait 45 s.
        script(
            &c,
            "document.querySelector('[data-hold-timer]').setAttribute('data-hold-timer', '1');",
        )
        .await?;
        c.click("[data-hold-timer]").await?;
        for _ in 0..100 {
            let beeps = script(
                &c,
                "return document.documentElement.getAttribute('data-beeps');",
            )
            .await?;
            if beeps.as_str().is_some_and(|b| b != "0") {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err("the audio hook was never called".into())
    })
    .await;
}

#[tokio::test]
async fn the_clinicians_shared_message_shows_on_today_and_the_runner_dismisses_it() {
    let Some(driver) = driver() else { return };
    let app = spawn_app().await;
    app.insertional_runner().await;
    let code = app.share_code().await;
    let clinic = app.another_browser();
    let patient = clinic.clinician_linked_with("dr@example.com", &code).await;
    let res = clinic
        .post(
            &format!("{patient}/notes"),
            &[
                ("body", "Keep the holds at the very top this week."),
                ("share_with_runner", "on"),
                ("submission_id", "shared-1"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);

    let client = browser_sized(&driver, true, (360, 740)).await;
    let base = app.address.clone();
    journey("shared-message", client, |c| async move {
        c.goto(&format!("{base}/login"))
            .await
            .map_err(|e| e.to_string())?;
        c.fill("#email", "ana@example.com").await?;
        c.fill("#password", PASSWORD).await?;
        c.click("form.form button[type=submit]").await?;
        arrive_at(&c, "/today").await?;
        shows(&c, "Keep the holds at the very top this week.").await?;
        let on_screen = script(
            &c,
            "var m = document.querySelector('[data-message]').getBoundingClientRect();
             return m.top >= 0 && m.bottom <= innerHeight && m.width <= innerWidth;",
        )
        .await?;
        check(
            on_screen.as_bool() == Some(true),
            "the message is on the first screen",
        )?;
        c.click("[data-message] form button[type=submit]").await?;
        // The form answers with /today again, so wait for the page to change, not the path.
        no_longer_shows(&c, "data-message=").await?;
        arrive_at(&c, "/today").await?;
        check(!c.html().await?.contains("very top this week"), "dismissed")?;
        c.goto(&format!("{base}/plan"))
            .await
            .map_err(|e| e.to_string())?;
        check(
            !c.html().await?.contains("very top this week"),
            "gone from the plan too",
        )
    })
    .await;
}
