//! The clinician's patient list, in a fixed handful of set-based queries however many patients
//! there are. Each patient's gate and pain-monitor colour still come from the progression engine,
//! fed a compact history: the last three sessions (a pause needs fewer than two calm sessions
//! after a red one, so the red is always among them), check-ins of the last three weeks (baseline
//! and weekly trend look back at most two weeks from a session), and the newest test per side.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Integer, Text};

use super::schema::{checkins, clinician_links, training_sessions, triages};
use super::users::{User, UserId};
use super::{history, DbConn, StoreResult};
use crate::domain::progression::{
    CapacityTest, CheckIn, History, Profile, SessionRecord, SetRecord,
};
use crate::domain::triage::TriageOutcome;
use crate::domain::values::{InjuredSide, PainScore, SetSide, Side, StiffnessMinutes};

/// How far back check-ins are read for the list: enough for the baseline (7 days) and weekly
/// trend (14 days) of sessions in the last week; older sessions belong to patients the list
/// flags for not logging anyway.
const CHECKIN_DAYS: i64 = 21;

/// What the patient list knows of one linked runner.
#[derive(Debug, Clone)]
pub struct PatientSummary {
    pub runner: User,
    pub outcome: Option<TriageOutcome>,
    pub self_selected: Option<crate::domain::values::TendinopathyType>,
    /// The plan decision, as on the runner's own pages.
    pub decision: crate::domain::plan::PlanDecision,
    pub history: History,
    pub last_session: Option<NaiveDate>,
    pub sessions_this_week: i64,
    /// The two newest VISA-A totals, newest first.
    pub visa: Vec<(NaiveDate, u8)>,
}

#[derive(QueryableByName)]
struct RecentSession {
    #[diesel(sql_type = BigInt)]
    user_id: i64,
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Date)]
    performed_on: NaiveDate,
    #[diesel(sql_type = Integer)]
    max_pain: i32,
}

#[derive(QueryableByName)]
struct NewestTest {
    #[diesel(sql_type = BigInt)]
    user_id: i64,
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Date)]
    performed_on: NaiveDate,
    #[diesel(sql_type = Text)]
    side: String,
    #[diesel(sql_type = Integer)]
    pain_free_reps: i32,
}

#[derive(QueryableByName)]
struct RecentVisa {
    #[diesel(sql_type = BigInt)]
    user_id: i64,
    #[diesel(sql_type = Date)]
    taken_on: NaiveDate,
    #[diesel(sql_type = Integer)]
    total: i32,
}

// `$1` is the one parameter: PostgreSQL numbers parameters by their digits, SQLite by order of first
// appearance, so a query with two would bind them differently. The `LIMIT 3` is the three recent
// sessions of the module comment. Each query
// seeks per patient through the (user_id, date, id) indexes, so its cost follows the number of
// patients, not the length of their histories.
const RECENT_SESSIONS_SQL: &str = "\
SELECT s.user_id, s.id, s.performed_on, \
       COALESCE((SELECT MAX(ss.pain) FROM session_sets ss WHERE ss.session_id = s.id), 0) AS max_pain \
FROM clinician_links l \
JOIN training_sessions s ON s.id IN ( \
    SELECT t.id FROM training_sessions t WHERE t.user_id = l.runner_id \
    ORDER BY t.performed_on DESC, t.id DESC LIMIT 3) \
WHERE l.clinician_id = $1";

const NEWEST_TESTS_SQL: &str = "\
SELECT c.user_id, c.id, c.performed_on, c.side, c.pain_free_reps \
FROM clinician_links l \
JOIN capacity_tests c ON c.id IN ( \
    SELECT x.id FROM capacity_tests x WHERE x.user_id = l.runner_id AND x.side = 'left' \
    ORDER BY x.performed_on DESC, x.id DESC LIMIT 1) \
WHERE l.clinician_id = $1 \
UNION ALL \
SELECT c.user_id, c.id, c.performed_on, c.side, c.pain_free_reps \
FROM clinician_links l \
JOIN capacity_tests c ON c.id IN ( \
    SELECT x.id FROM capacity_tests x WHERE x.user_id = l.runner_id AND x.side = 'right' \
    ORDER BY x.performed_on DESC, x.id DESC LIMIT 1) \
WHERE l.clinician_id = $1";

