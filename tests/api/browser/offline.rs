//! Offline at the gym, in real Chromium: the network is switched off through the DevTools protocol
//! (chromedriver's CDP command, `Network.emulateNetworkConditions`), for the page and for the
//! service worker, whose own requests the page's setting does not cover.

use std::time::Duration;

use fantoccini::{Client, Locator};

use super::{arrive, browser, check, driver, journey, shows, sign_up, Steps};
use crate::helpers::spawn_app;

const NOTE: &str = "Basement gym, no signal";

/// Sends a DevTools command through chromedriver for the current page.
async fn cdp(
    c: &Client,
    port: u16,
    cmd: &str,
    params: serde_json::Value,
) -> Result<serde_json::Value, String> {
    let session = c
        .session_id()
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no WebDriver session")?;
    let res = reqwest::Client::new()
        .post(format!(
            "http://127.0.0.1:{port}/session/{session}/goog/cdp/execute"
        ))
        .header("content-type", "application/json")
        .body(serde_json::json!({ "cmd": cmd, "params": params }).to_string())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = res.status();
    let body: serde_json::Value =
        serde_json::from_str(&res.text().await.map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("{cmd}: {body}"));
    }
    Ok(body["value"].clone())
}

/// The DevTools sessions through which the service workers were switched off: emulation belongs
/// to the session that set it, so the same sessions switch them on again.
type WorkerSessions = Vec<String>;

fn conditions(offline: bool) -> serde_json::Value {
    serde_json::json!({
        "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1
    })
}

async fn to_worker(
    c: &Client,
    port: u16,
    session: &str,
    id: u32,
    method: &str,
    params: serde_json::Value,
) -> Result<(), String> {
    let message = serde_json::json!({ "id": id, "method": method, "params": params });
    cdp(
        c,
        port,
        "Target.sendMessageToTarget",
        serde_json::json!({ "sessionId": session, "message": message.to_string() }),
    )
    .await
    .map(|_| ())
}

/// Switches the network off for the page and for every service worker of the browser.
async fn go_offline(c: &Client, port: u16) -> Result<WorkerSessions, String> {
    cdp(c, port, "Network.enable", serde_json::json!({})).await?;
    cdp(
        c,
        port,
        "Network.emulateNetworkConditions",
        conditions(true),
    )
    .await?;
    let targets = cdp(c, port, "Target.getTargets", serde_json::json!({})).await?;
    let workers = targets["targetInfos"]
        .as_array()
        .ok_or("no targets")?
        .iter()
        .filter(|t| t["type"] == "service_worker")
        .filter_map(|t| t["targetId"].as_str().map(str::to_string))
        .collect::<Vec<_>>();
    check(!workers.is_empty(), "a service worker is running")?;
    let mut sessions = Vec::new();
    for target in workers {
        let attached = cdp(
            c,
            port,
            "Target.attachToTarget",
            serde_json::json!({ "targetId": target, "flatten": false }),
        )
        .await?;
        let session = attached["sessionId"]
            .as_str()
            .ok_or("no target session")?
            .to_string();
        to_worker(
            c,
            port,
            &session,
            1,
            "Network.enable",
            serde_json::json!({}),
        )
        .await?;
        to_worker(
            c,
            port,
            &session,
            2,
            "Network.emulateNetworkConditions",
            conditions(true),
        )
        .await?;
        sessions.push(session);
    }
    Ok(sessions)
}

/// Switches the network on again for the page and the service workers switched off before.
async fn go_online(c: &Client, port: u16, workers: WorkerSessions) -> Result<(), String> {
    for session in workers {
        to_worker(
            c,
            port,
            &session,
            3,
            "Network.emulateNetworkConditions",
            conditions(false),
        )
        .await?;
        cdp(
            c,
            port,
            "Target.detachFromTarget",
            serde_json::json!({ "sessionId": session }),
        )
        .await?;
    }
    cdp(
        c,
        port,
        "Network.emulateNetworkConditions",
        conditions(false),
    )
    .await
    .map(|_| ())
}

