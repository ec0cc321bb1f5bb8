//! Two-step sign-in state: the TOTP secret, the last accepted time step, recovery codes (hashed)
//! and sign-ins waiting for their second step.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::auth_sessions::{hash_token, random_token};
use super::schema::{mfa_challenges, recovery_codes, users};
use super::users::UserId;
use super::{DbConn, StoreResult};

/// How long the second step of a sign-in may take.
pub const CHALLENGE_MINUTES: i64 = 5;

/// An account's TOTP secret and replay guard, when two-step sign-in is on.
#[derive(Debug, Clone)]
pub struct Totp {
    pub secret: String,
    pub last_step: Option<i64>,
}

/// The enabled TOTP of `user`, if any.
pub fn enabled(conn: &mut DbConn, user: UserId) -> StoreResult<Option<Totp>> {
    let row: Option<(Option<String>, Option<NaiveDateTime>, Option<i64>)> = users::table
        .find(user.0)
        .select((
            users::totp_secret,
            users::totp_enabled_at,
            users::totp_last_step,
        ))
        .first(conn)
        .optional()?;
    Ok(match row {
        Some((Some(secret), Some(_), last_step)) => Some(Totp { secret, last_step }),
        _ => None,
    })
}

/// Turns two-step sign-in on with `secret`, whose code for `step` confirmed it, and replaces the
/// recovery codes with `code_hashes`. `false` when it was already on.
pub fn enable(
    conn: &mut DbConn,
    user: UserId,
    secret: &str,
    step: i64,
    code_hashes: &[String],
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(
        users::table
            .find(user.0)
            .filter(users::totp_enabled_at.is_null()),
    )
    .set((
        users::totp_secret.eq(Some(secret)),
        users::totp_enabled_at.eq(Some(now)),
        users::totp_last_step.eq(Some(step)),
    ))
    .execute(conn)?;
    if n == 0 {
        return Ok(false);
    }
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user.0)))
        .execute(conn)?;
    for hash in code_hashes {
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::user_id.eq(user.0),
                recovery_codes::code_hash.eq(hash),
            ))
            .execute(conn)?;
    }
    Ok(true)
}

/// Turns two-step sign-in off and forgets its secret and recovery codes.
pub fn disable(conn: &mut DbConn, user: UserId) -> StoreResult<()> {
    diesel::update(users::table.find(user.0))
        .set((
            users::totp_secret.eq(None::<String>),
            users::totp_enabled_at.eq(None::<NaiveDateTime>),
            users::totp_last_step.eq(None::<i64>),
        ))
        .execute(conn)?;
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user.0)))
        .execute(conn)?;
    Ok(())
}

/// Records that the code of `step` was used; `false` when that step (or a later one) already
/// was, so of two requests racing with one code only one wins.
pub fn use_step(conn: &mut DbConn, user: UserId, step: i64) -> StoreResult<bool> {
    let n = diesel::update(
        users::table.find(user.0).filter(
            users::totp_last_step
                .is_null()
                .or(users::totp_last_step.lt(step)),
        ),
    )
    .set(users::totp_last_step.eq(Some(step)))
    .execute(conn)?;
    Ok(n == 1)
}

/// The unused recovery codes of `user`: (id, stored hash).
pub fn unused_recovery_codes(conn: &mut DbConn, user: UserId) -> StoreResult<Vec<(i64, String)>> {
    Ok(recovery_codes::table
        .filter(recovery_codes::user_id.eq(user.0))
        .filter(recovery_codes::used_at.is_null())
        .select((recovery_codes::id, recovery_codes::code_hash))
        .load(conn)?)
}

/// Marks a recovery code used; `false` when it already was.
pub fn use_recovery_code(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> StoreResult<bool> {
    let n = diesel::update(
        recovery_codes::table
            .find(id)
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(Some(now)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Starts the second step of a sign-in for `user`; returns the token for the browser's cookie.
pub fn create_challenge(
    conn: &mut DbConn,
    user: UserId,
    now: NaiveDateTime,
) -> StoreResult<String> {
    let token = random_token();
    diesel::insert_into(mfa_challenges::table)
        .values((
            mfa_challenges::token_hash.eq(hash_token(&token)),
            mfa_challenges::user_id.eq(user.0),
            mfa_challenges::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(token)
}

/// The account a pending sign-in belongs to, while it is fresh.
pub fn find_challenge(
    conn: &mut DbConn,
    token: &str,
    now: NaiveDateTime,
) -> StoreResult<Option<UserId>> {
    Ok(mfa_challenges::table
        .filter(mfa_challenges::token_hash.eq(hash_token(token)))
        .filter(mfa_challenges::created_at.gt(now - Duration::minutes(CHALLENGE_MINUTES)))
        .select(mfa_challenges::user_id)
        .first::<i64>(conn)
        .optional()?
        .map(UserId))
}

/// Ends every pending sign-in of `user` (after it completed, or when the password changed), and
/// any stale ones of anybody.
pub fn clear_challenges(conn: &mut DbConn, user: UserId, now: NaiveDateTime) -> StoreResult<()> {
    diesel::delete(
        mfa_challenges::table.filter(
            mfa_challenges::user_id
                .eq(user.0)
                .or(mfa_challenges::created_at.le(now - Duration::minutes(CHALLENGE_MINUTES))),
        ),
    )
    .execute(conn)?;
    Ok(())
}
