//! Persistence: one diesel connection type over SQLite and PostgreSQL, a pool, migrations, and one
//! module per aggregate. Every function here is blocking; the web layer calls them through
//! [`Store::run`], which moves the work off the async executor.

/// Runs `$body` with `$c` bound to the backend's own connection instead of [`DbConn`]. Diesel's
/// multi-backend connection cannot key its statement cache by the query's type, so every query
/// through it writes its SQL out and hashes it (half the cost of a one-row lookup); the backend's
/// own connection finds the prepared statement by type. For queries made on every request.
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::store::DbConn::Sqlite($c) => $body,
            $crate::store::DbConn::Postgres($c) => $body,
        }
    };
}

pub mod audit;
pub mod auth_sessions;
pub mod bulk;
pub mod clinic;
pub mod diary;
pub mod erase;
pub mod export;
pub mod history;
pub mod invitations;
pub mod mail_prefs;
pub mod maintenance;
pub mod messages;
pub mod mfa;
pub mod outbox;
pub mod running;
pub mod schedule;
pub mod schema;
pub mod sharing;
pub mod submissions;
pub mod throttle;
pub mod tokens;
pub mod training;
pub mod triages;
pub mod users;
pub mod visa;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ConnectionManager, CustomizeConnection, Pool};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to either backend; the variant is chosen from the URL scheme.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Which database a `DATABASE_URL` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Postgres(String),
    Sqlite(String),
}

impl DatabaseUrl {
    /// `postgres://` or `postgresql://` selects PostgreSQL; anything else is a SQLite file path,
    /// with or without a `sqlite://` prefix.
    pub fn parse(raw: &str) -> DatabaseUrl {
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            DatabaseUrl::Postgres(raw.to_string())
        } else {
            let path = raw
                .strip_prefix("sqlite://")
                .or_else(|| raw.strip_prefix("sqlite:"))
                .unwrap_or(raw);
            DatabaseUrl::Sqlite(path.to_string())
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, DatabaseUrl::Postgres(_))
    }

    fn as_str(&self) -> &str {
        match self {
            DatabaseUrl::Postgres(s) | DatabaseUrl::Sqlite(s) => s,
        }
    }
}

/// Errors of the persistence layer. Their text is for logs, never for a page.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no database connection available")]
    Pool(#[from] r2d2::PoolError),
    #[error("query failed")]
    Query(#[from] diesel::result::Error),
    #[error("could not connect to the database")]
    Connect(#[from] ConnectionError),
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("database recently unreachable; failing fast")]
    Unavailable,
}

impl StoreError {
    /// True when the database itself is out of reach (the page should say "try again shortly").
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Pool(_) | StoreError::Connect(_) | StoreError::Unavailable
        )
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Pool settings from the configuration.
#[derive(Debug, Clone)]
pub struct PoolSettings {
    pub max_size: u32,
    pub connection_timeout: Duration,
}

#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<DbConn, r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        if let DbConn::Sqlite(c) = conn {
            // busy_timeout first: switching to WAL itself may need to wait for a lock.
            c.batch_execute(
                "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                 PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
            )
            .map_err(r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// The shared handle to the database: a pool of connections to one backend.
#[derive(Clone)]
pub struct Store {
    pool: Pool<ConnectionManager<DbConn>>,
    url: DatabaseUrl,
    /// Until when (ms since the epoch) the database counts as down: meanwhile requests take an
    /// idle connection or fail at once with 503, instead of each waiting out the pool timeout.
    down_until_ms: Arc<AtomicI64>,
    /// One permit per pooled connection: requests queue here, cheaply, rather than as blocked
    /// threads fighting over the pool (which costs context switches and a malloc arena each).
    permits: Arc<tokio::sync::Semaphore>,
}

/// How long a failed connection attempt makes requests fail fast.
const FAIL_FAST_MS: i64 = 1000;

fn epoch_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Store {
    /// Connects once directly (for a clear error), runs pending migrations, then builds the pool.
    pub fn open(url: &DatabaseUrl, settings: &PoolSettings) -> StoreResult<Store> {
        migrate(url)?;
        let manager = ConnectionManager::<DbConn>::new(url.as_str());
        let max_size = match url {
            // One SQLite file has one writer at a time; a few readers are plenty.
            DatabaseUrl::Sqlite(_) => settings.max_size.min(8),
            DatabaseUrl::Postgres(_) => settings.max_size,
        };
        let pool = Pool::builder()
            .max_size(max_size)
            .connection_timeout(settings.connection_timeout)
            .connection_customizer(Box::new(SqlitePragmas))
            .build(manager)?;
        Ok(Store {
            pool,
            url: url.clone(),
            down_until_ms: Arc::new(AtomicI64::new(0)),
            permits: Arc::new(tokio::sync::Semaphore::new(max_size as usize)),
        })
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// A pooled connection, for blocking code (the CLI, benchmarks, tests).
    pub fn conn(&self) -> StoreResult<r2d2::PooledConnection<ConnectionManager<DbConn>>> {
        Ok(self.pool.get()?)
    }

    /// Runs `f` with a pooled connection on the blocking thread pool.
    pub async fn run<T, F>(&self, f: F) -> StoreResult<T>
    where
        F: FnOnce(&mut DbConn) -> StoreResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let Ok(_permit) = self.permits.acquire().await else {
            return Err(StoreError::Unavailable);
        };
        let pool = self.pool.clone();
        let down_until = self.down_until_ms.clone();
        match tokio::task::spawn_blocking(move || {
            let mut conn = if epoch_ms() < down_until.load(Ordering::Relaxed) {
                pool.try_get().ok_or(StoreError::Unavailable)?
            } else {
                pool.get().inspect_err(|_| {
                    down_until.store(epoch_ms() + FAIL_FAST_MS, Ordering::Relaxed);
                })?
            };
            f(&mut conn)
        })
        .await
        {
            Ok(result) => result,
            Err(join) => std::panic::resume_unwind(join.into_panic()),
        }
    }

    /// Runs `f` as one write transaction (see [`write_transaction`]) on the blocking pool. Every
    /// request that changes data goes through here, so its changes land together or not at all.
    pub async fn write<T, F>(&self, f: F) -> StoreResult<T>
    where
        F: FnOnce(&mut DbConn) -> StoreResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.run(move |conn| write_transaction(conn, f)).await
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        self.run(|conn| {
            diesel::sql_query("SELECT 1").execute(conn)?;
            Ok(())
        })
        .await
        .is_ok()
    }
}

/// Runs the embedded migrations for the URL's backend. On PostgreSQL an advisory lock makes
/// several instances starting at once take turns, so none serves a half-migrated schema.
pub fn migrate(url: &DatabaseUrl) -> StoreResult<()> {
    match url {
        DatabaseUrl::Sqlite(path) => {
            let mut conn = diesel::SqliteConnection::establish(path)?;
            conn.batch_execute("PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL;")?;
            conn.run_pending_migrations(SQLITE_MIGRATIONS)
                .map_err(|e| StoreError::Migration(e.to_string()))?;
        }
        DatabaseUrl::Postgres(raw) => {
            let mut conn = diesel::PgConnection::establish(raw)?;
            // An arbitrary constant naming "Tendo migrations".
            conn.batch_execute("SELECT pg_advisory_lock(7346110411)")?;
            let result = conn
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|_| ())
                .map_err(|e| StoreError::Migration(e.to_string()));
            conn.batch_execute("SELECT pg_advisory_unlock(7346110411)")?;
            result?;
        }
    }
    Ok(())
}

