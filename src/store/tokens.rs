//! Single-use secrets sent by e-mail: address verification (24 hours) and password reset
//! (1 hour). Only a SHA-256 of each token is stored.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::auth_sessions::{hash_token, random_token};
use super::schema::account_tokens;
use super::users::UserId;
use super::{DbConn, StoreResult};

/// What a token is for, and how long it lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    PasswordReset,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::PasswordReset => "password_reset",
        }
    }

    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::VerifyEmail => Duration::hours(24),
            Purpose::PasswordReset => Duration::hours(1),
        }
    }
}

/// Makes a token for `user` at `email`; returns the secret (for the link, never stored).
pub fn issue(
    conn: &mut DbConn,
    user: UserId,
    email: &str,
    purpose: Purpose,
    now: NaiveDateTime,
) -> StoreResult<String> {
    let token = random_token();
    diesel::insert_into(account_tokens::table)
        .values((
            account_tokens::user_id.eq(user.0),
            account_tokens::purpose.eq(purpose.as_str()),
            account_tokens::token_hash.eq(hash_token(&token)),
            account_tokens::email.eq(email),
            account_tokens::created_at.eq(now),
            account_tokens::expires_at.eq(now + purpose.lifetime()),
        ))
        .execute(conn)?;
    Ok(token)
}

/// A live token's account and address, without using it up (to show the reset form).
pub fn peek(
    conn: &mut DbConn,
    token: &str,
    purpose: Purpose,
    now: NaiveDateTime,
) -> StoreResult<Option<(UserId, String)>> {
    let row = account_tokens::table
        .filter(account_tokens::token_hash.eq(hash_token(token)))
        .filter(account_tokens::purpose.eq(purpose.as_str()))
        .filter(account_tokens::used_at.is_null())
        .filter(account_tokens::expires_at.gt(now))
        .select((account_tokens::user_id, account_tokens::email))
        .first::<(i64, String)>(conn)
        .optional()?;
    Ok(row.map(|(u, e)| (UserId(u), e)))
}

/// Uses a live token up; `None` when it is unknown, used, expired or for another purpose. Call
/// inside a write transaction: the update only succeeds once, however many requests race.
pub fn consume(
    conn: &mut DbConn,
    token: &str,
    purpose: Purpose,
    now: NaiveDateTime,
) -> StoreResult<Option<(UserId, String)>> {
    let Some((user, email)) = peek(conn, token, purpose, now)? else {
        return Ok(None);
    };
    let used = diesel::update(
        account_tokens::table
            .filter(account_tokens::token_hash.eq(hash_token(token)))
            .filter(account_tokens::used_at.is_null()),
    )
    .set(account_tokens::used_at.eq(now))
    .execute(conn)?;
    Ok((used == 1).then_some((user, email)))
}

/// Ends every other live token of this purpose for the account (after a reset, older links die).
pub fn revoke_all(
    conn: &mut DbConn,
    user: UserId,
    purpose: Purpose,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(
        account_tokens::table
            .filter(account_tokens::user_id.eq(user.0))
            .filter(account_tokens::purpose.eq(purpose.as_str()))
            .filter(account_tokens::used_at.is_null()),
    )
    .set(account_tokens::used_at.eq(now))
    .execute(conn)?;
    Ok(())
}

/// Forgets tokens that expired more than a day ago.
pub fn prune(conn: &mut DbConn, now: NaiveDateTime) -> StoreResult<usize> {
    Ok(diesel::delete(
        account_tokens::table.filter(account_tokens::expires_at.lt(now - Duration::days(1))),
    )
    .execute(conn)?)
}
