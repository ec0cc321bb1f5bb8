//! SIGKILL under a write load, twenty times: every acknowledged session survives exactly once.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::Rng;

use crate::common::TestDatabase;
use crate::support::{free_port, stored_submissions, Browser, Server};

const KILLS: usize = 20;
const WRITERS: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_sessions_survive_twenty_sigkills_exactly_once() {
    let database = TestDatabase::fresh();
    let database_url = database.url.clone();
    let port = free_port();
    let mut server = Server::start(&database_url, port, &[]);
    server.wait_healthy().await;
    let mut browser = Browser::new(&format!("http://127.0.0.1:{port}"));
    browser.runner("crash@example.com").await;

    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let counter = Arc::new(AtomicUsize::new(0));
    for round in 0..KILLS {
        if round > 0 {
            server = Server::start(&database_url, port, &[]);
            server.wait_healthy().await;
        }
        let stop = Arc::new(AtomicBool::new(false));
        let mut writers = Vec::new();
        for _ in 0..WRITERS {
            let (browser, acknowledged, counter, stop) = (
                browser.clone(),
                acknowledged.clone(),
                counter.clone(),
                stop.clone(),
            );
            writers.push(tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let id = format!("crash-{}", counter.fetch_add(1, Ordering::Relaxed));
                    match browser.post_session(&id).await {
                        Some(303) => acknowledged.lock().unwrap().push(id),
                        Some(status) => panic!("unexpected status {status}"),
                        None => break,
                    }
                }
            }));
        }
        let wait = rand::rng().random_range(30..250);
        tokio::time::sleep(Duration::from_millis(wait)).await;
        server.kill();
        stop.store(true, Ordering::Relaxed);
        for w in writers {
            w.await.unwrap();
        }

        let (stored, integrity) = stored_submissions(&database_url);
        assert_eq!(integrity, "ok", "round {round}: integrity check");
        for id in acknowledged.lock().unwrap().iter() {
            assert_eq!(
                stored.get(id),
                Some(&1),
                "round {round}: {id} stored exactly once"
            );
        }
        assert!(
            stored.values().all(|n| *n == 1),
            "round {round}: nothing stored twice"
        );
    }
    let acked = acknowledged.lock().unwrap().len();
    assert!(
        acked > KILLS,
        "the load really wrote ({acked} acknowledged)"
    );
}
