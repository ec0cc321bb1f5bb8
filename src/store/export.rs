//! Everything a runner entered, for their data export: one set-based query per table (never one
//! per row). Values come back as stored, so a row that no longer parses is still exported.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{
    capacity_tests, checkins, clinician_links, clinician_notes, session_sets, training_sessions,
    triages, users, visa_a_results,
};
use super::users::{User, UserId};
use super::{DbConn, StoreResult};
use crate::domain::values::{from_kg, Units};
use crate::domain::visa_a::{q8_points, Q8Minutes, Q8Pattern};

#[derive(Debug, Clone, Serialize)]
pub struct Account {
    pub email: String,
    pub display_name: String,
    pub units: &'static str,
    pub timezone: String,
    pub gate_threshold: u8,
    pub confirmed_type: Option<&'static str>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize)]
pub struct Triage {
    pub id: i64,
    pub created_at: NaiveDateTime,
    pub side: String,
    pub location: String,
    /// The ticked signs and flags, by their form field names.
    pub ticked: Vec<String>,
    pub outcome: String,
    /// The plan the runner picked for a mixed or unclear result.
    pub self_selected: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Set {
    pub position: i32,
    pub exercise: String,
    pub side: String,
    pub reps: Option<i32>,
    pub hold_seconds: Option<i32>,
    pub load_kg: Option<f64>,
    /// The same load in the runner's unit (`load_unit`), rounded to 0.01.
    pub load: Option<f64>,
    pub load_unit: &'static str,
    pub rpe: Option<f64>,
    pub pain: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Session {
    pub id: i64,
    pub performed_on: NaiveDate,
    pub notes: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub sets: Vec<Set>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Checkin {
    pub checked_on: NaiveDate,
    pub morning_pain: i32,
    pub stiffness_minutes: i32,
    pub painkillers: bool,
    pub walked_30_min_pain_free: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CapacityTest {
    pub id: i64,
    pub performed_on: NaiveDate,
    pub side: String,
    pub pain_free_reps: i32,
    pub notes: String,
}

pub use super::diary::Run;
pub use super::running::{HopTestRow as HopTest, StageSettingRow as RunStageSetting};

/// A change of running stage or step as the rules replayed it (DESIGN 2.6).
#[derive(Debug, Clone, Serialize)]
pub struct RunStage {
    pub date: NaiveDate,
    pub stage: u8,
    pub step: String,
    pub reason: String,
}

/// Points per item as on the published form; item 8 as the pattern and time band answered.
#[derive(Debug, Clone, Serialize)]
pub struct VisaItems {
    pub q1: i32,
    pub q2: i32,
    pub q3: i32,
    pub q4: i32,
    pub q5: i32,
    pub q6: i32,
    pub q7: i32,
    pub q8_pattern: String,
    pub q8_minutes: String,
    pub q8_points: Option<u8>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VisaResult {
    pub id: i64,
    pub taken_on: NaiveDate,
    pub items: VisaItems,
    pub total: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Clinician {
    pub name: String,
    pub linked_since: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub author: String,
    pub written_at: NaiveDateTime,
    pub body: String,
}

/// A runner's whole record, oldest first within each list.
#[derive(Debug, Clone, Serialize)]
pub struct RunnerData {
    pub account: Account,
    pub triages: Vec<Triage>,
    pub sessions: Vec<Session>,
    pub checkins: Vec<Checkin>,
    pub capacity_tests: Vec<CapacityTest>,
    pub runs: Vec<Run>,
    pub hop_tests: Vec<HopTest>,
    /// Weekly running distance before the injury, in km.
    pub pre_injury_weekly_km: Option<f64>,
    /// The clinician's stage settings (`stage` null: handed back to the rules).
    pub run_stage_settings: Vec<RunStageSetting>,
    /// Every change of running stage or step, oldest first.
    pub run_stages: Vec<RunStage>,
    pub visa_a: Vec<VisaResult>,
    pub clinicians: Vec<Clinician>,
    pub clinician_notes: Vec<Note>,
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn account(user: &User) -> Account {
    Account {
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        units: user.units.as_str(),
        timezone: user.timezone.name().to_string(),
        gate_threshold: user.gate_threshold.get(),
        confirmed_type: user.confirmed_type.map(|t| t.as_str()),
        created_at: user.created_at,
    }
}

/// The runner's data; `None` when the account does not exist.
pub fn load(conn: &mut DbConn, user: UserId) -> StoreResult<Option<RunnerData>> {
    let Some(user) = super::users::find(conn, user)? else {
        return Ok(None);
    };
    let id = user.id.0;
    let record = super::history::load(conn, &user)?;
    let today = chrono::Utc::now()
        .with_timezone(&user.timezone)
        .date_naive();
    let running = crate::domain::progression::assess(&record.history, today).running;
    Ok(Some(RunnerData {
        account: account(&user),
        triages: load_triages(conn, id)?,
        sessions: load_sessions(conn, id, user.units)?,
        checkins: load_checkins(conn, id)?,
        capacity_tests: load_tests(conn, id)?,
        runs: load_runs(conn, id)?,
        hop_tests: {
            let mut t = super::running::hop_tests(conn, user.id)?;
            t.reverse();
            t
        },
        pre_injury_weekly_km: record.history.running.pre_injury_weekly_km,
        run_stage_settings: super::running::stage_settings(conn, user.id)?,
        run_stages: running
            .history
            .into_iter()
            .map(|c| RunStage {
                date: c.date,
                stage: c.stage.get(),
                step: c.step,
                reason: c.reason,
            })
            .collect(),
        visa_a: load_visa_a(conn, id)?,
        clinicians: load_clinicians(conn, id)?,
        clinician_notes: load_notes(conn, id)?,
    }))
}

type TriageRow = (
    i64,
    NaiveDateTime,
    String,
    String,
    String,
    String,
    Option<String>,
);

fn load_triages(conn: &mut DbConn, user: i64) -> StoreResult<Vec<Triage>> {
    let rows: Vec<TriageRow> = triages::table
        .filter(triages::user_id.eq(user))
        .order(triages::id)
        .select((
            triages::id,
            triages::created_at,
            triages::side,
            triages::location,
            triages::answers,
            triages::outcome,
            triages::self_selected,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, created_at, side, location, answers, outcome, self_selected)| Triage {
                id,
                created_at,
                side,
                location,
                ticked: answers
                    .split(',')
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect(),
                outcome,
                self_selected,
            },
        )
        .collect())
}

type SetRow = (
    i64,
    i32,
    String,
    String,
    Option<i32>,
    Option<i32>,
    Option<f64>,
    Option<i32>,
    i32,
);

fn load_sessions(conn: &mut DbConn, user: i64, units: Units) -> StoreResult<Vec<Session>> {
    let heads: Vec<(i64, NaiveDate, String, NaiveDateTime, NaiveDateTime)> =
        training_sessions::table
            .filter(training_sessions::user_id.eq(user))
            .order((training_sessions::performed_on, training_sessions::id))
            .select((
                training_sessions::id,
                training_sessions::performed_on,
                training_sessions::notes,
                training_sessions::created_at,
                training_sessions::updated_at,
            ))
            .load(conn)?;
    let rows: Vec<SetRow> = session_sets::table
        .inner_join(training_sessions::table)
        .filter(training_sessions::user_id.eq(user))
        .order((session_sets::session_id, session_sets::position))
        .select((
            session_sets::session_id,
            session_sets::position,
            session_sets::exercise,
            session_sets::side,
            session_sets::reps,
            session_sets::hold_seconds,
            session_sets::load_kg,
            session_sets::rpe_halves,
            session_sets::pain,
        ))
        .load(conn)?;
    let mut by_session: std::collections::HashMap<i64, Vec<Set>> =
        std::collections::HashMap::with_capacity(heads.len());
    for (session, position, exercise, side, reps, hold_seconds, load_kg, rpe, pain) in rows {
        by_session.entry(session).or_default().push(Set {
            position,
            exercise,
            side,
            reps,
            hold_seconds,
            load_kg,
            load: load_kg.map(|kg| round2(from_kg(kg, units))),
            load_unit: units.as_str(),
            rpe: rpe
                .and_then(|h| crate::domain::values::Rpe::from_halves(h).ok())
                .map(crate::domain::values::Rpe::value),
            pain,
        });
    }
    Ok(heads
        .into_iter()
        .map(
            |(id, performed_on, notes, created_at, updated_at)| Session {
                id,
                performed_on,
                notes,
                created_at,
                updated_at,
                sets: by_session.remove(&id).unwrap_or_default(),
            },
        )
        .collect())
}

fn load_checkins(conn: &mut DbConn, user: i64) -> StoreResult<Vec<Checkin>> {
    let rows: Vec<(NaiveDate, i32, i32, bool, bool)> = checkins::table
        .filter(checkins::user_id.eq(user))
        .order(checkins::checked_on)
        .select((
            checkins::checked_on,
            checkins::morning_pain,
            checkins::stiffness_minutes,
            checkins::painkillers,
            checkins::walked_30_min_pain_free,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(checked_on, morning_pain, stiffness_minutes, painkillers, walked)| Checkin {
                checked_on,
                morning_pain,
                stiffness_minutes,
                painkillers,
                walked_30_min_pain_free: walked,
            },
        )
        .collect())
}

fn load_tests(conn: &mut DbConn, user: i64) -> StoreResult<Vec<CapacityTest>> {
    let rows: Vec<(i64, NaiveDate, String, i32, String)> = capacity_tests::table
        .filter(capacity_tests::user_id.eq(user))
        .order((capacity_tests::performed_on, capacity_tests::id))
        .select((
            capacity_tests::id,
            capacity_tests::performed_on,
            capacity_tests::side,
            capacity_tests::pain_free_reps,
            capacity_tests::notes,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, performed_on, side, pain_free_reps, notes)| CapacityTest {
                id,
                performed_on,
                side,
                pain_free_reps,
                notes,
            },
        )
        .collect())
}

/// Runs oldest first, like every other list of the export.
fn load_runs(conn: &mut DbConn, user: i64) -> StoreResult<Vec<Run>> {
    let mut runs = super::diary::runs(conn, UserId(user))?;
    runs.reverse();
    Ok(runs)
}

type VisaRow = (
    i64,
    NaiveDate,
    (i32, i32, i32, i32, i32, i32, i32),
    String,
    String,
    i32,
);

fn load_visa_a(conn: &mut DbConn, user: i64) -> StoreResult<Vec<VisaResult>> {
    use visa_a_results as v;
    let rows: Vec<VisaRow> = v::table
        .filter(v::user_id.eq(user))
        .order((v::taken_on, v::id))
        .select((
            v::id,
            v::taken_on,
            (v::q1, v::q2, v::q3, v::q4, v::q5, v::q6, v::q7),
            v::q8_pattern,
            v::q8_minutes,
            v::total,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, taken_on, q, q8_pattern, q8_minutes, total)| {
            let q8 = match (Q8Pattern::parse(&q8_pattern), Q8Minutes::parse(&q8_minutes)) {
                (Ok(p), Ok(m)) => Some(q8_points(p, m)),
                _ => None,
            };
            VisaResult {
                id,
                taken_on,
                items: VisaItems {
                    q1: q.0,
                    q2: q.1,
                    q3: q.2,
                    q4: q.3,
                    q5: q.4,
                    q6: q.5,
                    q7: q.6,
                    q8_pattern,
                    q8_minutes,
                    q8_points: q8,
                },
                total,
            }
        })
        .collect())
}

fn load_clinicians(conn: &mut DbConn, user: i64) -> StoreResult<Vec<Clinician>> {
    let rows: Vec<(String, NaiveDateTime)> = clinician_links::table
        .inner_join(users::table.on(users::id.eq(clinician_links::clinician_id)))
        .filter(clinician_links::runner_id.eq(user))
        .order((clinician_links::created_at, clinician_links::id))
        .select((users::display_name, clinician_links::created_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(name, linked_since)| Clinician { name, linked_since })
        .collect())
}

fn load_notes(conn: &mut DbConn, user: i64) -> StoreResult<Vec<Note>> {
    let rows: Vec<(String, NaiveDateTime, String)> = clinician_notes::table
        .inner_join(users::table.on(users::id.eq(clinician_notes::clinician_id)))
        .filter(clinician_notes::runner_id.eq(user))
        .order((clinician_notes::created_at, clinician_notes::id))
        .select((
            users::display_name,
            clinician_notes::created_at,
            clinician_notes::body,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(author, written_at, body)| Note {
            author,
            written_at,
            body,
        })
        .collect())
}
