//! Eight writers at once: SQLite's single writer never surfaces as "database is locked".

use crate::common::TestDatabase;
use crate::support::{free_port, stored_submissions, Browser, Server};

const WRITERS: usize = 8;
const POSTS_EACH: usize = 1000;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_writers_times_a_thousand_posts_give_no_lock_errors_and_no_5xx() {
    let database = TestDatabase::fresh();
    let database_url = database.url.clone();
    let port = free_port();
    let server = Server::start(&database_url, port, &[("DB_POOL_SIZE", "8")]);
    server.wait_healthy().await;
    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let mut browser = Browser::new(&format!("http://127.0.0.1:{port}"));
        browser.runner(&format!("writer{w}@example.com")).await;
        tasks.push(tokio::spawn(async move {
            let mut failures = Vec::new();
            for n in 0..POSTS_EACH {
                match browser.post_session(&format!("w{w}-{n}")).await {
                    Some(303) => {}
                    other => failures.push(other),
                }
            }
            failures
        }));
    }
    let mut failures = Vec::new();
    for t in tasks {
        failures.extend(t.await.unwrap());
    }
    assert!(
        failures.is_empty(),
        "{} failed posts: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    drop(server);
    let (stored, integrity) = stored_submissions(&database_url);
    assert_eq!(integrity, "ok");
    assert_eq!(stored.len(), WRITERS * POSTS_EACH);
    assert!(stored.values().all(|n| *n == 1));
}