const RECENT_VISA_SQL: &str = "\
SELECT v.user_id, v.taken_on, v.total \
FROM clinician_links l \
JOIN visa_a_results v ON v.id IN ( \
    SELECT x.id FROM visa_a_results x WHERE x.user_id = l.runner_id \
    ORDER BY x.taken_on DESC, x.id DESC LIMIT 2) \
WHERE l.clinician_id = $1";

/// Every runner linked to the clinician, with what the list shows.
pub fn patients(
    conn: &mut DbConn,
    clinician: UserId,
    week_start: NaiveDate,
    today: NaiveDate,
) -> StoreResult<Vec<PatientSummary>> {
    let runner_ids: Vec<i64> = clinician_links::table
        .filter(clinician_links::clinician_id.eq(clinician.0))
        .select(clinician_links::runner_id)
        .load(conn)?;
    if runner_ids.is_empty() {
        return Ok(Vec::new());
    }
    let runners = super::users::find_many(conn, &runner_ids)?;

    // Newest triage per runner (runners have a handful each).
    type TriageRow = (i64, String, String, Option<String>, chrono::NaiveDateTime);
    let triage_rows: Vec<TriageRow> = triages::table
        .filter(triages::user_id.eq_any(&runner_ids))
        .order(triages::id.asc())
        .select((
            triages::user_id,
            triages::outcome,
            triages::side,
            triages::self_selected,
            triages::created_at,
        ))
        .load(conn)?;
    type Current = (String, String, Option<String>, chrono::NaiveDateTime);
    let mut current_triage: HashMap<i64, Current> = HashMap::new();
    for (user, outcome, side, chosen, at) in triage_rows {
        current_triage.insert(user, (outcome, side, chosen, at));
    }

    let recent: Vec<RecentSession> = diesel::sql_query(RECENT_SESSIONS_SQL)
        .bind::<BigInt, _>(clinician.0)
        .load(conn)?;
    let tests: Vec<NewestTest> = diesel::sql_query(NEWEST_TESTS_SQL)
        .bind::<BigInt, _>(clinician.0)
        .load(conn)?;
    let visas: Vec<RecentVisa> = diesel::sql_query(RECENT_VISA_SQL)
        .bind::<BigInt, _>(clinician.0)
        .load(conn)?;
    let checkin_rows: Vec<(i64, NaiveDate, i32, i32, bool)> = checkins::table
        .filter(checkins::user_id.eq_any(&runner_ids))
        .filter(checkins::checked_on.ge(today - chrono::Duration::days(CHECKIN_DAYS)))
        .select((
            checkins::user_id,
            checkins::checked_on,
            checkins::morning_pain,
            checkins::stiffness_minutes,
            checkins::painkillers,
        ))
        .load(conn)?;
    let week_counts: Vec<(i64, i64)> = training_sessions::table
        .filter(training_sessions::user_id.eq_any(&runner_ids))
        .filter(training_sessions::performed_on.ge(week_start))
        .group_by(training_sessions::user_id)
        .select((training_sessions::user_id, diesel::dsl::count_star()))
        .load(conn)?;
    let week_counts: HashMap<i64, i64> = week_counts.into_iter().collect();

    let mut sessions_by: HashMap<i64, Vec<SessionRecord>> = HashMap::new();
    for s in recent {
        let Ok(pain) = PainScore::new(i64::from(s.max_pain)) else {
            continue;
        };
        // The list needs each session's colour, which rests on its worst set.
        sessions_by
            .entry(s.user_id)
            .or_default()
            .push(SessionRecord {
                id: s.id,
                date: s.performed_on,
                sets: vec![SetRecord {
                    exercise: String::new(),
                    side: SetSide::Right,
                    reps: None,
                    hold: None,
                    load: None,
                    rpe: None,
                    pain,
                }],
            });
    }
    let mut tests_by: HashMap<i64, Vec<CapacityTest>> = HashMap::new();
    for t in tests {
        if let (Ok(side), Ok(reps)) = (Side::parse(&t.side), u16::try_from(t.pain_free_reps)) {
            tests_by.entry(t.user_id).or_default().push(CapacityTest {
                id: t.id,
                date: t.performed_on,
                side,
                pain_free_reps: reps,
            });
        }
    }
    let mut running_by = super::running::histories(conn, &runner_ids)?;
    let mut checkins_by: HashMap<i64, Vec<CheckIn>> = HashMap::new();
    for (user, date, pain, stiffness, painkillers) in checkin_rows {
        if let (Ok(morning_pain), Ok(stiffness)) = (
            PainScore::new(i64::from(pain)),
            StiffnessMinutes::new(i64::from(stiffness)),
        ) {
            checkins_by.entry(user).or_default().push(CheckIn {
                date,
                morning_pain,
                stiffness,
                painkillers,
            });
        }
    }
    let mut visa_by: HashMap<i64, Vec<(NaiveDate, u8)>> = HashMap::new();
    for v in visas {
        visa_by
            .entry(v.user_id)
            .or_default()
            .push((v.taken_on, u8::try_from(v.total).unwrap_or(0)));
    }

    Ok(runners
        .into_iter()
        .map(|runner| {
            let id = runner.id.0;
            let triage = current_triage.remove(&id);
            let outcome = triage
                .as_ref()
                .and_then(|(o, _, _, _)| TriageOutcome::parse(o).ok());
            let self_selected = triage.as_ref().and_then(|(_, _, c, _)| {
                c.as_deref()
                    .and_then(|c| crate::domain::values::TendinopathyType::parse(c).ok())
            });
            let injured = triage
                .as_ref()
                .and_then(|(_, side, _, _)| InjuredSide::parse(side).ok())
                .unwrap_or(InjuredSide::Both);
            let current = outcome
                .zip(triage.as_ref())
                .map(|(outcome, t)| crate::domain::plan::CurrentTriage { outcome, at: t.3 });
            let decision = crate::domain::plan::decide(
                history::confirmation_of(&runner),
                current,
                self_selected,
            );
            let plan = match decision {
                crate::domain::plan::PlanDecision::Plan(p) => Some(p.kind),
                _ => None,
            };
            let sessions = sessions_by.remove(&id).unwrap_or_default();
            let last_session = sessions.iter().map(|s| s.date).max();
            let mut visa = visa_by.remove(&id).unwrap_or_default();
            visa.sort_by_key(|v| std::cmp::Reverse(v.0));
            PatientSummary {
                history: History {
                    profile: Profile {
                        plan,
                        injured,
                        threshold: runner.gate_threshold,
                        units: runner.units,
                    },
                    sessions,
                    checkins: checkins_by.remove(&id).unwrap_or_default(),
                    tests: tests_by.remove(&id).unwrap_or_default(),
                    running: running_by.remove(&id).unwrap_or_default(),
                },
                outcome,
                self_selected,
                decision,
                last_session,
                sessions_this_week: week_counts.get(&id).copied().unwrap_or(0),
                visa,
                runner,
            }
        })
        .collect())
}

/// The full record of a linked runner.
pub fn linked_record(
    conn: &mut DbConn,
    link: super::sharing::LinkedRunner,
) -> StoreResult<Option<history::RunnerRecord>> {
    let Some(user) = super::users::find(conn, link.runner())? else {
        return Ok(None);
    };
    Ok(Some(history::load(conn, &user)?))
}
