//! Signed-in sessions. The cookie holds a random token; only its SHA-256 is stored, so a copy of
//! the database does not let anyone sign in.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{auth_sessions, users};
use super::users::{User, UserId, UserRow};
use super::{DbConn, StoreResult};

/// A live session with its user.
#[derive(Debug, Clone)]
pub struct ActiveSession {
    pub id: i64,
    pub user: User,
    pub csrf_token: String,
    pub flash: Option<String>,
}

/// How long a session lives.
#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    pub idle: Duration,
    pub absolute: Duration,
}

/// A fresh random secret, URL-safe base64 of 32 bytes.
pub fn random_token() -> String {
    use base64::Engine;
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a session token.
pub fn hash_token(token: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(token.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

/// The longest user agent kept with a session (enough to summarise the browser).
const USER_AGENT_MAX: usize = 400;

/// Starts a session for `user` in the browser that sent `user_agent`; returns the cookie token.
pub fn create(
    conn: &mut DbConn,
    user: UserId,
    now: NaiveDateTime,
    user_agent: &str,
) -> StoreResult<String> {
    let token = random_token();
    let user_agent: String = user_agent.chars().take(USER_AGENT_MAX).collect();
    diesel::insert_into(auth_sessions::table)
        .values((
            auth_sessions::token_hash.eq(hash_token(&token)),
            auth_sessions::user_id.eq(user.0),
            auth_sessions::csrf_token.eq(random_token()),
            auth_sessions::created_at.eq(now),
            auth_sessions::last_seen_at.eq(now),
            auth_sessions::user_agent.eq(user_agent),
        ))
        .execute(conn)?;
    Ok(token)
}

/// One of an account's sessions, as the devices page lists it.
#[derive(Debug, Clone, Queryable)]
pub struct DeviceSession {
    pub id: i64,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub user_agent: String,
}

/// The live sessions of `user`, most recently used first.
pub fn list_for_user(
    conn: &mut DbConn,
    user: UserId,
    now: NaiveDateTime,
    lifetimes: Lifetimes,
) -> StoreResult<Vec<DeviceSession>> {
    Ok(auth_sessions::table
        .filter(auth_sessions::user_id.eq(user.0))
        .filter(auth_sessions::created_at.ge(now - lifetimes.absolute))
        .filter(auth_sessions::last_seen_at.ge(now - lifetimes.idle))
        .order((auth_sessions::last_seen_at.desc(), auth_sessions::id.desc()))
        .select((
            auth_sessions::id,
            auth_sessions::created_at,
            auth_sessions::last_seen_at,
            auth_sessions::user_agent,
        ))
        .load(conn)?)
}

/// Ends one of `user`'s sessions; `false` when `user` has no session with that id.
pub fn revoke_for_user(conn: &mut DbConn, user: UserId, session_id: i64) -> StoreResult<bool> {
    let n = diesel::delete(
        auth_sessions::table
            .filter(auth_sessions::id.eq(session_id))
            .filter(auth_sessions::user_id.eq(user.0)),
    )
    .execute(conn)?;
    Ok(n > 0)
}

/// Ends every session of `user`; returns how many ended.
pub fn revoke_all(conn: &mut DbConn, user: UserId) -> StoreResult<usize> {
    Ok(
        diesel::delete(auth_sessions::table.filter(auth_sessions::user_id.eq(user.0)))
            .execute(conn)?,
    )
}

/// Ends every session of `user` except `keep`; returns how many ended.
pub fn revoke_others(conn: &mut DbConn, user: UserId, keep: i64) -> StoreResult<usize> {
    Ok(diesel::delete(
        auth_sessions::table
            .filter(auth_sessions::user_id.eq(user.0))
            .filter(auth_sessions::id.ne(keep)),
    )
    .execute(conn)?)
}

/// What a cookie token leads to.
#[derive(Debug, Clone)]
pub enum Lookup {
    /// A live session; `touch` when its idle clock is due for a refresh.
    Active {
        session: ActiveSession,
        touch: bool,
    },
    /// A session past its idle or absolute lifetime, to be removed.
    Expired(i64),
    Unknown,
}

/// Looks a cookie token up without writing anything (the caller applies [`settle`] when the
/// lookup asks for a change, inside a write transaction).
pub fn find_active(
    conn: &mut DbConn,
    token: &str,
    now: NaiveDateTime,
    lifetimes: Lifetimes,
) -> StoreResult<Lookup> {
    let token_hash = hash_token(token);
    let found = on_backend!(conn, |c| {
        auth_sessions::table
            .inner_join(users::table)
            .filter(auth_sessions::token_hash.eq(&token_hash))
            .select((
                auth_sessions::id,
                auth_sessions::csrf_token,
                auth_sessions::flash,
                auth_sessions::created_at,
                auth_sessions::last_seen_at,
                UserRow::as_select(),
            ))
            // `token_hash` is unique: the one row, no LIMIT needed.
            .get_result::<(
                i64,
                String,
                Option<String>,
                NaiveDateTime,
                NaiveDateTime,
                UserRow,
            )>(c)
    })
    .optional()?;
    let Some((id, csrf_token, flash, created_at, last_seen_at, user)) = found else {
        return Ok(Lookup::Unknown);
    };
    if now - created_at > lifetimes.absolute || now - last_seen_at > lifetimes.idle {
        return Ok(Lookup::Expired(id));
    }
    Ok(Lookup::Active {
        session: ActiveSession {
            id,
            user: User::from(user),
            csrf_token,
            flash,
        },
        // The idle clock moves at most once a minute, so reading a page rarely writes.
        touch: now - last_seen_at > Duration::minutes(1),
    })
}

/// Applies what a lookup asked for: removes an expired session, or refreshes the idle clock and
/// consumes the one-time message of a live one.
pub fn settle(conn: &mut DbConn, lookup: &Lookup, now: NaiveDateTime) -> StoreResult<()> {
    match lookup {
        Lookup::Expired(id) => {
            diesel::delete(auth_sessions::table.find(id)).execute(conn)?;
        }
        Lookup::Active { session, touch } => {
            if *touch {
                diesel::update(auth_sessions::table.find(session.id))
                    .set(auth_sessions::last_seen_at.eq(now))
                    .execute(conn)?;
            }
            if session.flash.is_some() {
                clear_flash(conn, session.id)?;
            }
        }
        Lookup::Unknown => {}
    }
    Ok(())
}

impl Lookup {
    /// Whether [`settle`] has anything to write.
    pub fn needs_settling(&self) -> bool {
        match self {
            Lookup::Expired(_) => true,
            Lookup::Active { session, touch } => *touch || session.flash.is_some(),
            Lookup::Unknown => false,
        }
    }

    pub fn into_session(self) -> Option<ActiveSession> {
        match self {
            Lookup::Active { session, .. } => Some(session),
            _ => None,
        }
    }
}

pub fn revoke(conn: &mut DbConn, session_id: i64) -> StoreResult<()> {
    diesel::delete(auth_sessions::table.find(session_id)).execute(conn)?;
    Ok(())
}

/// Leaves a one-time message for the next page this session shows.
pub fn set_flash(conn: &mut DbConn, session_id: i64, message: &str) -> StoreResult<()> {
    diesel::update(auth_sessions::table.find(session_id))
        .set(auth_sessions::flash.eq(Some(message)))
        .execute(conn)?;
    Ok(())
}

pub fn clear_flash(conn: &mut DbConn, session_id: i64) -> StoreResult<()> {
    diesel::update(auth_sessions::table.find(session_id))
        .set(auth_sessions::flash.eq(None::<String>))
        .execute(conn)?;
    Ok(())
}
