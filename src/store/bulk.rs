//! Bulk writes for generated data (`tendo demo`, benchmarks): a runner's whole record in one
//! transaction, with multi-row inserts instead of a statement per row.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{
    capacity_tests, checkins, clinician_links, clinician_notes, runs, session_sets,
    training_sessions, users, visa_a_results,
};
use super::training::SessionInput;
use super::users::{Role, UserId};
use super::{triages, write_transaction, DbConn, StoreResult};
use crate::domain::progression::running::RunStage;
use crate::domain::progression::CheckIn;
use crate::domain::triage::{TriageAnswers, TriageOutcome};
use crate::domain::values::{DistanceKm, GateThreshold, PainScore, Side, TendinopathyType, Units};
use crate::domain::visa_a::VisaA;

/// Rows per multi-row insert: well under SQLite's and PostgreSQL's limits on bound values.
const CHUNK: usize = 500;

/// Inserts a `Vec` of value tuples in one statement. Multi-row inserts are backend-specific in
/// diesel, so this dispatches on the inner connection.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            DbConn::Sqlite(c) => diesel::insert_into($table).values($rows).execute(c),
            DbConn::Postgres(c) => diesel::insert_into($table).values($rows).execute(c),
        }
    };
}

/// An account to create, with every preference set.
#[derive(Debug, Clone)]
pub struct AccountImport {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub units: Units,
    pub timezone: chrono_tz::Tz,
    pub gate_threshold: GateThreshold,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct TriageImport {
    pub answers: TriageAnswers,
    pub outcome: TriageOutcome,
    pub self_selected: Option<TendinopathyType>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct TestImport {
    pub performed_on: NaiveDate,
    pub side: Side,
    pub pain_free_reps: u16,
    pub notes: String,
}

#[derive(Debug, Clone)]
pub struct RunImport {
    pub performed_on: NaiveDate,
    /// One of the run diary's kinds (`walk_run`, `easy`, `long`, `speed`, `hills`, `race`, `bike`).
    pub kind: &'static str,
    pub duration_minutes: u16,
    pub distance: Option<DistanceKm>,
    pub pain: PainScore,
    pub notes: String,
}

/// A hop test (DESIGN 2.6).
#[derive(Debug, Clone)]
pub struct HopImport {
    pub performed_on: NaiveDate,
    pub side: Side,
    pub hops: u8,
    pub pain: PainScore,
}

/// The running part of a runner's record besides the runs.
#[derive(Debug, Clone, Default)]
pub struct RunningImport {
    pub hop_tests: Vec<HopImport>,
    /// Check-in days that said "walked 30 minutes without pain".
    pub pain_free_walks: Vec<NaiveDate>,
    pub pre_injury_weekly_km: Option<f64>,
    /// The clinician's stage settings (`None`: automatic).
    pub settings: Vec<(NaiveDate, Option<RunStage>)>,
}

#[derive(Debug, Clone)]
pub struct NoteImport {
    pub body: String,
    pub created_at: NaiveDateTime,
}

/// Everything about one runner. Dates are the runner's own; row timestamps are derived from them.
#[derive(Debug, Clone)]
pub struct RunnerImport {
    pub account: AccountImport,
    pub triage: Option<TriageImport>,
    /// Sessions in date order; each gets the submission id `import:<n>` (a `:` no form's id can
    /// hold, so a form never finds an imported session's id taken).
    pub sessions: Vec<SessionInput>,
    pub checkins: Vec<CheckIn>,
    pub tests: Vec<TestImport>,
    pub runs: Vec<RunImport>,
    pub running: RunningImport,
    pub visa_a: Vec<(NaiveDate, VisaA)>,
    /// When the runner shared their data with the clinician (written only with a clinician).
    pub linked_at: Option<NaiveDateTime>,
    /// Notes the linked clinician wrote about the runner.
    pub notes: Vec<NoteImport>,
}

/// How many rows one import wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub sessions: usize,
    pub sets: usize,
    pub checkins: usize,
    pub tests: usize,
    pub runs: usize,
    pub visa_a: usize,
    pub links: usize,
    pub notes: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.sessions += o.sessions;
        self.sets += o.sets;
        self.checkins += o.checkins;
        self.tests += o.tests;
        self.runs += o.runs;
        self.visa_a += o.visa_a;
        self.links += o.links;
        self.notes += o.notes;
    }
}

/// The emails among `emails` that already have an account.
pub fn emails_taken(conn: &mut DbConn, emails: &[String]) -> StoreResult<Vec<String>> {
    let mut taken = Vec::new();
    for chunk in emails.chunks(CHUNK) {
        taken.extend(
            users::table
                .filter(users::email.eq_any(chunk))
                .select(users::email)
                .load::<String>(conn)?,
        );
    }
    Ok(taken)
}

