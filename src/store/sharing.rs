//! Sharing with clinicians: one-time share codes, the links they create, and clinicians' notes.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::auth_sessions::hash_token;
use super::schema::{clinician_links, clinician_notes, share_codes, users};
use super::users::UserId;
use super::{throttle, write_transaction, DbConn, StoreResult};

/// Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L).
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const CODE_LENGTH: usize = 8;
pub const CODE_DAYS: i64 = 7;
/// Wrong codes a clinician may enter within the window before further tries are refused.
pub const GUESS_LIMIT: i64 = 5;
pub const GUESS_WINDOW_MINUTES: i64 = 15;
const GUESS_SCOPE: &str = "share-code-guess";

/// A fresh share code.
pub fn random_code() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..CODE_LENGTH)
        .map(|_| char::from(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())]))
        .collect()
}

/// Codes are typed by people: ignore case, spaces and dashes.
pub fn normalise_code(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// Makes a new code for the runner (earlier unused codes stop working) and returns it with its
/// expiry.
pub fn create_code(
    conn: &mut DbConn,
    runner: UserId,
    now: NaiveDateTime,
) -> StoreResult<(String, NaiveDateTime)> {
    let code = random_code();
    let expires = now + Duration::days(CODE_DAYS);
    write_transaction(conn, |conn| {
        diesel::update(
            share_codes::table
                .filter(share_codes::runner_id.eq(runner.0))
                .filter(share_codes::used_at.is_null())
                .filter(share_codes::expires_at.gt(now)),
        )
        .set(share_codes::expires_at.eq(now))
        .execute(conn)?;
        diesel::insert_into(share_codes::table)
            .values((
                share_codes::runner_id.eq(runner.0),
                share_codes::code_hash.eq(hash_token(&code)),
                // Kept readable so the runner can look it up again until it is used or expires;
                // it unlocks nothing a database reader could not already see.
                share_codes::code.eq(&code),
                share_codes::created_at.eq(now),
                share_codes::expires_at.eq(expires),
            ))
            .execute(conn)?;
        Ok(())
    })?;
    Ok((code, expires))
}

/// The runner's live code and its expiry, if any.
pub fn live_code(
    conn: &mut DbConn,
    runner: UserId,
    now: NaiveDateTime,
) -> StoreResult<Option<(String, NaiveDateTime)>> {
    Ok(share_codes::table
        .filter(share_codes::runner_id.eq(runner.0))
        .filter(share_codes::used_at.is_null())
        .filter(share_codes::expires_at.gt(now))
        .order(share_codes::id.desc())
        .select((share_codes::code, share_codes::expires_at))
        .first(conn)
        .optional()?)
}

/// What entering a code did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redeemed {
    Linked(UserId),
    AlreadyLinked(UserId),
    Invalid,
    TooManyTries,
}

/// Links the clinician to the runner whose live code this is; each code works once.
pub fn redeem(
    conn: &mut DbConn,
    clinician: UserId,
    code: &str,
    now: NaiveDateTime,
) -> StoreResult<Redeemed> {
    let subject = clinician.0.to_string();
    let window = Duration::minutes(GUESS_WINDOW_MINUTES);
    write_transaction(conn, |conn| {
        if throttle::count_recent(conn, GUESS_SCOPE, &subject, now, window)? >= GUESS_LIMIT {
            return Ok(Redeemed::TooManyTries);
        }
        let found: Option<(i64, i64)> = share_codes::table
            .filter(share_codes::code_hash.eq(hash_token(&normalise_code(code))))
            .filter(share_codes::used_at.is_null())
            .filter(share_codes::expires_at.gt(now))
            .select((share_codes::id, share_codes::runner_id))
            .first(conn)
            .optional()?;
        let Some((code_id, runner)) = found else {
            throttle::record(conn, GUESS_SCOPE, &subject, now)?;
            return Ok(Redeemed::Invalid);
        };
        diesel::update(share_codes::table.find(code_id))
            .set((
                share_codes::used_at.eq(Some(now)),
                share_codes::used_by.eq(Some(clinician.0)),
            ))
            .execute(conn)?;
        if is_linked(conn, clinician, UserId(runner))? {
            return Ok(Redeemed::AlreadyLinked(UserId(runner)));
        }
        diesel::insert_into(clinician_links::table)
            .values((
                clinician_links::clinician_id.eq(clinician.0),
                clinician_links::runner_id.eq(runner),
                clinician_links::created_at.eq(now),
            ))
            .execute(conn)?;
        Ok(Redeemed::Linked(UserId(runner)))
    })
}

/// A runner linked to a clinician. Only [`linked`] makes one, after checking the link, so a
/// store function that takes it cannot read or write a runner the clinician may not see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkedRunner {
    clinician: UserId,
    runner: UserId,
}

impl LinkedRunner {
    pub fn clinician(self) -> UserId {
        self.clinician
    }
    pub fn runner(self) -> UserId {
        self.runner
    }
}