/// Runs `f` as one write transaction. On SQLite the write lock is taken up front
/// (`BEGIN IMMEDIATE`), so a read-then-write never fails half-way with "database is locked", and
/// writers of this process queue on a mutex rather than in SQLite's busy handler, whose sleeps
/// (up to 100 ms a try) let some writers starve. Called inside another write transaction on the
/// same thread, `f` joins it (inside a savepoint on PostgreSQL).
pub fn write_transaction<T, F>(conn: &mut DbConn, f: F) -> StoreResult<T>
where
    F: FnOnce(&mut DbConn) -> StoreResult<T>,
{
    if IN_WRITE.with(std::cell::Cell::get) {
        return match conn {
            // A savepoint, so a statement that fails (say, a unique violation a caller handles)
            // does not abort the whole outer transaction.
            DbConn::Postgres(_) => conn.transaction(f),
            // SQLite's outer transaction is ours (BEGIN IMMEDIATE) and holds the only write lock,
            // so the inner work simply joins it.
            DbConn::Sqlite(_) => f(conn),
        };
    }
    let _writer = match conn {
        DbConn::Sqlite(_) => Some(
            SQLITE_WRITER
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        ),
        DbConn::Postgres(_) => None,
    };
    IN_WRITE.with(|w| w.set(true));
    let _reset = ResetOnDrop;
    match conn {
        DbConn::Sqlite(_) => conn.transaction_immediate(f),
        DbConn::Postgres(_) => conn.transaction(f),
    }
}

thread_local! {
    static IN_WRITE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

struct ResetOnDrop;

impl Drop for ResetOnDrop {
    fn drop(&mut self) {
        IN_WRITE.with(|w| w.set(false));
    }
}

static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

trait ImmediateTransaction {
    fn transaction_immediate<T, F>(&mut self, f: F) -> StoreResult<T>
    where
        F: FnOnce(&mut DbConn) -> StoreResult<T>;
}

impl ImmediateTransaction for DbConn {
    fn transaction_immediate<T, F>(&mut self, f: F) -> StoreResult<T>
    where
        F: FnOnce(&mut DbConn) -> StoreResult<T>,
    {
        self.batch_execute("BEGIN IMMEDIATE")?;
        match f(self) {
            Ok(v) => {
                if let Err(e) = self.batch_execute("COMMIT") {
                    let _ = self.batch_execute("ROLLBACK");
                    return Err(e.into());
                }
                Ok(v)
            }
            Err(e) => {
                let _ = self.batch_execute("ROLLBACK");
                Err(e)
            }
        }
    }
}

/// The current time in UTC, as stored.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

#[cfg(test)]
mod tests {
    use diesel::prelude::*;

    #[derive(QueryableByName)]
    struct CompileOption {
        #[diesel(sql_type = diesel::sql_types::Text)]
        compile_options: String,
    }

    /// `.cargo/config.toml` builds SQLite so that a statement keeps its plan whatever is bound to
    /// it; without that every `.first()` (a bound `LIMIT`) is prepared afresh on every run.
    #[test]
    fn the_bundled_sqlite_keeps_a_statements_plan_whatever_is_bound() {
        let mut conn = diesel::SqliteConnection::establish(":memory:").unwrap();
        let options: Vec<CompileOption> = diesel::sql_query("PRAGMA compile_options")
            .load(&mut conn)
            .unwrap();
        assert!(
            options.iter().any(|o| o.compile_options == "ENABLE_QPSG"),
            "SQLite built without SQLITE_ENABLE_QPSG"
        );
    }
}
