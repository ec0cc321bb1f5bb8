//! Morning check-ins, calf-raise capacity tests and the run diary.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{capacity_tests, checkins, runs};
use super::users::UserId;
use super::{write_transaction, DbConn, StoreResult};
use crate::domain::progression::running::RunKind;
use crate::domain::values::{DistanceKm, PainScore, Side, StiffnessMinutes};

/// Records the morning check-in; a second one for the same day replaces the first.
#[allow(clippy::too_many_arguments)]
pub fn save_checkin(
    conn: &mut DbConn,
    user: UserId,
    day: NaiveDate,
    pain: PainScore,
    stiffness: StiffnessMinutes,
    painkillers: bool,
    walked_pain_free: bool,
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
                checkins::walked_30_min_pain_free.eq(walked_pain_free),
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
    /// `None` for entries made before durations were asked.
    pub duration_minutes: Option<i32>,
    pub distance_km: Option<f64>,
    pub pain_during: i32,
    pub notes: String,
}

/// A run as the diary form hands it over.
#[derive(Debug, Clone)]
pub struct NewRun {
    pub day: NaiveDate,
    pub kind: RunKind,
    pub duration_minutes: u16,
    pub distance: Option<DistanceKm>,
    pub pain: PainScore,
    pub notes: String,
}

pub fn save_run(
    conn: &mut DbConn,
    user: UserId,
    run: &NewRun,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    Ok(diesel::insert_into(runs::table)
        .values((
            runs::user_id.eq(user.0),
            runs::performed_on.eq(run.day),
            runs::kind.eq(run.kind.as_str()),
            runs::duration_minutes.eq(Some(i32::from(run.duration_minutes))),
            runs::distance_km.eq(run.distance.map(DistanceKm::km)),
            runs::pain_during.eq(i32::from(run.pain.get())),
            runs::notes.eq(&run.notes),
            runs::created_at.eq(now),
        ))
        .returning(runs::id)
        .get_result(conn)?)
}

type RunRow = (
    i64,
    NaiveDate,
    String,
    Option<i32>,
    Option<f64>,
    i32,
    String,
);

/// The runner's runs, newest first.
pub fn runs(conn: &mut DbConn, user: UserId) -> StoreResult<Vec<Run>> {
    let rows: Vec<RunRow> = runs::table
        .filter(runs::user_id.eq(user.0))
        .order((runs::performed_on.desc(), runs::id.desc()))
        .select((
            runs::id,
            runs::performed_on,
            runs::kind,
            runs::duration_minutes,
            runs::distance_km,
            runs::pain_during,
            runs::notes,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, performed_on, kind, duration_minutes, distance_km, pain_during, notes)| Run {
                id,
                performed_on,
                kind,
                duration_minutes,
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
