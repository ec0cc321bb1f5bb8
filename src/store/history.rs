//! Everything the progression engine reads about one runner, in a handful of set-based queries
//! (never one per row). Every page that shows the gate, a colour or advice starts here.

use diesel::prelude::*;

use super::schema::{capacity_tests, checkins, session_sets, training_sessions};
use super::triages::{self, StoredTriage};
use super::users::User;
use super::{DbConn, StoreResult};
use crate::domain::plan::{decide, Confirmation, CurrentTriage, PlanDecision};
use crate::domain::progression::{
    CapacityTest, CheckIn, History, Profile, SessionRecord, SetRecord,
};
use crate::domain::schedule::Schedule;
use crate::domain::values::{
    HoldSeconds, InjuredSide, LoadKg, PainScore, Reps, Rpe, SetSide, Side, StiffnessMinutes,
};

/// A runner's current triage, plan decision and full history.
#[derive(Debug, Clone)]
pub struct RunnerRecord {
    pub user: User,
    pub triage: Option<StoredTriage>,
    pub decision: PlanDecision,
    pub history: History,
    /// The runner's training weekdays.
    pub schedule: Schedule,
}

impl RunnerRecord {
    /// The plan type in force, if there is one.
    pub fn plan_type(&self) -> Option<crate::domain::values::TendinopathyType> {
        match &self.decision {
            PlanDecision::Plan(p) => Some(p.kind),
            _ => None,
        }
    }
}

/// A clinician's confirmation of the runner's type, if there is one.
pub fn confirmation_of(user: &User) -> Option<Confirmation> {
    user.confirmed_type.map(|kind| Confirmation {
        kind,
        at: user.confirmed_at,
    })
}

/// The plan decision for a runner from their confirmed type and current triage.
pub fn decision_for(user: &User, triage: Option<&StoredTriage>) -> PlanDecision {
    decide(
        confirmation_of(user),
        triage.map(|t| CurrentTriage {
            outcome: t.outcome,
            at: t.created_at,
        }),
        triage.and_then(|t| t.self_selected),
    )
}

pub fn load(conn: &mut DbConn, user: &User) -> StoreResult<RunnerRecord> {
    let triage = triages::current(conn, user.id)?;
    let decision = decision_for(user, triage.as_ref());
    let plan = match &decision {
        PlanDecision::Plan(p) => Some(p.kind),
        _ => None,
    };
    let profile = Profile {
        plan,
        injured: triage
            .as_ref()
            .map_or(InjuredSide::Both, |t| t.answers.side),
        threshold: user.gate_threshold,
        units: user.units,
    };
    let history = History {
        profile,
        sessions: sessions(conn, user.id.0)?,
        checkins: checkins(conn, user.id.0)?,
        tests: tests(conn, user.id.0)?,
        running: super::running::history(conn, user.id.0)?,
    };
    Ok(RunnerRecord {
        user: user.clone(),
        triage,
        decision,
        history,
        schedule: super::schedule::load(conn, user.id)?,
    })
}

pub(crate) type SetRow = (
    i64,
    String,
    String,
    Option<i32>,
    Option<i32>,
    Option<f64>,
    Option<i32>,
    i32,
);

/// A stored set as the engine reads it (values were validated on the way in; a row that no
/// longer parses is skipped rather than guessed at).
pub(crate) fn set_record(row: &SetRow) -> Option<SetRecord> {
    let (_, exercise, side, reps, hold, load, rpe_halves, pain) = row;
    Some(SetRecord {
        exercise: exercise.clone(),
        side: SetSide::parse(side).ok()?,
        reps: reps.and_then(|r| Reps::new(i64::from(r)).ok()),
        hold: hold.and_then(|h| HoldSeconds::new(i64::from(h)).ok()),
        load: load.and_then(|l| LoadKg::from_kg(l).ok()),
        rpe: rpe_halves.and_then(|h| Rpe::from_f64(f64::from(h) / 2.0).ok()),
        pain: PainScore::new(i64::from(*pain)).ok()?,
    })
}

pub(crate) fn set_columns() -> (
    session_sets::session_id,
    session_sets::exercise,
    session_sets::side,
    session_sets::reps,
    session_sets::hold_seconds,
    session_sets::load_kg,
    session_sets::rpe_halves,
    session_sets::pain,
) {
    (
        session_sets::session_id,
        session_sets::exercise,
        session_sets::side,
        session_sets::reps,
        session_sets::hold_seconds,
        session_sets::load_kg,
        session_sets::rpe_halves,
        session_sets::pain,
    )
}

fn sessions(conn: &mut DbConn, user_id: i64) -> StoreResult<Vec<SessionRecord>> {
    let heads: Vec<(i64, chrono::NaiveDate)> = training_sessions::table
        .filter(training_sessions::user_id.eq(user_id))
        .order((training_sessions::performed_on, training_sessions::id))
        .select((training_sessions::id, training_sessions::performed_on))
        .load(conn)?;
    let rows: Vec<SetRow> = session_sets::table
        .inner_join(training_sessions::table)
        .filter(training_sessions::user_id.eq(user_id))
        .order((session_sets::session_id, session_sets::position))
        .select(set_columns())
        .load(conn)?;
    let mut by_session: std::collections::HashMap<i64, Vec<SetRecord>> =
        std::collections::HashMap::with_capacity(heads.len());
    for row in &rows {
        if let Some(set) = set_record(row) {
            by_session.entry(row.0).or_default().push(set);
        }
    }
    Ok(heads
        .into_iter()
        .map(|(id, date)| SessionRecord {
            id,
            date,
            sets: by_session.remove(&id).unwrap_or_default(),
        })
        .collect())
}

fn checkins(conn: &mut DbConn, user_id: i64) -> StoreResult<Vec<CheckIn>> {
    let rows: Vec<(chrono::NaiveDate, i32, i32, bool)> = checkins::table
        .filter(checkins::user_id.eq(user_id))
        .order(checkins::checked_on)
        .select((
            checkins::checked_on,
            checkins::morning_pain,
            checkins::stiffness_minutes,
            checkins::painkillers,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(date, pain, stiffness, painkillers)| {
            Some(CheckIn {
                date,
                morning_pain: PainScore::new(i64::from(pain)).ok()?,
                stiffness: StiffnessMinutes::new(i64::from(stiffness)).ok()?,
                painkillers,
            })
        })
        .collect())
}

fn tests(conn: &mut DbConn, user_id: i64) -> StoreResult<Vec<CapacityTest>> {
    let rows: Vec<(i64, chrono::NaiveDate, String, i32)> = capacity_tests::table
        .filter(capacity_tests::user_id.eq(user_id))
        .order((capacity_tests::performed_on, capacity_tests::id))
        .select((
            capacity_tests::id,
            capacity_tests::performed_on,
            capacity_tests::side,
            capacity_tests::pain_free_reps,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, date, side, reps)| {
            Some(CapacityTest {
                id,
                date,
                side: Side::parse(&side).ok()?,
                pain_free_reps: u16::try_from(reps).ok()?,
            })
        })
        .collect())
}
