//! Return to running: hop tests, pre-injury volume, the clinician's stage settings, and the
//! running part of the engine's history for one runner or many (set-based: one query per table).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{checkins, hop_tests, run_stage_settings, running_profiles, runs};
use super::users::UserId;
use super::{write_transaction, DbConn, StoreResult};
use crate::domain::progression::running::{
    HopTest, RunKind, RunRecord, RunStage, RunningHistory, StageSetting,
};
use crate::domain::values::{PainScore, Side};

/// A stored hop test, as the pages and the export show it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HopTestRow {
    pub id: i64,
    pub performed_on: NaiveDate,
    pub side: String,
    pub hops: i32,
    pub pain: i32,
}

/// A clinician's stage setting, as the export shows it (`stage` `None` is "automatic").
#[derive(Debug, Clone, serde::Serialize)]
pub struct StageSettingRow {
    pub set_on: NaiveDate,
    pub stage: Option<i32>,
    pub created_at: NaiveDateTime,
}

pub fn save_hop_test(
    conn: &mut DbConn,
    user: UserId,
    day: NaiveDate,
    side: Side,
    hops: u8,
    pain: PainScore,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    Ok(diesel::insert_into(hop_tests::table)
        .values((
            hop_tests::user_id.eq(user.0),
            hop_tests::performed_on.eq(day),
            hop_tests::side.eq(side.as_str()),
            hop_tests::hops.eq(i32::from(hops)),
            hop_tests::pain.eq(i32::from(pain.get())),
            hop_tests::created_at.eq(now),
        ))
        .returning(hop_tests::id)
        .get_result(conn)?)
}

/// The runner's hop tests, newest first.
pub fn hop_tests(conn: &mut DbConn, user: UserId) -> StoreResult<Vec<HopTestRow>> {
    let rows: Vec<(i64, NaiveDate, String, i32, i32)> = hop_tests::table
        .filter(hop_tests::user_id.eq(user.0))
        .order((hop_tests::performed_on.desc(), hop_tests::id.desc()))
        .select((
            hop_tests::id,
            hop_tests::performed_on,
            hop_tests::side,
            hop_tests::hops,
            hop_tests::pain,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, performed_on, side, hops, pain)| HopTestRow {
            id,
            performed_on,
            side,
            hops,
            pain,
        })
        .collect())
}

