//! When the database goes away, pages answer 503 quickly; SIGTERM stops the server cleanly.

use std::time::{Duration, Instant};

use diesel::{Connection, RunQueryDsl};

use crate::common::database::postgres_base;
use crate::common::TestDatabase;
use crate::support::{free_port, Browser, Server};

#[tokio::test]
async fn a_lost_database_answers_503_fast_instead_of_hanging() {
    let Some(base) = postgres_base() else {
        eprintln!("note: PostgreSQL leg only (a SQLite file cannot vanish from under a server)");
        return;
    };
    let database = TestDatabase::fresh();
    let db = database.url.clone();
    let port = free_port();
    let server = Server::start(&db, port, &[]);
    server.wait_healthy().await;
    let mut browser = Browser::new(&format!("http://127.0.0.1:{port}"));
    browser.runner("outage@example.com").await;

    let name = db.rsplit('/').next().unwrap().to_string();
    let mut admin = diesel::PgConnection::establish(&base).unwrap();
    diesel::sql_query(format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&mut admin)
        .unwrap();

    for path in ["/today", "/healthz", "/today"] {
        let started = Instant::now();
        let res = browser.get(path).await.unwrap();
        assert_eq!(res.status().as_u16(), 503, "{path}");
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{path} took {:?}",
            started.elapsed()
        );
        let body = res.text().await.unwrap();
        assert!(
            !body.to_lowercase().contains("does not exist"),
            "no internal error text"
        );
    }
}

#[tokio::test]
async fn sigterm_stops_the_server_gracefully() {
    let database = TestDatabase::fresh();
    let db = database.url.clone();
    let port = free_port();
    let mut server = Server::start(&db, port, &[("SHUTDOWN_TIMEOUT_SECONDS", "5")]);
    server.wait_healthy().await;
    let status = std::process::Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            assert!(exit.success(), "clean exit, got {exit:?}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "stopped within the timeout"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
