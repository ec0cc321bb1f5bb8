//! A database made for one test and removed when the test ends.

use std::sync::atomic::{AtomicU64, Ordering};

use diesel::{Connection, RunQueryDsl};

/// `TEST_DATABASE_URL` (the PostgreSQL server that test databases are made on), if set.
pub fn postgres_base() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|v| !v.is_empty())
}

/// A fresh database for one test: a new SQLite file in the temp dir, or a new database on
/// `TEST_DATABASE_URL`. The file (with its journal) or the database is removed when this is
/// dropped, also when the test panics.
pub struct TestDatabase {
    pub url: String,
}

impl TestDatabase {
    pub fn fresh() -> TestDatabase {
        let name = unique_name();
        let url = match postgres_base() {
            Some(base) => {
                let mut admin = diesel::PgConnection::establish(&base)
                    .expect("TEST_DATABASE_URL must point at a reachable PostgreSQL");
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .expect("create test database");
                sibling_database(&base, &name)
            }
            None => {
                let dir = std::env::temp_dir().join("tendo-tests");
                std::fs::create_dir_all(&dir).expect("a temp dir for test databases");
                dir.join(format!("{name}.db"))
                    .to_string_lossy()
                    .into_owned()
            }
        };
        TestDatabase { url }
    }

    pub fn is_postgres(&self) -> bool {
        self.url.starts_with("postgres")
    }

    /// The PostgreSQL database's name (the last part of its URL).
    pub fn name(&self) -> &str {
        self.url.rsplit('/').next().unwrap_or_default()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if self.is_postgres() {
            let Some(base) = postgres_base() else {
                return;
            };
            if let Ok(mut admin) = diesel::PgConnection::establish(&base) {
                // The app's pool may still hold connections: FORCE ends them.
                let _ = diesel::sql_query(format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name()
                ))
                .execute(&mut admin);
            }
        } else {
            for suffix in ["", "-wal", "-shm", "-journal"] {
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

/// `base` with its database name replaced by `name` (or `name` added when it has none).
fn sibling_database(base: &str, name: &str) -> String {
    match (base.find("://"), base.rfind('/')) {
        (Some(scheme), Some(slash)) if slash > scheme + 2 => format!("{}/{name}", &base[..slash]),
        _ => format!("{base}/{name}"),
    }
}
