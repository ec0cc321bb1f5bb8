//! VISA-A questionnaire results.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::visa_a_results as v;
use super::users::UserId;
use super::{DbConn, StoreResult};
use crate::domain::visa_a::{Q8Minutes, Q8Pattern, VisaA};

/// A stored result.
#[derive(Debug, Clone)]
pub struct StoredVisaA {
    pub id: i64,
    pub taken_on: NaiveDate,
    pub answers: VisaA,
}

impl StoredVisaA {
    pub fn total(&self) -> u8 {
        self.answers.total()
    }
}

pub fn save(
    conn: &mut DbConn,
    user: UserId,
    taken_on: NaiveDate,
    answers: &VisaA,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    let q = answers.answers().map(i32::from);
    Ok(diesel::insert_into(v::table)
        .values((
            v::user_id.eq(user.0),
            v::taken_on.eq(taken_on),
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
            v::created_at.eq(now),
        ))
        .returning(v::id)
        .get_result(conn)?)
}

type Row = (
    i64,
    NaiveDate,
    (i32, i32, i32, i32, i32, i32, i32),
    String,
    String,
);

fn from_row((id, taken_on, q, pattern, minutes): Row) -> Option<StoredVisaA> {
    let points = |p: i32| u8::try_from(p).ok();
    let q = [
        points(q.0)?,
        points(q.1)?,
        points(q.2)?,
        points(q.3)?,
        points(q.4)?,
        points(q.5)?,
        points(q.6)?,
    ];
    let answers = VisaA::new(
        q,
        Q8Pattern::parse(&pattern).ok()?,
        Q8Minutes::parse(&minutes).ok()?,
    )
    .ok()?;
    Some(StoredVisaA {
        id,
        taken_on,
        answers,
    })
}

/// Every result of the runner, oldest first.
pub fn list(conn: &mut DbConn, user: UserId) -> StoreResult<Vec<StoredVisaA>> {
    let rows: Vec<Row> = v::table
        .filter(v::user_id.eq(user.0))
        .order((v::taken_on, v::id))
        .select((
            v::id,
            v::taken_on,
            (v::q1, v::q2, v::q3, v::q4, v::q5, v::q6, v::q7),
            v::q8_pattern,
            v::q8_minutes,
        ))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(from_row).collect())
}
