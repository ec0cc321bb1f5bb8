//! Training sessions and their sets. A session is written whole, in one transaction. A form sent
//! twice is stored once by the duplicate-submit ledger ([`super::submissions`]), claimed in the
//! same transaction; each session keeps the id of the form it came from.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::history::StoredSet;
use super::schema::{session_sets, training_sessions};
use super::submissions::SubmissionId;
use super::users::UserId;
use super::{write_transaction, DbConn, StoreResult};
use crate::domain::progression::SetRecord;

/// A session as the runner logged it, ready to store.
#[derive(Debug, Clone)]
pub struct SessionInput {
    pub performed_on: NaiveDate,
    pub notes: String,
    pub sets: Vec<SetRecord>,
}

/// A stored session with its sets, in logged order.
#[derive(Debug, Clone)]
pub struct StoredSession {
    pub id: i64,
    pub performed_on: NaiveDate,
    pub notes: String,
    pub sets: Vec<SetRecord>,
}

fn insert_sets(conn: &mut DbConn, session_id: i64, sets: &[SetRecord]) -> StoreResult<()> {
    let rows: Vec<_> = sets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                session_sets::session_id.eq(session_id),
                session_sets::position.eq(i32::try_from(i).unwrap_or(i32::MAX)),
                session_sets::exercise.eq(s.exercise.slug()),
                session_sets::side.eq(s.side.as_str()),
                session_sets::reps.eq(s.effort.reps().map(|r| i32::from(r.get()))),
                session_sets::hold_seconds.eq(s.effort.hold().map(|h| i32::from(h.get()))),
                session_sets::load_kg.eq(s.load.map(|l| l.kg())),
                session_sets::rpe_halves.eq(s.rpe.map(crate::domain::values::Rpe::halves)),
                session_sets::pain.eq(i32::from(s.pain.get())),
            )
        })
        .collect();
    // Multi-row inserts are backend-specific in diesel, so dispatch on the inner connection.
    match conn {
        DbConn::Sqlite(c) => diesel::insert_into(session_sets::table)
            .values(rows)
            .execute(c)?,
        DbConn::Postgres(c) => diesel::insert_into(session_sets::table)
            .values(rows)
            .execute(c)?,
    };
    Ok(())
}

/// Stores a session with its sets under the submission id of the form it came from (claim the
/// id in the ledger first); returns its id.
pub fn save_new(
    conn: &mut DbConn,
    user: UserId,
    submission: &SubmissionId,
    input: &SessionInput,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    write_transaction(conn, |conn| {
        let id: i64 = diesel::insert_into(training_sessions::table)
            .values((
                training_sessions::user_id.eq(user.0),
                training_sessions::performed_on.eq(input.performed_on),
                training_sessions::notes.eq(&input.notes),
                training_sessions::submission_id.eq(submission.as_str()),
                training_sessions::created_at.eq(now),
                training_sessions::updated_at.eq(now),
            ))
            .returning(training_sessions::id)
            .get_result(conn)?;
        insert_sets(conn, id, &input.sets)?;
        Ok(id)
    })
}

/// One of the runner's sessions; `None` when it does not exist or is someone else's.
pub fn find(conn: &mut DbConn, user: UserId, id: i64) -> StoreResult<Option<StoredSession>> {
    let head: Option<(i64, NaiveDate, String)> = training_sessions::table
        .filter(training_sessions::id.eq(id))
        .filter(training_sessions::user_id.eq(user.0))
        .select((
            training_sessions::id,
            training_sessions::performed_on,
            training_sessions::notes,
        ))
        .first(conn)
        .optional()?;
    let Some((id, performed_on, notes)) = head else {
        return Ok(None);
    };
    let rows: Vec<StoredSet> = session_sets::table
        .filter(session_sets::session_id.eq(id))
        .order(session_sets::position)
        .select(StoredSet::as_select())
        .load(conn)?;
    Ok(Some(StoredSession {
        id,
        performed_on,
        notes,
        sets: rows.iter().filter_map(StoredSet::to_record).collect(),
    }))
}

/// Notes of every session of the runner, by id (the sets come from the history).
pub fn notes_by_id(conn: &mut DbConn, user: UserId) -> StoreResult<Vec<(i64, String)>> {
    Ok(training_sessions::table
        .filter(training_sessions::user_id.eq(user.0))
        .select((training_sessions::id, training_sessions::notes))
        .load(conn)?)
}

/// Replaces a session's date, notes and sets; `false` when it is not the runner's.
pub fn update(
    conn: &mut DbConn,
    user: UserId,
    id: i64,
    input: &SessionInput,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    write_transaction(conn, |conn| {
        let changed = diesel::update(
            training_sessions::table
                .filter(training_sessions::id.eq(id))
                .filter(training_sessions::user_id.eq(user.0)),
        )
        .set((
            training_sessions::performed_on.eq(input.performed_on),
            training_sessions::notes.eq(&input.notes),
            training_sessions::updated_at.eq(now),
        ))
        .execute(conn)?;
        if changed == 0 {
            return Ok(false);
        }
        diesel::delete(session_sets::table.filter(session_sets::session_id.eq(id)))
            .execute(conn)?;
        insert_sets(conn, id, &input.sets)?;
        Ok(true)
    })
}

/// Deletes a session and its sets; `false` when it is not the runner's.
pub fn delete(conn: &mut DbConn, user: UserId, id: i64) -> StoreResult<bool> {
    write_transaction(conn, |conn| {
        let owned = training_sessions::table
            .filter(training_sessions::id.eq(id))
            .filter(training_sessions::user_id.eq(user.0))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        if !owned {
            return Ok(false);
        }
        diesel::delete(session_sets::table.filter(session_sets::session_id.eq(id)))
            .execute(conn)?;
        diesel::delete(training_sessions::table.filter(training_sessions::id.eq(id)))
            .execute(conn)?;
        Ok(true)
    })
}
