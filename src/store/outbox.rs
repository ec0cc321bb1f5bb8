//! The e-mail outbox: every message is a row before it is sent. Senders in several instances
//! claim due rows under a lease (one winner per row: `FOR UPDATE SKIP LOCKED` on PostgreSQL, the
//! single writer lock on SQLite), send, and mark the row sent, dropped or failed.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::schema::outbox;
use super::users::UserId;
use super::{write_transaction, DbConn, StoreResult};

/// A row to add.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = outbox)]
pub struct NewOutboxRow<'a> {
    pub user_id: Option<i64>,
    pub recipient: &'a str,
    pub kind: &'a str,
    pub payload: &'a str,
    pub dedupe_key: Option<&'a str>,
    pub due_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// A claimed row, as the sender sees it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: i64,
    pub user_id: Option<i64>,
    pub recipient: String,
    pub kind: String,
    pub payload: String,
    pub due_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
}

impl OutboxRow {
    pub fn user(&self) -> Option<UserId> {
        self.user_id.map(UserId)
    }

    /// The same Message-ID on every attempt, so a receiving side can tell a retry from a new
    /// message.
    pub fn message_id(&self, domain: &str) -> String {
        format!(
            "<tendo-{}-{}@{domain}>",
            self.id,
            self.created_at.and_utc().timestamp_micros()
        )
    }
}

/// Adds a row; `false` when a row with the same `dedupe_key` exists already (planning the same
/// reminder twice, from two instances or two ticks, leaves one row).
pub fn insert(conn: &mut DbConn, row: &NewOutboxRow<'_>) -> StoreResult<bool> {
    if let Some(key) = row.dedupe_key {
        let taken: i64 = outbox::table
            .filter(outbox::dedupe_key.eq(key))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Ok(false);
        }
    }
    // A nested write transaction is a savepoint on PostgreSQL, so a raced duplicate (another
    // instance planning the same reminder) fails alone and leaves the caller's transaction usable.
    let inserted = write_transaction(conn, |conn| {
        Ok(diesel::insert_into(outbox::table)
            .values(row)
            .execute(conn)?)
    });
    match inserted {
        Ok(_) => Ok(true),
        Err(super::StoreError::Query(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ))) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Claims up to `limit` due rows for `worker` until `now + lease`; rows another sender holds