/// Records the weekly running distance before the injury (in km), replacing an earlier answer.
pub fn save_pre_injury_volume(
    conn: &mut DbConn,
    user: UserId,
    km: f64,
    now: NaiveDateTime,
) -> StoreResult<()> {
    write_transaction(conn, |conn| {
        diesel::delete(running_profiles::table.filter(running_profiles::user_id.eq(user.0)))
            .execute(conn)?;
        diesel::insert_into(running_profiles::table)
            .values((
                running_profiles::user_id.eq(user.0),
                running_profiles::pre_injury_weekly_km.eq(Some(km)),
                running_profiles::updated_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    })
}

/// The runner's current stage setting: `None` without one, `Some(None)` for "automatic".
pub fn current_setting(conn: &mut DbConn, runner: UserId) -> StoreResult<Option<Option<u8>>> {
    let row: Option<Option<i32>> = run_stage_settings::table
        .filter(run_stage_settings::runner_id.eq(runner.0))
        .order((
            run_stage_settings::set_on.desc(),
            run_stage_settings::id.desc(),
        ))
        .select(run_stage_settings::stage)
        .first(conn)
        .optional()?;
    Ok(row.map(|s| s.and_then(|v| u8::try_from(v).ok())))
}

/// A clinician sets the stage from `day` (`None`: hand back to the rules). Call inside the
/// caller's transaction.
pub fn save_stage_setting(
    conn: &mut DbConn,
    runner: UserId,
    clinician: UserId,
    day: NaiveDate,
    stage: Option<RunStage>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(run_stage_settings::table)
        .values((
            run_stage_settings::runner_id.eq(runner.0),
            run_stage_settings::clinician_id.eq(Some(clinician.0)),
            run_stage_settings::set_on.eq(day),
            run_stage_settings::stage.eq(stage.map(|s| i32::from(s.get()))),
            run_stage_settings::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every stage setting of the runner, oldest first.
pub fn stage_settings(conn: &mut DbConn, runner: UserId) -> StoreResult<Vec<StageSettingRow>> {
    let rows: Vec<(NaiveDate, Option<i32>, NaiveDateTime)> = run_stage_settings::table
        .filter(run_stage_settings::runner_id.eq(runner.0))
        .order((run_stage_settings::set_on, run_stage_settings::id))
        .select((
            run_stage_settings::set_on,
            run_stage_settings::stage,
            run_stage_settings::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(set_on, stage, created_at)| StageSettingRow {
            set_on,
            stage,
            created_at,
        })
        .collect())
}

/// A stored run, as read for the engine.
#[derive(Queryable, Selectable)]
#[diesel(table_name = runs)]
struct StoredRun {
    id: i64,
    user_id: i64,
    performed_on: NaiveDate,
    kind: String,
    duration_minutes: Option<i32>,
    distance_km: Option<f64>,
    pain_during: i32,
}

impl StoredRun {
    /// The engine's run, or `None` (logged with the row's id) for a row it cannot read.
    fn record(self) -> Option<(i64, RunRecord)> {
        let (Some(kind), Ok(pain)) = (
            RunKind::parse(&self.kind),
            PainScore::new(i64::from(self.pain_during)),
        ) else {
            tracing::warn!(run_id = self.id, "a stored run cannot be read; left out");
            return None;
        };
        Some((
            self.user_id,
            RunRecord {
                id: self.id,
                date: self.performed_on,
                kind,
                duration_minutes: self.duration_minutes.and_then(|m| u16::try_from(m).ok()),
                distance_km: self.distance_km,
                pain_during: pain,
            },
        ))
    }
}

/// A stored hop test, as read for the engine.
#[derive(Queryable, Selectable)]
#[diesel(table_name = hop_tests)]
struct StoredHopTest {
    id: i64,
    user_id: i64,
    performed_on: NaiveDate,
    side: String,
    hops: i32,
    pain: i32,
}

impl StoredHopTest {
    /// The engine's hop test, or `None` (logged with the row's id) for a row it cannot read.
    fn record(self) -> Option<(i64, HopTest)> {
        let (Ok(side), Ok(hops), Ok(pain)) = (
            Side::parse(&self.side),
            u8::try_from(self.hops),
            PainScore::new(i64::from(self.pain)),
        ) else {
            tracing::warn!(
                hop_test_id = self.id,
                "a stored hop test cannot be read; left out"
            );
            return None;
        };
        Some((
            self.user_id,
            HopTest {
                id: self.id,
                date: self.performed_on,
                side,
                hops,
                pain,
            },
        ))
    }
}

/// The running histories of several runners, one query per table.
pub fn histories(conn: &mut DbConn, users: &[i64]) -> StoreResult<HashMap<i64, RunningHistory>> {
    let mut out: HashMap<i64, RunningHistory> = users
        .iter()
        .map(|id| (*id, RunningHistory::default()))
        .collect();
    let stored_runs: Vec<StoredRun> = runs::table
        .filter(runs::user_id.eq_any(users))
        .order((runs::performed_on, runs::id))
        .select(StoredRun::as_select())
        .load(conn)?;
    for (user, run) in stored_runs.into_iter().filter_map(StoredRun::record) {
        if let Some(h) = out.get_mut(&user) {
            h.runs.push(run);
        }
    }
    let stored_hops: Vec<StoredHopTest> = hop_tests::table
        .filter(hop_tests::user_id.eq_any(users))
        .order((hop_tests::performed_on, hop_tests::id))
        .select(StoredHopTest::as_select())
        .load(conn)?;
    for (user, hop) in stored_hops.into_iter().filter_map(StoredHopTest::record) {
        if let Some(h) = out.get_mut(&user) {
            h.hop_tests.push(hop);
        }
    }
    let walks: Vec<(i64, NaiveDate)> = checkins::table
        .filter(checkins::user_id.eq_any(users))
        .filter(checkins::walked_30_min_pain_free.eq(true))
        .select((checkins::user_id, checkins::checked_on))
        .load(conn)?;
    for (user, date) in walks {
        if let Some(h) = out.get_mut(&user) {
            h.pain_free_walks.push(date);
        }
    }
    let volumes: Vec<(i64, Option<f64>)> = running_profiles::table
        .filter(running_profiles::user_id.eq_any(users))
        .select((
            running_profiles::user_id,
            running_profiles::pre_injury_weekly_km,
        ))
        .load(conn)?;
    for (user, km) in volumes {
        if let Some(h) = out.get_mut(&user) {
            h.pre_injury_weekly_km = km;
        }
    }
    let settings: Vec<(i64, NaiveDate, Option<i32>)> = run_stage_settings::table
        .filter(run_stage_settings::runner_id.eq_any(users))
        .order((run_stage_settings::set_on, run_stage_settings::id))
        .select((
            run_stage_settings::runner_id,
            run_stage_settings::set_on,
            run_stage_settings::stage,
        ))
        .load(conn)?;
    for (user, date, stage) in settings {
        if let Some(h) = out.get_mut(&user) {
            h.settings.push(StageSetting {
                date,
                stage: stage.and_then(|s| RunStage::new(u8::try_from(s).ok()?)),
            });
        }
    }
    Ok(out)
}

/// One runner's running history.
pub fn history(conn: &mut DbConn, user: i64) -> StoreResult<RunningHistory> {
    Ok(histories(conn, &[user])?.remove(&user).unwrap_or_default())
}
