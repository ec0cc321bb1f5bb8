//! Housekeeping: forget throttle events and sessions nobody can use any more. Safe to run from
//! several instances at once.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::auth_sessions::Lifetimes;
use super::schema::auth_sessions;
use super::{throttle, DbConn, StoreResult};

/// Removes expired sessions and throttle events older than a day; returns how many rows went.
pub fn prune(conn: &mut DbConn, now: NaiveDateTime, lifetimes: Lifetimes) -> StoreResult<usize> {
    let sessions = diesel::delete(
        auth_sessions::table.filter(
            auth_sessions::last_seen_at
                .lt(now - lifetimes.idle)
                .or(auth_sessions::created_at.lt(now - lifetimes.absolute)),
        ),
    )
    .execute(conn)?;
    let events = throttle::prune(conn, now, Duration::days(1))?;
    Ok(sessions + events)
}
