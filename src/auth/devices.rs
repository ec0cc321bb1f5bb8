//! Browsers an account has signed in from. Each browser keeps a long-lived random cookie (only
//! its hash is stored); a browser that signed in to an account before is not held back by a
//! flood of failures from its address, and a sign-in from any other browser is a new device.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::store::auth_sessions::hash_token;
use crate::store::schema::{known_devices, users};
use crate::store::users::UserId;
use crate::store::{DbConn, StoreResult};

/// Whether the browser holding `token` has signed in to the account with this (normalised) email.
pub fn is_known(conn: &mut DbConn, token: Option<&str>, email: &str) -> StoreResult<bool> {
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Ok(false);
    };
    let n: i64 = known_devices::table
        .inner_join(users::table.on(users::id.eq(known_devices::user_id)))
        .filter(known_devices::device_hash.eq(hash_token(token)))
        .filter(users::email.eq(email))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Records a sign-in to `user` from the browser holding `token`; `true` when this browser had
/// never signed in to the account before.
pub fn remember(
    conn: &mut DbConn,
    token: &str,
    user: UserId,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let hash = hash_token(token);
    let seen = diesel::update(
        known_devices::table
            .filter(known_devices::device_hash.eq(&hash))
            .filter(known_devices::user_id.eq(user.0)),
    )
    .set(known_devices::last_seen_at.eq(now))
    .execute(conn)?;
    if seen > 0 {
        return Ok(false);
    }
    diesel::insert_into(known_devices::table)
        .values((
            known_devices::device_hash.eq(hash),
            known_devices::user_id.eq(user.0),
            known_devices::created_at.eq(now),
            known_devices::last_seen_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}
