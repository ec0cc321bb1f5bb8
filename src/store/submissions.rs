//! The duplicate-submit ledger. A form carries a random `submission_id`; the first time it is
//! accepted the id is recorded with the answer the visitor got (where the 303 sent them), and a
//! second copy (a double click, a resend after a timeout) finds it, stores nothing and gets the
//! same answer. Every form that carries an id goes through [`claim`] inside the write
//! transaction that stores it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::form_submissions;
use super::users::UserId;
use super::{write_transaction, DbConn, StoreError, StoreResult};

/// A form's submission id, as the pages make them: URL-safe base64 (letters, digits, `-`, `_`),
/// at most [`SubmissionId::MAX_LEN`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SubmissionId(String);

/// Why a posted submission id was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BadSubmissionId {
    #[error("This form's submission id is too long; check the values and send the form again.")]
    TooLong,
    #[error("This form's submission id is damaged; check the values and send the form again.")]
    Characters,
}

impl SubmissionId {
    /// The most characters a submission id may have (the pages make 43).
    pub const MAX_LEN: usize = 100;

    /// A new random id, as a fresh form carries.
    pub fn fresh() -> SubmissionId {
        SubmissionId(super::auth_sessions::random_token())
    }

    /// A posted id. An empty one (a page from before forms carried ids, a hand-made request)
    /// gets a fresh id: the form is stored, but a copy sent again cannot be recognised. A longer
    /// id is refused, never cut short, so two different forms cannot end up sharing one.
    pub fn parse(posted: &str) -> Result<SubmissionId, BadSubmissionId> {
        let id = posted.trim();
        if id.is_empty() {
            return Ok(SubmissionId::fresh());
        }
        if id.chars().count() > SubmissionId::MAX_LEN {
            return Err(BadSubmissionId::TooLong);
        }
        if !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(BadSubmissionId::Characters);
        }
        Ok(SubmissionId(id.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SubmissionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What claiming a submission id found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// Seen for the first time: store the form, then record its [`answer`].
    First,
    /// Seen before: store nothing. The answer the first copy got, when one was recorded.
    Repeat(Option<String>),
}

fn recorded(conn: &mut DbConn, user: UserId, id: &SubmissionId) -> StoreResult<Option<String>> {
    Ok(form_submissions::table
        .filter(form_submissions::user_id.eq(user.0))
        .filter(form_submissions::submission_id.eq(id.as_str()))
        .select(form_submissions::answer)
        .first::<String>(conn)
        .optional()?)
}

fn non_empty(answer: String) -> Option<String> {
    Some(answer).filter(|a| !a.is_empty())
}

/// Records `id` for `user`, or finds it recorded before.
pub fn claim(
    conn: &mut DbConn,
    user: UserId,
    id: &SubmissionId,
    now: NaiveDateTime,
) -> StoreResult<Claim> {
    if let Some(answer) = recorded(conn, user, id)? {
        return Ok(Claim::Repeat(non_empty(answer)));
    }
    // Its own (nested) transaction: on PostgreSQL a copy racing in from another connection
    // fails on the unique index inside a savepoint, leaving the caller's transaction usable.
    let inserted = write_transaction(conn, |conn| {
        diesel::insert_into(form_submissions::table)
            .values((
                form_submissions::user_id.eq(user.0),
                form_submissions::submission_id.eq(id.as_str()),
                form_submissions::created_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    });
    match inserted {
        Ok(()) => Ok(Claim::First),
        // The other copy committed first; its answer is visible now.
        Err(StoreError::Query(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ))) => Ok(Claim::Repeat(recorded(conn, user, id)?.and_then(non_empty))),
        Err(e) => Err(e),
    }
}

/// Records where the first copy of a claimed form sent the visitor, for the copies after it.
pub fn answer(
    conn: &mut DbConn,
    user: UserId,
    id: &SubmissionId,
    location: &str,
) -> StoreResult<()> {
    diesel::update(
        form_submissions::table
            .filter(form_submissions::user_id.eq(user.0))
            .filter(form_submissions::submission_id.eq(id.as_str())),
    )
    .set(form_submissions::answer.eq(location))
    .execute(conn)?;
    Ok(())
}

/// Forgets a claim whose form stored nothing after all (what it changed was not there), so the
/// same form sent again is tried again.
pub fn release(conn: &mut DbConn, user: UserId, id: &SubmissionId) -> StoreResult<()> {
    diesel::delete(
        form_submissions::table
            .filter(form_submissions::user_id.eq(user.0))
            .filter(form_submissions::submission_id.eq(id.as_str())),
    )
    .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ids_the_pages_make_are_accepted_as_they_are() {
        let made = SubmissionId::fresh();
        assert_eq!(SubmissionId::parse(made.as_str()), Ok(made.clone()));
        assert_eq!(SubmissionId::parse(&format!("  {made} ")), Ok(made));
    }

    #[test]
    fn an_empty_id_gets_a_fresh_one_each_time() {
        let a = SubmissionId::parse("").unwrap();
        let b = SubmissionId::parse("   ").unwrap();
        assert_ne!(a, b);
        assert!(!a.as_str().is_empty());
    }

    #[test]
    fn a_long_id_is_refused_not_cut_short() {
        let limit = "a".repeat(SubmissionId::MAX_LEN);
        assert!(SubmissionId::parse(&limit).is_ok());
        let over = format!("{limit}b");
        assert_eq!(SubmissionId::parse(&over), Err(BadSubmissionId::TooLong));
    }

    #[test]
    fn characters_the_pages_never_make_are_refused() {
        for bad in ["a b", "a/b", "a+b", "a=b", "é", "a\"b", "<x>"] {
            assert_eq!(
                SubmissionId::parse(bad),
                Err(BadSubmissionId::Characters),
                "{bad}"
            );
        }
    }
}
