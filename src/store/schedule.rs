//! The runner's training days. No row means the default schedule (Monday, Wednesday, Friday).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::training_schedules;
use super::users::UserId;
use super::{write_transaction, DbConn, StoreResult};
use crate::domain::schedule::Schedule;

/// The runner's schedule, or the default when none was saved (or the stored text is unreadable).
pub fn load(conn: &mut DbConn, user: UserId) -> StoreResult<Schedule> {
    let stored: Option<String> = training_schedules::table
        .find(user.0)
        .select(training_schedules::days)
        .first(conn)
        .optional()?;
    Ok(stored
        .as_deref()
        .and_then(Schedule::parse_stored)
        .unwrap_or_default())
}

/// The schedules of several runners at once (default for those without one), in the order given.
pub fn load_many(conn: &mut DbConn, users: &[UserId]) -> StoreResult<Vec<(UserId, Schedule)>> {
    let ids: Vec<i64> = users.iter().map(|u| u.0).collect();
    let stored: Vec<(i64, String)> = training_schedules::table
        .filter(training_schedules::user_id.eq_any(&ids))
        .select((training_schedules::user_id, training_schedules::days))
        .load(conn)?;
    Ok(users
        .iter()
        .map(|u| {
            let schedule = stored
                .iter()
                .find(|(id, _)| *id == u.0)
                .and_then(|(_, days)| Schedule::parse_stored(days))
                .unwrap_or_default();
            (*u, schedule)
        })
        .collect())
}

/// Replaces the runner's schedule.
pub fn save(
    conn: &mut DbConn,
    user: UserId,
    schedule: Schedule,
    now: NaiveDateTime,
) -> StoreResult<()> {
    write_transaction(conn, |conn| {
        let days = schedule.to_stored();
        let updated = diesel::update(training_schedules::table.find(user.0))
            .set((
                training_schedules::days.eq(&days),
                training_schedules::updated_at.eq(now),
            ))
            .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(training_schedules::table)
                .values((
                    training_schedules::user_id.eq(user.0),
                    training_schedules::days.eq(&days),
                    training_schedules::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}