/// Runs a script that calls `done(value)` and returns the value.
async fn eval(c: &Client, script: &str) -> Result<serde_json::Value, String> {
    let wrapped = format!("var done = arguments[arguments.length - 1]; {script}");
    c.execute_async(&wrapped, vec![])
        .await
        .map_err(|e| format!("{script}: {e}"))
}

/// Waits (up to 10 s) until `script` calls `done(true)`.
async fn until(c: &Client, script: &str, what: &str) -> Result<(), String> {
    let mut last = serde_json::Value::Null;
    for _ in 0..100 {
        last = eval(c, script).await?;
        if last == serde_json::Value::Bool(true) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("never: {what} ({last})"))
}

const TODAY_SAVED: &str = "caches.keys().then(function (keys) {
  return Promise.all(keys.filter(function (k) { return k.indexOf('tendo-pages-') === 0; })
    .map(function (k) { return caches.open(k).then(function (c) { return c.match('/today'); }); }));
}).then(function (hits) { done(hits.some(Boolean)); }, function () { done(false); });";

const CONTROLLED: &str = "navigator.serviceWorker.ready.then(function () {
  done(!!navigator.serviceWorker.controller);
});";

/// Signs up and triages, then opens /today until the service worker controls it and has kept it.
async fn runner_with_today_saved(c: &Client, base: &str, email: &str) -> Result<(), String> {
    sign_up(c, base, "runner", email).await?;
    arrive(c, "/triage").await?;
    c.click("input[name=side][value=right]").await?;
    c.click("input[name=location][value=insertion]").await?;
    c.click("#worse_after_speed").await?;
    c.click("#worse_with_hills").await?;
    c.click("form.form button[type=submit]").await?;
    arrive(c, "/triage/result").await?;
    c.goto(&format!("{base}/today"))
        .await
        .map_err(|e| e.to_string())?;
    until(c, CONTROLLED, "the service worker controls the page").await?;
    // The first /today arrived before the worker; the next one goes through it and is kept.
    c.refresh().await.map_err(|e| e.to_string())?;
    until(c, TODAY_SAVED, "/today is saved on the phone").await
}

/// Fills every set row of the session form: pain and effort, or leaves pain blank.
async fn fill_session(c: &Client, pain: &str) -> Result<(), String> {
    // On a rest day the form is folded away under "log a session anyway".
    eval(
        c,
        "var fold = document.getElementById('log-anyway'); if (fold) { fold.open = true; } done(true);",
    )
    .await?;
    let rows = c
        .find_all(Locator::Css("input[name=pain]"))
        .await
        .map_err(|e| e.to_string())?;
    check(!rows.is_empty(), "the form has set rows")?;
    for row in 0..rows.len() {
        c.fill(&format!("#pain-{row}"), pain).await?;
        c.fill(&format!("#rpe-{row}"), "7").await?;
    }
    c.fill("#notes", NOTE).await
}

async fn save(c: &Client) -> Result<(), String> {
    c.click(".save-bar button[type=submit]").await
}

async fn go_offline_and_reload_today(c: &Client, port: u16) -> Result<WorkerSessions, String> {
    let workers = go_offline(c, port).await?;
    c.refresh().await.map_err(|e| e.to_string())?;
    shows(c, "data-offline-note").await?;
    let page = c.html().await?;
    check(
        page.contains("saved on this phone") && page.contains("Save session"),
        "the saved copy of /today with its form",
    )?;
    Ok(workers)
}

