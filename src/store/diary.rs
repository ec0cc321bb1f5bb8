//! Morning check-ins, calf-raise capacity tests and the run diary.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{capacity_tests, checkins, runs};
use super::users::UserId;
use super::{write_transaction, DbConn, StoreResult};
use crate::domain::values::{DistanceKm, PainScore, Side, StiffnessMinutes};

/// Records the morning check-in; a second one for the same day replaces the first.
pub fn save_checkin(
    conn: &mut DbConn,
    user: UserId,
    day: NaiveDate,
    pain: PainScore,
    stiffness: StiffnessMinutes,
    painkillers: bool,
    now: NaiveDateTime,
) -> StoreResult<()> {
    write_transaction(conn, |conn| {
        diesel::delete(
            checkins::table
                .filter(checkins::user_id.eq(user.0))
                .filter(checkins::checked_on.eq(day)),
        )
        .execute(conn)?;
        diesel::insert_into(checkins::table)
            .values((
                checkins::user_id.eq(user.0),
                checkins::checked_on.eq(day),
                checkins::morning_pain.eq(i32::from(pain.get())),
                checkins::stiffness_minutes.eq(i32::from(stiffness.get())),
                checkins::painkillers.eq(painkillers),
                checkins::created_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    })
}

pub fn save_test(
    conn: &mut DbConn,
    user: UserId,
    day: NaiveDate,
    side: Side,
    pain_free_reps: u16,
    notes: &str,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    Ok(diesel::insert_into(capacity_tests::table)
        .values((
            capacity_tests::user_id.eq(user.0),
            capacity_tests::performed_on.eq(day),
            capacity_tests::side.eq(side.as_str()),
            capacity_tests::pain_free_reps.eq(i32::from(pain_free_reps)),
            capacity_tests::notes.eq(notes),
            capacity_tests::created_at.eq(now),
        ))
        .returning(capacity_tests::id)
        .get_result(conn)?)
}

/// A run or cross-training entry.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Run {
    pub id: i64,
    pub performed_on: NaiveDate,
    pub kind: String,
    pub distance_km: f64,
    pub pain_during: i32,
    pub notes: String,
}

#[allow(clippy::too_many_arguments)]
pub fn save_run(
    conn: &mut DbConn,
    user: UserId,
    day: NaiveDate,
    kind: &str,
    distance: DistanceKm,
    pain: PainScore,
    notes: &str,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    Ok(diesel::insert_into(runs::table)
        .values((
            runs::user_id.eq(user.0),
            runs::performed_on.eq(day),
            runs::kind.eq(kind),
            runs::distance_km.eq(distance.km()),
            runs::pain_during.eq(i32::from(pain.get())),
            runs::notes.eq(notes),
            runs::created_at.eq(now),
        ))
        .returning(runs::id)
        .get_result(conn)?)
}

/// The runner's runs, newest first.
pub fn runs(conn: &mut DbConn, user: UserId) -> StoreResult<Vec<Run>> {
    let rows: Vec<(i64, NaiveDate, String, f64, i32, String)> = runs::table
        .filter(runs::user_id.eq(user.0))
        .order((runs::performed_on.desc(), runs::id.desc()))
        .select((
            runs::id,
            runs::performed_on,
            runs::kind,
            runs::distance_km,
            runs::pain_during,
            runs::notes,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, performed_on, kind, distance_km, pain_during, notes)| Run {
                id,
                performed_on,
                kind,
                distance_km,
                pain_during,
                notes,
            },
        )
        .collect())
}

/// Whether the runner logged a run on `day`.
pub fn ran_on(conn: &mut DbConn, user: UserId, day: NaiveDate) -> StoreResult<bool> {
    let found: Option<i64> = runs::table
        .filter(runs::user_id.eq(user.0))
        .filter(runs::performed_on.eq(day))
        .select(runs::id)
        .first(conn)
        .optional()?;
    Ok(found.is_some())
}
