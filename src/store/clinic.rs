//! The clinician's patient list. Each patient's gate, colours and running stage come from the
//! progression engine fed the runner's whole record, loaded by the same function as the
//! runner's own pages and the clinician's review ([`history::load`]), so the list and the review
//! always agree. The VISA-A results and this week's count are read for all patients at once.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Integer};

use super::schema::{clinician_links, training_sessions};
use super::users::{User, UserId};
use super::{history, DbConn, StoreResult};
use crate::domain::attention::AttentionInput;
use crate::domain::progression::Colour;

/// What the patient list knows of one linked runner.
#[derive(Debug, Clone)]
pub struct PatientSummary {
    pub facts: ListFacts,
    pub record: history::RunnerRecord,
}

/// What the attention flags read about a runner (the same for the list, the review and the daily
/// digest): the current triage, the pain monitor's colour, the newest session and the two newest
/// VISA-A totals (`visa_newest_first`).
pub fn attention_input(
    record: &history::RunnerRecord,
    monitor: Option<Colour>,
    visa_newest_first: &[u8],
) -> AttentionInput {
    AttentionInput {
        outcome: record.triage.as_ref().map(|t| t.outcome),
        monitor,
        last_session: record.history.sessions.iter().map(|s| s.date).max(),
        visa_latest: visa_newest_first.first().copied(),
        visa_previous: visa_newest_first.get(1).copied(),
    }
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

// Seeks per patient through the (user_id, taken_on) index, so its cost follows the number of
// patients, not the length of their histories.
const RECENT_VISA_SQL: &str = "\
SELECT v.user_id, v.taken_on, v.total \
FROM clinician_links l \
JOIN visa_a_results v ON v.id IN ( \
    SELECT x.id FROM visa_a_results x WHERE x.user_id = l.runner_id \
    ORDER BY x.taken_on DESC, x.id DESC LIMIT 2) \
WHERE l.clinician_id = $1";

/// What the list reads about a linked runner beyond the record: this week's sessions and the
/// two newest VISA-A totals.
#[derive(Debug, Clone)]
pub struct ListFacts {
    pub runner: User,
    pub sessions_this_week: i64,
    /// The two newest VISA-A totals, newest first.
    pub visa: Vec<u8>,
}

/// Every runner linked to the clinician, with this week's count and newest VISA-A totals, in a
/// fixed handful of queries however many patients there are.
pub fn list_facts(
    conn: &mut DbConn,
    clinician: UserId,
    week_start: NaiveDate,
) -> StoreResult<Vec<ListFacts>> {
    let runner_ids: Vec<i64> = clinician_links::table
        .filter(clinician_links::clinician_id.eq(clinician.0))
        .select(clinician_links::runner_id)
        .load(conn)?;
    if runner_ids.is_empty() {
        return Ok(Vec::new());
    }
    let runners = super::users::find_many(conn, &runner_ids)?;
    let visas: Vec<RecentVisa> = diesel::sql_query(RECENT_VISA_SQL)
        .bind::<BigInt, _>(clinician.0)
        .load(conn)?;
    let week_counts: Vec<(i64, i64)> = training_sessions::table
        .filter(training_sessions::user_id.eq_any(&runner_ids))
        .filter(training_sessions::performed_on.ge(week_start))
        .group_by(training_sessions::user_id)
        .select((training_sessions::user_id, diesel::dsl::count_star()))
        .load(conn)?;
    let week_counts: HashMap<i64, i64> = week_counts.into_iter().collect();
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
            let mut visa = visa_by.remove(&id).unwrap_or_default();
            visa.sort_by_key(|v| std::cmp::Reverse(v.0));
            ListFacts {
                sessions_this_week: week_counts.get(&id).copied().unwrap_or(0),
                visa: visa.into_iter().map(|(_, total)| total).collect(),
                runner,
            }
        })
        .collect())
}

/// Every runner linked to the clinician with their whole record (for the daily digest; the
/// patient list reuses records kept per record version instead).
pub fn patients(
    conn: &mut DbConn,
    clinician: UserId,
    week_start: NaiveDate,
) -> StoreResult<Vec<PatientSummary>> {
    let mut out = Vec::new();
    for facts in list_facts(conn, clinician, week_start)? {
        let record = history::load(conn, &facts.runner)?;
        out.push(PatientSummary { facts, record });
    }
    Ok(out)
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