async fn queued_then_sent(c: Client, base: String, port: u16) -> Result<(), String> {
    runner_with_today_saved(&c, &base, "gym@example.com").await?;
    let workers = go_offline_and_reload_today(&c, port).await?;

    fill_session(&c, "2").await?;
    save(&c).await?;
    arrive(&c, "/today").await?;
    shows(&c, "data-queue-state=\"waiting\"").await?;
    check(
        c.html().await?.contains("waiting to be sent"),
        "the page says the session is waiting",
    )?;

    // Meanwhile the token in the saved form stopped being valid: it must be replaced, not lost.
    eval(
        &c,
        "var user = document.querySelector('meta[name=\"tendo-user\"]').content;
         TendoQueue.items(user).then(function (items) {
           var item = items[0];
           var form = new URLSearchParams(item.body);
           form.set('csrf_token', 'expired-long-ago');
           item.body = form.toString();
           return TendoQueue.put(item);
         }).then(function () { done(true); });",
    )
    .await?;

    go_online(&c, port, workers).await?;
    shows(&c, "data-queue-state=\"sent\"").await?;
    check(
        c.html().await?.contains("sent at"),
        "the page says when it was sent",
    )?;

    // Loading pages again (which would send anything still waiting) stores nothing twice.
    c.goto(&format!("{base}/today"))
        .await
        .map_err(|e| e.to_string())?;
    c.goto(&format!("{base}/sessions"))
        .await
        .map_err(|e| e.to_string())?;
    shows(&c, NOTE).await?;
    let history = c.html().await?;
    check(
        history.matches(NOTE).count() == 1,
        &format!(
            "the session is in the history exactly once ({} times)",
            history.matches(NOTE).count()
        ),
    )?;
    check(
        history.contains("data-monitor=\"green\""),
        "with its pain-monitor colour",
    )
}

#[tokio::test]
async fn a_session_saved_without_a_signal_waits_on_the_phone_and_is_stored_once() {
    let Some(driver) = driver() else { return };
    let app = spawn_app().await;
    let client = browser(&driver, true).await;
    let (base, port) = (app.address.clone(), driver.port);
    journey("offline-queue", client, |c| queued_then_sent(c, base, port)).await;
}

const NOTHING_KEPT: &str = "Promise.all([
  caches.keys(),
  indexedDB.databases(),
  navigator.serviceWorker.getRegistrations()
]).then(function (r) {
  var kept = r[0].concat(r[1].map(function (d) { return d.name; }))
    .concat(r[2].map(function (w) { return 'worker ' + w.scope; }));
  done(kept.length === 0 || kept.join(', '));
}, function (e) { done(String(e)); });";

async fn signed_out_forgets(c: Client, base: String, port: u16) -> Result<(), String> {
    runner_with_today_saved(&c, &base, "shared-phone@example.com").await?;
    let workers = go_offline_and_reload_today(&c, port).await?;
    // Saved without pain scores: the server will not accept it, so it stays on the phone.
    fill_session(&c, "").await?;
    save(&c).await?;
    arrive(&c, "/today").await?;
    shows(&c, "data-queue-state=\"waiting\"").await?;
    go_online(&c, port, workers).await?;
    shows(&c, "data-queue-state=\"rejected\"").await?;
    check(
        c.html().await?.contains("Review and send"),
        "a refused session can be opened again",
    )?;

    c.click("form.logout button[type=submit]").await?;
    let warning = c.get_alert_text().await.map_err(|e| e.to_string())?;
    check(
        warning.contains("has not reached Tendo"),
        "sign-out warns about the unsent session",
    )?;
    c.accept_alert().await.map_err(|e| e.to_string())?;
    arrive(&c, "/login").await?;
    until(
        &c,
        NOTHING_KEPT,
        "no cache, no saved session and no service worker left",
    )
    .await?;

    // Offline again, the phone has no page of theirs to show.
    network_page_only(&c, port, true).await?;
    let shown = c.goto(&format!("{base}/today")).await;
    let page = c.html().await.unwrap_or_default();
    network_page_only(&c, port, false).await?;
    check(
        shown.is_err() || !page.contains("Save session"),
        "no saved copy of /today after signing out",
    )
}

/// The page alone (after sign-out no service worker is left to switch off).
async fn network_page_only(c: &Client, port: u16, offline: bool) -> Result<(), String> {
    cdp(
        c,
        port,
        "Network.emulateNetworkConditions",
        conditions(offline),
    )
    .await
    .map(|_| ())
}

#[tokio::test]
async fn signing_out_leaves_no_page_or_session_of_the_runner_on_the_phone() {
    let Some(driver) = driver() else { return };
    let app = spawn_app().await;
    let client = browser(&driver, true).await;
    let (base, port) = (app.address.clone(), driver.port);
    journey("offline-sign-out", client, |c| {
        signed_out_forgets(c, base, port)
    })
    .await;
}
