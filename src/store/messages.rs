//! Notes a clinician chose to share with the runner: shown on the runner's Today and Plan pages
//! until the runner dismisses them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{clinician_links, clinician_notes, users};
use super::users::UserId;
use super::{DbConn, StoreResult};

/// A shared note, as the runner sees it.
#[derive(Debug, Clone)]
pub struct Message {
    pub id: i64,
    pub author: String,
    pub body: String,
    pub at: NaiveDateTime,
}

/// The runner's shared notes not yet dismissed, newest first, from clinicians still linked.
pub fn for_runner(conn: &mut DbConn, runner: UserId) -> StoreResult<Vec<Message>> {
    let linked = clinician_links::table
        .filter(clinician_links::runner_id.eq(runner.0))
        .select(clinician_links::clinician_id);
    let rows: Vec<(i64, String, String, NaiveDateTime)> = clinician_notes::table
        .inner_join(users::table.on(users::id.eq(clinician_notes::clinician_id)))
        .filter(clinician_notes::runner_id.eq(runner.0))
        .filter(clinician_notes::shared_with_runner.eq(true))
        .filter(clinician_notes::dismissed_at.is_null())
        .filter(clinician_notes::clinician_id.eq_any(linked))
        .order(clinician_notes::id.desc())
        .select((
            clinician_notes::id,
            users::display_name,
            clinician_notes::body,
            clinician_notes::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, author, body, at)| Message {
            id,
            author,
            body,
            at,
        })
        .collect())
}

/// Marks the runner's shared note `id` dismissed; `false` when there is no such note for them.
pub fn dismiss(
    conn: &mut DbConn,
    runner: UserId,
    id: i64,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let found: Option<Option<NaiveDateTime>> = clinician_notes::table
        .filter(clinician_notes::id.eq(id))
        .filter(clinician_notes::runner_id.eq(runner.0))
        .filter(clinician_notes::shared_with_runner.eq(true))
        .select(clinician_notes::dismissed_at)
        .first(conn)
        .optional()?;
    match found {
        None => Ok(false),
        Some(Some(_)) => Ok(true),
        Some(None) => {
            diesel::update(clinician_notes::table.filter(clinician_notes::id.eq(id)))
                .set(clinician_notes::dismissed_at.eq(Some(now)))
                .execute(conn)?;
            Ok(true)
        }
    }
}
