//! Triage answers, kept as history; the newest is current.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::triages;
use super::users::UserId;
use super::{DbConn, StoreResult};
use crate::domain::triage::{Flag, Location, TriageAnswers, TriageOutcome};
use crate::domain::values::{InjuredSide, TendinopathyType};

/// One stored triage with what it concluded.
#[derive(Debug, Clone)]
pub struct StoredTriage {
    pub id: i64,
    pub created_at: NaiveDateTime,
    pub answers: TriageAnswers,
    pub outcome: TriageOutcome,
    /// The plan the runner picked for a mixed or unclear result.
    pub self_selected: Option<TendinopathyType>,
}

type Row = (
    i64,
    NaiveDateTime,
    String,
    String,
    String,
    String,
    Option<String>,
);

fn columns() -> (
    triages::id,
    triages::created_at,
    triages::side,
    triages::location,
    triages::answers,
    triages::outcome,
    triages::self_selected,
) {
    (
        triages::id,
        triages::created_at,
        triages::side,
        triages::location,
        triages::answers,
        triages::outcome,
        triages::self_selected,
    )
}

fn from_row((id, created_at, side, location, answers, outcome, chosen): Row) -> StoredTriage {
    let side = InjuredSide::parse(&side).unwrap_or(InjuredSide::Both);
    let location = Location::parse(&location).unwrap_or(Location::Unsure);
    StoredTriage {
        id,
        created_at,
        answers: TriageAnswers::from_fields(side, location, answers.split(',')),
        outcome: TriageOutcome::parse(&outcome).unwrap_or(TriageOutcome::Unclear),
        self_selected: chosen.and_then(|t| TendinopathyType::parse(&t).ok()),
    }
}

/// The ticked signs and flags as stored: their form field names, comma-separated.
fn ticked(answers: &TriageAnswers) -> String {
    answers
        .signs
        .iter()
        .map(|s| s.field())
        .chain(answers.flags.iter().map(|f| Flag::field(*f)))
        .collect::<Vec<_>>()
        .join(",")
}

pub fn insert(
    conn: &mut DbConn,
    user: UserId,
    answers: &TriageAnswers,
    outcome: TriageOutcome,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    Ok(diesel::insert_into(triages::table)
        .values((
            triages::user_id.eq(user.0),
            triages::created_at.eq(now),
            triages::side.eq(answers.side.as_str()),
            triages::location.eq(answers.location.as_str()),
            triages::answers.eq(ticked(answers)),
            triages::outcome.eq(outcome.as_str()),
        ))
        .returning(triages::id)
        .get_result(conn)?)
}

/// The runner's newest triage.
pub fn current(conn: &mut DbConn, user: UserId) -> StoreResult<Option<StoredTriage>> {
    let row = triages::table
        .filter(triages::user_id.eq(user.0))
        .order(triages::id.desc())
        .select(columns())
        .first::<Row>(conn)
        .optional()?;
    Ok(row.map(from_row))
}

/// Every triage of the runner, newest first.
pub fn history(conn: &mut DbConn, user: UserId) -> StoreResult<Vec<StoredTriage>> {
    let rows = triages::table
        .filter(triages::user_id.eq(user.0))
        .order(triages::id.desc())
        .select(columns())
        .load::<Row>(conn)?;
    Ok(rows.into_iter().map(from_row).collect())
}

/// Records the runner's pick of a plan for their current triage.
pub fn choose_plan(
    conn: &mut DbConn,
    triage_id: i64,
    user: UserId,
    kind: TendinopathyType,
) -> StoreResult<()> {
    diesel::update(
        triages::table
            .filter(triages::id.eq(triage_id))
            .filter(triages::user_id.eq(user.0)),
    )
    .set(triages::self_selected.eq(Some(kind.as_str())))
    .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::triage::Sign;

    #[test]
    fn ticked_answers_round_trip_through_their_stored_form() {
        let answers = TriageAnswers::from_fields(
            InjuredSide::Right,
            Location::Unsure,
            [Sign::WorseAfterSpeed.field(), Flag::Steroids.field()],
        );
        let stored = ticked(&answers);
        let back =
            TriageAnswers::from_fields(InjuredSide::Right, Location::Unsure, stored.split(','));
        assert_eq!(back, answers);
    }
}