/// The link between `clinician` and `runner`, if there is one.
pub fn linked(
    conn: &mut DbConn,
    clinician: UserId,
    runner: UserId,
) -> StoreResult<Option<LinkedRunner>> {
    Ok(is_linked(conn, clinician, runner)?.then_some(LinkedRunner { clinician, runner }))
}

fn is_linked(conn: &mut DbConn, clinician: UserId, runner: UserId) -> StoreResult<bool> {
    Ok(clinician_links::table
        .filter(clinician_links::clinician_id.eq(clinician.0))
        .filter(clinician_links::runner_id.eq(runner.0))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// A clinician who can see the runner's data.
#[derive(Debug, Clone)]
pub struct LinkedClinician {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub since: NaiveDateTime,
}

pub fn clinicians_of(conn: &mut DbConn, runner: UserId) -> StoreResult<Vec<LinkedClinician>> {
    let rows: Vec<(i64, String, String, NaiveDateTime)> = clinician_links::table
        .inner_join(users::table.on(users::id.eq(clinician_links::clinician_id)))
        .filter(clinician_links::runner_id.eq(runner.0))
        .order(clinician_links::created_at)
        .select((
            users::id,
            users::display_name,
            users::email,
            clinician_links::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email, since)| LinkedClinician {
            id,
            name,
            email,
            since,
        })
        .collect())
}

/// Ends a link; `false` when there was none.
pub fn revoke(conn: &mut DbConn, runner: UserId, clinician: UserId) -> StoreResult<bool> {
    Ok(diesel::delete(
        clinician_links::table
            .filter(clinician_links::runner_id.eq(runner.0))
            .filter(clinician_links::clinician_id.eq(clinician.0)),
    )
    .execute(conn)?
        > 0)
}

/// A clinician's note on a runner.
#[derive(Debug, Clone)]
pub struct Note {
    pub author: String,
    pub body: String,
    pub at: NaiveDateTime,
    /// Shown to the runner as a message.
    pub shared: bool,
}

/// Adds a note the runner does not see.
pub fn add_note(
    conn: &mut DbConn,
    link: LinkedRunner,
    body: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    add_note_for(conn, link, body, false, now)
}

/// Adds a note; `shared_with_runner` also shows it to the runner until they dismiss it.
pub fn add_note_for(
    conn: &mut DbConn,
    link: LinkedRunner,
    body: &str,
    shared_with_runner: bool,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(clinician_notes::table)
        .values((
            clinician_notes::clinician_id.eq(link.clinician.0),
            clinician_notes::runner_id.eq(link.runner.0),
            clinician_notes::body.eq(body),
            clinician_notes::shared_with_runner.eq(shared_with_runner),
            clinician_notes::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Notes shown on one page of the review.
pub const NOTES_PER_PAGE: i64 = 20;

/// One page of the notes on a runner.
#[derive(Debug, Clone, Default)]
pub struct NotesPage {
    pub notes: Vec<Note>,
    /// 1 is the newest page.
    pub page: i64,
    /// Older notes exist beyond this page.
    pub more: bool,
}

/// Notes on a linked runner by any clinician, newest first, `NOTES_PER_PAGE` to a page (`page`
/// from 1).
pub fn notes_on(conn: &mut DbConn, link: LinkedRunner, page: i64) -> StoreResult<NotesPage> {
    let runner = link.runner;
    let page = page.clamp(1, 100_000);
    let rows: Vec<(String, String, NaiveDateTime, bool)> = clinician_notes::table
        .inner_join(users::table.on(users::id.eq(clinician_notes::clinician_id)))
        .filter(clinician_notes::runner_id.eq(runner.0))
        .order(clinician_notes::id.desc())
        .offset((page - 1) * NOTES_PER_PAGE)
        .limit(NOTES_PER_PAGE + 1)
        .select((
            users::display_name,
            clinician_notes::body,
            clinician_notes::created_at,
            clinician_notes::shared_with_runner,
        ))
        .load(conn)?;
    let more = rows.len() as i64 > NOTES_PER_PAGE;
    let notes = rows
        .into_iter()
        .take(NOTES_PER_PAGE as usize)
        .map(|(author, body, at, shared)| Note {
            author,
            body,
            at,
            shared,
        })
        .collect();
    Ok(NotesPage { notes, page, more })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_eight_unambiguous_characters() {
        for _ in 0..200 {
            let code = random_code();
            assert_eq!(code.len(), CODE_LENGTH);
            assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)));
            for bad in ['0', 'O', '1', 'I', 'L'] {
                assert!(!code.contains(bad));
            }
        }
    }

    #[test]
    fn typed_codes_ignore_case_spaces_and_dashes() {
        assert_eq!(normalise_code(" abcd-efgh "), "ABCDEFGH");
    }
}