/// Creates an account with a ready-made password hash (the same hash may serve many accounts).
pub fn insert_account(
    conn: &mut DbConn,
    account: &AccountImport,
    password_hash: &str,
) -> StoreResult<UserId> {
    let id = diesel::insert_into(users::table)
        .values((
            users::email.eq(super::users::normalise_email(&account.email)),
            users::display_name.eq(&account.display_name),
            users::role.eq(account.role.as_str()),
            users::password_hash.eq(password_hash),
            users::units.eq(account.units.as_str()),
            users::timezone.eq(account.timezone.name()),
            users::gate_threshold.eq(i32::from(account.gate_threshold.get())),
            users::created_at.eq(account.created_at),
        ))
        .returning(users::id)
        .get_result::<i64>(conn)?;
    Ok(UserId(id))
}

fn at(day: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    day.and_hms_opt(hour, minute, 0)
        .unwrap_or_else(|| day.and_time(chrono::NaiveTime::MIN))
}

/// Writes a runner's account and whole record in one transaction; with `clinician`, also the
/// link to them and their notes.
pub fn insert_runner(
    conn: &mut DbConn,
    import: &RunnerImport,
    password_hash: &str,
    clinician: Option<UserId>,
) -> StoreResult<(UserId, Counts)> {
    write_transaction(conn, |conn| {
        let user = insert_account(conn, &import.account, password_hash)?;
        let mut counts = Counts::default();
        if let Some(t) = &import.triage {
            let id = triages::insert(conn, user, &t.answers, t.outcome, t.created_at)?;
            if let Some(kind) = t.self_selected {
                triages::choose_plan(conn, id, user, kind)?;
            }
        }
        (counts.sessions, counts.sets) = insert_sessions(conn, user, &import.sessions)?;
        let walks = &import.running.pain_free_walks;
        counts.checkins = insert_checkins(conn, user, &import.checkins, walks)?;
        counts.tests = insert_tests(conn, user, &import.tests)?;
        counts.runs = insert_runs(conn, user, &import.runs)?;
        let created = import.account.created_at;
        insert_running(conn, user, &import.running, clinician, created)?;
        counts.visa_a = insert_visa_a(conn, user, &import.visa_a)?;
        if let Some(clinician) = clinician {
            if let Some(linked_at) = import.linked_at {
                diesel::insert_into(clinician_links::table)
                    .values((
                        clinician_links::clinician_id.eq(clinician.0),
                        clinician_links::runner_id.eq(user.0),
                        clinician_links::created_at.eq(linked_at),
                    ))
                    .execute(conn)?;
                counts.links = 1;
            }
            counts.notes = insert_notes(conn, user, clinician, &import.notes)?;
        }
        Ok((user, counts))
    })
}

fn submission_id(n: usize) -> String {
    format!("import:{n}")
}

fn insert_sessions(
    conn: &mut DbConn,
    user: UserId,
    sessions: &[SessionInput],
) -> StoreResult<(usize, usize)> {
    if sessions.is_empty() {
        return Ok((0, 0));
    }
    for (c, chunk) in sessions.chunks(CHUNK).enumerate() {
        let rows: Vec<_> = chunk
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let created = at(s.performed_on, 18, 30);
                (
                    training_sessions::user_id.eq(user.0),
                    training_sessions::performed_on.eq(s.performed_on),
                    training_sessions::notes.eq(s.notes.clone()),
                    training_sessions::submission_id.eq(submission_id(c * CHUNK + i)),
                    training_sessions::created_at.eq(created),
                    training_sessions::updated_at.eq(created),
                )
            })
            .collect();
        insert_rows!(conn, training_sessions::table, rows)?;
    }
    // Multi-row RETURNING has no guaranteed order on SQLite, so map ids back by submission id.
    let ids: HashMap<String, i64> = training_sessions::table
        .filter(training_sessions::user_id.eq(user.0))
        .select((training_sessions::submission_id, training_sessions::id))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();
    let mut sets = Vec::new();
    for (n, session) in sessions.iter().enumerate() {
        let Some(&id) = ids.get(&submission_id(n)) else {
            continue;
        };
        sets.extend(
            session
                .sets
                .iter()
                .enumerate()
                .map(move |(i, s)| (id, i, s)),
        );
    }
    for chunk in sets.chunks(CHUNK) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(id, i, s)| {
                (
                    session_sets::session_id.eq(*id),
                    session_sets::position.eq(i32::try_from(*i).unwrap_or(i32::MAX)),
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
        insert_rows!(conn, session_sets::table, rows)?;
    }
    Ok((sessions.len(), sets.len()))
}

