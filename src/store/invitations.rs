//! Single-use invitations for clinician sign-up (`CLINICIAN_SIGNUP=invite`), made by
//! `tendo invite-clinician EMAIL`. Only a SHA-256 of each secret is stored; an invitation is for
//! one address and lives 14 days.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::auth_sessions::{hash_token, random_token};
use super::schema::clinician_invitations;
use super::users::normalise_email;
use super::{DbConn, StoreResult};

/// How long an invitation can be used.
pub fn lifetime() -> Duration {
    Duration::days(14)
}

/// Makes an invitation for `email`; returns the secret for the link (never stored).
pub fn issue(conn: &mut DbConn, email: &str, now: NaiveDateTime) -> StoreResult<String> {
    let token = random_token();
    diesel::insert_into(clinician_invitations::table)
        .values((
            clinician_invitations::email.eq(normalise_email(email)),
            clinician_invitations::token_hash.eq(hash_token(&token)),
            clinician_invitations::created_at.eq(now),
            clinician_invitations::expires_at.eq(now + lifetime()),
        ))
        .execute(conn)?;
    Ok(token)
}

/// The address a live invitation is for.
pub fn live_for(conn: &mut DbConn, token: &str, now: NaiveDateTime) -> StoreResult<Option<String>> {
    Ok(clinician_invitations::table
        .filter(clinician_invitations::token_hash.eq(hash_token(token)))
        .filter(clinician_invitations::used_at.is_null())
        .filter(clinician_invitations::expires_at.gt(now))
        .select(clinician_invitations::email)
        .first(conn)
        .optional()?)
}

/// Uses the invitation up for `email`; `false` when it is unknown, used, expired or for another
/// address. Call inside the write transaction that creates the account: only one request wins.
pub fn consume(
    conn: &mut DbConn,
    token: &str,
    email: &str,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let used = diesel::update(
        clinician_invitations::table
            .filter(clinician_invitations::token_hash.eq(hash_token(token)))
            .filter(clinician_invitations::email.eq(normalise_email(email)))
            .filter(clinician_invitations::used_at.is_null())
            .filter(clinician_invitations::expires_at.gt(now)),
    )
    .set(clinician_invitations::used_at.eq(now))
    .execute(conn)?;
    Ok(used == 1)
}
