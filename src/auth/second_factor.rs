//! Checking a second-step code: six digits are a TOTP code, anything else a recovery code. Each
//! is accepted once.

use chrono::NaiveDateTime;

use super::totp;
use crate::store::users::UserId;
use crate::store::{mfa, DbConn, StoreResult};

/// What a typed code turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    /// The authenticator's code for now (±1 step), not used before.
    Totp,
    /// One of the unused recovery codes, now used up.
    Recovery,
    /// Wrong, replayed, or two-step sign-in is off.
    Wrong,
}

/// Checks and consumes `typed` for `user`; call inside a write transaction.
pub fn consume_code(
    conn: &mut DbConn,
    user: UserId,
    typed: &str,
    now: NaiveDateTime,
) -> StoreResult<CodeCheck> {
    let Some(state) = mfa::enabled(conn, user)? else {
        return Ok(CodeCheck::Wrong);
    };
    if totp::looks_like_code(typed) {
        let unix = u64::try_from(now.and_utc().timestamp()).unwrap_or(0);
        return Ok(
            match totp::accepted_step(&state.secret, typed, unix, state.last_step) {
                Some(step) if mfa::use_step(conn, user, step)? => CodeCheck::Totp,
                _ => CodeCheck::Wrong,
            },
        );
    }
    if totp::normalise_recovery(typed).is_empty() {
        return Ok(CodeCheck::Wrong);
    }
    for (id, stored) in mfa::unused_recovery_codes(conn, user)? {
        if totp::recovery_matches(&stored, typed) {
            return Ok(if mfa::use_recovery_code(conn, id, now)? {
                CodeCheck::Recovery
            } else {
                CodeCheck::Wrong
            });
        }
    }
    Ok(CodeCheck::Wrong)
}