fn insert_checkins(
    conn: &mut DbConn,
    user: UserId,
    list: &[CheckIn],
    walks: &[NaiveDate],
) -> StoreResult<usize> {
    for chunk in list.chunks(CHUNK) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|c| {
                (
                    checkins::user_id.eq(user.0),
                    checkins::checked_on.eq(c.date),
                    checkins::morning_pain.eq(i32::from(c.morning_pain.get())),
                    checkins::stiffness_minutes.eq(i32::from(c.stiffness.get())),
                    checkins::painkillers.eq(c.painkillers),
                    checkins::walked_30_min_pain_free.eq(walks.contains(&c.date)),
                    checkins::created_at.eq(at(c.date, 7, 15)),
                )
            })
            .collect();
        insert_rows!(conn, checkins::table, rows)?;
    }
    Ok(list.len())
}

fn insert_tests(conn: &mut DbConn, user: UserId, list: &[TestImport]) -> StoreResult<usize> {
    for chunk in list.chunks(CHUNK) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|t| {
                (
                    capacity_tests::user_id.eq(user.0),
                    capacity_tests::performed_on.eq(t.performed_on),
                    capacity_tests::side.eq(t.side.as_str()),
                    capacity_tests::pain_free_reps.eq(i32::from(t.pain_free_reps)),
                    capacity_tests::notes.eq(t.notes.clone()),
                    capacity_tests::created_at.eq(at(t.performed_on, 18, 0)),
                )
            })
            .collect();
        insert_rows!(conn, capacity_tests::table, rows)?;
    }
    Ok(list.len())
}

/// Hop tests, pre-injury volume and the clinician's stage settings.
fn insert_running(
    conn: &mut DbConn,
    user: UserId,
    r: &RunningImport,
    clinician: Option<UserId>,
    created: NaiveDateTime,
) -> StoreResult<()> {
    for h in &r.hop_tests {
        let at = at(h.performed_on, 18, 30);
        super::running::save_hop_test(conn, user, h.performed_on, h.side, h.hops, h.pain, at)?;
    }
    if let Some(km) = r.pre_injury_weekly_km {
        super::running::save_pre_injury_volume(conn, user, km, created)?;
    }
    if let Some(clinician) = clinician {
        for (day, stage) in &r.settings {
            let now = at(*day, 12, 0);
            super::running::save_stage_setting(conn, user, clinician, *day, *stage, now)?;
        }
    }
    Ok(())
}

fn insert_runs(conn: &mut DbConn, user: UserId, list: &[RunImport]) -> StoreResult<usize> {
    for chunk in list.chunks(CHUNK) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|r| {
                (
                    runs::user_id.eq(user.0),
                    runs::performed_on.eq(r.performed_on),
                    runs::kind.eq(r.kind),
                    runs::distance_km.eq(r.distance.map(DistanceKm::km)),
                    runs::duration_minutes.eq(Some(i32::from(r.duration_minutes))),
                    runs::pain_during.eq(i32::from(r.pain.get())),
                    runs::notes.eq(r.notes.clone()),
                    runs::created_at.eq(at(r.performed_on, 8, 30)),
                )
            })
            .collect();
        insert_rows!(conn, runs::table, rows)?;
    }
    Ok(list.len())
}

fn insert_visa_a(
    conn: &mut DbConn,
    user: UserId,
    list: &[(NaiveDate, VisaA)],
) -> StoreResult<usize> {
    use visa_a_results as v;
    for chunk in list.chunks(CHUNK) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(day, answers)| {
                let q = answers.answers().map(i32::from);
                (
                    v::user_id.eq(user.0),
                    v::taken_on.eq(*day),
                    v::q1.eq(q[0]),
                    v::q2.eq(q[1]),
                    v::q3.eq(q[2]),
                    v::q4.eq(q[3]),
                    v::q5.eq(q[4]),
                    v::q6.eq(q[5]),
                    v::q7.eq(q[6]),
                    v::q8_pattern.eq(answers.q8_pattern().as_str()),
                    v::q8_minutes.eq(answers.q8_minutes().as_str()),
                    v::total.eq(i32::from(answers.total())),
                    v::created_at.eq(at(*day, 19, 0)),
                )
            })
            .collect();
        insert_rows!(conn, v::table, rows)?;
    }
    Ok(list.len())
}

fn insert_notes(
    conn: &mut DbConn,
    runner: UserId,
    clinician: UserId,
    list: &[NoteImport],
) -> StoreResult<usize> {
    if list.is_empty() {
        return Ok(0);
    }
    let rows: Vec<_> = list
        .iter()
        .map(|n| {
            (
                clinician_notes::runner_id.eq(runner.0),
                clinician_notes::clinician_id.eq(clinician.0),
                clinician_notes::body.eq(n.body.clone()),
                clinician_notes::created_at.eq(n.created_at),
            )
        })
        .collect();
    insert_rows!(conn, clinician_notes::table, rows)?;
    Ok(list.len())
}
