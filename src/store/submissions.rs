//! Idempotent forms: a form carries a random `submission_id`; the first time it is accepted the id
//! is recorded, and a second copy (a double click, a resend after a timeout) finds it and stores
//! nothing. Call [`claim`] inside the write transaction that stores the form.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::form_submissions;
use super::users::UserId;
use super::{write_transaction, DbConn, StoreError, StoreResult};

/// The most characters a submission id may have.
pub const MAX_LEN: usize = 100;

/// Records `submission_id` for `user`; `false` when it was recorded before (store nothing).
pub fn claim(
    conn: &mut DbConn,
    user: UserId,
    submission_id: &str,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let seen = form_submissions::table
        .filter(form_submissions::user_id.eq(user.0))
        .filter(form_submissions::submission_id.eq(submission_id))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if seen {
        return Ok(false);
    }
    // Its own (nested) transaction: on PostgreSQL a copy racing in from another connection
    // fails on the unique index inside a savepoint, leaving the caller's transaction usable.
    let inserted = write_transaction(conn, |conn| {
        diesel::insert_into(form_submissions::table)
            .values((
                form_submissions::user_id.eq(user.0),
                form_submissions::submission_id.eq(submission_id),
                form_submissions::created_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    });
    match inserted {
        Ok(()) => Ok(true),
        Err(StoreError::Query(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ))) => Ok(false),
        Err(e) => Err(e),
    }
}

/// A usable submission id from a form field: the posted one, or a fresh one when the form
/// carried none (such a form cannot be recognised if sent twice).
pub fn from_form(posted: &str) -> String {
    match posted.trim() {
        "" => super::auth_sessions::random_token(),
        s => s.chars().take(MAX_LEN).collect(),
    }
}
