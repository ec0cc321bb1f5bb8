//! Two instances on one PostgreSQL behind nginx (the PostgreSQL leg only: SQLite is one machine).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::database::postgres_base;
use crate::common::{TestDatabase, PASSWORD};
use crate::support::{free_port, stored_submissions, wait_healthy, Browser, Nginx, Server};

/// The nginx binary where this leg runs (PostgreSQL configured), else `None` with a note.
fn setup() -> Option<&'static str> {
    postgres_base()?;
    crate::support::nginx_binary()
}

/// Two instances on one fresh database, started at the same moment, behind nginx.
async fn pair(nginx: &str) -> (TestDatabase, Server, Server, Nginx) {
    let db = TestDatabase::fresh();
    let (pa, pb) = (free_port(), free_port());
    let a = Server::start(&db.url, pa, &[("INSTANCE_ID", "a"), ("TRUST_PROXY", "1")]);
    let b = Server::start(&db.url, pb, &[("INSTANCE_ID", "b"), ("TRUST_PROXY", "1")]);
    a.wait_healthy().await;
    b.wait_healthy().await;
    let proxy = Nginx::start(nginx, &[pa, pb]);
    wait_healthy(&proxy.base()).await;
    (db, a, b, proxy)
}

#[tokio::test]
async fn two_instances_started_at_once_on_an_empty_database_both_become_healthy() {
    let Some(nginx) = setup() else { return };
    let (db, _a, _b, _proxy) = pair(nginx).await;
    use diesel::prelude::*;
    let mut conn = diesel::PgConnection::establish(&db.url).unwrap();
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let applied: Vec<N> = diesel::sql_query("SELECT COUNT(*) AS n FROM __diesel_schema_migrations")
        .load(&mut conn)
        .unwrap();
    let expected = std::fs::read_dir("migrations/postgres").unwrap().count() as i64;
    assert_eq!(applied[0].n, expected, "every migration applied once");
}

#[tokio::test]
async fn a_runner_signs_up_through_one_instance_and_keeps_working_through_the_other() {
    let Some(nginx) = setup() else { return };
    let (_db, _a, _b, proxy) = pair(nginx).await;
    let mut browser = Browser::new(&proxy.base());
    browser.runner("lb@example.com").await;
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..6 {
        let res = browser.get("/plan").await.unwrap();
        assert_eq!(res.status().as_u16(), 200, "signed in on every instance");
        if let Some(id) = res.headers().get("x-tendo-instance") {
            seen.insert(id.to_str().unwrap().to_string());
        }
    }
    assert_eq!(seen.len(), 2, "requests reached both instances: {seen:?}");
    for n in 0..4 {
        assert_eq!(browser.post_session(&format!("lb-{n}")).await, Some(303));
    }
    let html = browser
        .get("/sessions")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(html.matches("data-monitor=").count(), 4);
}

#[tokio::test]
async fn a_login_throttle_reached_through_both_instances_holds_on_each() {
    let Some(nginx) = setup() else { return };
    let (_db, a, b, proxy) = pair(nginx).await;
    let mut browser = Browser::new(&proxy.base());
    browser.runner("throttle@example.com").await;
    let res = browser.post("/logout", &[]).await.unwrap();
    assert_eq!(res.status().as_u16(), 303);
    browser.refresh_csrf("/login").await;
    for _ in 0..5 {
        let res = browser
            .post(
                "/login",
                &[
                    ("email", "throttle@example.com"),
                    ("password", "wrong-password-1"),
                ],
            )
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 422);
    }
    for base in [a.url(""), b.url(""), proxy.base()] {
        let mut direct = Browser::new(&base);
        direct.refresh_csrf("/login").await;
        let res = direct
            .post(
                "/login",
                &[("email", "throttle@example.com"), ("password", PASSWORD)],
            )
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 429, "refused at {base}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killing_one_instance_under_load_loses_and_duplicates_nothing() {
    let Some(nginx) = setup() else { return };
    let (db, mut a, _b, proxy) = pair(nginx).await;
    let mut browser = Browser::new(&proxy.base());
    browser.runner("kill@example.com").await;
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let counter = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for _ in 0..4 {
        let (browser, acknowledged, counter, stop) = (
            browser.clone(),
            acknowledged.clone(),
            counter.clone(),
            stop.clone(),
        );
        writers.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let id = format!("k-{}", counter.fetch_add(1, Ordering::Relaxed));
                if browser.post_session(&id).await == Some(303) {
                    acknowledged.lock().unwrap().push(id);
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    a.kill();
    tokio::time::sleep(Duration::from_millis(800)).await;
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    let before = acknowledged.lock().unwrap().len();
    // The survivor keeps serving.
    for n in 0..5 {
        assert_eq!(browser.post_session(&format!("after-{n}")).await, Some(303));
        acknowledged.lock().unwrap().push(format!("after-{n}"));
    }
    let (stored, _) = stored_submissions(&db.url);
    for id in acknowledged.lock().unwrap().iter() {
        assert_eq!(stored.get(id), Some(&1), "{id} stored exactly once");
    }
    assert!(stored.values().all(|n| *n == 1), "nothing stored twice");
    assert!(before > 10, "the load really wrote ({before})");
}