/// (under a live lease, or locked by its claiming transaction) are skipped.
pub fn claim(
    conn: &mut DbConn,
    worker: &str,
    now: NaiveDateTime,
    lease: Duration,
    limit: i64,
) -> StoreResult<Vec<OutboxRow>> {
    write_transaction(conn, |conn| {
        macro_rules! due_ids {
            () => {
                outbox::table
                    .filter(outbox::finished_at.is_null())
                    .filter(outbox::due_at.le(now))
                    .filter(
                        outbox::claimed_until
                            .is_null()
                            .or(outbox::claimed_until.lt(now)),
                    )
                    .order((outbox::due_at, outbox::id))
                    .limit(limit)
                    .select(outbox::id)
            };
        }
        let ids: Vec<i64> = match conn {
            DbConn::Postgres(pg) => due_ids!().for_update().skip_locked().load(pg)?,
            // SQLite: this transaction holds the database's only write lock (BEGIN IMMEDIATE),
            // so no other sender, in this process or another, reads these rows until we commit.
            DbConn::Sqlite(lite) => due_ids!().load(lite)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
            .set((
                outbox::claimed_by.eq(worker),
                outbox::claimed_until.eq(now + lease),
            ))
            .execute(conn)?;
        Ok(outbox::table
            .filter(outbox::id.eq_any(&ids))
            .order((outbox::due_at, outbox::id))
            .select(OutboxRow::as_select())
            .load(conn)?)
    })
}

/// Records the hash of the unsubscribe link an attempt carries (the newest attempt's; earlier
/// ones were never delivered).
pub fn set_unsubscribe(conn: &mut DbConn, id: i64, unsubscribe_hash: &str) -> StoreResult<()> {
    diesel::update(outbox::table.find(id))
        .set(outbox::unsubscribe_hash.eq(unsubscribe_hash))
        .execute(conn)?;
    Ok(())
}

/// Marks a row sent; `false` if this worker no longer held it (its lease ran out and another
/// sender took it, which the lease length is chosen to prevent).
pub fn mark_sent(
    conn: &mut DbConn,
    id: i64,
    worker: &str,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::claimed_by.eq(worker))
            .filter(outbox::finished_at.is_null()),
    )
    .set((
        outbox::finished_at.eq(now),
        outbox::outcome.eq("sent"),
        outbox::claimed_until.eq(None::<NaiveDateTime>),
        outbox::attempts.eq(outbox::attempts + 1),
        outbox::last_error.eq(None::<String>),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Records a failed attempt: retried at `retry_at`, or given up when `retry_at` is `None`.
pub fn mark_failed(
    conn: &mut DbConn,
    id: i64,
    error: &str,
    retry_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    let row = outbox::table.find(id);
    match retry_at {
        Some(at) => diesel::update(row)
            .set((
                outbox::attempts.eq(outbox::attempts + 1),
                outbox::last_error.eq(error),
                outbox::due_at.eq(at),
                outbox::claimed_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?,
        None => diesel::update(row)
            .set((
                outbox::attempts.eq(outbox::attempts + 1),
                outbox::last_error.eq(error),
                outbox::finished_at.eq(now),
                outbox::outcome.eq("failed"),
                outbox::claimed_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?,
    };
    Ok(())
}

/// Drops a row that should not be sent any more (a reminder no longer true, or stale).
pub fn drop_row(conn: &mut DbConn, id: i64, reason: &str, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::finished_at.eq(now),
            outbox::outcome.eq("dropped"),
            outbox::last_error.eq(reason),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

/// The user and kind behind an unsubscribe token's hash.
pub fn find_by_unsubscribe(
    conn: &mut DbConn,
    unsubscribe_hash: &str,
) -> StoreResult<Option<(UserId, String)>> {
    let row = outbox::table
        .filter(outbox::unsubscribe_hash.eq(unsubscribe_hash))
        .select((outbox::user_id, outbox::kind))
        .first::<(Option<i64>, String)>(conn)
        .optional()?;
    Ok(row.and_then(|(u, k)| u.map(|u| (UserId(u), k))))
}

/// What the operator sees at `/healthz?verbose` and from `tendo outbox`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Waiting to be sent (including retries).
    pub pending: i64,
    /// Waiting after at least one failed attempt.
    pub retrying: i64,
    /// Given up after the last retry.
    pub failed: i64,
    pub sent: i64,
    pub dropped: i64,
}

pub fn counts(conn: &mut DbConn) -> StoreResult<Counts> {
    let open = || outbox::table.filter(outbox::finished_at.is_null());
    let settled = |outcome: &'static str| outbox::table.filter(outbox::outcome.eq(outcome));
    Ok(Counts {
        pending: open().count().get_result(conn)?,
        retrying: open()
            .filter(outbox::attempts.gt(0))
            .count()
            .get_result(conn)?,
        failed: settled("failed").count().get_result(conn)?,
        sent: settled("sent").count().get_result(conn)?,
        dropped: settled("dropped").count().get_result(conn)?,
    })
}

/// A message that failed at least once, for the operator.
#[derive(Debug, Clone)]
pub struct FailedAttempt {
    pub id: i64,
    pub kind: String,
    pub attempts: i32,
    pub error: String,
    /// No more retries.
    pub given_up: bool,
}

/// The newest rows that failed at least once and are still waiting or were given up.
pub fn recent_errors(conn: &mut DbConn, limit: i64) -> StoreResult<Vec<FailedAttempt>> {
    let rows = outbox::table
        .filter(outbox::last_error.is_not_null())
        .filter(outbox::outcome.is_null().or(outbox::outcome.eq("failed")))
        .order(outbox::id.desc())
        .limit(limit)
        .select((
            outbox::id,
            outbox::kind,
            outbox::attempts,
            outbox::last_error,
            outbox::outcome,
        ))
        .load::<(i64, String, i32, Option<String>, Option<String>)>(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, attempts, error, outcome)| FailedAttempt {
            id,
            kind,
            attempts,
            error: error.unwrap_or_default(),
            given_up: outcome.is_some(),
        })
        .collect())
}

/// Forgets sent and dropped rows settled more than `keep` ago.
pub fn prune(conn: &mut DbConn, now: NaiveDateTime, keep: Duration) -> StoreResult<usize> {
    Ok(diesel::delete(
        outbox::table
            .filter(outbox::finished_at.lt(now - keep))
            .filter(outbox::outcome.ne("failed")),
    )
    .execute(conn)?)
}
