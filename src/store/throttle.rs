//! Counting recent events (failed logins, share-code guesses) in the database, so every instance
//! behind a load balancer sees the same counts.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::schema::throttle_events;
use super::{DbConn, StoreResult};

pub fn record(
    conn: &mut DbConn,
    scope: &str,
    subject: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(throttle_events::table)
        .values((
            throttle_events::scope.eq(scope),
            throttle_events::subject.eq(subject),
            throttle_events::at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Events for `subject` within `window` before `now`.
pub fn count_recent(
    conn: &mut DbConn,
    scope: &str,
    subject: &str,
    now: NaiveDateTime,
    window: Duration,
) -> StoreResult<i64> {
    Ok(throttle_events::table
        .filter(throttle_events::scope.eq(scope))
        .filter(throttle_events::subject.eq(subject))
        .filter(throttle_events::at.gt(now - window))
        .count()
        .get_result(conn)?)
}

/// Forgets events older than `keep`, so the table stays small.
pub fn prune(conn: &mut DbConn, now: NaiveDateTime, keep: Duration) -> StoreResult<usize> {
    Ok(
        diesel::delete(throttle_events::table.filter(throttle_events::at.lt(now - keep)))
            .execute(conn)?,
    )
}
