//! A runner's day: the record, its assessment and the day's facts, computed once per change of
//! the record and reused until the next one.
//!
//! Every write to a runner's record (sessions and their sets, check-ins, tests, runs, triage,
//! schedule, questionnaires, clinician links and shared notes, a linked clinician's name) bumps
//! `users.record_version` in the same transaction, by triggers in the database, whatever
//! instance or tool makes the write. The version comes with the account on every request (the
//! session lookup reads it), and an entry here is used only while the account row, version
//! included, is the one it was computed for and the runner's date is the same: a write through
//! another instance, a changed setting or midnight makes the next request compute afresh. The
//! version is read before the record, so an entry never holds data older than its version.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use chrono::NaiveDate;

use super::page::today_for;
use super::prerender::Prerendered;
use super::{AppError, AppState};
use crate::domain::progression::{assess, Assessment};
use crate::store::history::{self, RunnerRecord};
use crate::store::users::{User, UserId};
use crate::store::{diary, visa};

/// Everything a runner's day page derives from the database, as of one record version.
#[derive(Debug)]
pub struct RunnerDay {
    pub record: RunnerRecord,
    /// The engine's judgement of `record.history` on `today`.
    pub assessment: Arc<Assessment>,
    /// The runner's date when this was computed.
    pub today: NaiveDate,
    /// A run is logged for the day before `today`.
    pub ran_yesterday: bool,
    /// The newest VISA-A questionnaire's date.
    pub last_visa: Option<NaiveDate>,
    /// `/today`'s part below the layout, rendered on the first view of this day.
    pub today_page: OnceLock<Prerendered>,
}

/// At most this many runners' days are kept; past it an arbitrary one makes room.
const CAPACITY: usize = 1024;

/// Runners' days by account, each valid for the account row (and so the record version) and
/// date it was computed for.
#[derive(Default)]
pub struct RecordCache {
    entries: Mutex<HashMap<UserId, Arc<RunnerDay>>>,
}

impl RecordCache {
    /// The kept day of `user` on `today`, if it was computed from the record as it is now.
    pub fn get(&self, user: &User, today: NaiveDate) -> Option<Arc<RunnerDay>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(&user.id)
            .filter(|day| day.today == today && day.record.user == *user)
            .cloned()
    }

    /// Keeps `day`, unless a day of a newer version is kept already.
    pub fn put(&self, day: Arc<RunnerDay>) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let id = day.record.user.id;
        if let Some(kept) = entries.get(&id) {
            if kept.record.user.record_version > day.record.user.record_version {
                return;
            }
        } else if entries.len() >= CAPACITY {
            if let Some(other) = entries.keys().next().copied() {
                entries.remove(&other);
            }
        }
        entries.insert(id, day);
    }

    /// How many days are kept.
    pub fn len(&self) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Loads a runner's day from the database in one trip to the blocking pool.
pub fn load(
    conn: &mut crate::store::DbConn,
    user: &User,
    today: NaiveDate,
) -> crate::store::StoreResult<RunnerDay> {
    let record = history::load(conn, user)?;
    let yesterday = today.pred_opt().unwrap_or(today);
    let ran_yesterday = diary::ran_on(conn, user.id, yesterday)?;
    let last_visa = visa::list(conn, user.id)?.iter().map(|r| r.taken_on).max();
    let assessment = Arc::new(assess(&record.history, today));
    Ok(RunnerDay {
        record,
        assessment,
        today,
        ran_yesterday,
        last_visa,
        today_page: OnceLock::new(),
    })
}

/// The signed-in runner's day: kept, or loaded and kept.
pub async fn runner_day(state: &AppState, user: &User) -> Result<Arc<RunnerDay>, AppError> {
    let today = today_for(user);
    if let Some(day) = state.records.get(user, today) {
        return Ok(day);
    }
    let owner = user.clone();
    let day = Arc::new(
        state
            .store
            .run(move |conn| load(conn, &owner, today))
            .await?,
    );
    state.records.put(Arc::clone(&day));
    Ok(day)
}
